"""Dates as agendas write them: "9 – 13 May 2005", "Saturday and Sunday, 7-8
December 2019", "Monday 23rd July 01", "Day 2, 20 August 2002 (Tue)".

A line is cut into symbols (D a day number, Y a year, M a month word, W a
weekday word, "-" a dash or range word, F a small word dates are written
with, X anything else) and a run of symbols is a date when its shape is one of
``_SHAPES``. Month and weekday words come from ``vocabulary`` (dateparser's
locale data), so French or Spanish dates read too and say which language they
are in. Everything here is linear in the line's length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from store.importers.text import vocabulary
from store.importers.text.problems import PatternError
from store.importers.text.times import mask_clocks, parse_time_prefix

MIN_YEAR, MAX_YEAR = 1900, 2199
_RANGE_WORDS = {"to", "until", "till", "through", "thru", "and", "au", "al", "bis", "et", "y", "-"}
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SYMBOL = re.compile(r"[0-9]+|[^\W\d_]+|\S")
_PUNCTUATION = set(",.;:()[]|/'\"")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5,
}  # fmt: skip
_DAY_PREFIX = re.compile(
    r"(?:day|jour|d[ií]a|tag)\s+([0-9]{1,2}|[a-z]+)\b\s*[-:,.]?\s*", re.IGNORECASE
)
_MAX_CHARS = 400
_MAX_RUN = 14  # symbols in one date; longer runs are split so the search stays linear


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
            raise PatternError(f"{self.day} {vocabulary.month_name(self.month)} has no year")
        if not MIN_YEAR <= use_year <= MAX_YEAR:
            # Also keeps date arithmetic (Day N, 24:00) far from date.min/max.
            raise PatternError(f"{use_year} is not a plausible year for a meeting")
        try:
            return date(use_year, self.month, self.day)
        except ValueError:
            raise PatternError(
                f"{self.day} {vocabulary.month_name(self.month)} {use_year} is not a date"
            ) from None


@dataclass(frozen=True)
class DateSpan:
    start: PartialDate
    end: PartialDate
    language: str = "en"  # of its month and weekday words

    @property
    def single(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class FoundDate:
    """A date found inside a line, with the text before and after it."""

    span: DateSpan
    before: str
    after: str


@dataclass(frozen=True)
class _Symbol:
    kind: str  # D, Y, M, W, -, F or X
    value: int
    start: int
    end: int
    language: str = ""


@lru_cache(maxsize=256)
def _symbols(text: str) -> tuple[_Symbol, ...]:
    """The symbols of a line's first ``_MAX_CHARS`` characters: no date sits deeper in a line."""
    text = text[:_MAX_CHARS]
    # Clock times inside a sentence ("from 10:00 AM") are not day numbers.
    plain = mask_clocks(text.translate(_DASH_TABLE))
    found: list[_Symbol] = []
    numeric = {m.start(): m for m in _NUMERIC_DATE.finditer(plain)}
    skip_to = 0
    for m in _SYMBOL.finditer(plain):
        if m.start() < skip_to:
            continue
        if m.start() in numeric:
            found.extend(_numeric_symbols(numeric[m.start()]))
            skip_to = numeric[m.start()].end()
            continue
        token = m.group(0)
        word = token.casefold()
        kind, value, language = "X", 0, ""
        if token.isascii() and token.isdigit():
            if len(token) <= 2:
                kind, value = "D", int(token)
            elif len(token) == 4:
                kind, value = "Y", int(token)
        elif (month := vocabulary.month(word)) is not None:
            kind, value, language = "M", month.value, month.language
        elif (weekday := vocabulary.weekday(word)) is not None:
            kind, value, language = "W", weekday.value, weekday.language
        elif word in _RANGE_WORDS:
            kind = "-"
        elif vocabulary.is_filler(word) or token in _PUNCTUATION:
            kind = "F"
        found.append(_Symbol(kind, value, m.start(), m.end(), language))
    return tuple(found)


_DASH_TABLE = str.maketrans({c: "-" for c in _DASHES})
# "03.07.2024", "3/7/2024": day first, as most of the world writes it, unless
# the first number cannot be a month's day order ("7/23/2024" is July 23).
_NUMERIC_DATE = re.compile(
    r"(?<![0-9.])(?:([0-9]{1,2})([./])([0-9]{1,2})\2([0-9]{4})|([0-9]{4})-([0-9]{2})-([0-9]{2}))(?![0-9])"
)


def _numeric_symbols(m: re.Match[str]) -> list[_Symbol]:
    if m.group(5):  # ISO 8601: "2012-03-29"
        month, day = int(m.group(6)), int(m.group(7))
        if not 1 <= month <= 12:
            return [_Symbol("X", 0, m.start(), m.end())]
        # Read as day, month, year (the shape the rest of this module knows),
        # spanning the whole match so the text around it stays right.
        return [
            _Symbol("D", day, m.start(), m.start()),
            _Symbol("M", month, m.start(), m.start()),
            _Symbol("Y", int(m.group(5)), m.start(), m.end()),
        ]
    first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    day, month = (second, first) if second > 12 >= first else (first, second)
    if not 1 <= month <= 12:
        return [_Symbol("X", 0, m.start(), m.end())]
    return [
        _Symbol("D", day, m.start(1), m.end(1)),
        _Symbol("M", month, m.start(3), m.end(3)),
        _Symbol("Y", year, m.start(4), m.end(4)),
    ]


# Shapes of the dates we accept, as symbol kinds. "DMD" is a two-digit year
# ("Monday 23rd July 01").
_SHAPES = {"DMY", "MDY", "DM", "MD", "DMD", "DMY-DMY", "MDY-MDY", "D-DMY", "D-DM", "DM-DMY",
           "DM-DM", "MD-DY", "MD-D", "MD-MDY", "MD-MD"}  # fmt: skip


def _core(symbols: Sequence[_Symbol]) -> tuple[list[_Symbol], list[int]]:
    """The day, month, year and range symbols of a run, and its weekdays apart."""
    core: list[_Symbol] = []
    weekdays: list[int] = []
    for symbol in symbols:
        if symbol.kind == "W":
            weekdays.append(symbol.value)
        elif symbol.kind == "-":
            # "Saturday and Sunday": a range word only joins two dates.
            if core and core[-1].kind != "-":
                core.append(symbol)
        elif symbol.kind in "DMY":
            core.append(symbol)
    while core and core[-1].kind == "-":
        core.pop()
    return core, weekdays


def _parts(core: list[_Symbol]) -> list[dict[str, int]]:
    """Each date of a run as {"D": day, "M": month, "Y": year}, split at the range."""
    dates: list[dict[str, int]] = []
    part: dict[str, int] = {}
    for symbol in core:
        if symbol.kind == "-":
            dates.append(part)
            part = {}
        else:
            part[symbol.kind] = symbol.value
    dates.append(part)
    for d in dates:
        if not 1 <= d["D"] <= 31:  # every accepted shape has a day in each part
            raise PatternError(f"{d['D']} is not a day of the month")
    return dates


def _span(symbols: Sequence[_Symbol]) -> DateSpan | None:
    """The date a run of symbols spells, or None; weekdays and fillers may sit anywhere."""
    core, weekdays = _core(symbols)
    languages = {s.language for s in symbols if s.language}
    shape = "".join(s.kind for s in core)
    if shape not in _SHAPES:
        return None
    if shape == "DMD":
        year = core[2].value
        core[2] = _Symbol("Y", year + (2000 if year < 70 else 1900), core[2].start, core[2].end)
    dates = _parts(core)
    first, last = dates[0], dates[-1]
    # A missing month or year in the first half comes from the second: "15-16 October 2003".
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
    language = "en" if not languages or "en" in languages else sorted(languages)[0]
    if len(dates) == 1:
        return DateSpan(start, start, language)
    end = PartialDate(end.day, end.month, end.year, weekdays[-1] if len(weekdays) > 1 else None)
    return DateSpan(start, end, language)


def parse_date_line(text: str) -> DateSpan | None:
    """A line that is only a date or a date range, e.g. "15-16 October 2003".

    Returns None for anything else. A month day that cannot exist is left for
    ``PartialDate.resolve`` to report, so the caller can name the line.
    """
    if len(text) > _MAX_CHARS // 2:
        return None
    symbols = _symbols(text)
    if not symbols or any(s.kind == "X" for s in symbols) or len(symbols) > 4 * _MAX_RUN:
        return None
    return _span(symbols)


def find_date(text: str) -> FoundDate | None:
    """The date or date range a line states ("Rome, 9 – 13 May 2005", "on
    Tuesday, 16 October 2012, from 10:00 AM"), the longest at its place. Of
    several, the first with a weekday: "NEW YORK (October 10, 2012) – ... on
    Tuesday, 16 October 2012" is dated by its press line but is about the 16th."""
    found = _find_dates(text)
    return next((f for f in found if f.span.start.weekday is not None), found[0] if found else None)


def _find_dates(text: str) -> list[FoundDate]:
    symbols = _symbols(text)
    results: list[FoundDate] = []
    index = 0
    while index < len(symbols):
        if symbols[index].kind not in "DMW":
            index += 1
            continue
        run_end = index
        while (
            run_end < len(symbols) and symbols[run_end].kind != "X" and run_end - index < _MAX_RUN
        ):
            run_end += 1
        for end in range(run_end, index, -1):
            if symbols[end - 1].kind not in "DMY":
                continue
            try:
                span = _span(symbols[index:end])
            except PatternError:
                span = None
            if span is not None:
                # A weekday just after the date belongs to it ("20 August 2002 (Tue)").
                stop = end
                while stop < len(symbols) and symbols[stop].kind in "WF" and stop - end < 3:
                    stop += 1
                tail = (
                    symbols[stop - 1].end
                    if any(s.kind == "W" for s in symbols[end:stop])
                    else symbols[end - 1].end
                )
                if tail != symbols[end - 1].end:
                    span = _span(symbols[index:stop]) or span
                results.append(FoundDate(span, text[: symbols[index].start], text[tail:]))
                index = end - 1
                break
        if len(results) >= 4:
            break
        index += 1
    return results


@dataclass(frozen=True)
class DayHeader:
    """A day heading: a date, a "Day N" number, or both, and any title after it."""

    date: PartialDate | None
    number: int | None
    rest: str = ""
    language: str = "en"
    # "Wednesday, 30th": a weekday and a day of the month, the month left to the
    # meeting's dates; (day of the month, weekday).
    month_day: tuple[int, int] | None = None


_REST_TRIM = " -:,.;|()\u2013\u2014"


def parse_day_header(text: str) -> DayHeader | None:
    """ "Wednesday, 15 October 2003", "Day 1 - Monday 3 June 2024", "Day 2",
    "7 December 2019 – Saturday – Capacity-building workshop"."""
    number: int | None = None
    rest = text
    m = _DAY_PREFIX.match(text.translate(_DASH_TABLE))
    if m:
        word = m.group(1).lower()
        number = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        if number is None:
            return None
        rest = text[m.end() :]
        if not rest.strip(_REST_TRIM) or vocabulary.weekday(rest.strip(_REST_TRIM)) is not None:
            return DayHeader(None, number)  # "Day 2", "Day 1 (Thursday)"
    span = parse_date_line(rest)
    if span is not None:
        return DayHeader(span.start, number, "", span.language) if span.single else None
    month_day = _weekday_and_day(rest)
    if month_day is not None:
        return DayHeader(None, number, month_day=month_day)
    timed = _WEEKDAY_DAY_THEN_TIME.fullmatch(rest)
    if timed is not None and parse_time_prefix(timed.group(2)) is not None:
        month_day = _weekday_and_day(timed.group(1))
        if month_day is not None:  # "Lunes 23 7:00 PM": the day and its first row
            return DayHeader(None, number, timed.group(2), month_day=month_day)
    numeric = _weekday_and_numeric_date(rest)
    if numeric is not None:
        return DayHeader(numeric, number)
    found = find_date(rest)
    if found is None or not found.span.single:
        return None
    if not (_label_only(found.before) or _label_then_weekday(found)):
        return None
    # A title after the date must be set off from it ("– Saturday – Workshop",
    # "| |"), or "15 May talks resume" would be a day.
    after = found.after
    title = after.strip(_REST_TRIM)
    if title and not (
        re.match(r"\s*[-:|(\u2013\u2014]", after) or parse_time_prefix(after.lstrip(" ,")) is not None
    ):
        return None  # set off by a dash, or a time: "February 5, 2025 08:45 - 09:15", "23 May, 10am - 1pm"
    weekday_word = title.split(" ", 1)[0].strip(_REST_TRIM)
    if weekday_word and vocabulary.weekday(weekday_word) is not None:
        title = title[len(weekday_word) :].strip(_REST_TRIM)
    return DayHeader(found.span.start, number, title, found.span.language)


_ORDINAL = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?", re.IGNORECASE)


_WEEKDAY_DAY_THEN_TIME = re.compile(
    r"\s*([^\W\d_]+\.?,?\s+[0-9]{1,2}(?:st|nd|rd|th)?)[\s,:;|\-\u2013\u2014]+([0-9].*)",
    re.IGNORECASE,
)


def _weekday_and_day(text: str) -> tuple[int, int] | None:
    """ "Wednesday, 30th", "Friday 1": a weekday then a day of the month, nothing else."""
    if len(text) > 40:
        return None
    words = [w for w in re.split(r"[\s,.:;|()]+", text) if w]
    if len(words) != 2:
        return None
    day_word = vocabulary.weekday(words[0])
    m = _ORDINAL.fullmatch(words[1])
    if day_word is None or m is None or not 1 <= int(m.group(1)) <= 31:
        return None
    return int(m.group(1)), day_word.value


# Words a day header's label is made of: "Day 1 Program –", "Date:", "Opening session:".
# "Deadline for documents:" or "Updated on:" label another date than a day's.
_DAY_LABEL = re.compile(
    r"\b(?:day|date|jour|d[ií]a|tag|programme|program|programa|programaci[oó]n|horario|agenda"
    r"|schedule|session|sitting|meeting|jornada|journ[ée]e|s[ée]ance|sesi[oó]n"
    r"|segment|part|week|[0-9]+|[ivx]+)\b",
    re.IGNORECASE,
)


_NUMERIC_NO_YEAR = re.compile(r"([0-9]{1,2})([./])([0-9]{1,2})\.?")


def _weekday_and_numeric_date(text: str) -> PartialDate | None:
    """ "Tue, 05.03.", "Tuesday 05/03": a weekday and a day and month in figures, no
    year (day first, as most of the world writes it, unless that cannot be)."""
    if len(text) > 40:
        return None
    words = [w for w in re.split(r"[\s,:;|()]+", text) if w]
    if len(words) != 2 or vocabulary.weekday(words[0].rstrip(".")) is None:
        return None
    m = _NUMERIC_NO_YEAR.fullmatch(words[1])
    if m is None:
        return None
    first, second = int(m.group(1)), int(m.group(3))
    if m.group(2) == "." and not words[1].endswith(".") and first <= 23 and second % 5 == 0:
        return None  # "Monday 10.30": a clock as much as a date
    day, month = (second, first) if second > 12 >= first else (first, second)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return PartialDate(day, month, None, vocabulary.weekday(words[0].rstrip(".")).value)  # type: ignore[union-attr]


def _label_only(before: str) -> bool:
    """Nothing before a day header's date, or a short label set off by a dash
    or colon ("Day 1 Program – Tuesday, 15 October 2002") that names a day."""
    label = before.strip(_REST_TRIM)
    if not label:
        return True
    return (
        len(label.split()) <= 3
        and bool(re.search(r"[-:(\u2013\u2014]\s*$", before))  # "Reporting Day (30th June 2016)"
        and _DAY_LABEL.search(label) is not None
    )


def _label_then_weekday(found: FoundDate) -> bool:
    """ "Programación jueves 23 de enero": one label word that names a day's
    programme, then a weekday and its date, with nothing between them."""
    label = found.before.strip(_REST_TRIM)
    return (
        found.span.start.weekday is not None
        and len(label.split()) == 1
        and _DAY_LABEL.fullmatch(label) is not None
    )


def weekday_only(text: str) -> int | None:
    """A line that is only a weekday ("MONDAY,"): the day its date follows on the next line."""
    if len(text) > 40:
        return None
    symbols = _symbols(text)
    kinds = [s.kind for s in symbols if s.kind != "F"]
    return symbols[0].value if kinds == ["W"] and symbols[0].kind == "W" else None


def year_of_weekday(partial: PartialDate, near: int) -> int:
    """ "jueves 23 de enero" on a page whose only year is 2024: the year next to it
    in which 23 January is a Thursday (2025), else ``near`` itself."""
    if partial.weekday is None:
        return near
    for year in (near, near + 1, near - 1):
        try:
            if partial.resolve(year).weekday() == partial.weekday:
                return year
        except PatternError:
            continue
    return near


def with_year(span: DateSpan, near: int) -> DateSpan:
    """A span written without a year ("les 20 et 21 octobre") given the year near
    ``near`` in which its weekday, if written, falls right."""
    year = year_of_weekday(span.start, near)
    start, end = span.start, span.end
    return DateSpan(
        PartialDate(start.day, start.month, year, start.weekday),
        PartialDate(end.day, end.month, year, end.weekday),
        span.language,
    )
