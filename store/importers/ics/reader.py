"""A calendar read into a Meeting, in named steps: load and check the text, settle the zone,
turn each event (or occurrence) into sessions, then assemble the meeting around them."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from store.importers.common import meeting_slug
from store.importers.ics.description import people_from_json, read_items
from store.importers.ics.events import (
    chairs,
    days_of,
    event_days,
    file_title,
    find_envelope,
    local_time,
    speakers_line,
)
from store.importers.ics.layout import Layout
from store.importers.ics.names import (
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
from store.importers.ics.properties import (
    meeting_people,
    meeting_zone,
    people_details,
    prop_dt,
    prop_text,
    valid_zone,
)
from store.importers.ics.series import occurrences
from store.importers.kinds import guess_kind
from store.values import (
    DEFAULT_REMINDER_LEAD_MINUTES,
    AgendaImportError,
    Day,
    ImportResult,
    ImportWarning,
    Item,
    Meeting,
    Person,
    Session,
)


def read_calendar(text: str, *, source: str, tz: str | None, slug: str | None) -> ImportResult:
    layout, cal = _load(text, source)
    warnings: list[ImportWarning] = []

    def warn(line: int | None, message: str) -> None:
        warnings.append(ImportWarning(line, message))

    events = cal.events
    if not events:
        raise AgendaImportError("the calendar has no events (VEVENT)", path=source, line=layout.lines[0][0])
    _check_times(events, layout, source, warn)
    zone_name = meeting_zone(cal, events, tz, source, warn)
    zone = ZoneInfo(zone_name)
    # Our DESCRIPTION times are wall-clock times of the zone the export was made in.
    named = prop_text(cal, X_TIMEZONE).strip()
    written = ZoneInfo(named) if named and valid_zone(named) else zone
    reading = _Reading(layout, source, zone, written, warn, find_envelope(events, zone))
    for index, event in occurrences(cal, events, layout, warn, source):
        if event is not reading.envelope:
            reading.read_event(index, event)
    if not reading.sessions:
        raise AgendaImportError("no event of the calendar could be imported", path=source)
    meeting = _meeting(cal, reading, zone_name, slug, source, single_event=len(events) == 1)
    return ImportResult(meeting, tuple(warnings), "ics")


def _load(text: str, source: str) -> tuple[Layout, icalendar.Calendar]:
    layout = Layout(text, source)
    try:
        return layout, icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        # Point at the line icalendar quotes, when it quotes one.
        quoted = re.search(r"'([^']{3,})'", str(exc))
        line = next((n for n, raw in layout.lines if quoted and quoted.group(1) in raw), None)
        raise AgendaImportError(
            f"not valid iCalendar: {str(exc).splitlines()[0]}", path=source, line=line
        ) from None


def _check_times(events: list[icalendar.Event], layout: Layout, source: str, warn: Warn) -> None:
    """One DTSTART, DTEND and DURATION per event, each readable: times are what we need."""
    for index, event in enumerate(events):
        for name in ("DTSTART", "DTEND", "DURATION"):
            value = event.get(name)
            if isinstance(value, list):  # given twice: the first counts, as in most calendar apps
                warn(layout.property_line(index, name), f"{name} given {len(value)} times; the first is used")
                value = event[name] = value[0]
            # icalendar keeps unreadable values as vBroken instead of failing; times we need.
            if isinstance(value, icalendar.vBroken):
                raise AgendaImportError(
                    f"{name} {str(value)!r} is not a date or date-time ({value.parse_error})",
                    path=source,
                    line=layout.property_line(index, name),
                )


@dataclasses.dataclass(frozen=True)
class _Timing:
    day: date
    starts_at: datetime | None
    ends_at: datetime | None


@dataclasses.dataclass
class _Reading:
    """The events read so far: their sessions, and what the calendar as a whole is learning."""

    layout: Layout
    source: str
    zone: ZoneInfo
    written: ZoneInfo  # the zone our DESCRIPTION times were written in
    warn: Warn
    envelope: icalendar.Event | None
    sessions: list[Session] = dataclasses.field(default_factory=list)
    all_ours: bool = True
    lead: int | None = None  # the first alarm's lead, in minutes
    uids: Counter[str] = dataclasses.field(default_factory=Counter)

    def read_event(self, index: int, event: icalendar.Event) -> None:
        line = self.layout.event_line(index)
        if prop_text(event, "STATUS").upper() == "CANCELLED":
            self.warn(line, f"cancelled event {prop_text(event, 'SUMMARY')!r} skipped")
            return
        if event.get("DTSTART") is None:
            self.warn(line, f"event {prop_text(event, 'SUMMARY')!r} has no start (DTSTART); skipped")
            return
        timing = self._timing(index, event, line)
        if timing.starts_at is not None and self.lead is None:
            self.lead = _alarm_lead(event)
        if event.get(X_SESSION) is not None:
            self.sessions.append(self._our_session(index, event, timing))
        else:
            self.all_ours = False
            self.sessions.extend(self._their_sessions(index, event, timing, line))

    def _timing(self, index: int, event: icalendar.Event, line: int | None) -> _Timing:
        start = prop_dt(event, "DTSTART")
        if not isinstance(start, date):
            raise AgendaImportError(
                "DTSTART is neither a date nor a date-time",
                path=self.source,
                line=self.layout.property_line(index, "DTSTART"),
            )
        starts_at = local_time(start, self.zone)
        if starts_at is None:  # an all-day event: a session without times on that day
            end = prop_dt(event, "DTEND")
            if isinstance(end, date) and not isinstance(end, datetime) and (end - start).days > 1:
                self.warn(
                    line,
                    f"{prop_text(event, 'SUMMARY')!r} spans {(end - start).days} days; listed on its first day",
                )
            return _Timing(start, None, None)
        duration = prop_dt(event, "DURATION")
        ends_at: datetime | None = None
        if event.get("DTEND") is not None:
            ends_at = local_time(prop_dt(event, "DTEND"), self.zone)
        elif isinstance(duration, timedelta):
            ends_at = starts_at + duration
        if ends_at is not None and ends_at < starts_at:
            self.warn(self.layout.property_line(index, "DTEND"), "the event ends before it starts; end ignored")
            ends_at = None
        return _Timing(starts_at.date(), starts_at, ends_at)

    def _our_session(self, index: int, event: icalendar.Event, timing: _Timing) -> Session:
        """An event of our own export: its items and people read back exactly."""
        day = timing.day
        listed = prop_text(event, X_DAY).strip()
        try:
            day = date.fromisoformat(listed) if listed else day
        except ValueError:
            self.warn(self.layout.property_line(index, X_DAY), f"{X_DAY} {listed!r} is not a date; ignored")

        description_line = self.layout.property_line(index, "DESCRIPTION")

        def warn_here(_line: int | None, message: str) -> None:
            self.warn(description_line, message)

        items = read_items(
            prop_text(event, "DESCRIPTION"), prop_text(event, X_ITEMS), day, self.zone, warn_here, self.written
        )
        details = people_details(prop_text(event, X_PEOPLE), len(items))
        session_people: tuple[Person, ...] = ()
        if details is not None:
            session_people = people_from_json(details.get("people"))
            items = tuple(
                dataclasses.replace(item, room=extra.get("room") or "", people=people_from_json(extra.get("people")))
                for item, extra in zip(items, details["items"], strict=True)
            )
        elif event.get(X_PEOPLE) is not None:
            self.warn(self.layout.property_line(index, X_PEOPLE), f"{X_PEOPLE} is not readable; people read from the text")
        summary = prop_text(event, "SUMMARY").strip()
        return Session(
            title=prop_text(event, X_SESSION).strip() or summary or "Session",
            day=day,
            starts_at=timing.starts_at,
            ends_at=timing.ends_at,
            room=prop_text(event, X_ROOM).strip(),
            items=items,
            people=session_people,
            uid=prop_text(event, X_UID).strip(),
        )

    def _their_sessions(self, index: int, event: icalendar.Event, timing: _Timing, line: int | None) -> list[Session]:
        """Anyone else's event: a session holding one item, the event itself (one a day when a
        timed event runs over several days)."""
        summary = self._summary(index, event, timing)
        speakers, description = speakers_line(prop_text(event, "DESCRIPTION").strip())
        url = prop_text(event, "URL").strip()
        if url and url not in description:
            description = f"{description}\n{url}".strip()
        item = Item(title=summary, ordinal=1, kind=guess_kind(summary), description=description, people=speakers)
        uid = self._uid(event)
        spans = days_of(timing.day, timing.starts_at, timing.ends_at, summary, line, self.warn)
        return [
            Session(
                title=summary,
                day=on,
                starts_at=begins,
                ends_at=ends,
                room=prop_text(event, "LOCATION").strip(),
                items=(item,),
                people=chairs(event),
                # Each further day of a multi-day event is a session of its own.
                uid=f"{uid}@{on.isoformat()}" if uid and part else uid,
            )
            for part, (on, begins, ends) in enumerate(spans)
        ]

    def _summary(self, index: int, event: icalendar.Event, timing: _Timing) -> str:
        summary = prop_text(event, "SUMMARY").strip()
        if summary:
            return summary
        at = f" at {timing.starts_at:%a %H:%M}" if timing.starts_at else f" on {timing.day}"
        place = f" in {prop_text(event, 'LOCATION').strip()}" if event.get("LOCATION") else ""
        self.warn(
            self.layout.property_line(index, "SUMMARY"), f"an event{at}{place} has no title; called 'Untitled event'"
        )
        return "Untitled event"

    def _uid(self, event: icalendar.Event) -> str:
        """The event's UID is the session's identity, so a renamed or moved event is the same
        session (and its reminders follow it); made unique within the calendar."""
        uid = prop_text(event, "UID").strip()
        recurrence = getattr(event.get("RECURRENCE-ID"), "dt", None)
        if uid and recurrence is not None:  # one occurrence of a series: the series' UID and its date
            uid = f"{uid}/{recurrence.isoformat()}"
        if uid:
            self.uids[uid] += 1
            uid = uid if self.uids[uid] == 1 else f"{uid}#{self.uids[uid]}"
        return uid


def _alarm_lead(event: icalendar.Event) -> int | None:
    """Minutes before the start of the event's first alarm that rings before it."""
    for alarm in event.walk("VALARM"):
        offset = getattr(alarm.get("TRIGGER"), "dt", None)
        if isinstance(offset, timedelta) and offset <= timedelta(0):
            return int(-offset.total_seconds()) // 60
    return None


def _meeting(
    cal: icalendar.Calendar, reading: _Reading, zone_name: str, slug: str | None, source: str, *, single_event: bool
) -> Meeting:
    sessions, envelope, zone = reading.sessions, reading.envelope, reading.zone
    if not reading.all_ours:
        # Other producers write events in any order; an agenda reads by time.
        sessions.sort(key=lambda s: (s.day, s.starts_at or datetime.combine(s.day, time(0), zone)))
    by_day: dict[date, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(session.day, []).append(session)
    start_date, end_date = min(by_day), max(by_day)
    if envelope is not None:
        first, last = event_days(envelope, zone)
        start_date, end_date = min(start_date, first), max(end_date, last)
    title = _title(cal, envelope, source, sessions[0].title if single_event else "", start_date, reading.warn)
    start_date, end_date = _stated_dates(cal, start_date, end_date, reading.warn)
    return Meeting(
        slug=slug or prop_text(cal, X_SLUG).strip() or meeting_slug(title, start_date.year),
        title=title,
        timezone=zone_name,
        start_date=start_date,
        end_date=end_date,
        venue=_venue(cal, envelope, sessions, reading.all_ours),
        organizer=prop_text(cal, X_ORGANIZER).strip(),
        overview=prop_text(cal, X_CALDESC).strip(),
        days=tuple(Day(date=d, sessions=tuple(s)) for d, s in by_day.items()),
        reminder_lead_minutes=DEFAULT_REMINDER_LEAD_MINUTES if reading.lead is None else reading.lead,
        people=meeting_people(cal),
    )


def _title(
    cal: icalendar.Calendar, envelope: icalendar.Event | None, source: str, only_event: str, start: date, warn: Warn
) -> str:
    """The meeting's identity must not hang on its first event, which a re-import may rename
    or move: the calendar's own name, else the enclosing event's, else the file's (else, for a
    calendar of one event, that event's)."""
    title = (
        prop_text(cal, X_CALNAME).strip()
        or (prop_text(envelope, "SUMMARY").strip() if envelope is not None else "")
        or file_title(source)
        or only_event
    )
    if not title:
        title = f"Calendar from {start:%d %B %Y}".replace(" 0", " ")
        warn(None, f"the calendar has no name (X-WR-CALNAME); called {title!r} (import with --slug to choose)")
    return title


def _stated_dates(cal: icalendar.Calendar, start: date, end: date, warn: Warn) -> tuple[date, date]:
    """Our export's stated dates win over the events' (a meeting's last day may hold none)."""
    dates = prop_text(cal, X_DATES).strip()
    if not dates:
        return start, end
    try:
        first, last = (date.fromisoformat(p) for p in dates.split("/"))
    except ValueError:
        warn(None, f"{X_DATES} {dates!r} is not START/END dates; the events' dates are used")
        return start, end
    return first, last


def _venue(
    cal: icalendar.Calendar, envelope: icalendar.Event | None, sessions: list[Session], all_ours: bool
) -> str:
    venue = prop_text(cal, X_VENUE).strip() or (
        prop_text(envelope, "LOCATION").strip() if envelope is not None else ""
    )
    if not venue and not all_ours:
        rooms = {s.room for s in sessions}
        venue = rooms.pop() if len(rooms) == 1 else ""  # one place for everything is the venue
    return venue
