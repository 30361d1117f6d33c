"""Notes: take one, list them, move one to another item, drop one (kept by store/notes.py).

Notes are numbered by their row id, which never changes, so "note 12" in a
list read a minute ago is still note 12 after someone else moved another.
Who may move or drop a note is bot/permissions.py's to say (``Action.MOVE_NOTE``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session as DBSession

from bot import workspace
from bot.rapporteur.attribution import Attribution, find_item
from bot.rapporteur.marks import Mark
from bot.words import Hint, Words, WordsError
from store import notes as stored
from store.notes import NewNote, Note, note_meeting
from store.values import Meeting, Session


class NotesError(WordsError):
    """A request about notes we refuse; the message (``words``) says why, and nothing changed."""


def _meeting_id(db: DBSession, slug: str) -> int:
    found = stored.meeting_id(db, slug)
    if found is None:
        raise NotesError(f"There is no meeting “{slug}”.")
    return found


def linked_meeting(db: DBSession, channel: str) -> str | None:
    """The meeting ``channel`` is linked to; notes are taken only there (no guessing).
    Serving many workspaces, only a meeting of the asking workspace counts."""
    return stored.linked_meeting(db, channel, workspace.current())


def pointers(db: DBSession, slug: str) -> dict[str, str]:
    """Session key -> the item number organizers said is under discussion there."""
    return stored.pointers(db, _meeting_id(db, slug))


def set_current_item(db: DBSession, meeting: Meeting, session: Session, number: str, *, by: str,
                     now: datetime) -> str:
    """Say item ``number`` is under discussion in ``session``; the item's label, for the reply."""
    item = find_item(meeting, number, session)
    if item is None:
        numbers = ", ".join(dict.fromkeys(i.number for _, i in meeting.items() if i.number))
        raise NotesError(f"There is no item {number.strip()} on the agenda of {meeting.title}; its items: {numbers}.")
    stored.save_pointer(db, _meeting_id(db, meeting.slug), session.key, item.number, item.title, by=by, now=now)
    return item.label


def add_note(db: DBSession, slug: str, mark: Mark, *, author: str, channel: str, ts: str, permalink: str,
             where: Attribution, now: datetime, owner_name: str = "") -> Note | None:
    """Store one note; None when this part of this message is already a note (a repeated event,
    a second click of the shortcut)."""
    return stored.insert_note(db, _meeting_id(db, slug), NewNote(
        kind=str(mark.kind), text=mark.text, author=author, owner=mark.owner, owner_name=owner_name,
        channel=channel, ts=ts, part=mark.part, permalink=permalink, item_number=where.item_number,
        item_title=where.item_title, session_key=where.session_key,
        session_title=where.session.title if where.session else "", noted_at=now,
    ))


def list_notes(db: DBSession, slug: str, *, item: str = "", meeting: Meeting | None = None) -> list[Note]:
    """The active notes, oldest first; only item ``item``'s when given (``meeting`` resolves "5" to "V")."""
    meeting_id = _meeting_id(db, slug)
    number: str | None = None
    if item:
        number = item
        if meeting is not None:
            found = find_item(meeting, item)
            if found is None:
                raise NotesError(f"There is no item {item} on the agenda of {meeting.title}.")
            number = found.number
    return stored.active_notes(db, meeting_id, number)


def _no_note(note_id: int) -> NotesError:
    return NotesError(Words.of(f"There is no note {note_id}; ", Hint.NOTES, " lists them with their numbers."))


def move_note(db: DBSession, meeting: Meeting, note_id: int, target: str, *, by: str, now: datetime) -> Note:
    """File note ``note_id`` under item ``target`` ("general" for none)."""
    meeting_id = _meeting_id(db, meeting.slug)
    if not stored.is_active(db, meeting_id, note_id):
        raise _no_note(note_id)
    number = title = ""
    if target.strip().casefold() not in ("general", "none"):
        item = find_item(meeting, target)
        if item is None:
            raise NotesError(f"There is no item {target.strip()} on the agenda of {meeting.title}; nothing was moved.")
        number, title = item.number, item.title
    moved = stored.refile_note(db, meeting_id, note_id, number, title, by=by, now=now)
    assert moved is not None  # active a moment ago, in this transaction
    return moved


def drop_note(db: DBSession, slug: str, note_id: int, *, by: str, now: datetime) -> Note:
    dropped = stored.drop_note(db, _meeting_id(db, slug), note_id, by=by, now=now)
    if dropped is None:
        raise _no_note(note_id)
    return dropped


__all__ = ["Note", "NotesError", "add_note", "drop_note", "linked_meeting", "list_notes", "move_note",
           "note_meeting", "pointers", "set_current_item"]
