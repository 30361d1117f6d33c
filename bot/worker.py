"""One background thread that does one job over and over: every polling loop of the bot.

A ``Worker`` runs ``step`` in a named daemon thread. The next pass comes after
the pause ``step`` returns (``None``: the usual ``every`` seconds), sooner when
someone calls ``wake()``, and never once ``stop()`` was called. A pass that
raises is logged and tried again after ``retry`` seconds: nothing but ``stop()``
ends the thread, because a loop that dies silently (reminders no longer fired,
schedules no longer followed) is the failure nobody notices.

Every pass is reported to a ``Heartbeat`` read on the injected clock, so a
supervisor (the reminder service, and through it /readyz and /metrics) can tell
a live loop from a stuck one with ``Heartbeat.trouble`` and replace it.

Tests drive ``run_once()`` with a FixedClock instead of waiting for the thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.clock import Clock, SystemClock

_log = logging.getLogger(__name__)


class Heartbeat:
    """When a loop last finished a pass, on the loop's clock, and how the last one ended."""

    def __init__(self, clock: Clock, what: str = "the loop") -> None:
        self.clock = clock
        self.what = what  # how ``trouble`` names the loop to an operator
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

    def trouble(self, stale_after: timedelta) -> str:
        """Why the loop should be replaced ("" while it passes often enough)."""
        age = self.age()
        if age is not None and age <= stale_after:
            return ""
        why = f"no pass of {self.what} for {int(age.total_seconds()) if age else 0} s"
        if self.last_error:
            why += f"; last error: {self.last_error}"
        return why


class Worker:
    """A named thread running ``step`` until stopped; see the module docstring."""

    def __init__(
        self,
        name: str,
        step: Callable[[], float | None],
        *,
        every: float,
        retry: float | None = None,
        wait_first: bool = False,
        clock: Clock | None = None,
        heartbeat: Heartbeat | None = None,
        failure: str = "a pass failed; trying again",
        logger: logging.Logger | None = None,
    ) -> None:
        if every < 0 or (retry is not None and retry < 0):
            raise ValueError("a worker's pauses cannot be negative")
        self.name = name
        self.step = step
        self.every = every
        self.retry = every if retry is None else retry
        self.wait_first = wait_first  # the first pass comes after one pause, not at start
        self.heartbeat = heartbeat or Heartbeat(clock or SystemClock(), name)
        self.failure = failure
        self.log = logger or _log
        self._stopping = threading.Event()
        self._wakeup = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> float:
        """One pass, reported to the heartbeat; the pause (seconds) before the next."""
        try:
            pause = self.step()
        except Exception as exc:
            self.log.exception("%s: %s", self.name, self.failure)
            self.heartbeat.failed(exc)
            return self.retry
        self.heartbeat.beat()
        return self.every if pause is None else max(0.0, pause)

    def start(self) -> None:
        if self.alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Cut the current pause short: something the next pass should see has happened."""
        self._wakeup.set()

    def alive(self) -> bool:
        """Whether the thread runs (not whether it is healthy: ask the heartbeat)."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._wakeup.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:
        pause = self.every if self.wait_first else 0.0
        while not self._stopping.is_set():
            if pause > 0:
                self._wakeup.wait(pause)
                self._wakeup.clear()
                if self._stopping.is_set():
                    return
            pause = self.run_once()
