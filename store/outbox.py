"""The outbox of applied changes' announcements: rows claimed, then marked sent or failed.

The change and its announcement row commit together, so a change is never
applied without being told, whichever process made it. The Slack app
delivers rows right after a Confirm and polls for the rest (a rollback from
the CLI, a delivery cut short by a crash). Claiming is a compare-and-set on
the row's status, so two workers never deliver the same row; a claim left
"sending" for longer than ``STALE_CLAIM`` is taken over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from store import models
from store.db import rowcount, transaction

STALE_CLAIM = timedelta(minutes=5)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class PendingAnnouncement:
    id: int
    slug: str
    revision: int
    text: str
    author: str


def _claimable(now: datetime) -> ColumnElement[bool]:
    table = models.AgendaAnnouncement
    return or_(
        table.status == "pending",
        and_(table.status == "sending", table.claimed_at < now - STALE_CLAIM),
    )


def claim(db_factory: sessionmaker[DBSession], now: datetime, *, limit: int = 20) -> list[PendingAnnouncement]:
    """Rows this caller now owns (status "sending"), oldest first."""
    table = models.AgendaAnnouncement
    with db_factory() as db:
        candidates = list(db.scalars(select(table).where(_claimable(now)).order_by(table.id).limit(limit)))
    claimed = []
    for row in candidates:
        with transaction(db_factory) as db:
            done = db.execute(
                update(table).where(table.id == row.id, _claimable(now))
                .values(status="sending", claimed_at=now, attempts=table.attempts + 1)
            )
            if rowcount(done) == 1:
                claimed.append(PendingAnnouncement(row.id, row.meeting_slug, row.revision, row.text, row.author))
    return claimed


def finish(db_factory: sessionmaker[DBSession], announcement_id: int, now: datetime, error: str = "") -> None:
    """Sent, or back to pending to try again (failed for good after MAX_ATTEMPTS)."""
    with transaction(db_factory) as db:
        row = db.get(models.AgendaAnnouncement, announcement_id)
        if row is None:
            return
        if not error:
            row.status, row.delivered_at, row.error = "sent", now, ""
        else:
            row.status = "failed" if row.attempts >= MAX_ATTEMPTS else "pending"
            row.error = error[:2000]


def queue(db: DBSession, slug: str, revision: int, text: str, author: str, now: datetime) -> None:
    """Add an announcement to deliver, in the transaction that made the change."""
    db.add(models.AgendaAnnouncement(
        meeting_slug=slug, revision=revision, text=text, author=author,
        status="pending", attempts=0, created_at=now, error="",
    ))
    db.flush()


def announced_after(
    db_factory: sessionmaker[DBSession], after_id: int, slug: str | None = None
) -> list[PendingAnnouncement]:
    """Announcements queued after row ``after_id``, whatever became of them: for a watcher
    (the terminal console) that shows them without taking them from the Slack app."""
    table = models.AgendaAnnouncement
    query = select(table).where(table.id > after_id).order_by(table.id)
    if slug is not None:
        query = query.where(table.meeting_slug == slug)
    with db_factory() as db:
        return [PendingAnnouncement(r.id, r.meeting_slug, r.revision, r.text, r.author) for r in db.scalars(query)]


def last_announcement_id(db_factory: sessionmaker[DBSession]) -> int:
    """The newest announcement's row id (0 when there is none): where a watcher starts."""
    table = models.AgendaAnnouncement
    with db_factory() as db:
        return int(db.scalar(select(table.id).order_by(table.id.desc()).limit(1)) or 0)
