"""Scheduling: agenda changes touch only the changed jobs; APScheduler on real time; restarts.

The real-time tests run meetings generated a few seconds ahead. Processes are
real: a worker script (tests/reminders_worker.py) runs the reminder service
and is killed with SIGKILL; posts go to a file so duplicates across
processes show.
"""

from __future__ import annotations

import dataclasses
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.events import EVENT_JOB_ADDED, EVENT_JOB_REMOVED
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.clock import FixedClock, SystemClock
from bot.reminders import (
    ClockDrivenRunner,
    Deliverer,
    ReminderScheduler,
    ReminderService,
    SqlLedger,
)
from bot.reminders.delivery import Outcome
from bot.reminders.planner import Target
from bot.reminders.settings import add_subscription, cancel_subscription, set_policy
from store import models
from store.agenda import save_meeting
from store.db import transaction
from store.values import Meeting
from tests.helpers import ROOT, sample_meeting
from tests.recording_notifier import RecordingNotifier, meeting_at, ny, read_posts

SLUG = "coordination-meeting-2003"
WORKER = ROOT / "tests" / "reminders_worker.py"


def _save(factory: sessionmaker[DBSession], meeting: Meeting, channel: str | None = "C1") -> None:
    with transaction(factory) as db:
        save_meeting(db, meeting, author="test")
        db.execute(
            models.Meeting.__table__.update().where(models.Meeting.slug == meeting.slug).values(channel_id=channel)
        )


def _edit(meeting: Meeting, day: date | int, title: str, delta: timedelta | None) -> Meeting:
    """Move the session ``title`` of ``day`` (a date, or an index) by ``delta``, or drop it (None)."""
    days = []
    for n, d in enumerate(meeting.days):
        if day in (n, d.date):
            kept = []
            for x in d.sessions:
                if x.title != title:
                    kept.append(x)
                elif delta is not None:
                    kept.append(dataclasses.replace(x, starts_at=x.starts_at + delta, ends_at=x.ends_at + delta))
            d = dataclasses.replace(d, sessions=tuple(kept))
        days.append(d)
    return dataclasses.replace(meeting, days=tuple(days))


def test_an_agenda_change_moves_and_cancels_exactly_the_right_jobs(db_factory) -> None:
    meeting = sample_meeting()
    _save(db_factory, meeting)
    with transaction(db_factory) as db:
        add_subscription(db, SLUG, "U1", Target.for_session(meeting.days[0].sessions[1]), 10, user_tz="Asia/Tokyo")
        add_subscription(db, SLUG, "U2", Target.for_session(meeting.days[1].sessions[0]), 5)
        u3 = add_subscription(db, SLUG, "U3", Target.for_item(meeting.days[1].sessions[1].items[1]), 30)
    clock = FixedClock(ny("2003-10-14 12:00"))
    notifier = RecordingNotifier()
    deliverer = Deliverer(db_factory, notifier, SqlLedger(db_factory), clock=clock)
    runner = ClockDrivenRunner(deliverer)
    try:
        runner.start()
        before = runner.jobs
        assert len(before) == 10

        changed = _edit(_edit(meeting, 0, "Afternoon session", timedelta(hours=1)), 1, "Morning session", None)
        with transaction(db_factory) as db:
            save_meeting(db, changed, author="organizer")
        result = runner.sync(SLUG)
        assert set(result.moved) == {
            f"{SLUG}/session/2003-10-15-afternoon-session/15m",
            f"{SLUG}/personal/U1/2003-10-15-afternoon-session/10m",
        }
        assert set(result.removed) == {
            f"{SLUG}/session/2003-10-16-morning-session/15m",
            f"{SLUG}/personal/U2/2003-10-16-morning-session/5m",
        }
        assert result.added == () and result.unchanged == 6
        assert sorted(result.notices) == ["U1", "U2"]
        deliverer.wait_idle(5)
        dms = {p.destination.id: p.message.text for p in notifier.posts}
        assert dms == {
            "U1": "Agenda change: Afternoon session now starts at 16:00 New York time (Thu 05:00 your time), "
            "Wednesday 15 October (it was 15:00 New York time (Thu 04:00 your time)).\n"
            "Your reminder moves with it: 15:50 New York time (Thu 04:50 your time).",
            "U2": "Agenda change: Morning session, Thu 16 Oct is no longer on the agenda of Second "
            "Coordination Meeting on International Migration; your reminder is cancelled.",
        }
        after = runner.jobs
        assert after[f"{SLUG}/session/2003-10-15-afternoon-session/15m"] == ny("2003-10-15 15:45").astimezone(UTC)
        untouched = set(before) - set(result.moved) - set(result.removed)
        assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}

        # Nothing changed since: nothing touched, nobody told twice.
        assert runner.sync(SLUG).touched == 0
        # Cancelling one's own reminder removes its job without a notice.
        with transaction(db_factory) as db:
            cancel_subscription(db, u3.id, user="U3")
        result = runner.sync(SLUG)
        assert result.removed == (f"{SLUG}/personal/U3/2003-10-16-afternoon-session/item-IX/30m",)
        assert result.notices == ()

        # The moved reminder fires at its new time, not the old one.
        clock.set(ny("2003-10-15 14:45"))
        # (The clock jumped a day: what fell due meanwhile is skipped, as after a long outage.)
        assert runner.run_due(wait=5) == {
            f"{SLUG}/day_before/2003-10-15/1d": Outcome.SKIPPED_LATE,
            f"{SLUG}/session/2003-10-15-morning-session/15m": Outcome.SKIPPED_LATE,
        }
        assert len(notifier.posts) == 2
        clock.set(ny("2003-10-15 15:45"))
        assert list(runner.run_due(wait=5)) == [f"{SLUG}/session/2003-10-15-afternoon-session/15m"]
        assert notifier.posts[-1].message.title.startswith("Afternoon session starts in 15 minutes — 16:00–19:00")
        assert len(notifier.posts) == 3
    finally:
        runner.stop()
        deliverer.close()


@pytest.fixture
def aps(engine: Engine, db_factory: sessionmaker[DBSession]) -> Iterator[Callable[..., ReminderScheduler]]:
    made: list[ReminderScheduler] = []

    def build(notifier: RecordingNotifier) -> ReminderScheduler:
        deliverer = Deliverer(db_factory, notifier, SqlLedger(db_factory), clock=SystemClock())
        scheduler = ReminderScheduler(engine, deliverer)
        made.append(scheduler)
        return scheduler

    yield build
    for s in made:
        s.shutdown(wait=False)
        s.deliverer.close(wait=False)


def _job_table(engine: Engine) -> dict[str, float]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, next_run_time FROM apscheduler_jobs")).all())


def test_apscheduler_jobs_follow_the_store_and_only_changed_ones_are_touched(engine, db_factory, aps) -> None:
    tomorrow = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    starts = [tomorrow + timedelta(hours=h) for h in range(4)]
    meeting = meeting_at(starts, slug="tomorrow", zone="America/New_York")
    _save(db_factory, meeting)
    with transaction(db_factory) as db:
        set_policy(db, "tomorrow", "15m,5m")
    scheduler = aps(RecordingNotifier())
    events: list[tuple[int, str]] = []
    scheduler.scheduler.add_listener(lambda e: events.append((e.code, e.job_id)), EVENT_JOB_ADDED | EVENT_JOB_REMOVED)
    scheduler.start()
    jobs = _job_table(engine)
    assert len(jobs) == 8 and len(events) == 8
    planned = scheduler.deliverer.plan_for("tomorrow")[1].values()  # type: ignore[index]
    first = next(r for r in planned if r.target.startswith("Session 1,") and r.lead == timedelta(minutes=15))
    assert jobs[first.id] == (starts[0] - timedelta(minutes=15)).timestamp()
    job = scheduler.scheduler.get_job(first.id)
    assert job.trigger.run_date == starts[0] - timedelta(minutes=15)
    assert job.trigger.run_date.tzinfo is not None and job.misfire_grace_time == 600 and job.coalesce

    events.clear()
    by_title = {x.title: x for x in meeting.sessions}
    changed = _edit(meeting, by_title["Session 2"].day, "Session 2", timedelta(minutes=30))
    changed = _edit(changed, by_title["Session 4"].day, "Session 4", None)
    with transaction(db_factory) as db:
        save_meeting(db, changed, author="organizer")
    result = scheduler.sync("tomorrow")
    moved_session = [k for k in jobs if "-session-2/" in k]
    removed_session = [k for k in jobs if "-session-4/" in k]
    assert sorted(result.moved) == sorted(moved_session) and sorted(result.removed) == sorted(removed_session)
    assert sorted(events) == sorted(
        [(EVENT_JOB_ADDED, k) for k in moved_session] + [(EVENT_JOB_REMOVED, k) for k in removed_session]
    )
    after = _job_table(engine)
    assert after[moved_session[0]] == jobs[moved_session[0]] + 30 * 60
    assert set(after) == set(jobs) - set(removed_session)

    # A restart rebuilds from the store and, nothing having changed, touches no job.
    scheduler.shutdown()
    events.clear()
    again = aps(RecordingNotifier())
    again.scheduler.add_listener(lambda e: events.append((e.code, e.job_id)), EVENT_JOB_ADDED | EVENT_JOB_REMOVED)
    again.start()
    assert events == [] and _job_table(engine) == after

    # A job lost from the store (not by us) is noticed on the next start and put back alone.
    again.shutdown()
    lost = moved_session[0]
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM apscheduler_jobs WHERE id = :id"), {"id": lost})
    third = aps(RecordingNotifier())
    third.scheduler.add_listener(lambda e: events.append((e.code, e.job_id)), EVENT_JOB_ADDED | EVENT_JOB_REMOVED)
    third.start()
    assert events == [(EVENT_JOB_ADDED, lost)] and _job_table(engine) == after


def test_apscheduler_delivers_within_a_second_of_due(engine, db_factory) -> None:
    now = datetime.now(UTC)
    starts = [now + timedelta(minutes=15, seconds=s) for s in (1.5, 2.0, 2.8)]
    _save(db_factory, meeting_at(starts, slug="now"))
    with transaction(db_factory) as db:
        set_policy(db, "now", "15m")
    notifier = RecordingNotifier()
    service = ReminderService(engine, notifier, poll_interval=0.2)
    service.start()
    try:
        assert service.wait_until_leader(10)
        assert isinstance(service._scheduler, ReminderScheduler)  # the production path, not the runner
        assert notifier.wait_for(3, timeout=10)
        lateness = sorted(
            p.at - (p.message.due.timestamp()) for p in notifier.posts  # type: ignore[union-attr]
        )
        assert all(0 <= late < 1.0 for late in lateness), lateness
        assert len(set(notifier.keys())) == 3
        service.deliverer.wait_idle(5)
        with db_factory() as db:
            assert set(db.scalars(select(models.ReminderDelivery.status))) == {"sent"}
    finally:
        service.stop()


# --- real processes -------------------------------------------------------------------------


class Worker:
    def __init__(self, database_url: str, out: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), database_url, str(out), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def wait_line(self, word: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            if line.startswith(word):
                return line

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    started: list[Worker] = []
    yield started
    for w in started:
        w.kill()


def _wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    """Wait for something another process does, checking every 50 ms."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            return False
        pause.wait(0.05)
    return True


def _statuses(factory: sessionmaker[DBSession]) -> dict[str, str]:
    with factory() as db:
        return dict(db.execute(select(models.ReminderDelivery.key, models.ReminderDelivery.status)).all())


def _soon(factory: sessionmaker[DBSession], seconds: list[float]) -> list[datetime]:
    """A meeting whose 15-minute reminders fall due ``seconds`` from now; their due times."""
    now = datetime.now(UTC)
    starts = [now + timedelta(minutes=15, seconds=s) for s in seconds]
    _save(factory, meeting_at(starts, slug="soon"))
    with transaction(factory) as db:
        set_policy(db, "soon", "15m")
    return [s - timedelta(minutes=15) for s in starts]


def test_sigkill_between_scheduling_and_due_time_still_delivers_each_reminder_once(
    database_url, db_factory, engine, tmp_path, workers
) -> None:
    # Far enough ahead that a slow start on a busy machine still comes before the first one.
    due = _soon(db_factory, [5.0, 9.0])
    out = tmp_path / "posts.jsonl"
    first = Worker(database_url, out)
    workers.append(first)
    first.wait_line("leader")
    assert len(_job_table(engine)) == 2  # scheduled, in the store
    first.kill()
    # Nobody runs while the first reminder falls due.
    threading.Event().wait(max(0.0, (due[0] - datetime.now(UTC)).total_seconds() + 0.5))
    assert read_posts(out) == []
    second = Worker(database_url, out)
    workers.append(second)
    second.wait_line("leader")
    assert _wait_until(lambda: len(read_posts(out)) >= 2 and set(_statuses(db_factory).values()) == {"sent"}, 15)
    posts = read_posts(out)
    assert len(posts) == 2 and len({p["key"] for p in posts}) == 2
    late = [p["at"] - p["due"] for p in posts]
    assert 0.5 <= late[0] < 5  # caught up on start, late but within grace
    assert 0 <= late[1] < 1  # fired on time by the restarted scheduler
    assert {p["pid"] for p in posts} == {second.proc.pid}


@pytest.mark.parametrize("die", ["before-post", "after-post"])
def test_a_crash_while_sending_is_settled_on_restart(
    database_url, db_factory, tmp_path, workers, die: str
) -> None:
    _soon(db_factory, [1.5])
    out = tmp_path / "posts.jsonl"
    crashing = Worker(database_url, out, "--die", die, "--marker", str(tmp_path / "died"))
    workers.append(crashing)
    # Not waiting for its "leader" line: on a loaded machine the worker may start after the
    # reminder fell due and send it (and die) from its catch-up pass before printing it.
    assert crashing.proc.wait(30) == -signal.SIGKILL
    assert set(_statuses(db_factory).values()) == {"sending"}  # claimed, never recorded as sent
    assert len(read_posts(out)) == (1 if die == "after-post" else 0)
    second = Worker(database_url, out)
    workers.append(second)
    second.wait_line("leader")
    assert _wait_until(lambda: set(_statuses(db_factory).values()) == {"sent"}, 15)
    posts = read_posts(out)
    assert len(posts) == 1
    assert posts[0]["pid"] == (crashing.proc.pid if die == "after-post" else second.proc.pid)


def test_two_processes_deliver_each_reminder_once_and_one_takes_over(
    database_url, db_factory, tmp_path, workers
) -> None:
    due = _soon(db_factory, [2.5, 4.5, 6.0, 7.5])
    out = tmp_path / "posts.jsonl"
    a, b = Worker(database_url, out), Worker(database_url, out)
    workers += [a, b]
    a.wait_line("started")
    b.wait_line("started")
    leader_pid = None
    deadline = time.monotonic() + 20
    while leader_pid is None and time.monotonic() < deadline:
        for w in (a, b):
            try:
                leader_pid = int(w.lines.get(timeout=0.05).split()[1])
            except queue.Empty:
                continue
    assert leader_pid is not None
    leader, standby = (a, b) if a.proc.pid == leader_pid else (b, a)
    assert standby.lines.empty()  # only one process leads
    assert _wait_until(lambda: len(read_posts(out)) >= 1, 10)
    leader.kill()
    killed_at = time.monotonic()
    standby.wait_line("leader", timeout=30)
    assert time.monotonic() - killed_at < 30
    assert _wait_until(lambda: len(read_posts(out)) >= 4 and set(_statuses(db_factory).values()) == {"sent"}, 20)
    posts = read_posts(out)
    assert len(posts) == 4 and len({p["key"] for p in posts}) == 4
    assert posts[0]["pid"] == leader.proc.pid and posts[-1]["pid"] == standby.proc.pid
    assert posts[-1]["due"] == pytest.approx(due[-1].timestamp(), abs=0.01)
