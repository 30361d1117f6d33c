"""Session identity (Session.key) when a title repeats on a day: two sessions, never one."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.reminders.planner import _session_tokens
from store.diff import diff_meetings
from store.values import Day, Meeting, Session

ZONE = ZoneInfo("Europe/Paris")
DAY = date(2024, 6, 3)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, 3, hour, minute, tzinfo=ZONE)


def meeting(*sessions: Session) -> Meeting:
    return Meeting("m", "Meeting", "Europe/Paris", DAY, DAY, days=(Day(DAY, sessions),))


def coffee(hour: int, minute: int = 0) -> Session:
    return Session("Coffee break", DAY, at(hour, minute), at(hour, minute + 15))


def test_a_repeated_title_counts_its_occurrence_into_the_key_as_the_old_suffix_did() -> None:
    first, second = meeting(coffee(10, 30), coffee(15, 30)).sessions
    assert first.key == "2024-06-03|coffee break|"
    # The same key a page's "Coffee break (2)" had, so meetings imported then keep theirs.
    assert second.key == Session("Coffee break (2)", DAY).key


def test_a_day_rebuilt_from_its_sessions_numbers_them_again() -> None:
    day = Day(DAY, (coffee(10, 30), coffee(15, 30)))
    rebuilt = dataclasses.replace(day, sessions=day.sessions[1:])
    assert [s.key for s in rebuilt.sessions] == ["2024-06-03|coffee break|"]


def test_a_second_session_of_one_name_added_is_an_addition_not_a_move() -> None:
    changes = diff_meetings(meeting(coffee(10, 30)), meeting(coffee(10, 30), coffee(15, 30)))
    assert [c.kind for c in changes] == ["session_added"]


def test_moving_a_repeated_session_in_time_keeps_its_identity() -> None:
    before = meeting(coffee(10, 30), coffee(15, 30))
    after = meeting(coffee(10, 30), coffee(16, 0))
    assert [s.key for s in before.sessions] == [s.key for s in after.sessions]


def test_reminder_tokens_keep_the_first_and_tell_the_second_apart() -> None:
    first, second = meeting(coffee(10, 30), coffee(15, 30)).sessions
    tokens = _session_tokens([first, second])
    assert tokens == {
        first.key: "2024-06-03-coffee-break",
        second.key: "2024-06-03-coffee-break-2",
    }
