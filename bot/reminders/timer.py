"""Callbacks run when a clock reaches their moment: the deliverer's retries and paced posts.

The timer runs on the clock it is given: an accelerated clock speeds retries up,
and a test's fixed clock holds them until the test moves it.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.clock import Clock, SystemClock
from bot.worker import Worker

log = logging.getLogger(__name__)

# A clock that only moves when told (a test's FixedClock) is looked at this often.
_POLL = 0.01
# The timer looks at its clock at least this often (seconds), even with nothing due.
_LONGEST_WAIT = 5.0


class Timer:
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
