"""Reading an icalendar component's properties, and the calendar-wide ones: zone and people."""

from __future__ import annotations

import json
import re
from typing import Any

import icalendar
from icalendar import vText
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from store.importers.common import check_zone, zone_for_venue
from store.importers.ics.description import people_from_json
from store.importers.ics.names import X_PEOPLE, X_TIMEZONE, X_VENUE, Warn
from store.values import AgendaImportError, Person

_ESCAPE = re.compile(r"\\([\\;,nN])")

def unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def prop_dt(component: icalendar.cal.Component, name: str) -> object:
    """A date, date-time or duration property's value; None when the property is absent.
    (The property types icalendar declares don't all have .dt, hence the getattr.)"""
    return getattr(component.get(name), "dt", None)


def prop_text(component: icalendar.cal.Component, name: str) -> str:
    """A text property's value; X- properties arrive still escaped, so unescape them."""
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):  # a property given twice: the first one counts
        value = value[0]
    return str(value) if isinstance(value, vText) else unescape(str(value))


def valid_zone(name: str) -> bool:
    try:
        check_zone(name)
    except AgendaImportError:
        return False
    return True


def meeting_zone(
    cal: icalendar.Calendar, events: list[icalendar.Event], tz: str | None, source: str, warn: Warn
) -> str:
    """tz, else X-WR-TIMEZONE, else a VTIMEZONE's (or an event's) zone, else the venue's, else UTC."""
    if tz:
        return check_zone(tz, source)
    named = prop_text(cal, X_TIMEZONE).strip()
    if named:
        if valid_zone(named):
            return named
        warn(None, f"X-WR-TIMEZONE {named!r} is not an IANA time zone; ignored")
    for vtz in cal.walk("VTIMEZONE"):
        tzid = prop_text(vtz, "TZID").strip().strip('"')
        # Outlook and Exchange name zones the Windows way ("W. Europe Standard Time").
        tzid = WINDOWS_TO_OLSON.get(tzid, tzid)
        if tzid and valid_zone(tzid):
            return tzid
    for event in events:
        # icalendar maps some non-IANA TZIDs (Outlook's "W. Europe Standard Time") to zones.
        start = event.get("DTSTART")
        key = getattr(getattr(getattr(start, "dt", None), "tzinfo", None), "key", None)
        if isinstance(key, str) and key and key != "UTC" and valid_zone(key):
            return key
    places = [prop_text(cal, X_VENUE)] + [prop_text(e, "LOCATION") for e in events]
    for place in places:
        zone = zone_for_venue(place) if place else None
        if zone:
            return zone
    warn(
        None, "the calendar names no time zone; times are shown in UTC (import with --tz AREA/CITY)"
    )
    return "UTC"


def people_details(value: str, items: int) -> dict[str, Any] | None:
    """``X-AGENDABOT-PEOPLE`` of an event, when it reads and fits its items."""
    if not value:
        return None
    try:
        details = json.loads(value)
    except ValueError:
        return None
    if not isinstance(details, dict) or not isinstance(details.get("items"), list):
        return None
    extras = details["items"]
    if len(extras) != items or not all(isinstance(e, dict) for e in extras):
        return None
    return details


def meeting_people(cal: icalendar.Calendar) -> tuple[Person, ...]:
    raw = prop_text(cal, X_PEOPLE)
    try:
        return people_from_json(json.loads(raw)) if raw else ()
    except ValueError:
        return ()


# A series with no end is read this far from its first occurrence, and no further than
