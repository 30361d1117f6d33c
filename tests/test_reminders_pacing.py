"""The pacer's arithmetic: booked moments per channel and in all, and a crowd's send slots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.reminders.ahead import backwards
from bot.reminders.pacing import PaceClock, Pacer, Rate, send_slots

T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Ticker:
    """Monotonic seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_to_one_channel_is_queued_a_second_apart() -> None:
    pacer = Pacer(Rate(1.0), overall=None, clock=PaceClock(monotonic=Ticker()))
    assert [pacer.reserve("channel:C1") for _ in range(4)] == [0.0, 1.0, 2.0, 3.0]
    assert pacer.reserve("channel:C2") == 0.0  # another channel has its own pace


def test_the_overall_pace_binds_many_dms_and_allows_its_burst() -> None:
    pacer = Pacer(Rate(1.0), overall=Rate(5.0, burst=5), clock=PaceClock(monotonic=Ticker()))
    waits = [pacer.reserve(f"dm:U{n}") for n in range(8)]
    assert waits[:5] == [0.0] * 5
    assert [round(w, 2) for w in waits[5:]] == [0.2, 0.4, 0.6]


def test_time_passing_frees_the_pace() -> None:
    ticker = Ticker()
    pacer = Pacer(Rate(1.0), overall=None, clock=PaceClock(monotonic=ticker))
    pacer.reserve("channel:C1")
    ticker.now += 1.0
    assert pacer.reserve("channel:C1") == 0.0


def test_a_crowd_is_worked_back_from_its_due_time_and_a_light_load_is_not_moved() -> None:
    crowd = send_slots([(f"k{n}", T) for n in range(4)], Rate(2.0))
    assert sorted(crowd.values()) == [T - timedelta(seconds=s) for s in (1.5, 1.0, 0.5, 0.0)]
    spread = send_slots([("a", T), ("b", T + timedelta(minutes=1))], Rate(2.0))
    assert spread == {"a": T, "b": T + timedelta(minutes=1)}


def test_a_crowd_includes_its_last_reminder_and_a_lone_one_is_no_crowd() -> None:
    slots, crowded = backwards([10.0, 10.0, 10.0, 100.0], 1.0)
    assert slots == [8.0, 9.0, 10.0, 100.0]
    assert crowded == [True, True, True, False]
