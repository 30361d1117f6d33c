"""Document symbols of the UN system and beyond: find them in text and normalise them.

A symbol is a head and slash-separated parts, with revision words at the end:

- United Nations: ``A/58/98``, ``E/CN.9/2004/2``, ``A/RES/58/208``,
  ``UNEP/EA.6/1``, ``ECE/CES/GE.10/2024/2``, ``FCCC/CP/2023/L.1``,
  ``A/58/98/Rev.1``;
- WHO: ``EB152/2``, ``A76/10``, ``EB152/36 Rev.1``, ``EB152/INF./1`` (the
  session number is glued to the organ);
- FAO: ``PC 93/7``, ``CL 128/3``, ``C 2005/INF/1``, ``PC 93/7 Sup.1`` (a
  space between the body and its session);
- UNESCO: ``LHE/19/14.COM/8``, ``LHE/19/14.COM/8.a``;
- ILO: ``GB.347/INS/1``, ``GB.347/INS/5(Rev.1)``.

People type them in any case and spacing (``a / 58 / 98``, ``pc93/7``,
``gb 347/ins/1``, ``eb152/36 rev 1``); we compare them in one canonical
spelling, which is also how the store keeps them: upper case; the head as its
family writes it (``PC 93``, ``EB152``, ``GB.347``); the revision words at the
end after a slash, written the UN way (``/Rev.1``, ``/Corr.1``, ``/Add.1``,
``/Amend.1``, ``/Sup.1``; ``/Rev`` when no number is given); a part's trailing
dot dropped (``INF./1`` is ``INF/1``).

Finding symbols in prose is a guess, so the rules lean towards missing an odd
symbol rather than inventing one from ordinary text:

- the head starts with letters (the organ: A, E, S, ST, UNEP, EB, PC, GB,
  ...), so dates (15/10/2003), fractions (1/2) and 24/7 never start a symbol;
- a head of letters only needs at least three parts, so "and/or", "km/h",
  "w/o", "PS/2" and "TCP/IP" are not symbols; a head carrying its session
  number (``EB152``, ``PC 93``, ``GB.347``) needs two, and that number must
  have two digits or more ("MP3/4" is not one); a head written apart from its
  number must name a known organ ("IV 24/7" is not one);
- some part contains a digit;
- a symbol typed with lower-case letters ("where is a/58/98?") must start
  with a known organ and carry a number of two or more digits (the session
  or the year), because lower case is how ordinary words and paths
  ("docs/reports/2004", "s/he/2") are written;
- anything inside a URL or an e-mail address is left alone, and a symbol
  cannot start right after a letter, digit, slash or dot (a path or a domain).
"""

from __future__ import annotations

import re
import unicodedata

# How the UN spells the words that mark a revision, corrigendum, addendum,
# amendment or supplement, whatever case and spacing they were typed in.
_SUFFIX_WORDS = {"rev": "Rev", "corr": "Corr", "add": "Add", "amend": "Amend", "sup": "Sup", "suppl": "Sup"}
_SUFFIX_WORD = r"(?:rev|corr|add|amend|suppl|sup)"
_SUFFIX_PART = re.compile(rf"\(?({_SUFFIX_WORD})\.?\s?([0-9]+)?\)?", re.IGNORECASE)
# The parts whose base document is the symbol without them. An addendum
# (Add.1) or a supplement (Sup.1) is a further part of a document, not a new
# version of it, so it keeps its own identity; its own corrigenda link to it.
_AMENDMENT = re.compile(r"/(?:Rev|Corr|Amend)(?:\.[0-9]+)?$")

# Punctuation that surrounds a symbol in prose: "(A/58/98).", "“A/58/98”".
_SURROUNDING = ".,;:()[]{}<>\"'?!*“”‘’«»"

# Bodies that write a space between their name and the session (FAO), and
# those that write a dot (ILO); the others glue them (WHO "EB152", "A76").
_SPACED_HEADS = frozenset("C CL PC FC CCLM COFI COAG COFO CCP CFS JM ERC APRC ARC LARC NERC".split())
_DOTTED_HEADS = frozenset("GB ILC".split())

# The first parts we accept when a symbol is typed in lower case. Upper-case
# symbols may start with any organ code; this list only has to cover what
# people type casually into a chat.
KNOWN_ORGANS = frozenset(
    """
    a e s t st dp td unep cedaw crc ccpr cat cerd cmw crpd ced ece eca lc escap
    escwa fccc iccd unw isba splos ctoc idb pbc itlos unhcr unicef unctad unido
    wfp ohchr ap hsp eb wha ebpbac c pc cl fc cclm cofi coag cofo ccp cfs jm gb ilc
    lhe clt cle shs ci ed ex
    """.split()
)

# A head: the organ, and the session number when the family writes it there.
_HEAD = r"[A-Za-z]{1,8}(?:(?:\.|[ ]?)[0-9]{1,4}(?:\.[0-9]+)?)?"
# One part after a slash: a suffix word (tolerating "Rev. 1" and "Rev 1"), or
# letters and digits joined by dots ("CN.9", "SER.A", "L.12", "14.COM", "INF.").
_SUFFIX_AFTER_SLASH = rf"\(?{_SUFFIX_WORD}\.?[ ]?[0-9]*\)?(?![A-Za-z0-9])"
_PART = rf"(?:{_SUFFIX_AFTER_SLASH}|[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*\.?(?![A-Za-z0-9]))"
_SLASH = r"[ \t]{0,2}/[ \t]{0,2}"
# Revision words after a space or in brackets ("EB152/36 Rev.1", "GB.347/INS/5(Rev.1)").
_TRAILING = rf"(?:[ \t]?\(?{_SUFFIX_WORD}\.?[ ]?[0-9]*\)?(?![A-Za-z0-9]))"
_SYMBOL = re.compile(
    rf"(?<![\w/.])({_HEAD}(?:{_SLASH}{_PART})+{_TRAILING}*)(?![\w/])",
    re.IGNORECASE,
)
_HEAD_PARTS = re.compile(r"([A-Za-z]{1,8})[ .]?([0-9].*)?$")
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.\-]*://|\bwww\.)\S+|(?<!\S)[^\s@]*@\S+", re.IGNORECASE)
_TWO_DIGITS = re.compile(r"[0-9]{2,}")
_TRAILING_WORDS = re.compile(rf"[ \t]*\(?({_SUFFIX_WORD})\.?[ ]?([0-9]*)\)?$", re.IGNORECASE)


def _canonical_suffix(word: str, number: str | None) -> str:
    name = _SUFFIX_WORDS[word.lower()]
    return f"{name}.{number}" if number else name


def _canonical_head(head: str) -> str:
    compact = "".join(head.split())
    m = _HEAD_PARTS.match(compact)
    if m is None or not m.group(2):
        return unicodedata.normalize("NFKC", compact.upper())
    organ, number = m.group(1).upper(), m.group(2).upper()
    if organ in _SPACED_HEADS:
        return f"{organ} {number}"
    if organ in _DOTTED_HEADS:
        return f"{organ}.{number}"
    return organ + number


def _canonical_part(part: str) -> str:
    suffix = _SUFFIX_PART.fullmatch(part)
    if suffix:
        return _canonical_suffix(suffix.group(1), suffix.group(2))
    if part.casefold() == "summary":
        return "Summary"
    # NFKC again because upper-casing can produce sequences that NFKC folds,
    # and normalising must be idempotent.
    return unicodedata.normalize("NFKC", part.upper()).rstrip(".")


def normalize_symbol(text: str) -> str:
    """``' a / 58 / 98 / rev. 1 '`` -> ``'A/58/98/Rev.1'``, ``'pc93/7 sup 1'`` -> ``'PC 93/7/Sup.1'``; idempotent.

    Full-width characters (``Ａ／５８／９８``) are folded to ASCII first, as
    phones with East Asian keyboards type them.
    """
    # A closing bracket may be the symbol's own: "GB.347/INS/5(Rev.1)".
    text = unicodedata.normalize("NFKC", text).strip().strip(_SURROUNDING.replace(")", "")).strip()
    if text.endswith(")") and "(" not in text:
        text = text[:-1]
    # Revision words written after a space or in brackets become parts of their own.
    trailing: list[str] = []
    while True:
        m = _TRAILING_WORDS.search(text)
        if m is None or m.start() == 0 or text[m.start() - 1] == "/" or "/" not in text[: m.start()]:
            break
        trailing.insert(0, _canonical_suffix(m.group(1), m.group(2) or None))
        text = text[: m.start()]
    raw_parts = text.split("/")
    parts: list[str] = []
    for index, raw in enumerate(raw_parts):
        stripped = raw.strip().strip(_SURROUNDING)
        if not stripped:
            continue
        parts.append(_canonical_head(stripped) if index == 0 else _canonical_part("".join(stripped.split())))
    return "/".join(parts + trailing)


def _plausible(raw: str) -> bool:
    """Whether a symbol-shaped match is a document symbol and not a ratio, a date or prose."""
    parts = [p.strip() for p in raw.split("/")]
    head = _HEAD_PARTS.match("".join(parts[0].split()))
    head_number = head.group(2) if head and head.group(2) else ""
    if not _shaped_like_a_symbol(parts, head, head_number):
        return False
    if not _has_lower_case(parts):
        return True
    # Typed in lower case: believed only of an organ we know.
    organ = head.group(1).casefold() if head else parts[0].casefold()
    if organ not in KNOWN_ORGANS:
        return False
    if head_number:
        # "a 50/50" is a ratio; a lower-case head with a spaced number must be a longer organ.
        return len(organ) >= 2 or " " not in parts[0]
    return any(_TWO_DIGITS.search(p) for p in parts[1:])


def _shaped_like_a_symbol(parts: list[str], head: re.Match[str] | None, head_number: str) -> bool:
    """A numbered head ("E/CN.9/2003/2", "A58/98") or at least three parts, with a number."""
    if head_number:
        if not _TWO_DIGITS.match(head_number):
            return False
        # "IV 24/7", "Room 12/3": a head written apart from its number must be an organ we know.
        return not (" " in parts[0].strip() and head is not None and head.group(1).casefold() not in KNOWN_ORGANS)
    return len(parts) >= 3 and any(ch.isdigit() for p in parts[1:] for ch in p)


def _has_lower_case(parts: list[str]) -> bool:
    # The UN writes "Rev.1" and "Summary" in mixed case; they say nothing about
    # whether the rest was typed casually.
    ordinary = [
        _TRAILING_WORDS.sub("", p)
        for p in parts
        if not _SUFFIX_PART.fullmatch(p.replace(" ", "")) and p.casefold() != "summary"
    ]
    return any(ch.islower() for p in ordinary for ch in p)


def symbol_spans(text: str) -> list[tuple[int, int, str]]:
    """Every plausible symbol in ``text`` (NFKC-folded) with where it is: (start, end, canonical)."""
    text = unicodedata.normalize("NFKC", text)
    masked = _URL.sub(lambda m: " " * len(m.group()), text)
    out = []
    for m in _SYMBOL.finditer(masked):
        raw = m.group(1)
        if _plausible(raw):
            out.append((m.start(1), m.end(1), normalize_symbol(raw)))
    return out


def find_symbols(text: str) -> list[str]:
    """Every symbol in ``text``, normalised, in order of appearance, once each."""
    found: list[str] = []
    for _, _, symbol in symbol_spans(text):
        if symbol not in found:
            found.append(symbol)
    return found


def is_symbol(text: str) -> bool:
    """Whether ``text`` as a whole (surrounding punctuation aside) is one symbol."""
    stripped = unicodedata.normalize("NFKC", text).strip().strip(_SURROUNDING).strip()
    match = _SYMBOL.fullmatch(stripped)
    return bool(match) and _plausible(stripped)


def base_symbol(symbol: str) -> str | None:
    """The document a revision, corrigendum or amendment belongs to, if any.

    ``A/58/98/Rev.1`` -> ``A/58/98``; ``A/58/98/Rev.1/Corr.1`` ->
    ``A/58/98/Rev.1`` (it corrects the revision); ``A/58/98`` and
    ``A/58/98/Add.1`` -> ``None``.
    """
    canonical = normalize_symbol(symbol)
    m = _AMENDMENT.search(canonical)
    return canonical[: m.start()] if m else None
