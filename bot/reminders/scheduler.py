"""Turning planned reminders into jobs that fire on time: the database is the truth.

Two schedulers share one behaviour (``_Scheduler``) and differ only in what
keeps the jobs and what decides "now":

- ``ReminderScheduler`` (bot/reminders/aps.py): APScheduler 3's
  ``BackgroundScheduler`` with its jobs in the app's database
  (``SQLAlchemyJobStore``), on wall-clock time. Production.
- ``ClockDrivenRunner`` (bot/reminders/runner.py, on a ``bot.worker.Worker``):
  jobs in memory, fired when an injected clock passes them. The console's
  accelerated clock and the tests' fixed clock need this: APScheduler only
  knows the wall clock.

Both fire through the same ``Deliverer`` and start the same way: finish what
the last run left open, catch up what fell due while nobody was running
(sent if at most the grace period late, recorded as skipped otherwise), then
rebuild the jobs from the store. ``sync(slug)`` after an agenda change touches
only the jobs whose due time changed and tells people whose personal reminder
moved or went away.

Both loops survive errors: a pass that fails (the database locked, gone or
full) is logged and tried again a moment later, never the end of the thread.
Each finished pass beats a ``Heartbeat`` (bot/worker.py) on the scheduler's clock; the service
reads it (with the thread's liveness) to tell the operator whether reminders
really fire, and steps down when they do not.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

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
from bot.worker import Heartbeat

log = logging.getLogger(__name__)

# APScheduler stores run times as float seconds; a round trip can move them by a microsecond.
SAME_TIME = timedelta(milliseconds=1)


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


@dataclass
class _JobChanges:
    """What one meeting's jobs need, from the jobs in the book and its fresh plan."""

    puts: list[PlannedReminder] = field(default_factory=list)  # jobs to write (new or moved)
    drops: list[str] = field(default_factory=list)  # jobs to delete
    added: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moves: list[tuple[PlannedReminder, datetime]] = field(default_factory=list)  # (reminder, old due)
    gone: list[tuple[str, datetime]] = field(default_factory=list)  # (reminder id, old due)
    unchanged: int = 0

    @classmethod
    def between(
        cls,
        existing: dict[str, datetime],
        future: dict[str, PlannedReminder],
        by_id: dict[str, PlannedReminder],
    ) -> _JobChanges:
        change = cls()
        for rid, r in future.items():
            old = existing.get(rid)
            if old is None:
                change.puts.append(r)
                change.added.append(rid)
            elif abs(old - r.due_utc) > SAME_TIME:
                change.puts.append(r)
                change.moved.append(rid)
                change.moves.append((r, old))
            else:
                change.unchanged += 1
        for rid, old in existing.items():
            if rid not in future:
                change._leave(rid, old, by_id.get(rid))
        return change

    def _leave(self, rid: str, old: datetime, now_due: PlannedReminder | None) -> None:
        """A job whose reminder is no longer in the future."""
        if now_due is not None and abs(old - now_due.due_utc) <= SAME_TIME:
            return  # due now or a moment ago: its job is about to fire; leave it be
        self.drops.append(rid)
        if now_due is None:
            self.removed.append(rid)
            self.gone.append((rid, old))
        else:  # moved to a moment already past
            self.moved.append(rid)
            self.moves.append((now_due, old))


# --- the shared behaviour -------------------------------------------------------------------


class _Scheduler:
    def __init__(self, deliverer: Deliverer, book: JobBook, clock: Clock) -> None:
        self.deliverer = deliverer
        self.book = book
        self.clock = clock
        self._lock = threading.RLock()
        self._seen: dict[str, Fingerprint] = {}
        self.holder = ""
        self.heartbeat = Heartbeat(clock, "the firing loop")

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
            self.deliverer.ledger.advance(now, self.holder, force=True)  # a (re)start says who leads now
            self.heartbeat.beat()  # a start is a pass: the loop's own beats follow
            return {"reconciled": reconciled, "caught_up": caught, "synced": synced}

    def tick(self) -> dict[str, SyncResult]:
        """Periodic: pick up changes made by any process, and record how far we got."""
        now = self.clock.now()
        # One read of every meeting's fingerprint serves the whole pass: with nothing changed,
        # the plans and timelines cached per fingerprint answer the rest without a query.
        current = self.deliverer.fingerprints()
        results = self.sync_changed(now, current)
        self.deliverer.ledger.advance(now, self.holder)
        self.deliverer.fire_ahead(now, current)  # a crowd due soon starts early, within the rate budget
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

    def sync_changed(
        self, now: datetime | None = None, current: dict[str, Fingerprint] | None = None
    ) -> dict[str, SyncResult]:
        """Sync the meetings whose agenda, policy, rapporteur or subscriptions changed
        (``current``: their fingerprints, if the caller has just read them)."""
        with self._lock:
            current = self.deliverer.fingerprints() if current is None else current
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
        change = _JobChanges.between(existing, future, by_id)
        # The job writes and the record of this sync commit together (one transaction when
        # the book is the database); messages and ledger rows come after, outside it.
        with self.book.batch():
            for r in change.puts:
                self.book.put(r.id, r.due_utc, new=r.id not in existing)
            for rid in change.drops:
                self.book.remove(rid)
            self.book.mark_synced(
                slug, sync_fingerprint(fp), {rid: r.due_utc.timestamp() for rid, r in future.items()}
            )
        notices: list[str] = []
        for r, old in change.moves:
            notices += self._notice_moved(inputs, r, old, now_utc)
        for rid, old in change.gone:
            notices += self._notice_removed(inputs, rid, old, now_utc)
        fired = self._fire_just_passed(inputs, by_id, existing, now_utc)
        result = SyncResult(
            tuple(change.added), tuple(change.moved), tuple(change.removed), change.unchanged, fired, tuple(notices)
        )
        if result.touched:
            log.info(
                "reminders for %s: %d added, %d moved, %d removed, %d unchanged",
                slug, len(change.added), len(change.moved), len(change.removed), change.unchanged,
            )
        return result

    def _fire_just_passed(
        self, inputs: PlanInputs, by_id: dict[str, PlannedReminder], existing: dict[str, datetime], now_utc: datetime
    ) -> tuple[str, ...]:
        """Just-passed reminders with no job (a subscription made five minutes before its
        session, a session moved earlier): sent now if within grace, like a restart would."""
        recent = [
            r for rid, r in by_id.items()
            if now_utc - self.grace <= r.due_utc <= now_utc and rid not in existing
        ]
        if not recent:
            return ()
        done = self.deliverer.ledger.existing(r.key for r in recent)
        return tuple(
            r.id for r in recent
            if r.key not in done and self.deliverer.fire_planned(r, inputs) is Outcome.SUBMITTED
        )

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
        message = compose_change_notice(key, inputs.meeting, sub, old_due, r, now, language=sub.language)
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
        message = compose_change_notice(key, inputs.meeting, sub, old_due, None, now, language=sub.language)
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


# --- APScheduler's job target -----------------------------------------------------------------
# It stays in this module: the jobs in the database name it as ``bot.reminders.scheduler:fire_reminder``.


_active: Deliverer | None = None
_active_lock = threading.Lock()


def fire_reminder(reminder_id: str, due: str) -> None:
    """APScheduler's job target. Module-level and taking only ids: jobs are pickled into the store."""
    deliverer = _active
    if deliverer is None:
        log.warning("reminder %s fell due with no reminder service running", reminder_id)
        return
    deliverer.fire(reminder_id, datetime.fromisoformat(due))


def activate(deliverer: Deliverer) -> None:
    """Make ``deliverer`` the one that fires this process's APScheduler jobs."""
    global _active
    with _active_lock:
        if _active is not None and _active is not deliverer:
            raise RuntimeError("one reminder scheduler per process: stop the other first")
        _active = deliverer


def deactivate(deliverer: Deliverer) -> None:
    global _active
    with _active_lock:
        if _active is deliverer:
            _active = None
