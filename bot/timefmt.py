"""How times and days read to a person: in the meeting's zone, and in theirs when it differs.

Every user-facing time and day is written here (tests/test_timefmt_guard.py keeps
strftime patterns out of other modules), so "times as 3:00 p.m." is one change.
The machine stamps at the end are identifiers, not prose: they never change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# Where IANA's city is not what participants call the time: a Geneva meeting
# runs on Europe/Zurich, and "Zurich time" would puzzle people in Geneva.
_COMMON_NAMES = {
    "Europe/Zurich": "Swiss",
    "Asia/Kolkata": "India",
    "Asia/Calcutta": "India",
    "Asia/Shanghai": "China",
    "Etc/UTC": "UTC",
    "UTC": "UTC",
}


def zone_label(zone_name: str) -> str:
    """``America/New_York`` -> ``New York``: what people call a zone."""
    if zone_name in _COMMON_NAMES:
        return _COMMON_NAMES[zone_name]
    if zone_name.startswith("Etc/GMT") and len(zone_name) > 7:
        # POSIX signs are inverted: Etc/GMT-1 is one hour ahead of UTC.
        sign, hours = zone_name[7], zone_name[8:]
        return f"UTC{'+' if sign == '-' else '-'}{hours}"
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def clock(value: datetime, zone_name: str) -> str:
    """``15:30``: the time of day of ``value`` in the zone."""
    return time_of_day(value.astimezone(ZoneInfo(zone_name)).time())


def clock_or(value: datetime | None, zone_name: str, missing: str) -> str:
    """``clock``, or ``missing`` (e.g. "no set time") for an untimed session."""
    return clock(value, zone_name) if value is not None else missing


def time_of_day(value: time) -> str:
    """``15:30``: a time of day as agendas write it."""
    return value.strftime("%H:%M")


def weekday(value: date) -> str:
    """``Wednesday``."""
    return value.strftime("%A")


def short_day(value: date, *, year: bool = False) -> str:
    """``Wed 15 Oct`` (``Wed 15 Oct 2003``): a day where room is short (buttons, lists)."""
    return value.strftime("%a %d %b %Y" if year else "%a %d %b")


def day_month(value: date, *, year: bool = False) -> str:
    """``15 Oct`` (``15 Oct 2003``)."""
    return value.strftime("%d %b %Y" if year else "%d %b")


def long_date(value: date) -> str:
    """``15 October 2003``."""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def moment(value: datetime, zone_name: str | None = None) -> str:
    """``15 October 2003, 14:30 EDT``: when something was made (in ``zone_name``, else its own zone)."""
    local = value.astimezone(ZoneInfo(zone_name)) if zone_name else value
    return f"{long_date(local.date())}, {time_of_day(local.time())} {local.strftime('%Z')}".rstrip()


def short_moment(value: datetime, zone_name: str) -> str:
    """``15 Oct 14:30`` in the zone: one line of a history."""
    local = value.astimezone(ZoneInfo(zone_name))
    return f"{day_month(local.date())} {time_of_day(local.time())}"


def day_label(value: date) -> str:
    """``Wednesday 15 October``: the way an agenda names a day."""
    return f"{weekday(value)} {value.day} {value.strftime('%B')}"


def day_label_with_year(value: date) -> str:
    return f"{day_label(value)} {value.year}"


def date_range(start: date, end: date) -> str:
    """``15–16 October 2003``, ``30 September – 2 October 2003``: a meeting's stated dates."""
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start.strftime('%B')} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def utc_stamp(value: datetime, suffix: str = "Z") -> str:
    """``2003-10-15 13:00Z``: when something happened, for operators' listings (history)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") + suffix


def _same_offset(moment: datetime, zone_a: str, zone_b: str) -> bool:
    return moment.astimezone(ZoneInfo(zone_a)).utcoffset() == moment.astimezone(ZoneInfo(zone_b)).utcoffset()


def when(value: datetime, meeting_zone: str, viewer_zone: str | None = None) -> str:
    """``15:00 New York time (21:00 your time)``; just ``15:00`` when the zones agree.

    The viewer's time names its day when it falls on another date than the
    meeting's (late sessions seen from Asia).
    """
    text = clock(value, meeting_zone)
    if not viewer_zone or _same_offset(value, meeting_zone, viewer_zone):
        return text
    local = value.astimezone(ZoneInfo(viewer_zone))
    theirs = time_of_day(local.time())
    if local.date() != value.astimezone(ZoneInfo(meeting_zone)).date():
        theirs = f"{local.strftime('%a')} {theirs}"
    return f"{text} {zone_label(meeting_zone)} time ({theirs} your time)"


def span(
    start: datetime | None, end: datetime | None, meeting_zone: str, viewer_zone: str | None = None
) -> str:
    """``10:00–13:00``, or with the viewer's times: ``10:00–13:00 New York time (16:00–19:00 your time)``."""
    if start is None:
        return "time to be announced"
    if end is None:
        return when(start, meeting_zone, viewer_zone)
    text = f"{clock(start, meeting_zone)}–{clock(end, meeting_zone)}"
    if not viewer_zone or _same_offset(start, meeting_zone, viewer_zone):
        return text
    zone = ZoneInfo(viewer_zone)
    theirs = f"{time_of_day(start.astimezone(zone).time())}–{time_of_day(end.astimezone(zone).time())}"
    if start.astimezone(zone).date() != start.astimezone(ZoneInfo(meeting_zone)).date():
        theirs = f"{start.astimezone(zone).strftime('%a')} {theirs}"
    return f"{text} {zone_label(meeting_zone)} time ({theirs} your time)"


def duration_words(delta: timedelta) -> str:
    """``1 hour 30 minutes``; rounded to the minute."""
    minutes = round(abs(delta.total_seconds()) / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((days, "day"), (hours, "hour"), (mins, "minute"))
        if n
    ]
    return " ".join(parts) or "0 minutes"


# --- machine stamps: parts of stored keys and ids, never shown as prose; never change them ---


def key_stamp(value: datetime) -> str:
    """``2003-10-15T13:00:00Z`` for a UTC ``value``: a moment inside a delivery key."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def compact_stamp(value: datetime) -> str:
    """``20031015T130000Z`` for a UTC ``value``: a moment inside a notice key."""
    return value.strftime("%Y%m%dT%H%M%SZ")


# --- in the participant's language (issue 17): English reads exactly as above -------------

# Babel's patterns for a day as an agenda names it; other languages fall back to English.
_DAY_PATTERNS = {"fr": "EEEE d MMMM", "es": "EEEE d 'de' MMMM"}
_DATE_PATTERNS = {"fr": "d MMMM y", "es": "d 'de' MMMM 'de' y"}
_DAY_YEAR_PATTERNS = {"fr": "EEEE d MMMM y", "es": "EEEE d 'de' MMMM 'de' y"}
_SHORT_DAY_PATTERNS = {"fr": "EEE d MMM", "es": "EEE d MMM"}
_SHORT_DAY_YEAR_PATTERNS = {"fr": "EEE d MMM y", "es": "EEE d MMM y"}


# Babel formats a date in tens of microseconds; an agenda has a handful of days, asked again
# and again, so each day's words are kept (bounded: a long-running server sees new days).
@lru_cache(maxsize=4096)
def _babel_date(value: date, pattern: str, language: str) -> str:
    from babel.dates import format_date  # Babel's locale data loads only when needed

    return str(format_date(value, pattern, locale=language))


def _in_language(value: date, language: str, patterns: dict[str, str], english: str) -> str:
    """``value`` by ``language``'s pattern; ``english`` (our own words) for English and the rest."""
    pattern = patterns.get(language)
    return english if pattern is None else _babel_date(value, pattern, language)


def localized_day(value: date, language: str = "en") -> str:
    """``Thursday 16 October``, ``jeudi 16 octobre``, ``jueves 16 de octubre``."""
    return _in_language(value, language, _DAY_PATTERNS, day_label(value))


def localized_date(value: date, language: str = "en") -> str:
    """``16 October 2003``, ``16 octobre 2003``, ``16 de octubre de 2003``."""
    return _in_language(value, language, _DATE_PATTERNS, long_date(value))


def localized_time(value: time, language: str = "en") -> str:
    """``15:30`` (English, Spanish); French typography: ``15 h``, ``15 h 30``."""
    if language == "fr":
        return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"
    return time_of_day(value)


def localized_span(start: datetime, end: datetime | None, zone_name: str, language: str = "en") -> str:
    """``15:00–18:00``; in French ``15 h – 18 h`` (spaced dash, as French typography sets it)."""
    zone = ZoneInfo(zone_name)
    first = localized_time(start.astimezone(zone).time(), language)
    if end is None:
        return first
    last = localized_time(end.astimezone(zone).time(), language)
    return f"{first} – {last}" if language == "fr" else f"{first}–{last}"


def day_and_span(start: datetime, end: datetime | None, zone_name: str, language: str = "en") -> str:
    """``jeudi 16 octobre, 15 h – 18 h``, ``jueves 16 de octubre, 15:00–18:00``,
    ``Thursday 16 October, 15:00–18:00``: when a session is, in the meeting's zone."""
    day = start.astimezone(ZoneInfo(zone_name)).date()
    return f"{localized_day(day, language)}, {localized_span(start, end, zone_name, language)}"


def localized_day_with_year(value: date, language: str = "en") -> str:
    """``Thursday 16 October 2003``, ``jeudi 16 octobre 2003``, ``jueves 16 de octubre de 2003``."""
    return _in_language(value, language, _DAY_YEAR_PATTERNS, day_label_with_year(value))


def localized_short_day(value: date, language: str = "en", *, year: bool = False) -> str:
    """``short_day`` in ``language``: ``jeu. 16 oct.``, ``jue 16 oct``."""
    patterns = _SHORT_DAY_YEAR_PATTERNS if year else _SHORT_DAY_PATTERNS
    return _in_language(value, language, patterns, short_day(value, year=year))


def _short_weekday(value: date, language: str) -> str:
    return _babel_date(value, "EEE", language)


def localized_when(value: datetime, meeting_zone: str, viewer_zone: str | None, language: str, both: str) -> str:
    """``when`` in ``language``; ``both`` is the translated "{ours} {zone} time ({theirs} your time)"."""
    if language not in _DAY_PATTERNS:
        return when(value, meeting_zone, viewer_zone)
    ours = localized_time(value.astimezone(ZoneInfo(meeting_zone)).time(), language)
    if not viewer_zone or _same_offset(value, meeting_zone, viewer_zone):
        return ours
    local = value.astimezone(ZoneInfo(viewer_zone))
    theirs = localized_time(local.time(), language)
    if local.date() != value.astimezone(ZoneInfo(meeting_zone)).date():
        theirs = f"{_short_weekday(local.date(), language)} {theirs}"
    return both.format(ours=ours, zone=zone_label(meeting_zone), theirs=theirs)


def localized_span_for(
    start: datetime | None, end: datetime | None, meeting_zone: str, viewer_zone: str | None, language: str,
    *, both: str, unknown: str,
) -> str:
    """``span`` in ``language``: ``both`` as for ``localized_when``, ``unknown`` for an untimed session."""
    if language not in _DAY_PATTERNS:
        return span(start, end, meeting_zone, viewer_zone)
    if start is None:
        return unknown
    if end is None:
        return localized_when(start, meeting_zone, viewer_zone, language, both)
    ours = localized_span(start, end, meeting_zone, language)
    if not viewer_zone or _same_offset(start, meeting_zone, viewer_zone):
        return ours
    theirs = localized_span(start, end, viewer_zone, language)
    local_day = start.astimezone(ZoneInfo(viewer_zone)).date()
    if local_day != start.astimezone(ZoneInfo(meeting_zone)).date():
        theirs = f"{_short_weekday(local_day, language)} {theirs}"
    return both.format(ours=ours, zone=zone_label(meeting_zone), theirs=theirs)
