"""What changed between two versions of a meeting, as change values.

Sessions are matched by their key (their source's UID, else day, title and
room). An unmatched session is still the same session when it only changed
room (the one unmatched session of its day and title on each side) or only
changed day (an unmatched one of the same title and room). Items are matched
by number (or title when unnumbered); documents by normalised symbol (or
title). People are compared role by role where they are attached.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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
from store.values import Item, Meeting, Person, Role, Session

MEETING_FIELDS = ("title", "venue", "organizer", "timezone", "start_date", "end_date")


def diff_meetings(old: Meeting | None, new: Meeting) -> list[Change]:
    """Every change from ``old`` to ``new``: the meeting's own fields, sessions, items, documents."""
    if old is None:
        return [MeetingAdded(new)]
    sessions = _SessionPairs.of(old, new)
    return [
        *_meeting_changes(old, new),
        *_session_changes(sessions),
        *_item_changes(old, new, sessions),
        *_document_changes(old, new),
        *_reminder_lead_change(old, new),
    ]


def item_key(item: Item) -> str:
    return item.number.casefold() if item.number else "title:" + item.title.casefold()


def items_by_key(meeting: Meeting) -> dict[str, tuple[Session, Item]]:
    # A continued item appears twice; the first listing is the item itself.
    out: dict[str, tuple[Session, Item]] = {}
    for session, item in meeting.items():
        out.setdefault(item_key(item), (session, item))
    return out


def _people_changes(
    before: tuple[Person, ...], after: tuple[Person, ...], subject: Session | Item | None
) -> Iterator[Change]:
    if before == after:  # as for almost every item of a revision: nothing to sort by role
        return
    for role in Role:
        old = tuple(p for p in before if p.role is role)
        new = tuple(p for p in after if p.role is role)
        if old != new:
            yield PeopleChanged(subject, role, old, new)


def _room_change(before: str, after: str, subject: Session | Item) -> Iterator[Change]:
    if before != after:
        yield RoomChanged(subject, before, after)


def _meeting_changes(old: Meeting, new: Meeting) -> Iterator[Change]:
    for field in MEETING_FIELDS:
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            yield MeetingFieldChanged(field, before, after)
    if old.overview != new.overview:
        yield OverviewChanged()
    yield from _people_changes(old.people, new.people, None)


@dataclass(frozen=True)
class _SessionPairs:
    """Old and new sessions by key, and which unmatched new key continues which old one."""

    old: dict[str, Session]
    new: dict[str, Session]
    room_moves: dict[str, str]  # new key -> old key: same day and title, another room
    day_moves: dict[str, str]  # new key -> old key: same title and room, another day (or UID)
    zone: str  # the new version's, in which every time is told

    @classmethod
    def of(cls, old_meeting: Meeting, new_meeting: Meeting) -> _SessionPairs:
        old = {s.key: s for s in old_meeting.sessions}
        new = {s.key: s for s in new_meeting.sessions}
        room_moves = _pair_room_moves(old, new)
        return cls(old, new, room_moves, _pair_day_moves(old, new, room_moves), new_meeting.timezone)

    def before(self, key: str) -> Session | None:
        old_key = self.room_moves.get(key) or self.day_moves.get(key) or key
        return self.old.get(old_key)

    def removed(self) -> list[Session]:
        kept = set(self.room_moves.values()) | set(self.day_moves.values())
        return [s for key, s in self.old.items() if key not in self.new and key not in kept]


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


def _pair_day_moves(old: dict[str, Session], new: dict[str, Session], room_moves: dict[str, str]) -> dict[str, str]:
    """New key → old key for a session that reappears with its title and room elsewhere: the
    first such session that went, in the old order."""
    taken = set(room_moves.values())
    gone = {k: s for k, s in old.items() if k not in new and k not in taken}
    pairs: dict[str, str] = {}
    for key, session in new.items():
        if key in old or key in room_moves:
            continue
        twin = next((k for k, s in gone.items() if s.title == session.title and s.room == session.room), None)
        if twin is not None:
            pairs[key] = gone.pop(twin).key
    return pairs


def _session_changes(pairs: _SessionPairs) -> Iterator[Change]:
    for key, session in pairs.new.items():
        before = pairs.before(key)
        if before is None:
            yield SessionAdded(session, pairs.zone)
            continue
        if before.title != session.title:
            yield SessionRenamed(before, session)
        yield from _room_change(before.room, session.room, before)
        yield from _people_changes(before.people, session.people, before)
        if (before.day, before.starts_at, before.ends_at) != (session.day, session.starts_at, session.ends_at):
            yield SessionMoved(before, session, pairs.zone)
    for session in pairs.removed():
        yield SessionRemoved(session)


def _item_changes(old: Meeting, new: Meeting, pairs: _SessionPairs) -> Iterator[Change]:
    old_items, new_items = items_by_key(old), items_by_key(new)
    for key, (session, item) in new_items.items():
        before_pair = old_items.get(key)
        if before_pair is None:
            yield ItemAdded(session, item)
        else:
            yield from _item_pair_changes(before_pair, (session, item), pairs)
    for key, (session, item) in old_items.items():
        if key not in new_items:
            yield ItemRemoved(session, item)


def _item_pair_changes(
    before_pair: tuple[Session, Item], after_pair: tuple[Session, Item], pairs: _SessionPairs
) -> Iterator[Change]:
    (before_session, before), (session, item) = before_pair, after_pair
    if before.title != item.title:
        yield ItemRenamed(before, item)
    elif before.sub_points != item.sub_points or before.kind != item.kind:
        yield ItemChanged(item)
    yield from _room_change(before.room, item.room, item)
    yield from _people_changes(before.people, item.people, item)
    if before_session.key != session.key and pairs.room_moves.get(session.key) != before_session.key:
        yield ItemMoved(before_session, session, item)
    elif (before.starts_at, before.ends_at) != (item.starts_at, item.ends_at):
        yield ItemRetimed(session, before, item, pairs.zone)


def _document_changes(old: Meeting, new: Meeting) -> Iterator[Change]:
    old_docs = {d.key: d for d in old.documents}
    for doc in new.documents:
        before = old_docs.get(doc.key)
        if before is None:
            yield DocumentAdded(doc)
        elif before != doc:
            yield DocumentChanged(before, doc)


def _reminder_lead_change(old: Meeting, new: Meeting) -> Iterator[Change]:
    if old.reminder_lead_minutes != new.reminder_lead_minutes:
        yield ReminderLeadChanged(old.reminder_lead_minutes, new.reminder_lead_minutes)
