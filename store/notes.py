"""The rapporteur's notes and "item under discussion" pointers, as the store keeps them.

Rows in, ``Note`` values out; which item a note belongs to and who may move it are the
core's (bot/rapporteur/notes.py, bot/permissions.py). Notes are numbered by their row id,
which never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DBSession

from store import models


@dataclass(frozen=True)
class Note:
    id: int
    kind: str
    text: str
    author: str
    owner: str
    owner_name: str
    permalink: str
    item_number: str
    item_title: str
    session_key: str
    session_title: str
    status: str
    noted_at: datetime

    @property
    def where(self) -> str:
        """The item (or session) it is filed under, as a person reads it."""
        if self.item_number:
            return f"item {self.item_number}"
        if self.session_title:
            return f"{self.session_title} (no item)"
        return "general"


@dataclass(frozen=True)
class NewNote:
    """One marked part of one channel message, and where it is filed."""

    kind: str
    text: str
    author: str
    owner: str
    owner_name: str
    channel: str
    ts: str
    part: int
    permalink: str
    item_number: str
    item_title: str
    session_key: str
    session_title: str
    noted_at: datetime


def meeting_id(db: DBSession, slug: str) -> int | None:
    return db.scalar(select(models.Meeting.id).where(models.Meeting.slug == slug))


def _value(row: models.RapporteurNote) -> Note:
    return Note(
        row.id, row.kind, row.text, row.author, row.owner, row.owner_name, row.permalink, row.item_number,
        row.item_title, row.session_key, row.session_title, row.status, row.noted_at,
    )


def linked_meeting(db: DBSession, channel: str, team: str | None) -> str | None:
    """The meeting ``channel`` is linked to; of workspace ``team`` only, when given."""
    query = select(models.Meeting.slug).where(models.Meeting.channel_id == channel)
    if team is not None:
        query = query.where(models.Meeting.team_id == team)
    return db.scalar(query)


def pointers(db: DBSession, meeting: int) -> dict[str, str]:
    """Session key -> the item number organizers said is under discussion there."""
    table = models.RapporteurCurrentItem
    rows = db.execute(select(table.session_key, table.item_number).where(table.meeting_id == meeting))
    return {key: number for key, number in rows}


def save_pointer(db: DBSession, meeting: int, session_key: str, item_number: str, item_title: str, *,
                 by: str, now: datetime) -> None:
    row = db.get(models.RapporteurCurrentItem, (meeting, session_key))
    if row is None:
        row = models.RapporteurCurrentItem(meeting_id=meeting, session_key=session_key)
        db.add(row)
    row.item_number, row.item_title, row.set_by, row.set_at = item_number, item_title, by, now
    db.flush()


def insert_note(db: DBSession, meeting: int, new: NewNote) -> Note | None:
    """Store one note; None when this part of this message is already a note."""
    table = models.RapporteurNote
    existing = db.scalar(select(table.id).where(
        table.meeting_id == meeting, table.channel_id == new.channel, table.message_ts == new.ts,
        table.part == new.part))
    if existing is not None:
        return None
    row = table(
        meeting_id=meeting, kind=new.kind, text=new.text, author=new.author, owner=new.owner,
        owner_name=new.owner_name, channel_id=new.channel, message_ts=new.ts, part=new.part,
        permalink=new.permalink, item_number=new.item_number, item_title=new.item_title,
        session_key=new.session_key, session_title=new.session_title, status="active", noted_at=new.noted_at,
        changed_by="",
    )
    try:
        with db.begin_nested():  # two workers taking the same message: the second finds the first
            db.add(row)
            db.flush()
    except IntegrityError:
        return None
    return _value(row)


def active_notes(db: DBSession, meeting: int, item_number: str | None = None) -> list[Note]:
    """The active notes, oldest first; only those filed under ``item_number`` when given."""
    table = models.RapporteurNote
    query = select(table).where(table.meeting_id == meeting, table.status == "active")
    if item_number is not None:
        query = query.where(table.item_number == item_number)
    return [_value(r) for r in db.scalars(query.order_by(table.noted_at, table.id))]


def note_meeting(db: DBSession, note_id: int) -> str | None:
    """The slug of the meeting note ``note_id`` belongs to."""
    return db.scalar(select(models.Meeting.slug).join(models.RapporteurNote,
                                                      models.RapporteurNote.meeting_id == models.Meeting.id)
                     .where(models.RapporteurNote.id == note_id))


def _active_row(db: DBSession, meeting: int, note_id: int) -> models.RapporteurNote | None:
    row = db.get(models.RapporteurNote, note_id)
    return row if row is not None and row.meeting_id == meeting and row.status == "active" else None


def is_active(db: DBSession, meeting: int, note_id: int) -> bool:
    return _active_row(db, meeting, note_id) is not None


def refile_note(db: DBSession, meeting: int, note_id: int, item_number: str, item_title: str, *,
                by: str, now: datetime) -> Note | None:
    """File an active note under another item ('' for none); None when there is no such note."""
    row = _active_row(db, meeting, note_id)
    if row is None:
        return None
    row.item_number, row.item_title = item_number, item_title
    row.changed_by, row.changed_at = by, now
    db.flush()
    return _value(row)


def drop_note(db: DBSession, meeting: int, note_id: int, *, by: str, now: datetime) -> Note | None:
    row = _active_row(db, meeting, note_id)
    if row is None:
        return None
    row.status, row.changed_by, row.changed_at = "dropped", by, now
    db.flush()
    return _value(row)
