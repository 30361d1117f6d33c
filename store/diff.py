"""What changed between two versions of a meeting, in words an organizer reads.

Sessions are matched by day, title and room; items by number (or title when
unnumbered); documents by normalised symbol (or title).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from store.values import Item, Meeting, Session


@dataclass(frozen=True)
class Change:
    kind: str  # meeting_changed, session_added, session_removed, session_moved, item_added, ...
    text: str


def _clock(value: datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%H:%M") if value else "no time"


def _span(session: Session, zone: ZoneInfo) -> str:
    if session.starts_at is None and session.ends_at is None:
        return "no time"
    return f"{_clock(session.starts_at, zone)}–{_clock(session.ends_at, zone)}"


def _session_name(session: Session) -> str:
    room = f" ({session.room})" if session.room else ""
    return f"{session.title}{room} on {session.day.strftime('%a %d %b')}"


def _item_key(item: Item) -> str:
    return item.number.casefold() if item.number else "title:" + item.title.casefold()


def _items(meeting: Meeting) -> dict[str, tuple[Session, Item]]:
    # A continued item appears twice; the first listing is the item itself.
    out: dict[str, tuple[Session, Item]] = {}
    for session, item in meeting.items():
        out.setdefault(_item_key(item), (session, item))
    return out


def diff_meetings(old: Meeting | None, new: Meeting) -> list[Change]:
    if old is None:
        sessions = len(new.sessions)
        items = len(_items(new))
        return [Change("meeting_added", f"New meeting with {sessions} sessions and {items} items.")]
    zone = ZoneInfo(new.timezone)
    changes: list[Change] = []
    for field, label in (
        ("title", "Title"),
        ("venue", "Venue"),
        ("organizer", "Organizer"),
        ("timezone", "Time zone"),
        ("start_date", "Start date"),
        ("end_date", "End date"),
    ):
        before, after = getattr(old, field), getattr(new, field)
        if before == after:
            continue
        if before in ("", None):
            changes.append(Change("meeting_changed", f"{label} set to {after}."))
        else:
            changes.append(Change("meeting_changed", f"{label} changed from {before} to {after}."))
    if old.overview != new.overview:
        changes.append(Change("meeting_changed", "Overview changed."))

    old_sessions = {s.key: s for s in old.sessions}
    new_sessions = {s.key: s for s in new.sessions}
    for key, session in new_sessions.items():
        before = old_sessions.get(key)
        if before is None:
            changes.append(
                Change("session_added", f"{_session_name(session)} added ({_span(session, zone)}).")
            )
        elif (before.starts_at, before.ends_at) != (session.starts_at, session.ends_at):
            changes.append(
                Change(
                    "session_moved",
                    f"{_session_name(session)} now {_span(session, zone)} "
                    f"(was {_span(before, zone)}).",
                )
            )
    for key, session in old_sessions.items():
        if key not in new_sessions:
            changes.append(Change("session_removed", f"{_session_name(session)} removed."))

    old_items, new_items = _items(old), _items(new)
    for key, (session, item) in new_items.items():
        before_pair = old_items.get(key)
        if before_pair is None:
            changes.append(
                Change("item_added", f"Item {item.label} added to {_session_name(session)}.")
            )
            continue
        before_session, before = before_pair
        if before.title != item.title:
            changes.append(
                Change(
                    "item_renamed",
                    f"Item {item.number or before.title} renamed from "
                    f"“{before.title}” to “{item.title}”.",
                )
            )
        elif before.sub_points != item.sub_points or before.kind != item.kind:
            changes.append(Change("item_changed", f"Item {item.label} changed."))
        if before_session.key != session.key:
            changes.append(
                Change(
                    "item_moved",
                    f"Item {item.label} moved from {_session_name(before_session)} "
                    f"to {_session_name(session)}.",
                )
            )
        elif (before.starts_at, before.ends_at) != (item.starts_at, item.ends_at):
            changes.append(
                Change(
                    "item_moved",
                    f"Item {item.label} now at {_clock(item.starts_at, zone)} "
                    f"(was {_clock(before.starts_at, zone)}).",
                )
            )
    for key, (session, item) in old_items.items():
        if key not in new_items:
            changes.append(
                Change("item_removed", f"Item {item.label} removed from {_session_name(session)}.")
            )

    old_docs = {d.key: d for d in old.documents}
    for doc in new.documents:
        before_doc = old_docs.get(doc.key)
        name = f"{doc.symbol} ({doc.title})" if doc.symbol else doc.title
        if before_doc is None:
            changes.append(Change("document_added", f"Document {name} added."))
        elif before_doc != doc:
            changes.append(Change("document_changed", f"Document {name} changed."))
    if old.reminder_lead_minutes != new.reminder_lead_minutes:
        changes.append(
            Change(
                "meeting_changed",
                f"Reminder lead time changed from {old.reminder_lead_minutes} "
                f"to {new.reminder_lead_minutes} minutes.",
            )
        )
    return changes
