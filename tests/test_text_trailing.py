"""Rows whose time follows their title, put back in reading order."""

from __future__ import annotations

from store.importers import text as text_importer
from store.importers.text.tokens import tokenize
from store.importers.text.trailing import move_trailing_times


def rows(*lines: str) -> list[tuple[str, str, str]]:
    meeting = text_importer.parse("\n".join(lines), source="page.txt").meeting
    return [
        (s.title, f"{s.starts_at:%H:%M}" if s.starts_at else "", f"{s.ends_at:%H:%M}" if s.ends_at else "")
        for s in meeting.sessions
    ]


def test_times_after_their_rows_are_the_times_of_the_rows_above() -> None:
    assert rows(
        "5th Project Meeting, Tallinn", "", "Wednesday 6 October, 2010", "",
        "Welcome and opening", "", "IST - AUTH 09:00 – 09:10", "",
        "Where the project stands", "", "AUTH-Tero 09:10 – 09:40", "",
        "Coffee break", "", "09:40 – 10:00", "", "Dinner 20.00",
    ) == [
        ("Welcome and opening", "09:00", "09:10"), ("Where the project stands", "09:10", "09:40"),
        ("Coffee break", "09:40", "10:00"), ("Dinner", "20:00", ""),
    ]  # fmt: skip


def test_times_alone_between_blocks_are_left_to_open_the_next_block() -> None:
    tokens = tokenize(
        "Meeting\n\nWednesday 10 October 2018\n\nArrival and coffee\n\n09.00 - 09.10\n\n"
        "Welcome\n\n09.10 - 10.00\n\nPanel"
    ).tokens
    assert move_trailing_times(tokens) == []


def test_a_day_whose_header_carries_the_first_time_leads_with_its_times() -> None:
    tokens = tokenize(
        "Meeting\n\nMartes 24 10:00 AM\n\nBienvenida\n\nAlmuerzo 12:00 - 13:00\n\n"
        "Visita 13:00 - 14:00"
    ).tokens
    assert move_trailing_times(tokens) == []


def test_whole_rows_with_their_times_at_the_end_are_left_as_they_are() -> None:
    tokens = tokenize(
        "Meeting\n\nMonday 3 June 2024\nTheme of the day: resilience\n"
        "Welcome remarks 09:00 - 09:15\nPanel discussion 09:15 - 10:30\nLunch 12:00 - 13:00"
    ).tokens
    assert move_trailing_times(tokens) == []
