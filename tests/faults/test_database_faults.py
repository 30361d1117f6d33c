"""Database faults injected into the reminder scheduler, on SQLite and PostgreSQL.

The faults are real ones, made to happen at the worst moment: on SQLite
another connection holds the write lock past the app's busy timeout while a
reminder falls due; on PostgreSQL the backend of the connection the scheduler
is using is killed (``pg_terminate_backend``) between its statements. The
promise: the failing pass is tried again, the reminder due goes out once, the
later ones still go out, and ``/readyz`` and ``/metrics`` say whether the
scheduler really fires.

The APScheduler tests run on real time with reminders a few seconds ahead;
the liveness test moves an injected clock instead.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import metrics
from bot.clock import FixedClock
from bot.ops import Ops
from bot.reminders import (
    ClockDrivenRunner,
    Deliverer,
    ReminderScheduler,
    ReminderService,
    RetryPolicy,
    SqlLedger,
)
from bot.reminders.settings import set_policy
from store import models
from store.agenda import save_meeting
from store.db import transaction
from tests.helpers import ROOT, sample_meeting
from tests.recording_notifier import RecordingNotifier, meeting_at, ny, run_retries

SLUG = "coordination-meeting-2003"
# The app's SQLite connections give up on a lock after this long (5 s in production).
BUSY_TIMEOUT_MS = 300


class Fatal(BaseException):
    """Something no ``except Exception`` catches: it ends the thread it is raised in."""


def _soon(factory: sessionmaker[DBSession], seconds: list[float]) -> list[datetime]:
    """A meeting whose 15-minute reminders fall due ``seconds`` from now, in channel C1."""
    now = datetime.now(UTC)
    starts = [now + timedelta(minutes=15, seconds=s) for s in seconds]
    with transaction(factory) as db:
        save_meeting(db, meeting_at(starts, slug="soon"), author="test")
        db.execute(models.Meeting.__table__.update().values(channel_id="C1"))
        set_policy(db, "soon", "15m")
    return [s - timedelta(minutes=15) for s in starts]


def _statuses(factory: sessionmaker[DBSession]) -> list[str]:
    with factory() as db:
        return list(db.scalars(select(models.ReminderDelivery.status).order_by(models.ReminderDelivery.due_at)))


def _at(moment: datetime) -> None:
    """Wait for a moment of real time (APScheduler knows no other)."""
    threading.Event().wait(max(0.0, (moment - datetime.now(UTC)).total_seconds()))


def _once_on(engine: Engine, thread: str, statement: str, act: Callable[[Any], None]) -> threading.Event:
    """Run ``act(connection)`` before the first statement starting with ``statement`` that
    ``thread`` (a thread name prefix) sends; the returned event is set once it has."""
    done = threading.Event()

    def before(conn, cursor, sql, params, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if done.is_set() or not threading.current_thread().name.startswith(thread):
            return
        if sql.lstrip().upper().startswith(statement):
            done.set()
            act(conn)

    event.listen(engine, "before_cursor_execute", before)
    return done


def _short_busy_timeout(engine: Engine) -> None:
    def pragma(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    event.listen(engine, "connect", pragma)
    engine.dispose()


def _kill_backend(database_url: str) -> Callable[[Any], None]:
    """``pg_terminate_backend`` for the connection about to run a statement, from another one."""
    admin = create_engine(make_url(database_url), isolation_level="AUTOCOMMIT")

    def act(conn: Any) -> None:
        pid = conn.connection.dbapi_connection.info.backend_pid
        with admin.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    return act


@pytest.fixture
def started() -> Iterator[list[ReminderService]]:
    services: list[ReminderService] = []
    yield services
    for service in services:
        service.stop()


def test_a_database_error_at_the_moment_a_reminder_fires_loses_nothing(
    database_url, engine, db_factory, started
) -> None:
    due = _soon(db_factory, [2.5, 6.0])
    notifier = RecordingNotifier()
    if engine.dialect.name == "sqlite":
        _short_busy_timeout(engine)
        lock_from, lock_until = due[0] - timedelta(seconds=0.3), due[0] + timedelta(seconds=2.5)

        def hold_the_write_lock() -> None:
            _at(lock_from)
            other = sqlite3.connect(make_url(database_url).database, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # what a big Confirm does, for longer than busy_timeout
            _at(lock_until)
            other.execute("ROLLBACK")
            other.close()

        fault = threading.Thread(target=hold_the_write_lock)
        fault.start()
        faulted = [fault]
    else:
        # Both the loop's removal of the job that ran and the delivery's claim lose their connection.
        kill = _kill_backend(database_url)
        faulted = [
            _once_on(engine, "APScheduler", "DELETE FROM APSCHEDULER_JOBS", kill),
            _once_on(engine, "", "INSERT INTO REMINDER_DELIVERIES", kill),
        ]
    service = ReminderService(engine, notifier, poll_interval=0.2, retry=RetryPolicy(base=0.1, settle=0.5))
    started.append(service)
    service.start()
    assert service.wait_until_leader(10)
    assert isinstance(service._scheduler, ReminderScheduler)
    assert notifier.wait_for(2, timeout=20), notifier.keys()
    for fault in faulted:
        if isinstance(fault, threading.Thread):
            fault.join(10)
        else:
            assert fault.is_set()  # the fault did happen
    service.deliverer.wait_idle(10)
    assert len(set(notifier.keys())) == len(notifier.keys()) == 2
    assert _statuses(db_factory) == ["sent", "sent"]
    assert service.role() == "leader"
    assert service._scheduler is not None and service._scheduler.loop_alive()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the death we cause
def test_a_firing_loop_that_dies_is_replaced_and_reminders_go_on(engine, db_factory, started) -> None:
    due = _soon(db_factory, [3.0])
    notifier = RecordingNotifier()

    def die(_conn: Any) -> None:
        raise Fatal("the loop's thread ends here")

    # The loop's first look for due jobs after the rebuild ends its thread.
    died = _once_on(engine, "APScheduler", "SELECT", die)
    service = ReminderService(engine, notifier, poll_interval=0.2, lock_retry=0.2)
    started.append(service)
    service.start()
    assert service.wait_until_leader(10)
    first = service._scheduler
    assert died.wait(10)
    assert notifier.wait_for(1, timeout=15)
    assert notifier.posts[0].at >= due[0].timestamp()
    assert service._scheduler is not first  # stepped down and led again with a new loop
    assert service.role() == "leader"
    service.deliverer.wait_idle(10)
    assert _statuses(db_factory) == ["sent"]


def _gauge(name: str) -> float:
    for family in text_string_to_metric_families(metrics.render().decode()):
        for sample in family.samples:
            if sample.name == name:
                return sample.value
    raise AssertionError(f"{name} not in /metrics")


def test_readyz_and_metrics_report_a_stuck_scheduler_from_its_heartbeat(engine, db_factory, started) -> None:
    clock = FixedClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    service = ReminderService(
        engine, RecordingNotifier(), clock=clock, poll_interval=60, stale_after=timedelta(seconds=30)
    )
    started.append(service)
    ops = Ops(engine, slack_configured=lambda: True, reminders_role=service.role)
    stuck, unstick = threading.Event(), threading.Event()

    def hang(_conn: Any) -> None:  # a statement that does not come back (a lock, a dead peer)
        stuck.set()
        unstick.wait(30)

    service.start()
    assert service.wait_until_leader(10)
    status, body = ops.ready()
    assert status.startswith("200") and body["reminders"] == "leader"
    assert _gauge("agendabot_reminder_leader") == 1
    _once_on(engine, "reminder-runner", "SELECT", hang)
    try:
        assert stuck.wait(10)
        clock.advance(timedelta(seconds=31))
        status, body = ops.ready()
        assert status.startswith("503")
        assert body["scheduler"] == "stalled" and body["reminders"] == "stalled"
        assert _gauge("agendabot_reminder_leader") == 0
        assert _gauge("agendabot_reminder_heartbeat_age_seconds") >= 31
    finally:
        unstick.set()


HEALTH_UNDER_RLIMIT = """
import json, resource, signal, sys
from bot.ops import Ops
from store.db import make_engine
engine = make_engine(sys.argv[1])
ops = Ops(engine, slack_configured=lambda: True)
assert ops.health()[0].startswith("200")
with engine.connect() as conn:
    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
# From here on no file of this process may grow: the disk is full.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
print(json.dumps({"health": ops.health(), "ready": ops.ready()}))
"""


def test_health_checks_answer_503_when_the_database_takes_no_writes(database_url, engine) -> None:
    if engine.dialect.name == "sqlite":
        done = subprocess.run(
            [sys.executable, "-c", HEALTH_UNDER_RLIMIT, database_url],
            capture_output=True, text=True, cwd=ROOT, timeout=60, check=True,
        )
        seen = json.loads(done.stdout.strip().splitlines()[-1])
        health, ready = tuple(seen["health"]), tuple(seen["ready"])
    else:
        # PostgreSQL answers SELECT 1 but refuses every write (a full disk, a demoted primary).
        name = make_url(database_url).database
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"ALTER DATABASE {name} SET default_transaction_read_only = on"))
        engine.dispose()
        ops = Ops(engine, slack_configured=lambda: True)
        health, ready = ops.health(), ops.ready()
    assert health[0].startswith("503") and health[1]["database"] != "ok", health
    assert ready[0].startswith("503") and ready[1]["database"] != "ok", ready
    assert ready[1]["migrations"] == "ok"  # it still reads: only the write fails


def test_health_checks_pass_and_write_when_all_is_well(engine) -> None:
    ops = Ops(engine, slack_configured=lambda: True)
    assert ops.health() == ("200 OK", {"ok": True, "database": "ok"})
    first = time.monotonic()
    status, body = ops.ready()
    assert status == "200 OK" and body["database"] == body["scheduler"] == "ok"
    assert time.monotonic() - first < 5
    with engine.connect() as conn:
        holder = conn.execute(
            text("SELECT holder FROM reminder_scheduler_state WHERE name = 'health-probe'")
        ).scalar()
    assert holder == ops.process


def test_a_database_error_after_the_post_is_written_down_later_never_posted_again(
    database_url, engine, db_factory
) -> None:
    with transaction(db_factory) as db:
        save_meeting(db, sample_meeting(), author="test")
        db.execute(models.Meeting.__table__.update().values(channel_id="C1"))
    clock = FixedClock(ny("2003-10-15 09:30"))
    notifier = RecordingNotifier()
    runner = ClockDrivenRunner(Deliverer(db_factory, notifier, SqlLedger(db_factory), clock=clock))
    runner.startup()
    held: list[sqlite3.Connection] = []
    if engine.dialect.name == "sqlite":
        _short_busy_timeout(engine)

        def lock(_conn: Any) -> None:  # another writer takes the database just as we record the post
            other = sqlite3.connect(make_url(database_url).database, isolation_level=None, check_same_thread=False)
            other.execute("BEGIN IMMEDIATE")
            held.append(other)

        act: Callable[[Any], None] = lock
    else:
        act = _kill_backend(database_url)
    struck = _once_on(engine, "reminder-post", "UPDATE REMINDER_DELIVERIES", act)
    try:
        clock.set(ny("2003-10-15 09:45"))
        runner.deliverer.fire(f"{SLUG}/session/2003-10-15-morning-session/15m", ny("2003-10-15 09:45"))
        assert runner.deliverer.wait_settled(10)
        assert struck.is_set() and len(notifier.posts) == 1
        for other in held:
            other.execute("ROLLBACK")
            other.close()
        run_retries(runner.deliverer, clock)
        assert len(notifier.posts) == 1
        assert _statuses(db_factory) == ["sent"]
    finally:
        runner.deliverer.close()
