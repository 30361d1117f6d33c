"""The record of what was sent: one row per delivery key, claimed before the post.

Statuses:
- ``sending``: claimed; a post may have gone out. After a crash, the
  transport's ``find_sent`` decides whether it did.
- ``planned``: a post failed in a way that certainly sent nothing (a rate
  limit); waiting for its retry.
- ``sent``, ``failed`` (given up after retries; shown to organizers),
  ``skipped`` (too late, or nowhere to send it; never sent).

``SqlLedger`` is the production one. ``MemoryLedger`` is for the console,
whose reminders happen on a simulated clock and must not mark the real
meeting's reminders as sent.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.reminders.notifier import DeliveryReceipt
from store import models
from store.db import transaction

SENDING, PLANNED, SENT, FAILED, SKIPPED = "sending", "planned", "sent", "failed", "skipped"


def wall_now() -> datetime:
    """Real time, for what the transport compares with its own clock (Slack's message ts)."""
    return datetime.now(UTC)


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


class Ledger(Protocol):
    def claim(self, record: DeliveryRecord) -> bool: ...
    def record_skip(self, record: DeliveryRecord, reason: str) -> bool: ...
    def reclaim(self, key: str) -> bool: ...
    def note_attempt(self, key: str) -> None: ...
    def release(self, key: str, error: str) -> None: ...
    def note_error(self, key: str, error: str) -> None: ...
    def mark_sent(self, key: str, receipt: DeliveryReceipt) -> None: ...
    def mark_failed(self, key: str, error: str) -> None: ...
    def mark_skipped(self, key: str, reason: str) -> None: ...
    def get(self, key: str) -> DeliveryRecord | None: ...
    def existing(self, keys: Iterable[str]) -> set[str]: ...
    def unfinished(self) -> list[DeliveryRecord]: ...
    def failed(self, meeting: str | None = None) -> list[DeliveryRecord]: ...
    def watermark(self) -> datetime | None: ...
    def advance(self, moment: datetime, holder: str = "") -> None: ...


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


class SqlLedger:
    """Deliveries in the ``reminder_deliveries`` table; the unique key makes claims atomic."""

    def __init__(self, factory: sessionmaker[DBSession], name: str = "default") -> None:
        self.factory = factory
        self.name = name

    def _insert(self, record: DeliveryRecord, status: str, error: str = "") -> bool:
        now = wall_now()
        try:
            with transaction(self.factory) as db:
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
        except IntegrityError:
            return False  # someone (another thread, an earlier run) has this key
        return True

    def claim(self, record: DeliveryRecord) -> bool:
        return self._insert(record, SENDING)

    def record_skip(self, record: DeliveryRecord, reason: str) -> bool:
        return self._insert(record, SKIPPED, reason)

    def _update(self, key: str, *conditions: object, **values: object) -> bool:
        with transaction(self.factory) as db:
            result = db.execute(
                update(models.ReminderDelivery)
                .where(models.ReminderDelivery.key == key, *conditions)  # type: ignore[arg-type]
                .values(updated_at=wall_now(), **values)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def reclaim(self, key: str) -> bool:
        """A ``planned`` row back to ``sending`` for its next attempt; False if someone else did."""
        return self._update(
            key,
            models.ReminderDelivery.status == PLANNED,
            status=SENDING,
            attempts=models.ReminderDelivery.attempts + 1,
        )

    def note_attempt(self, key: str) -> None:
        self._update(key, attempts=models.ReminderDelivery.attempts + 1)

    def release(self, key: str, error: str) -> None:
        self._update(key, models.ReminderDelivery.status == SENDING, status=PLANNED, error=error)

    def note_error(self, key: str, error: str) -> None:
        self._update(key, error=error)

    def mark_sent(self, key: str, receipt: DeliveryReceipt) -> None:
        self._update(key, status=SENT, slack_ts=receipt.ts or None, sent_at=wall_now(), error="")

    def mark_failed(self, key: str, error: str) -> None:
        self._update(key, status=FAILED, error=error)

    def mark_skipped(self, key: str, reason: str) -> None:
        self._update(key, status=SKIPPED, error=reason)

    def get(self, key: str) -> DeliveryRecord | None:
        with self.factory() as db:
            row = db.scalar(select(models.ReminderDelivery).where(models.ReminderDelivery.key == key))
            return _record(row) if row else None

    def existing(self, keys: Iterable[str]) -> set[str]:
        wanted = list(keys)
        found: set[str] = set()
        with self.factory() as db:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update(
                    db.scalars(
                        select(models.ReminderDelivery.key).where(models.ReminderDelivery.key.in_(chunk))
                    )
                )
        return found

    def unfinished(self) -> list[DeliveryRecord]:
        with self.factory() as db:
            rows = db.scalars(
                select(models.ReminderDelivery)
                .where(models.ReminderDelivery.status.in_((SENDING, PLANNED)))
                .order_by(models.ReminderDelivery.due_at)
            )
            return [_record(r) for r in rows]

    def failed(self, meeting: str | None = None) -> list[DeliveryRecord]:
        with self.factory() as db:
            query = select(models.ReminderDelivery).where(models.ReminderDelivery.status == FAILED)
            if meeting is not None:
                query = query.where(models.ReminderDelivery.meeting_slug == meeting)
            return [_record(r) for r in db.scalars(query.order_by(models.ReminderDelivery.due_at))]

    def watermark(self) -> datetime | None:
        with self.factory() as db:
            row = db.get(models.ReminderSchedulerState, self.name)
            return row.watermark if row else None

    def advance(self, moment: datetime, holder: str = "") -> None:
        with transaction(self.factory) as db:
            row = db.get(models.ReminderSchedulerState, self.name)
            if row is None:
                row = models.ReminderSchedulerState(name=self.name)
                db.add(row)
            if row.watermark is None or moment > row.watermark:
                row.watermark = moment
            row.holder = holder


class MemoryLedger:
    """The same bookkeeping in a dict, for one console session."""

    def __init__(self) -> None:
        self._rows: dict[str, DeliveryRecord] = {}
        self._lock = threading.Lock()
        self._watermark: datetime | None = None

    def _insert(self, record: DeliveryRecord, status: str, error: str = "") -> bool:
        with self._lock:
            if record.key in self._rows:
                return False
            self._rows[record.key] = replace(
                record,
                status=status,
                attempts=1 if status == SENDING else 0,
                error=error,
                claimed_at=wall_now(),
                updated_at=wall_now(),
            )
            return True

    def claim(self, record: DeliveryRecord) -> bool:
        return self._insert(record, SENDING)

    def record_skip(self, record: DeliveryRecord, reason: str) -> bool:
        return self._insert(record, SKIPPED, reason)

    def _change(self, key: str, only_if: str | None = None, **values: object) -> bool:
        with self._lock:
            row = self._rows.get(key)
            if row is None or (only_if and row.status != only_if):
                return False
            if values.pop("bump", False):
                values["attempts"] = row.attempts + 1
            values["updated_at"] = wall_now()
            self._rows[key] = replace(row, **values)  # type: ignore[arg-type]
            return True

    def reclaim(self, key: str) -> bool:
        return self._change(key, PLANNED, status=SENDING, bump=True)

    def note_attempt(self, key: str) -> None:
        self._change(key, bump=True)

    def release(self, key: str, error: str) -> None:
        self._change(key, SENDING, status=PLANNED, error=error)

    def note_error(self, key: str, error: str) -> None:
        self._change(key, error=error)

    def mark_sent(self, key: str, receipt: DeliveryReceipt) -> None:
        self._change(key, status=SENT, slack_ts=receipt.ts or None, error="")

    def mark_failed(self, key: str, error: str) -> None:
        self._change(key, status=FAILED, error=error)

    def mark_skipped(self, key: str, reason: str) -> None:
        self._change(key, status=SKIPPED, error=reason)

    def get(self, key: str) -> DeliveryRecord | None:
        with self._lock:
            return self._rows.get(key)

    def existing(self, keys: Iterable[str]) -> set[str]:
        with self._lock:
            return {k for k in keys if k in self._rows}

    def unfinished(self) -> list[DeliveryRecord]:
        with self._lock:
            return [r for r in self._rows.values() if r.status in (SENDING, PLANNED)]

    def failed(self, meeting: str | None = None) -> list[DeliveryRecord]:
        with self._lock:
            return [
                r for r in self._rows.values() if r.status == FAILED and meeting in (None, r.meeting)
            ]

    def watermark(self) -> datetime | None:
        return self._watermark

    def advance(self, moment: datetime, holder: str = "") -> None:
        if self._watermark is None or moment > self._watermark:
            self._watermark = moment
