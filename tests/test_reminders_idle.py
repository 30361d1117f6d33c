"""An idle pass of the reminder scheduler writes nothing.

On SQLite every write statement takes the database's one write lock, the lock the
event ledger's claims (made before each answer) wait on. The leader's supervision
pass runs every two seconds, so when nothing changed and nothing is due it must
read at most, and the watermark is written at most once a minute.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.clock import FixedClock, SystemClock
from bot.reminders import ClockDrivenRunner, Deliverer, ReminderScheduler, SqlLedger
from bot.reminders.pacing import Pacer
from bot.reminders.planner import Target
from bot.reminders.settings import add_subscription
from store.agenda import save_meeting
from store.db import transaction
from store.values import Meeting
from tests.recording_notifier import RecordingNotifier, meeting_at

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def writes(engine: Engine) -> Iterator[list[str]]:
    """Every write statement the app's engine sends from now on."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(" ".join(statement.split())[:80])

    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


def _tomorrow(factory: sessionmaker[DBSession], now: datetime, slug: str = "tomorrow",
              ahead: timedelta = timedelta(days=1)) -> Meeting:
    day = now.replace(microsecond=0) + ahead
    meeting = meeting_at([day + timedelta(hours=h) for h in range(3)], slug=slug)
    with transaction(factory) as db:
        save_meeting(db, meeting, author="test")
        db.execute(text("UPDATE meetings SET channel_id = 'C1'"))
    return meeting


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement the app's engine sends from now on on this thread (not APScheduler's loop)."""
    seen: list[str] = []
    mine = threading.get_ident()

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if threading.get_ident() == mine:
            seen.append(" ".join(statement.split())[:80])

    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


def _idle_tick_statements(engine: Engine, factory: sessionmaker[DBSession], seen: list[str]) -> int:
    deliverer = Deliverer(factory, RecordingNotifier(), SqlLedger(factory), clock=SystemClock(), pacer=Pacer())
    scheduler = ReminderScheduler(engine, deliverer)
    try:
        scheduler.start()
        scheduler.tick()
        seen.clear()
        assert scheduler.tick() == {}
        return len(seen)
    finally:
        scheduler.shutdown(wait=False)
        deliverer.close(wait=False)


def test_an_idle_pass_reads_the_same_few_rows_however_many_meetings_are_under_way(
    engine, db_factory, statements
) -> None:
    now = datetime.now(UTC)
    _tomorrow(db_factory, now, "first", ahead=timedelta(minutes=20))
    alone = _idle_tick_statements(engine, db_factory, statements)
    for n in range(5):
        _tomorrow(db_factory, now, f"more-{n}", ahead=timedelta(minutes=20 + n))
    assert _idle_tick_statements(engine, db_factory, statements) == alone <= 2


def test_an_idle_pass_of_the_production_scheduler_writes_nothing(engine, db_factory, writes) -> None:
    meeting = _tomorrow(db_factory, datetime.now(UTC))
    deliverer = Deliverer(db_factory, RecordingNotifier(), SqlLedger(db_factory), clock=SystemClock(), pacer=Pacer())
    scheduler = ReminderScheduler(engine, deliverer)
    try:
        scheduler.start()
        assert writes, "the start writes the jobs and the watermark"
        writes.clear()
        for _ in range(3):
            assert scheduler.tick() == {}
        assert writes == []

        # Something new is picked up by the next pass (and written): the listener sees writes.
        with transaction(db_factory) as db:
            add_subscription(db, "tomorrow", "U7", Target.for_session(meeting.sessions[0]), 15)
        writes.clear()
        assert "tomorrow" in scheduler.tick()
        assert writes
    finally:
        scheduler.shutdown(wait=False)
        deliverer.close(wait=False)


def test_the_watermark_is_written_once_a_minute_not_every_pass(db_factory, writes) -> None:
    clock = FixedClock(datetime.now(UTC))
    _tomorrow(db_factory, clock.now())
    deliverer = Deliverer(db_factory, RecordingNotifier(), SqlLedger(db_factory), clock=clock)
    runner = ClockDrivenRunner(deliverer)
    try:
        runner.start()
        start = deliverer.ledger.watermark()
        writes.clear()
        for _ in range(29):  # a minute of two-second passes, nothing due
            clock.advance(timedelta(seconds=2))
            assert runner.run_due() == {}
        assert writes == [] and deliverer.ledger.watermark() == start
        clock.advance(timedelta(seconds=2))
        runner.run_due()
        assert len(writes) == 1 and writes[0].startswith("UPDATE reminder_scheduler_state")
        assert deliverer.ledger.watermark() == clock.now()
    finally:
        runner.stop()
        deliverer.close(wait=False)
