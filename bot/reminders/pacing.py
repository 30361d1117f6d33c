"""Pacing: how fast reminders may go out, and when a crowd of them must start.

Slack's published limits for posting (the Web API rate-limit guide and the
chat.postMessage page) are about one message a second in any one channel,
with short bursts tolerated, and an app-wide cap on posting described only as
"several hundred messages per minute". A DM is a channel of its own, so eight
room reminders due at the same instant in one channel need eight seconds,
while a thousand personal DMs are bounded by the app-wide cap alone.

``Pacer`` books a moment for each post (GCRA: a theoretical arrival time per
key), so a burst is queued, not refused. ``send_slots`` plans a crowd ahead:
working back from their due times at the app-wide rate, the moment each
reminder must be handed to the pacer for none to be late.

The pacer keeps its own time (``PaceClock``): Slack counts in real seconds,
whatever clock the reminders run on (a test's fixed clock must not hold a
post for ever, and an accelerated benchmark speeds the pacer and the fake
Slack up together).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Rate:
    """``per_second`` sustained; ``burst`` posts may go at once before the pace applies."""

    per_second: float
    burst: int = 1

    @property
    def interval(self) -> float:
        return 1.0 / self.per_second


# One message a second per channel (Slack's documented pace). No burst of our own: the
# tolerance Slack has for bursts is left as margin for network jitter.
PER_CHANNEL = Rate(1.0)
# 300 a minute app-wide: the bottom of "several hundred per minute", which leaves the rest of
# Slack's cap to answers, announcements and Homes. 5,000 DMs take 17 minutes at this pace,
# inside REMINDER_LOOKAHEAD (below).
OVERALL = Rate(5.0, burst=5)
# How far ahead of its due time a crowded reminder may be sent. A reminder is composed when
# it is posted ("starts in 31 minutes"), so an early one is never wrong, only early; 30 minutes
# at OVERALL's pace covers 9,000 reminders due in the same minute.
REMINDER_LOOKAHEAD = timedelta(minutes=30)


class PaceClock:
    """Monotonic seconds (times ``speed``) as datetimes, for the delivery timer to wait on."""

    def __init__(self, speed: float = 1.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.speed = speed
        self._monotonic = monotonic
        self._origin = monotonic()

    def seconds(self) -> float:
        return (self._monotonic() - self._origin) * self.speed

    def now(self) -> datetime:
        return EPOCH + timedelta(seconds=self.seconds())

    def real_seconds_until(self, moment: datetime) -> float:
        return (moment - self.now()).total_seconds() / self.speed


class Pacer:
    """Books posting moments: at most ``per_key`` per destination and ``overall`` in all."""

    def __init__(self, per_key: Rate = PER_CHANNEL, overall: Rate | None = OVERALL,
                 clock: PaceClock | None = None) -> None:
        self.per_key = per_key
        self.overall = overall
        self.clock = clock or PaceClock()
        self._tat: dict[str, float] = {}  # key -> theoretical arrival time of its next post
        self._overall_tat = 0.0
        self._lock = threading.Lock()
        self._booked = 0

    def reserve(self, key: str) -> float:
        """Book the earliest moment a post to ``key`` may go; seconds (of the pace clock) to wait."""
        with self._lock:
            now = self.clock.seconds()
            at = _earliest(self._tat.get(key, now), now, self.per_key)
            if self.overall is not None:
                at = max(at, _earliest(self._overall_tat, now, self.overall))
                self._overall_tat = max(self._overall_tat, at) + self.overall.interval
            self._tat[key] = max(self._tat.get(key, at), at) + self.per_key.interval
            self._booked += 1
            if self._booked % 1000 == 0:
                self._forget_idle(now)
            return at - now

    def _forget_idle(self, now: float) -> None:
        # A key whose next slot is already past has nothing to remember (thousands of DMs).
        for key in [k for k, tat in self._tat.items() if tat <= now]:
            del self._tat[key]


def _earliest(tat: float, now: float, rate: Rate) -> float:
    """GCRA: a post may go ``burst - 1`` intervals before the key's theoretical arrival time."""
    return max(now, tat - (rate.burst - 1) * rate.interval)


def send_slots(due: Iterable[tuple[str, datetime]], rate: Rate) -> dict[str, datetime]:
    """When each reminder must start so that, sent ``rate.per_second`` at a time, none is late.

    Worked backwards from the latest due time ("as late as possible"): the last one starts
    at its due time, each earlier one an interval before the next or at its own due time,
    whichever comes first. Ties keep the order given. A crowd bigger than its window starts
    early; a light load starts every reminder at its due time.
    """
    order = sorted(due, key=lambda kd: kd[1], reverse=True)
    step = timedelta(seconds=rate.interval)
    slots: dict[str, datetime] = {}
    previous: datetime | None = None
    for key, at in order:
        slot = at if previous is None else min(at, previous - step)
        slots[key] = slot
        previous = slot
    return slots
