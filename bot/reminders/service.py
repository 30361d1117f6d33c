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
from bot.reminders.delivery import DEFAULT_GRACE, Deliverer, RetryPolicy
from bot.reminders.leader import Leadership, leadership_for
from bot.reminders.ledger import SqlLedger
from bot.reminders.notifier import Notifier
from bot.reminders.pacing import Pacer
from bot.reminders.scheduler import ClockDrivenRunner, ReminderScheduler, SyncResult
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
        metrics.on_render(self.publish)
        self._thread = threading.Thread(target=self._run, name="reminder-service", daemon=True)
        self._thread.start()

    def health(self) -> ReminderHealth:
        """What this process does about reminders, checked now rather than remembered."""
        thread = self._thread
        if thread is not None and not thread.is_alive() and not self._stop.is_set():
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
        beat = scheduler.heartbeat
        age = beat.age()
        seconds = age.total_seconds() if age is not None else None
        if age is None or age > self.stale_after:
            why = f"no pass of the firing loop for {int(seconds or 0)} s"
            if beat.last_error:
                why += f"; last error: {beat.last_error}"
            return ReminderHealth(STALLED, why, seconds)
        return ReminderHealth(LEADER, "", seconds)

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
            try:
                self._pass()
            except Exception:
                # Nothing may end this thread: a process that stops firing must not do so silently.
                log.exception("the reminder service's pass failed; trying again")
                self._stop.wait(self.lock_retry)

    def _pass(self) -> None:
        if self._scheduler is None:
            try:
                if self.leadership.try_acquire():
                    self._lead()
            except Exception:
                # Keep trying: a bot that stops firing reminders must not do so silently for good.
                log.exception("could not start the reminder scheduler; retrying")
                self._step_down()
            self.publish()
            if self._scheduler is None:
                self._stop.wait(self.lock_retry)
            return
        if not self.leadership.still_held():
            log.error("lost the reminder lock; no longer firing reminders")
            self._step_down()
            return
        state = self._judge(self._scheduler)
        if not state.ok:
            # Give the lock up (a standby elsewhere may take it) and lead again with a fresh loop.
            log.error("reminders are not firing (%s); stepping down to start again", state.detail)
            self._step_down()
            self.publish()
            return
        try:
            self._scheduler.tick()
        except Exception:
            log.exception("reminder sync failed; trying again")
        self.publish()
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
        metrics.remove_on_render(self.publish)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._step_down()
        # Posts under way finish; retries waiting for later stay in the ledger for the next start.
        self.deliverer.wait_settled(timeout)
        self.deliverer.close()
