"""A meeting written out as iCalendar, YAML or JSON.

YAML and JSON are agendabot's own format (store.canonical), so they re-import
to an equal Meeting. iCalendar is for people's calendars: one event per
session with a reminder, and stable UIDs plus a SEQUENCE (the meeting's
revision) so that importing a newer export updates events instead of
duplicating them. The DESCRIPTION grammar lives in store.importers.ics.description, beside
the code that reads it back.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import icalendar
import yaml
from icalendar import vText

from store.canonical import to_dict
from store.ics_lines import EVENT_ORDER, Component, duration
from store.importers import ics
from store.importers.common import slugify
from store.values import Meeting, Person, Role, Session

FORMATS = ("ics", "yaml", "json")


def export_meeting(
    meeting: Meeting, fmt: str, *, revision: int = 0, stamp: datetime | None = None
) -> str:
    """``meeting`` as text in ``fmt`` (one of FORMATS).

    ``revision`` becomes each event's SEQUENCE; ``stamp`` its DTSTAMP (when
    the agenda was last changed: pass the revision's time for byte-identical
    re-exports; defaults to now). Both matter to iCalendar only.
    """
    if fmt == "ics":
        return to_ics(meeting, revision=revision, stamp=stamp)
    if fmt == "yaml":
        return to_yaml(meeting)
    if fmt == "json":
        return json.dumps(to_dict(meeting), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


# --- YAML -----------------------------------------------------------------------------

# Strings a YAML 1.1 reader would turn into something else (10:00 is the
# sexagesimal 600, 2003-10-15 a date): always written quoted.
_LOOKS_TYPED = re.compile(r"^(\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}([T ].*)?)$")


class _Dumper(yaml.SafeDumper):
    """Block style, times and dates quoted, long texts as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _LOOKS_TYPED.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        # PyYAML falls back to quoting by itself when a literal block cannot hold the text.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def to_yaml(meeting: Meeting) -> str:
    data: dict[str, Any] = to_dict(meeting)
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


# --- iCalendar --------------------------------------------------------------------------


def summary(session: Session) -> str:
    if session.room and session.room.casefold() not in session.title.casefold():
        return f"{session.title} ({session.room})"
    return session.title


# RFC 5545 has four participation roles; who leads a session is its CHAIR.
_LEADS = {Role.CHAIR, Role.CO_CHAIR, Role.VICE_CHAIR, Role.MODERATOR, Role.FACILITATOR}


def _attendees(session: Session) -> list[Person]:
    """The session's people, then its items' people, each name once."""
    seen: set[str] = set()
    out = []
    for person in (*session.people, *(p for i in session.items for p in i.people)):
        if person.name.casefold() not in seen:
            seen.add(person.name.casefold())
            out.append(person)
    return out


def session_uids(meeting: Meeting) -> list[str]:
    """One UID per session, from the meeting's slug and the session's key.

    The same session in a later revision keeps its UID, so calendars update
    the event. Sessions whose keys read alike get -2, -3 in agenda order.
    """
    seen: Counter[str] = Counter()
    out = []
    for session in meeting.sessions:
        if session.uid:  # the identity its source gave it, kept so calendars update the event
            seen[session.uid] += 1
            suffix = f"-{seen[session.uid]}" if seen[session.uid] > 1 else ""
            out.append(session.uid + suffix)
            continue
        parts = [meeting.slug, session.day.isoformat(), slugify(session.title)]
        if session.room and slugify(session.room) != parts[-1]:  # "Hall A" in "Hall A" once
            parts.append(slugify(session.room))
        base = ".".join(parts)
        seen[base] += 1
        suffix = f"-{seen[base]}" if seen[base] > 1 else ""
        out.append(f"{base}{suffix}@agendabot")
    return out


def to_ics(meeting: Meeting, *, revision: int = 0, stamp: datetime | None = None) -> str:
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    zone = ZoneInfo(meeting.timezone)
    events = []
    for session, uid in zip(meeting.sessions, session_uids(meeting), strict=True):
        event = session_event(meeting, session, uid, zone, stamp)
        event.raw("SEQUENCE", str(revision))
        if session.starts_at:
            # A reminder on an all-day event would ring the evening before; none there.
            lead = meeting.reminder_lead_minutes
            event.subcomponents.append(alarm(f"{summary(session)} starts in {lead} minutes", lead))
        events.append(event.to_ical())
    return join(calendar(meeting), events).decode("utf-8")


def join(cal: icalendar.Calendar, events: Iterable[bytes]) -> bytes:
    """``cal`` (its properties and time zones) with the serialized ``events`` in it."""
    head: bytes = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return b"".join((head[: -len(end)], *events, end))


def session_event(meeting: Meeting, session: Session, uid: str, zone: ZoneInfo, stamp: datetime) -> Component:
    """A session's event, as the export and the web feeds show it: no SEQUENCE, no alarm."""
    event = Component("VEVENT", EVENT_ORDER)
    event.text("UID", uid)
    event.when("DTSTAMP", stamp)
    event.text("SUMMARY", summary(session))
    _add_times(event, session, zone)
    location = ", ".join(p for p in (session.room, meeting.venue) if p)
    if location:
        event.text("LOCATION", location)
    _add_contents(event, session, zone)
    return event


def alarm(description: str, minutes: int) -> Component:
    """A display alarm ``minutes`` before the event starts."""
    out = Component("VALARM")
    out.raw("ACTION", "DISPLAY")
    out.text("DESCRIPTION", description)
    out.raw("TRIGGER", duration(timedelta(minutes=-minutes)))
    return out


def calendar(meeting: Meeting) -> icalendar.Calendar:
    """The meeting's calendar without events: its properties, and the VTIMEZONE of its zone
    for the years its timed sessions span."""
    cal = _calendar(meeting)
    zone = ZoneInfo(meeting.timezone)
    timed = [s.starts_at.astimezone(zone) for s in meeting.sessions if s.starts_at]
    if timed:
        # icalendar adds the zones its events use: one stand-in event says which, then goes.
        probe = icalendar.Event()
        probe.add("dtstart", timed[0])
        cal.add_component(probe)
        # Only the years the meeting spans: a VTIMEZONE for 1970-2038 is ~100 lines of RDATEs.
        cal.add_missing_timezones(first_date=date(min(timed).year, 1, 1),
                                  last_date=date(max(timed).year + 1, 1, 1))
        cal.subcomponents.remove(probe)
    return cal


def _calendar(meeting: Meeting) -> icalendar.Calendar:
    """The calendar's own properties: what a re-import needs of the meeting beyond its sessions."""
    cal = icalendar.Calendar()
    cal.add("prodid", ics.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # vText escapes commas and newlines; a plain str in an X- property would not be.
    cal.add(ics.X_CALNAME, vText(meeting.title))
    cal.add(ics.X_TIMEZONE, vText(meeting.timezone))
    if meeting.overview:
        cal.add(ics.X_CALDESC, vText(meeting.overview))
    cal.add(ics.X_SLUG, vText(meeting.slug))
    if meeting.venue:
        cal.add(ics.X_VENUE, vText(meeting.venue))
    if meeting.organizer:
        cal.add(ics.X_ORGANIZER, vText(meeting.organizer))
    cal.add(ics.X_DATES, vText(f"{meeting.start_date.isoformat()}/{meeting.end_date.isoformat()}"))
    if meeting.people:
        cal.add(ics.X_PEOPLE, vText(json.dumps(ics.people_json(meeting.people), ensure_ascii=False)))
    return cal


def _add_times(event: Component, session: Session, zone: ZoneInfo) -> None:
    if session.starts_at:
        event.when("DTSTART", session.starts_at.astimezone(zone))
        if session.ends_at:
            event.when("DTEND", session.ends_at.astimezone(zone))
    else:
        # No time yet: an all-day event keeps the session visible on its day.
        # (A session with an end but no start is shown the same way.)
        event.when("DTSTART", session.day)
        event.when("DTEND", session.day + timedelta(days=1))


def _add_contents(event: Component, session: Session, zone: ZoneInfo) -> None:
    """The session's items and people, for calendars (DESCRIPTION, ATTENDEE) and exactly for
    our re-import (X-AGENDABOT-*)."""
    if session.items or session.people:
        event.text("DESCRIPTION", ics.items_text(session, zone))
    if session.items:
        event.text(ics.X_ITEMS, ics.items_tags(session))
    if session.people or any(i.people or i.room for i in session.items):
        event.text(ics.X_PEOPLE, ics.session_details(session))
    for person in _attendees(session):
        role = "CHAIR" if person.role in _LEADS else "REQ-PARTICIPANT"
        attendee(event, person, role, [("X-AGENDABOT-ROLE", str(person.role))])
    event.text(ics.X_SESSION, session.title)
    if session.room:
        event.text(ics.X_ROOM, session.room)
    event.text(ics.X_DAY, session.day.isoformat())
    if session.uid:
        event.text(ics.X_UID, session.uid)


def attendee(event: Component, person: Person, role: str, params: Sequence[tuple[str, str]] = ()) -> None:
    """``person`` as an ATTENDEE of ``event``. People on an agenda have no e-mail address;
    a URN is a valid cal-address that no calendar will try to mail."""
    event.raw("ATTENDEE", _urn(person.name), [("CN", person.label), ("ROLE", role), *params])


@lru_cache(maxsize=4096)
def _urn(name: str) -> str:
    return f"urn:agendabot:person:{quote(name, safe='')}"
