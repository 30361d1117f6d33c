"""Classes of misreadings the audited corpus of issue 13 still showed, one rule each:
who the meeting's headline people are, which line names the venue, ..."""

from __future__ import annotations

from store.importers import text as text_importer
from store.values import ImportResult, Role


def parse(*lines: str) -> ImportResult:
    return text_importer.parse("\n".join(lines), source="page.txt")


# --- the meeting's people ----------------------------------------------------


def test_key_speakers_listed_after_the_programme_are_the_meetings_not_the_last_sessions() -> None:
    meeting = parse(
        "Ministers meet on regional cooperation",
        "",
        "23 May 2022, 10am - 12.30pm: Opening of the session",
        "",
        "27 May 2022, 2pm - 4pm: Report adopted and the session closed",
        "",
        "Key speakers:",
        "",
        "H.E. Mara Lindqvist, Prime Minister",
        "",
        "H.E. Olu Adebayo, Minister for Foreign Affairs",
    ).meeting
    assert [(p.name, p.role) for p in meeting.people] == [
        ("Mara Lindqvist", Role.SPEAKER),
        ("Olu Adebayo", Role.SPEAKER),
    ]
    last = meeting.sessions[-1]
    assert last.people == ()
    assert [i.title for i in last.items] == ["Report adopted and the session closed"]


def test_a_sessions_own_speakers_heading_stays_the_sessions() -> None:
    meeting = parse(
        "Workshop on data",
        "",
        "23 May 2022",
        "10:00 - 11:00 Opening panel",
        "Speakers:",
        "Dr. Mara Lindqvist, University of Oslo",
    ).meeting
    assert meeting.people == ()
    assert [p.name for p in meeting.sessions[0].people] == ["Mara Lindqvist"]


# --- the venue ---------------------------------------------------------------


def test_the_line_under_an_organiser_label_is_the_organiser_never_the_venue() -> None:
    meeting = parse(
        "Steering group meeting",
        "",
        "Meeting called by:",
        "",
        "Bournemouth University",
        "",
        "Thursday 7 October 2010",
        "09:00 - 10:00 Welcome",
    ).meeting
    assert meeting.organizer == "Bournemouth University"
    assert meeting.venue == ""


def test_a_title_ending_in_a_city_beats_header_lines_naming_only_other_cities() -> None:
    # The page's form still shows an earlier meeting's place; the title says where this one is.
    meeting = parse(
        "Project meetings » 5th Board Meeting, Tallinn",
        "",
        "Place:",
        "",
        "Grand Hotel Kensington, London, UK",
        "",
        "Wednesday 6 October 2010",
        "09:00 - 10:00 Welcome",
    ).meeting
    assert meeting.venue == "Tallinn"
    assert meeting.timezone == "Europe/Tallinn"


def test_a_header_line_in_the_titles_city_is_the_more_precise_venue() -> None:
    meeting = parse(
        "5th Board Meeting, Tallinn",
        "",
        "Hotel Viru, Tallinn",
        "",
        "Wednesday 6 October 2010",
        "09:00 - 10:00 Welcome",
    ).meeting
    assert meeting.venue == "Hotel Viru, Tallinn"


# --- the dates ---------------------------------------------------------------


def test_days_bulleted_above_the_programme_are_the_meetings_days_even_if_the_programme_shows_fewer() -> None:
    meeting = parse(
        "Meeting of the Parliamentary Network",
        "",
        "The agenda for:",
        "",
        "  • Wednesday 13 February 2019",
        "  • Thursday 14 February 2019",
        "  • Friday 15 February 2019",
        "",
        "Thursday 14 February 2019",
        "09.00 - 10.00 A conversation with the Secretary-General",
    ).meeting
    assert (meeting.start_date.isoformat(), meeting.end_date.isoformat()) == ("2019-02-13", "2019-02-15")


def test_days_bulleted_under_a_programme_heading_are_the_meetings_days_too() -> None:
    result = parse(
        "Meeting of the Parliamentary Network",
        "",
        "Programme",
        "",
        "• Wednesday 13 February 2019",
        "• Friday 15 February 2019",
        "",
        "Wednesday 13 February 2019",
        "09.00 - 10.00 Opening",
        "",
        "Friday 15 February 2019",
        "09.00 - 10.00 Closing",
    )
    meeting = result.meeting
    assert (meeting.start_date.isoformat(), meeting.end_date.isoformat()) == ("2019-02-13", "2019-02-15")
    assert not any("outside the meeting's dates" in w.message for w in result.warnings)


# --- people wrapped over lines -----------------------------------------------


def test_a_bracket_left_open_at_a_rows_end_carries_on_to_the_next_line() -> None:
    meeting = parse(
        "Diaspora conference",
        "",
        "16 November 2007",
        "",
        "15h50 to 16h00: Statement by Ambassador Winston Clarke (Caribbean",
        "Pan-Africanist)",
        "",
        "16h00 to 16h10: Poetry",
    ).meeting
    first = meeting.sessions[0]
    assert first.title == "Statement"
    assert [(p.name, p.affiliation) for p in first.people] == [("Winston Clarke", "Caribbean Pan-Africanist")]
    assert [s.title for s in meeting.sessions] == ["Statement", "Poetry"]


def test_a_function_in_brackets_then_a_body_gives_the_body_as_affiliation() -> None:
    meeting = parse(
        "Diaspora conference",
        "",
        "16 November 2007",
        "",
        "16h00 to 16h10: Statement by Ambassador Neville Holder (Assistant Secretary General) Caricom",
    ).meeting
    assert [(p.name, p.affiliation) for p in meeting.sessions[0].people] == [("Neville Holder", "Caricom")]
