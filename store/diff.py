"""What changed between two versions of a meeting, in words an organizer reads.

Sessions are matched by their key (their source's UID, else day, title and
room); a session that only changed room is still the same session. Items are
matched by number (or title when unnumbered); documents by normalised symbol
(or title). People are compared role by role where they are attached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from store.values import Item, Meeting, Person, Role, Session


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


_ROLE_NAMES = {Role.OTHER: "People"}


def _role_name(role: Role, count: int) -> str:
    name = _ROLE_NAMES.get(role) or str(role).capitalize()
    return name + "s" if count > 1 and role is not Role.OTHER else name


def _names(people: list[Person]) -> str:
    return ", ".join(p.label for p in people) if people else "none"


def _people_changes(before: tuple[Person, ...], after: tuple[Person, ...], where: str) -> list[Change]:
    """"Moderator of the afternoon session: X → Y", one line per role that changed."""
    if before == after:  # as for almost every item of a revision: nothing to sort by role
        return []
    changes = []
    for role in Role:
        old = [p for p in before if p.role is role]
        new = [p for p in after if p.role is role]
        if old != new:
            label = _role_name(role, max(len(old), len(new)))
            changes.append(Change("people_changed", f"{label} of {where}: {_names(old)} → {_names(new)}."))
    return changes


def _room_change(before: str, after: str, where: str) -> list[Change]:
    if before == after:
        return []
    return [Change("room_changed", f"Room of {where}: {before or 'none'} → {after or 'none'}.")]


def _pair_room_moves(old: dict[str, Session], new: dict[str, Session]) -> dict[str, str]:
    """New key → old key for sessions that only changed room: the one unmatched session of a
    day and title on each side (with more, which went where is a guess, so none is made)."""
    def unmatched(sessions: dict[str, Session], other: dict[str, Session]) -> dict[tuple[object, str], list[str]]:
        out: dict[tuple[object, str], list[str]] = {}
        for key, session in sessions.items():
            if key not in other:
                out.setdefault((session.day, session.title.casefold()), []).append(key)
        return out

    gone, came = unmatched(old, new), unmatched(new, old)
    return {
        keys[0]: gone[place][0]
        for place, keys in came.items()
        if len(keys) == 1 and len(gone.get(place, ())) == 1
    }


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
    changes.extend(_people_changes(old.people, new.people, "the meeting"))

    old_sessions = {s.key: s for s in old.sessions}
    new_sessions = {s.key: s for s in new.sessions}
    moved_room = _pair_room_moves(old_sessions, new_sessions)
    for key, session in new_sessions.items():
        before = old_sessions.get(key) or old_sessions.get(moved_room.get(key, ""))
        if before is not None:
            name = _session_name(before)
            if before.title != session.title:
                changes.append(Change("session_renamed", f"{name} renamed to “{session.title}”."))
            changes.extend(_room_change(before.room, session.room, name))
            changes.extend(_people_changes(before.people, session.people, name))
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
    kept_by_room_move = set(moved_room.values())
    for key, session in old_sessions.items():
        if key not in new_sessions and key not in kept_by_room_move:
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
        where = f"item {item.number or item.title}"
        changes.extend(_room_change(before.room, item.room, where))
        changes.extend(_people_changes(before.people, item.people, where))
        if before_session.key != session.key and moved_room.get(session.key) != before_session.key:
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
