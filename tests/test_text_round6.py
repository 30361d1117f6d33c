"""Rules the sixth held-out round of real pages taught the text pipeline."""

from __future__ import annotations

from store.importers import text as text_importer
from store.importers.text.lines import split_lines
from store.importers.text.people import parse_role_line, split_speaker
from store.importers.text.rooms import find_room, parse_room
from store.values import ImportResult, Meeting, Role


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


SLASH_ROWS = (
    "Working group, Lyon, France, 4-5 June 2019",
    "",
    "Tuesday, 4 June 2019",
    "0900-0930 / 1. Welcome /",
    "  • Ms Ada Brook",
    "/ 30 minutes",
    "0930-1030 / 2. Report of the task team on",
    "data exchange /",
    "/ 60 minutes",
    "1030-1100 / COFFEE / TEA BREAK / 30 minutes",
    "1100-1200 / 2. Discussion of the report /",
    "/ 60 minutes",
)


def test_timed_rows_with_slashes_after_their_hours_are_a_table_without_a_header() -> None:
    meeting = parse(*SLASH_ROWS).meeting
    assert [(t, s, e) for t, s, e, _ in rows(meeting)] == [
        ("Welcome", "09:00", "09:30"),
        ("Report of the task team on data exchange", "09:30", "10:30"),
        ("COFFEE / TEA BREAK", "10:30", "11:00"),
        ("Discussion of the report", "11:00", "12:00"),
    ]
    assert meeting.timezone == "Europe/Paris"


def test_a_duration_cell_is_no_content() -> None:
    meeting = parse(*SLASH_ROWS).meeting
    titles = [i.title for s in meeting.sessions for i in s.items]
    assert not any("minutes" in t for t in titles)


def test_an_item_taken_up_again_in_the_next_slot_is_no_out_of_order_repeat() -> None:
    result = parse(*SLASH_ROWS)
    last = result.meeting.sessions[-1]
    assert [(i.number, i.title) for i in last.items] == [("2", "Discussion of the report")]
    assert not any("out of sequence" in w.message for w in result.warnings)


def test_the_place_with_the_dates_stops_at_a_cell_boundary() -> None:
    meeting = parse(
        "TEAM MEETING ON SERVICES",
        "OSLO, NORWAY, 2-3 MAY 2012 / Doc. 2.2",
        "",
        "Wednesday, 2 May 2012",
        "09:00-10:00 Opening",
    ).meeting
    assert meeting.timezone == "Europe/Oslo"


def test_bulleted_timed_rows_nested_under_bulleted_days() -> None:
    meeting = parse(
        "Build weekend",
        "May 4 - 5, 2019",
        "",
        "  • Saturday, May 4",
        "    • 9am - 10am: Check-in",
        "    • 12:00noon: Lunch",
        "  • Sunday, May 5",
        "    • 2pm: Demos",
    ).meeting
    assert [(d.date.day, [s.title for s in d.sessions]) for d in meeting.days] == [
        (4, ["Check-in", "Lunch"]),
        (5, ["Demos"]),
    ]


def test_a_date_range_under_the_programme_heading_is_the_meetings_dates() -> None:
    meeting = parse("Build weekend", "Schedule", "", "May 4 - 5, 2019", "", "Day 1", "10:00 Start").meeting
    assert (meeting.start_date.day, meeting.end_date.day) == (4, 5)


def test_a_dated_header_restating_the_day_makes_the_lines_between_its_heading() -> None:
    result = parse(
        "Build weekend",
        "May 4 - 5, 2019",
        "",
        "Day 1",
        "Workshops,",
        "Saturday, May 4, 2019",
        "9am - 10am: Check-in",
    )
    assert [s.title for s in result.meeting.sessions] == ["Check-in"]
    assert not any("listed again" in w.message for w in result.warnings)


def test_a_room_in_a_right_hand_column_is_the_rows_room() -> None:
    line = split_lines("10 a.m.     Plenary (12th meeting)                 Room XXVI")[0]
    assert line.text == "10 a.m. Plenary (12th meeting), Room XXVI"


def test_a_room_line_above_the_sessions_is_where_they_are_held() -> None:
    meeting = parse(
        "Town Council Meeting",
        "Tuesday, October 9, 2018 - 7:00pm to 9:00pm",
        "Council Chambers",
        "",
        "1. Call to order",
        "2. Adjournment",
    ).meeting
    assert [s.room for s in meeting.sessions] == ["Council Chambers"]
    assert parse_room("Council Chambers") == "Council Chambers"


def test_a_sub_points_speaker_after_a_dash_is_a_person() -> None:
    meeting = parse(
        "Town Council Meeting",
        "Tuesday, October 9, 2018 - 7:00pm to 9:00pm",
        "",
        "1. Call to order",
        "A. Invocation - Reverend Ann Hollis",
        "B. Roll call - Clerk Tom Baines",
        "2. Adjournment",
    ).meeting
    first = meeting.sessions[0].items[0]
    assert [p.name for p in first.people] == ["Ann Hollis", "Tom Baines"]
    assert split_speaker("Roll call - Clerk Tom Baines")[0] == "Roll call"


def test_a_lone_bullet_glyph_keeps_the_role_heading_above_it() -> None:
    meeting = parse(
        "Council panel",
        "Geneva, 25 March 2015",
        "",
        "Wednesday, 25 March 2015",
        "9.00 – 12.00",
        "Panel on cooperation",
        "Panellists:",
        "\u2022",
        "Mr. Ivo Kral, Director of a foundation",
        "\u2022",
        "Ms. Rosa Pinto, Chief of a section",
    ).meeting
    people = meeting.sessions[0].people
    assert [(p.name, p.role) for p in people] == [
        ("Ivo Kral", Role.PANELIST),
        ("Rosa Pinto", Role.PANELIST),
    ]


def test_a_speaking_part_before_a_colon_names_a_speaker() -> None:
    found = parse_role_line("Opening statement: Mr. Ivo Kral, Director of Operations")
    assert found is not None and [(p.name, p.role) for p in found.people] == [
        ("Ivo Kral", Role.SPEAKER)
    ]
    assert parse_role_line("Opening remarks: the Chair welcomes delegates") is None


def test_a_notice_saying_when_the_meeting_will_commence_is_its_one_session() -> None:
    result = parse(
        "Expert meeting on ports",
        "07 - 09 December 2011",
        "Geneva",
        "",
        "The expert meeting will be held from 7 to 9 December 2011 at the Palais des Nations in "
        "Geneva, in room XXVI. It will commence at 10 a.m. on Wednesday, 7 December 2011.",
    )
    assert rows(result.meeting) == [("Expert meeting on ports", "10:00", "", "Room XXVI")]
    assert find_room("held in room XII today") == "Room XII"


def test_a_site_banner_is_no_title() -> None:
    meeting = parse(
        "example.org | Meetings archive",
        "Expert meeting on ports",
        "Geneva, 7 December 2011",
        "",
        "10:00 Opening",
    ).meeting
    assert meeting.title == "Expert meeting on ports"


def test_a_starred_aside_closing_a_title_is_a_note() -> None:
    meeting = parse(
        "Build weekend", "Lyon, 4 May 2019", "", "18:00 - 20:00 Welcome dinner *Mandatory*"
    ).meeting
    assert meeting.sessions[0].title == "Welcome dinner"


# Round 7 (two pages, scored once after round 6's fixes).


def test_a_range_below_a_single_bare_date_is_the_meetings_not_the_documents() -> None:
    meeting = parse(
        "Commission on Things",
        "Distr. GENERAL",
        "3 January 2001",
        "Tenth session",
        "12-16 March 2001",
        "",
        "Provisional agenda",
        "1. Election of officers.",
        "2. Adoption of the agenda.",
    ).meeting
    assert (meeting.start_date.isoformat(), meeting.end_date.isoformat()) == (
        "2001-03-12",
        "2001-03-16",
    )


def test_item_n_of_the_provisional_agenda_is_a_reference_not_an_item() -> None:
    meeting = parse(
        "Commission on Things",
        "Geneva, 12-16 March 2001",
        "Item 2 of the provisional agenda",
        "",
        "Provisional agenda",
        "1. Election of officers.",
        "2. Adoption of the agenda.",
    ).meeting
    assert [(i.number, i.title) for _, i in meeting.items()] == [
        ("1", "Election of officers"),
        ("2", "Adoption of the agenda"),
    ]
