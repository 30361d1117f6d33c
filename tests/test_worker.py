"""The one polling worker: passes, pauses, errors that do not end it, heartbeat, stop."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FixedClock
from bot.worker import Heartbeat, Worker

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_a_pass_beats_the_heartbeat_on_the_injected_clock_and_pauses_for_the_interval() -> None:
    clock = FixedClock(T0)
    passes: list[datetime] = []
    worker = Worker("counting", lambda: passes.append(clock.now()), every=2.5, clock=clock)

    assert worker.heartbeat.age() is None  # no pass yet
    assert worker.run_once() == 2.5
    clock.advance(timedelta(seconds=7))
    assert passes == [T0]
    assert worker.heartbeat.age() == timedelta(seconds=7)


def test_a_step_may_ask_for_its_own_pause() -> None:
    worker = Worker("eager", lambda: 0.25, every=10, clock=FixedClock(T0))
    assert worker.run_once() == 0.25
    assert Worker("never-negative", lambda: -3.0, every=10).run_once() == 0.0


def test_a_failed_pass_is_recorded_and_retried_after_the_retry_pause() -> None:
    clock = FixedClock(T0)

    def broken() -> None:
        raise OSError("database is locked")

    worker = Worker("failing", broken, every=60, retry=1.5, clock=clock)
    assert worker.run_once() == 1.5
    beat = worker.heartbeat
    assert beat.last_pass is None and beat.failing_since == T0
    assert beat.last_error == "OSError: database is locked"
    clock.advance(timedelta(seconds=31))
    assert beat.trouble(timedelta(seconds=30)) == "no pass of failing for 0 s; last error: OSError: database is locked"


def test_the_heartbeat_is_in_trouble_only_once_passes_stop_for_longer_than_allowed() -> None:
    clock = FixedClock(T0)
    beat = Heartbeat(clock, "the firing loop")
    beat.beat()
    clock.advance(timedelta(seconds=30))
    assert beat.trouble(timedelta(seconds=30)) == ""
    clock.advance(timedelta(seconds=1))
    assert beat.trouble(timedelta(seconds=30)) == "no pass of the firing loop for 31 s"
    beat.beat()
    assert beat.trouble(timedelta(seconds=30)) == ""


def test_the_thread_survives_a_failing_pass_and_stops_when_told() -> None:
    calls: list[int] = []
    second = threading.Event()

    def step() -> float:
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("first pass fails")
        second.set()
        return 3600.0  # the next pass would be an hour away: stop() must not wait for it

    worker = Worker("surviving", step, every=0, retry=0)
    worker.start()
    assert second.wait(5)
    assert worker.alive()
    worker.stop()
    assert not worker.alive()
    assert calls == [0, 1]
    assert worker.heartbeat.last_error == ""  # the good pass cleared the failure


def test_wake_cuts_a_pause_short() -> None:
    passes = threading.Semaphore(0)

    def step() -> float:
        passes.release()
        return 3600.0

    worker = Worker("woken", step, every=3600)
    worker.start()
    try:
        assert passes.acquire(timeout=5)
        worker.wake()
        assert passes.acquire(timeout=5)
    finally:
        worker.stop()


def test_a_worker_that_waits_first_does_nothing_before_its_first_pause() -> None:
    ran = threading.Event()
    worker = Worker("patient", lambda: ran.set(), every=3600, wait_first=True)
    worker.start()
    worker.stop()
    assert not ran.is_set()
    assert not worker.alive()


def test_negative_pauses_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        Worker("bad", lambda: None, every=-1)
