"""Pending agenda changes (previews awaiting Confirm), as the store keeps them.

Rows in, ``StoredProposal`` values out; what a proposal does and who may confirm it
are bot/organizers/proposals.py's and bot/permissions.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DBSession

from store import models
from store.db import rowcount


@dataclass(frozen=True)
class StoredProposal:
    id: str
    meeting_slug: str
    base_revision: int
    snapshot: dict[str, Any]  # {"recipe": how to recompute it, "result": the agenda it made}
    author: str
    source: str
    status: str  # pending | applied | cancelled | superseded
    expires_at: datetime
    revision: int | None = None  # the revision it became, once applied


def _value(row: models.AgendaProposal) -> StoredProposal:
    return StoredProposal(row.id, row.meeting_slug, row.base_revision, row.snapshot, row.author, row.source,
                          row.status, row.expires_at, row.revision)


def meeting_revision(db: DBSession, slug: str) -> int:
    """The meeting's current revision; 0 when there is no such meeting (yet)."""
    return db.scalar(select(models.Meeting.revision).where(models.Meeting.slug == slug)) or 0


def meeting_timezone(db: DBSession, slug: str) -> str | None:
    return db.scalar(select(models.Meeting.timezone).where(models.Meeting.slug == slug))


def add_proposal(db: DBSession, proposal: StoredProposal, *, created_at: datetime) -> None:
    db.add(models.AgendaProposal(
        id=proposal.id, meeting_slug=proposal.meeting_slug, base_revision=proposal.base_revision,
        snapshot=proposal.snapshot, author=proposal.author, source=proposal.source, status=proposal.status,
        created_at=created_at, expires_at=proposal.expires_at,
    ))
    db.flush()


def get_proposal(db: DBSession, proposal_id: str, *, fresh: bool = False) -> StoredProposal | None:
    """``fresh`` reads the row again rather than what this session saw before."""
    row = db.get(models.AgendaProposal, proposal_id, populate_existing=fresh)
    return _value(row) if row is not None else None


def set_status(db: DBSession, proposal_id: str, status: str, *, revision: int | None = None) -> None:
    values: dict[str, Any] = {"status": status}
    if revision is not None:
        values["revision"] = revision
    db.execute(update(models.AgendaProposal).where(models.AgendaProposal.id == proposal_id).values(**values))


def hold_revision(db: DBSession, slug: str, revision: int) -> bool:
    """Lock the meeting's row if it is still at ``revision`` (a compare-and-set that writes
    nothing); False when another change came first."""
    claimed = db.execute(
        update(models.Meeting)
        .where(models.Meeting.slug == slug, models.Meeting.revision == revision)
        .values(revision=models.Meeting.revision)
    )
    return rowcount(claimed) == 1


def cancel_pending(db: DBSession, proposal_id: str) -> bool:
    """Cancel it if it is still pending; False when it was confirmed or cancelled meanwhile."""
    done = db.execute(
        update(models.AgendaProposal)
        .where(models.AgendaProposal.id == proposal_id, models.AgendaProposal.status == "pending")
        .values(status="cancelled")
    )
    return bool(rowcount(done))
