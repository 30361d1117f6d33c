"""Clock times in one place (store.importers.text.times)."""

from __future__ import annotations

import pytest

from store.importers.text.problems import PatternError
from store.importers.text.times import parse_time_prefix, split_trailing_time


@pytest.mark.parametrize(
    ("line", "start", "end", "rest"),
    [
        ("10:00 \u2013 13:00", (10, 0), (13, 0), ""),
        ("10 a.m.\u20131 p.m.", (10, 0), (13, 0), ""),
        ("9.30\u201310am", (9, 30), (10, 0), ""),
        ("10.30am - 1pm", (10, 30), (13, 0), ""),
        ("10.00-13.00", (10, 0), (13, 0), ""),
        ("10h00", (10, 0), None, ""),
        ("0845-0900:", (8, 45), (9, 0), ""),
        ("1530  1600", (15, 30), (16, 0), ""),
        ("1530 1600", (15, 30), (16, 0), ""),
        ("10.00 hrs Item 1", (10, 0), None, "Item 1"),
        (
            "11 a.m. \u2013 1 p.m. 2. Adoption of the agenda",
            (11, 0),
            (13, 0),
            "2. Adoption of the agenda",
        ),
    ],
)
def test_time_forms(
    line: str, start: tuple[int, int], end: tuple[int, int] | None, rest: str
) -> None:
    found = parse_time_prefix(" ".join(line.split()))
    assert found is not None
    assert (found.start, found.end, found.rest) == (start, end, rest)


@pytest.mark.parametrize("line", ["2019-2020 work programme", "4.10 Data sources", "2023 report"])
def test_years_and_section_numbers_are_not_times(line: str) -> None:
    assert parse_time_prefix(line) is None


def test_a_range_into_the_afternoon_on_a_twelve_hour_clock() -> None:
    found = parse_time_prefix("11:00 - 1:00")
    assert found is not None and (found.start, found.end) == ((11, 0), (13, 0))


@pytest.mark.parametrize("line", ["13:00 - 10:00", "10:00 - 09:00"])
def test_a_range_that_ends_before_it_starts_is_still_an_error(line: str) -> None:
    with pytest.raises(PatternError):
        parse_time_prefix(line)


@pytest.mark.parametrize(
    ("line", "title", "start", "end"),
    [
        ("Morning (10.00 - 13.00 hours)", "Morning", (10, 0), (13, 0)),
        ("Afternoon (14.30- 17.30 hours or later if required)", "Afternoon", (14, 30), (17, 30)),
        ("Plenary (9.30 to 12.30, Room IV)", "Plenary (Room IV)", (9, 30), (12, 30)),
        (
            "Session 1 (09:00-10:30): Setting the scene",
            "Session 1: Setting the scene",
            (9, 0),
            (10, 30),
        ),
    ],
)
def test_a_range_in_brackets_ending_a_heading_is_its_time_whatever_follows_it(
    line: str, title: str, start: tuple[int, int], end: tuple[int, int]
) -> None:
    found_title, found = split_trailing_time(line)
    assert found_title == title
    assert found is not None and (found.start, found.end) == (start, end)


def test_hours_after_a_clock_is_a_time_but_a_number_of_hours_is_a_duration() -> None:
    found = parse_time_prefix("10.00 hours Opening")
    assert found is not None and found.start == (10, 0) and found.rest == "Opening"
    assert parse_time_prefix("2 hours of discussion") is None


@pytest.mark.parametrize(
    ("line", "start", "end", "rest"),
    [
        ("h. 8.30-10.00 Registration", (8, 30), (10, 0), "Registration"),
        ("h. 14.30", (14, 30), None, ""),
        ("ore 9.30 Apertura", (9, 30), None, "Apertura"),
    ],
)
def test_a_word_for_the_hour_before_a_clock_makes_it_one(
    line: str, start: tuple[int, int], end: tuple[int, int] | None, rest: str
) -> None:
    found = parse_time_prefix(line)
    assert found is not None and (found.start, found.end, found.rest) == (start, end, rest)
