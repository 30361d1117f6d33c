"""Rules for agendas as they come (issue 16's third held-out set): each pins one general
behaviour on a corpus agenda frozen in tests/fixtures/answers/corpus/, so a miss says which
rule broke."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from conftest import ask

from store.importers import parse_agenda
from store.values import Meeting

PC93_TUESDAY = datetime.fromisoformat("2005-05-10T11:00:00+02:00")
COUNCIL_MONDAY = datetime.fromisoformat("2005-06-20T15:00:00+02:00")
KENYA_MORNING = datetime.fromisoformat("2022-06-30T09:20:00+03:00")
COLMAR_FRIDAY = datetime.fromisoformat("2019-05-17T10:45:00+02:00")
STEM_FRIDAY = datetime.fromisoformat("2016-06-10T09:30:00+00:00")
PYCONFR_SATURDAY = datetime.fromisoformat("2024-11-02T10:40:00+01:00")


def test_a_question_word_inside_a_name_of_the_agenda_is_part_of_the_name(meetings: dict[str, Meeting]) -> None:
    # "meeting" alone is a filler; "the joint meeting" is a session, not the Joint Inspection Unit.
    answer = ask(meetings["fao-pc93-2005"], "which room is the joint meeting in?", PC93_TUESDAY)
    assert "Malaysia Room" in answer.text
    assert "Inspection" not in answer.text


def test_when_is_a_report_asks_for_its_item_not_the_paper(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["fao-council-timetable-2005"], "when is the fisheries report?", COUNCIL_MONDAY)
    assert "Monday 20 June" in answer.text
    assert "14:30" in answer.text
    papers = ask(meetings["fao-council-timetable-2005"], "which document is the programme committee report", COUNCIL_MONDAY)
    assert "CL 128/11" in papers.text


def test_a_number_picks_one_of_many_items_sharing_the_meetings_name(meetings: dict[str, Meeting]) -> None:
    colmar = meetings["dynamics-colmar-2019"]  # "Dynamiques - Colmar 2019", items "Dynamiques (1)".."(7)"
    when = ask(colmar, "when is dynamiques 6?", COLMAR_FRIDAY)
    assert "Saturday 18 May" in when.text
    assert "Dynamiques (1)" not in when.text
    started = ask(colmar, "has dynamiques 4 started?", COLMAR_FRIDAY)
    assert "11:00" in started.text
    assert not started.text.startswith("Yes")


def test_pauses_named_in_french_are_breaks_and_lunch(meetings: dict[str, Meeting]) -> None:
    colmar = meetings["dynamics-colmar-2019"]
    lunch = ask(colmar, "lunch tmrw?", COLMAR_FRIDAY)
    assert "Déjeuner" in lunch.text and "12:30" in lunch.text
    where = ask(colmar, "where is lunch?", COLMAR_FRIDAY)
    assert "221" in where.text
    after = ask(colmar, "what's after lunch", COLMAR_FRIDAY)
    assert "Dynamiques (5)" in after.text


def test_a_short_morning_pause_is_not_lunch(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["kenya-igf-nairobi-2022"], "when is lunch", KENYA_MORNING)
    assert "11:35" not in answer.text
    # The page stops at one: it lists no lunch, and whether there is one is not known.
    assert "don't know" in answer.text and "lists none" in answer.text


def test_next_says_a_pause_that_comes_before_the_next_session(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["stemedcenters-san-antonio-2016"], "what's next?", STEM_FRIDAY)
    assert "Coffee Break" in answer.text
    assert "10:00" in answer.text


def test_untimed_items_after_a_timed_one_are_its_parts(meetings: dict[str, Meeting]) -> None:
    kenya = meetings["kenya-igf-nairobi-2022"]
    panel = ask(kenya, "who's on the c-suite panel", KENYA_MORNING)
    assert "Peter Njoroge" in panel.text and "Priya Shah" in panel.text
    moderator = ask(kenya, "whos modding the panel rn", KENYA_MORNING)
    assert "Wairimu Ndungu" in moderator.text


def test_a_note_under_an_item_that_names_nobody_is_quoted(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["kenya-igf-nairobi-2022"], "who handles registration", KENYA_MORNING)
    assert "KICTANet MAG Team" in answer.text


def test_a_document_belongs_to_the_item_of_its_number_that_cites_it(meetings: dict[str, Meeting]) -> None:
    pc93 = meetings["fao-pc93-2005"]  # Monday's item 3 and the joint meeting's own item 3
    doc = ask(pc93, "JM 05.1/3?", PC93_TUESDAY)
    assert "Wednesday 11 May" in doc.text
    assert "Programme of Work and Budget" not in doc.text
    first = ask(pc93, "first item tomorrow", PC93_TUESDAY)
    assert "JM 05.1/1" in first.text
    assert "PC 93/1" not in first.text


def test_a_document_filed_under_its_symbol_alone_is_told_by_its_items_points(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["fao-council-timetable-2005"], "CL 128/LIM/2", COUNCIL_MONDAY)
    assert "Non-Member Nations" in answer.text


def test_items_the_words_fit_equally_are_all_meant(meetings: dict[str, Meeting]) -> None:
    # "Short plenary" and "Plenary" talk types: "the plenary" is both, each by its own title.
    answer = ask(meetings["pyconfr-strasbourg-2024"], "where's the plenary", PYCONFR_SATURDAY)
    assert "“Accueil / Welcome” is in GAM" in answer.text
    assert "“Du village" in answer.text


def test_pretalx_keeps_a_talk_type_no_kind_stands_for() -> None:
    data = {"schedule": {"conference": {
        "title": "Demo Conf", "time_zone_name": "Europe/Paris", "start": "2024-11-02", "end": "2024-11-02",
        "days": [{"date": "2024-11-02", "rooms": {"Main": [
            {"title": "Opening talk", "type": "Plenary", "start": "09:00", "duration": "00:30", "date": "2024-11-02T09:00:00+01:00", "persons": []},
            {"title": "Hands on", "type": "Workshop", "start": "10:00", "duration": "01:00", "date": "2024-11-02T10:00:00+01:00", "persons": []},
        ]}}],
    }}}
    meeting = parse_agenda(json.dumps(data), source="schedule.json").meeting
    items = [i for s in meeting.sessions for i in s.items]
    assert "Type: Plenary" in items[0].description
    assert "Type" not in items[1].description  # a workshop is a kind already


def test_the_frozen_pyconfr_agenda_has_its_talk_types() -> None:
    frozen = Path(__file__).parent.parent / "fixtures" / "answers" / "corpus" / "pyconfr-strasbourg-2024.yaml"
    assert "Type: Plenary" in frozen.read_text(encoding="utf-8")


def test_city_and_closing_are_facts_of_the_meeting(meetings: dict[str, Meeting]) -> None:
    city = ask(meetings["dynamics-colmar-2019"], "what city is it in", COLMAR_FRIDAY)
    assert "Colmar" in city.text
    close = ask(meetings["fao-pc93-2005"], "when does the session close?", PC93_TUESDAY)
    assert "13 May" in close.text


def test_no_keynote_on_the_agenda_means_no_keynote_speaker(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["stemedcenters-san-antonio-2016"], "who is the keynote speaker?", STEM_FRIDAY)
    assert "no keynote" in answer.text


def test_a_list_of_documents_says_the_day_of_each_ones_item(meetings: dict[str, Meeting]) -> None:
    answer = ask(meetings["fao-council-timetable-2005"], "finanse committee report?", COUNCIL_MONDAY)
    assert "CL 128/13" in answer.text
    assert "Tuesday 21 June" in answer.text


def test_all_holders_of_a_role_include_those_named_only_in_the_text(meetings: dict[str, Meeting]) -> None:
    # Kibet Langat is stored as a moderator; "Conference Moderator: Wanjiru Kamau" is a line of text.
    answer = ask(meetings["kenya-igf-nairobi-2022"], "who are the conference moderators?", KENYA_MORNING)
    assert "Kibet Langat" in answer.text
    assert "Wanjiru Kamau" in answer.text


def test_an_item_number_a_joint_meeting_reuses_is_the_main_item_unless_it_is_named(meetings: dict[str, Meeting]) -> None:
    pc93 = meetings["fao-pc93-2005"]
    done = ask(pc93, "is item 2 done", PC93_TUESDAY)
    assert done.text.startswith("Yes")
    assert "Joint Meeting" not in done.text
    joint = ask(pc93, "item 3 of the joint meeting", PC93_TUESDAY)
    assert "Savings and efficiencies" in joint.text


def test_english_words_find_french_titles(meetings: dict[str, Meeting]) -> None:
    colmar = meetings["dynamics-colmar-2019"]  # "Dîner de clôture", "Mot d'accueil"
    dinner = ask(colmar, "when is the closing dinner", COLMAR_FRIDAY)
    assert "Dîner de clôture" in dinner.text and "20:00" in dinner.text
    welcome = ask(colmar, "when was the welcome", COLMAR_FRIDAY)
    assert "Mot d'accueil" in welcome.text and "Thursday 16 May" in welcome.text
