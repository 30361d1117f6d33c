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
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.reminders.notifier import DeliveryReceipt
from store import deliveries
from store.db import transaction
from store.deliveries import FAILED, PLANNED, SENDING, SENT, SKIPPED, DeliveryRecord

__all__ = [
    "FAILED", "PLANNED", "SENDING", "SENT", "SKIPPED", "DeliveryRecord", "Ledger", "MemoryLedger", "SqlLedger",
    "wall_now",
]

# The watermark only bounds how far back a restart looks for reminders it missed: one written a
# little late widens that window, and the delivery keys keep anything from going out twice. So
# a pass writes it at most this often (on the reminder clock), and an idle pass writes nothing:
# on SQLite every write takes the one write lock the event ledger's claims wait on.
WATERMARK_EVERY = timedelta(minutes=1)


def wall_now() -> datetime:
    """Real time, for what the transport compares with its own clock (Slack's message ts)."""
    return datetime.now(UTC)


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
    def advance(self, moment: datetime, holder: str = "", force: bool = False) -> None: ...


class SqlLedger:
    """Deliveries in the ``reminder_deliveries`` table (store/deliveries.py), one transaction
    a step; the unique key makes claims atomic."""

    def __init__(
        self, factory: sessionmaker[DBSession], name: str = "default", mark_every: timedelta = WATERMARK_EVERY
    ) -> None:
        self.factory = factory
        self.name = name
        self.mark_every = mark_every
        self._marked: tuple[datetime, str] | None = None  # the watermark and holder this process last wrote
        self._marking = threading.Lock()

    def _insert(self, record: DeliveryRecord, status: str, error: str = "") -> bool:
        try:
            with transaction(self.factory) as db:
                deliveries.add(db, record, status, error, wall_now())
        except IntegrityError:
            return False  # someone (another thread, an earlier run) has this key
        return True

    def claim(self, record: DeliveryRecord) -> bool:
        return self._insert(record, SENDING)

    def record_skip(self, record: DeliveryRecord, reason: str) -> bool:
        return self._insert(record, SKIPPED, reason)

    def _update(self, key: str, only_if: str | None = None, bump: bool = False, **values: object) -> bool:
        with transaction(self.factory) as db:
            return deliveries.change(db, key, wall_now(), only_if=only_if, bump=bump, **values)

    def reclaim(self, key: str) -> bool:
        """A ``planned`` row back to ``sending`` for its next attempt; False if someone else did."""
        return self._update(key, PLANNED, bump=True, status=SENDING)

    def note_attempt(self, key: str) -> None:
        self._update(key, bump=True)

    def release(self, key: str, error: str) -> None:
        self._update(key, SENDING, status=PLANNED, error=error)

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
            return deliveries.get(db, key)

    def existing(self, keys: Iterable[str]) -> set[str]:
        with self.factory() as db:
            return deliveries.existing(db, keys)

    def unfinished(self) -> list[DeliveryRecord]:
        with self.factory() as db:
            return deliveries.with_status(db, (SENDING, PLANNED))

    def failed(self, meeting: str | None = None) -> list[DeliveryRecord]:
        with self.factory() as db:
            return deliveries.with_status(db, (FAILED,), meeting)

    def watermark(self) -> datetime | None:
        with self.factory() as db:
            return deliveries.watermark(db, self.name)

    def advance(self, moment: datetime, holder: str = "", force: bool = False) -> None:
        """Record progress up to ``moment``; written only when ``force``d, by a new holder, or once
        ``mark_every`` has passed since the last write (see ``WATERMARK_EVERY``)."""
        with self._marking:
            last = self._marked
        if not force and last is not None and last[1] == holder and timedelta(0) <= moment - last[0] < self.mark_every:
            return
        with transaction(self.factory) as db:
            deliveries.advance(db, self.name, moment, holder)
        with self._marking:
            if self._marked is None or self._marked[0] <= moment:
                self._marked = (moment, holder)


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
            # The fields and their values vary by caller; replace() checks the names when run.
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

    def advance(self, moment: datetime, holder: str = "", force: bool = False) -> None:
        if self._watermark is None or moment > self._watermark:
            self._watermark = moment
