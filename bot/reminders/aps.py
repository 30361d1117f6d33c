"""The production scheduler: APScheduler 3 on the wall clock, its jobs in the app's database.

``ReminderScheduler`` is ``_Scheduler``'s behaviour (bot/reminders/scheduler.py)
over a ``BackgroundScheduler`` whose ``SQLAlchemyJobStore`` writes a burst of
jobs in one transaction, and whose loop survives a failed pass and beats a
``Heartbeat`` for the reminder service to supervise.
"""

from __future__ import annotations

import logging
import pickle
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor as APSThreadPool
from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError, JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.triggers.date import DateTrigger
from apscheduler.util import datetime_to_utc_timestamp
from sqlalchemy import Column, Connection, Engine, Float, MetaData, Table, Unicode, select

from bot.reminders.delivery import Deliverer
from bot.reminders.scheduler import _Scheduler, activate, deactivate, fire_reminder
from bot.worker import Heartbeat
from store import reminder_syncs

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
# The firing loop wakes at least this often (seconds) even with nothing due, to beat its heartbeat.
BEAT_EVERY = 5.0
# After a failed pass (seconds): soon, since a reminder may be due, but not in a tight loop.
PASS_RETRY = 1.0


class _BatchingJobStore(SQLAlchemyJobStore):  # type: ignore[misc]  # APScheduler 3 ships no types
    """APScheduler's SQLAlchemy job store that can write a burst of changes in one transaction.

    A first start inserts thousands of jobs; one transaction (and one fsync) per
    job made that take seconds. Inside ``batch()`` the calling thread's writes go
    through one connection; row contents are exactly what the parent class writes.
    Other threads (APScheduler's own loop) keep using their own connections.
    """

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine=engine, tablename=JOBS_TABLE)
        self._local = threading.local()

    @contextmanager
    def batch(self) -> Iterator[Connection]:
        current = getattr(self._local, "conn", None)
        if current is not None:  # nested: join the outer batch
            yield current
            return
        with self.engine.begin() as conn:
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None

    def _row(self, job: Job) -> dict[str, Any]:
        return {
            "next_run_time": datetime_to_utc_timestamp(job.next_run_time),
            "job_state": pickle.dumps(job.__getstate__(), self.pickle_protocol),
        }

    def add_job(self, job: Job) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            super().add_job(job)
            return
        # Checked rather than caught: a failed INSERT would abort a PostgreSQL transaction.
        # The check is skipped for a job the caller just read as absent (only the firing
        # process writes jobs), which halves the round trips of a first start.
        known_new = getattr(self._local, "new_id", None) == job.id
        if not known_new and conn.execute(select(self.jobs_t.c.id).where(self.jobs_t.c.id == job.id)).first():
            raise ConflictingIdError(job.id)
        conn.execute(self.jobs_t.insert().values(id=job.id, **self._row(job)))
        return None

    def update_job(self, job: Job) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            super().update_job(job)
            return
        result = conn.execute(self.jobs_t.update().values(**self._row(job)).where(self.jobs_t.c.id == job.id))
        if result.rowcount == 0:
            raise JobLookupError(job.id)
        return None

    def remove_job(self, job_id: str) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            super().remove_job(job_id)
            return
        result = conn.execute(self.jobs_t.delete().where(self.jobs_t.c.id == job_id))
        if result.rowcount == 0:
            raise JobLookupError(job_id)
        return None

    def shutdown(self) -> None:
        # The parent disposes the engine, which is the app's: leave it to its owner.
        pass


class _ApsBook:
    def __init__(self, scheduler: BackgroundScheduler, store: _BatchingJobStore, grace: timedelta) -> None:
        self.scheduler = scheduler
        self.store = store
        self.engine = store.engine
        self.grace_seconds = max(1, int(grace.total_seconds()))
        # Read ids and run times straight from the table: listing 10,000 jobs through
        # APScheduler would unpickle every one of them.
        self.table = Table(
            JOBS_TABLE,
            MetaData(),
            Column("id", Unicode(191), primary_key=True),
            Column("next_run_time", Float(25)),
        )

    def read(self, prefix: str | None = None) -> dict[str, datetime]:
        query = select(self.table.c.id, self.table.c.next_run_time)
        if prefix:
            query = query.where(self.table.c.id.startswith(prefix, autoescape=True))
        with self.engine.connect() as conn:
            return {
                rid: datetime.fromtimestamp(ts, UTC)
                for rid, ts in conn.execute(query)
                if ts is not None
            }

    def put(self, reminder_id: str, due: datetime, new: bool = False) -> None:
        due = due.astimezone(UTC)
        self.store._local.new_id = reminder_id if new else None
        try:
            self._add(reminder_id, due)
        finally:
            self.store._local.new_id = None

    def _add(self, reminder_id: str, due: datetime) -> None:
        self.scheduler.add_job(
            fire_reminder,
            trigger=DateTrigger(run_date=due, timezone=UTC),
            args=[reminder_id, due.isoformat()],
            id=reminder_id,
            name=reminder_id,
            replace_existing=True,
            # APScheduler's default grace is 1 s: anything later would be dropped silently.
            misfire_grace_time=self.grace_seconds,
            coalesce=True,
            max_instances=1,
        )

    def remove(self, reminder_id: str) -> None:
        try:
            self.scheduler.remove_job(reminder_id)
        except JobLookupError:
            pass  # fired (and removed) meanwhile

    @contextmanager
    def batch(self) -> Iterator[None]:
        outer = getattr(self.store._local, "conn", None) is not None
        # Take APScheduler's job store lock before the database's write lock, in the order its
        # own loop takes them: on SQLite (one writer) the loop would otherwise wait for our
        # transaction while holding the lock our next add_job needs.
        with self.scheduler._jobstores_lock, self.store.batch():
            yield
        if not outer and self.scheduler.running:
            # Jobs added inside the transaction were invisible to the scheduler's loop when
            # add_job woke it; wake it again now that they are committed.
            self.scheduler.wakeup()

    def synced(self) -> dict[str, tuple[str, dict[str, float]]]:
        with self.engine.connect() as conn:
            return reminder_syncs.synced(conn)

    def mark_synced(self, slug: str, fingerprint: str, jobs: dict[str, float]) -> None:
        with self.store.batch() as conn:
            reminder_syncs.mark_synced(conn, slug, fingerprint, jobs, datetime.now(UTC))

    def forget(self, slug: str) -> None:
        with self.store.batch() as conn:
            reminder_syncs.forget(conn, slug)


class _SurvivingScheduler(BackgroundScheduler):  # type: ignore[misc]  # APScheduler 3 ships no types
    """APScheduler's background scheduler whose loop outlives a failed pass.

    APScheduler 3 guards reading due jobs but not removing or updating a job after
    it ran, nor asking the store for the next run time: one database error there
    ends its thread for good, silently. Here a failed pass is logged and tried again
    after ``PASS_RETRY`` seconds (the job is still in the store, so it is submitted
    again; the ledger's claim keeps it from going out twice), and every pass, good
    or bad, is reported to the heartbeat. The loop also wakes every ``BEAT_EVERY``
    seconds so that a quiet evening still shows a live scheduler.
    """

    def __init__(self, heartbeat: Heartbeat, **options: Any) -> None:
        super().__init__(**options)
        self.heartbeat = heartbeat

    def _main_loop(self) -> None:
        wait_seconds: float | None = 0.0
        while self.state != STATE_STOPPED:
            self._event.wait(wait_seconds)
            self._event.clear()
            try:
                wait_seconds = self._process_jobs()
            except Exception as exc:
                log.exception("the reminder scheduler's pass failed; trying again in %.0fs", PASS_RETRY)
                self.heartbeat.failed(exc)
                wait_seconds = PASS_RETRY
                continue
            self.heartbeat.beat()
            wait_seconds = BEAT_EVERY if wait_seconds is None else min(wait_seconds, BEAT_EVERY)

    @property
    def thread_alive(self) -> bool:
        thread = getattr(self, "_thread", None)
        return thread is not None and thread.is_alive()


class ReminderScheduler(_Scheduler):
    """Production: APScheduler on the wall clock, jobs in the app's database."""

    def __init__(
        self,
        engine: Engine,
        deliverer: Deliverer,
        *,
        workers: int = 10,
    ) -> None:
        grace_seconds = max(1, int(deliverer.grace.total_seconds()))
        store = _BatchingJobStore(engine)
        beats = Heartbeat(deliverer.clock, "the firing loop")
        self.scheduler = _SurvivingScheduler(
            beats,
            timezone=UTC,
            jobstores={"default": store},
            executors={"default": APSThreadPool(workers)},
            job_defaults={"coalesce": True, "misfire_grace_time": grace_seconds, "max_instances": 1},
        )
        self.scheduler.add_listener(self._on_event, EVENT_JOB_MISSED | EVENT_JOB_ERROR)
        super().__init__(deliverer, _ApsBook(self.scheduler, store, deliverer.grace), deliverer.clock)
        self.heartbeat = beats

    def loop_alive(self) -> bool:
        return self.scheduler.running and self.scheduler.thread_alive

    def start(self) -> dict[str, Any]:
        activate(self.deliverer)
        # Paused: the job store is open for the rebuild, but nothing fires until it is done.
        self.scheduler.start(paused=True)
        try:
            summary = self.startup()
        except BaseException:
            self.shutdown(wait=False)
            raise
        self.scheduler.resume()
        return summary

    def shutdown(self, wait: bool = True) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
        deactivate(self.deliverer)

    def _on_event(self, event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            due = event.scheduled_run_time
            self.deliverer.skip_missed(event.job_id, due, "missed: the scheduler was held up past the grace period")
        elif event.exception is not None:
            log.error("reminder job %s failed", event.job_id, exc_info=event.exception)

