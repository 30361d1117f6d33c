"""The rapporteur's notes as requests: where a marked message is filed, storing it, the
draft report, publishing the final one. Each function opens its own transaction;
what only a chat platform knows (a message's permalink, people's names, reacting
with a checkmark, uploading files) its transport does around these calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.clock import Clock
from bot.rapporteur.attribution import Attribution, attribute
from bot.rapporteur.draft import DraftReport, build_draft
from bot.rapporteur.marks import Mark
from bot.rapporteur.notes import (
    Note,
    add_note,
    drop_note,
    linked_meeting,
    list_notes,
    move_note,
    note_meeting,
    pointers,
    set_current_item,
)
from bot.rapporteur.publish import Published, publish
from bot.requests.meeting import Services
from store.agenda import load_meeting, team_of
from store.db import transaction
from store.documents import DocumentError
from store.values import Meeting, Session


class NotNoted(Enum):
    """Why a message's notes could not be taken."""

    UNLINKED = "unlinked"  # the channel is linked to no meeting
    OUTSIDE_DAYS = "outside_days"  # the message is from outside the meeting's days


@dataclass(frozen=True)
class Taken:
    """What became of a message offered as notes: the notes stored (none if all were there
    already), or why none could be (``refused``, with the meeting's title when there is one)."""

    notes: tuple[Note, ...] = ()
    refused: NotNoted | None = None
    meeting_title: str = ""
    duplicate: bool = False


@dataclass(frozen=True)
class Placement:
    """Where a message's notes go: its meeting, the item under discussion when it was sent."""

    meeting: Meeting
    where: Attribution
    when: datetime


def moment(ts: str, clock: Clock) -> datetime:
    """When a message was sent: its own time when it is in the past of ``clock`` (a shortcut
    on an older message), else the clock's (a test's fixed clock, or a platform's clock a
    little ahead)."""
    try:
        sent = datetime.fromtimestamp(float(ts), UTC)
    except ValueError:
        return clock.now()
    return min(sent, clock.now())


def place(services: Services, channel: str, ts: str) -> Placement | Taken:
    """Where the notes of the message ``ts`` in ``channel`` go, or why they cannot be taken."""
    with services.db_factory() as db:
        slug = linked_meeting(db, channel)
        meeting = services.assistant.meeting(db, slug) if slug else None  # cached per revision
        current = pointers(db, slug) if slug else {}
    if meeting is None:
        return Taken(refused=NotNoted.UNLINKED)
    when = moment(ts, services.clock)
    where = attribute(meeting, when, current)
    if where is None:
        return Taken(refused=NotNoted.OUTSIDE_DAYS, meeting_title=meeting.title)
    return Placement(meeting, where, when)


def store(services: Services, placement: Placement, marks: Sequence[tuple[Mark, str]], *, author: str,
          channel: str, ts: str, permalink: str) -> Taken:
    """Store ``marks`` (each with its owner's name) as notes, in one transaction."""
    stored: list[Note] = []
    with transaction(services.db_factory) as db:
        for mark, owner_name in marks:
            note = add_note(db, placement.meeting.slug, mark, author=author, channel=channel, ts=ts,
                            permalink=permalink, where=placement.where, now=placement.when, owner_name=owner_name)
            if note is not None:
                stored.append(note)
    return Taken(tuple(stored), duplicate=not stored)


def draft_of(db_factory: sessionmaker[DBSession], slug: str, now: datetime) -> DraftReport | None:
    """The draft report from the notes so far; None for a meeting that is gone. (Only the
    store is needed: the reminder service asks for it before the app's services exist.)"""
    with db_factory() as db:
        meeting = load_meeting(db, slug)
        return build_draft(meeting, list_notes(db, slug), now) if meeting else None


def workspace_of(db_factory: sessionmaker[DBSession], slug: str) -> str | None:
    """The workspace a meeting belongs to ('' for none in particular; None when it is gone):
    what a transport needs to reach its people outside any request (the rapporteur's draft)."""
    with db_factory() as db:
        return team_of(db, slug)


def publish_report(services: Services, meeting: Meeting, data: bytes, filename: str, *, link: str, user: str,
                   now: datetime) -> Published | str:
    """``data`` as the meeting's report (a document, a revision); why not, in a sentence."""
    try:
        with transaction(services.db_factory) as db:
            return publish(db, meeting, data, filename, link=link, author=user, now=now)
    except DocumentError as exc:
        return (f"I could not publish {filename} as the report: {exc.args[0] if exc.args else exc}. "
                "Nothing was changed.")


def set_current(services: Services, meeting: Meeting, session: Session, item: str, *, by: str,
                now: datetime) -> str:
    """Item ``item`` is under discussion in ``session`` from ``now``; its label."""
    with transaction(services.db_factory) as db:
        return set_current_item(db, meeting, session, item, by=by, now=now)


def notes_of(services: Services, meeting: Meeting, item: str = "") -> list[Note]:
    """The active notes, oldest first; only item ``item``'s when given."""
    with services.db_factory() as db:
        return list_notes(db, meeting.slug, item=item, meeting=meeting)


def move(services: Services, meeting: Meeting, number: int, target: str, *, by: str, now: datetime) -> Note:
    with transaction(services.db_factory) as db:
        return move_note(db, meeting, number, target, by=by, now=now)


def drop(services: Services, meeting: Meeting, number: int, *, by: str, now: datetime) -> Note:
    with transaction(services.db_factory) as db:
        return drop_note(db, meeting.slug, number, by=by, now=now)


def meeting_of_note(services: Services, note_id: int) -> Meeting | None:
    with services.db_factory() as db:
        slug = note_meeting(db, note_id)
        return services.assistant.meeting(db, slug) if slug else None
