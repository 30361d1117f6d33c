"""A meeting's calendar feed, and one participant's, as iCalendar text.

Built from the export's events (store.exporters.session_event: one event per
session, stable UIDs, the items in DESCRIPTION, people as ATTENDEEs), written
straight to text (store.ics_lines) once per revision, and made into something
a calendar can *subscribe* to:

- one VALARM per session lead of the meeting's reminder policy (``15m,1h``
  rings 1 hour and 15 minutes before), none when the policy is ``off``;
- a conference's talks (items with a time of their own) as events of their
  own, with their room and speakers; they carry no alarm, since parallel
  tracks would ring for every room at once — a participant who wants one asks
  for a reminder, and their personal feed rings;
- SEQUENCE per event, raised only when that event changed (``FeedEvent``
  rows keep each event's fingerprint), so a calendar updates the events that
  moved and leaves the others alone.

A personal feed holds the sessions and items a participant asked reminders
for, each ringing at the leads they chose; its UIDs are its own, so someone
subscribed to both feeds never sees one event merged into another.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
from icalendar import vText
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.reminders.planner import Target, TargetKind
from bot.reminders.policy import ReminderPolicy
from store import models
from store.db import transaction
from store.exporters import alarm, attendee, calendar, session_event, session_uids
from store.exporters import summary as session_summary
from store.ics_lines import EVENT_ORDER, Component
from store.importers.common import slugify
from store.values import Item, Meeting, Session

# Lines that change on every build without the event changing.
_VOLATILE = (b"DTSTAMP", b"SEQUENCE")


@dataclass(frozen=True)
class Entry:
    """One event of the feed and what it shows: a session, or one item of it."""

    uid: str
    session: Session
    item: Item | None
    event: Component  # with the meeting's alarms; read-only once built (copy to change)
    summary: str
    timed: bool  # False: an all-day event, which never rings


@dataclass(frozen=True)
class Choice:
    """A personal reminder: what, and how long before."""

    kind: TargetKind
    key: str
    lead_minutes: int


def _set_alarms(event: Component, summary: str, timed: bool, leads: Iterable[int]) -> None:
    # An all-day event's alarm would ring the evening before: none there, as in the export.
    event.subcomponents = [
        alarm(f"{summary} starts in {minutes} minutes" if minutes else f"{summary} starts now", minutes)
        for minutes in sorted(set(leads), reverse=True)
    ] if timed else []


def _item_event(meeting: Meeting, session: Session, item: Item, uid: str, zone: ZoneInfo, stamp: datetime) -> Component:
    assert item.starts_at is not None
    event = Component("VEVENT", EVENT_ORDER)
    event.text("UID", uid)
    event.when("DTSTAMP", stamp)
    event.text("SUMMARY", item.label)
    event.when("DTSTART", item.starts_at.astimezone(zone))
    if item.ends_at:
        event.when("DTEND", item.ends_at.astimezone(zone))
    room = item.room or session.room
    location = ", ".join(p for p in (room, meeting.venue) if p)
    if location:
        event.text("LOCATION", location)
    lines = [f"{p.role.value.capitalize()}: {p.label}" for p in item.people]
    if not item.people and item.speakers:
        lines.append("Speakers: " + ", ".join(item.speakers))
    lines += [f"- {point}" for point in item.sub_points]
    if item.description:
        lines.append(item.description)
    lines.append(f"Session: {session.title}")
    event.text("DESCRIPTION", "\n".join(lines))
    for person in item.people:
        attendee(event, person, "REQ-PARTICIPANT")
    if room:
        event.text("X-AGENDABOT-ROOM", room)
    return event


def _item_uid(session_uid: str, item: Item, seen: Counter[str]) -> str:
    base = session_uid.removesuffix("@agendabot")
    key = slugify(item.number) if item.number else slugify(item.title)[:60]
    uid = f"{base}.item-{key or item.ordinal}"
    seen[uid] += 1
    return (uid if seen[uid] == 1 else f"{uid}-{seen[uid]}") + "@agendabot"


def build(meeting: Meeting, policy: ReminderPolicy, stamp: datetime) -> tuple[icalendar.Calendar, list[Entry]]:
    """The meeting's calendar (its properties and time zones) and its events in agenda order.

    The sessions' events are the export's (``store.exporters.session_event``), written
    directly rather than exported and parsed back."""
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    zone = ZoneInfo(meeting.timezone)
    entries: list[Entry] = []
    seen: Counter[str] = Counter()
    for session, uid in zip(meeting.sessions, session_uids(meeting), strict=True):
        event = session_event(meeting, session, uid, zone, stamp)
        summary = session_summary(session)
        _set_alarms(event, summary, session.starts_at is not None, policy.session_leads)
        entries.append(Entry(uid, session, None, event, summary, session.starts_at is not None))
        for item in session.items:
            if item.starts_at is not None:
                item_uid = _item_uid(uid, item, seen)
                event = _item_event(meeting, session, item, item_uid, zone, stamp)
                entries.append(Entry(item_uid, session, item, event, item.label, True))
    return calendar(meeting), entries


@dataclass(frozen=True)
class FeedBase:
    """A meeting's feed at one revision, built and serialized once: the meeting's own feed
    and every personal feed start from it. Read-only once made (threads share it)."""

    calendar: icalendar.Calendar  # its properties and time zones; no events
    entries: tuple[Entry, ...]
    texts: Mapping[str, bytes]  # each entry's event, serialized (``serialize``), by UID


def base(meeting: Meeting, policy: ReminderPolicy, stamp: datetime) -> FeedBase:
    cal, entries = build(meeting, policy, stamp)
    return FeedBase(cal, tuple(entries), {entry.uid: serialize(entry.event) for entry in entries})


# What an item without a time of its own does not take from its session's event.
_SESSION_ONLY = ("UID", "SUMMARY", "ATTENDEE", "X-AGENDABOT-ITEMS", "X-AGENDABOT-PEOPLE")


def _untimed_item_event(entry: Entry, item: Item, uid: str, leads: list[int]) -> Component:
    """An item without a time of its own, shown over its session's time."""
    event = entry.event.copy()
    for name in _SESSION_ONLY:
        event.props.pop(name, None)
    event.text("UID", uid)
    summary = f"{item.label} ({entry.session.title})"
    event.text("SUMMARY", summary)
    _set_alarms(event, summary, entry.timed, leads)
    return event


def _without_events(cal: icalendar.Calendar) -> icalendar.Calendar:
    """A new calendar with ``cal``'s properties and time zones."""
    head = icalendar.Calendar()
    for name, value in cal.property_items(recursive=False):
        if name not in ("BEGIN", "END"):
            head.add(name, value)
    for tz in cal.subcomponents:
        if tz.name == "VTIMEZONE":
            head.add_component(tz)
    return head


def personal(feed: FeedBase, choices: Sequence[Choice], user: str) -> tuple[icalendar.Calendar, dict[str, bytes]]:
    """The calendar and serialized events (by UID) ``user`` chose, ringing at their own
    leads, under UIDs of their own."""
    cal = feed.calendar
    mine = _without_events(cal)
    mine["X-WR-CALNAME"] = vText(f"{cal.get('X-WR-CALNAME', '')} (my sessions)")
    tag = hashlib.sha256(user.encode()).hexdigest()[:10]
    timed_items = {(e.session.key, e.item.ordinal): e for e in feed.entries if e.item is not None}
    events: dict[str, Component] = {}
    for entry in feed.entries:
        if entry.item is not None:
            continue
        session_leads = [c.lead_minutes for c in choices if c.kind is TargetKind.SESSION and c.key == entry.session.key]
        if session_leads:
            uid = _personal_uid(entry.uid, tag)
            events[uid] = _copy(entry, uid, session_leads)
        for item in entry.session.items:
            key = Target.for_item(item).key
            leads = [c.lead_minutes for c in choices if c.kind is TargetKind.ITEM and c.key == key]
            if not leads:
                continue
            timed = timed_items.get((entry.session.key, item.ordinal))
            if timed is not None:
                uid = _personal_uid(timed.uid, tag)
                events[uid] = _copy(timed, uid, leads)
            else:
                uid = _personal_uid(f"{entry.uid.removesuffix('@agendabot')}.item-{slugify(item.number or item.title)[:60]}", tag)
                events[uid] = _untimed_item_event(entry, item, uid, leads)
    return mine, {uid: serialize(event) for uid, event in events.items()}


def _personal_uid(uid: str, tag: str) -> str:
    return f"{uid.removesuffix('@agendabot')}.for-{tag}@agendabot"


def _copy(entry: Entry, uid: str, leads: list[int]) -> Component:
    copy = entry.event.copy()
    copy.props["UID"] = []
    copy.text("UID", uid)
    _set_alarms(copy, entry.summary, entry.timed, leads)
    return copy


def serialize(event: Component) -> bytes:
    """The event as iCalendar text, without SEQUENCE (``finish`` puts each event's own in)."""
    event.props.pop("SEQUENCE", None)
    return event.to_ical()


def fingerprint(text: bytes) -> str:
    """What a subscriber sees of a serialized event, without the lines that change on every build."""
    lines = [line for line in text.splitlines() if not line.startswith(_VOLATILE)]
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def sequences(
    factory: sessionmaker[DBSession], meeting_id: int, revision: int, prints: dict[str, str]
) -> dict[str, int]:
    """Each event's SEQUENCE: unchanged while its fingerprint is, one higher after each change.

    Two workers building the same change race harmlessly: the raise is a
    compare-and-set on the old fingerprint, and a new event's row is inserted
    once (the loser of the insert reads the winner's).
    """
    for attempt in range(3):
        try:
            with transaction(factory) as db:
                return _sequences(db, meeting_id, revision, prints)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _sequences(db: DBSession, meeting_id: int, revision: int, prints: dict[str, str]) -> dict[str, int]:
    table = models.FeedEvent
    # Plain rows, not ORM objects: a conference has a thousand, and only the changed are written.
    known = {row.uid: row for row in db.execute(
        select(table.uid, table.fingerprint, table.sequence).where(table.meeting_id == meeting_id))}
    out: dict[str, int] = {}
    for uid, printed in prints.items():
        row = known.get(uid)
        if row is None:
            db.add(table(meeting_id=meeting_id, uid=uid, fingerprint=printed, sequence=0, revision=revision))
            out[uid] = 0
        elif row.fingerprint != printed:
            db.execute(
                update(table)
                .where(table.meeting_id == meeting_id, table.uid == uid, table.fingerprint == row.fingerprint)
                .values(fingerprint=printed, sequence=table.sequence + 1, revision=revision)
                .execution_options(synchronize_session=False)
            )
            out[uid] = row.sequence + 1
        else:
            out[uid] = row.sequence
    db.flush()
    return out


def finish(cal: icalendar.Calendar, events: Mapping[str, bytes], numbers: dict[str, int]) -> bytes:
    """The calendar with its serialized ``events`` (by UID) in it, each with its SEQUENCE.
    ``cal`` is left as it is (a ``FeedBase``'s is shared)."""
    head = _without_events(cal).to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    begin = b"BEGIN:VEVENT\r\n"
    parts = [head[: -len(end)]]
    for uid, text in events.items():
        assert text.startswith(begin)
        parts += [begin, b"SEQUENCE:%d\r\n" % numbers.get(uid, 0), text[len(begin):]]
    parts.append(end)
    return b"".join(parts)
