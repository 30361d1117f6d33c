"""iCalendar components written straight to text, as icalendar would write them.

icalendar's own path (``Component.add`` then ``to_ical``) infers each value's
type, builds parameter dictionaries and folds lines character by character:
about a second for a 1,000-talk calendar. The export and the web feeds write
the same few kinds of values (text, date, date-time, duration, cal-address),
so they are formatted here directly, in icalendar's order and escaping, and a
calendar a test parses with icalendar and writes back is unchanged
(tests/web/test_ics_lines.py). The calendar's own properties and its
VTIMEZONE stay icalendar's: written once per calendar, they cost little.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache

from icalendar import vDuration
from icalendar.parser.parameter import param_value
from icalendar.timezone.tzid import tzid_from_dt

# The properties icalendar writes first, in this order; the others follow by name.
EVENT_ORDER = ("SUMMARY", "DTSTART", "DTEND", "DURATION", "DTSTAMP", "UID", "RECURRENCE-ID",
               "SEQUENCE", "RRULE", "RDATE", "EXDATE")
_LIMIT = 74  # octets before a fold; the continuation's leading space makes 75
_RFC6868 = re.compile('[\\^\n\r"]')
_QUOTABLE = re.compile("[,;:\u2019]")  # icalendar quotes on these (the last: a right single quote)
_SPECIAL = re.compile(r"[\\;,\r\n]")


def fold(line: str) -> str:
    """``line`` folded as RFC 5545 asks: no line over 75 octets, never inside a UTF-8 sequence,
    and (as icalendar does) never right after a backslash or caret, which begin escapes."""
    return fold_bytes(line.encode()).decode()


def fold_bytes(data: bytes) -> bytes:
    """``fold`` on UTF-8 text: cut by octet counts, stepping back off continuation bytes."""
    if len(data) <= _LIMIT:
        return data
    parts = []
    start = 0
    while len(data) - start > _LIMIT:
        end = start + _LIMIT
        while data[end] & 0xC0 == 0x80:  # inside a character: cut before it
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def unfold(text: str) -> str:
    """Folded lines joined back (RFC 5545 3.1)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "")


def escape(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11); line breaks of any kind become ``\\n``."""
    if not _SPECIAL.search(value):
        return value  # most values: nothing to escape
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


@lru_cache(maxsize=64)
def _tzid(tzinfo: object) -> str | None:
    assert tzinfo is not None
    return tzid_from_dt(datetime(2000, 1, 1, tzinfo=tzinfo))  # type: ignore[arg-type]


@lru_cache(maxsize=64)
def _tz_param(tzid: str) -> str:
    return f";TZID={_param('TZID', tzid)}"


@lru_cache(maxsize=64)
def duration(value: timedelta) -> str:
    text: bytes = vDuration(value).to_ical()  # type: ignore[no-untyped-call]
    return text.decode()


class Component:
    """One component's content lines, kept by property name; written in icalendar's order."""

    def __init__(self, name: str, order: Sequence[str] = ()) -> None:
        self.name = name
        self.order = tuple(order)
        self.props: dict[str, list[str]] = {}
        self.subcomponents: list[Component] = []

    def raw(self, name: str, value: str, params: Sequence[tuple[str, str]] = ()) -> None:
        """A property whose ``value`` is already in iCalendar form; parameters sorted by name."""
        head = name + "".join(f";{key}={_param(key, text)}" for key, text in sorted(params)) if params else name
        self.props.setdefault(name, []).append(f"{head}:{value}")

    def text(self, name: str, value: str) -> None:
        self.raw(name, escape(value))

    def when(self, name: str, value: date) -> None:
        """A DATE, a DATE-TIME in UTC, or a DATE-TIME with the TZID of its zone."""
        if not isinstance(value, datetime):
            self.raw(name, f"{value:%Y%m%d}", [("VALUE", "DATE")])
            return
        tzid = _tzid(value.tzinfo) if value.tzinfo is not None else None
        stamp = f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}"
        if tzid == "UTC":
            stamp += "Z"
        elif tzid:
            stamp = f"{_tz_param(tzid)}:{stamp}"  # the same zone for every time of a meeting
            self.props.setdefault(name, []).append(name + stamp)
            return
        self.raw(name, stamp)

    def copy(self) -> Component:
        twin = Component(self.name, self.order)
        twin.props = {name: list(lines) for name, lines in self.props.items()}
        twin.subcomponents = list(self.subcomponents)
        return twin

    def lines(self) -> list[str]:
        """The content lines, unfolded, ``BEGIN`` to ``END``."""
        first = [name for name in self.order if name in self.props]
        rest = sorted(name for name in self.props if name not in self.order)
        out = [f"BEGIN:{self.name}"]
        for name in (*first, *rest):
            out += self.props[name]
        for sub in self.subcomponents:
            out += sub.lines()
        out.append(f"END:{self.name}")
        return out

    def to_ical(self) -> bytes:
        return b"".join(fold_bytes(line.encode()) + b"\r\n" for line in self.lines())


def _param(key: str, value: str) -> str:
    always = key == "CN" and (" " in value or "'" in value)
    if _RFC6868.search(value):
        quoted: str = param_value(value, always_quote=always)
        return quoted
    # icalendar's param_value without its RFC 6868 pass, which has nothing to do here.
    return f'"{value}"' if always or _QUOTABLE.search(value) else value
