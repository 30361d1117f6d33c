"""Rules for agendas as they come (issue 16's second held-out set): each pins one general
behaviour on a corpus agenda, so a miss says which rule broke."""

from __future__ import annotations

from datetime import datetime

from answers_evalset import store_meetings
from conftest import ask
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.assistant import Assistant
from bot.clock import FixedClock
from store.values import Meeting

PYCONFR_SATURDAY = datetime.fromisoformat("2024-11-02T10:40:00+01:00")
ABUJA_TUESDAY = datetime.fromisoformat("2014-03-25T11:00:00+01:00")
BRISBANE_DAY_1 = datetime.fromisoformat("2024-02-26T09:45:00+10:00")
BANGKOK_TUESDAY = datetime.fromisoformat("2022-05-24T09:00:00+07:00")


def test_a_day_before_the_agenda_starts_is_unknown_not_empty(meetings: dict[str, Meeting]) -> None:
    # The export holds Saturday only of a Thursday-Sunday conference.
    answer = ask(meetings["pyconfr-strasbourg-2024"], "what's on friday?", PYCONFR_SATURDAY)
    assert answer.intent == "cut_off"
    assert "Friday 1 November" in answer.text
    assert "No sessions" not in answer.text


def test_day_three_of_a_meeting_whose_agenda_stops_after_day_two(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["ipcc-slcf-brisbane-2024"], "day 3?", BRISBANE_DAY_1)
    assert "Wednesday 28 February" in answer.text
    assert "No sessions" not in answer.text


def test_a_long_session_with_timed_items_has_an_afternoon_and_a_lunch(meetings: dict[str, Meeting]) -> None:
    abuja = meetings["uneca-abuja-2014"]  # one 09:30-18:30 session a day, items with their own times
    lunch = ask(abuja, "when is lunch?", ABUJA_TUESDAY)
    assert "13:30–14:30" in lunch.text
    after = ask(abuja, "what's on after lunch?", ABUJA_TUESDAY)
    assert "regional integration" in after.text
    assert "Opening of the meeting" not in after.text
    afternoon = ask(abuja, "what's on this afternoon", ABUJA_TUESDAY)
    assert "regional integration" in afternoon.text
    assert "Opening of the meeting" not in afternoon.text


def test_a_role_named_only_in_the_agendas_text_is_quoted(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["ipcc-slcf-brisbane-2024"], "who are the co-chairs?", BRISBANE_DAY_1)
    assert "Kenji Morita and Farhan Qureshi" in answer.text
    assert "names no" not in answer.text


def test_a_number_picks_among_sessions_of_one_name(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["escap78-bangkok-2022"], "has roundtable 2 started yet?", BANGKOK_TUESDAY)
    assert "roundtable 2" in answer.text
    assert "roundtable 1" not in answer.text


def test_a_group_glued_to_its_number_is_found_and_its_people_named(meetings: dict[str, Meeting]) -> None:
    ipcc = meetings["ipcc-slcf-brisbane-2024"]
    assert "Tom Harrowby" in ask(ipcc, "who is the rapporteur for BOG2", BRISBANE_DAY_1).text
    # BOG1's facilitators are named under the first session; "BOG1" is also in a later title.
    assert "Henrik Aas" in ask(ipcc, "who facilitates BOG1?", BRISBANE_DAY_1).text


def test_a_role_word_with_a_typo_is_mended(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["ipcc-slcf-brisbane-2024"], "who are the faciltators", BRISBANE_DAY_1)
    assert "Wei Liang" in answer.text


def test_a_hyphenated_word_typed_joined_is_found(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["fao-programme-committee-2026"], "wifi?", datetime.fromisoformat("2026-11-02T10:15:00+01:00"))
    assert "FAO-Guest" in answer.text


def test_a_section_is_found_by_its_acronym(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["ilo-governing-body-347"], "when did the PFA section meet?",
                 datetime.fromisoformat("2023-03-16T13:30:00+01:00"))
    assert "Wednesday 15 March" in answer.text


def test_an_unknown_kind_of_meeting_is_not_found(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["uneca-abuja-2014"], "where is the press conference?", ABUJA_TUESDAY)
    assert answer.intent == "not_found"


def test_a_cited_symbol_picks_its_meeting_over_the_current_one(db_factory: sessionmaker[DBSession]) -> None:
    store_meetings(db_factory)
    # During the ECE committee, which has no EB152/2.
    assistant = Assistant(db_factory, FixedClock(datetime.fromisoformat("2025-10-01T10:00:00+02:00")))
    assert assistant.ask("what's next?").meeting == "ece-housing-committee-2025"
    answer = assistant.ask("EB152/2")
    assert answer.meeting == "who-executive-board-eb152"
    assert "Report by the Director-General" in answer.text
