"""Who, where, status and the day's positions, on the agendas of the evaluation set (as values)."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from conftest import ask

from bot.answers.normalize import normalize
from store.values import Meeting


@pytest.fixture(scope="module")
def camp(meetings: dict[str, Meeting]) -> Meeting:
    return meetings["civic-tech-camp-2026"]


@pytest.fixture(scope="module")
def bonn(meetings: dict[str, Meeting]) -> Meeting:
    return meetings["climate-subsidiary-bodies-2024"]


@pytest.fixture(scope="module")
def ece(meetings: dict[str, Meeting]) -> Meeting:
    return meetings["ece-housing-committee-2025"]


CAMP_THURSDAY = datetime.fromisoformat("2026-03-19T11:00:00+03:00")
BONN_TUESDAY = datetime.fromisoformat("2024-06-04T11:00:00+02:00")
ECE_MONDAY = datetime.fromisoformat("2025-10-06T12:00:00+02:00")


def test_a_session_s_moderator_and_an_item_s_panelists_come_from_the_people_named_there(camp: Meeting) -> None:
    assert "Lucy Mwende" in ask(camp, "who moderates the funding panel?", CAMP_THURSDAY).text
    text = ask(camp, "panelists?", CAMP_THURSDAY).text
    assert all(name in text for name in ("Ahmed Yusuf", "Claire Dupont", "Brian Ouma"))


def test_runs_asks_for_the_person_leading_a_workshop_not_the_organizer(camp: Meeting) -> None:
    answer = ask(camp, "who runs the scraping workshop", CAMP_THURSDAY)
    assert "Kevin Mutua" in answer.text
    assert "Civic Tech Africa" not in answer.text
    assert "Civic Tech Africa" in ask(camp, "who is hosting the camp?", CAMP_THURSDAY).text


def test_a_role_nobody_holds_is_said_plainly(camp: Meeting, bonn: Meeting) -> None:
    assert "The agenda names no rapporteur" in ask(camp, "who's the rapporteur?", CAMP_THURSDAY).text
    answer = ask(bonn, "who moderates the mitigation contact group?", BONN_TUESDAY)
    assert "no moderator" in answer.text


def test_a_named_person_s_talks_with_their_times(camp: Meeting) -> None:
    text = ask(camp, "when does Grace Achieng speak?", CAMP_THURSDAY).text
    assert "Verifying polling station results" in text and "Flood maps for county planners" in text
    assert "10:30–11:30" in text


def test_a_surname_that_is_also_a_word_needs_a_capital(meetings: dict[str, Meeting]) -> None:
    unesco = meetings["unesco-ich-committee-2019"]
    answer = ask(unesco, "where can I park?", datetime.fromisoformat("2019-12-10T12:00:00-05:00"))
    assert "Jun-ho Park" not in answer.text


def test_the_room_of_an_item_beats_its_session_s(ece: Meeting) -> None:
    text = ask(ece, "where is item V?", ECE_MONDAY).text
    assert "Room XI" in text and "Room XII" not in text


def test_a_room_not_given_is_said_plainly_with_what_the_documents_say(camp: Meeting) -> None:
    assert "no room" in ask(camp, "where is the tea break", CAMP_THURSDAY).text
    assert "rooftop" in ask(camp, "where is lunch", CAMP_THURSDAY).text


def test_status_of_the_meeting_a_session_and_an_item(camp: Meeting, ece: Meeting) -> None:
    assert "is over" in ask(camp, "is the keynote over?", CAMP_THURSDAY).text
    assert "13:30" in ask(camp, "has the panel started?", CAMP_THURSDAY).text
    assert "under way" in ask(ece, "is item III over?", ECE_MONDAY).text
    assert "started on Monday 6 October at 10:00" in ask(ece, "has the committee started yet?", ECE_MONDAY).text


def test_an_agenda_that_stops_early_does_not_make_its_missing_days_empty(bonn: Meeting) -> None:
    friday = ask(bonn, "anything on friday?", BONN_TUESDAY).text
    assert "stops on Wednesday" in friday and "No sessions" not in friday
    evening = datetime.fromisoformat("2024-06-05T19:00:00+02:00")
    assert "stops on Wednesday" in ask(bonn, "what's next?", evening).text
    assert "Friday 7 June" in ask(bonn, "are the sessions over?", evening).text
    assert "No sessions on Saturday 8 June" in ask(bonn, "anything on saturday?", BONN_TUESDAY).text


def test_the_first_and_last_item_of_a_named_day(bonn: Meeting, camp: Meeting) -> None:
    first = ask(bonn, "first item tmrw", BONN_TUESDAY).text
    assert "Mitigation work programme" in first and "Opening of the sessions" not in first
    assert "Matters relating to finance" in ask(bonn, "what's the last item tomorrow?", BONN_TUESDAY).text
    parallel = ask(camp, "first talk tomorrow", CAMP_THURSDAY).text
    assert "Following county budgets" in parallel and "Mapping informal settlements" in parallel


def test_what_is_left_today_and_what_is_before_the_break(ece: Meeting) -> None:
    left = ask(ece, "what's left today", ECE_MONDAY).text
    assert "Side event" in left and "Smart sustainable cities" in left and "Tuesday" not in left
    before = ask(ece, "what's on before the break?", ECE_MONDAY).text
    assert "Affordable and sustainable housing" in before and "Smart sustainable cities" not in before


def test_a_briefing_over_lunch_does_not_end_lunch(ece: Meeting) -> None:
    text = ask(ece, "whats on after lunch", ECE_MONDAY).text
    assert "Smart sustainable cities" in text and "Retrofitting" not in text


def test_a_word_naming_a_fact_wins_only_when_the_question_is_about_it(camp: Meeting, ece: Meeting) -> None:
    address = ask(camp, "when is the welcome address?", CAMP_THURSDAY).text
    assert "Welcome address" in address and "Bishop Magua" not in address
    assert "UTC+2" not in ask(ece, "which zone of the palais is room XII in?", ECE_MONDAY).text
    assert "UTC+2" in ask(ece, "what time zone are the times in", ECE_MONDAY).text


def test_a_huge_item_number_is_not_there_and_logs_nothing(ece: Meeting, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        answer = ask(ece, "item 999999999999999", ECE_MONDAY)
    assert answer.text.startswith("There is no item 999999999999999")
    assert not caplog.records


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("wats on 2moro pls", "what is on tomorrow please"),
        ("where r we meeting this aftn", "where are we meeting this afternoon"),
        ("whats on rn", "what is on right now"),
        ("wen is the mtg", "when is the meeting"),
    ],
)
def test_chat_shorthand_reads_as_words(typed: str, read: str) -> None:
    assert normalize(typed).text == read
