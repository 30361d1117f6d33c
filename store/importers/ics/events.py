"""What one event says beyond its properties: the days it covers, whether it is the meeting
itself (an envelope), its speakers and chairs."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from zoneinfo import ZoneInfo

import icalendar

from store.importers.ics.names import X_SESSION, Warn
from store.importers.ics.properties import prop_dt, prop_text
from store.values import Person, Role


def event_days(event: icalendar.Event, zone: ZoneInfo) -> tuple[date, date]:
    """The first and last calendar day an event covers, in the meeting's zone."""
    start = prop_dt(event, "DTSTART")
    end = prop_dt(event, "DTEND")
    if isinstance(start, datetime):
        first = aware(start, zone).date()
        last = aware(end, zone).date() if isinstance(end, datetime) else first
        if isinstance(end, datetime) and aware(end, zone).time() == time(0) and last > first:
            last -= timedelta(days=1)  # ends at midnight: the day before is its last
        return first, max(first, last)
    if not isinstance(start, date):
        raise TypeError(f"DTSTART is not a date: {start!r}")  # callers pass dated events only
    last = end - timedelta(days=1) if isinstance(end, date) and end > start else start
    return start, last


def find_envelope(events: list[icalendar.Event], zone: ZoneInfo) -> icalendar.Event | None:
    """The event that is the meeting itself, as Indico writes it beside the contributions:
    one event of several days whose span holds every other event. Not a session."""
    if len(events) < 2:
        return None
    # Indico's contributions name their event (RELATED-TO); other tools' only enclose it.
    related = {prop_text(e, "RELATED-TO").strip() for e in events} - {""}
    named = [e for e in events if prop_text(e, "UID").strip() in related]
    if len(named) == 1:
        return named[0]
    timed = [e for e in events if isinstance(prop_dt(e, "DTSTART"), date) and e.get(X_SESSION) is None]
    if len(timed) != len(events):
        return None
    spans = [(_instants(e, zone), e) for e in timed]
    for (start, end), event in spans:
        first, last = event_days(event, zone)
        if last > first and all(
            start <= other_start and other_end <= end
            for (other_start, other_end), other in spans
            if other is not event
        ):
            return event
    return None


def _instants(event: icalendar.Event, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """When an event starts and ends; a date is its whole day in the meeting's zone."""
    def moment(value: object, fallback: datetime) -> datetime:
        if isinstance(value, datetime):
            return aware(value, zone)
        if isinstance(value, date):
            return datetime.combine(value, time(0), zone)
        return fallback

    start = moment(prop_dt(event, "DTSTART"), datetime.min.replace(tzinfo=zone))
    default_end = start + (timedelta(days=1) if not isinstance(prop_dt(event, "DTSTART"), datetime) else timedelta(0))
    return start, moment(prop_dt(event, "DTEND"), default_end)


def days_of(
    day: date, starts_at: datetime | None, ends_at: datetime | None, summary: str, line: int | None, warn: Warn
) -> list[tuple[date, datetime | None, datetime | None]]:
    """A timed event running over several days ("9 May 09:00 – 13 May 18:00") is a session
    on each of its days, at the same hours; any other event is one session on its day."""
    if starts_at is None or ends_at is None or ends_at.date() <= starts_at.date():
        return [(day, starts_at, ends_at)]
    days = (ends_at.date() - starts_at.date()).days + 1
    if ends_at.timetz() <= starts_at.timetz():
        return [(day, starts_at, ends_at)]  # an evening running into the night
    warn(
        line,
        f"{summary!r} runs over {days} days; read as one session a day, "
        f"{starts_at:%H:%M}–{ends_at:%H:%M}",
    )
    zone = starts_at.tzinfo
    return [
        (
            d,
            datetime.combine(d, starts_at.time(), zone),
            datetime.combine(d, ends_at.time(), zone),
        )
        for d in (starts_at.date() + timedelta(days=n) for n in range(days))
    ]


_SPEAKERS = re.compile(r"^Speakers?:\s*(?P<names>.+)$", re.IGNORECASE)


def speakers_line(description: str) -> tuple[tuple[Person, ...], str]:
    """A first line "Speakers: Ann Smith (IOM), Bo Li", as Indico writes it, as people; and
    the description without it. Commas inside an affiliation's parentheses stay there."""
    first, _, rest = description.partition("\n")
    m = _SPEAKERS.match(first.strip())
    if m is None:
        return (), description
    people = []
    for part in re.split(r",\s*(?![^()]*\))", m.group("names")):
        part = " ".join(part.split())
        named = re.match(r"^(.+?)\s*\(([^()]*)\)$", part)
        if named:
            people.append(Person(named.group(1), Role.SPEAKER, named.group(2).strip()))
        elif part:
            people.append(Person(part, Role.SPEAKER))
    return tuple(people), rest.strip()


def chairs(event: icalendar.Event) -> tuple[Person, ...]:
    """An event's ATTENDEEs with ROLE=CHAIR. Other attendees are invitees, not speakers."""
    attendees = event.get("ATTENDEE")
    if attendees is None:
        return ()
    found = []
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        params = getattr(attendee, "params", {})
        name = str(params.get("CN", "")).strip()
        if name and str(params.get("ROLE", "")).upper() == "CHAIR":
            found.append(Person(name, Role.CHAIR))
    return tuple(found)


def file_title(source: str) -> str:
    """A title from the file's name ("ifad-council_2024.ics" → "ifad council 2024")."""
    if not source or source.startswith("<"):
        return ""
    stem = PurePath(source).stem
    return " ".join(re.split(r"[-_.\s]+", stem)).strip()


def local_time(value: object, zone: ZoneInfo) -> datetime | None:
    """A date-time in the meeting's zone; None for anything else (a date: all day)."""
    if not isinstance(value, datetime):
        return None
    return aware(value, zone)


def aware(value: datetime, zone: ZoneInfo) -> datetime:
    if value.tzinfo is None:  # a floating time is wall-clock time where the meeting is
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)

