"""The organizer's preview of a change: one exact, plain sentence per change value.

The organizer reads these before confirming, and they are kept as the
revision's summary, so they name things as the source does ("Afternoon
session (Room B) on Thu 16 Oct") and give both sides of every change.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from store.diff.changes import (
    Change,
    DocumentAdded,
    DocumentChanged,
    ItemAdded,
    ItemChanged,
    ItemMoved,
    ItemRemoved,
    ItemRenamed,
    ItemRetimed,
    MeetingAdded,
    MeetingFieldChanged,
    OverviewChanged,
    PeopleChanged,
    ReminderLeadChanged,
    RoomChanged,
    SessionAdded,
    SessionMoved,
    SessionRemoved,
    SessionRenamed,
)
from store.diff.engine import items_by_key
from store.values import Document, Item, Person, Role, Session

FIELD_LABELS = {
    "title": "Title",
    "venue": "Venue",
    "organizer": "Organizer",
    "timezone": "Time zone",
    "start_date": "Start date",
    "end_date": "End date",
}


def preview_lines(changes: list[Change]) -> list[str]:
    return [preview_line(c) for c in changes]


def preview_line(change: Change) -> str:
    match change:
        case MeetingAdded(meeting):
            return f"New meeting with {len(meeting.sessions)} sessions and {len(items_by_key(meeting))} items."
        case MeetingFieldChanged(field, before, after):
            label = FIELD_LABELS.get(field, field)
            if before in ("", None):
                return f"{label} set to {after}."
            return f"{label} changed from {before} to {after}."
        case OverviewChanged():
            return "Overview changed."
        case ReminderLeadChanged(before, after):
            return f"Reminder lead time changed from {before} to {after} minutes."
        case PeopleChanged(subject, role, before, after):
            label = _role_name(role, max(len(before), len(after)))
            return f"{label} of {_where(subject)}: {_names(before)} → {_names(after)}."
        case RoomChanged(subject, before, after):
            return f"Room of {_where(subject)}: {before or 'none'} → {after or 'none'}."
        case _:
            return _session_line(change) or _item_line(change) or _document_line(change)


def _session_line(change: Change) -> str:
    match change:
        case SessionAdded(session, zone):
            return f"{_session_name(session)} added ({_span(session, ZoneInfo(zone))})."
        case SessionRemoved(session):
            return f"{_session_name(session)} removed."
        case SessionRenamed(before, after):
            return f"{_session_name(before)} renamed to “{after.title}”."
        case SessionMoved(before, after, zone):
            was = _span(before, ZoneInfo(zone))
            if before.day != after.day:
                was = f"{_day(before)} {was}"
            return f"{_session_name(after)} now {_span(after, ZoneInfo(zone))} (was {was})."
    return ""


def _item_line(change: Change) -> str:
    match change:
        case ItemAdded(session, item):
            return f"Item {item.label} added to {_session_name(session)}."
        case ItemRemoved(session, item):
            return f"Item {item.label} removed from {_session_name(session)}."
        case ItemRenamed(before, after):
            return f"Item {after.number or before.title} renamed from “{before.title}” to “{after.title}”."
        case ItemChanged(item):
            return f"Item {item.label} changed."
        case ItemMoved(from_session, to_session, item):
            return f"Item {item.label} moved from {_session_name(from_session)} to {_session_name(to_session)}."
        case ItemRetimed(_, before, after, zone):
            at, was = _clock(after.starts_at, ZoneInfo(zone)), _clock(before.starts_at, ZoneInfo(zone))
            return f"Item {after.label} now at {at} (was {was})."
    return ""


def _document_line(change: Change) -> str:
    match change:
        case DocumentAdded(document):
            return f"Document {_document_name(document)} added."
        case DocumentChanged(_, after):
            return f"Document {_document_name(after)} changed."
    raise TypeError(f"no preview words for {type(change).__name__}")


def _clock(value: datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%H:%M") if value else "no time"


def _span(session: Session, zone: ZoneInfo) -> str:
    if session.starts_at is None and session.ends_at is None:
        return "no time"
    return f"{_clock(session.starts_at, zone)}–{_clock(session.ends_at, zone)}"


def _day(session: Session) -> str:
    return session.day.strftime("%a %d %b")


def _session_name(session: Session) -> str:
    room = f" ({session.room})" if session.room else ""
    return f"{session.title}{room} on {_day(session)}"


def _where(subject: Session | Item | None) -> str:
    if subject is None:
        return "the meeting"
    if isinstance(subject, Session):
        return _session_name(subject)
    return f"item {subject.number or subject.title}"


def _role_name(role: Role, count: int) -> str:
    name = "People" if role is Role.OTHER else str(role).capitalize()
    return name + "s" if count > 1 and role is not Role.OTHER else name


def _names(people: tuple[Person, ...]) -> str:
    return ", ".join(p.label for p in people) if people else "none"


def _document_name(doc: Document) -> str:
    return f"{doc.symbol} ({doc.title})" if doc.symbol else doc.title
