"""iCalendar (RFC 5545) agendas: anyone's calendar, and agendabot's own exports.

A VEVENT becomes one session. Two kinds are told apart per event:

- agendabot's own (it carries ``X-AGENDABOT-SESSION``): the session's items
  are read back from DESCRIPTION, written in the format below, and a few
  ``X-AGENDABOT-*`` properties carry what a calendar has no field for (the
  day a session is listed under, its room, the items' kinds). Our export
  re-imports to an equal agenda (documents aside: ICS has no place for them).
- anyone else's (a conference calendar, an Outlook invite): a session holding
  one item, the event itself; its description stays free text.

The DESCRIPTION format, one line per item, indented lines belonging to the
item above (times are the meeting zone's, a date is added when it is not the
session's day)::

    Moderator: Eva Roe (FAO)
    10:00–10:30 IX. Rapporteur's report
      - a sub-point
      Room: Room XIX
      Speaker: Ann Smith (UNDP)
      Discussant: Bo Li
      > free description text
    2014-12-28 00:15–2014-12-28 01:15 • An unnumbered item

Lines naming the session's people come first. The people and rooms read for
people are also written exactly, with their roles and affiliations, as JSON in
``X-AGENDABOT-PEOPLE`` (the session's and its items'); the session's people are
ATTENDEEs too (CN, ROLE) for calendars to show. Older exports wrote an item's
people as one "Speakers: A, B" line; it still reads.

Sessions with no times are all-day events (DTSTART;VALUE=DATE) on their day.

The package: ``names`` (the properties of our exports), ``description`` (the
DESCRIPTION format, both ways), ``layout`` (line numbers for messages),
``properties`` (reading properties; the calendar's zone and people),
``series`` (repeating events), ``events`` (what one event covers and names),
``reader`` (the steps from text to Meeting). store.exporters writes with the
same names and format.
"""

from __future__ import annotations

from store.importers.ics.description import (
    BULLET,
    items_tags,
    items_text,
    people_from_json,
    people_json,
    person_line,
    read_items,
    read_person_line,
    role_label,
    session_details,
)
from store.importers.ics.events import speakers_line
from store.importers.ics.names import (
    PRODID,
    X_CALDESC,
    X_CALNAME,
    X_DATES,
    X_DAY,
    X_ITEMS,
    X_ORGANIZER,
    X_PEOPLE,
    X_ROOM,
    X_SESSION,
    X_SLUG,
    X_TIMEZONE,
    X_UID,
    X_VENUE,
    Warn,
)
from store.importers.ics.reader import read_calendar
from store.importers.ics.series import MAX_OCCURRENCES, SERIES_HORIZON
from store.values import AgendaImportError, ImportResult

__all__ = [
    "BULLET",
    "MAX_CALENDAR_CHARS",
    "MAX_OCCURRENCES",
    "PRODID",
    "SERIES_HORIZON",
    "X_CALDESC",
    "X_CALNAME",
    "X_DATES",
    "X_DAY",
    "X_ITEMS",
    "X_ORGANIZER",
    "X_PEOPLE",
    "X_ROOM",
    "X_SESSION",
    "X_SLUG",
    "X_TIMEZONE",
    "X_UID",
    "X_VENUE",
    "Warn",
    "items_tags",
    "items_text",
    "parse",
    "people_from_json",
    "people_json",
    "person_line",
    "read_items",
    "read_person_line",
    "role_label",
    "session_details",
    "sniff",
    "speakers_line",
]

# A meeting's calendar is kilobytes; parsing costs about a second per 1.5 MB.
MAX_CALENDAR_CHARS = 10_000_000


def sniff(text: str, suffix: str) -> bool:
    if suffix in (".ics", ".ical", ".icalendar"):
        return True
    return text.lstrip("\ufeff \t\r\n")[:40].upper().startswith("BEGIN:VCALENDAR")


def parse(
    text: str, *, source: str = "<input>", tz: str | None = None, slug: str | None = None
) -> ImportResult:
    text = text.removeprefix("\ufeff")  # a BOM that reached us in a str (pasted, not loaded)
    if len(text) > MAX_CALENDAR_CHARS:
        raise AgendaImportError(
            f"the calendar is {len(text) / 1e6:.1f} million characters; at most "
            f"{MAX_CALENDAR_CHARS // 1_000_000} million are read (is it a whole year of someone's calendar?)",
            path=source,
        )
    return read_calendar(text, source=source, tz=tz, slug=slug)
