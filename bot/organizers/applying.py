"""Applying an organizer's edit to a Meeting: a new Meeting, or an ``EditError`` saying why not."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.organizers.edit_types import (
    AddDocument,
    Cancel,
    Edit,
    EditError,
    Move,
    Rename,
    SessionEdit,
    SetPeople,
    SetRoom,
)
from bot.organizers.finding import (
    all_dates,
    find_item,
    find_session,
    item_number,
    looks_like_session,
    resolve_day,
)
from bot.timefmt import day_month, long_date, short_day, time_of_day
from store.values import Day, Document, Item, Meeting, Person, Role, Session

_MEETING_TARGETS = frozenset({"meeting", "the meeting"})


def _at(day: date, at: time, zone: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone))


def _shift(value: datetime | None, delta: timedelta) -> datetime | None:
    return value + delta if value is not None else None


def _replace_session(meeting: Meeting, old: Session, new: Session | None) -> Meeting:
    """``old`` replaced by ``new`` (on its own day, kept in time order), or removed when None."""
    days: list[Day] = []
    placed = new is None
    for d in meeting.days:
        sessions = [s for s in d.sessions if s is not old]
        if new is not None and d.date == new.day:
            sessions.append(new)
            placed = True
        days.append(dataclasses.replace(d, sessions=tuple(_in_order(sessions))))
    if not placed and new is not None:
        days.append(Day(date=new.day, sessions=(new,)))
        days.sort(key=lambda d: d.date)
    return dataclasses.replace(meeting, days=tuple(days))


def _in_order(sessions: list[Session]) -> list[Session]:
    # Sessions without a time keep their place after the timed ones of the day.
    starts = [(start, s) for s in sessions if (start := s.starts_at)]
    timed = [s for _, s in sorted(starts, key=lambda pair: pair[0])]
    return timed + [s for s in sessions if not s.starts_at]


def _map_items(meeting: Meeting, change: Any) -> Meeting:
    """Every session's items passed through ``change(session, items) -> items``."""
    days = tuple(
        dataclasses.replace(d, sessions=tuple(
            dataclasses.replace(s, items=tuple(change(s, s.items))) for s in d.sessions
        ))
        for d in meeting.days
    )
    return dataclasses.replace(meeting, days=days)


def apply_edit(meeting: Meeting, edit: Edit) -> Meeting:
    """``meeting`` with ``edit`` made; EditError when the edit names nothing there."""
    if isinstance(edit, Move):
        return _apply_move(meeting, edit)
    if isinstance(edit, Cancel):
        return _apply_cancel(meeting, edit)
    if isinstance(edit, Rename):
        return _apply_rename(meeting, edit)
    if isinstance(edit, AddDocument):
        return _apply_doc(meeting, edit)
    if isinstance(edit, SetPeople):
        return _apply_people(meeting, edit)
    if isinstance(edit, SetRoom):
        return _apply_room(meeting, edit)
    return _apply_session_edit(meeting, edit)


def _with_role(people: tuple[Person, ...], role: Role, chosen: tuple[tuple[str, str], ...]) -> tuple[Person, ...]:
    """``people`` with those of ``role`` replaced by ``chosen``, where the first of them stood."""
    new = [Person(name, role, affiliation) for name, affiliation in chosen]
    at = next((n for n, p in enumerate(people) if p.role is role), len(people))
    kept = [p for p in people if p.role is not role]
    at = min(at, len(kept))
    return (*kept[:at], *new, *kept[at:])


def _apply_people(meeting: Meeting, edit: SetPeople) -> Meeting:
    role = Role(edit.role)
    if edit.target.casefold() in _MEETING_TARGETS:
        return dataclasses.replace(meeting, people=_with_role(meeting.people, role, edit.people))
    if item_number(edit.target) is None and looks_like_session(meeting, edit.target):
        session = find_session(meeting, edit.target)
        changed = dataclasses.replace(session, people=_with_role(session.people, role, edit.people))
        return _replace_session(meeting, session, changed)
    item = find_item(meeting, edit.target)
    return _map_items(meeting, lambda _s, items: [
        dataclasses.replace(i, people=_with_role(i.people, role, edit.people)) if i is item else i for i in items])


def _apply_room(meeting: Meeting, edit: SetRoom) -> Meeting:
    room = " ".join(edit.room.split())
    if item_number(edit.target) is None and looks_like_session(meeting, edit.target):
        session = find_session(meeting, edit.target)
        return _replace_session(meeting, session, dataclasses.replace(session, room=room))
    item = find_item(meeting, edit.target)
    return _map_items(meeting, lambda _s, items: [
        dataclasses.replace(i, room=room) if i is item else i for i in items])


def _apply_move(meeting: Meeting, edit: Move) -> Meeting:
    on = resolve_day(edit.day, meeting) if edit.day else None
    if on is not None and on not in all_dates(meeting):
        raise EditError(
            f"{long_date(on)} is not a day of {meeting.title} "
            f"({day_month(meeting.start_date)} – {day_month(meeting.end_date, year=True)})."
        )
    if item_number(edit.target) is None and looks_like_session(meeting, edit.target):
        return _move_session(meeting, find_session(meeting, edit.target, on), edit.at, on)
    return _move_item(meeting, find_item(meeting, edit.target), edit.at, on)


def _move_session(meeting: Meeting, session: Session, at: time, on: date | None) -> Meeting:
    day = on or session.day
    starts = _at(day, at, meeting.timezone)
    if session.starts_at is None:
        moved = dataclasses.replace(session, day=day, starts_at=starts)
    else:
        delta = starts - session.starts_at
        moved = dataclasses.replace(
            session, day=day, starts_at=starts, ends_at=_shift(session.ends_at, delta),
            items=tuple(dataclasses.replace(i, starts_at=_shift(i.starts_at, delta), ends_at=_shift(i.ends_at, delta))
                        for i in session.items),
        )
    return _replace_session(meeting, session, moved)


def _move_item(meeting: Meeting, item: Item, at: time, on: date | None) -> Meeting:
    home = next(s for s in meeting.sessions if item in s.items)
    day = on or home.day
    starts = _at(day, at, meeting.timezone)
    # The session that runs at that time takes the item; else it stays where it is (if that day).
    into = next((s for s in meeting.sessions if s.day == day and s.starts_at and s.ends_at
                 and s.starts_at <= starts < s.ends_at), None)
    if into is None:
        if day != home.day:
            raise EditError(f"No session runs at {time_of_day(at)} on {short_day(day)}; move a session there first.")
        into = home
    ends = _shift(item.ends_at, starts - item.starts_at) if item.starts_at else None
    moved = dataclasses.replace(item, starts_at=starts, ends_at=ends)
    if into is home:
        new_home = dataclasses.replace(home, items=tuple(moved if i is item else i for i in home.items))
        return _replace_session(meeting, home, new_home)
    without = _replace_session(meeting, home, dataclasses.replace(home, items=tuple(i for i in home.items if i is not item)))
    target = next(s for s in without.sessions if s.key == into.key)
    later = [i for i in target.items if i.starts_at and i.starts_at > starts]
    position = target.items.index(later[0]) if later else len(target.items)
    items = target.items[:position] + (moved,) + target.items[position:]
    return _replace_session(without, target, dataclasses.replace(target, items=items))


def _apply_cancel(meeting: Meeting, edit: Cancel) -> Meeting:
    if item_number(edit.target) is None and "session" in edit.target.lower():
        return _replace_session(meeting, find_session(meeting, edit.target), None)
    item = find_item(meeting, edit.target)

    def drop(_: Session, items: tuple[Item, ...]) -> list[Item]:
        # A continued item goes with its continuation: it is the same item.
        return [i for i in items if not (i is item or (item.number and i.number == item.number))]

    return _map_items(meeting, drop)


def _apply_rename(meeting: Meeting, edit: Rename) -> Meeting:
    if not edit.title.strip():
        raise EditError("The new title is empty.")
    if item_number(edit.target) is None and "session" in edit.target.lower():
        session = find_session(meeting, edit.target)
        return _replace_session(meeting, session, dataclasses.replace(session, title=edit.title))
    item = find_item(meeting, edit.target)
    return _map_items(meeting, lambda _s, items: [
        dataclasses.replace(i, title=edit.title) if i is item else i for i in items])


def _apply_doc(meeting: Meeting, edit: AddDocument) -> Meeting:
    item = find_item(meeting, f"item {edit.item}").number if edit.item else ""
    doc = Document(title=edit.title, symbol=edit.symbol, url=edit.url, item=item)
    kept = [d for d in meeting.documents if d.key != doc.key]
    before = next((d for d in meeting.documents if d.key == doc.key), None)
    if before is not None:
        # Replacing a document's link or title must not drop the text we extracted from it.
        doc = dataclasses.replace(doc, body=before.body, category=before.category)
        index = meeting.documents.index(before)
        return dataclasses.replace(meeting, documents=(*kept[:index], doc, *kept[index:]))
    return dataclasses.replace(meeting, documents=(*meeting.documents, doc))


def _apply_session_edit(meeting: Meeting, edit: SessionEdit) -> Meeting:
    session = next((s for s in meeting.sessions if s.key == edit.session_key), None)
    if session is None:
        raise EditError("That session is no longer on the agenda; open the editor again.")
    starts = _at(session.day, edit.starts, meeting.timezone) if edit.starts else None
    ends = _at(session.day, edit.ends, meeting.timezone) if edit.ends else None
    if starts and ends and ends <= starts:
        ends += timedelta(days=1)  # "22:00 to 01:00" runs past midnight
    old_items = {(i.number or i.title).casefold(): i for i in session.items}
    items = []
    for ordinal, (number, title) in enumerate(edit.items, start=1):
        before = old_items.get((number or title).casefold())
        if before is not None:
            items.append(dataclasses.replace(before, title=title, ordinal=ordinal))
        else:
            items.append(Item(title=title, number=number, ordinal=ordinal))
    changed = dataclasses.replace(session, starts_at=starts, ends_at=ends, items=tuple(items))
    return _replace_session(meeting, session, changed)
