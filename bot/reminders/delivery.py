"""Delivering a reminder exactly once: check it is still due, claim its key, post, record.

Whoever decides that a reminder is due (APScheduler in production, the
clock-driven runner in the console and tests) calls ``Deliverer.fire``. It
re-plans the meeting (cached per revision), so a reminder whose session moved
or vanished since it was scheduled is not sent from a stale job.

Posting happens on worker threads, and a failed post waits for its retry on a
timer rather than in a worker, so one slow or rate-limited destination never
delays another reminder. The timer runs on the deliverer's clock: an
accelerated clock speeds retries up, and a test's fixed clock holds them until
the test moves it.

A reminder is tried until its grace period ends (late but sent), not for a
fixed number of attempts. A post that may have gone out (a timeout, a 5xx, a
dropped connection) is left to settle before the history is searched for it,
and from then on every attempt searches the history just before posting again:
Slack can keep a timed-out message many seconds after it stopped answering.
A database error anywhere in this is not the end of a reminder either: the
step that failed is tried again on the timer.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import metrics
from bot.clock import Clock, SystemClock
from bot.reminders.ledger import PLANNED, SENDING, DeliveryRecord, Ledger, SqlLedger, wall_now
from bot.reminders.messages import compose
from bot.reminders.notifier import DeliveryError, DeliveryReceipt, Notifier, ReminderMessage
from bot.reminders.pacing import REMINDER_LOOKAHEAD, Pacer
from bot.reminders.planner import (
    Destination,
    PlanInputs,
    PlannedReminder,
    delivery_key,
    plan,
)
from bot.reminders.settings import Fingerprint, fingerprints, load_inputs
from bot.worker import Worker
from store.agenda import list_meetings
from store.values import Meeting

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(minutes=10)
# The longest a reminder can come before its meeting (a 14-day preview), for pruning old meetings.
PLANNING_REACH = timedelta(days=15)
# How far before its claim a posted message can be found: the clocks of two hosts differ a little.
FIND_SLACK = timedelta(minutes=2)


class Outcome(StrEnum):
    SUBMITTED = "submitted"  # claimed; the post is on its way
    DUPLICATE = "duplicate"  # already claimed by an earlier run or another thread
    SKIPPED_LATE = "skipped_late"  # more than the grace period late: recorded, not sent
    SKIPPED_UNROUTED = "skipped_unrouted"  # no channel linked / no rapporteur set
    GONE = "gone"  # no longer on the agenda
    MOVED = "moved"  # its due time changed; the rescheduled job will send it
    RETRYING = "retrying"  # the database failed; tried again shortly, within the grace period


@dataclass(frozen=True)
class RetryPolicy:
    """How failed posts are tried again.

    Exponential back-off (1 s, 2 s, 4 s … at most ``max_delay``), or longer when
    Slack's Retry-After asks for it, until the reminder's grace period ends.
    ``attempts`` caps the count only when set. After an ambiguous failure the
    next attempt waits at least ``settle`` seconds, so that a post Slack is still
    processing shows in the history before we look for it there.
    """

    attempts: int | None = None
    base: float = 1.0
    factor: float = 2.0
    max_delay: float = 30.0
    settle: float = 30.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        backoff = min(self.max_delay, self.base * self.factor ** (attempt - 1))
        return max(backoff, retry_after) if retry_after else backoff


# A clock that only moves when told (a test's FixedClock) is looked at this often.
_POLL = 0.01
# The timer looks at its clock at least this often (seconds), even with nothing due.
_LONGEST_WAIT = 5.0
# Back-off for a step that failed on the database: short, because the reminder's grace runs on.
DB_RETRY = RetryPolicy(base=0.5, max_delay=5.0)
# Writing down an outcome (sent, failed) is tried this often (about 5 minutes) before it is
# left to the next start's reconciliation, which finds the row still open.
DB_WRITE_TRIES = 60


class _Timer:
    """One worker that runs callbacks when the clock reaches their moment (a heap of deadlines)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._heap: list[tuple[datetime, int, Callable[[], None]]] = []
        self._counter = itertools.count()
        self._lock = threading.Lock()
        self._worker = Worker(
            "reminder-retry", self._run_due, every=_LONGEST_WAIT, clock=clock,
            failure="a reminder retry could not be started", logger=log,
        )
        self._worker.start()

    def call_later(self, delay: float, fn: Callable[[], None]) -> None:
        when = self.clock.now() + timedelta(seconds=delay)
        with self._lock:
            heapq.heappush(self._heap, (when, next(self._counter), fn))
        self._worker.wake()

    def next_due(self) -> datetime | None:
        with self._lock:
            return self._heap[0][0] if self._heap else None

    def waiting(self) -> int:
        """Callbacks whose moment has not come yet."""
        now = self.clock.now()
        with self._lock:
            return sum(1 for when, _, _ in self._heap if when > now)

    def _seconds_until(self, when: datetime) -> float:
        until = getattr(self.clock, "real_seconds_until", None)
        if until is not None:
            return float(until(when))
        if isinstance(self.clock, SystemClock):
            return (when - self.clock.now()).total_seconds()
        return _POLL

    def _run_due(self) -> float:
        """Run the callbacks whose moment has come; the pause until the next one's."""
        while not self._worker.stopping:
            with self._lock:
                if not self._heap:
                    return _LONGEST_WAIT
                if self._heap[0][0] > self.clock.now():
                    return min(self._seconds_until(self._heap[0][0]), _LONGEST_WAIT)
                _, _, fn = heapq.heappop(self._heap)
            try:
                fn()
            except Exception:  # the timer must outlive any one callback
                log.exception("a reminder retry could not be started")
        return 0.0

    def stop(self) -> None:
        with self._lock:
            self._heap.clear()
        self._worker.stop()


# How an attempt starts: a fresh claim; a row back from "planned"; or first ask the
# transport whether an earlier, ambiguous attempt went out after all.
FRESH, RECLAIM, CHECK_FIRST = "fresh", "reclaim", "check_first"


@dataclass
class _Post:
    """One message on its way: a reminder (composed at each attempt) or a change notice."""

    key: str
    destination: Destination
    make: Callable[[datetime], ReminderMessage] | None  # None: not to be sent, only looked for
    claimed_at: datetime | None = None
    due: datetime | None = None  # UTC; None for notices, which are never "late"
    deadline: datetime | None = None  # when its grace period ends: no post after this
    # An attempt may have gone out: every later attempt looks in the history first.
    ambiguous: bool = False
    paced: bool = False  # this attempt's posting moment is booked with the pacer


class Deliverer:
    def __init__(
        self,
        factory: sessionmaker[DBSession],
        notifier: Notifier,
        ledger: Ledger | None = None,
        *,
        clock: Clock | None = None,
        grace: timedelta = DEFAULT_GRACE,
        retry: RetryPolicy | None = None,
        workers: int = 8,
        deliver_unrouted: bool = False,
        meetings: tuple[str, ...] | None = None,
        pacer: Pacer | None = None,
        lookahead: timedelta = REMINDER_LOOKAHEAD,
    ) -> None:
        self.factory = factory
        self.notifier = notifier
        self.ledger: Ledger = ledger or SqlLedger(factory)
        self.clock: Clock = clock or SystemClock()
        self.grace = grace
        self.retry = retry or RetryPolicy()
        # The console has no channel: there, reminders with "no channel linked" are still shown.
        self.deliver_unrouted = deliver_unrouted
        # Only these meetings' reminders (the console follows the one meeting it talks about).
        self.only = frozenset(meetings) if meetings else None
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reminder-post")
        self._timer = _Timer(self.clock)
        # Posts wait for their booked moment on the pacer's own (real-time) clock.
        self.pacer = pacer
        self.lookahead = lookahead if pacer is not None else timedelta(0)
        self._pace_timer = _Timer(pacer.clock) if pacer is not None else None
        self._plans: dict[str, tuple[Fingerprint, PlanInputs, dict[str, PlannedReminder]]] = {}
        self._plans_lock = threading.Lock()
        self._ahead: set[str] = set()  # keys fire_ahead has seen claimed (still within its window)
        self._timelines: dict[str, _Timeline] = {}
        self._busy = 0
        self._idle = threading.Condition()
        self._closed = False

    # --- plans ---------------------------------------------------------------------------

    def plan_for(self, slug: str) -> tuple[PlanInputs, dict[str, PlannedReminder]] | None:
        """The meeting's inputs and reminders by id, re-planned only when something changed."""
        state = self.planned(slug)
        return (state[1], state[2]) if state else None

    def planned(self, slug: str) -> tuple[Fingerprint, PlanInputs, dict[str, PlannedReminder]] | None:
        """Like ``plan_for``, with the fingerprint the plan was made from."""
        with self.factory() as db:
            fp = fingerprints(db, slug).get(slug)
            if fp is None:
                with self._plans_lock:
                    self._plans.pop(slug, None)
                return None
            with self._plans_lock:
                cached = self._plans.get(slug)
            if cached and cached[0] == fp:
                return cached
            inputs = load_inputs(db, slug)
        if inputs is None:
            return None
        state = (fp, inputs, {r.id: r for r in plan(inputs)})
        with self._plans_lock:
            self._plans[slug] = state
        return state

    def meetings_reaching(self, since: datetime, until: datetime | None = None) -> list[str]:
        """Slugs of meetings that can have reminders due after ``since`` (and by ``until``)."""
        limit: date = (since - timedelta(days=1)).date()
        horizon: date | None = (until + PLANNING_REACH).date() if until else None
        with self.factory() as db:
            return [
                m.slug
                for m in list_meetings(db)
                if m.end_date >= limit
                and (horizon is None or m.start_date <= horizon)
                and self.wants(m.slug)
            ]

    def wants(self, slug: str) -> bool:
        return self.only is None or slug in self.only

    def fingerprints(self) -> dict[str, Fingerprint]:
        with self.factory() as db:
            return {s: fp for s, fp in fingerprints(db).items() if self.wants(s)}

    # --- firing --------------------------------------------------------------------------

    def _record(self, r: PlannedReminder, late: timedelta | None = None) -> DeliveryRecord:
        return DeliveryRecord(
            key=r.key,
            reminder_id=r.id,
            meeting=r.meeting,
            kind=str(r.kind),
            due=r.due_utc,
            destination=r.destination.code,
            late_seconds=int(late.total_seconds()) if late is not None else None,
        )

    def fire(self, reminder_id: str, due: datetime, attempt: int = 1) -> Outcome:
        """The reminder ``reminder_id`` planned for ``due`` has come due: send it once, if still wanted.

        A database error (a lock held past the busy timeout, a dropped connection, a full
        disk) does not lose it: the whole step is tried again shortly, for as long as the
        reminder is within its grace period. Trying again is safe: the claim is atomic.
        """
        try:
            return self._fire(reminder_id, due)
        except Exception as exc:
            return self._fire_later(reminder_id, due, attempt, exc)

    def _fire_later(self, reminder_id: str, due: datetime, attempt: int, exc: Exception) -> Outcome:
        delay = DB_RETRY.delay(attempt)
        if self.clock.now() + timedelta(seconds=delay) > due.astimezone(UTC) + self.grace:
            log.error("reminder %s due %s could not be fired before its grace period ended: %r",
                      reminder_id, due.isoformat(), exc)
            metrics.reminder_failed()
            return Outcome.RETRYING
        log.warning("reminder %s could not be fired (%r); trying again in %.1fs", reminder_id, exc, delay)
        self._later(delay, lambda: self.fire(reminder_id, due, attempt + 1))
        return Outcome.RETRYING

    def _fire(self, reminder_id: str, due: datetime) -> Outcome:
        slug = reminder_id.split("/", 1)[0]
        planned = self.plan_for(slug)
        reminder = planned[1].get(reminder_id) if planned else None
        if planned is None or reminder is None:
            log.info("reminder %s is no longer on the agenda; not sent", reminder_id)
            return Outcome.GONE
        if reminder.key != delivery_key(reminder_id, due):
            log.info("reminder %s moved to %s; its new job sends it", reminder_id, reminder.due.isoformat())
            return Outcome.MOVED
        return self.fire_planned(reminder, planned[0])

    def fire_planned(self, reminder: PlannedReminder, inputs: PlanInputs) -> Outcome:
        now = self.clock.now()
        late = max(timedelta(0), now.astimezone(UTC) - reminder.due_utc)
        if late > self.grace:
            if self.ledger.record_skip(self._record(reminder, late), f"missed by {late}; more than the grace period"):
                log.warning(
                    "skipped reminder %s: due %s, %s late (grace %s)",
                    reminder.id, reminder.due.isoformat(), late, self.grace,
                )
                metrics.reminder_skipped("too_late")
                return Outcome.SKIPPED_LATE
            return Outcome.DUPLICATE
        if not reminder.destination.routed and not self.deliver_unrouted:
            if self.ledger.record_skip(self._record(reminder, late), str(reminder.destination)):
                log.warning("reminder %s not sent: %s", reminder.id, reminder.destination)
                metrics.reminder_skipped("unrouted")
                return Outcome.SKIPPED_UNROUTED
            return Outcome.DUPLICATE
        if not self.ledger.claim(self._record(reminder, late)):
            return Outcome.DUPLICATE
        meeting = inputs.meeting
        self._submit(
            _Post(reminder.key, reminder.destination, lambda at: compose(reminder, meeting, at),
                  due=reminder.due_utc, deadline=reminder.due_utc + self.grace),
            attempt=1,
        )
        return Outcome.SUBMITTED

    def skip_missed(self, reminder_id: str, due: datetime, reason: str) -> None:
        """Record a reminder the scheduler could not run in time (APScheduler's misfire)."""
        slug = reminder_id.split("/", 1)[0]
        planned = self.plan_for(slug)
        reminder = planned[1].get(reminder_id) if planned else None
        # ``due`` may come from APScheduler's float run time: compare within a millisecond.
        if reminder is None or abs(reminder.due_utc - due.astimezone(UTC)) > timedelta(milliseconds=1):
            return
        late = max(timedelta(0), self.clock.now().astimezone(UTC) - reminder.due_utc)
        if self.ledger.record_skip(self._record(reminder, late), reason):
            log.warning("skipped reminder %s due %s: %s", reminder_id, due.isoformat(), reason)
            metrics.reminder_skipped("missed")

    def catch_up(self, since: datetime, now: datetime) -> dict[str, Outcome]:
        """Reminders due in (since, now] that have no delivery yet: sent late, or skipped if too late."""
        due: list[tuple[PlannedReminder, PlanInputs]] = []
        start, end = since.astimezone(UTC), now.astimezone(UTC)
        for slug in self.meetings_reaching(since, now):
            planned = self.plan_for(slug)
            if planned is None:
                continue
            due += [(r, planned[0]) for r in planned[1].values() if start < r.due_utc <= end]
        done = self.ledger.existing(r.key for r, _ in due)
        return {
            r.key: self.fire_planned(r, inputs) for r, inputs in sorted(due, key=lambda p: p[0].due_utc)
            if r.key not in done
        }

    def fire_ahead(self, now: datetime) -> dict[str, Outcome]:
        """Start early the reminders of a crowd too big to send on time at the pacer's rates.

        Reminders due within ``lookahead`` are given send slots worked back from their due
        times (``send_slots``): at the app-wide rate for all of them, at the per-channel rate
        for each channel. One whose slot has come is fired now, through the same claim as at
        its due time, so the scheduler's own job finds it taken: still sent once. A light load
        has every slot at its due time and nothing starts early.

        Called on every pass of the scheduler's loop, so it works on each plan's reminders
        sorted once per revision (``_Timeline``), in plain seconds.
        """
        if self.pacer is None or self.lookahead <= timedelta(0):
            return {}
        start = now.astimezone(UTC)
        lo, hi = start.timestamp(), (start + self.lookahead).timestamp()
        window: list[_Upcoming] = []
        for slug in self.meetings_reaching(start, start + self.lookahead):
            timeline = self._timeline(slug)
            if timeline is not None:
                window += timeline.between(lo, hi)
        if len(window) < 2:
            return {}
        window.sort(key=lambda u: u.due)
        slots, crowded = _earliest_slots(window, self.pacer)
        # Up to the next pass of the caller's loop (the pacer spaces them out from here); only
        # a crowd's: a reminder on its own waits for its job at its due time.
        soon = lo + AHEAD_PASS.total_seconds()
        early = [u for u, slot, crowd in zip(window, slots, crowded, strict=True) if crowd and slot <= soon]
        if not early:
            return {}
        with self._plans_lock:
            # Keys this process already started ahead need no look in the ledger each pass.
            if len(self._ahead) > 4 * len(window):
                self._ahead &= {u.reminder.key for u in window}
            unknown = [u for u in early if u.reminder.key not in self._ahead]
        done = self.ledger.existing(u.reminder.key for u in unknown) if unknown else set()
        outcomes = {u.reminder.key: self.fire_planned(u.reminder, u.inputs)
                    for u in unknown if u.reminder.key not in done}
        with self._plans_lock:
            self._ahead.update(done)
            self._ahead.update(k for k, o in outcomes.items() if o in (Outcome.SUBMITTED, Outcome.DUPLICATE))
        return outcomes

    def _timeline(self, slug: str) -> _Timeline | None:
        state = self.planned(slug)
        if state is None:
            return None
        with self._plans_lock:
            cached = self._timelines.get(slug)
        if cached is not None and cached.fingerprint == state[0]:
            return cached
        timeline = _Timeline.of(state[0], state[1], state[2].values())
        with self._plans_lock:
            self._timelines[slug] = timeline
        return timeline

    def reconcile(self) -> dict[str, str]:
        """Finish deliveries a previous run left open: sent ones marked, unsent ones sent (or skipped)."""
        results: dict[str, str] = {}
        for record in self.ledger.unfinished():
            results[record.key] = self._reconcile_one(record)
        return results

    def _reconcile_one(self, record: DeliveryRecord) -> str:
        destination = Destination.from_code(record.destination)
        planned = self.plan_for(record.meeting)
        reminder = planned[1].get(record.reminder_id) if planned else None
        if record.status == SENDING and destination.routed:
            # The last holder's post may still be on its way into the channel (it timed out, or
            # the process died mid-request): give it time to settle before searching for it.
            settled_at = (record.updated_at or record.claimed_at or record.due) + timedelta(seconds=self.retry.settle)
            wait = (settled_at - wall_now()).total_seconds()
            if wait > 0:
                # Gone or moved meanwhile: only find out whether it went out (``make`` None).
                current = reminder if reminder is not None and reminder.key == record.key else None
                make = _composer(current, planned[0].meeting) if current is not None and planned else None
                self._submit(
                    _Post(record.key, destination, make, record.claimed_at,
                          due=current.due_utc if current else None,
                          deadline=(current.due_utc + self.grace) if current else None, ambiguous=True),
                    attempt=record.attempts + 1, mode=CHECK_FIRST, delay=wait,
                )
                return "settling"
            since = (record.claimed_at or record.due) - FIND_SLACK
            try:
                if self.notifier.find_sent(destination, record.key, since):
                    self.ledger.mark_sent(record.key, DeliveryReceipt())
                    metrics.reminder_sent(None)  # the crashed run posted it but never counted it
                    return "found sent"
            except Exception:
                log.exception("could not check whether %s was sent; leaving it for the next start", record.key)
                return "unknown"
        if reminder is None or reminder.key != record.key:
            self.ledger.mark_skipped(record.key, "no longer on the agenda")
            metrics.reminder_skipped("stale")
            return "skipped: gone"
        late = self.clock.now().astimezone(UTC) - reminder.due_utc
        if late > self.grace:
            self.ledger.mark_skipped(record.key, f"not sent before agendabot stopped; {late} late now")
            log.warning("skipped reminder %s: left unsent by the last run, now %s late", record.key, late)
            metrics.reminder_skipped("too_late")
            return "skipped: too late"
        if record.status == PLANNED:
            if not self.ledger.reclaim(record.key):
                return "taken"
        else:
            self.ledger.note_attempt(record.key)
        meeting = planned[0].meeting  # type: ignore[index]
        self._submit(
            _Post(record.key, destination, lambda at: compose(reminder, meeting, at), record.claimed_at,
                  due=reminder.due_utc, deadline=reminder.due_utc + self.grace,
                  ambiguous=record.status == SENDING),
            attempt=record.attempts + 1,
        )
        return "resent"

    def send_notice(self, message: ReminderMessage, destination: Destination, meeting: str) -> Outcome:
        """A one-off DM (an agenda change), under its own key so it is sent once."""
        now = self.clock.now()
        record = DeliveryRecord(
            key=message.key,
            reminder_id=message.reminder_id or "notice",
            meeting=meeting,
            kind=message.kind,
            due=now.astimezone(UTC),
            destination=destination.code,
        )
        if not self.ledger.claim(record):
            return Outcome.DUPLICATE
        self._submit(_Post(message.key, destination, lambda _at: message, deadline=now.astimezone(UTC) + self.grace),
                     attempt=1)
        return Outcome.SUBMITTED

    # --- posting -------------------------------------------------------------------------

    def _submit(self, post: _Post, attempt: int, mode: str = FRESH, delay: float = 0.0) -> None:
        self._later(delay, lambda: self._attempt(post, attempt, mode))

    def _later(self, delay: float, task: Callable[[], object], timer: _Timer | None = None) -> None:
        """Run ``task`` on a worker, after ``delay`` seconds of the clock (of ``timer``'s clock when
        given); counted until it ends."""
        with self._idle:
            self._busy += 1
        if self._closed:
            self._done()
            return

        def run() -> None:
            try:
                task()
            finally:
                self._done()

        if delay > 0:
            (timer or self._timer).call_later(delay, lambda: self._pool_submit(run))
        else:
            self._pool_submit(run)

    def _pool_submit(self, task: Callable[[], None]) -> None:
        try:
            self._pool.submit(task)
        except RuntimeError:  # shutting down: the ledger keeps it for the next start
            self._done()

    def _done(self) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()

    def _attempt(self, post: _Post, attempt: int, mode: str) -> None:
        if self._pace_timer is not None and self.pacer is not None and post.make is not None and not post.paced:
            # Book this attempt's moment: a burst to one channel queues instead of being refused.
            wait = self.pacer.reserve(post.destination.code)
            if wait > 0.0005:
                post.paced = True
                self._later(wait, lambda: self._attempt(post, attempt, mode), timer=self._pace_timer)
                return
        post.paced = False  # a later attempt books its own moment
        posting = False
        try:
            if mode == RECLAIM:
                if not self.ledger.reclaim(post.key):
                    return  # another attempt took it back first
                mode = FRESH  # ours again: a step tried again must not reclaim it twice
            if (mode == CHECK_FIRST or post.ambiguous) and self._already_sent(post):
                return
            if post.make is None:
                self.ledger.mark_skipped(post.key, "no longer on the agenda")
                metrics.reminder_skipped("stale")
                return
            if post.deadline is not None and self.clock.now().astimezone(UTC) > post.deadline:
                self._give_up(post, attempt - 1, "the grace period ended before it could be posted")
                return
            message = post.make(self.clock.now())
            posting = True
            receipt = self.notifier.post(post.destination, message)
        except DeliveryError as exc:
            self._failed(post, attempt, exc)
            return
        except Exception as exc:
            if not posting:
                # The reclaim or the history check failed (the database, most likely): nothing
                # was posted, so the same step is simply tried again.
                self._step_later(post, attempt, mode, exc)
                return
            # A transport bug or a network error while posting: it may or may not have gone.
            log.exception("posting %s failed", post.key)
            self._failed(post, attempt, DeliveryError(repr(exc), maybe_sent=True))
            return
        self._record_sent(post, receipt)

    def _record_sent(self, post: _Post, receipt: DeliveryReceipt, tries: int = 1) -> None:
        try:
            self.ledger.mark_sent(post.key, receipt)
        except Exception as exc:
            # Posted, but not yet written down: write it down later, never post again.
            if tries >= DB_WRITE_TRIES:
                log.error("could not record %s as sent; the next start will find it in the history", post.key)
                return
            delay = DB_RETRY.delay(tries)
            log.warning("could not record %s as sent (%r); trying again in %.1fs", post.key, exc, delay)
            self._later(delay, lambda: self._record_sent(post, receipt, tries + 1))
            return
        late = self.clock.now().astimezone(UTC) - post.due if post.due else None
        metrics.reminder_sent(late)

    def _step_later(self, post: _Post, attempt: int, mode: str, exc: Exception) -> None:
        if post.deadline is not None and self.clock.now().astimezone(UTC) > post.deadline:
            self._give_up(post, attempt - 1, f"{exc!r} until the grace period ended")
            return
        delay = DB_RETRY.delay(attempt)
        log.warning("reminder %s: the database failed (%r); trying again in %.1fs", post.key, exc, delay)
        self._submit(post, attempt, mode, delay=delay)

    def _already_sent(self, post: _Post) -> bool:
        since = (post.claimed_at or self._claimed_at(post.key)) - FIND_SLACK
        if self.notifier.find_sent(post.destination, post.key, since):
            self._record_sent(post, DeliveryReceipt())  # the earlier, ambiguous attempt did go out
            return True
        return False

    def _claimed_at(self, key: str) -> datetime:
        record = self.ledger.get(key)
        return record.claimed_at if record and record.claimed_at else datetime.now(UTC) - timedelta(hours=1)

    def _failed(self, post: _Post, attempt: int, exc: DeliveryError) -> None:
        error = str(exc) or type(exc).__name__
        if not exc.retryable or (self.retry.attempts is not None and attempt >= self.retry.attempts):
            self._give_up(post, attempt, error)
            return
        delay = self.retry.delay(attempt, exc.retry_after)
        if exc.maybe_sent:
            post.ambiguous = True
            # Look in the history only once Slack has had time to finish what it may have started;
            # that look happens even past the deadline, to know whether it was sent.
            delay = max(delay, self.retry.settle)
        elif post.deadline is not None and self.clock.now().astimezone(UTC) + timedelta(seconds=delay) > post.deadline:
            self._give_up(post, attempt, f"{error}; the grace period ends before the next try")
            return
        log.warning("reminder %s attempt %d failed (%s); retrying in %.1fs", post.key, attempt, error, delay)
        try:
            if post.ambiguous:
                self.ledger.note_error(post.key, error)
                self.ledger.note_attempt(post.key)
                next_mode = CHECK_FIRST
            else:
                self.ledger.release(post.key, error)
                next_mode = RECLAIM
        except Exception:
            # The row could not be updated; it is still ours and still "sending".
            log.warning("could not record the failed attempt of %s", post.key, exc_info=True)
            next_mode = CHECK_FIRST if post.ambiguous else FRESH
        self._submit(post, attempt + 1, next_mode, delay=delay)

    def _give_up(self, post: _Post, attempts: int, error: str, tries: int = 1) -> None:
        try:
            self.ledger.mark_failed(post.key, f"{error} (after {attempts} attempt{'s' if attempts != 1 else ''})")
        except Exception as exc:
            if tries >= DB_WRITE_TRIES:
                log.error("could not record %s as failed; the next start settles it", post.key)
                return
            delay = DB_RETRY.delay(tries)
            log.warning("could not record %s as failed (%r); trying again in %.1fs", post.key, exc, delay)
            self._later(delay, lambda: self._give_up(post, attempts, error, tries + 1))
            return
        metrics.reminder_failed()
        log.error("reminder %s failed after %d attempts: %s", post.key, attempts, error)

    # --- lifecycle -----------------------------------------------------------------------

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no post or retry is pending (tests, shutdown)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def wait_settled(self, timeout: float = 10.0) -> bool:
        """Block until nothing runs and every pending retry waits for a later moment of the clock
        (a test then moves its clock to ``next_retry()``)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == self._timer.waiting(), timeout)

    def next_retry(self) -> datetime | None:
        """When the earliest pending retry or re-check is due, on the clock."""
        return self._timer.next_due()

    def close(self, wait: bool = True) -> None:
        self._closed = True
        self._timer.stop()
        if self._pace_timer is not None:
            self._pace_timer.stop()
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


# The scheduler's loop passes about every 2 s: a slot is taken up to this long before it comes.
AHEAD_PASS = timedelta(seconds=3)
# Plan a crowd a little slower than the pacer lets it go, so that retries and other posts
# sharing the pace do not push the last of it past its due time.
_AHEAD_MARGIN = 0.9
# And aim to be done this much (seconds) before the due time: a database or network stall at
# the end of a crowd must not make its last reminders late.
_CROWD_SAFETY = 10.0


@dataclass(frozen=True)
class _Upcoming:
    due: float  # UTC timestamp
    channel: str  # the destination's code: one pace per channel
    reminder: PlannedReminder
    inputs: PlanInputs


@dataclass(frozen=True)
class _Timeline:
    """A plan's routed reminders sorted by due time, for the look-ahead to slice."""

    fingerprint: Fingerprint
    dues: list[float]
    entries: list[_Upcoming]

    @classmethod
    def of(cls, fingerprint: Fingerprint, inputs: PlanInputs, reminders: Iterable[PlannedReminder]) -> _Timeline:
        entries = sorted((_Upcoming(r.due_utc.timestamp(), r.destination.code, r, inputs)
                          for r in reminders if r.destination.routed), key=lambda u: u.due)
        return cls(fingerprint, [u.due for u in entries], entries)

    def between(self, lo: float, hi: float) -> list[_Upcoming]:
        """Those due in (lo, hi]."""
        return self.entries[bisect.bisect_right(self.dues, lo):bisect.bisect_right(self.dues, hi)]


def _backwards(dues: Sequence[float], interval: float) -> tuple[list[float], list[bool]]:
    """``send_slots`` in seconds, for dues already sorted: each slot an interval before the next
    or at its own due time. Also which ones are in a crowd: moved ahead by a later one, or the
    later one that moved its predecessor (the crowd's last, which goes with it)."""
    n = len(dues)
    slots = [0.0] * n
    moved = [False] * n
    following = float("inf")
    for i in range(n - 1, -1, -1):
        pushed = following - interval
        moved[i] = pushed < dues[i]
        following = slots[i] = pushed if moved[i] else dues[i]
    crowded = [moved[i] or (i > 0 and moved[i - 1]) for i in range(n)]
    return slots, crowded


def _earliest_slots(window: list[_Upcoming], pacer: Pacer) -> tuple[list[float], list[bool]]:
    """For each reminder (sorted by due), the earlier of its app-wide and per-channel send slot,
    aiming a crowd ``_CROWD_SAFETY`` ahead of its due times; and whether it is in a crowd."""
    dues = [u.due - _CROWD_SAFETY for u in window]
    if pacer.overall is not None:
        slots, crowded = _backwards(dues, 1 / (pacer.overall.per_second * _AHEAD_MARGIN))
    else:
        slots, crowded = list(dues), [False] * len(dues)
    by_channel: dict[str, list[int]] = {}
    for i, u in enumerate(window):
        by_channel.setdefault(u.channel, []).append(i)
    interval = 1 / (pacer.per_key.per_second * _AHEAD_MARGIN)
    for indices in by_channel.values():
        if len(indices) > 1:
            chain, in_crowd = _backwards([dues[i] for i in indices], interval)
            for i, slot, crowd in zip(indices, chain, in_crowd, strict=True):
                slots[i] = min(slots[i], slot)
                crowded[i] = crowded[i] or crowd
    return slots, crowded


def _composer(reminder: PlannedReminder, meeting: Meeting) -> Callable[[datetime], ReminderMessage]:
    return lambda at: compose(reminder, meeting, at)
