"""A page's lines as a person reads them: cleaned, with table cells and junk told apart.

Copies carry debris (junk bytes, non-breaking spaces, curly quotes, UTF-8 read
as Windows-1252, table separators), so each raw line becomes a ``Line`` of
plain text before anything tries to understand it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from store.importers.text.rooms import parse_room

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u200b": None,  # zero-width space, joiner and friends: invisible, never meant
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,  # soft hyphen
    }
)


# "February 5, 202508:45 - 09:15": a year glued to the clock after it by a copy.
_GLUED_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})([0-2]?[0-9][:.h][0-5][0-9])")


# "5 Breakout Groups[1]": a footnote's number a copy kept, glued to the word it marks.
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_]|[).])\[[0-9]{1,3}\](?!\w)")


def clean(raw: str) -> str:
    """One line as a person reads it: whitespace runs (NBSP included) made one
    space, typographic quotes made plain, invisible characters dropped.

    Quotes are made plain so "Rapporteur's report" is found however it is typed.
    Dashes are kept in the text; the recognisers below treat them as hyphens.
    """
    text = _GLUED_YEAR.sub(r"\1 \2", " ".join(raw.translate(_TRANSLATE).split()))
    return _FOOTNOTE_MARK.sub("", text) if "[" in text else text


def dashes_to_hyphens(text: str) -> str:
    return text.translate({ord(c): "-" for c in _DASHES})


def indent_of(raw: str) -> int:
    """Leading whitespace, NBSPs included, as a count of characters."""
    return len(raw) - len(raw.lstrip())


def looks_like_junk(text: str) -> bool:
    """Bytes left over from a copy (``ąú˛úAV``) rather than words.

    One run of characters with no space that mixes in non-ASCII letters or
    symbols, or any control/unassigned/replacement character, is not a title.
    """
    if not any(ch.isalpha() for ch in text):
        return True
    for ch in text:
        category = unicodedata.category(ch)
        if ch == "\ufffd" or category in ("Cc", "Co", "Cn", "Cs", "Sk"):
            return True
    return " " not in text and any(ord(ch) > 127 for ch in text)


def is_decoration(text: str) -> bool:
    """Rules like ``----`` or ``* * *`` and lone bullets: layout, not content."""
    return bool(text) and not any(ch.isalnum() for ch in text)


# The words of a table's header row: "Time | Session | Speaker".
HEADER_CELL = re.compile(
    r"(?:time|times|hours?|date|day|session|sessions|title|topic|subject|activity|activities|item|items|agenda"
    r"|agenda item|programme|program|event|speakers?|presenters?|moderators?|chair|room|venue"
    r"|location|place|format|description|notes?|documents?|who|what|when|where"
    # French, Spanish and German header words
    r"|heures?|horaires?|\u00e9v\u00e9nements?|intervenants?|lieu|salle|sujet|th\u00e8me"
    r"|horas?|horario|actividad(?:es)?|tema|ponentes?|lugar|sala"
    r"|zeit|uhrzeit|thema|top|programmpunkt|raum|referent(?:en|in)?)",
    re.IGNORECASE,
)


def is_header_line(text: str) -> bool:
    """A table's header row, or one of its cells copied on a line of its own:
    "Time", "TOP / Thema", "Heures | événement"."""
    cells = [c.strip() for c in re.split(r"\s+/\s+|\|", text) if c.strip()]
    return bool(cells) and all(HEADER_CELL.fullmatch(c) for c in cells)
# A table whose cells a copy set off by " / " ("Time / Agenda Item / Moderator").
_SLASH = re.compile(r"\s+/\s+|^/\s+|\s+/$|^/$")
_TIMED_ROW = re.compile(r"[0-9]{1,2}[:.h]?[0-9]{0,2}\s*(?:[-\u2010-\u2015\u2212]|/)")
_SLASH_AFTER_TIME = re.compile(
    r"[0-9]{1,2}[:.h]?[0-9]{2}\s*[-\u2010-\u2015\u2212]\s*[0-9]{1,2}[:.h]?[0-9]{2}\s+/\s"
)
_FLATTENED_CELLS = 10  # more cells than any agenda table has columns
_CELL_SEPARATOR = re.compile(r"\s*(?:\||\t)\s*")


@dataclass(frozen=True)
class Line:
    no: int
    text: str  # cleaned; table cells joined by " | "
    indent: int
    cells: tuple[str, ...] = ()  # the cells of a table row, empty ones kept; () if not a row
    margin: str = ""  # a document symbol set off in a right-hand column, taken out of ``text``

    @property
    def is_row(self) -> bool:
        return len(self.cells) > 1


def split_lines(text: str) -> list[Line]:
    # Split on line ends only: str.splitlines also breaks at form feeds and
    # U+2028, which would put our line numbers out of step with an editor's.
    raw_lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
    if _rows_span_lines(raw_lines):
        raw_lines = _join_rows(raw_lines)
    lines: list[Line] = []
    # Without a header row, timed rows with " / " right after their hours say so too.
    slash_table = sum(1 for raw in raw_lines if _SLASH_AFTER_TIME.match(raw.strip())) >= 3
    for no, raw in enumerate(raw_lines, start=1):
        glued = _unglue_row(raw)
        if glued is not None:
            lines.append(Line(no, " | ".join(glued), indent_of(raw), glued))
            continue
        header = _is_slash_header(raw)
        slash_table = slash_table or header  # its rows below are cells set off by " / " too
        line = _slash_row(no, raw) if header or slash_table and _in_slash_row(raw) else _line(no, raw)
        if len(line.cells) >= _FLATTENED_CELLS:
            # A whole table run onto one line ("| Monday | | 08.30 - 09.15 | Opening |
            # ..."): each cell is read as a line of its own, all on this line's number.
            lines.extend(Line(no, cell, line.indent) for cell in line.cells)
        else:
            lines.append(line)
    return lines


# A table pasted with its cells run together: "TimeAgendaModerator", "08:00 – 08:15Arrival
# and RegistrationKICTANet MAG Team". A word's lower-case end glued to a capital is
# where one cell stopped; the time glued to a letter says the row was pasted so.
_GLUED_TIME = re.compile(
    r"\s*([0-9]{1,2}[:.h][0-9]{2}\s*[-\u2010-\u2015\u2212]\s*[0-9]{1,2}:?[0-9]{2})(?=[^\W\d_])"
)
_CELL_SEAM = re.compile(r"(?<=[a-z]{3})(?=[A-Z])")


def _unglue_row(raw: str) -> tuple[str, ...] | None:
    """The cells of a pasted row whose separators were lost, or None."""
    text = clean(unmangle(raw))
    if "|" in text or "\t" in raw:
        return None
    seams = _CELL_SEAM.split(text)
    if len(seams) > 1 and " " not in text and all(HEADER_CELL.fullmatch(c) for c in seams):
        return tuple(seams)  # "TimeAgendaModerator": the header row
    m = _GLUED_TIME.match(text)
    if m is None:
        return None
    return (m.group(1), *(c.strip() for c in _CELL_SEAM.split(text[m.end() :]) if c.strip()))


def _is_slash_header(raw: str) -> bool:
    cells = [c.strip() for c in raw.split(" / ")]
    return len(cells) > 1 and all(HEADER_CELL.fullmatch(c) for c in cells)


def _in_slash_row(raw: str) -> bool:
    """A row of a " / " table: a time then its cells, or a separator left alone on a
    line where a row's cell ran over several lines ("/", "/ Bureau Chair")."""
    stripped = raw.strip()
    return bool(stripped) and (
        stripped.startswith("/")
        or stripped.endswith(" /")  # the end of a cell that ran over lines
        or bool(_TIMED_ROW.match(stripped)) and " / " in stripped
    ) and "|" not in stripped and "\t" not in stripped


# A cell that only says how long a row lasts ("30 minutes", "1 hour"): its hours say it too.
_DURATION_CELL = re.compile(r"\d{1,3}(?:[.,]\d)?\s*(?:minutes?|mins?\.?|hours?|hrs?\.?)", re.I)


def _no_duration(cell: str) -> str:
    return "" if _DURATION_CELL.fullmatch(cell) else cell


def _slash_row(no: int, raw: str) -> Line:
    cells = tuple(_no_duration(clean(cell)) for cell in _SLASH.split(unmangle(raw).strip()))
    cells = _capital_words_together(cells)
    filled = [c for c in cells if c]
    if not filled:
        return Line(no, "", indent_of(raw))  # a lone "/" between a row's cells
    if len(cells) < 2:
        return Line(no, filled[0], indent_of(raw))
    return Line(no, " | ".join(filled), indent_of(raw), cells)


def _capital_words_together(cells: tuple[str, ...]) -> tuple[str, ...]:
    """ "1030-1100 / COFFEE / TEA BREAK": short cells all in capitals after the
    time are one heading written with a slash, not a title and a person."""
    head, rest = cells[:1], [c for c in cells[1:] if c]
    if len(rest) < 2 or not all(
        c.upper() == c and any(ch.isalpha() for ch in c) and len(c.split()) <= 3 for c in rest
    ):
        return cells
    return (*head, " / ".join(rest))


def _rows_span_lines(raw_lines: list[str]) -> bool:
    """An HTML table copied with its source layout: cells start lines with "|"
    and a row runs over several lines until one ends with "|"."""
    opened = sum(
        1 for r in raw_lines if r.lstrip().startswith("|") and not r.rstrip().endswith("|")
    )
    return opened >= 3


def _join_rows(raw_lines: list[str]) -> list[str]:
    """Each row on its first line; the lines it took up left empty, so line
    numbers stay the page's."""
    joined = list(raw_lines)
    start: int | None = None
    parts: list[str] = []
    for index, raw in enumerate(raw_lines):
        stripped = raw.strip()
        if start is None:
            if not stripped.startswith("|") or (stripped.endswith("|") and len(stripped) > 1):
                continue
            start, parts = index, []
        if stripped:
            parts.append(stripped)
        joined[index] = ""
        if stripped.endswith("|") and len(parts) > 1 or len(parts) > 40:
            joined[start] = " ".join(parts)
            start = None
    if start is not None:
        joined[start] = " ".join(parts)
    return joined


def _line(no: int, raw: str) -> Line:
    raw = unmangle(raw)
    indent = indent_of(raw)
    if "|" not in raw and "\t" not in raw.strip():
        text, margin = _split_margin(_room_column(raw))
        return Line(no, clean(text), indent, margin=margin)
    # A table row copied from a web page or a Word file: pipes or tabs between cells.
    cells = tuple(
        _no_duration(clean(cell)) for cell in _CELL_SEPARATOR.split(raw.strip().strip("|"))
    )
    filled = [c for c in cells if c]
    return Line(no, " | ".join(filled), indent, cells if filled else ())


_GAP_TAIL = re.compile(r"\S\s{3,}((?:\S+ ){0,3}\S+)\s*$")


def _room_column(raw: str) -> str:
    """ "10 a.m.   Plenary (1010th meeting)        Room XXVI": a room in a column of
    its own at the right is the row's room, set off as a comma would set it off."""
    tail = raw.rstrip()
    m = _GAP_TAIL.search(tail, max(0, len(tail) - 60))
    if m is None or parse_room(m.group(1)) is None:
        return raw
    return f"{tail[: m.start() + 1]}, {m.group(1)}"


_MARGIN = re.compile(r"\s{3,}(\S{4,60})\s*$")


def _split_margin(raw: str) -> tuple[str, str]:
    """ "1.   Adoption of the agenda            TRADE/CEFACT/1997/2": a UN document
    lists each item's documents in a right-hand column; the symbol is no part
    of the title."""
    from store.symbols import is_symbol  # here, not at the top: store imports this package

    tail = raw.rstrip()
    m = _MARGIN.search(tail, max(0, len(tail) - 70))  # only the tail: linear on long lines
    if m is None or "/" not in m.group(1) or not is_symbol(m.group(1)):
        return raw, ""
    head = tail[: m.start()]
    if not any(ch.isalpha() for ch in head):
        return raw, ""
    return head, clean(m.group(1))


def unmangle(raw: str) -> str:
    """Undo UTF-8 read as Windows-1252 ("â€“" for "–", "Â " for a NBSP).

    Junk bytes that are not UTF-8 make the whole file fall back to
    Windows-1252 (common.decode), which garbles every dash and NBSP. A line
    whose characters re-encode to valid UTF-8 was garbled so; Latin-1 text
    such as "Genève" does not re-encode to valid UTF-8 and is left alone.
    """
    if raw.isascii():
        return raw
    for encoding in ("cp1252", "latin-1"):
        try:
            return raw.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return raw


# "unctad.org | Meetings archive": the site's name above the page, not the meeting's.
_SITE_BANNER = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|int|gov|edu|info)\s*[|:\u2013-]")


def is_site_banner(text: str) -> bool:
    return bool(_SITE_BANNER.match(text))
