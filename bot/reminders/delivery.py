"""Delivering a reminder exactly once: check it is still due, claim its key, post, record.

Whoever decides that a reminder is due (APScheduler in production, the
clock-driven runner in the console and tests) calls ``Deliverer.fire``. It
re-plans the meeting (cached per revision), so a reminder whose session moved
or vanished since it was scheduled is not sent from a stale job.

Posting happens on worker threads (bot/reminders/posting.py), and a failed
post waits for its retry on a timer (bot/reminders/timer.py) rather than in a
worker, so one slow or rate-limited destination never delays another
reminder. The timer runs on the deliverer's clock: an accelerated clock speeds
retries up, and a test's fixed clock holds them until the test moves it. A
crowd too big to post on time at the pacer's rates starts early
(bot/reminders/ahead.py).

A reminder is tried until its grace period ends (late but sent), not for a
fixed number of attempts. A post that may have gone out (a timeout, a 5xx, a
dropped connection) is left to settle before the history is searched for it,
and from then on every attempt searches the history just before posting again:
Slack can keep a timed-out message many seconds after it stopped answering.
A database error anywhere in this is not the end of a reminder either: the
step that failed is tried again on the timer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import metrics
from bot.clock import Clock, SystemClock
from bot.reminders.ahead import AHEAD_PASS, Timeline, Upcoming, earliest_slots
from bot.reminders.ledger import PLANNED, SENDING, DeliveryRecord, Ledger, SqlLedger, wall_now
from bot.reminders.messages import compose, reader_language
from bot.reminders.notifier import DeliveryReceipt, Notifier, ReminderMessage
from bot.reminders.pacing import REMINDER_LOOKAHEAD, Pacer
from bot.reminders.planner import (
    Destination,
    PlanInputs,
    PlannedReminder,
    delivery_key,
    plan,
)
from bot.reminders.posting import CHECK_FIRST, DB_RETRY, FIND_SLACK, Post, Posting, RetryPolicy
from bot.reminders.settings import Fingerprint, fingerprints, load_inputs
from store.agenda import list_meetings

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(minutes=10)
# The longest a reminder can come before its meeting (a 14-day preview), for pruning old meetings.
PLANNING_REACH = timedelta(days=15)
class Outcome(StrEnum):
    SUBMITTED = "submitted"  # claimed; the post is on its way
    DUPLICATE = "duplicate"  # already claimed by an earlier run or another thread
    SKIPPED_LATE = "skipped_late"  # more than the grace period late: recorded, not sent
    SKIPPED_UNROUTED = "skipped_unrouted"  # no channel linked / no rapporteur set
    GONE = "gone"  # no longer on the agenda
    MOVED = "moved"  # its due time changed; the rescheduled job will send it
    RETRYING = "retrying"  # the database failed; tried again shortly, within the grace period


class Deliverer(Posting):
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
        self.pacer = pacer
        self.lookahead = lookahead if pacer is not None else timedelta(0)
        self._start_posting(workers)
        self._plans: dict[str, tuple[Fingerprint, PlanInputs, dict[str, PlannedReminder]]] = {}
        self._plans_lock = threading.Lock()
        self._ahead: set[str] = set()  # keys fire_ahead has seen claimed (still within its window)
        self._timelines: dict[str, Timeline] = {}

    # --- plans ---------------------------------------------------------------------------

    def plan_for(self, slug: str) -> tuple[PlanInputs, dict[str, PlannedReminder]] | None:
        """The meeting's inputs and reminders by id, re-planned only when something changed."""
        state = self.planned(slug)
        return (state[1], state[2]) if state else None

    def planned(
        self, slug: str, known: Fingerprint | None = None
    ) -> tuple[Fingerprint, PlanInputs, dict[str, PlannedReminder]] | None:
        """Like ``plan_for``, with the fingerprint the plan was made from. ``known``: the meeting's
        fingerprint as the caller just read it; a plan made from it is returned without a query."""
        if known is not None:
            with self._plans_lock:
                cached = self._plans.get(slug)
            if cached and cached[0] == known:
                return cached
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
        self._submit(
            Post(reminder.key, reminder.destination, _composer(reminder, inputs),
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

    def fire_ahead(self, now: datetime, current: Mapping[str, Fingerprint] | None = None) -> dict[str, Outcome]:
        """Start early the reminders of a crowd too big to send on time at the pacer's rates.

        Reminders due within ``lookahead`` are given send slots worked back from their due
        times (``send_slots``): at the app-wide rate for all of them, at the per-channel rate
        for each channel. One whose slot has come is fired now, through the same claim as at
        its due time, so the scheduler's own job finds it taken: still sent once. A light load
        has every slot at its due time and nothing starts early.

        Called on every pass of the scheduler's loop, so it works on each plan's reminders
        sorted once per revision (``Timeline``), in plain seconds; with ``current`` (the
        fingerprints the pass already read) an unchanged meeting costs no query.
        """
        if self.pacer is None or self.lookahead <= timedelta(0):
            return {}
        start = now.astimezone(UTC)
        lo, hi = start.timestamp(), (start + self.lookahead).timestamp()
        window: list[Upcoming] = []
        for slug in self.meetings_reaching(start, start + self.lookahead):
            timeline = self._timeline(slug, current.get(slug) if current is not None else None)
            if timeline is not None:
                window += timeline.between(lo, hi)
        if len(window) < 2:
            return {}
        window.sort(key=lambda u: u.due)
        slots, crowded = earliest_slots(window, self.pacer)
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

    def _timeline(self, slug: str, known: Fingerprint | None = None) -> Timeline | None:
        state = self.planned(slug, known)
        if state is None:
            return None
        with self._plans_lock:
            cached = self._timelines.get(slug)
        if cached is not None and cached.fingerprint == state[0]:
            return cached
        timeline = Timeline.of(state[0], state[1], state[2].values())
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
                make = _composer(current, planned[0]) if current is not None and planned else None
                self._submit(
                    Post(record.key, destination, make, record.claimed_at,
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
        inputs = planned[0]  # type: ignore[index]
        self._submit(
            Post(record.key, destination, _composer(reminder, inputs), record.claimed_at,
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
        self._submit(Post(message.key, destination, lambda _at: message, deadline=now.astimezone(UTC) + self.grace),
                     attempt=1)
        return Outcome.SUBMITTED

def _composer(reminder: PlannedReminder, inputs: PlanInputs) -> Callable[[datetime], ReminderMessage]:
    language = reader_language(reminder, inputs)
    return lambda at: compose(reminder, inputs.meeting, at, language=language)
