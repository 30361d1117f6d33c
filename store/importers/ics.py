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
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from icalendar import vText
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from store.importers.common import check_zone, meeting_slug, zone_for_venue
from store.importers.kinds import guess_kind
from store.values import (
    DEFAULT_REMINDER_LEAD_MINUTES,
    AgendaImportError,
    Day,
    ImportResult,
    ImportWarning,
    Item,
    ItemKind,
    Meeting,
    Person,
    Role,
    Session,
)

PRODID = "-//agendabot//agendabot//EN"

# Calendar-level properties of our exports (X-WR-* are read by Apple, Google
# and Outlook; X-AGENDABOT-* by nobody but us).
X_CALNAME = "X-WR-CALNAME"
X_TIMEZONE = "X-WR-TIMEZONE"
X_CALDESC = "X-WR-CALDESC"
X_SLUG = "X-AGENDABOT-SLUG"
X_VENUE = "X-AGENDABOT-VENUE"
X_ORGANIZER = "X-AGENDABOT-ORGANIZER"
X_DATES = "X-AGENDABOT-DATES"
# Event-level properties of our exports.
X_SESSION = "X-AGENDABOT-SESSION"
X_ROOM = "X-AGENDABOT-ROOM"
X_DAY = "X-AGENDABOT-DAY"
X_ITEMS = "X-AGENDABOT-ITEMS"
X_PEOPLE = "X-AGENDABOT-PEOPLE"
# Set only when the session has a UID of its own source (ours are derived from its key).
X_UID = "X-AGENDABOT-UID"

BULLET = "• "
# A meeting's calendar is kilobytes; parsing costs about a second per 1.5 MB.
MAX_CALENDAR_CHARS = 10_000_000
_TIME = r"(?:\d{4}-\d{2}-\d{2} )?\d{1,2}:\d{2}"
_TIMED_LINE = re.compile(rf"^(?P<start>{_TIME})?(?:[–-](?P<end>{_TIME}))? (?P<rest>.*)$")
_ESCAPE = re.compile(r"\\([\\;,nN])")
Warn = Callable[[int | None, str], None]


def sniff(text: str, suffix: str) -> bool:
    if suffix in (".ics", ".ical", ".icalendar"):
        return True
    return text.lstrip("\ufeff \t\r\n")[:40].upper().startswith("BEGIN:VCALENDAR")


# --- the DESCRIPTION format: written by store.exporters, read by parse() ------------


def _clock(value: datetime, day: date, zone: ZoneInfo) -> str:
    local = value.astimezone(zone)
    return local.strftime("%H:%M") if local.date() == day else local.strftime("%Y-%m-%d %H:%M")


def role_label(role: Role) -> str:
    return "Person" if role is Role.OTHER else str(role).capitalize()


_ROLE_BY_LABEL = {role_label(r).casefold(): r for r in Role}
_PERSON_LINE = re.compile(r"^(?P<role>[A-Za-z-]+): (?P<name>.+?)(?: \((?P<affiliation>[^()]*)\))?$")


def person_line(person: Person) -> str:
    return f"{role_label(person.role)}: {person.label}"


def read_person_line(line: str) -> Person | None:
    """A "Role: Name (Affiliation)" line, or None when the line is not one."""
    m = _PERSON_LINE.match(line.strip())
    role = _ROLE_BY_LABEL.get(m.group("role").casefold()) if m else None
    if m is None or role is None:
        return None
    return Person(m.group("name").strip(), role, (m.group("affiliation") or "").strip())


def people_json(people: tuple[Person, ...]) -> list[list[str]]:
    return [[p.name, str(p.role), p.affiliation] for p in people]


def people_from_json(value: object) -> tuple[Person, ...]:
    """People from ``people_json``'s lists; anything malformed is left out."""
    found = []
    for entry in value if isinstance(value, list) else ():
        if isinstance(entry, list) and len(entry) == 3 and all(isinstance(v, str) for v in entry):
            name, role, affiliation = entry
            if name.strip():
                found.append(Person(name, Role(role) if role in Role._value2member_map_ else Role.OTHER, affiliation))
    return tuple(found)


def session_details(session: Session) -> str:
    """``X-AGENDABOT-PEOPLE``: the session's people and its items' rooms and people, exactly."""
    return json.dumps(
        {
            "people": people_json(session.people),
            "items": [{"room": i.room, "people": people_json(i.people)} for i in session.items],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def items_text(session: Session, zone: ZoneInfo) -> str:
    """The session's people and items as DESCRIPTION text (see the module docstring)."""
    lines: list[str] = [person_line(p) for p in session.people]
    for item in session.items:
        when = ""
        if item.starts_at or item.ends_at:
            start = _clock(item.starts_at, session.day, zone) if item.starts_at else ""
            end = "–" + _clock(item.ends_at, session.day, zone) if item.ends_at else ""
            when = f"{start}{end} "
        label = f"{item.number}. {item.title}" if item.number else BULLET + item.title
        lines.append(when + label)
        lines.extend(f"  - {point}" for point in item.sub_points)
        if item.room:
            lines.append(f"  Room: {item.room}")
        lines.extend("  " + person_line(p) for p in item.people)
        if item.description:
            lines.extend(f"  > {line}" if line else "  >" for line in item.description.split("\n"))
    return "\n".join(lines)


def items_tags(session: Session) -> str:
    """Kinds (and continued items) of the session's items, one token per item."""
    return " ".join(
        str(i.kind) + ("/" + quote(i.continues, safe="") if i.continues else "")
        for i in session.items
    )


def _moment(token: str | None, day: date, written: ZoneInfo, zone: ZoneInfo) -> datetime | None:
    if not token:
        return None
    when_day, _, clock = token.rpartition(" ")
    hours, minutes = (int(p) for p in clock.split(":"))
    moment = datetime.combine(
        date.fromisoformat(when_day) if when_day else day, time(hours, minutes), written
    )
    return moment.astimezone(zone)


def read_items(
    text: str, tags: str, day: date, zone: ZoneInfo, warn: Warn, written: ZoneInfo | None = None
) -> tuple[Item, ...]:
    """Items from DESCRIPTION text in our format; lines it cannot place become warnings.

    Times are read in ``written`` (the zone the export was made in, X-WR-TIMEZONE)
    and given in ``zone``, so importing with another --tz keeps the same instants.
    """
    written = written or zone
    drafts: list[dict[str, object]] = []
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if not line.startswith(" "):
            if not drafts and read_person_line(line) is not None:
                continue  # the session's people, read from X-AGENDABOT-PEOPLE or ATTENDEE
            draft: dict[str, object] = {"sub_points": [], "people": [], "description": [], "room": ""}
            rest = line
            m = _TIMED_LINE.match(line)
            if m and (m.group("start") or m.group("end")):
                try:
                    draft["starts_at"] = _moment(m.group("start"), day, written, zone)
                    draft["ends_at"] = _moment(m.group("end"), day, written, zone)
                except ValueError:
                    warn(None, f"{line!r}: not a time; kept as the title")
                else:
                    rest = m.group("rest")
            if rest.startswith(BULLET):
                draft["number"], draft["title"] = "", rest[len(BULLET) :]
            elif ". " in rest:
                draft["number"], draft["title"] = rest.split(". ", 1)
            else:
                draft["number"], draft["title"] = "", rest
            drafts.append(draft)
            continue
        if not drafts:
            warn(None, f"{line.strip()!r} comes before any item; ignored")
            continue
        current = drafts[-1]
        body = line.strip()
        if line.startswith("  - "):
            current["sub_points"].append(line[4:])  # type: ignore[attr-defined]
        elif line.startswith("  > ") or body == ">":
            current["description"].append(line[4:])  # type: ignore[attr-defined]
        elif body.startswith("Speakers:"):  # older exports: names only
            names = body[len("Speakers:") :]
            sep = ";" if ";" in names else ","
            current["people"].extend(Person(n.strip()) for n in names.split(sep) if n.strip())  # type: ignore[attr-defined]
        elif body.startswith("Room: "):
            current["room"] = body[len("Room: ") :].strip()
        elif (person := read_person_line(body)) is not None:
            current["people"].append(person)  # type: ignore[attr-defined]
        else:
            warn(
                None,
                f"{body!r} under {current['title']!r} is not a sub-point; kept in its description",
            )
            current["description"].append(body)  # type: ignore[attr-defined]

    tokens = tags.split()
    if tokens and len(tokens) != len(drafts):
        warn(None, f"{len(tokens)} item kinds for {len(drafts)} items; kinds guessed from titles")
        tokens = []
    items = []
    for ordinal, draft in enumerate(drafts, start=1):
        title = str(draft["title"])
        kind, continues = guess_kind(title), None
        if tokens:
            name, _, cont = tokens[ordinal - 1].partition("/")
            kind = ItemKind(name) if name in ItemKind._value2member_map_ else kind
            continues = unquote(cont) or None
        items.append(
            Item(
                title=title,
                number=str(draft["number"]),
                ordinal=ordinal,
                kind=kind,
                sub_points=tuple(draft["sub_points"]),  # type: ignore[arg-type]
                starts_at=draft.get("starts_at"),  # type: ignore[arg-type]
                ends_at=draft.get("ends_at"),  # type: ignore[arg-type]
                continues=continues,
                description="\n".join(draft["description"]),  # type: ignore[arg-type]
                room=str(draft["room"]),
                people=tuple(draft["people"]),  # type: ignore[arg-type]
            )
        )
    return tuple(items)


# --- reading a calendar -------------------------------------------------------------


class _Layout:
    """Where things are in the raw text, for messages with line numbers.

    icalendar keeps no line numbers, so the text is pre-scanned: unfolded
    logical lines with the physical line each starts on, BEGIN/END nesting
    checked, and the line of every VEVENT noted in order.
    """

    def __init__(self, text: str, source: str) -> None:
        # Folded pieces are collected and joined once: appending each to a growing string
        # copied it every time, quadratic in a long value (a 4 MB DESCRIPTION took seconds).
        pieces: list[tuple[int, list[str]]] = []
        # Only CR/LF end lines (str.splitlines would also split on U+2028 inside a value).
        for number, raw in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
            if raw[:1] in (" ", "\t") and pieces:
                pieces[-1][1].append(raw[1:])
            elif raw.strip():
                pieces.append((number, [raw]))
        self.lines: list[tuple[int, str]] = [(number, "".join(parts)) for number, parts in pieces]
        self.events: list[int] = []  # index into self.lines of each BEGIN:VEVENT
        stack: list[tuple[str, int]] = []
        for index, (number, line) in enumerate(self.lines):
            if index == 0 and line.strip().upper() != "BEGIN:VCALENDAR":
                raise AgendaImportError(
                    "an iCalendar file starts with BEGIN:VCALENDAR", path=source, line=number
                )
            if not re.match(r"^[A-Za-z0-9_.-]+[;:]", line):
                raise AgendaImportError(
                    f"not an iCalendar line (NAME:VALUE): {line[:60]!r}", path=source, line=number
                )
            name, _, value = line.partition(":")
            name, value = name.upper(), value.strip().upper()
            if name == "BEGIN":
                stack.append((value, number))
                if value == "VEVENT":
                    self.events.append(index)
            elif name == "END":
                if not stack or stack[-1][0] != value:
                    expected = f"END:{stack[-1][0]}" if stack else "nothing more"
                    raise AgendaImportError(
                        f"END:{value} where {expected} was expected", path=source, line=number
                    )
                stack.pop()
                if not stack and index != len(self.lines) - 1:
                    extra = self.lines[index + 1][0]
                    raise AgendaImportError("text after END:VCALENDAR", path=source, line=extra)
        if stack:
            what, number = stack[-1]
            raise AgendaImportError(
                f"BEGIN:{what} is never closed with END:{what}", path=source, line=number
            )

    def property_line(self, event_index: int, name: str) -> int | None:
        """The line of property ``name`` in the ``event_index``-th VEVENT."""
        if event_index >= len(self.events):
            return None
        start = self.events[event_index]
        depth = 0  # properties of a VALARM inside the event are not the event's
        for number, line in self.lines[start + 1 :]:
            key = re.split(r"[;:]", line, maxsplit=1)[0].upper()
            if key == "BEGIN":
                depth += 1
            elif key == "END":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and key == name.upper():
                return number
        return self.lines[start][0]

    def event_line(self, event_index: int) -> int | None:
        """The line of the ``event_index``-th BEGIN:VEVENT."""
        if event_index >= len(self.events):
            return None
        return self.lines[self.events[event_index]][0]


def _unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _text(component: icalendar.cal.Component, name: str) -> str:
    """A text property's value; X- properties arrive still escaped, so unescape them."""
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):  # a property given twice: the first one counts
        value = value[0]
    return str(value) if isinstance(value, vText) else _unescape(str(value))


def _valid_zone(name: str) -> bool:
    try:
        check_zone(name)
    except AgendaImportError:
        return False
    return True


def _meeting_zone(
    cal: icalendar.Calendar, events: list[icalendar.Event], tz: str | None, source: str, warn: Warn
) -> str:
    """tz, else X-WR-TIMEZONE, else a VTIMEZONE's (or an event's) zone, else the venue's, else UTC."""
    if tz:
        return check_zone(tz, source)
    named = _text(cal, X_TIMEZONE).strip()
    if named:
        if _valid_zone(named):
            return named
        warn(None, f"X-WR-TIMEZONE {named!r} is not an IANA time zone; ignored")
    for vtz in cal.walk("VTIMEZONE"):
        tzid = _text(vtz, "TZID").strip().strip('"')
        # Outlook and Exchange name zones the Windows way ("W. Europe Standard Time").
        tzid = WINDOWS_TO_OLSON.get(tzid, tzid)
        if tzid and _valid_zone(tzid):
            return tzid
    for event in events:
        # icalendar maps some non-IANA TZIDs (Outlook's "W. Europe Standard Time") to zones.
        start = event.get("DTSTART")
        key = getattr(getattr(getattr(start, "dt", None), "tzinfo", None), "key", None)
        if key and key != "UTC" and _valid_zone(key):
            return key
    places = [_text(cal, X_VENUE)] + [_text(e, "LOCATION") for e in events]
    for place in places:
        zone = zone_for_venue(place) if place else None
        if zone:
            return zone
    warn(
        None, "the calendar names no time zone; times are shown in UTC (import with --tz AREA/CITY)"
    )
    return "UTC"


def _details(value: str, items: int) -> dict[str, Any] | None:
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


def _meeting_people(cal: icalendar.Calendar) -> tuple[Person, ...]:
    raw = _text(cal, X_PEOPLE)
    try:
        return people_from_json(json.loads(raw)) if raw else ()
    except ValueError:
        return ()


# A series with no end is read this far from its first occurrence, and no further than
# this many occurrences: a meeting's agenda is not an open-ended calendar.
SERIES_HORIZON = timedelta(days=366)
MAX_OCCURRENCES = 2000


def _occurrences(
    cal: icalendar.Calendar, events: list[icalendar.Event], layout: _Layout, warn: Warn, source: str
) -> list[tuple[int, icalendar.Event]]:
    """Every event with its index in the file; a repeating one (RRULE, RDATE) as its
    occurrences, EXDATEs left out and moved occurrences (RECURRENCE-ID) applied."""
    series = {
        _text(e, "UID") for e in events if e.get("RRULE") is not None or e.get("RDATE") is not None
    }
    if not series:
        return list(enumerate(events))
    index_of = {}
    for index, event in enumerate(events):
        if _text(event, "UID") in series and event.get("RECURRENCE-ID") is None:
            index_of.setdefault(_text(event, "UID"), index)
    plain = [(i, e) for i, e in enumerate(events) if _text(e, "UID") not in series]
    sub = icalendar.Calendar()
    for component in cal.walk("VTIMEZONE"):
        sub.add_component(component)
    starts = []
    for event in events:
        if _text(event, "UID") in series:
            sub.add_component(event)
            start = getattr(event.get("DTSTART"), "dt", None)
            if isinstance(start, date):
                starts.append(start.date() if isinstance(start, datetime) else start)
            rule = event.get("RRULE")
            _check_rule(rule, event, events.index(event), layout, source)
            if rule is not None and not (rule.get("COUNT") or rule.get("UNTIL")):
                warn(
                    layout.property_line(events.index(event), "RRULE"),
                    f"{_text(event, 'SUMMARY')!r} repeats with no end; the occurrences of its first year are imported",
                )
    if not starts:
        return plain
    first = min(starts)
    try:
        # Lazily, so an hourly series without end stops at the cap instead of being made whole.
        found = recurring_ical_events.of(sub).between(first, first + SERIES_HORIZON)
    except Exception as exc:  # the library's errors share no base class; all mean a broken rule
        uid = next(iter(series))
        raise AgendaImportError(
            f"the repeating event {uid!r} cannot be expanded: {exc}",
            path=source,
            line=layout.event_line(index_of.get(uid, 0)),
        ) from None
    if len(found) > MAX_OCCURRENCES:
        raise AgendaImportError(
            f"the repeating events make {len(found)} occurrences within a year; at most {MAX_OCCURRENCES} are read",
            path=source,
            line=layout.event_line(min(index_of.values(), default=0)),
        )
    expanded = []
    for occurrence in found:
        uid = _text(occurrence, "UID")
        if occurrence.get("RECURRENCE-ID") is None:  # the library gives every occurrence its own
            occurrence.add("RECURRENCE-ID", occurrence["DTSTART"].dt)
        expanded.append((index_of.get(uid, 0), occurrence))
    return sorted(plain + expanded, key=lambda pair: pair[0])


def _check_rule(rule: Any, event: icalendar.Event, index: int, layout: _Layout, source: str) -> None:
    """Refuse, before expanding it, a rule that repeats more often than any agenda does: a
    series every minute for a year is half a million occurrences to make and then refuse."""
    if rule is None:
        return
    frequency = str((rule.get("FREQ") or [""])[0]).upper()
    count = (rule.get("COUNT") or [None])[0]
    fine_grained = frequency in ("HOURLY", "MINUTELY", "SECONDLY") or any(
        len(rule.get(part) or ()) > 1 for part in ("BYMINUTE", "BYSECOND")
    )
    if fine_grained and not (isinstance(count, int) and count <= MAX_OCCURRENCES):
        raise AgendaImportError(
            f"{_text(event, 'SUMMARY')!r} repeats {frequency.lower() or 'too often'}; "
            f"an agenda's events repeat daily at most (or give a COUNT of at most {MAX_OCCURRENCES})",
            path=source,
            line=layout.property_line(index, "RRULE"),
        )


def _span(event: icalendar.Event, zone: ZoneInfo) -> tuple[date, date]:
    """The first and last calendar day an event covers, in the meeting's zone."""
    start = event["DTSTART"].dt
    end = getattr(event.get("DTEND"), "dt", None)
    if isinstance(start, datetime):
        first = _local(start, zone).date()  # type: ignore[union-attr]
        last = _local(end, zone).date() if isinstance(end, datetime) else first  # type: ignore[union-attr]
        if isinstance(end, datetime) and _local(end, zone).time() == time(0) and last > first:  # type: ignore[union-attr]
            last -= timedelta(days=1)  # ends at midnight: the day before is its last
        return first, max(first, last)
    last = end - timedelta(days=1) if isinstance(end, date) and end > start else start
    return start, last


def _envelope(events: list[icalendar.Event], zone: ZoneInfo) -> icalendar.Event | None:
    """The event that is the meeting itself, as Indico writes it beside the contributions:
    one event of several days whose span holds every other event. Not a session."""
    if len(events) < 2:
        return None
    # Indico's contributions name their event (RELATED-TO); other tools' only enclose it.
    related = {_text(e, "RELATED-TO").strip() for e in events} - {""}
    named = [e for e in events if _text(e, "UID").strip() in related]
    if len(named) == 1:
        return named[0]
    timed = [e for e in events if isinstance(getattr(e.get("DTSTART"), "dt", None), date) and e.get(X_SESSION) is None]
    if len(timed) != len(events):
        return None
    spans = [(_instants(e, zone), e) for e in timed]
    for (start, end), event in spans:
        first, last = _span(event, zone)
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
            return _local(value, zone)  # type: ignore[return-value]
        if isinstance(value, date):
            return datetime.combine(value, time(0), zone)
        return fallback

    start = moment(event["DTSTART"].dt, datetime.min.replace(tzinfo=zone))
    default_end = start + (timedelta(days=1) if not isinstance(event["DTSTART"].dt, datetime) else timedelta(0))
    return start, moment(getattr(event.get("DTEND"), "dt", None), default_end)


def _days_of(
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


def _chairs(event: icalendar.Event) -> tuple[Person, ...]:
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


def _file_title(source: str) -> str:
    """A title from the file's name ("ifad-council_2024.ics" → "ifad council 2024")."""
    if not source or source.startswith("<"):
        return ""
    stem = PurePath(source).stem
    return " ".join(re.split(r"[-_.\s]+", stem)).strip()


def _local(value: date | datetime, zone: ZoneInfo) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:  # a floating time is wall-clock time where the meeting is
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


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
    layout = _Layout(text, source)
    try:
        cal = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        # Point at the line icalendar quotes, when it quotes one.
        quoted = re.search(r"'([^']{3,})'", str(exc))
        line = next((n for n, raw in layout.lines if quoted and quoted.group(1) in raw), None)
        raise AgendaImportError(
            f"not valid iCalendar: {str(exc).splitlines()[0]}", path=source, line=line
        ) from None

    warnings: list[ImportWarning] = []

    def warn(line: int | None, message: str) -> None:
        warnings.append(ImportWarning(line, message))

    events = list(cal.walk("VEVENT"))
    if not events:
        raise AgendaImportError(
            "the calendar has no events (VEVENT)", path=source, line=layout.lines[0][0]
        )
    for index, event in enumerate(events):
        for name in ("DTSTART", "DTEND", "DURATION"):
            value = event.get(name)
            if isinstance(value, list):  # given twice: the first counts, as in most calendar apps
                warn(
                    layout.property_line(index, name),
                    f"{name} given {len(value)} times; the first is used",
                )
                value = event[name] = value[0]
            # icalendar keeps unreadable values as vBroken instead of failing; times we need.
            if isinstance(value, icalendar.vBroken):
                raise AgendaImportError(
                    f"{name} {str(value)!r} is not a date or date-time ({value.parse_error})",
                    path=source,
                    line=layout.property_line(index, name),
                )
    zone_name = _meeting_zone(cal, events, tz, source, warn)
    zone = ZoneInfo(zone_name)
    # Our DESCRIPTION times are wall-clock times of the zone the export was made in.
    named = _text(cal, X_TIMEZONE).strip()
    written = ZoneInfo(named) if named and _valid_zone(named) else zone

    sessions: list[Session] = []
    all_ours = True
    lead: int | None = None
    envelope = _envelope(events, zone)
    uids: Counter[str] = Counter()
    for index, event in _occurrences(cal, events, layout, warn, source):
        line = layout.event_line(index)
        if event is envelope:
            continue
        if _text(event, "STATUS").upper() == "CANCELLED":
            warn(line, f"cancelled event {_text(event, 'SUMMARY')!r} skipped")
            continue
        start_prop = event.get("DTSTART")
        if start_prop is None:
            warn(line, f"event {_text(event, 'SUMMARY')!r} has no start (DTSTART); skipped")
            continue
        if not isinstance(start_prop.dt, date):
            raise AgendaImportError(
                "DTSTART is neither a date nor a date-time",
                path=source,
                line=layout.property_line(index, "DTSTART"),
            )
        starts_at = _local(start_prop.dt, zone)
        ends_at: datetime | None = None
        if starts_at is None:  # an all-day event: a session without times on that day
            day = start_prop.dt
            end = getattr(event.get("DTEND"), "dt", None)
            if isinstance(end, date) and not isinstance(end, datetime) and (end - day).days > 1:
                warn(
                    line,
                    f"{_text(event, 'SUMMARY')!r} spans {(end - day).days} days; listed on its first day",
                )
        else:
            day = starts_at.date()
            if event.get("DTEND") is not None:
                ends_at = _local(event["DTEND"].dt, zone)
            elif event.get("DURATION") is not None and isinstance(event["DURATION"].dt, timedelta):
                ends_at = starts_at + event["DURATION"].dt
            if ends_at is not None and ends_at < starts_at:
                warn(
                    layout.property_line(index, "DTEND"),
                    "the event ends before it starts; end ignored",
                )
                ends_at = None
            for alarm in event.walk("VALARM"):
                trigger = alarm.get("TRIGGER")
                offset = getattr(trigger, "dt", None)
                if lead is None and isinstance(offset, timedelta) and offset <= timedelta(0):
                    lead = int(-offset.total_seconds()) // 60

        summary = _text(event, "SUMMARY").strip()
        if event.get(X_SESSION) is not None:
            listed = _text(event, X_DAY).strip()
            try:
                day = date.fromisoformat(listed) if listed else day
            except ValueError:
                warn(
                    layout.property_line(index, X_DAY), f"{X_DAY} {listed!r} is not a date; ignored"
                )

            description_line = layout.property_line(index, "DESCRIPTION")

            def warn_here(
                _line: int | None, message: str, _where: int | None = description_line
            ) -> None:
                warn(_where, message)

            items = read_items(_text(event, "DESCRIPTION"), _text(event, X_ITEMS), day, zone, warn_here, written)
            details = _details(_text(event, X_PEOPLE), len(items))
            session_people: tuple[Person, ...] = ()
            if details is not None:
                session_people = people_from_json(details.get("people"))
                items = tuple(
                    dataclasses.replace(item, room=extra.get("room") or "", people=people_from_json(extra.get("people")))
                    for item, extra in zip(items, details["items"], strict=True)
                )
            elif event.get(X_PEOPLE) is not None:
                warn(layout.property_line(index, X_PEOPLE), f"{X_PEOPLE} is not readable; people read from the text")
            sessions.append(
                Session(
                    title=_text(event, X_SESSION).strip() or summary or "Session",
                    day=day,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    room=_text(event, X_ROOM).strip(),
                    items=items,
                    people=session_people,
                    uid=_text(event, X_UID).strip(),
                )
            )
            continue

        all_ours = False
        if not summary:
            at = f" at {starts_at:%a %H:%M}" if starts_at else f" on {day}"
            place = f" in {_text(event, 'LOCATION').strip()}" if event.get("LOCATION") else ""
            warn(
                layout.property_line(index, "SUMMARY"),
                f"an event{at}{place} has no title; called 'Untitled event'",
            )
            summary = "Untitled event"
        speakers, description = speakers_line(_text(event, "DESCRIPTION").strip())
        url = _text(event, "URL").strip()
        if url and url not in description:
            description = f"{description}\n{url}".strip()
        item = Item(title=summary, ordinal=1, kind=guess_kind(summary), description=description, people=speakers)
        # The event's UID is the session's identity, so a renamed or moved event is the same
        # session (and its reminders follow it).
        uid = _text(event, "UID").strip()
        recurrence = getattr(event.get("RECURRENCE-ID"), "dt", None)
        if uid and recurrence is not None:  # one occurrence of a series: the series' UID and its date
            uid = f"{uid}/{recurrence.isoformat()}"
        if uid:
            uids[uid] += 1
            uid = uid if uids[uid] == 1 else f"{uid}#{uids[uid]}"
        spans = _days_of(day, starts_at, ends_at, summary, line, warn)
        for part, (on, begins, ends) in enumerate(spans):
            sessions.append(
                Session(
                    title=summary,
                    day=on,
                    starts_at=begins,
                    ends_at=ends,
                    room=_text(event, "LOCATION").strip(),
                    items=(item,),
                    people=_chairs(event),
                    # Each further day of a multi-day event is a session of its own.
                    uid=f"{uid}@{on.isoformat()}" if uid and part else uid,
                )
            )

    if not sessions:
        raise AgendaImportError("no event of the calendar could be imported", path=source)
    if not all_ours:
        # Other producers write events in any order; an agenda reads by time.
        sessions.sort(key=lambda s: (s.day, s.starts_at or datetime.combine(s.day, time(0), zone)))
    by_day: dict[date, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(session.day, []).append(session)
    days = tuple(Day(date=d, sessions=tuple(s)) for d, s in by_day.items())

    start_date, end_date = min(by_day), max(by_day)
    if envelope is not None:
        first, last = _span(envelope, zone)
        start_date, end_date = min(start_date, first), max(end_date, last)
    # The meeting's identity must not hang on its first event, which a re-import may
    # rename or move: the calendar's own name, else the enclosing event's, else the file's.
    title = (
        _text(cal, X_CALNAME).strip()
        or (_text(envelope, "SUMMARY").strip() if envelope is not None else "")
        or _file_title(source)
        or (sessions[0].title if len(events) == 1 else "")  # a calendar of one event: that event
    )
    if not title:
        title = f"Calendar from {start_date:%d %B %Y}".replace(" 0", " ")
        warn(None, f"the calendar has no name (X-WR-CALNAME); called {title!r} (import with --slug to choose)")
    dates = _text(cal, X_DATES).strip()
    if dates:
        try:
            first, last = (date.fromisoformat(p) for p in dates.split("/"))
            start_date, end_date = first, last
        except ValueError:
            warn(None, f"{X_DATES} {dates!r} is not START/END dates; the events' dates are used")
    venue = _text(cal, X_VENUE).strip() or (_text(envelope, "LOCATION").strip() if envelope is not None else "")
    if not venue and not all_ours:
        rooms = {s.room for s in sessions}
        venue = rooms.pop() if len(rooms) == 1 else ""  # one place for everything is the venue
    meeting = Meeting(
        slug=slug or _text(cal, X_SLUG).strip() or meeting_slug(title, start_date.year),
        title=title,
        timezone=zone_name,
        start_date=start_date,
        end_date=end_date,
        venue=venue,
        organizer=_text(cal, X_ORGANIZER).strip(),
        overview=_text(cal, X_CALDESC).strip(),
        days=days,
        reminder_lead_minutes=DEFAULT_REMINDER_LEAD_MINUTES if lead is None else lead,
        people=_meeting_people(cal),
    )
    return ImportResult(meeting, tuple(warnings), "ics")
