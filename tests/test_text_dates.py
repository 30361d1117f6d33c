"""Dates and day headers as agendas write them (store.importers.text.dates)."""

from __future__ import annotations

from datetime import date

import pytest

from store.importers.text.dates import find_date, parse_date_line, parse_day_header, weekday_only
from store.importers.text.problems import PatternError


def resolved(found_start, found_end) -> tuple[date, date]:  # type: ignore[no-untyped-def]
    return found_start.resolve(found_end.year), found_end.resolve(found_start.year)


@pytest.mark.parametrize(
    ("line", "start", "end", "around"),
    [
        ("Rome, 9 \u2013 13 May 2005", date(2005, 5, 9), date(2005, 5, 13), "Rome,"),
        (
            "20-22 August 2002, Metro Manila, Philippines",
            date(2002, 8, 20),
            date(2002, 8, 22),
            ", Metro Manila, Philippines",
        ),
        ("Saturday and Sunday, 7-8 December 2019", date(2019, 12, 7), date(2019, 12, 8), ""),
        ("New York, 10-14 April 2023", date(2023, 4, 10), date(2023, 4, 14), "New York,"),
        ("27 October 2004 to 28 October 2004", date(2004, 10, 27), date(2004, 10, 28), ""),
        (
            "on Tuesday, 16 October 2012, from 10:00 AM \u2013 1:00 PM",
            date(2012, 10, 16),
            date(2012, 10, 16),
            "on , from 10:00 AM \u2013 1:00 PM",
        ),
    ],
)
def test_meeting_dates_in_the_usual_forms_are_found_with_the_text_around_them(
    line: str, start: date, end: date, around: str
) -> None:
    found = find_date(line)
    assert found is not None
    assert resolved(found.span.start, found.span.end) == (start, end)
    assert " ".join(f"{found.before}{found.after}".split()) == " ".join(around.split())


def test_a_weekday_on_each_end_of_a_range_stays_with_its_date() -> None:
    span = parse_date_line("Saturday and Sunday, 7-8 December 2019")
    assert span is not None
    assert (span.start.weekday, span.end.weekday) == (5, 6)


@pytest.mark.parametrize(
    ("line", "language"),
    [("9 de mayo de 2005", "es"), ("10 avril 2023", "fr"), ("3 June 2024", "en")],
)
def test_month_words_come_from_dateparser_in_several_languages(line: str, language: str) -> None:
    span = parse_date_line(line)
    assert span is not None and span.language == language


@pytest.mark.parametrize(
    ("line", "day", "month", "year", "number", "rest"),
    [
        ("Monday, 10 April", 10, 4, None, None, ""),
        ("9 May", 9, 5, None, None, ""),
        ("Day 2, 20 August 2002 (Tue)", 20, 8, 2002, 2, ""),
        ("Monday 23rd July 01", 23, 7, 2001, None, ""),
        (
            "7 December 2019 \u2013 Saturday \u2013 Capacity-building workshop",
            7,
            12,
            2019,
            None,
            "Capacity-building workshop",
        ),
        ("Tuesday, 29 September | |", 29, 9, None, None, ""),
    ],
)
def test_day_headers_with_or_without_year_weekday_or_a_title_after_them(
    line: str, day: int, month: int, year: int | None, number: int | None, rest: str
) -> None:
    header = parse_day_header(line)
    assert header is not None and header.date is not None
    assert (header.date.day, header.date.month, header.date.year) == (day, month, year)
    assert (header.number, header.rest) == (number, rest)


def test_day_n_alone_is_a_numbered_day_header() -> None:
    header = parse_day_header("DAY 1")
    assert header is not None and (header.date, header.number) == (None, 1)


def test_a_weekday_alone_waits_for_its_date_on_the_next_line() -> None:
    assert weekday_only("MONDAY,") == 0
    assert weekday_only("Monday, 9 May") is None


@pytest.mark.parametrize("line", ["15 May talks resume", "Room 15, May building", "Item 3"])
def test_a_date_inside_other_words_is_no_day_header(line: str) -> None:
    assert parse_day_header(line) is None


def test_an_impossible_day_of_the_month_is_a_pattern_error() -> None:
    with pytest.raises(PatternError):
        parse_date_line("32 May 2024")


def test_a_long_line_is_searched_only_near_its_start() -> None:
    assert find_date("x " * 5000 + "3 June 2024") is None


@pytest.mark.parametrize(
    ("line", "month_day"),
    [("Wednesday, 30th", (30, 2)), ("Friday 1st", (1, 4)), ("THURSDAY 31", (31, 3))],
)
def test_a_weekday_and_a_day_of_the_month_is_a_day_header_whose_month_is_the_meetings(
    line: str, month_day: tuple[int, int]
) -> None:
    header = parse_day_header(line)
    assert header is not None and header.date is None and header.month_day == month_day


@pytest.mark.parametrize("line", ["Friday 1st draft", "Monday 12 people", "Tuesday"])
def test_a_weekday_and_a_number_with_more_words_is_no_day_header(line: str) -> None:
    header = parse_day_header(line)
    assert header is None or header.month_day is None


@pytest.mark.parametrize(
    "line", ["Deadline for documents: 15 April 2005", "Updated on: 10 October 2018"]
)
def test_a_date_under_a_label_that_names_no_day_is_no_day_header(line: str) -> None:
    assert parse_day_header(line) is None


def test_a_labelled_day_header_still_reads() -> None:
    header = parse_day_header("Day 1 Program \u2013 Tuesday, 15 October 2002")
    assert header is not None and header.date is not None and header.date.day == 15


def test_day_n_with_its_weekday_in_brackets_is_a_numbered_day_header() -> None:
    header = parse_day_header("Day 1 (Thursday)")
    assert header is not None and header.number == 1 and header.date is None


@pytest.mark.parametrize(
    ("line", "day", "month"),
    [("Tue, 05.03.", 5, 3), ("Tuesday 05/03", 5, 3), ("Friday 3/13", 13, 3)],
)
def test_a_weekday_and_a_date_in_figures_without_year_is_a_day_header(
    line: str, day: int, month: int
) -> None:
    header = parse_day_header(line)
    assert header is not None and header.date is not None
    assert (header.date.day, header.date.month, header.date.year) == (day, month, None)


def test_a_weekday_and_a_clock_is_no_day_header() -> None:
    assert parse_day_header("Monday 10.30") is None


@pytest.mark.parametrize(
    ("line", "rest"),
    [
        ("23 May, 10am - 12.30pm: Opening", "10am - 12.30pm: Opening"),
        ("May 24, 2 p.m. - 4 p.m. Roundtable", "2 p.m. - 4 p.m. Roundtable"),
    ],
)
def test_a_date_then_a_comma_and_a_time_is_a_day_with_its_first_row(line: str, rest: str) -> None:
    header = parse_day_header(line)
    assert header is not None and header.rest == rest


def test_a_date_then_a_comma_and_a_number_is_no_day_header() -> None:
    assert parse_day_header("15 May, 10 delegations arrive") is None


@pytest.mark.parametrize(
    ("line", "month_day", "rest"),
    [("Lunes 23 7:00 PM", (23, 0), "7:00 PM"), ("Tuesday 24, 10:00 Opening", (24, 1), "10:00 Opening")],
)
def test_a_weekday_and_a_day_then_a_time_is_a_day_with_its_first_row(
    line: str, month_day: tuple[int, int], rest: str
) -> None:
    header = parse_day_header(line)
    assert header is not None and (header.month_day, header.rest) == (month_day, rest)


def test_a_weekday_and_a_day_then_a_number_is_no_day_header() -> None:
    assert parse_day_header("Monday 23 10 delegations arrive") is None
