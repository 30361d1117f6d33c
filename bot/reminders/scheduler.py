"""Turning planned reminders into jobs that fire on time: the database is the truth.

Two schedulers share one behaviour (``_Scheduler``) and differ only in what
keeps the jobs and what decides "now":

- ``ReminderScheduler``: APScheduler 3's ``BackgroundScheduler`` with its
  jobs in the app's database (``SQLAlchemyJobStore``), on wall-clock time.
  Production.
- ``ClockDrivenRunner``: jobs in memory, fired when an injected clock passes
  them. The console's accelerated clock and the tests' fixed clock need this:
  APScheduler only knows the wall clock.

Both fire through the same ``Deliverer`` and start the same way: finish what
the last run left open, catch up what fell due while nobody was running
(sent if at most the grace period late, recorded as skipped otherwise), then
rebuild the jobs from the store. ``sync(slug)`` after an agenda change touches
only the jobs whose due time changed and tells people whose personal reminder
moved or went away.

Both loops survive errors: a pass that fails (the database locked, gone or
full) is logged and tried again a moment later, never the end of the thread.
Each finished pass beats a ``Heartbeat`` on the scheduler's clock; the service
reads it (with the thread's liveness) to tell the operator whether reminders
really fire, and steps down when they do not.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, cast

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

from bot.clock import Clock
from bot.reminders.delivery import Deliverer, Outcome
from bot.reminders.messages import compose_change_notice
from bot.reminders.planner import (
    PLAN_VERSION,
    Destination,
    PlanInputs,
    PlannedReminder,
    ReminderKind,
    Subscription,
    missing_targets,
)
from bot.reminders.policy import format_minutes
from bot.reminders.settings import Fingerprint
from bot.timefmt import compact_stamp
from store import models

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
# APScheduler stores run times as float seconds; a round trip can move them by a microsecond.
SAME_TIME = timedelta(milliseconds=1)
# The firing loop wakes at least this often (seconds) even with nothing due, to beat its heartbeat.
BEAT_EVERY = 5.0
# After a failed pass (seconds): soon, since a reminder may be due, but not in a tight loop.
PASS_RETRY = 1.0


class Heartbeat:
    """When the firing loop last finished a pass, on the scheduler's clock, and how the last one ended."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self.last_pass: datetime | None = None
        self.failing_since: datetime | None = None
        self.last_error = ""

    def beat(self) -> None:
        with self._lock:
            self.last_pass = self.clock.now()
            self.failing_since = None
            self.last_error = ""

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            if self.failing_since is None:
                self.failing_since = self.clock.now()
            self.last_error = f"{type(exc).__name__}: {exc}"[:200]

    def age(self) -> timedelta | None:
        """Time since the last good pass; None before the first."""
        with self._lock:
            return None if self.last_pass is None else max(timedelta(0), self.clock.now() - self.last_pass)


@dataclass(frozen=True)
class SyncResult:
    """What ``sync`` did to one meeting's jobs."""

    added: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    fired: tuple[str, ...] = ()  # just fell due (within the grace period) and had no job
    notices: tuple[str, ...] = field(default=())  # users told of a change

    @property
    def touched(self) -> int:
        return len(self.added) + len(self.moved) + len(self.removed)


class JobBook(Protocol):
    """Where scheduled jobs live: reminder id -> due time (UTC), and what they were synced to."""

    def read(self, prefix: str | None = None) -> dict[str, datetime]: ...
    def put(self, reminder_id: str, due: datetime, new: bool = False) -> None: ...
    def remove(self, reminder_id: str) -> None: ...
    def batch(self) -> AbstractContextManager[None]: ...
    def synced(self) -> dict[str, tuple[str, dict[str, float]]]: ...
    def mark_synced(self, slug: str, fingerprint: str, jobs: dict[str, float]) -> None: ...
    def forget(self, slug: str) -> None: ...


def sync_fingerprint(fp: Fingerprint) -> str:
    """What a meeting's jobs depend on: the planner's version, the agenda and the settings.

    (Not the channel: destinations are looked up when a reminder fires.)
    """
    return f"{PLAN_VERSION}:{fp[0]}:{fp[1]}"


def _intact(recorded: dict[str, float], existing: dict[str, datetime], now: datetime) -> bool:
    """Whether every future job written at the last sync is still in the store, unmoved."""
    cut = now.timestamp()
    expected = {rid: ts for rid, ts in recorded.items() if ts > cut}
    present = {rid: due.timestamp() for rid, due in existing.items() if due.timestamp() > cut}
    return expected.keys() == present.keys() and all(abs(expected[k] - present[k]) < 0.001 for k in expected)


# --- the shared behaviour -------------------------------------------------------------------


class _Scheduler:
    def __init__(self, deliverer: Deliverer, book: JobBook, clock: Clock) -> None:
        self.deliverer = deliverer
        self.book = book
        self.clock = clock
        self._lock = threading.RLock()
        self._seen: dict[str, Fingerprint] = {}
        self.holder = ""
        self.heartbeat = Heartbeat(clock)

    def loop_alive(self) -> bool:
        """Whether the thread that fires reminders is running (not whether it is healthy)."""
        raise NotImplementedError

    @property
    def grace(self) -> timedelta:
        return self.deliverer.grace

    def startup(self) -> dict[str, Any]:
        """Reconcile, catch up, rebuild: everything a (re)start must do before firing."""
        with self._lock:
            now = self.clock.now()
            reconciled = self.deliverer.reconcile()
            mark = self.deliverer.ledger.watermark()
            # Back by the grace period too: a job due just before the last heartbeat may not have
            # fired before the crash. Keys already delivered are not sent again.
            since = min(mark, now) - self.grace if mark else now - self.grace
            caught = self.deliverer.catch_up(since, now)
            # Jobs left in the past by the last run were caught up above (or are older than the
            # window, and recorded as skipped here); none of them may fire again.
            now_utc = now.astimezone(UTC)
            for rid, due in self.book.read().items():
                if due <= now_utc:
                    self.book.remove(rid)
                    self.deliverer.skip_missed(rid, due, "missed while agendabot was not running")
            synced = self.sync_all(now)
            self.deliverer.ledger.advance(now, self.holder)
            self.heartbeat.beat()  # a start is a pass: the loop's own beats follow
            return {"reconciled": reconciled, "caught_up": caught, "synced": synced}

    def tick(self) -> dict[str, SyncResult]:
        """Periodic: pick up changes made by any process, and record how far we got."""
        now = self.clock.now()
        results = self.sync_changed(now)
        self.deliverer.ledger.advance(now, self.holder)
        self.deliverer.fire_ahead(now)  # a crowd due soon starts early, within the rate budget
        return results

    def sync_all(self, now: datetime | None = None) -> dict[str, SyncResult]:
        """Make the job store match the plan of every meeting that can still have reminders.

        Meetings unchanged since their jobs were written, with those jobs all in
        place, are not re-planned: a restart with 10,000 jobs loads no meeting.
        """
        with self._lock:
            now = now or self.clock.now()
            current = self.deliverer.fingerprints()
            slugs = self.deliverer.meetings_reaching(now)
            everything = self.book.read()
            by_slug: dict[str, dict[str, datetime]] = {}
            for rid, due in everything.items():
                by_slug.setdefault(rid.split("/", 1)[0], {})[rid] = due
            recorded = self.book.synced()
            results = {}
            for slug in slugs:
                mine = by_slug.get(slug, {})
                done = recorded.get(slug)
                if (
                    done is not None
                    and slug in current
                    and done[0] == sync_fingerprint(current[slug])
                    and _intact(done[1], mine, now)
                ):
                    continue
                results[slug] = self.sync(slug, now, existing=mine)
            known = set(slugs)
            # Jobs of meetings deleted (or long over) while we were not looking.
            stale = [slug for slug in by_slug if slug not in known]
            if stale:
                with self.book.batch():
                    for slug in stale:
                        for reminder_id in by_slug[slug]:
                            self.book.remove(reminder_id)
            for slug in recorded:
                if slug not in known:
                    self.book.forget(slug)
            self._seen = current
            return results

    def sync_changed(self, now: datetime | None = None) -> dict[str, SyncResult]:
        """Sync the meetings whose agenda, policy, rapporteur or subscriptions changed."""
        with self._lock:
            current = self.deliverer.fingerprints()
            changed = [slug for slug, fp in current.items() if self._seen.get(slug) != fp]
            gone = [slug for slug in self._seen if slug not in current]
            results = {slug: self.sync(slug, now) for slug in changed + gone}
            self._seen = current
            return results

    def sync(
        self, slug: str, now: datetime | None = None, existing: dict[str, datetime] | None = None
    ) -> SyncResult:
        """Bring one meeting's jobs in line with its plan; only changed jobs are touched."""
        with self._lock:
            return self._sync(slug, now, existing)

    def _sync(self, slug: str, now: datetime | None, existing: dict[str, datetime] | None) -> SyncResult:
        now_utc = (now or self.clock.now()).astimezone(UTC)
        if existing is None:
            existing = self.book.read(prefix=f"{slug}/")
        state = self.deliverer.planned(slug)
        if state is None:
            with self.book.batch():
                for reminder_id in existing:
                    self.book.remove(reminder_id)
            self.book.forget(slug)
            return SyncResult(removed=tuple(existing))
        fp, inputs, by_id = state
        future = {rid: r for rid, r in by_id.items() if r.due_utc > now_utc}
        puts: list[PlannedReminder] = []
        added: list[str] = []
        moved: list[str] = []
        removed: list[str] = []
        fired: list[str] = []
        moves: list[tuple[PlannedReminder, datetime]] = []
        gone: list[tuple[str, datetime]] = []
        unchanged = 0
        for rid, r in future.items():
            old = existing.get(rid)
            if old is None:
                puts.append(r)
                added.append(rid)
            elif abs(old - r.due_utc) > SAME_TIME:
                puts.append(r)
                moved.append(rid)
                moves.append((r, old))
            else:
                unchanged += 1
        drops = []
        for rid, old in existing.items():
            if rid in future:
                continue
            now_due = by_id.get(rid)
            if now_due is not None and abs(old - now_due.due_utc) <= SAME_TIME:
                continue  # due now or a moment ago: its job is about to fire; leave it be
            drops.append(rid)
            if now_due is None:
                removed.append(rid)
                gone.append((rid, old))
            else:  # moved to a moment already past
                moved.append(rid)
                moves.append((now_due, old))
        # The job writes and the record of this sync commit together (one transaction when
        # the book is the database); messages and ledger rows come after, outside it.
        with self.book.batch():
            for r in puts:
                self.book.put(r.id, r.due_utc, new=r.id not in existing)
            for rid in drops:
                self.book.remove(rid)
            self.book.mark_synced(
                slug, sync_fingerprint(fp), {rid: r.due_utc.timestamp() for rid, r in future.items()}
            )
        notices: list[str] = []
        for r, old in moves:
            notices += self._notice_moved(inputs, r, old, now_utc)
        for rid, old in gone:
            notices += self._notice_removed(inputs, rid, old, now_utc)
        # Just-passed reminders with no job (a subscription made five minutes before its
        # session, a session moved earlier): sent now if within grace, like a restart would.
        recent = [
            r for rid, r in by_id.items()
            if now_utc - self.grace <= r.due_utc <= now_utc and rid not in existing
        ]
        if recent:
            done = self.deliverer.ledger.existing(r.key for r in recent)
            for r in recent:
                if r.key not in done and self.deliverer.fire_planned(r, inputs) is Outcome.SUBMITTED:
                    fired.append(r.id)
        result = SyncResult(
            tuple(added), tuple(moved), tuple(removed), unchanged, tuple(fired), tuple(notices)
        )
        if result.touched:
            log.info(
                "reminders for %s: %d added, %d moved, %d removed, %d unchanged",
                slug, len(added), len(moved), len(removed), unchanged,
            )
        return result

    # --- telling people their reminder changed ----------------------------------------------

    def _notice_moved(
        self, inputs: PlanInputs, r: PlannedReminder, old_due: datetime, now: datetime
    ) -> list[str]:
        sub = r.subscription
        if r.kind is not ReminderKind.PERSONAL or sub is None:
            return []
        if old_due + r.lead < now:
            return []  # the old time is history; nothing useful to say
        key = _notice_key(r.id, old_due, r.due_utc)
        message = compose_change_notice(key, inputs.meeting, sub, old_due, r, now)
        self.deliverer.send_notice(message, Destination.dm(sub.user), inputs.meeting.slug)
        return [sub.user]

    def _notice_removed(
        self, inputs: PlanInputs, reminder_id: str, old_due: datetime, now: datetime
    ) -> list[str]:
        parts = reminder_id.split("/")
        if len(parts) < 4 or parts[1] != str(ReminderKind.PERSONAL):
            return []
        sub = _subscription_for(missing_targets(inputs), parts[2], parts[-1])
        if sub is None:
            return []  # the person cancelled it themselves
        key = _notice_key(reminder_id, old_due, None)
        message = compose_change_notice(key, inputs.meeting, sub, old_due, None, now)
        self.deliverer.send_notice(message, Destination.dm(sub.user), inputs.meeting.slug)
        return [sub.user]


def _subscription_for(candidates: Iterable[Subscription], user_part: str, lead: str) -> Subscription | None:
    for sub in candidates:
        if (re.sub(r"[^A-Za-z0-9]+", "-", sub.user) or "user") == user_part and format_minutes(
            sub.lead_minutes
        ) == lead:
            return sub
    return None


def _notice_key(reminder_id: str, old: datetime, new: datetime | None) -> str:
    to = compact_stamp(new) if new else "cancelled"
    key = f"notice/{reminder_id}/{compact_stamp(old.astimezone(UTC))}>{to}"
    if len(key) > 255:
        key = "notice/" + hashlib.sha1(key.encode("utf-8")).hexdigest()
    return key


# --- APScheduler ----------------------------------------------------------------------------


_active: Deliverer | None = None
_active_lock = threading.Lock()


def fire_reminder(reminder_id: str, due: str) -> None:
    """APScheduler's job target. Module-level and taking only ids: jobs are pickled into the store."""
    deliverer = _active
    if deliverer is None:
        log.warning("reminder %s fell due with no reminder service running", reminder_id)
        return
    deliverer.fire(reminder_id, datetime.fromisoformat(due))


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
        self._sync_t = cast(Table, models.ReminderSync.__table__)
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
            rows = conn.execute(select(self._sync_t.c.meeting_slug, self._sync_t.c.fingerprint, self._sync_t.c.jobs))
            return {slug: (fp, dict(jobs or {})) for slug, fp, jobs in rows}

    def mark_synced(self, slug: str, fingerprint: str, jobs: dict[str, float]) -> None:
        with self.store.batch() as conn:
            conn.execute(self._sync_t.delete().where(self._sync_t.c.meeting_slug == slug))
            conn.execute(
                self._sync_t.insert().values(
                    meeting_slug=slug, fingerprint=fingerprint, jobs=jobs, synced_at=datetime.now(UTC)
                )
            )

    def forget(self, slug: str) -> None:
        with self.store.batch() as conn:
            conn.execute(self._sync_t.delete().where(self._sync_t.c.meeting_slug == slug))


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
        beats = Heartbeat(deliverer.clock)
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
        global _active
        with _active_lock:
            if _active is not None and _active is not self.deliverer:
                raise RuntimeError("one reminder scheduler per process: stop the other first")
            _active = self.deliverer
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
        global _active
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
        with _active_lock:
            if _active is self.deliverer:
                _active = None

    def _on_event(self, event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            due = event.scheduled_run_time
            self.deliverer.skip_missed(event.job_id, due, "missed: the scheduler was held up past the grace period")
        elif event.exception is not None:
            log.error("reminder job %s failed", event.job_id, exc_info=event.exception)


# --- clock-driven -----------------------------------------------------------------------------


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
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def jobs(self) -> dict[str, datetime]:
        return self._jobs.read()

    def run_due(self, wait: float | None = None) -> dict[str, Outcome]:
        """Fire every job the clock has passed; with ``wait``, also wait for their posts."""
        with self._lock:
            now = self.clock.now().astimezone(UTC)
            self.sync_changed(now)
            outcomes = {rid: self.deliverer.fire(rid, due) for rid, due in self._jobs.take_due(now)}
            self.deliverer.ledger.advance(now, self.holder)
            outcomes.update(self.deliverer.fire_ahead(now))
        if wait is not None:
            self.deliverer.wait_idle(wait)
        return outcomes

    def start(self) -> dict[str, Any]:
        summary = self.startup()
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="reminder-runner", daemon=True)
        self._thread.start()
        return summary

    def loop_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_due()
            except Exception as exc:
                log.exception("reminder runner tick failed; trying again")
                self.heartbeat.failed(exc)
            else:
                self.heartbeat.beat()
            self._stop.wait(self._next_wait())

    def _next_wait(self) -> float:
        nxt = self._jobs.next_due()
        until = getattr(self.clock, "real_seconds_until", None)
        if nxt is None or until is None:
            return self.poll
        return max(0.005, min(self.poll, float(until(nxt))))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
