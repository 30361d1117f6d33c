"""What a line is in the programme: an item number, a bullet, a session title,
a section heading; and what an item is about (its kind, a continuation)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.numerals import roman_to_int
from store.values import ItemKind

_FLAGS = re.ASCII | re.IGNORECASE
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

# --- item numbers ---------------------------------------------------------

_ROMAN = re.compile(r"(?=[ivxl])(l?x{0,3}|xl)(ix|iv|v?i{0,3})", _FLAGS)
_PAREN_MARK = re.compile(r"\(\s?([0-9]{1,3}|[a-z]{1,7})\s?\)\s*", _FLAGS)
_PLAIN_MARK = re.compile(r"([0-9]{1,3}|[a-z]{1,7})(?:[.)]|\s?:|\s-)\s+", _FLAGS)
# "II & III. The world food situation": two items taken together.
_COMBINED_MARK = re.compile(
    r"((?:[0-9]{1,3}|[ivxl]{1,7})(?:\s*(?:&|and|\+)\s*(?:[0-9]{1,3}|[ivxl]{1,7}))+)[.):]?\s+",
    _FLAGS,
)
# An item number that is a table cell of its own: "I.", "12", "(b)", "II & III.".
NUMBER_CELL = re.compile(
    r"\(?(?:[0-9]{1,3}(?:\.[0-9]{1,2})*|[ivxl]{1,7}|[a-z])(?:\s*(?:&|and|\+)\s*(?:[0-9]{1,3}|[ivxl]{1,7}))*[.):]?",
    _FLAGS,
)
_ITEM_WORD = re.compile(r"(?:agenda\s+)?item\s+", _FLAGS)
# A sub-item's outline number: "16.1", "4.2.3". Two digits after the last dot
# could be a clock's minutes ("10.30 Coffee"): those are left to the time reader.
_DOTTED_MARK = re.compile(r"([0-9]{1,3}(?:\.[0-9]{1,2}){0,1}\.[0-9])\.?\s+", _FLAGS)
BARE_MARK = re.compile(
    r"\(?[0-9]{1,3}[.)]|[0-9]{1,3}(?:\.[0-9]{1,2})?\.[0-9]\.?|\([a-z]\)|[a-z][.)]",
    _FLAGS,
)


def roman_value(text: str) -> int | None:
    # Only I, V, X and L: item numbers stop well before C, and "(c)" or "d." is a lettered item.
    if not text or not _ROMAN.fullmatch(text):
        return None
    return roman_to_int(text)


@dataclass(frozen=True)
class Numbered:
    """A numbered line: the number as written, its candidate styles and the rest."""

    number: str
    title: str


def parse_numbered(text: str) -> Numbered | None:
    """ "IX. Rapporteur's report", "4) Opening", "(a) Africa", "Item 3: Panel".

    "Item 7" or "Agenda item 3:" alone is an item whose title is on the next
    line: its title is "".
    """
    body = text
    m = _ITEM_WORD.match(body)
    if m:
        body = body[m.end() :]
        m = re.match(r"([0-9]{1,3}|[ivxl]{1,7}|[a-z])\b[.):]?\s*", body, _FLAGS)
        if m and not body[m.end() :].strip(" .:-\u2013\u2014"):
            return Numbered(m.group(1), "")
        if m:
            title = body[m.end() :].lstrip(" -\u2013\u2014").strip()
            if re.match(r"of\s+the\b", title):
                return None  # "Item 2 of the provisional agenda": a reference, not an item
            return Numbered(m.group(1), title) if any(ch.isalpha() for ch in title) else None
    else:
        m = _COMBINED_MARK.match(body)
        if m and all(
            part.isdigit() or roman_value(part)
            for part in re.split(r"\s*(?:&|and|\+)\s*", m.group(1))
        ):
            title = body[m.end() :].strip()
            return Numbered(m.group(1), title) if any(ch.isalpha() for ch in title) else None
        m = _DOTTED_MARK.match(body)
        if m:
            title = body[m.end() :].strip()
            return Numbered(m.group(1), title) if any(ch.isalpha() for ch in title) else None
        m = _PAREN_MARK.match(body) or _PLAIN_MARK.match(body)
    if not m:
        return None
    number = m.group(1)
    if not (number.isdigit() or len(number) == 1 or roman_value(number)):
        return None
    title = body[m.end() :].strip()
    if not any(ch.isalpha() for ch in title):
        return None
    return Numbered(number, title)


# --- bullets and headings -------------------------------------------------

_BULLET = re.compile(
    r"[\u2022\u00b7\u25aa\u25ab\u25e6\u2023\u25cb\u25cf\u25a0\u25a1\u27a2\u27a4\u25ba\u2043*>"
    + _DASHES
    + r"-]+\s*"
)


def parse_bullet(text: str) -> str | None:
    """The text of a bulleted line ("• Report ...", "- Report ..."), else None."""
    m = _BULLET.match(text)
    if not m:
        return None
    rest = text[m.end() :]
    if not rest or not any(ch.isalpha() for ch in rest):
        return None
    if m.group(0).strip() in ("-", *_DASHES) and m.end() == 1:
        return None  # "-5 degrees": a hyphen needs a space after it to be a bullet
    return rest


_SESSION_ADJECTIVES = {
    "morning", "afternoon", "evening", "night", "midday", "lunchtime", "opening",
    "closing", "plenary", "final", "first", "second", "third", "fourth", "fifth",
    "sixth", "parallel", "special", "high-level", "working", "technical",
    "concluding", "introductory", "joint", "thematic", "breakout", "interactive",
    "general", "inaugural", "open", "closed", "private", "public",
}  # fmt: skip
_SESSION_NOUNS = {"session", "sessions", "sitting", "segment", "plenary"}
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?|[0-9]+|\S", _FLAGS)


def is_session_title(text: str) -> bool:
    """ "Morning session", "Afternoon Session - Chair: ...", "Session 2: Data", "Evening"."""
    if len(text.split()) > 16:
        return False  # a sentence that starts "Opening session ...", not a heading
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return False
    if words[0] in ("morning", "afternoon", "evening") and (len(words) == 1 or words[1] in ":-("):
        return True
    if words[0] == "session" and len(words) > 1:
        nxt = words[1]
        return nxt.isdigit() or roman_value(nxt) is not None or (len(nxt) == 1 and nxt.isalpha())
    for index, word in enumerate(words):
        if word in _SESSION_NOUNS and index > 0:
            return True
        if word not in _SESSION_ADJECTIVES:
            return False
    return False


_OVERVIEW_HEADING = re.compile(
    r"(?:overview|background|introduction|summary|about(?: the meeting)?|description"
    r"|objectives?|purpose|context)\s*:?",
    _FLAGS,
)
_AGENDA_HEADING = re.compile(
    r"(?:organi[sz]ation of (?:the )?work|(?:provisional |annotated |draft |tentative )?"
    r"(?:programme|program|agenda)(?: of work)?|schedule|timetable"
    r"|(?:agenda )?items? of the agenda|agenda items?)(?: of the (?:meeting|workshop))?\s*:?",
    _FLAGS,
)
_DOCUMENT_WORDS = {
    "documents", "document", "documentation", "papers", "resolutions",
    "publications", "presentations", "materials", "reports", "readings",
}  # fmt: skip


def is_overview_heading(text: str) -> bool:
    return bool(_OVERVIEW_HEADING.fullmatch(text))


def is_agenda_heading(text: str) -> bool:
    return bool(_AGENDA_HEADING.fullmatch(text))


def document_heading(text: str) -> str | None:
    """ "Contributed papers", "General Assembly Resolutions", "Documents:" -> the category."""
    heading = text.rstrip(" :")
    words = heading.split()
    if not 1 <= len(words) <= 6 or heading.endswith("."):
        return None
    if words[-1].lower() not in _DOCUMENT_WORDS or any(ch.isdigit() for ch in heading):
        return None
    return heading[:64]


# --- kinds ----------------------------------------------------------------

_KIND_WORDS = re.compile(
    r"\b(?:(rapporteur)"
    r"|(opening|welcom[a-z]*|inaugura[a-z]*)"
    r"|(closing|close of|closure|adjourn[a-z]*)"
    r"|(keynote)"
    r"|(conclu[a-z]*|recommendations?|follow-up|outcomes?|wrap-up|adoption of the report)"
    r"|(panel)"
    r"|(presentations?|presented|briefings?)"
    r"|(review[a-z]*|overview|stock-?taking)"
    r"|(coffee break|tea break|lunch[a-z]*|break)"
    r"|(discussions?|debates?|dialogue|exchange|round ?table|consultations?))\b",
    _FLAGS,
)
_KIND_ORDER = (
    ItemKind.RAPPORTEUR_REPORT,
    ItemKind.OPENING,
    ItemKind.CLOSING,
    ItemKind.KEYNOTE,
    ItemKind.CONCLUSIONS,
    ItemKind.PANEL,
    ItemKind.PRESENTATION,
    ItemKind.REVIEW,
    ItemKind.BREAK,
    ItemKind.DISCUSSION,
)


def infer_kind(title: str) -> ItemKind:
    """The kind named first in a title: "Panel discussion on ..." is a panel.

    A rapporteur's report is one wherever the word stands, because reminders
    for it are the reason many participants subscribe.
    """
    if re.search(r"\brapporteur", title, _FLAGS):
        return ItemKind.RAPPORTEUR_REPORT
    m = _KIND_WORDS.search(title)
    if not m:
        return ItemKind.OTHER
    for index, group in enumerate(m.groups()):
        if group:
            return _KIND_ORDER[index]
    return ItemKind.OTHER


_CONTINUATION = re.compile(r"\bcontinu(?:ation|ed)\b|\bcont'd\b|\(cont\.?\)", _FLAGS)
_CONTINUED_NUMBER = re.compile(r"\bitem\s+([0-9]{1,3}|[ivxl]{1,7}|[a-z])\b", _FLAGS)


def continuation_of(title: str) -> str | None:
    """For "Continuation of Agenda Item VIII" the number "VIII"; "" when the
    title says it continues but not what; None when it is not a continuation."""
    if not _CONTINUATION.search(title):
        return None
    m = _CONTINUED_NUMBER.search(title)
    return m.group(1) if m else ""


_INLINE_SUB_ITEM = re.compile(r"(?:^|[\s:;,])\(?([a-h])\)(?=\s)", re.ASCII)


def split_inline_sub_items(title: str) -> tuple[str, list[str]]:
    """ "Auto-evaluation: a) Early experience (doc. 4 a) b) Summaries" -> the
    title and ["a) Early experience (doc. 4 a)", "b) Summaries"]: sub-items run
    into one line. Only a run starting at a) with b) after it counts."""
    marks = [m for m in _INLINE_SUB_ITEM.finditer(title[:2000]) if m.start() > 0]
    first = next((m for m in marks if m.group(1) == "a"), None)
    if first is None:
        return title, []
    # Keep the marks that follow one another a), b), c)...; "(doc. 4 a)" is no mark.
    chain = [first]
    for m in marks[marks.index(first) + 1 :]:
        if ord(m.group(1)) == ord(chain[-1].group(1)) + 1:
            chain.append(m)
    if len(chain) < 2:
        return title, []
    head = title[: chain[0].start() + 1].rstrip(" :;,")
    points = []
    for index, m in enumerate(chain):
        end = chain[index + 1].start() + 1 if index + 1 < len(chain) else len(title)
        points.append(title[m.start() + (0 if m.start() == 0 else 1) : end].strip(" ;,"))
    return head, points


_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|will|shall|should|must|may|can|has|have|meets|takes|opens|closes"
    r"|follows|invites|requests|decided|decides|held)\b",
    _FLAGS,
)


def is_prose(text: str) -> bool:
    """A sentence rather than an item's title: long, with a verb ("The Board meets at ...")."""
    words = text.split()
    if not _FINITE_VERB.search(text):
        return False
    return len(words) >= 8 or (len(words) >= 5 and text.rstrip().endswith("."))


# "Adoption of the Agenda (Item 4)", "Programme Budget matters (Item 7.1)": a WHO
# style agenda writes an item's number in brackets after its title.
_TRAILING_ITEM = re.compile(r"\s*\((?:agenda\s+)?item\s+(\d{1,2}(?:\.\d{1,2}){0,2})\)\s*$", re.I)


def trailing_item_number(title: str) -> tuple[str, str]:
    """The title without its bracketed "(Item N)" and that number, or (title, "")."""
    m = _TRAILING_ITEM.search(title)
    return (title[: m.start()].rstrip(), m.group(1)) if m and m.start() > 0 else (title, "")
