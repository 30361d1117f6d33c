"""Rules the fifth held-out round of real pages taught the text pipeline."""

from __future__ import annotations

from datetime import date

from store.importers import text as text_importer
from store.importers.text.dates import parse_day_header
from store.importers.text.times import parse_time_prefix
from store.values import ImportResult, Meeting


def parse(*lines: str) -> ImportResult:
    return text_importer.parse("\n".join(lines), source="page.txt")


def rows(meeting: Meeting) -> list[tuple[str, str, str, str]]:
    return [
        (
            s.title,
            s.starts_at.strftime("%H:%M") if s.starts_at else "",
            s.ends_at.strftime("%H:%M") if s.ends_at else "",
            s.room,
        )
        for s in meeting.sessions
    ]


def test_a_meridiem_glued_to_its_title_is_split_off() -> None:
    found = parse_time_prefix("04:00pmArrivals and check-in")
    assert found is not None
    assert (found.start, found.rest) == ((16, 0), "Arrivals and check-in")


def test_a_day_label_with_its_date_in_brackets_is_a_day_header() -> None:
    header = parse_day_header("Reporting Day (30th June 2016)")
    assert header is not None and header.date is not None
    assert header.date.resolve() == date(2016, 6, 30)


def test_the_meetings_own_name_over_its_rows_and_page_buttons_are_not_sessions() -> None:
    result = parse(
        "Share",
        "Meeting of the Parliamentary Network",
        "Paris, 14 February 2019",
        "Thursday 14 February 2019",
        "Meeting of the Parliamentary Network",
        "Chair: Ana Ruiz, Director, OECD",
        "08.30",
        "Arrival and coffee",
        "09.00 - 10.00",
        "A conversation with the Secretary-General",
    )
    assert result.meeting.title == "Meeting of the Parliamentary Network"
    assert [r[:3] for r in rows(result.meeting)] == [
        ("Arrival and coffee", "08:30", "09:00"),
        ("A conversation with the Secretary-General", "09:00", "10:00"),
    ]


def test_half_day_labels_and_hours_with_a_proviso_time_the_meeting_under_them() -> None:
    result = parse(
        "Council, Rome, 16-18 November 2005",
        "Thursday, 17 November 2005",
        "MORNING",
        "(09.30-12.30 hours)",
        "THIRD PLENARY MEETING",
        "RED ROOM",
        "Item 4 Programme of Work and Budget",
        "AFTERNOON",
        "(14.30- 17.30 hours",
        "or later, if required)",
        "FIFTH PLENARY MEETING",
        "Item 12 Any Other Matters",
    )
    assert rows(result.meeting) == [
        ("THIRD PLENARY MEETING", "09:30", "12:30", "RED ROOM"),
        ("FIFTH PLENARY MEETING", "14:30", "17:30", ""),
    ]
