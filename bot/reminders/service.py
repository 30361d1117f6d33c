"""The reminder service a running bot starts: lead if we can, fire if we lead, keep in sync.

One background thread. While another process leads, it retries the lock every
``lock_retry`` seconds. Once it leads, it starts the scheduler (which
reconciles, catches up and rebuilds from the store) and then every
``poll_interval`` seconds picks up changes made by any process (agenda
revisions, policies, rapporteurs, subscriptions) and records its progress. If
the lock is lost it stops firing at once.

It also supervises the firing loop: when that thread has died, or its heartbeat
is older than ``stale_after`` (read on the injected clock), the service steps
down, releasing the lock, and leads again with a fresh scheduler, which catches
up what fell due meanwhile. ``health()`` says what an operator should see:
``leader`` only while the loop really fires (``/readyz``, ``/metrics``).

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
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from bot import metrics
from bot.clock import Clock, SystemClock
from bot.reminders.aps import ReminderScheduler
from bot.reminders.delivery import DEFAULT_GRACE, Deliverer
from bot.reminders.leader import Leadership, leadership_for
from bot.reminders.ledger import SqlLedger
from bot.reminders.notifier import Notifier
from bot.reminders.pacing import Pacer
from bot.reminders.posting import RetryPolicy
from bot.reminders.runner import ClockDrivenRunner
from bot.reminders.scheduler import SyncResult
from bot.worker import Worker
from store.db import make_sessionmaker

log = logging.getLogger(__name__)

LEADER, STANDBY, STALLED = "leader", "standby", "stalled"


@dataclass(frozen=True)
class ReminderHealth:
    """Whether this process fires reminders, and whether that is true right now."""

    role: str  # LEADER, STANDBY or STALLED
    detail: str = ""
    heartbeat_age: float | None = None  # seconds since the firing loop's last good pass

    @property
    def ok(self) -> bool:
        return self.role != STALLED


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
        stale_after: timedelta = timedelta(seconds=30),
        pacer: Pacer | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock or SystemClock()
        factory = make_sessionmaker(engine)
        self.deliverer = Deliverer(
            factory, notifier, SqlLedger(factory), clock=self.clock, grace=grace, retry=retry, workers=workers,
            pacer=pacer,
        )
        self.leadership = leadership or leadership_for(engine)
        self.poll_interval = poll_interval
        self.lock_retry = lock_retry
        self.stale_after = stale_after
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self._scheduler: ReminderScheduler | ClockDrivenRunner | None = None
        self._leading = threading.Event()
        # Nothing may end this thread: a process that stops firing must not do so silently.
        self._worker = Worker(
            "reminder-service", self._pass, every=poll_interval, retry=lock_retry, clock=self.clock,
            failure="the reminder service's pass failed; trying again", logger=log,
        )
        self._started = False
        self._lock = threading.Lock()

    @property
    def is_leader(self) -> bool:
        return self._leading.is_set()

    def wait_until_leader(self, timeout: float) -> bool:
        return self._leading.wait(timeout)

    def start(self) -> None:
        metrics.reminder_leader(False)  # standing by until the lock is ours: /metrics shows every process
        metrics.on_render(self.publish)
        self._started = True
        self._worker.start()

    def health(self) -> ReminderHealth:
        """What this process does about reminders, checked now rather than remembered."""
        if self._started and not self._worker.alive() and not self._worker.stopping:
            return ReminderHealth(STALLED, "the reminder service thread has stopped")
        with self._lock:
            scheduler = self._scheduler
        if scheduler is None or not self._leading.is_set():
            return ReminderHealth(STANDBY)
        return self._judge(scheduler)

    def role(self) -> str:
        return self.health().role

    def publish(self) -> None:
        """Put the real state into /metrics (called at each scrape and each supervision pass)."""
        state = self.health()
        metrics.reminder_leader(state.role == LEADER)
        metrics.reminder_heartbeat(state.heartbeat_age)

    def _judge(self, scheduler: ReminderScheduler | ClockDrivenRunner) -> ReminderHealth:
        if not scheduler.loop_alive():
            return ReminderHealth(STALLED, "the firing loop has stopped")
        age = scheduler.heartbeat.age()
        seconds = age.total_seconds() if age is not None else None
        trouble = scheduler.heartbeat.trouble(self.stale_after)
        return ReminderHealth(STALLED, trouble, seconds) if trouble else ReminderHealth(LEADER, "", seconds)

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

    def _pass(self) -> float:
        """One supervision pass; the pause before the next."""
        if self._scheduler is None:
            try:
                if self.leadership.try_acquire():
                    self._lead()
            except Exception:
                # Keep trying: a bot that stops firing reminders must not do so silently for good.
                log.exception("could not start the reminder scheduler; retrying")
                self._step_down()
            self.publish()
            return self.lock_retry if self._scheduler is None else 0.0
        if not self.leadership.still_held():
            log.error("lost the reminder lock; no longer firing reminders")
            self._step_down()
            return 0.0
        state = self._judge(self._scheduler)
        if not state.ok:
            # Give the lock up (a standby elsewhere may take it) and lead again with a fresh loop.
            log.error("reminders are not firing (%s); stepping down to start again", state.detail)
            self._step_down()
            self.publish()
            return 0.0
        try:
            self._scheduler.tick()
        except Exception:
            log.exception("reminder sync failed; trying again")
        self.publish()
        return self.poll_interval

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
        metrics.remove_on_render(self.publish)
        self._worker.stop(timeout)
        self._step_down()
        # Posts under way finish; retries waiting for later stay in the ledger for the next start.
        self.deliverer.wait_settled(timeout)
        self.deliverer.close()
