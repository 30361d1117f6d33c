"""Taking things out of the store: a whole meeting, or one document of a meeting.

A meeting goes with everything kept about it, including the rows that name it
by slug rather than by id (reminder deliveries, pending announcements and
proposals), so that a meeting imported again under the same slug starts clean
and no worker announces a change to a meeting that is gone. A document's
removal is a change to the agenda like any other: a new revision, which a
rollback can undo.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session as DBSession

from store import models
from store.agenda import SaveOutcome, load_meeting, save_meeting
from store.symbols import normalize_symbol
from store.values import Document

# Tables that name a meeting by its slug (no foreign key cascades for them).
_BY_SLUG = (
    models.ReminderDelivery,
    models.ReminderSync,
    models.AgendaProposal,
    models.AgendaAnnouncement,
    models.AgendaUploadWait,
)


def remove_meeting(db: DBSession, slug: str) -> bool:
    """Delete the meeting ``slug`` and all that is stored about it; False when there is none."""
    row = db.scalar(select(models.Meeting).where(models.Meeting.slug == slug))
    if row is None:
        return False
    for table in _BY_SLUG:
        db.execute(delete(table).where(table.meeting_slug == slug))
    # People who had chosen it in a DM choose again.
    db.execute(update(models.SlackUser).where(models.SlackUser.meeting_slug == slug).values(meeting_slug=None))
    db.delete(row)
    db.flush()
    return True


def find_document(db: DBSession, slug: str, symbol: str) -> Document | None:
    """The meeting's document with that symbol (as typed: ``a/58/98`` is A/58/98)."""
    meeting = load_meeting(db, slug)
    if meeting is None:
        return None
    wanted = normalize_symbol(symbol)
    return next((d for d in meeting.documents if d.symbol and normalize_symbol(d.symbol) == wanted), None)


def remove_document(db: DBSession, slug: str, symbol: str, *, author: str) -> SaveOutcome | None:
    """The meeting without its document ``symbol``, saved as a new revision; None when there is
    no such meeting or document."""
    meeting = load_meeting(db, slug, with_bodies=True)
    gone = find_document(db, slug, symbol)
    if meeting is None or gone is None:
        return None
    kept = tuple(d for d in meeting.documents if d.key != gone.key)
    return save_meeting(
        db, dataclasses.replace(meeting, documents=kept), author=author, source=f"doc remove {gone.symbol}",
        replace_documents=True,
    )
