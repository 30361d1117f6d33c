"""The reminder deliveries and the scheduler's watermark: rows in, values out.

One row per delivery key (``reminder_deliveries``); the unique key makes a
claim atomic, so ``add`` raises ``IntegrityError`` at commit when the key is
taken. The caller (``bot/reminders/ledger.py``'s ``SqlLedger``) owns the
transaction and decides what a taken key means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DBSession

from store import models
from store.db import rowcount

SENDING, PLANNED, SENT, FAILED, SKIPPED = "sending", "planned", "sent", "failed", "skipped"

# Keys asked about in one statement: a crowd's keys stay under every database's parameter limit.
_CHUNK = 500


@dataclass(frozen=True)
class DeliveryRecord:
    key: str
    reminder_id: str
    meeting: str
    kind: str
    due: datetime
    destination: str  # Destination.code
    status: str = SENDING
    attempts: int = 0
    slack_ts: str | None = None
    error: str = ""
    late_seconds: int | None = None
    claimed_at: datetime | None = None
    updated_at: datetime | None = None  # the last attempt or change (wall time)


def _record(row: models.ReminderDelivery) -> DeliveryRecord:
    return DeliveryRecord(
        key=row.key,
        reminder_id=row.reminder_id,
        meeting=row.meeting_slug,
        kind=row.kind,
        due=row.due_at,
        destination=row.destination,
        status=row.status,
        attempts=row.attempts,
        slack_ts=row.slack_ts,
        error=row.error,
        late_seconds=row.late_seconds,
        claimed_at=row.created_at,
        updated_at=row.updated_at,
    )


def add(db: DBSession, record: DeliveryRecord, status: str, error: str, now: datetime) -> None:
    """A new row for ``record`` in ``status`` (one attempt counted when it is being sent)."""
    db.add(
        models.ReminderDelivery(
            key=record.key,
            reminder_id=record.reminder_id,
            meeting_slug=record.meeting,
            kind=record.kind,
            due_at=record.due,
            destination=record.destination,
            status=status,
            attempts=1 if status == SENDING else 0,
            error=error,
            late_seconds=record.late_seconds,
            created_at=now,
            updated_at=now,
        )
    )


def change(
    db: DBSession,
    key: str,
    now: datetime,
    *,
    only_if: str | None = None,
    bump: bool = False,
    **values: object,
) -> bool:
    """Update the row of ``key`` (only while its status is ``only_if``, when given; ``bump``
    counts an attempt); whether a row changed."""
    table = models.ReminderDelivery
    query = update(table).where(table.key == key)
    if only_if is not None:
        query = query.where(table.status == only_if)
    if bump:
        values["attempts"] = table.attempts + 1
    return bool(rowcount(db.execute(query.values(updated_at=now, **values))))


def get(db: DBSession, key: str) -> DeliveryRecord | None:
    row = db.scalar(select(models.ReminderDelivery).where(models.ReminderDelivery.key == key))
    return _record(row) if row else None


def existing(db: DBSession, keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` that have a row."""
    wanted = list(keys)
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found.update(db.scalars(select(models.ReminderDelivery.key).where(models.ReminderDelivery.key.in_(chunk))))
    return found


def with_status(db: DBSession, statuses: tuple[str, ...], meeting: str | None = None) -> list[DeliveryRecord]:
    """Rows in one of ``statuses`` (of one meeting, when given), by due time."""
    table = models.ReminderDelivery
    query = select(table).where(table.status.in_(statuses))
    if meeting is not None:
        query = query.where(table.meeting_slug == meeting)
    return [_record(r) for r in db.scalars(query.order_by(table.due_at))]


def watermark(db: DBSession, name: str) -> datetime | None:
    """How far the scheduler ``name`` got (its last recorded pass)."""
    row = db.get(models.ReminderSchedulerState, name)
    return row.watermark if row else None


def advance(db: DBSession, name: str, moment: datetime, holder: str) -> None:
    """Move the watermark forward to ``moment`` (never back), and say who holds it."""
    row = db.get(models.ReminderSchedulerState, name)
    if row is None:
        row = models.ReminderSchedulerState(name=name)
        db.add(row)
    if row.watermark is None or moment > row.watermark:
        row.watermark = moment
    row.holder = holder
