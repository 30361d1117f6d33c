"""Send slots for a crowd of reminders: who must start early so that all go out on time.

The pacer lets only so many posts go per second, app-wide and per channel. For
the reminders due within the look-ahead, ``earliest_slots`` works back from
their due times to the moment each must be sent; the deliverer's ``fire_ahead``
starts those whose slot has come.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.reminders.pacing import Pacer
from bot.reminders.planner import PlanInputs, PlannedReminder
from bot.reminders.settings import Fingerprint

# The scheduler's loop passes about every 2 s: a slot is taken up to this long before it comes.
AHEAD_PASS = timedelta(seconds=3)
# Plan a crowd a little slower than the pacer lets it go, so that retries and other posts
# sharing the pace do not push the last of it past its due time.
_AHEAD_MARGIN = 0.9
# And aim to be done this much (seconds) before the due time: a database or network stall at
# the end of a crowd must not make its last reminders late.
_CROWD_SAFETY = 10.0


@dataclass(frozen=True)
class Upcoming:
    due: float  # UTC timestamp
    channel: str  # the destination's code: one pace per channel
    reminder: PlannedReminder
    inputs: PlanInputs


@dataclass(frozen=True)
class Timeline:
    """A plan's routed reminders sorted by due time, for the look-ahead to slice."""

    fingerprint: Fingerprint
    dues: list[float]
    entries: list[Upcoming]

    @classmethod
    def of(cls, fingerprint: Fingerprint, inputs: PlanInputs, reminders: Iterable[PlannedReminder]) -> Timeline:
        entries = sorted((Upcoming(r.due_utc.timestamp(), r.destination.code, r, inputs)
                          for r in reminders if r.destination.routed), key=lambda u: u.due)
        return cls(fingerprint, [u.due for u in entries], entries)

    def between(self, lo: float, hi: float) -> list[Upcoming]:
        """Those due in (lo, hi]."""
        return self.entries[bisect.bisect_right(self.dues, lo):bisect.bisect_right(self.dues, hi)]


def backwards(dues: Sequence[float], interval: float) -> tuple[list[float], list[bool]]:
    """``send_slots`` in seconds, for dues already sorted: each slot an interval before the next
    or at its own due time. Also which ones are in a crowd: moved ahead by a later one, or the
    later one that moved its predecessor (the crowd's last, which goes with it)."""
    n = len(dues)
    slots = [0.0] * n
    moved = [False] * n
    following = float("inf")
    for i in range(n - 1, -1, -1):
        pushed = following - interval
        moved[i] = pushed < dues[i]
        following = slots[i] = pushed if moved[i] else dues[i]
    crowded = [moved[i] or (i > 0 and moved[i - 1]) for i in range(n)]
    return slots, crowded


def earliest_slots(window: list[Upcoming], pacer: Pacer) -> tuple[list[float], list[bool]]:
    """For each reminder (sorted by due), the earlier of its app-wide and per-channel send slot,
    aiming a crowd ``_CROWD_SAFETY`` ahead of its due times; and whether it is in a crowd."""
    dues = [u.due - _CROWD_SAFETY for u in window]
    if pacer.overall is not None:
        slots, crowded = backwards(dues, 1 / (pacer.overall.per_second * _AHEAD_MARGIN))
    else:
        slots, crowded = list(dues), [False] * len(dues)
    by_channel: dict[str, list[int]] = {}
    for i, u in enumerate(window):
        by_channel.setdefault(u.channel, []).append(i)
    interval = 1 / (pacer.per_key.per_second * _AHEAD_MARGIN)
    for indices in by_channel.values():
        if len(indices) > 1:
            chain, in_crowd = backwards([dues[i] for i in indices], interval)
            for i, slot, crowd in zip(indices, chain, in_crowd, strict=True):
                slots[i] = min(slots[i], slot)
                crowded[i] = crowded[i] or crowd
    return slots, crowded
