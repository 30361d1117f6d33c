"""Time as the bot sees it: real, fixed, or running from a chosen moment at a chosen speed.

Everything that asks "what time is it?" takes a Clock, so tests and the
console can pretend to be the morning of a meeting without sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """Stands still until told to move."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> None:
        self._at += delta

    def set(self, at: datetime) -> None:
        self._at = at


class AcceleratedClock:
    """Starts at ``start`` and runs ``speed`` times faster than the wall clock."""

    def __init__(self, start: datetime, speed: float = 1.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        if start.tzinfo is None:
            raise ValueError("AcceleratedClock needs an aware datetime")
        self._start = start
        self._speed = speed
        self._monotonic = monotonic
        self._origin = monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=(self._monotonic() - self._origin) * self._speed)

    def real_seconds_until(self, moment: datetime) -> float:
        """How long to wait on the wall clock for this clock to reach ``moment``."""
        return max(0.0, (moment - self.now()).total_seconds() / self._speed)


def parse_moment(text: str, default_zone: str = "UTC") -> datetime:
    """An ISO 8601 moment; without an offset it is read in ``default_zone``."""
    from zoneinfo import ZoneInfo

    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(default_zone))
