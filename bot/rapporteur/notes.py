"""Notes in the store: take one, list them, move one to another item, drop one.

Notes are numbered by their row id, which never changes, so "note 12" in a
list read a minute ago is still note 12 after someone else moved another.
Who may move or drop a note is bot/permissions.py's to say (``Action.MOVE_NOTE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DBSession

from bot import workspace
from bot.rapporteur.attribution import Attribution, find_item
from bot.rapporteur.marks import Mark
from store import models
from store.values import Meeting, Session


class NotesError(Exception):
    """A request about notes we refuse; the message says why, and nothing changed."""


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


def _meeting_id(db: DBSession, slug: str) -> int:
    found = db.scalar(select(models.Meeting.id).where(models.Meeting.slug == slug))
    if found is None:
        raise NotesError(f"There is no meeting “{slug}”.")
    return found


def _value(row: models.RapporteurNote) -> Note:
    return Note(
        row.id, row.kind, row.text, row.author, row.owner, row.owner_name, row.permalink, row.item_number,
        row.item_title, row.session_key, row.session_title, row.status, row.noted_at,
    )


def linked_meeting(db: DBSession, channel: str) -> str | None:
    """The meeting ``channel`` is linked to; notes are taken only there (no guessing).
    Serving many workspaces, only a meeting of the asking workspace counts."""
    query = select(models.Meeting.slug).where(models.Meeting.channel_id == channel)
    team = workspace.current()
    if team is not None:
        query = query.where(models.Meeting.team_id == team)
    return db.scalar(query)


def pointers(db: DBSession, slug: str) -> dict[str, str]:
    """Session key -> the item number organizers said is under discussion there."""
    table = models.RapporteurCurrentItem
    rows = db.execute(
        select(table.session_key, table.item_number).where(table.meeting_id == _meeting_id(db, slug))
    )
    return {key: number for key, number in rows}


def set_current_item(db: DBSession, meeting: Meeting, session: Session, number: str, *, by: str,
                     now: datetime) -> str:
    """Say item ``number`` is under discussion in ``session``; the item's label, for the reply."""
    item = find_item(meeting, number, session)
    if item is None:
        numbers = ", ".join(dict.fromkeys(i.number for _, i in meeting.items() if i.number))
        raise NotesError(f"There is no item {number.strip()} on the agenda of {meeting.title}; its items: {numbers}.")
    meeting_id = _meeting_id(db, meeting.slug)
    row = db.get(models.RapporteurCurrentItem, (meeting_id, session.key))
    if row is None:
        row = models.RapporteurCurrentItem(meeting_id=meeting_id, session_key=session.key)
        db.add(row)
    row.item_number, row.item_title, row.set_by, row.set_at = item.number, item.title, by, now
    db.flush()
    return item.label


def add_note(db: DBSession, slug: str, mark: Mark, *, author: str, channel: str, ts: str, permalink: str,
             where: Attribution, now: datetime, owner_name: str = "") -> Note | None:
    """Store one note; None when this part of this message is already a note (a repeated event,
    a second click of the shortcut)."""
    meeting_id = _meeting_id(db, slug)
    table = models.RapporteurNote
    existing = db.scalar(select(table.id).where(
        table.meeting_id == meeting_id, table.channel_id == channel, table.message_ts == ts, table.part == mark.part))
    if existing is not None:
        return None
    row = table(
        meeting_id=meeting_id, kind=str(mark.kind), text=mark.text, author=author, owner=mark.owner, owner_name=owner_name,
        channel_id=channel, message_ts=ts, part=mark.part, permalink=permalink,
        item_number=where.item_number, item_title=where.item_title, session_key=where.session_key,
        session_title=where.session.title if where.session else "", status="active", noted_at=now,
        changed_by="",
    )
    try:
        with db.begin_nested():  # two workers taking the same message: the second finds the first
            db.add(row)
            db.flush()
    except IntegrityError:
        return None
    return _value(row)


def list_notes(db: DBSession, slug: str, *, item: str = "", meeting: Meeting | None = None) -> list[Note]:
    """The active notes, oldest first; only item ``item``'s when given (``meeting`` resolves "5" to "V")."""
    table = models.RapporteurNote
    query = select(table).where(table.meeting_id == _meeting_id(db, slug), table.status == "active")
    if item:
        number = item
        if meeting is not None:
            found = find_item(meeting, item)
            if found is None:
                raise NotesError(f"There is no item {item} on the agenda of {meeting.title}.")
            number = found.number
        query = query.where(table.item_number == number)
    return [_value(r) for r in db.scalars(query.order_by(table.noted_at, table.id))]


def note_meeting(db: DBSession, note_id: int) -> str | None:
    """The slug of the meeting note ``note_id`` belongs to (a menu beside a note carries only its id)."""
    return db.scalar(select(models.Meeting.slug).join(models.RapporteurNote,
                                                      models.RapporteurNote.meeting_id == models.Meeting.id)
                     .where(models.RapporteurNote.id == note_id))


def _note_row(db: DBSession, slug: str, note_id: int) -> models.RapporteurNote:
    row = db.get(models.RapporteurNote, note_id)
    if row is None or row.meeting_id != _meeting_id(db, slug) or row.status != "active":
        raise NotesError(f"There is no note {note_id}; `/agenda notes` lists them with their numbers.")
    return row


def move_note(db: DBSession, meeting: Meeting, note_id: int, target: str, *, by: str, now: datetime) -> Note:
    """File note ``note_id`` under item ``target`` ("general" for none)."""
    row = _note_row(db, meeting.slug, note_id)
    if target.strip().casefold() in ("general", "none"):
        row.item_number, row.item_title = "", ""
    else:
        item = find_item(meeting, target)
        if item is None:
            raise NotesError(f"There is no item {target.strip()} on the agenda of {meeting.title}; nothing was moved.")
        row.item_number, row.item_title = item.number, item.title
    row.changed_by, row.changed_at = by, now
    db.flush()
    return _value(row)


def drop_note(db: DBSession, slug: str, note_id: int, *, by: str, now: datetime) -> Note:
    row = _note_row(db, slug, note_id)
    row.status, row.changed_by, row.changed_at = "dropped", by, now
    db.flush()
    return _value(row)
