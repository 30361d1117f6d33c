"""How times read: the meeting's zone, and the reader's when it differs."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.timefmt import span, when, zone_label

NY = ZoneInfo("America/New_York")


def test_one_zone_reads_as_a_plain_clock():
    assert when(datetime(2003, 10, 16, 15, 0, tzinfo=NY), "America/New_York") == "15:00"


def test_the_readers_zone_is_added_when_it_differs():
    moment = datetime(2003, 10, 16, 15, 0, tzinfo=NY)
    assert when(moment, "America/New_York", "Europe/Paris") == "15:00 New York time (21:00 your time)"


def test_a_reader_on_the_same_offset_gets_no_second_time():
    moment = datetime(2003, 10, 16, 15, 0, tzinfo=NY)
    assert when(moment, "America/New_York", "America/Toronto") == "15:00"


def test_a_reader_past_midnight_is_told_the_day():
    moment = datetime(2003, 10, 16, 15, 0, tzinfo=NY)
    assert when(moment, "America/New_York", "Asia/Tokyo") == "15:00 New York time (Fri 04:00 your time)"


def test_spans_carry_both_zones():
    start = datetime(2003, 10, 16, 10, 0, tzinfo=NY)
    end = datetime(2003, 10, 16, 13, 0, tzinfo=NY)
    assert span(start, end, "America/New_York", "Europe/London") == (
        "10:00–13:00 New York time (15:00–18:00 your time)"
    )
    assert span(None, None, "America/New_York") == "time to be announced"


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("America/New_York", "New York"),
        ("Europe/Zurich", "Swiss"),
        ("Etc/GMT-1", "UTC+1"),
        ("Etc/GMT+5", "UTC-5"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
    ],
)
def test_zones_are_named_the_way_participants_say_them(zone, label):
    assert zone_label(zone) == label


def test_a_meeting_s_stated_dates_are_written_as_a_secretariat_writes_them() -> None:
    from datetime import date

    from bot.timefmt import date_range

    assert date_range(date(2003, 10, 15), date(2003, 10, 16)) == "15–16 October 2003"
    assert date_range(date(2026, 9, 30), date(2026, 10, 2)) == "30 September – 2 October 2026"
    assert date_range(date(2026, 12, 30), date(2027, 1, 2)) == "30 December 2026 – 2 January 2027"
    assert date_range(date(2026, 5, 9), date(2026, 5, 9)) == "9 May 2026"
