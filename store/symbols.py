"""United Nations document symbols: find them in text and normalise them.

A symbol is a series of slash-separated parts: ``A/58/98``, ``E/CN.9/2004/2``,
``A/RES/58/208``, ``ST/ESA/SER.A/213``, ``A/58/98/Rev.1``. People type them in
any case and with stray spaces (``a / 58 / 98``); we compare them in one
canonical spelling: upper case, no spaces, and the suffix words written the
way the UN writes them (``Rev.1``, ``Corr.1``, ``Add.1``, ``Amend.1``).

Finding symbols in prose is a guess, so the rules lean towards missing an odd
symbol rather than inventing one from ordinary text:

- the first part is letters only (the organ: A, E, S, ST, UNEP, ...), so
  dates (15/10/2003), fractions (1/2) and 24/7 never start a symbol;
- there are at least three parts, so "and/or", "km/h", "w/o", "PS/2" and
  "TCP/IP" are not symbols (two-part symbols such as the 1940s' A/810 are
  rare enough today not to be worth those false positives);
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

# How the UN spells the words that mark a revision, corrigendum, addendum or
# amendment, whatever case and spacing they were typed in ("rev 1", "REV.1").
_SUFFIX_WORDS = {"rev": "Rev", "corr": "Corr", "add": "Add", "amend": "Amend"}
_SUFFIX_PART = re.compile(r"(rev|corr|add|amend)\.?([0-9]+)", re.IGNORECASE)
# The parts whose base document is the symbol without them. An addendum
# (Add.1) is a further part of a document, not a new version of it, so it
# keeps its own identity; its own corrigenda link to it.
_AMENDMENT = re.compile(r"/(?:Rev|Corr|Amend)\.[0-9]+$")

# Punctuation that surrounds a symbol in prose: "(A/58/98).", "“A/58/98”".
_SURROUNDING = ".,;:()[]{}<>\"'?!*“”‘’«»"

# The first parts we accept when a symbol is typed in lower case. Upper-case
# symbols may start with any organ code; this list only has to cover what
# people type casually into a chat.
KNOWN_ORGANS = frozenset(
    """
    a e s t st dp td unep cedaw crc ccpr cat cerd cmw crpd ced ece eca lc escap
    escwa fccc iccd unw isba splos ctoc idb pbc itlos unhcr unicef unctad unido
    wfp ohchr ap hsp
    """.split()
)

# One part after a slash: a suffix word (tolerating "Rev. 1" and "Rev 1"), or
# letters and digits joined by dots ("CN.9", "SER.A", "L.12", "2004").
_PART = r"(?:(?:rev|corr|add|amend)\.?[ ]?[0-9]+(?![A-Za-z0-9])|[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)"
_SLASH = r"[ \t]{0,2}/[ \t]{0,2}"
_SYMBOL = re.compile(
    rf"(?<![\w/.])([A-Za-z]{{1,8}}(?:{_SLASH}{_PART}){{2,}})(?!\w)",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.\-]*://|\bwww\.)\S+|(?<!\S)[^\s@]*@\S+", re.IGNORECASE)
_TWO_DIGITS = re.compile(r"[0-9]{2,}")


def _canonical_part(part: str) -> str:
    suffix = _SUFFIX_PART.fullmatch(part)
    if suffix:
        return f"{_SUFFIX_WORDS[suffix.group(1).lower()]}.{suffix.group(2)}"
    if part.casefold() == "summary":
        return "Summary"
    # NFKC again because upper-casing can produce sequences that NFKC folds,
    # and normalising must be idempotent.
    return unicodedata.normalize("NFKC", part.upper())


def normalize_symbol(text: str) -> str:
    """``' a / 58 / 98 / rev. 1 '`` -> ``'A/58/98/Rev.1'``; idempotent.

    Full-width characters (``Ａ／５８／９８``) are folded to ASCII first, as
    phones with East Asian keyboards type them.
    """
    parts = []
    for raw in unicodedata.normalize("NFKC", text).split("/"):
        part = "".join(raw.split()).strip(_SURROUNDING)
        if part:
            parts.append(_canonical_part(part))
    return "/".join(parts)


def _plausible(raw: str) -> bool:
    parts = [p.strip() for p in raw.split("/")]
    if not any(ch.isdigit() for p in parts[1:] for ch in p):
        return False
    # The UN writes "Rev.1" and "Summary" in mixed case; they say nothing about
    # whether the rest was typed casually.
    ordinary = [
        p
        for p in parts
        if not _SUFFIX_PART.fullmatch(p.replace(" ", "")) and p.casefold() != "summary"
    ]
    if not any(ch.islower() for p in ordinary for ch in p):
        return True
    return parts[0].casefold() in KNOWN_ORGANS and any(_TWO_DIGITS.search(p) for p in parts[1:])


def _candidates(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = _URL.sub(lambda m: " " * len(m.group()), text)
    return [m.group(1) for m in _SYMBOL.finditer(text)]


def find_symbols(text: str) -> list[str]:
    """Every symbol in ``text``, normalised, in order of appearance, once each."""
    found: list[str] = []
    for raw in _candidates(text):
        if not _plausible(raw):
            continue
        symbol = normalize_symbol(raw)
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
