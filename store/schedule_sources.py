"""The published schedules meetings follow (``schedule_sources``): rows in, values out.

bot/sync.py decides when to check a source and what its answer means; here
is only what is stored about it: the URL, the last answer's validators and
body hash, when it is next due and how its checks went.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session as DBSession

from store import models
from store.db import rowcount

# A failing source is tried again after its interval doubled per failure, up to 2**10 times it.
_MAX_DOUBLINGS = 10


@dataclass(frozen=True)
class Source:
    """What a check needs of a followed schedule."""

    slug: str
    url: str
    trusted: bool
    author: str
    etag: str
    last_modified: str
    content_hash: str
    interval: timedelta


@dataclass(frozen=True)
class SourceStatus:
    slug: str
    url: str
    trusted: bool
    failures: int
    error: str
    ok_at: datetime | None
    next_at: datetime | None


@dataclass(frozen=True)
class DueSource:
    """A source due for a check, as read before claiming it."""

    slug: str
    meeting_id: int
    next_at: datetime | None
    interval: timedelta


def _row(db: DBSession, slug: str) -> models.ScheduleSource | None:
    meeting_id = db.scalar(select(models.Meeting.id).where(models.Meeting.slug == slug))
    return db.get(models.ScheduleSource, meeting_id) if meeting_id is not None else None


def _value(slug: str, row: models.ScheduleSource) -> Source:
    return Source(
        slug, row.url, row.trusted, row.author, row.etag, row.last_modified, row.content_hash,
        timedelta(seconds=row.interval_seconds),
    )


def save(
    db: DBSession, slug: str, url: str, *, trusted: bool, interval: timedelta, author: str, now: datetime
) -> Source | None:
    """Follow ``url`` for ``slug`` (replacing what it followed), due at ``now``; None when there
    is no such meeting."""
    meeting_id = db.scalar(select(models.Meeting.id).where(models.Meeting.slug == slug))
    if meeting_id is None:
        return None
    row = db.get(models.ScheduleSource, meeting_id)
    if row is None:
        row = models.ScheduleSource(meeting_id=meeting_id)
        db.add(row)
    same = row.url == url
    row.url, row.trusted, row.author = url, trusted, author
    row.interval_seconds = int(interval.total_seconds())
    if not same:  # another address: its validators and last body mean nothing here
        row.etag, row.last_modified, row.content_hash = "", "", ""
    row.failures, row.error, row.next_at = 0, "", now
    db.flush()
    return _value(slug, row)


def remove(db: DBSession, slug: str) -> bool:
    """Stop following; whether ``slug`` followed anything."""
    row = _row(db, slug)
    if row is None:
        return False
    db.delete(row)
    db.flush()
    return True


def source(db: DBSession, slug: str) -> Source | None:
    row = _row(db, slug)
    return _value(slug, row) if row is not None else None


def statuses(db: DBSession) -> list[SourceStatus]:
    rows = db.execute(
        select(models.Meeting.slug, models.ScheduleSource)
        .join(models.ScheduleSource, models.ScheduleSource.meeting_id == models.Meeting.id)
        .order_by(models.Meeting.slug)
    )
    return [SourceStatus(slug, s.url, s.trusted, s.failures, s.error, s.ok_at, s.next_at) for slug, s in rows]


def record_ok(
    db: DBSession, slug: str, now: datetime, *, etag: str | None = None, modified: str | None = None,
    digest: str | None = None,
) -> None:
    """A good check at ``now`` (with the answer's validators and body hash, when it had them):
    failures cleared, next due one interval on."""
    row = _row(db, slug)
    if row is None:
        return
    if etag is not None:
        row.etag, row.last_modified = etag, modified or ""
    if digest is not None:
        row.content_hash = digest
    row.failures, row.error, row.checked_at, row.ok_at = 0, "", now, now
    row.next_at = now + timedelta(seconds=row.interval_seconds)


def record_failure(db: DBSession, slug: str, error: str, now: datetime, max_backoff: timedelta) -> None:
    """A failed check at ``now``: counted, and the next one backed off (at most ``max_backoff``)."""
    row = _row(db, slug)
    if row is None:
        return
    row.failures += 1
    row.error, row.checked_at = error[:2000], now
    backoff = timedelta(seconds=row.interval_seconds) * 2 ** min(row.failures, _MAX_DOUBLINGS)
    row.next_at = now + min(backoff, max_backoff)


def due(db: DBSession, now: datetime) -> list[DueSource]:
    """Sources whose next check is due at ``now`` (or was never set)."""
    table = models.ScheduleSource
    rows = db.execute(
        select(models.Meeting.slug, table.meeting_id, table.next_at, table.interval_seconds)
        .join(models.Meeting, models.Meeting.id == table.meeting_id)
        .where(or_(table.next_at.is_(None), table.next_at <= now))
    ).all()
    return [DueSource(slug, meeting_id, next_at, timedelta(seconds=interval))
            for slug, meeting_id, next_at, interval in rows]


def claim(db: DBSession, found: DueSource, next_at: datetime) -> bool:
    """Move ``found``'s next check to ``next_at`` if nobody did since it was read (compare and
    set on the old ``next_at``); whether this caller has it."""
    table = models.ScheduleSource
    moved = db.execute(
        update(table)
        .where(table.meeting_id == found.meeting_id,
               table.next_at.is_(None) if found.next_at is None else table.next_at == found.next_at)
        .values(next_at=next_at)
    )
    return rowcount(moved) == 1
