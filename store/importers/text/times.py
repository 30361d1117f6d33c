"""Clock times, in one place: "10:00 – 13:00", "10 a.m.–1 p.m.", "9.30–10am",
"10h00", "0845-0900:", "1530  1600" (a range whose dash was lost), "10.00 hrs".

Every regex is anchored or made of bounded pieces without nested quantifiers,
so matching stays linear in the line's length whatever the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.importers.text.lines import dashes_to_hyphens
from store.importers.text.problems import PatternError

_FLAGS = re.ASCII | re.IGNORECASE
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


# One clock time: "10:00", "10.00", "10h00", "10h", "10 a.m.", "3 p.m.", "noon".
_CLOCK = (
    r"(?:([0-9]{1,2})(?:\s?([:.h])\s?([0-9]{2}))?"
    r"(?:\s?(a\.?\s?m\b\.?|p\.?\s?m\b\.?|m\.(?!\w)|noon\b|hours\b|hrs?\b\.?|h\b))?|(noon|midday)\b)"
)
# "de 9h30 à 17h", "de 9:00 a 10:30": French and Spanish say "to" in one letter.
_RANGE_SEP = r"\s*(?:-+|to\b|until\b|till\b|\u00e0(?=\s)|a(?=\s+[0-9])|,?\s*bis\b)\s*"
_TIME_RANGE = re.compile(r"(?:from\s+)?" + _CLOCK + _RANGE_SEP + _CLOCK, _FLAGS)
_TIME_SINGLE = re.compile(_CLOCK, _FLAGS)
_TRAILING_RANGE = re.compile(
    r"[\s(,:;-]\s*\(?" + _CLOCK + _RANGE_SEP + _CLOCK + r"\s*\)?\s*$", _FLAGS
)
# What separates a row's time from its activity: punctuation, and the arrows and
# bullets of a flyer ("10h15 \u25ba Opening").
_REST_LEAD = re.compile(r"[\s:;,.|)\]\u2022\u00b7\u25b6\u25ba\u2192\u27a2\u27a4-]+")
# A range in brackets may carry a qualifier after it ("Afternoon (14.30 - 17.30
# hours or later if required)") and may stand mid-line ("Session 1 (09:00-10:30):
# Setting the scene").
_BRACKET = re.compile(r"\(([^()]{3,80})\)")

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
    if suffix_l in ("noon", "m"):  # Spanish "12:30 m.": meridiano, noon
        meridiem = "pm"
    hour = int(hour_s or 0)
    minute = int(minute_s) if minute_s else 0
    # "13.00 hours" is a clock; "2 hours" is a duration.
    counted = bool(suffix) and not (suffix_l == "hours" and not minute_s)
    return _RawClock(hour, minute, meridiem, bool(minute_s) or counted)


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


# "h. 8.30-10.00", "ore 9.30", "ab 12:00, bis 14:00": a word for "hour" or "from"
# before the clock. ("At 10:00 the Chair opens ..." is left alone: a sentence.)
_CLOCK_LEAD = re.compile(r"(?:h\.|hrs?\.|ore|ab)\s*(?=[0-9])", _FLAGS)


def parse_time_prefix(text: str) -> TimeRange | None:
    """A time or time range at the start of a line, and the text after it.

    A lone number ("4 - Opening") is not a time: one end must have minutes, a
    meridiem or an "h". A single time written "4.10" is a section number, so
    a single time needs ":", "h" or a meridiem. PatternError when the shape is
    a time but the values are not ("25:00", "10:00-09:00").
    """
    lead = _CLOCK_LEAD.match(text)
    if lead:
        text = text[lead.end() :]  # "h. 14.30": surely a clock, dotted or not
    text = _normalize(text)
    plain = dashes_to_hyphens(text)  # same length, so offsets carry over to ``text``
    m = _TIME_RANGE.match(plain)
    if m:
        first, second = _raw_clock(m.groups()[:5]), _raw_clock(m.groups()[5:])
        if not (first.explicit or second.explicit):
            return None
        start, end = _range(first, second)
        if (
            _minutes(end) < _minutes(start)
            and not second.meridiem
            and 1 <= end[0] <= 6 <= start[0] <= 12
        ):
            end = (
                end[0] + 12,
                end[1],
            )  # "11:00 - 1:00": a morning to an afternoon on a 12-hour clock
        if _minutes(end) < _minutes(start):
            raise PatternError(
                f"the time range ends ({clock_text(end)}) before it starts ({clock_text(start)})"
            )
        return TimeRange(start, end, _rest(text[m.end() :]))
    m = _TIME_SINGLE.match(plain)
    if not m:
        return None
    _hour, sep, _minute, suffix, word = m.groups()
    rest = text[m.end() :]
    # "10.30 - Coffee" or "18.30" alone on its line; but "4.10 Data sources" is a section.
    dashed = sep == "." and (re.match(r"\s+-\s", rest) is not None or not rest.strip(" :"))
    if not (word or suffix or (sep and sep != ".") or dashed or (lead and sep)):
        return None
    if not _raw_clock(m.groups()).explicit:
        return None  # "2 hours of discussion"
    if rest[:1].isalnum():
        return None  # "10:00abc" is not a time
    clock = _raw_clock(m.groups())
    start = _to_24h(clock, clock.meridiem)
    if start[0] == 24:
        raise PatternError("nothing can start at 24:00")
    return _dashless_end(start, _rest(rest)) or TimeRange(start, None, _rest(rest))


def _dashless_end(start: Clock, rest: str) -> TimeRange | None:
    """ "12:30 m. 1:00 p. m. Presentación": a range whose dash a copy lost, the
    second clock written in full (minutes and a separator) and later."""
    m = _TIME_SINGLE.match(dashes_to_hyphens(rest))
    if not m or not (m.group(2) and m.group(2) != "." or m.group(4)) or not m.group(3):
        return None
    if rest[m.end() : m.end() + 1].isalnum():
        return None
    second = _raw_clock(m.groups())
    try:
        end = _to_24h(second, second.meridiem)
    except PatternError:
        return None
    if _minutes(end) <= _minutes(start):
        return None
    return TimeRange(start, end, _rest(rest[m.end() :]))


# Clocks without a separator ("0845-0900", "1530 1600") and ranges whose dash
# was lost in a copy ("10:00 11:00"). A year range ("2019-2020") is no clock
# range: its minutes are not on a five-minute step or it does not move forward.
_COMPACT_PAIR = re.compile(
    r"([01][0-9]|2[0-3])([0-5][0-9])(\s?-+\s?|\s)([01][0-9]|2[0-4])([0-5][0-9])(?![0-9])", _FLAGS
)
_COMPACT_ONE = re.compile(r"([01][0-9]|2[0-3])([0-5][0-9])(?=\s?(?:hrs?\b|h\b))", _FLAGS)
_SPACED_PAIR = re.compile(r"([0-9]{1,2}[:.h][0-9]{2}) ([0-9]{1,2}[:.h][0-9]{2})(?![0-9])", _FLAGS)


_COMPACT_END = re.compile(
    r"([0-9]{1,2}[:.][0-9]{2}\s*[-\u2010-\u2015\u2212]+\s*)([01][0-9]|2[0-3])([0-5][0-9])(?![0-9])"
)


# "04:00pmArrivals": a meridiem glued to the title after it by a copy.
_GLUED_MERIDIEM = re.compile(r"([0-9]{1,2}[:.][0-9]{2}\s?[ap]\.?m\.?)(?=[A-Z])", re.IGNORECASE)


def _normalize(text: str) -> str:
    m = _GLUED_MERIDIEM.match(text)
    if m:
        text = f"{m.group(1)} {text[m.end() :]}"
    m = _COMPACT_END.match(text)
    if m:  # "10.00 - 1015": the end lost its dot
        text = f"{m.group(1)}{m.group(2)}:{m.group(3)}" + text[m.end() :]
    m = _COMPACT_PAIR.match(text)
    if m:
        h1, m1, _sep, h2, m2 = m.groups()
        if int(m1) % 5 == 0 and int(m2) % 5 == 0 and (h1, m1) < (h2, m2):
            return f"{h1}:{m1}-{h2}:{m2}" + text[m.end() :]
    m = _COMPACT_ONE.match(text)
    if m:
        return f"{m.group(1)}:{m.group(2)}" + text[m.end() :]
    m = _SPACED_PAIR.match(text)
    if m:
        first, second = (re.sub("[.h]", ":", g) for g in m.groups())
        if [int(x) for x in first.split(":")] < [int(x) for x in second.split(":")]:
            return f"{m.group(1)}-{m.group(2)}" + text[m.end() :]
    return text


def _rest(text: str) -> str:
    m = _REST_LEAD.match(text)
    return text[m.end() :] if m else text


def split_trailing_time(text: str) -> tuple[str, TimeRange | None]:
    """ "Morning session (10:00 - 13:00)" -> ("Morning session", the range)."""
    # Only the tail can hold it; searching a bounded tail keeps long lines cheap.
    offset = max(0, len(text) - 60)
    m = _TRAILING_RANGE.search(dashes_to_hyphens(text), offset)
    if not m or m.start() == 0:
        return _bracketed_range(text)
    found = parse_time_prefix(text[m.start() :].lstrip(" (,:;-\t" + _DASHES))
    if found is None or found.end is None:
        return text, None
    return text[: m.start()].rstrip(" ,:;-("), TimeRange(found.start, found.end, "")


def _bracketed_range(text: str) -> tuple[str, TimeRange | None]:
    for m in _BRACKET.finditer(text, 0, 300):  # a heading's time sits near its start
        if m.start() == 0:
            continue
        try:
            found = parse_time_prefix(m.group(1).strip())
        except PatternError:
            continue
        if found is None or found.end is None:
            continue
        before, after = text[: m.start()].rstrip(" ,;-"), text[m.end() :].strip()
        if found.rest[:1].isupper():  # "(9.30 to 12.30, Room IV)": the room stays
            before = f"{before} ({found.rest})"
        title = f"{before} {after}".strip() if after[:1] not in ":;,-" else f"{before}{after}"
        return title.rstrip(" ,:;-"), TimeRange(found.start, found.end, "")
    return text, None


def clock_text(clock: Clock) -> str:
    return f"{clock[0]:02d}:{clock[1]:02d}"


def clock_within(clock: Clock, start: Clock, end: Clock) -> bool:
    return start <= clock <= end


# A clock anywhere in a line, but not the "03.07" of a date "03.07.2024".
_CLOCK_IN_TEXT = re.compile(
    r"(?<![0-9][./])\b[0-9]{1,2}(?:[:.h][0-9]{2}(?![./][0-9])|\s?[ap]\.?m\b\.?)", re.IGNORECASE
)


def mask_clocks(text: str) -> str:
    """The text with every clock time blanked out (same length), so that the date
    reader does not take the "10" of "10:00 AM" for a day of the month."""
    return _CLOCK_IN_TEXT.sub(lambda m: "@" * len(m.group(0)), text)
