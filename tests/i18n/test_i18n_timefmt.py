"""Days and times in the participant's language, by Babel (bot/timefmt.py)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.timefmt import (
    day_and_span,
    day_label,
    localized_date,
    localized_day,
    localized_span,
    localized_time,
)

NY = ZoneInfo("America/New_York")
START, END = datetime(2003, 10, 16, 15, 0, tzinfo=NY), datetime(2003, 10, 16, 18, 0, tzinfo=NY)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "jeudi 16 octobre, 15 h – 18 h"),
        ("es", "jueves 16 de octubre, 15:00–18:00"),
        ("en", "Thursday 16 October, 15:00–18:00"),
    ],
)
def test_a_session_reads_as_the_language_writes_it(language: str, expected: str) -> None:
    assert day_and_span(START, END, "America/New_York", language) == expected


def test_the_times_are_the_meetings_whatever_the_servers_zone() -> None:
    utc_start = START.astimezone(ZoneInfo("UTC"))
    assert localized_span(utc_start, None, "America/New_York", "fr") == "15 h"


def test_french_minutes_follow_the_hour() -> None:
    assert localized_time(time(9, 5), "fr") == "9 h 05"
    assert localized_time(time(9, 5), "es") == "09:05"


def test_dates_with_their_year() -> None:
    day = date(2003, 10, 16)
    assert localized_date(day, "fr") == "16 octobre 2003"
    assert localized_date(day, "es") == "16 de octubre de 2003"
    assert localized_date(day, "en") == "16 October 2003"


def test_english_and_unknown_languages_read_as_before() -> None:
    day = date(2003, 10, 16)
    assert localized_day(day, "en") == localized_day(day, "de") == day_label(day) == "Thursday 16 October"
