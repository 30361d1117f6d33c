"""Recognisers for the pieces of a plain-text meeting page: dates, times, item
numbers, headings and item kinds.

Each function looks at one cleaned line (see ``clean``) and either returns
what it found or ``None``; a line that is clearly meant as a date or time but
names an impossible one raises ``PatternError`` so the importer can point at
the line. Every regex is anchored or made of bounded pieces without nested
quantifiers, so matching stays linear in the line's length whatever the
input (the property tests feed random text).

All patterns use ``re.ASCII``: with Unicode case folding "ſeptember" would
match "september" and then miss the month table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from store.numerals import roman_to_int
from store.values import ItemKind

_FLAGS = re.ASCII | re.IGNORECASE


class PatternError(ValueError):
    """A line that is a date or time by its shape but not a possible one."""


# --- cleaning -------------------------------------------------------------

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


def clean(raw: str) -> str:
    """One line as a person reads it: whitespace runs (NBSP included) made one
    space, typographic quotes made plain, invisible characters dropped.

    Quotes are made plain so "Rapporteur's report" is found however it is typed.
    Dashes are kept in the text; the recognisers below treat them as hyphens.
    """
    return " ".join(raw.translate(_TRANSLATE).split())


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


# --- dates ----------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2,
    "wed": 2, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4,
    "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
MIN_YEAR, MAX_YEAR = 1900, 2199
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RANGE_WORDS = {"to", "until", "till", "through", "thru", "and"}
_FILLER_WORDS = {"from", "the", "of", "on", "st", "nd", "rd", "th"}
_DATE_TOKEN = re.compile(r"[0-9]+|[a-z]+|\S", _FLAGS)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5,
}  # fmt: skip
_DAY_PREFIX = re.compile(r"day\s+([0-9]{1,2}|[a-z]+)\b\s*[-:,.]?\s*", _FLAGS)


@dataclass(frozen=True)
class PartialDate:
    """A date as written; ``year`` is None when the page leaves it out."""

    day: int
    month: int
    year: int | None
    weekday: int | None = None

    def resolve(self, year: int | None = None) -> date:
        """The date, with ``year`` filling a missing one; PatternError if impossible."""
        use_year = self.year if self.year is not None else year
        if use_year is None:
            raise PatternError(f"{self.day} {_month_name(self.month)} has no year")
        if not MIN_YEAR <= use_year <= MAX_YEAR:
            # Also keeps date arithmetic (Day N, 24:00) far from date.min/max.
            raise PatternError(f"{use_year} is not a plausible year for a meeting")
        try:
            return date(use_year, self.month, self.day)
        except ValueError:
            raise PatternError(
                f"{self.day} {_month_name(self.month)} {use_year} is not a date"
            ) from None


def _month_name(month: int) -> str:
    return date(2000, month, 1).strftime("%B")


@dataclass(frozen=True)
class DateSpan:
    start: PartialDate
    end: PartialDate

    @property
    def single(self) -> bool:
        return self.start == self.end


# Shapes of the date lines we accept, as token kinds: D day, M month, Y year,
# "-" a range word or dash. Anything else on the line makes it not a date line.
_SHAPES = {"DMY", "MDY", "DM", "MD", "DMY-DMY", "MDY-MDY", "D-DMY", "D-DM", "DM-DMY",
           "DM-DM", "MD-DY", "MD-D", "MD-MDY", "MD-MD"}  # fmt: skip


def _date_tokens(text: str) -> tuple[str, list[int], list[int | None]] | None:
    """Token kinds (e.g. ``"DMY-DMY"``), their values and the weekday named before each date."""
    shape: list[str] = []
    values: list[int] = []
    weekdays: list[int | None] = []
    pending_weekday: int | None = None
    for token in _DATE_TOKEN.findall(dashes_to_hyphens(text)):
        word = token.lower()
        if token.isascii() and token.isdigit():
            if len(token) <= 2:
                shape.append("D")
            elif len(token) == 4:
                shape.append("Y")
            else:
                return None
            values.append(int(token))
        elif word in MONTHS:
            shape.append("M")
            values.append(MONTHS[word])
        elif word in WEEKDAYS:
            pending_weekday = WEEKDAYS[word]
            continue
        elif word in _RANGE_WORDS or token == "-":
            if not shape or shape[-1] == "-":
                return None
            shape.append("-")
            values.append(0)
        elif word in _FILLER_WORDS or token in ",.":
            continue
        else:
            return None
        if shape[-1] in "DM" and (len(shape) == 1 or shape[-2] == "-"):
            weekdays.append(pending_weekday)
            pending_weekday = None
    return "".join(shape), values, weekdays


def parse_date_line(text: str) -> DateSpan | None:
    """A line that is only a date or a date range, e.g. "15-16 October 2003".

    Returns None for anything else. A month day that cannot exist is left for
    ``PartialDate.resolve`` to report, so the caller can name the line.
    """
    found = _date_tokens(text)
    if found is None:
        return None
    shape, values, weekdays = found
    if shape not in _SHAPES:
        return None
    parts = shape.split("-")
    offset = 0
    dates: list[dict[str, int]] = []
    for part in parts:
        dates.append({kind: values[offset + i] for i, kind in enumerate(part)})
        offset += len(part) + 1
    for d in dates:
        if not 1 <= d["D"] <= 31:  # every accepted shape has a day in each part
            raise PatternError(f"{d['D']} is not a day of the month")
    # A missing month or year in the first half comes from the second: "15-16 October 2003".
    last = dates[-1]
    first = dates[0]
    start = PartialDate(first["D"], first.get("M", last.get("M", 0)), first.get("Y", last.get("Y")))
    end = PartialDate(last["D"], last.get("M", first.get("M", 0)), last.get("Y", first.get("Y")))
    if not start.month or not end.month:
        return None
    if (
        "Y" not in first
        and start.year is not None
        and (start.month, start.day) > (end.month, end.day)
    ):
        # "30 December - 2 January 2025": the year written at the end is the end's.
        start = PartialDate(start.day, start.month, start.year - 1)
    start = PartialDate(start.day, start.month, start.year, weekdays[0] if weekdays else None)
    end = PartialDate(end.day, end.month, end.year, weekdays[-1] if len(weekdays) > 1 else None)
    return DateSpan(start, end if len(dates) > 1 else start)


@dataclass(frozen=True)
class DayHeader:
    """A day heading: a date, a "Day N" number, or both."""

    date: PartialDate | None
    number: int | None


def parse_day_header(text: str) -> DayHeader | None:
    """ "Wednesday, 15 October 2003", "Day 1 - Monday 3 June 2024", "Day 2"."""
    number: int | None = None
    rest = text
    m = _DAY_PREFIX.match(dashes_to_hyphens(text))
    if m:
        word = m.group(1).lower()
        number = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        if number is None:
            return None
        rest = text[m.end() :]
        if not rest.strip(" -:,.()"):
            return DayHeader(None, number)
    span = parse_date_line(rest)
    if span is None or not span.single:
        return None
    return DayHeader(span.start, number)


# --- times ----------------------------------------------------------------

# One clock time: "10:00", "10.00", "10h00", "10h", "10 a.m.", "3 p.m.", "noon".
_CLOCK = (
    r"(?:([0-9]{1,2})(?:\s?([:.h])\s?([0-9]{2}))?"
    r"(?:\s?(a\.?\s?m\b\.?|p\.?\s?m\b\.?|noon\b|hrs?\b\.?|h\b))?|(noon|midday)\b)"
)
_RANGE_SEP = r"\s*(?:-+|to\b|until\b|till\b)\s*"
_TIME_RANGE = re.compile(r"(?:from\s+)?" + _CLOCK + _RANGE_SEP + _CLOCK, _FLAGS)
_TIME_SINGLE = re.compile(_CLOCK, _FLAGS)
_TRAILING_RANGE = re.compile(
    r"[\s(,:;-]\s*\(?" + _CLOCK + _RANGE_SEP + _CLOCK + r"\s*\)?\s*$", _FLAGS
)
_REST_LEAD = re.compile(r"[\s:;,.|)\]-]+")

Clock = tuple[int, int]


@dataclass(frozen=True)
class TimeRange:
    start: Clock
    end: Clock | None
    rest: str  # the text after the times ("Morning session"), maybe empty


@dataclass(frozen=True)
class _RawClock:
    hour: int
    minute: int
    meridiem: str  # "am", "pm" or ""
    explicit: bool  # written with minutes, a meridiem or an "h": surely a time


def _raw_clock(groups: tuple[str | None, ...]) -> _RawClock:
    hour_s, sep, minute_s, suffix, word = groups
    if word:
        return _RawClock(12, 0, "pm", True)
    suffix_l = (suffix or "").lower().replace(".", "").replace(" ", "")
    meridiem = suffix_l if suffix_l in ("am", "pm") else ""
    if suffix_l == "noon":
        meridiem = "pm"
    hour = int(hour_s or 0)
    minute = int(minute_s) if minute_s else 0
    return _RawClock(hour, minute, meridiem, bool(minute_s or suffix))


def _to_24h(clock: _RawClock, meridiem: str) -> Clock:
    hour, minute = clock.hour, clock.minute
    if minute > 59:
        raise PatternError(f"{hour}:{minute:02d} is not a time")
    if meridiem:
        if not 1 <= hour <= 12:
            raise PatternError(f"{hour} {meridiem[0]}.m. is not a time")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif hour > 24 or (hour == 24 and minute):
        raise PatternError(f"{hour}:{minute:02d} is not a time")
    return hour, minute


def _minutes(clock: Clock) -> int:
    return clock[0] * 60 + clock[1]


def _range(first: _RawClock, second: _RawClock) -> tuple[Clock, Clock]:
    second_meridiem = second.meridiem
    if not second_meridiem and first.meridiem == "pm" and 1 <= second.hour < 12:
        second_meridiem = "pm"  # "2 p.m. - 5.30" ends in the afternoon too
    end = _to_24h(second, second_meridiem)
    meridiem = first.meridiem
    if not meridiem and second.meridiem:
        # "10-11.30 a.m." and "3-6 p.m." share the end's half of the day, "10-1 p.m." does not.
        same = second.meridiem
        other = "am" if same == "pm" else "pm"
        meridiem = (
            same
            if 1 <= first.hour <= 12 and _minutes(_to_24h(first, same)) <= _minutes(end)
            else other
        )
        if not 1 <= first.hour <= 12:
            meridiem = ""
    start = _to_24h(first, meridiem)
    if start == (24, 0):
        raise PatternError("nothing can start at 24:00")
    return start, end


def parse_time_prefix(text: str) -> TimeRange | None:
    """A time or time range at the start of a line, and the text after it.

    A lone number ("4 - Opening") is not a time: one end must have minutes, a
    meridiem or an "h". A single time written "4.10" is a section number, so
    a single time needs ":", "h" or a meridiem. PatternError when the shape is
    a time but the values are not ("25:00", "10:00-09:00").
    """
    plain = dashes_to_hyphens(text)  # same length, so offsets carry over to ``text``
    m = _TIME_RANGE.match(plain)
    if m:
        first, second = _raw_clock(m.groups()[:5]), _raw_clock(m.groups()[5:])
        if not (first.explicit or second.explicit):
            return None
        start, end = _range(first, second)
        if _minutes(end) < _minutes(start):
            raise PatternError(
                f"the time range ends ({clock_text(end)}) before it starts ({clock_text(start)})"
            )
        return TimeRange(start, end, _rest(text[m.end() :]))
    m = _TIME_SINGLE.match(plain)
    if not m:
        return None
    _hour, sep, _minute, suffix, word = m.groups()
    if not (word or suffix or (sep and sep != ".")):
        return None
    rest = text[m.end() :]
    if rest[:1].isalnum():
        return None  # "10:00abc" is not a time
    clock = _raw_clock(m.groups())
    start = _to_24h(clock, clock.meridiem)
    if start[0] == 24:
        raise PatternError("nothing can start at 24:00")
    return TimeRange(start, None, _rest(rest))


def _rest(text: str) -> str:
    m = _REST_LEAD.match(text)
    return text[m.end() :] if m else text


def split_trailing_time(text: str) -> tuple[str, TimeRange | None]:
    """ "Morning session (10:00 - 13:00)" -> ("Morning session", the range)."""
    # Only the tail can hold it; searching a bounded tail keeps long lines cheap.
    offset = max(0, len(text) - 60)
    m = _TRAILING_RANGE.search(dashes_to_hyphens(text), offset)
    if not m or m.start() == 0:
        return text, None
    found = parse_time_prefix(text[m.start() :].lstrip(" (,:;-\t" + _DASHES))
    if found is None or found.end is None:
        return text, None
    return text[: m.start()].rstrip(" ,:;-("), TimeRange(found.start, found.end, "")


def clock_text(clock: Clock) -> str:
    return f"{clock[0]:02d}:{clock[1]:02d}"


# --- item numbers ---------------------------------------------------------

_ROMAN = re.compile(r"(?=[ivxl])(l?x{0,3}|xl)(ix|iv|v?i{0,3})", _FLAGS)
_PAREN_MARK = re.compile(r"\(\s?([0-9]{1,3}|[a-z]{1,7})\s?\)\s*", _FLAGS)
_PLAIN_MARK = re.compile(r"([0-9]{1,3}|[a-z]{1,7})(?:[.)]|\s?:|\s-)\s+", _FLAGS)
_ITEM_WORD = re.compile(r"(?:agenda\s+)?item\s+", _FLAGS)


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
    """ "IX. Rapporteur's report", "4) Opening", "(a) Africa", "Item 3: Panel"."""
    body = text
    m = _ITEM_WORD.match(body)
    if m:
        body = body[m.end() :]
        m = re.match(r"([0-9]{1,3}|[ivxl]{1,7}|[a-z])\b[.):]?\s*", body, _FLAGS)
    else:
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
    "general", "inaugural",
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
    r"(?:programme|program|agenda)(?: of work)?|schedule|timetable)(?: of the (?:meeting|workshop))?\s*:?",
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
