"""Reminders fired when an injected clock passes them: the console and the tests.

APScheduler knows only the wall clock; ``ClockDrivenRunner`` keeps its jobs in
memory and fires those a FixedClock or AcceleratedClock has passed, with the
same behaviour as the production scheduler (bot/reminders/scheduler.py).
"""

from __future__ import annotations

import logging
import threading
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any

from bot.clock import Clock
from bot.reminders.delivery import Deliverer, Outcome
from bot.reminders.scheduler import _Scheduler
from bot.worker import Worker

log = logging.getLogger(__name__)


class _MemoryBook:
    def __init__(self) -> None:
        self.jobs: dict[str, datetime] = {}
        self._synced: dict[str, tuple[str, dict[str, float]]] = {}
        self._lock = threading.Lock()

    def read(self, prefix: str | None = None) -> dict[str, datetime]:
        with self._lock:
            return {k: v for k, v in self.jobs.items() if prefix is None or k.startswith(prefix)}

    def put(self, reminder_id: str, due: datetime, new: bool = False) -> None:
        with self._lock:
            self.jobs[reminder_id] = due.astimezone(UTC)

    def remove(self, reminder_id: str) -> None:
        with self._lock:
            self.jobs.pop(reminder_id, None)

    def batch(self) -> AbstractContextManager[None]:
        return nullcontext()

    def synced(self) -> dict[str, tuple[str, dict[str, float]]]:
        with self._lock:
            return dict(self._synced)

    def mark_synced(self, slug: str, fingerprint: str, jobs: dict[str, float]) -> None:
        with self._lock:
            self._synced[slug] = (fingerprint, jobs)

    def forget(self, slug: str) -> None:
        with self._lock:
            self._synced.pop(slug, None)

    def take_due(self, now: datetime) -> list[tuple[str, datetime]]:
        with self._lock:
            due = sorted(((k, v) for k, v in self.jobs.items() if v <= now), key=lambda kv: kv[1])
            for k, _ in due:
                del self.jobs[k]
            return due

    def next_due(self) -> datetime | None:
        with self._lock:
            return min(self.jobs.values(), default=None)


class ClockDrivenRunner(_Scheduler):
    """Fires reminders when an injected clock passes them (console, tests).

    Tests call ``run_due()`` after moving a FixedClock; the console calls
    ``start()``, which polls on a short ``Event.wait`` and wakes early when the
    clock can say how long until the next reminder (AcceleratedClock).
    """

    def __init__(self, deliverer: Deliverer, *, clock: Clock | None = None, poll: float = 0.5) -> None:
        self._jobs = _MemoryBook()
        super().__init__(deliverer, self._jobs, clock or deliverer.clock)
        self.poll = poll
        self._worker = Worker(
            "reminder-runner", self._pass, every=poll, heartbeat=self.heartbeat,
            failure="reminder runner tick failed; trying again", logger=log,
        )

    @property
    def jobs(self) -> dict[str, datetime]:
        return self._jobs.read()

    def run_due(self, wait: float | None = None) -> dict[str, Outcome]:
        """Fire every job the clock has passed; with ``wait``, also wait for their posts."""
        with self._lock:
            now = self.clock.now().astimezone(UTC)
            current = self.deliverer.fingerprints()  # one read for the pass (see _Scheduler.tick)
            self.sync_changed(now, current)
            outcomes = {rid: self.deliverer.fire(rid, due) for rid, due in self._jobs.take_due(now)}
            self.deliverer.ledger.advance(now, self.holder)
            outcomes.update(self.deliverer.fire_ahead(now, current))
        if wait is not None:
            self.deliverer.wait_idle(wait)
        return outcomes

    def start(self) -> dict[str, Any]:
        summary = self.startup()
        self._worker.start()
        return summary

    def loop_alive(self) -> bool:
        return self._worker.alive()

    def _pass(self) -> float:
        self.run_due()
        return self._next_wait()

    def _next_wait(self) -> float:
        nxt = self._jobs.next_due()
        until = getattr(self.clock, "real_seconds_until", None)
        if nxt is None or until is None:
            return self.poll
        return max(0.005, min(self.poll, float(until(nxt))))

    def stop(self) -> None:
        self._worker.stop()
