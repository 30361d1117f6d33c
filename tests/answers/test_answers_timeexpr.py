from __future__ import annotations

import dataclasses
from datetime import date, datetime, time

import pytest

from bot.answers.normalize import normalize
from bot.answers.timeexpr import TimeRef, parse_time
from store.values import Meeting

DURING = datetime.fromisoformat("2003-10-15T11:00:00-04:00")
BEFORE = datetime.fromisoformat("2003-10-01T09:00:00-04:00")


def ref(meeting: Meeting, text: str, now: datetime = DURING) -> TimeRef:
    return parse_time(normalize(text), meeting, now)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what's on today", date(2003, 10, 15)),
        ("tomorrow", date(2003, 10, 16)),
        ("yesterday", date(2003, 10, 14)),
        ("the day after tomorrow", date(2003, 10, 17)),
        ("Thursday's agenda", date(2003, 10, 16)),
        ("anything on friday", date(2003, 10, 17)),
        ("16 October", date(2003, 10, 16)),
        ("October 16", date(2003, 10, 16)),
        ("the 16th of oct", date(2003, 10, 16)),
        ("what happens on the 16th", date(2003, 10, 16)),
        ("2003-10-16", date(2003, 10, 16)),
        ("day 2", date(2003, 10, 16)),
        ("the first day", date(2003, 10, 15)),
        ("last day", date(2003, 10, 16)),
    ],
)
def test_days_during_the_meeting(sample: Meeting, text: str, expected: date) -> None:
    assert ref(sample, text).day == expected


def test_a_weekday_before_the_meeting_is_the_meeting_week(sample: Meeting) -> None:
    assert ref(sample, "is there anything on Friday?", BEFORE).day == date(2003, 10, 17)
    assert ref(sample, "wednesday", BEFORE).day == date(2003, 10, 15)
    # relative words stay relative to now
    assert ref(sample, "tomorrow", BEFORE).day == date(2003, 10, 2)


def test_parts_of_the_day(sample: Meeting) -> None:
    assert ref(sample, "tomorrow morning").part == "morning"
    assert ref(sample, "this afternoon").day == date(2003, 10, 15)
    assert ref(sample, "anything tonight?").part == "evening"
    assert ref(sample, "what's after lunch").after_lunch


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what's at 3pm", time(15, 0)),
        ("at 3 p.m.", time(15, 0)),
        ("15:00", time(15, 0)),
        ("at 3:30", time(15, 30)),
        ("at 3 o'clock", time(15, 0)),
        ("what's on at 10", time(10, 0)),
        ("at 11am", time(11, 0)),
        ("around noon", time(12, 0)),
        ("12 pm", time(12, 0)),
    ],
)
def test_clock_times(sample: Meeting, text: str, expected: time) -> None:
    assert ref(sample, text).clock == expected


def test_item_numbers_and_days_are_not_clock_times(sample: Meeting) -> None:
    assert ref(sample, "what is item 3").clock is None
    assert ref(sample, "day 2").clock is None


def test_now_next_lunch_and_breaks(sample: Meeting) -> None:
    assert ref(sample, "what's happening now?").now
    assert ref(sample, "what's next?").next
    assert ref(sample, "and after that?").next
    assert not ref(sample, "next friday").next
    assert ref(sample, "when is lunch").lunch
    assert ref(sample, "coffee break?").pause
    assert not ref(sample, "what is item IX")


def test_the_first_talk_of_a_one_day_meeting_is_on_its_only_day(sample: Meeting) -> None:
    one_day = dataclasses.replace(sample, end_date=sample.start_date)
    first = ref(one_day, "what is the first talk")
    assert (first.day, first.position) == (sample.start_date, "first")
    # Over several days "the first talk" names no day, and no position is read.
    assert ref(sample, "what is the first talk").position == ""


@pytest.mark.parametrize("text", ["what's after?", "what comes after?", "and afterwards?", "¿qué viene después?"])
def test_after_with_nothing_after_it_asks_what_is_next(sample: Meeting, text: str) -> None:
    assert ref(sample, text).next


@pytest.mark.parametrize("text", ["what happens after lunch?", "what is on after item V?"])
def test_after_something_is_not_simply_next(sample: Meeting, text: str) -> None:
    assert not ref(sample, text).next
