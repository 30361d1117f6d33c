"""Posting reminders and notices: on worker threads, retried on the clock, recorded in the ledger.

``Posting`` is the half of ``Deliverer`` (bot/reminders/delivery.py) that
takes a claimed message to the ``Notifier``. A failed post waits for its retry
on a ``Timer`` rather than in a worker, so one slow or rate-limited
destination never delays another. A post that may have gone out (a timeout, a
5xx, a dropped connection) is left to settle, and every later attempt looks in
the history first. A database error while doing so is tried again on the timer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot import metrics
from bot.clock import Clock
from bot.reminders.ledger import Ledger
from bot.reminders.notifier import DeliveryError, DeliveryReceipt, Notifier, ReminderMessage
from bot.reminders.pacing import Pacer
from bot.reminders.planner import Destination
from bot.reminders.timer import Timer

log = logging.getLogger(__name__)

# How far before its claim a posted message can be found: the clocks of two hosts differ a little.
FIND_SLACK = timedelta(minutes=2)


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


# Back-off for a step that failed on the database: short, because the reminder's grace runs on.
DB_RETRY = RetryPolicy(base=0.5, max_delay=5.0)
# Writing down an outcome (sent, failed) is tried this often (about 5 minutes) before it is
# left to the next start's reconciliation, which finds the row still open.
DB_WRITE_TRIES = 60


# How an attempt starts: a fresh claim; a row back from "planned"; or first ask the
# transport whether an earlier, ambiguous attempt went out after all.
FRESH, RECLAIM, CHECK_FIRST = "fresh", "reclaim", "check_first"


@dataclass
class Post:
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


class Posting:
    """Posts, retries and their bookkeeping; mixed into ``Deliverer``, which sets the fields."""

    notifier: Notifier
    ledger: Ledger
    clock: Clock
    retry: RetryPolicy
    pacer: Pacer | None

    def _start_posting(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reminder-post")
        self._timer = Timer(self.clock)
        # Posts wait for their booked moment on the pacer's own (real-time) clock.
        self._pace_timer = Timer(self.pacer.clock) if self.pacer is not None else None
        self._busy = 0
        self._idle = threading.Condition()
        self._closed = False

    def _submit(self, post: Post, attempt: int, mode: str = FRESH, delay: float = 0.0) -> None:
        self._later(delay, lambda: self._attempt(post, attempt, mode))

    def _later(self, delay: float, task: Callable[[], object], timer: Timer | None = None) -> None:
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

    def _attempt(self, post: Post, attempt: int, mode: str) -> None:
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

    def _record_sent(self, post: Post, receipt: DeliveryReceipt, tries: int = 1) -> None:
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

    def _step_later(self, post: Post, attempt: int, mode: str, exc: Exception) -> None:
        if post.deadline is not None and self.clock.now().astimezone(UTC) > post.deadline:
            self._give_up(post, attempt - 1, f"{exc!r} until the grace period ended")
            return
        delay = DB_RETRY.delay(attempt)
        log.warning("reminder %s: the database failed (%r); trying again in %.1fs", post.key, exc, delay)
        self._submit(post, attempt, mode, delay=delay)

    def _already_sent(self, post: Post) -> bool:
        since = (post.claimed_at or self._claimed_at(post.key)) - FIND_SLACK
        if self.notifier.find_sent(post.destination, post.key, since):
            self._record_sent(post, DeliveryReceipt())  # the earlier, ambiguous attempt did go out
            return True
        return False

    def _claimed_at(self, key: str) -> datetime:
        record = self.ledger.get(key)
        return record.claimed_at if record and record.claimed_at else datetime.now(UTC) - timedelta(hours=1)

    def _failed(self, post: Post, attempt: int, exc: DeliveryError) -> None:
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

    def _give_up(self, post: Post, attempts: int, error: str, tries: int = 1) -> None:
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
