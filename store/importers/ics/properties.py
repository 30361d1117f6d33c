"""Reading an icalendar component's properties, and the calendar-wide ones: zone and people."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from icalendar import vText
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from store.importers.common import canonical_zone, check_zone, zone_for_venue
from store.importers.ics.description import people_from_json
from store.importers.ics.names import X_CALNAME, X_PEOPLE, X_TIMEZONE, X_VENUE, Warn
from store.importers.venue_tz import zone_for_place
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


# Outlook and Exchange sometimes name a zone by its Windows display name instead:
# "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna" (also localised: "Rom, Wien")
# or "(UTC-05:00) Eastern Time (US & Canada)".
_DISPLAY_NAME = re.compile(r"^\(\s*(?:UTC|GMT)\s*(?:([+-])(\d{1,2}):?(\d{2}))?\s*\)\s*(.+)$", re.IGNORECASE)
_WINDOWS_ZONES = frozenset(WINDOWS_TO_OLSON.values())


def _display_name_zone(tzid: str) -> str | None:
    """The IANA zone a Windows display name stands for: its "… Time (…)" as a Windows zone
    name, else the listed city that a Windows zone is named after (Berlin, not Amsterdam, for
    "W. Europe"), else the first listed city whose offset is the stated one."""
    match = _DISPLAY_NAME.match(tzid.strip())
    if match is None:
        return None
    sign, hours, minutes, rest = match.groups()
    spoken = re.sub(r"\s*\(.*?\)\s*", " ", rest).strip()
    if spoken.lower().endswith(" time"):
        standard = WINDOWS_TO_OLSON.get(spoken[: -len(" time")] + " Standard Time")
        if standard:
            return standard
    offset = None if hours is None else (1 if sign == "+" else -1) * (int(hours) * 60 + int(minutes))
    cities = [zone_for_venue(city.strip()) for city in rest.split(",") if city.strip()]
    fitting = [zone for zone in cities if zone and (offset is None or _standard_offset(zone) == offset)]
    preferred = [zone for zone in fitting if zone in _WINDOWS_ZONES]
    return next(iter(preferred or fitting), None)


def _standard_offset(zone: str) -> int:
    """The zone's offset from UTC in January and July, the smaller (standard time), in minutes."""
    info = ZoneInfo(zone)
    offsets = [datetime(2021, month, 1, tzinfo=info).utcoffset() or timedelta(0) for month in (1, 7)]
    return int(min(offsets).total_seconds() // 60)


def zone_of_tzid(tzid: str) -> str | None:
    """An IANA zone for a TZID as calendars write it: IANA, Windows ("W. Europe Standard
    Time") or Windows display name; old aliases under their current name."""
    tzid = tzid.strip().strip('"')
    if not tzid:
        return None
    named = WINDOWS_TO_OLSON.get(tzid, tzid)
    if valid_zone(named):
        return canonical_zone(named)
    return _display_name_zone(tzid)


def _first_month(part: icalendar.cal.Component) -> int:
    """The month a STANDARD/DAYLIGHT rule starts in: its RRULE's BYMONTH (Exchange dates them
    all 1 January 1601), else its DTSTART's."""
    months = (part.get("RRULE") or {}).get("BYMONTH") or []
    if months and str(months[0]).isdigit():
        return int(months[0])
    start = prop_dt(part, "DTSTART")
    return start.month if isinstance(start, datetime) else 0


def zone_by_rules(vtz: icalendar.cal.Component) -> str | None:
    """A zone (one a Windows zone stands for) with the offsets a VTIMEZONE of an unknown name
    defines in winter and summer: Outlook's "Customized Time Zone" is a real zone's rules
    under no name, and any zone with those rules shows its wall-clock times right."""
    offsets: dict[str, timedelta] = {}
    daylight_month = 0
    for part in vtz.subcomponents:
        offset = getattr(part.get("TZOFFSETTO"), "td", None)
        if isinstance(offset, timedelta) and part.name in ("STANDARD", "DAYLIGHT"):
            offsets.setdefault(part.name, offset)
            if part.name == "DAYLIGHT":
                daylight_month = _first_month(part)
    if "STANDARD" not in offsets:
        return None
    standard, summer = offsets["STANDARD"], offsets.get("DAYLIGHT", offsets["STANDARD"])
    # Summer time in July north of the equator (daylight starting March-June), in January south.
    january, july = (standard, summer) if daylight_month == 0 or 2 <= daylight_month <= 6 else (summer, standard)
    for zone in WINDOWS_TO_OLSON.values():
        info = ZoneInfo(zone)
        if (datetime(2021, 1, 15, tzinfo=info).utcoffset(), datetime(2021, 7, 15, tzinfo=info).utcoffset()) == (
            january,
            july,
        ):
            return zone
    return None


def meeting_zone(
    cal: icalendar.Calendar, events: list[icalendar.Event], tz: str | None, source: str, warn: Warn
) -> str:
    """tz, else X-WR-TIMEZONE, else a VTIMEZONE's (or an event's) zone, else the venue's, else UTC."""
    if tz:
        return check_zone(tz, source)
    named = prop_text(cal, X_TIMEZONE).strip()
    if named:
        if valid_zone(named):
            return canonical_zone(named)
        warn(None, f"X-WR-TIMEZONE {named!r} is not an IANA time zone; ignored")
    for vtz in cal.walk("VTIMEZONE"):
        zone = zone_of_tzid(prop_text(vtz, "TZID"))
        if zone:
            return zone
    for event in events:
        # icalendar maps some non-IANA TZIDs (Outlook's "W. Europe Standard Time") to zones.
        start = event.get("DTSTART")
        key = getattr(getattr(getattr(start, "dt", None), "tzinfo", None), "key", None)
        if isinstance(key, str) and key and key != "UTC" and valid_zone(key):
            return canonical_zone(key)
        # A TZID with no VTIMEZONE to define it (the times then arrive floating).
        tzid = getattr(start, "params", {}).get("TZID") if start is not None else None
        zone = zone_of_tzid(str(tzid)) if tzid else None
        if zone:
            return zone
    places = [prop_text(cal, X_VENUE)] + [prop_text(e, "LOCATION") for e in events]
    for place in places:
        zone = zone_for_venue(place) if place else None
        if zone:
            return zone
    for vtz in cal.walk("VTIMEZONE"):
        zone = zone_by_rules(vtz)
        if zone:
            warn(
                None,
                f"the calendar's zone {prop_text(vtz, 'TZID')!r} is not a known name; its offsets are those "
                f"of {zone}, used for the times (import with --tz AREA/CITY for the real one)",
            )
            return zone
    zone = _zone_from_titles(cal, events, warn)
    if zone:
        return zone
    warn(
        None, "the calendar names no time zone; times are shown in UTC (import with --tz AREA/CITY)"
    )
    return "UTC"


def _zone_from_titles(cal: icalendar.Calendar, events: list[icalendar.Event], warn: Warn) -> str | None:
    """The zone of a place the calendar's or events' titles name, when nothing else does.

    Sports and club feeds (PrestoSports, team sites) carry no zone and rarely a
    LOCATION, but say where in the titles: "Salve Regina vs. Wheaton (Mass.)".
    A title is weaker evidence than a location, so the guess is warned about.
    """
    titles = [prop_text(cal, X_CALNAME)] + [prop_text(e, "SUMMARY") for e in events]
    found = zone_for_place("\n".join(t for t in titles if t))
    if found is None:
        return None
    warn(
        None,
        f"the calendar names no time zone; times are read in {found.zone}, from "
        f"{found.place!r} in the event titles (import with --tz AREA/CITY if that is wrong)",
    )
    return found.zone


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
