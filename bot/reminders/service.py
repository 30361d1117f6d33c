"""The reminder service a running bot starts: lead if we can, fire if we lead, keep in sync.

One background thread. While another process leads, it retries the lock every
``lock_retry`` seconds. Once it leads, it starts the scheduler (which
reconciles, catches up and rebuilds from the store) and then every
``poll_interval`` seconds picks up changes made by any process (agenda
revisions, policies, rapporteurs, subscriptions) and records its progress. If
the lock is lost it stops firing at once.

Usage from the composition root::

    service = ReminderService(engine, SlackNotifier(client))
    service.start()
    ...
    service.sync(slug)  # after an agenda change, for an immediate update
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from sqlalchemy import Engine

from bot import metrics
from bot.clock import Clock, SystemClock
from bot.reminders.delivery import DEFAULT_GRACE, Deliverer, RetryPolicy
from bot.reminders.leader import Leadership, leadership_for
from bot.reminders.ledger import SqlLedger
from bot.reminders.notifier import Notifier
from bot.reminders.scheduler import ClockDrivenRunner, ReminderScheduler, SyncResult
from store.db import make_sessionmaker

log = logging.getLogger(__name__)


class ReminderService:
    def __init__(
        self,
        engine: Engine,
        notifier: Notifier,
        *,
        clock: Clock | None = None,
        grace: timedelta = DEFAULT_GRACE,
        retry: RetryPolicy | None = None,
        poll_interval: float = 2.0,
        lock_retry: float = 5.0,
        leadership: Leadership | None = None,
        workers: int = 8,
    ) -> None:
        self.engine = engine
        self.clock = clock or SystemClock()
        factory = make_sessionmaker(engine)
        self.deliverer = Deliverer(
            factory, notifier, SqlLedger(factory), clock=self.clock, grace=grace, retry=retry, workers=workers
        )
        self.leadership = leadership or leadership_for(engine)
        self.poll_interval = poll_interval
        self.lock_retry = lock_retry
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self._scheduler: ReminderScheduler | ClockDrivenRunner | None = None
        self._stop = threading.Event()
        self._leading = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def is_leader(self) -> bool:
        return self._leading.is_set()

    def wait_until_leader(self, timeout: float) -> bool:
        return self._leading.wait(timeout)

    def start(self) -> None:
        self._stop.clear()
        metrics.reminder_leader(False)  # standing by until the lock is ours: /metrics shows every process
        self._thread = threading.Thread(target=self._run, name="reminder-service", daemon=True)
        self._thread.start()

    def sync(self, slug: str) -> SyncResult | None:
        """Re-plan one meeting now. In a process that does not lead, the leader's poll picks it up."""
        with self._lock:
            scheduler = self._scheduler
        return scheduler.sync(slug) if scheduler else None

    def scheduled(self, prefix: str | None = None) -> dict[str, datetime]:
        """The jobs this process has scheduled (reminder id -> due, UTC), those whose id starts
        with ``prefix`` (one meeting: ``"slug/"``); empty while another process leads."""
        with self._lock:
            scheduler = self._scheduler
        return scheduler.book.read(prefix) if scheduler else {}

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._scheduler is None:
                try:
                    if self.leadership.try_acquire():
                        self._lead()
                except Exception:
                    # Keep trying: a bot that stops firing reminders must not do so silently for good.
                    log.exception("could not start the reminder scheduler; retrying")
                    self._step_down()
                if self._scheduler is None:
                    self._stop.wait(self.lock_retry)
                continue
            if not self.leadership.still_held():
                log.error("lost the reminder lock; no longer firing reminders")
                self._step_down()
                continue
            try:
                self._scheduler.tick()
            except Exception:
                log.exception("reminder sync failed; trying again")
            self._stop.wait(self.poll_interval)

    def _lead(self) -> None:
        # APScheduler knows only wall time; an injected clock (tests, console) needs the runner.
        scheduler: ReminderScheduler | ClockDrivenRunner
        if isinstance(self.clock, SystemClock):
            scheduler = ReminderScheduler(self.engine, self.deliverer)
        else:
            scheduler = ClockDrivenRunner(self.deliverer, poll=min(self.poll_interval, 0.5))
        scheduler.holder = self.holder
        summary = scheduler.start()
        with self._lock:
            self._scheduler = scheduler
        self._leading.set()
        metrics.reminder_leader(True)
        log.info(
            "firing reminders as %s: %d reconciled, %d caught up, %d meetings scheduled",
            self.holder, len(summary["reconciled"]), len(summary["caught_up"]), len(summary["synced"]),
        )

    def _step_down(self) -> None:
        with self._lock:
            scheduler, self._scheduler = self._scheduler, None
        self._leading.clear()
        metrics.reminder_leader(False)
        if isinstance(scheduler, ReminderScheduler):
            scheduler.shutdown(wait=False)
        elif isinstance(scheduler, ClockDrivenRunner):
            scheduler.stop()
        self.leadership.release()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._step_down()
        self.deliverer.wait_idle(timeout)
        self.deliverer.close()
