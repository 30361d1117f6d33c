"""Writing a meeting's agenda rows (days, sessions, items, people): only what changed.

A revision that moves one session of a 1,000-item conference used to delete
every day (the database's cascade took sessions, items, people and their
search rows with them) and insert it all again: about 4,000 rows and as many
search-index updates, most of a second before the organizer's "Done". Here
the new agenda is matched against the one stored, and the rows that differ
are the only ones written, a few statements whatever the agenda's size:

- days by date (a day no longer there is deleted, with all under it);
- under a kept day its sessions by position, and under a kept session its
  items by position: a pair whose columns differ is updated in place, a row
  left over is deleted, a new one inserted (with everything under it);
- people by place (the meeting, a session, an item): a place whose list
  differs has its rows replaced;
- each item's ``continues`` link recomputed and rewritten where it moved.

Rows keep their ids when they are kept, so the search index's triggers
(migration 0002) refresh only the items whose text changed. Saving a new
meeting is the same with nothing stored: everything is inserted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.orm import Session as DBSession

from store import models
from store.values import Day, Item, ItemKind, Meeting, Person, Role, Session


@dataclass(frozen=True)
class StoredItem:
    """An item row as loaded, beside the value it was read as."""

    id: int
    continues_id: int | None
    value: Item


@dataclass(frozen=True)
class StoredSession:
    id: int
    value: Session
    items: tuple[StoredItem, ...]


@dataclass(frozen=True)
class StoredDay:
    id: int
    value: Day
    sessions: tuple[StoredSession, ...]


@dataclass(frozen=True)
class StoredAgenda:
    """What is in the database for one meeting, row ids included: the base a save compares to."""

    days: tuple[StoredDay, ...] = ()
    people: tuple[Person, ...] = ()  # the meeting's own

    @property
    def values(self) -> tuple[Day, ...]:
        return tuple(d.value for d in self.days)


# Where a person row hangs: (session_id, item_id); (None, None) is the meeting.
_Place = tuple[int | None, int | None]


def read_agenda(db: DBSession, meeting_id: int, zone: ZoneInfo) -> StoredAgenda:
    """The stored agenda of ``meeting_id`` with its row ids, times in ``zone``.

    Read as plain columns, one query a table: through the ORM (objects, identity
    map, selectin loads) a 1,000-item agenda took about 60 ms to load, and its
    objects then had to leave the session before a save could write behind them.
    Days by date, sessions and items by ordinal (then id, so equal ordinals keep
    the order they were written in)."""
    people = _people(db, meeting_id)

    def local(value: datetime | None) -> datetime | None:
        return value.astimezone(zone) if value else None

    s, i = models.Session, models.AgendaItem
    items: dict[int, list[tuple[Any, ...]]] = {}
    rows = db.execute(select(i.id, i.session_id, i.continues_id, i.title, i.number, i.ordinal, i.kind, i.sub_points,
                             i.starts_at, i.ends_at, i.description, i.room)
                      .where(i.meeting_id == meeting_id).order_by(i.ordinal, i.id))
    for row in rows:
        items.setdefault(row[1], []).append(tuple(row))
    number_of = {row[0]: row[4] for found in items.values() for row in found}
    # A Result has keys(): dict() would take it for a mapping.
    dates = {day_id: day for day_id, day in db.execute(
        select(models.Day.id, models.Day.date).where(models.Day.meeting_id == meeting_id).order_by(models.Day.date))}
    sessions: dict[int, list[StoredSession]] = {}
    for sid, day_id, title, starts, ends, room, uid in db.execute(
            select(s.id, s.day_id, s.title, s.starts_at, s.ends_at, s.room, s.uid)
            .where(s.meeting_id == meeting_id).order_by(s.ordinal, s.id)):
        stored_items = tuple(
            StoredItem(iid, continues_id, Item(
                title=title_, number=number, ordinal=ordinal, kind=ItemKind(kind), sub_points=tuple(sub_points or ()),
                starts_at=local(i_starts), ends_at=local(i_ends),
                continues=number_of.get(continues_id) if continues_id else None,
                description=description, room=i_room, people=people.get((None, iid), ())))
            for iid, _, continues_id, title_, number, ordinal, kind, sub_points, i_starts, i_ends, description, i_room
            in items.get(sid, ())
        )
        sessions.setdefault(day_id, []).append(StoredSession(sid, Session(
            title=title, day=dates[day_id], starts_at=local(starts), ends_at=local(ends), room=room, uid=uid,
            people=people.get((sid, None), ()), items=tuple(x.value for x in stored_items)), stored_items))
    days = [StoredDay(day_id, Day(day, tuple(x.value for x in sessions.get(day_id, ()))), tuple(sessions.get(day_id, ())))
            for day_id, day in dates.items()]
    return StoredAgenda(tuple(days), people.get((None, None), ()))


def _people(db: DBSession, meeting_id: int) -> dict[_Place, tuple[Person, ...]]:
    found: dict[_Place, list[Person]] = {}
    p = models.AgendaPerson
    rows = db.execute(select(p.session_id, p.item_id, p.name, p.role, p.affiliation)
                      .where(p.meeting_id == meeting_id).order_by(p.position, p.id))
    for session_id, item_id, name, role_name, affiliation in rows:
        try:
            role = Role(role_name)
        except ValueError:  # written by a newer version that knows more roles
            role = Role.OTHER
        found.setdefault((session_id, item_id), []).append(Person(name, role, affiliation))
    return {place: tuple(people) for place, people in found.items()}


def _table(model: type[models.Base]) -> Table:
    # A declarative model's __table__ is a Table; SQLAlchemy declares the wider FromClause.
    return cast(Table, model.__table__)


def session_columns(session: Session, ordinal: int) -> dict[str, Any]:
    return {
        "ordinal": ordinal,
        "title": session.title,
        "room": session.room,
        "uid": session.uid,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
    }


def item_columns(item: Item, position: int) -> dict[str, Any]:
    return {
        "ordinal": item.ordinal or position,
        "number": item.number,
        "title": item.title,
        "kind": str(item.kind),
        "sub_points": list(item.sub_points),
        "speakers": list(item.speakers),  # for the search index only
        "description": item.description,
        "room": item.room,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
    }


@dataclass
class _People:
    """The places whose people are rewritten: the lists to insert, the places to clear first."""

    meeting_id: int
    written: list[tuple[int | None, int | None, tuple[Person, ...]]] = field(default_factory=list)
    cleared: list[tuple[int | None, int | None]] = field(default_factory=list)

    def place(self, session_id: int | None, item_id: int | None, new: tuple[Person, ...],
              old: tuple[Person, ...] | None) -> None:
        """``old`` None: the place is new (nothing to clear)."""
        if old == new:
            return
        if old:
            self.cleared.append((session_id, item_id))
        if new:
            self.written.append((session_id, item_id, new))


# A level's rows: (kept id or None for a new row, the columns wanted (None: a kept row known to be
# unchanged), the columns stored (None: a new row)).
_Rows = list[tuple[int | None, dict[str, Any] | None, dict[str, Any] | None]]


def write_agenda(db: DBSession, meeting_id: int, stored: StoredAgenda, meeting: Meeting) -> None:
    """Make the agenda rows of ``meeting_id`` say ``meeting``, given that they say ``stored``."""
    people = _People(meeting_id)
    people.place(None, None, meeting.people, stored.people)
    kept_days = {d.value.date: d for d in stored.days}
    wanted_dates = {d.date for d in meeting.days}
    # The database's ON DELETE CASCADE takes what is under a deleted row (and its search rows).
    _delete(db, models.Day, [d.id for d in stored.days if d.value.date not in wanted_dates])
    new_days = [d for d in meeting.days if d.date not in kept_days]
    new_day_ids = dict(zip(
        (d.date for d in new_days),
        _inserted_ids(db, models.Day, [{"meeting_id": meeting_id, "date": d.date} for d in new_days]),
        strict=True))
    days = [(kept_days[d.date].id if d.date in kept_days else new_day_ids[d.date], d, kept_days.get(d.date))
            for d in meeting.days]
    sessions = _write_sessions(db, meeting_id, days, people)
    items = _write_items(db, meeting_id, sessions, people)
    _write_people(db, people)
    _link_continued(db, items)


def _write_sessions(db: DBSession, meeting_id: int, days: list[tuple[int, Day, StoredDay | None]],
                    people: _People) -> list[tuple[int, Session, StoredSession | None]]:
    """Each day's sessions paired by position with the stored ones; each with its id."""
    pairs: list[tuple[Session, StoredSession | None]] = []
    rows: _Rows = []
    left_over: list[int] = []
    for day_id, day, kept in days:
        before = kept.sessions if kept is not None else ()
        for ordinal, session in enumerate(day.sessions, start=1):
            old = before[ordinal - 1] if ordinal <= len(before) else None
            pairs.append((session, old))
            rows.append((old.id if old else None,
                         {"day_id": day_id, "meeting_id": meeting_id, **session_columns(session, ordinal)},
                         session_columns(old.value, ordinal) if old else None))
        left_over += [s.id for s in before[len(day.sessions):]]
    ids = _write_level(db, models.Session, rows, left_over)
    for session_id, (session, old) in zip(ids, pairs, strict=True):
        people.place(session_id, None, session.people, old.value.people if old else None)
    return [(session_id, session, old) for session_id, (session, old) in zip(ids, pairs, strict=True)]


def _write_items(db: DBSession, meeting_id: int, sessions: list[tuple[int, Session, StoredSession | None]],
                 people: _People) -> list[tuple[int, Item, StoredItem | None]]:
    """Each session's items paired by position with the stored ones; each with its id."""
    pairs: list[tuple[Item, StoredItem | None]] = []
    rows: _Rows = []
    left_over: list[int] = []
    for session_id, session, kept in sessions:
        before = kept.items if kept is not None else ()
        for position, item in enumerate(session.items, start=1):
            old = before[position - 1] if position <= len(before) else None
            pairs.append((item, old))
            if old is not None and old.value == item:  # most items of a revision: no columns to compare
                rows.append((old.id, None, None))
                continue
            rows.append((old.id if old else None,
                         {"session_id": session_id, "meeting_id": meeting_id, **item_columns(item, position)},
                         item_columns(old.value, position) if old else None))
        left_over += [i.id for i in before[len(session.items):]]
    ids = _write_level(db, models.AgendaItem, rows, left_over)
    for item_id, (item, old) in zip(ids, pairs, strict=True):
        people.place(None, item_id, item.people, old.value.people if old else None)
    return [(item_id, item, old) for item_id, (item, old) in zip(ids, pairs, strict=True)]


def _write_level(db: DBSession, model: type[models.Base], rows: _Rows, left_over: list[int]) -> list[int]:
    """One level's rows written: those ``left_over`` deleted, the kept ones whose columns
    differ updated, the new ones inserted; every row's id, in order. A kept row is paired
    under its kept parent, so only the columns a save sets are compared. Deleting first:
    SQLite may give a deleted row's id to a new one."""
    _delete(db, model, left_over)
    changed = [{"b_id": row_id, **wanted} for row_id, wanted, stored in rows
               if row_id is not None and wanted is not None and {k: wanted[k] for k in stored or {}} != stored]
    if changed:
        table = _table(model)
        db.execute(table.update().where(table.c.id == bindparam("b_id"))
                   .values({k: bindparam(k) for k in changed[0] if k != "b_id"}), changed)
    fresh = iter(_inserted_ids(db, model, [wanted for row_id, wanted, _ in rows if row_id is None and wanted]))
    return [row_id if row_id is not None else next(fresh) for row_id, _, _ in rows]


def _delete(db: DBSession, model: type[models.Base], ids: list[int]) -> None:
    if ids:
        table = _table(model)
        db.execute(delete(table).where(table.c.id.in_(ids)))


def _inserted_ids(db: DBSession, model: type[models.Base], rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in one statement batch; their new ids, in the rows' order."""
    if not rows:
        return []
    # Every model passed has an integer id; Base, which they share, declares no columns.
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
    return list(db.scalars(statement, rows))


def _write_people(db: DBSession, people: _People) -> None:
    table = _table(models.AgendaPerson)
    mine = table.c.meeting_id == people.meeting_id
    if (None, None) in people.cleared:
        db.execute(delete(table).where(mine, table.c.session_id.is_(None), table.c.item_id.is_(None)))
    sessions = [s for s, _ in people.cleared if s is not None]
    if sessions:
        db.execute(delete(table).where(mine, table.c.session_id.in_(sessions)))
    items = [i for _, i in people.cleared if i is not None]
    if items:
        db.execute(delete(table).where(mine, table.c.item_id.in_(items)))
    rows = [
        {"meeting_id": people.meeting_id, "session_id": session_id, "item_id": item_id, "position": position,
         "name": person.name, "role": str(person.role), "affiliation": person.affiliation}
        for session_id, item_id, persons in people.written
        for position, person in enumerate(persons)
    ]
    if rows:
        db.execute(insert(table), rows)


def _link_continued(db: DBSession, items: list[tuple[int, Item, StoredItem | None]]) -> None:
    """A continued item points at the first listing of its number (which may come later only
    by mistake: then it points nowhere, as before). Written where the stored link differs."""
    kept = {old.id for _, _, old in items if old is not None}
    first_by_number: dict[str, int] = {}
    links = []
    for item_id, item, old in items:
        target = first_by_number.get(item.continues.casefold()) if item.continues else None
        # A new row starts unlinked; a link to a deleted row was unset by the database (and
        # its id may have gone to a new row since).
        stored = old.continues_id if old is not None and old.continues_id in kept else None
        if target != stored:
            links.append({"b_id": item_id, "b_target": target})
        if item.number:
            first_by_number.setdefault(item.number.casefold(), item_id)
    if links:
        table = _table(models.AgendaItem)
        db.execute(table.update().where(table.c.id == bindparam("b_id")).values(continues_id=bindparam("b_target")),
                   links)
