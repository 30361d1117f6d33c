"""Which part of the agenda /agenda shows, before, during and after the meeting."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.requests.grammar import parse_day
from bot.requests.views import DayPlan, day_plan, resolve_day, upcoming
from tests.helpers import sample_meeting

NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("now", "day", "titles", "intro"),
    [
        (datetime(2003, 10, 1, 9, 0, tzinfo=NY), date(2003, 10, 15), ["Morning session", "Afternoon session"],
         "Next: Wednesday 15 October"),
        (datetime(2003, 10, 14, 20, 0, tzinfo=NY), date(2003, 10, 15), ["Morning session", "Afternoon session"],
         "Tomorrow: Wednesday 15 October"),
        (datetime(2003, 10, 15, 9, 0, tzinfo=NY), date(2003, 10, 15), ["Morning session", "Afternoon session"],
         "Today"),
        (datetime(2003, 10, 15, 14, 0, tzinfo=NY), date(2003, 10, 15), ["Afternoon session"],
         "Today (after 1 earlier session)"),
        (datetime(2003, 10, 15, 18, 30, tzinfo=NY), date(2003, 10, 16), ["Morning session", "Afternoon session"],
         "Tomorrow: Thursday 16 October"),
        # 23:30 in Tokyo is still the morning of the 15th in New York: the meeting's today counts.
        (datetime(2003, 10, 15, 23, 30, tzinfo=ZoneInfo("Asia/Tokyo")), date(2003, 10, 15),
         ["Morning session", "Afternoon session"], "Today"),
    ],
)
def test_upcoming(now: datetime, day: date, titles: list[str], intro: str) -> None:
    plan = upcoming(sample_meeting(), now)
    assert isinstance(plan, DayPlan)
    assert plan.date == day and [s.title for s in plan.sessions] == titles and plan.intro == intro


def test_after_the_meeting_upcoming_says_it_ended() -> None:
    said = upcoming(sample_meeting(), datetime(2003, 10, 20, 9, 0, tzinfo=NY))
    assert said == "Second Coordination Meeting on International Migration ended on Thursday 16 October 2003."


@pytest.mark.parametrize(
    ("text", "expected"),
    [("today", date(2003, 10, 15)), ("tomorrow", date(2003, 10, 16)), ("thursday", date(2003, 10, 16)),
     ("wed", date(2003, 10, 15)), ("16 october", date(2003, 10, 16)), ("2004-10-16", date(2004, 10, 16)),
     ("friday", date(2003, 10, 17))],
)
def test_resolve_day(text: str, expected: date) -> None:
    spec = parse_day(text)
    assert spec is not None
    assert resolve_day(spec, sample_meeting(), datetime(2003, 10, 15, 11, 0, tzinfo=NY)) == expected


def test_a_day_without_sessions_is_a_sentence() -> None:
    said = day_plan(sample_meeting(), date(2003, 10, 17))
    assert said == ("No sessions on Friday 17 October 2003. Second Coordination Meeting on International "
                    "Migration runs Wednesday 15 October – Thursday 16 October 2003.")
    assert parse_day("31 february") is not None
    spec = parse_day("31 february")
    assert spec is not None and resolve_day(spec, sample_meeting(), datetime(2003, 10, 15, tzinfo=NY)) is None
