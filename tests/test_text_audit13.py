"""Rules the corpus audit of issue 13 taught the text pipeline: what the page says
the venue is, and what a careful reader takes for titles, speakers and rooms."""

from __future__ import annotations

from store.importers import text as text_importer
from store.values import ImportResult


def parse(*lines: str) -> ImportResult:
    return text_importer.parse("\n".join(lines), source="page.txt")


# --- the venue ---------------------------------------------------------------


def test_a_label_above_the_programme_is_no_venue_and_a_building_named_after_it_is() -> None:
    meeting = parse(
        "Ministers meet on regional cooperation",
        "",
        "Highlights:",
        "",
        "23 May 2022, 10am - 12.30pm: Opening of the session",
        "",
        "Press are welcome in person at the Civic Conference Centre in Bangkok.",
    ).meeting
    assert meeting.venue == "Civic Conference Centre, Bangkok"
    assert meeting.timezone == "Asia/Bangkok"


def test_the_building_a_header_sentence_puts_the_meeting_in_beats_a_banner_naming_the_city() -> None:
    meeting = parse(
        "Libraries Network of Bogotá",
        "We meet on Thursday 23 January 2025 at the Municipal Library Jorge Ortiz (Main Street 4).",
        "",
        "Thursday 23 January 2025",
        "9:00 - 10:00 Opening talk",
    ).meeting
    assert meeting.venue == "Municipal Library Jorge Ortiz"


def test_a_page_that_names_no_place_has_no_venue() -> None:
    meeting = parse(
        "Journal of the Board",
        "TD/X/1/PROG.4",
        "Programme of meetings",
        "",
        "Thursday, 4 October 2007",
        "10 a.m.  Plenary",
    ).meeting
    assert meeting.venue == ""


def test_the_title_gives_the_venue_from_the_building_before_its_city() -> None:
    meeting = parse(
        "ABC 2024 - Universidade da Beira Interior, Covilhã, Portugal",
        "",
        "03.07.2024 (Wednesday)",
        "12:00 – 15:00 Registration",
    ).meeting
    assert meeting.venue == "Universidade da Beira Interior, Covilhã, Portugal"


def test_a_heading_in_capitals_is_no_town() -> None:
    meeting = parse(
        "ANNEX 1 - PROGRAMME",
        "",
        "Monday, 1 March 2004",
        "16:00 – 20:00 Registration",
    ).meeting
    assert meeting.venue == ""
