"""Whole pages through the text pipeline: the layouts of issue 13 §1, each as a small page."""

from __future__ import annotations

from datetime import date

import pytest

from store.importers import text as text_importer
from store.values import AgendaImportError, Day, ImportResult, Meeting, Person, Role


def parse(*lines: str) -> ImportResult:
    return text_importer.parse("\n".join(lines), source="page.txt")


def times(meeting: Meeting | Day) -> list[tuple[str, str, str]]:
    return [
        (
            s.title,
            s.starts_at.strftime("%H:%M") if s.starts_at else "",
            s.ends_at.strftime("%H:%M") if s.ends_at else "",
        )
        for s in meeting.sessions
    ]


# --- dates stated once near the top ------------------------------------------------


@pytest.mark.parametrize(
    ("line", "start", "end", "venue"),
    [
        ("Rome, 9 \u2013 13 May 2005", date(2005, 5, 9), date(2005, 5, 13), "Rome"),
        (
            "20-22 August 2002, Metro Manila, Philippines",
            date(2002, 8, 20),
            date(2002, 8, 22),
            "Metro Manila, Philippines",
        ),
        ("Saturday and Sunday, 7-8 December 2019", date(2019, 12, 7), date(2019, 12, 8), ""),
        ("New York, 10-14 April 2023", date(2023, 4, 10), date(2023, 4, 14), "New York"),
        ("27 October 2004 to 28 October 2004", date(2004, 10, 27), date(2004, 10, 28), ""),
    ],
)
def test_the_meetings_dates_stated_once_near_the_top(
    line: str, start: date, end: date, venue: str
) -> None:
    day = f"{start:%A}, {start.day} {start:%B}"
    meeting = parse("Expert meeting", line, "", day, "10:00-13:00 Opening").meeting
    assert (meeting.start_date, meeting.end_date) == (start, end)
    assert meeting.venue == venue
    assert [d.date for d in meeting.days] == [start]


def test_dates_inside_a_sentence() -> None:
    meeting = parse(
        "Briefing on data",
        "The briefing takes place on Tuesday, 16 October 2012, from 10:00 AM \u2013 1:00 PM in Geneva.",
        "",
        "10:00 AM \u2013 1:00 PM Briefing",
    ).meeting
    assert (meeting.start_date, meeting.end_date) == (date(2012, 10, 16), date(2012, 10, 16))
    assert times(meeting) == [("Briefing", "10:00", "13:00")]


# --- day headers --------------------------------------------------------------------


def test_day_headers_without_year_take_it_from_the_pages_range() -> None:
    meeting = parse(
        "Commission", "New York, 10-14 April 2023", "", "Monday, 10 April", "10:00-13:00 Opening",
        "Tuesday, 11 April", "10:00-13:00 Debate",
    ).meeting  # fmt: skip
    assert [d.date for d in meeting.days] == [date(2023, 4, 10), date(2023, 4, 11)]


def test_a_weekday_alone_then_the_date_on_the_next_line() -> None:
    meeting = parse(
        "Committee", "Rome, 9-13 May 2005", "", "MONDAY,", "9 May", "10:00-13:00 Opening"
    ).meeting
    assert [d.date for d in meeting.days] == [date(2005, 5, 9)]


@pytest.mark.parametrize(
    "header",
    [
        "Day 2, 20 August 2002 (Tue)",
        "DAY 2",
        "Tuesday 20th August 02",
        "20 August 2002 \u2013 Tuesday \u2013 Capacity-building workshop",
        "Tuesday, 20 August | |",
    ],
)
def test_day_header_forms(header: str) -> None:
    meeting = parse(
        "Workshop", "19-22 August 2002, Metro Manila, Philippines", "",
        "Day 1, 19 August 2002 (Mon)", "09:00-10:00 Registration", header, "09:00-10:00 Panel",
    ).meeting  # fmt: skip
    assert [d.date for d in meeting.days] == [date(2002, 8, 19), date(2002, 8, 20)]
    assert meeting.days[1].sessions[0].title == "Panel"


def test_a_day_header_with_no_year_and_no_stated_range_takes_the_first_year_on_the_page() -> None:
    result = parse(
        "Forum 2019", "Organization of work", "Monday, 2 December", "10:00-11:00 Opening"
    )
    assert [d.date for d in result.meeting.days] == [date(2019, 12, 2)]
    assert any("assumed 2019" in w.message and w.line == 3 for w in result.warnings)


# --- times --------------------------------------------------------------------------


def test_start_only_times_run_to_the_next_start() -> None:
    meeting = parse(
        "Session", "Geneva, 3 June 2024", "", "10.00 hrs Item 1", "11.30 hrs Item 2",
        "Adoption of the report",
    ).meeting  # fmt: skip
    items = [i for _, i in meeting.items()]
    assert items[0].starts_at and items[0].starts_at.strftime("%H:%M") == "10:00"
    assert items[0].ends_at and items[0].ends_at.strftime("%H:%M") == "11:30"
    assert items[1].title == "Adoption of the report"


def test_a_time_alone_on_its_line_is_the_activity_on_the_next() -> None:
    meeting = parse(
        "Workshop", "Geneva, 3 June 2024", "", "09:00", "Registration", "09:30", "Opening",
        "10:30-11:00", "Coffee break",
    ).meeting  # fmt: skip
    assert times(meeting) == [
        ("Registration", "09:00", "09:30"),
        ("Opening", "09:30", "10:30"),
        ("Coffee break", "10:30", "11:00"),
    ]


def test_a_time_and_a_numbered_item_on_one_line() -> None:
    meeting = parse(
        "Committee", "Rome, 9 May 2005", "", "11 a.m. \u2013 1 p.m. 2. Adoption of the agenda"
    ).meeting
    ((session, item),) = meeting.items()
    assert (item.number, item.title) == ("2", "Adoption of the agenda")
    assert times(meeting) == [("Adoption of the agenda", "11:00", "13:00")]


# --- items --------------------------------------------------------------------------


def test_item_7_with_its_title_on_the_next_line() -> None:
    meeting = parse(
        "Committee", "Rome, 9 May 2005", "", "Morning session", "Item 7",
        "Programme of work", "Agenda item 8:", "Other matters",
    ).meeting  # fmt: skip
    assert [(i.number, i.title) for _, i in meeting.items()] == [
        ("7", "Programme of work"),
        ("8", "Other matters"),
    ]


def test_a_continued_item_keeps_its_number() -> None:
    meeting = parse(
        "Committee", "Rome, 9-10 May 2005", "", "Monday, 9 May", "Morning session",
        "3. Review of work", "Tuesday, 10 May", "Morning session", "3. (continued)",
    ).meeting  # fmt: skip
    continued = meeting.days[1].sessions[0].items[0]
    assert (continued.number, continued.continues) == ("3", "3")


def test_a_speaker_after_a_dash_is_a_person_of_the_item() -> None:
    meeting = parse(
        "Forum",
        "Rome, 9 May 2005",
        "",
        "Morning session",
        "\u2022 Opening remarks \u2013 Dr. X, FAO",
    ).meeting
    ((_, item),) = meeting.items()
    assert item.title == "Opening remarks"
    assert item.people == (Person("X", Role.SPEAKER, "FAO"),)


# --- people and rooms ----------------------------------------------------------------


def test_people_and_rooms_attach_to_the_meeting_session_or_item_they_follow() -> None:
    meeting = parse(
        "Forum", "Rome, 9 May 2005", "Chair: Ms. A, Kenya", "", "Morning session",
        "Malaysia Room (B-227)", "Moderator \u2013 Mr. B (UNDP)", "1. Panel on data",
        "Panelists: X (UNDP), Y (ILO)", "Room XIX",
    ).meeting  # fmt: skip
    assert meeting.people == (Person("A", Role.CHAIR, "Kenya"),)
    (session,) = meeting.sessions
    assert session.room == "Malaysia Room (B-227)"
    assert session.people == (Person("B", Role.MODERATOR, "UNDP"),)
    (item,) = session.items
    assert item.people == (Person("X", Role.PANELIST, "UNDP"), Person("Y", Role.PANELIST, "ILO"))
    assert item.room == "Room XIX"


# --- tables ------------------------------------------------------------------------


def test_a_pipe_table_with_empty_cells_rooms_speakers_and_a_row_split_over_lines() -> None:
    meeting = parse(
        "Workshop", "Geneva, 3 June 2024", "",
        "| Time | Session | Room |",
        "| 09:00-10:00 | Registration | |",
        "| 10:00-12:00 | Opening of the workshop and review | ECOSOC Chamber |",
        "| | of the programme | |",
        "| 14:00-15:00 | Keynote | Dr. Z, WHO |",
    ).meeting  # fmt: skip
    assert times(meeting) == [
        ("Registration", "09:00", "10:00"),
        ("Opening of the workshop and review", "10:00", "12:00"),
        ("Keynote", "14:00", "15:00"),
    ]
    opening = meeting.sessions[1]
    assert opening.items[0].title == "Opening of the workshop and review of the programme"
    assert opening.room == "ECOSOC Chamber"
    # A timed row is a session and its one item: the speaker is both's.
    assert (
        meeting.sessions[2].people
        == meeting.sessions[2].items[0].people
        == (Person("Z", Role.SPEAKER, "WHO"),)
    )


def test_a_tab_separated_table() -> None:
    meeting = parse(
        "Workshop", "Geneva, 3 June 2024", "", "09:00-10:00\tRegistration", "10:00-11:00\tOpening"
    ).meeting
    assert [s.title for s in meeting.sessions] == ["Registration", "Opening"]


def test_a_grid_flattened_column_by_column_is_refused_with_its_line_and_a_hint() -> None:
    with pytest.raises(AgendaImportError) as caught:
        parse(
            "Workshop", "Geneva, 3-5 June 2024", "", "Monday, 3 June", "Tuesday, 4 June",
            "Wednesday, 5 June", "09:00-10:00", "Registration", "09:00-10:00", "Panel",
        )  # fmt: skip
    assert caught.value.line == 4
    assert "column by column" in caught.value.message and "row by row" in caught.value.message


# --- noise -------------------------------------------------------------------------


def test_page_footers_with_page_numbers_are_dropped() -> None:
    meeting = parse(
        "Commission on Population", "New York, 10-14 April 2023", "", "Monday, 10 April",
        "10:00-13:00 Opening", "Commission on Population, 56th session, 10-14 April 2023 1",
        "15:00-18:00 Debate", "Page 2 of 3",
    ).meeting  # fmt: skip
    assert [s.title for s in meeting.sessions] == ["Opening", "Debate"]


def test_a_french_version_after_the_english_one_is_ignored_with_a_warning() -> None:
    result = parse(
        "Commission", "Geneva, 10-11 April 2023", "", "Monday, 10 April 2023", "10:00-13:00 Opening",
        "", "Ordre du jour de la session", "Lundi 10 avril 2023", "10:00-13:00 Ouverture de la session",
    )  # fmt: skip
    assert [s.title for s in result.meeting.sessions] == ["Opening"]
    assert any(w.line == 7 and "another language" in w.message for w in result.warnings)


def test_mojibake_and_junk_bytes_are_tolerated() -> None:
    garbled = (
        "Workshop\nGeneva, 3 June 2024\n\n10:00\u00e2\u20ac\u201c11:00 Opening\n\ufffd\ufffd\n"
    )
    meeting = text_importer.parse(garbled, source="page.txt").meeting
    assert times(meeting) == [("Opening", "10:00", "11:00")]


# --- cut-off pages and refusals ------------------------------------------------------


def test_a_page_cut_off_part_way_is_imported_with_a_warning_and_keeps_its_dates() -> None:
    result = parse(
        "Commission", "New York, 10-14 April 2023", "", "Monday, 10 April", "10:00-13:00 Opening",
        "Thursday, 13 April", "10:00-13:00 Debate on",
    )  # fmt: skip
    assert (result.meeting.start_date, result.meeting.end_date) == (
        date(2023, 4, 10),
        date(2023, 4, 14),
    )
    assert any("the page seems to stop after line 7" in w.message for w in result.warnings)


def test_a_page_that_states_its_dates_is_never_told_it_states_none() -> None:
    with pytest.raises(AgendaImportError) as caught:
        parse("Commission", "New York, 10-14 April 2023", "", "Some words about it.")
    assert "states no dates" not in caught.value.message
    assert "no agenda" in caught.value.message


def test_every_warning_names_its_line() -> None:
    result = parse(
        "Commission", "New York, 10-14 April 2023", "", "Monday, 10 April", "10:00-13:00 Opening",
        "Morning session", "1. Item", "Morning session", "2. Item",
    )  # fmt: skip
    assert result.warnings and all(w.line for w in result.warnings)


def test_people_on_lines_of_their_own_with_a_role_heading_and_wrapped_affiliations() -> None:
    meeting = parse(
        "Commission", "New York, 10-14 April 2023", "", "Monday, 10 April",
        "10 \u2013 11 a.m.      High-level opening",
        "                  Chair: H.E. Mr. G. Lupu, Permanent Representative of the Republic of",
        "                  Moldova to the United Nations",
        "",
        "                  Keynote address",
        "                  Prof. W. Lindner, Deputy Director General, International",
        "                  Institute for Applied Systems Analysis (IIASA)",
        "",
        "                  1. Election of officers",
    ).meeting  # fmt: skip
    (session,) = meeting.sessions
    assert [(p.name, p.role) for p in session.people] == [
        ("G. Lupu", Role.CHAIR),
        ("W. Lindner", Role.KEYNOTE),
    ]
    assert session.people[0].affiliation.endswith("Moldova to the United Nations")
    assert "(IIASA)" in session.people[1].affiliation
    assert [(i.number, i.title) for i in session.items] == [("1", "Election of officers")]


def test_a_time_cell_holding_the_room_and_every_timed_row_a_session() -> None:
    meeting = parse(
        "Working Week 2004 - Athens, Greece", "",
        "| Monday May 24, 2004 |",
        "| 09:00-10:30 Aphrodite | Plenary Session 1 - Geodesy |",
        "| 09:00-17:00 Ballroom III | Exhibition |",
        "| 10:30-11:00 | Coffee Break |",
    ).meeting  # fmt: skip
    assert [(s.title, s.room) for s in meeting.sessions] == [
        ("Plenary Session 1 - Geodesy", "Aphrodite"),
        ("Exhibition", "Ballroom III"),
        ("Coffee Break", ""),
    ]


def test_with_no_place_in_the_header_a_country_named_in_the_programme_gives_the_zone() -> None:
    result = parse(
        "ANNEX 1 - PROGRAMME", "", "Tuesday, 2 March 2004",
        "09:00 - 09:30 Meeting opened by the Government of the Philippines (Ramon A. de Rueda, DENR)",
        "Words of welcome from ITTO (Eva Moller)",
    )  # fmt: skip
    assert result.meeting.timezone == "Asia/Manila"
    assert any("Philippines" in w.message and w.line == 4 for w in result.warnings)
    (session,) = result.meeting.sessions
    assert [p.name for p in session.people] == ["Ramon A. de Rueda", "Eva Moller"]


def test_a_start_only_timetable_of_item_rows_with_titles_on_the_next_lines() -> None:
    meeting = parse(
        "Programme Committee", "Rome, 9 \u2013 13 May 2005", "", "MONDAY,", "9 May",
        "10.00 hrs Item 1", "Provisional Agenda, for adoption", "(docs. PC 93/1; PC 93/INF/1)",
        "    Item 3", "Programme of Work and Budget 2006-07 in summary",
        "  14.30 hrs Item 3", "Programme of Work and Budget 2006-07 in summary cont\u2019d (doc. CL 128/3)",
        "", "TUESDAY,", "10 May",
        "09.30 hrs Item 4", "Auto-evaluation: a) Early experience (doc. PC 93/4 a) b) Summaries (doc. PC 93/4 b)",
        "  14.30 hrs Item 5", "Evaluation of Programme 2.1.3, Livestock Production, Policy and", "Information",
        "", "14.30 hrs", "", "Programme Committee", "(Mexico Room, D-211)", "", "Item 6", "Technical Cooperation",
    ).meeting  # fmt: skip
    monday, tuesday = meeting.days
    assert times(monday) == [("Session", "10:00", "14:30"), ("Session", "14:30", "")]
    assert [(i.number, i.continues) for i in monday.sessions[1].items] == [("3", "3")]
    first = tuesday.sessions[0].items[0]
    assert (first.title, first.sub_points) == (
        "Auto-evaluation",
        ("a) Early experience (doc. PC 93/4 a)", "b) Summaries (doc. PC 93/4 b)"),
    )
    assert tuesday.sessions[1].items[0].title.endswith("Policy and Information")
    last = tuesday.sessions[2]
    assert (last.title, last.room, [i.number for i in last.items]) == (
        "Programme Committee",
        "Mexico Room, D-211",
        ["6"],
    )


def test_a_twelve_hour_day_without_am_or_pm_moves_forward_past_noon() -> None:
    result = parse(
        "Timetable for 2012-03-29", "", "10.30 - Coffee", "11.30 - Working groups",
        "1.00 - 2.15 Lunch", "2.15 - 3.15 - Next steps",
    )  # fmt: skip
    assert (result.meeting.start_date, result.meeting.end_date) == (date(2012, 3, 29),) * 2
    assert times(result.meeting) == [
        ("Coffee", "10:30", "11:30"),
        ("Working groups", "11:30", "13:00"),
        ("Lunch", "13:00", "14:15"),
        ("Next steps", "14:15", "15:15"),
    ]
    assert any(w.line == 5 and "01:00 read as 13:00" in w.message for w in result.warnings)
    assert any("time zone" in w.message and "--tz" in w.message for w in result.warnings)


def test_a_press_dateline_does_not_date_the_meeting_a_sentence_with_a_weekday_does() -> None:
    meeting = parse(
        "NEW YORK (October 10, 2012) \u2013 A panel on goals, to be held on Tuesday, 16 October 2012, "
        "from 10:00 AM \u2013 1:00 PM.",
        "PROGRAMME",
        "10:05 \u2013 10:45 Presentations by the Panelists",
        "Ms. Kate Rayworth, Senior Researcher, Oxfam GB",
    ).meeting
    assert meeting.start_date == date(2012, 10, 16)
    assert [(p.name, p.role) for p in meeting.sessions[0].people] == [
        ("Kate Rayworth", Role.PANELIST)
    ]


def test_an_hourless_heading_over_timed_rows_gives_them_its_room() -> None:
    meeting = parse(
        "Preparatory event", "16-17 March 2005", "", "16 MARCH", "MORNING Plenary (ECOSOC Chamber)",
        "10:00-11:00 Opening statement", "Keynote speech by Mr. Jeffrey Saks, Special Advisor",
        "11:00 - 1:00", "Roundtable 1: Eradicating poverty (ECOSOC Chamber)",
    ).meeting  # fmt: skip
    assert [(s.title, s.room) for s in meeting.sessions] == [
        ("Opening statement", "ECOSOC Chamber"),
        ("Roundtable 1: Eradicating poverty", "ECOSOC Chamber"),
    ]
    assert times(meeting)[1][1:] == ("11:00", "13:00")
    assert meeting.sessions[0].people[0].role is Role.KEYNOTE
    assert meeting.timezone == "America/New_York"


def test_a_whole_table_run_onto_one_line_is_read_cell_by_cell() -> None:
    meeting = parse(
        "Standing Committee", "First meeting, Geneva, 13-14 September 1999", "",
        "| Monday 13 September | | 08.30 - 09.15 | Opening of the meeting | 09.15 - 12.15 | "
        "Topic 1 : Standards, introduced by Mr Stefan Vigier (UNMAS) Mr Bill Howe (HI) | "
        "10.00 - 1015 | Coffee break | 16.00 - 16.15 | Coffee break | Tuesday 14 September | | "
        "18.30 | Reception |",
    ).meeting  # fmt: skip
    assert [
        (s.day.day, s.title, s.starts_at.strftime("%H:%M") if s.starts_at else "")
        for s in meeting.sessions
    ] == [
        (13, "Opening of the meeting", "08:30"),
        (13, "Topic 1 : Standards, introduced", "09:15"),
        (13, "Coffee break", "10:00"),
        (13, "Coffee break", "16:00"),
        (14, "Reception", "18:30"),
    ]
    assert [(p.name, p.affiliation) for p in meeting.sessions[1].people] == [
        ("Stefan Vigier", "UNMAS"),
        ("Bill Howe", "HI"),
    ]
    assert meeting.sessions[2].ends_at and meeting.sessions[2].ends_at.strftime("%H:%M") == "10:15"


def test_numbered_items_under_an_all_day_row_each_with_its_own_time() -> None:
    meeting = parse(
        "Joint Annual Meetings", "Abuja, Nigeria", "25 to 30 March 2014", "", "Tuesday, 25 March 2014",
        "9.30 a.m. \u2013 6.30 p.m.", "Committee of Experts opening session (Congress Hall)",
        " 9.30 -10 a.m.", "Agenda item 1: Opening of the meeting",
        " 10. 30 a. m. \u2013 12 p.m.", "Agenda item 3: Recent developments",
    ).meeting  # fmt: skip
    (session,) = meeting.sessions
    assert (session.title, session.room) == (
        "Committee of Experts opening session",
        "Congress Hall",
    )
    assert [
        (i.number, i.starts_at.strftime("%H:%M") if i.starts_at else "") for i in session.items
    ] == [
        ("1", "09:30"),
        ("3", "10:30"),
    ]


def test_side_events_with_the_time_and_room_after_the_title_and_the_chair_in_a_sentence() -> None:
    meeting = parse(
        "2009 Meeting of Experts", "",
        "The Meeting of Experts took place in the Palais des Nations from 24 to 28 August 2009, "
        "chaired by Ambassador Marek Grinberg of Canada. It discussed disease surveillance.",
        "", "Monday 24 August",
        "Launch of the EU Joint Action supporting the Biological Weapons Convention, 13:00-15:00, Room XXIII",
        "BWC ISU - Speed Networking - 14:30-15:00, Room XXII",
    ).meeting  # fmt: skip
    assert (meeting.start_date, meeting.end_date, meeting.timezone) == (
        date(2009, 8, 24),
        date(2009, 8, 28),
        "Europe/Zurich",
    )
    assert meeting.people == (Person("Marek Grinberg", Role.CHAIR, "Canada"),)
    assert [(s.title, s.room) for s in meeting.sessions] == [
        (
            "Launch of the EU Joint Action supporting the Biological Weapons Convention",
            "Room XXIII",
        ),
        ("BWC ISU - Speed Networking", "Room XXII"),
    ]


def test_a_one_day_meeting_dated_by_a_day_header_above_its_venue_with_link_debris() -> None:
    meeting = parse(
        "High Level Meeting Agenda", "", "Thursday, 1 March 2012", "",
        "OECD Headquarters, 2 rue Andr\u00e9 Pascal, Paris", "", "Provisional Agenda", "",
        "Click here to download the list of participants.", "",
        "Andrzej Piekarski - Commissioner for Development, European Commission", "",
        "09:15 - Opening Keynote Address", "\u2022 Angelo Guerra - OECD Secretary-General",
        "9:40 - Opening remarks of the Chairs",
    ).meeting  # fmt: skip
    assert (meeting.start_date, meeting.timezone) == (date(2012, 3, 1), "Europe/Paris")
    assert times(meeting) == [
        ("Opening Keynote Address", "09:15", "09:40"),
        ("Opening remarks of the Chairs", "09:40", ""),
    ]
    assert [(p.name, p.role) for p in meeting.sessions[0].people] == [
        ("Angelo Guerra", Role.KEYNOTE)
    ]
    assert [p.name for p in meeting.people] == ["Andrzej Piekarski"]


def test_an_arrival_day_just_before_the_stated_dates_is_kept_with_a_warning() -> None:
    result = parse(
        "Regional meeting", "20-22 August 2002, Metro Manila, Philippines", "",
        "Day 1, 19 August 2002 (Mon)", "18:00 Arrival of participants",
        "Day 2, 20 August 2002 (Tue)", "09:00-10:00 Opening",
    )  # fmt: skip
    meeting = result.meeting
    assert (meeting.start_date, meeting.end_date) == (date(2002, 8, 20), date(2002, 8, 22))
    assert [d.date for d in meeting.days] == [date(2002, 8, 19), date(2002, 8, 20)]
    assert any(w.line == 4 and "outside the meeting's dates" in w.message for w in result.warnings)


def test_a_continued_item_with_no_title_of_its_own_takes_the_original_title() -> None:
    meeting = parse(
        "Commission", "New York, 5-6 February 2024", "", "Monday, 5 February", "Morning (10 a.m.\u20131 p.m.)",
        "Item 3  Follow-up to the World Summit", "Afternoon (3\u20136 p.m.)", "Item 3 (continued)",
    ).meeting  # fmt: skip
    first, again = (i for _, i in meeting.items())
    assert (again.number, again.continues, again.title) == (
        "3",
        "3",
        "Follow-up to the World Summit (continued)",
    )


def test_a_tables_header_row_is_not_an_item() -> None:
    meeting = parse(
        "Workshop", "Nairobi, 12 June 2023", "", "Time | Session | Speaker",
        "09:00 \u2013 09:30 | Welcome and opening remarks | Dr. Amina Yusuf, UNEP",
    ).meeting  # fmt: skip
    assert [s.title for s in meeting.sessions] == ["Welcome and opening remarks"]
    assert [p.name for p in meeting.sessions[0].items[0].people] == ["Amina Yusuf"]


def test_the_end_of_the_day_is_when_the_last_session_ends_not_a_session() -> None:
    meeting = parse(
        "Expert Group Meeting", "UN Headquarters, New York", "7 June 2023", "",
        "2.30pm Panel 2: Education", "5.00pm Close", "",
    ).meeting  # fmt: skip
    assert times(meeting) == [("Panel 2: Education", "14:30", "17:00")]
    other = parse(
        "Meeting", "Geneva, 7 June 2023", "", "16:00", "Closing session", "18:30", "End of day"
    ).meeting
    assert times(other) == [("Closing session", "16:00", "18:30")]


def test_a_table_that_repeats_the_date_on_every_row_warns_nothing() -> None:
    result = parse(
        "Bonn Climate Change Conference", "Bonn, 5\u201315 June 2023", "", "Date | Time | Meeting | Room",
        "Monday 5 June | 10:00\u201313:00 | Opening plenary | Plenary Hall",
        "Monday 5 June | 15:00\u201318:00 | Contact group | Room Berlin",
    )  # fmt: skip
    assert [(s.title, s.room) for s in result.meeting.sessions] == [
        ("Opening plenary", "Plenary Hall"),
        ("Contact group", "Room Berlin"),
    ]
    assert not [w for w in result.warnings if "listed again" in w.message]


def test_a_letter_with_no_programme_is_one_session_from_the_opening_time_it_states() -> None:
    result = parse(
        "Invitation to the Executive Board",
        "",
        "The Director-General invites you to the 144th session of the Executive Board, which",
        "will be convened on Thursday, 24 January 2019, at 09:30, at the headquarters in Geneva.",
        "The session will close on Friday, 1 February 2019 at the latest.",
        "",
        "Registration opens on 18 December 2018.",
    )
    meeting = result.meeting
    assert (meeting.start_date, meeting.end_date) == (date(2019, 1, 24), date(2019, 2, 1))
    assert times(meeting) == [("Invitation to the Executive Board", "09:30", "")]
    assert any(w.line == 4 and "no programme" in w.message for w in result.warnings)


def test_a_timetable_slot_whose_title_is_missing_is_an_untitled_session() -> None:
    result = parse(
        "Amuse 2022", "UX conference \u00b7 6\u20137 October 2022 \u00b7 Budapest", "October 6",
        "09:20 - 09:40", "Opening ceremony", "09:40 - 10:40", "10:40 - 10:50", "Mini break",
    )  # fmt: skip
    assert times(result.meeting) == [
        ("Opening ceremony", "09:20", "09:40"),
        ("Session", "09:40", "10:40"),
        ("Mini break", "10:40", "10:50"),
    ]
    assert any(w.line == 6 and "untitled session" in w.message for w in result.warnings)


def test_a_programme_with_its_only_date_below_it_takes_that_date() -> None:
    result = parse(
        "Workshop", "", "09:00-10:00 Registration", "10:00-11:00 Opening", "", "Geneva, 3 June 2024"
    )
    assert [d.date for d in result.meeting.days] == [date(2024, 6, 3)]
    assert any(w.line == 3 and "line 6" in w.message for w in result.warnings)


def test_a_page_with_no_date_at_all_is_refused_without_claiming_otherwise() -> None:
    with pytest.raises(AgendaImportError) as caught:
        parse("Workshop", "", "09:00-10:00 Registration")
    assert caught.value.line == 3 and "no date is written anywhere" in caught.value.message


def test_a_timetable_with_a_who_column() -> None:
    meeting = parse(
        "Workshop on Climate Data", "Venue: UN House, Nairobi", "Date: 12 June 2023", "",
        "Time | Session | Speaker",
        "08:30 \u2013 09:00 | Registration | Secretariat",
        "09:00 \u2013 09:30 | Welcome and opening remarks | Amina Yusuf, UNEP",
        "09:30 \u2013 10:30 | Keynote: Data for adaptation | Li Wei (Tsinghua University)",
    ).meeting  # fmt: skip
    assert [(s.title, [p.name for p in s.people]) for s in meeting.sessions] == [
        ("Registration", []),
        ("Welcome and opening remarks", ["Amina Yusuf"]),
        ("Keynote: Data for adaptation", ["Li Wei"]),
    ]
    assert meeting.sessions[0].items[0].description == "Secretariat"


def test_an_agenda_of_numbered_items_under_the_name_and_dates_with_no_heading() -> None:
    result = parse(
        "Agenda", "", "UNESCO Intergovernmental Council", "Paris, UNESCO Headquarters, Room IV",
        "21 - 23 November 2022", "", "1.  Opening of the session", "2.  Adoption of the agenda",
        "    2.1  Timetable", "3.  Closure",
    )  # fmt: skip
    meeting = result.meeting
    assert meeting.title == "UNESCO Intergovernmental Council"
    assert [i.number for _, i in meeting.items()] == ["1", "2", "3"]
    assert not [w for w in result.warnings if "stop after" in w.message]


def test_a_chair_in_parentheses_after_a_session_title() -> None:
    meeting = parse(
        "IPCC Expert Meeting",
        "Vienna, 12 March 2024",
        "",
        "09:30 \u2013 10:30   Session 1: Scoping (Chair: Jim Skea)",
    ).meeting
    (session,) = meeting.sessions
    assert (session.title, session.people) == (
        "Session 1: Scoping",
        (Person("Jim Skea", Role.CHAIR, ""),),
    )


def test_numbered_sentences_of_a_letter_are_not_items() -> None:
    result = parse(
        "Invitation", "The Board will be convened on Thursday, 24 January 2019, at 09:30, in Geneva.", "",
        "1. The session of the Board meets at headquarters and opens at 09:30 on that day.",
        "2. Registration online is required for every representative.",
    )  # fmt: skip
    assert [
        (s.starts_at.strftime("%H:%M") if s.starts_at else "", s.items)
        for s in result.meeting.sessions
    ] == [("09:30", ())]


def test_a_note_in_parentheses_above_the_name_is_not_the_title() -> None:
    meeting = parse(
        "(French version below)",
        "ICH NGO Forum",
        "Bogot\u00e1, 7 December 2019",
        "",
        "09:30 Opening",
    ).meeting
    assert meeting.title == "ICH NGO Forum"


def test_outline_numbers_alone_on_a_line_number_the_title_below_as_sub_items() -> None:
    meeting = parse(
        "Council", "Rome, 20-25 June 2005", "", "Monday 20 June", "Morning (10.00 - 13.00 hours)",
        "Item 16", "", "Other constitutional questions", "", "16.1", "",
        "Non-member nations invited to attend: for decision", "", "16.2",
        "Applications for membership: for decision", "", "Item 7",
        "Report of the Committee on Food Security", "(Rome, 23-26 May 2005): for discussion",
    ).meeting  # fmt: skip
    (session,) = meeting.sessions
    assert [i.number for i in session.items] == ["16", "7"]
    assert session.items[0].sub_points == (
        "16.1 Non-member nations invited to attend: for decision",
        "16.2 Applications for membership: for decision",
    )
    # A bracket opening the next line carries the title on.
    assert session.items[1].title == (
        "Report of the Committee on Food Security (Rome, 23-26 May 2005): for discussion"
    )


def test_a_title_wrapped_after_its_colon_keeps_the_colon() -> None:
    meeting = parse(
        "Council", "Rome, 20-25 June 2005", "", "Monday 20 June", "Morning (10.00 - 13.00 hours)",
        "12. Report of the Programme Committee (Rome, 9-13 May 2005):", "for discussion and decision",
    ).meeting  # fmt: skip
    assert meeting.sessions[0].items[0].title == (
        "Report of the Programme Committee (Rome, 9-13 May 2005): for discussion and decision"
    )


def test_weekday_and_day_headers_take_their_month_from_the_meetings_dates_across_months() -> None:
    meeting = parse(
        "Postgraduate Meeting", "30 August - 1 September 2017", "", "Wednesday, 30th",
        "19.30 Ceilidh", "", "Thursday, 31st", "8.00 - 9.00 Breakfast", "19.00 Dinner", "",
        "Friday, 1st", "9.00 Talks",
    ).meeting  # fmt: skip
    assert [d.date for d in meeting.days] == [
        date(2017, 8, 30), date(2017, 8, 31), date(2017, 9, 1)
    ]  # fmt: skip
    # "8.00 - 9.00" shows the page writes clocks with a dot: "19.30 Ceilidh" is a time.
    assert [times(d) for d in meeting.days] == [
        [("Ceilidh", "19:30", "")],
        [("Breakfast", "08:00", "09:00"), ("Dinner", "19:00", "")],
        [("Talks", "09:00", "")],
    ]


def test_a_section_number_stays_a_section_number_on_a_page_with_outline_numbers() -> None:
    meeting = parse(
        "Workshop", "3 June 2024", "", "9.00 - 12.00 Morning session", "4.1 Data sources",
        "4.10 Data quality",
    ).meeting  # fmt: skip
    assert len(meeting.sessions) == 1


def test_a_un_provisional_agenda_with_a_symbol_column_and_hanging_sub_items() -> None:
    meeting = parse(
        "Centre for Trade Facilitation",
        "(Second session, 15-16 September 1997)",
        "",
        "   to be held in the Palais des Nations, Geneva, starting at 3:00 p.m.",
        "                on Monday, 15 September 1997",
        "",
        "1.   Adoption of the agenda                      TRADE/CEFACT/1997/2",
        "7.   Moving to the new structures",
        "     7.1  Matters arising from the meeting        TRADE/CEFACT/GE.1/1997/1",
        "          of Experts on Procedures and Documentation",
        "          (GE.2)",
        "8.   Other business",
    ).meeting
    (session,) = meeting.sessions
    assert session.starts_at is not None and session.starts_at.strftime("%H:%M") == "15:00"
    assert [(i.number, i.title) for i in session.items] == [
        ("1", "Adoption of the agenda"),
        ("7", "Moving to the new structures"),
        ("8", "Other business"),
    ]
    # A line starting in lower case or indented under a sub-item carries it on;
    # "... Documentation" is no heading of a document list.
    assert session.items[1].sub_points == (
        "7.1 Matters arising from the meeting of Experts on Procedures and Documentation (GE.2)",
    )
    assert [d.symbol for d in meeting.documents] == [
        "TRADE/CEFACT/1997/2", "TRADE/CEFACT/GE.1/1997/1"
    ]  # fmt: skip


def test_a_tab_separated_timetable_with_number_cells_and_parts_of_the_day() -> None:
    meeting = parse(
        "Committee on Food Security", "Rome, 20-21 September 2004", "", "\tItem\t",
        "Monday 20 September",
        "h. 8.30-10.00\t\tRegistration of delegates",
        "h. 10.00 \u2013 13.00\tI.\tORGANIZATIONAL MATTERS",
        "\t\ta) Election of the Chairperson",
        "\t\tb) Adoption of the agenda",
        "\tII & III.\tTHE WORLD FOOD SITUATION",
        "(afternoon)",
        "h. 14.30\tI\te) Lecture on food security",
        "(evening)\t\tDRAFTING COMMITTEE",
    ).meeting  # fmt: skip
    sessions = meeting.sessions
    assert times(meeting) == [
        ("Registration of delegates", "08:30", "10:00"),
        ("ORGANIZATIONAL MATTERS", "10:00", "13:00"),
        ("Lecture on food security", "14:30", ""),
        ("DRAFTING COMMITTEE", "", ""),
    ]
    # A number in a cell of its own numbers the cell after it; rows that start
    # with a number are items, not the row above carried on.
    assert [(i.number, i.title) for i in sessions[1].items] == [
        ("I", "ORGANIZATIONAL MATTERS"),
        ("II & III", "THE WORLD FOOD SITUATION"),
    ]
    assert sessions[1].items[0].sub_points == (
        "a) Election of the Chairperson", "b) Adoption of the agenda"
    )  # fmt: skip
    assert [(i.number, i.title) for i in sessions[2].items] == [("e", "Lecture on food security")]


def test_an_untimed_activity_before_the_first_timed_row_is_a_session_of_its_own() -> None:
    meeting = parse(
        "Parliamentary Network", "", "Paris, 10 October 2018", "", "Wednesday 10 October 2018", "",
        "Arrival of participants and morning coffee", "", "09.00 - 09.10", "",
        "Welcome address", "", "09.10 - 10.00", "", "Ten years on from the crisis",
    ).meeting  # fmt: skip
    assert times(meeting) == [
        ("Arrival of participants and morning coffee", "", ""),
        ("Welcome address", "09:00", "09:10"),
        ("Ten years on from the crisis", "09:10", "10:00"),
    ]


def test_a_session_heading_with_a_start_and_nothing_under_it_runs_to_the_next_start() -> None:
    meeting = parse(
        "Workshop on Data", "Nairobi, Kenya, 10 April 2023", "",
        "09:00\tOpening remarks\tRoom A", "11:00\tSession 1: Methods\tRoom A",
        "15:30\tCoffee break\t",
    ).meeting  # fmt: skip
    assert times(meeting)[1] == ("Session 1: Methods", "11:00", "15:30")


def test_the_hours_written_after_the_date_line_are_the_untimed_programmes() -> None:
    meeting = parse(
        "Side event", "New York, 12 March 2024, 1:15 pm - 2:30 pm", "Conference Room 6", "",
        "Programme", "Welcome remarks", "Panel discussion", "Closing",
    ).meeting  # fmt: skip
    (session,) = meeting.sessions
    assert times(meeting) == [(session.title, "13:15", "14:30")]
    assert [i.title for i in session.items] == ["Welcome remarks", "Panel discussion", "Closing"]


def test_a_city_where_a_sentence_says_the_meeting_is_held_gives_the_time_zone() -> None:
    meeting = parse(
        "Workshop on soils", "",
        "The workshop will take place in Rome on 5 and 6 May 2022, in the main building.", "",
        "Thursday 5 May", "09:00 Opening", "Friday 6 May", "09:00 Closing",
    ).meeting  # fmt: skip
    assert meeting.timezone == "Europe/Rome"


def test_without_day_headers_the_dates_written_with_the_meeting_beat_a_bare_date_above() -> None:
    result = parse(
        "Committee on Housing", "", "E/ECE/1234", "12 July 2019", "", "Eightieth session",
        "Geneva, 2-4 October 2019", "", "Provisional agenda", "", "1. Adoption of the agenda",
        "2. Housing policy",
    )  # fmt: skip
    meeting = result.meeting
    assert (meeting.start_date, meeting.end_date) == (date(2019, 10, 2), date(2019, 10, 4))
    assert meeting.sessions[0].day == date(2019, 10, 2)
    assert any(w.line == 4 and "taken from line 7" in w.message for w in result.warnings)


def test_a_grid_with_a_day_per_column_is_read_day_by_day() -> None:
    meeting = parse(
        "Retreat", "Montreux, Switzerland, 3-4 June 2024", "",
        "| Time | Monday 3 June | Tuesday 4 June |",
        "| 09:00 | Opening | Field visit |",
        "| 12:00 | Lunch | Lunch |",
        "| 14:00 | | Closing |",
    ).meeting  # fmt: skip
    assert [(d.date.day, times(d)) for d in meeting.days] == [
        (3, [("Opening", "09:00", "12:00"), ("Lunch", "12:00", "")]),
        (
            4,
            [
                ("Field visit", "09:00", "12:00"),
                ("Lunch", "12:00", "14:00"),
                ("Closing", "14:00", ""),
            ],
        ),
    ]


def test_a_un_masthead_and_the_documents_symbol_are_not_the_meetings_title() -> None:
    meeting = parse(
        "UNITED NATIONS          Distr.", "                        GENERAL", "",
        "                        E/ECE/1234", "                        Original: ENGLISH", "",
        "Committee on Housing", "Geneva, 2-4 October 2019", "", "1. Adoption of the agenda",
    ).meeting  # fmt: skip
    assert meeting.title == "Committee on Housing"


def test_a_header_line_naming_a_city_wins_over_an_earlier_generic_room() -> None:
    meeting = parse(
        "Meeting of experts", "10 - 12 February 2014", "AUC Small Conference Room 2",
        "Addis Ababa, Ethiopia", "", "Monday, 10 February 2014", "09:00 - 09:30 Opening",
    ).meeting  # fmt: skip
    assert meeting.timezone == "Africa/Addis_Ababa"
    assert meeting.venue == "Addis Ababa, Ethiopia"


def test_a_city_in_the_title_wins_over_an_organisers_address_in_the_header() -> None:
    meeting = parse(
        "5th Project Meeting, Tallinn", "Meeting called by:", "Bournemouth University", "",
        "Wednesday 6 October, 2010", "09:00 - 09:10 Welcome",
    ).meeting  # fmt: skip
    assert meeting.timezone == "Europe/Tallinn"


def test_an_evening_on_a_12_hour_clock_is_read_as_pm() -> None:
    result = parse(
        "Centers Workshop", "Rome, 9 - 10 June 2016", "", "Thursday, June 9",
        "5:00 Reception and icebreaker", "5:45 Welcome and introductions", "6:45 Dinner together",
        "", "Friday, June 10", "8:00-8:15 Greeting", "1:00-2:30 Working groups",
    )  # fmt: skip
    thursday, friday = result.meeting.days
    assert [s for _, s, _ in times(thursday)] == ["17:00", "17:45", "18:45"]
    assert times(friday)[0][1:] == ("08:00", "08:15")
    assert any("read as afternoon" in w.message and w.line == 5 for w in result.warnings)


def test_an_early_day_marked_am_stays_in_the_morning() -> None:
    meeting = parse(
        "Sunrise walk", "Rome, 9 June 2016", "", "Thursday, June 9",
        "5:00 a.m. Gathering", "5:45 Walk", "7:00 Breakfast",
    ).meeting  # fmt: skip
    assert [s for _, s, _ in times(meeting)] == ["05:00", "05:45", "07:00"]


def test_a_press_release_listing_one_dated_event_per_line() -> None:
    meeting = parse(
        "Leaders meet on a common agenda", "", "Highlights:", "",
        "23 May, 10am - 12.30pm: Opening of the session", "24 May, 2pm - 4pm: Roundtable",
        "", "When: 23 - 24 May 2022", "Where: Bangkok",
    ).meeting  # fmt: skip
    assert [(d.date, times(d)) for d in meeting.days] == [
        (date(2022, 5, 23), [("Opening of the session", "10:00", "12:30")]),
        (date(2022, 5, 24), [("Roundtable", "14:00", "16:00")]),
    ]


def test_an_event_page_whose_sittings_are_only_in_a_sentence() -> None:
    result = parse(
        "Meeting of the governance sub-group", "",
        "The sub-group, on the working methods of the bodies of the organization, meets on Monday "
        "8 May 2017 in Room XI (Fontenoy building), from 10 a.m. to 1 p.m. and again from 3 to 6 p.m.",
        "", "City Paris",
    )  # fmt: skip
    meeting = result.meeting
    assert times(meeting) == [
        ("Meeting of the governance sub-group", "10:00", "13:00"),
        ("Meeting of the governance sub-group", "15:00", "18:00"),
    ]
    assert [s.room for s in meeting.sessions] == ["Room XI", "Room XI"]
    assert meeting.timezone == "Europe/Paris"
    assert any("2 sessions" in w.message and w.line == 3 for w in result.warnings)


def test_a_documents_heading_above_the_venue_and_dates_leaves_them_the_meetings() -> None:
    meeting = parse(
        "Meeting report: Scoping Meeting", "", "Agenda and Presentations", "", "Scoping Meeting", "",
        "Brisbane, Australia", "", "26-28 February 2024", "", "Day 1", "9:00 - 9:30", "Registration",
        "", "Day 2", "9:00 - 12:00", "Break-out groups",
    ).meeting  # fmt: skip
    assert (meeting.start_date, meeting.end_date) == (date(2024, 2, 26), date(2024, 2, 28))
    assert [d.date for d in meeting.days] == [date(2024, 2, 26), date(2024, 2, 27)]
    assert meeting.timezone == "Australia/Brisbane"


def test_a_table_cell_holding_only_a_dotted_time_is_a_time() -> None:
    meeting = parse(
        "Expert meeting", "Addis Ababa, 10 February 2014", "", "Day 1 - 10 February 2014",
        "Time | Agenda Item", "09.00 - 12.00 | Opening", "12.00 | Lunch", "17.00 | End of Day 1",
    ).meeting  # fmt: skip
    assert times(meeting) == [("Opening", "09:00", "12:00"), ("Lunch", "12:00", "17:00")]


def test_once_talks_are_named_by_their_speakers_a_bare_name_is_a_speaker_too() -> None:
    meeting = parse(
        "Summer school", "Paris, 3 July 2014", "", "Thursday 3 July",
        "9:30am Mark Sandford, QMUL", "ontologies and the web", "11am Dora Bastelli",
        "value in a creative democracy", "12pm Lunch",
    ).meeting  # fmt: skip
    assert [[p.name for p in s.people] for s in meeting.sessions] == [
        ["Mark Sandford"], ["Dora Bastelli"], [],
    ]


def test_a_bare_name_alone_on_a_page_is_not_taken_for_a_speaker() -> None:
    meeting = parse("Summer school", "Paris, 3 July 2014", "", "9:30am Dora Bastelli", "12pm Lunch").meeting
    assert all(not s.people for s in meeting.sessions)


def test_a_session_given_only_its_start_holds_no_later_timed_rows() -> None:
    meeting = parse(
        "Workshop", "Arlington, 24 October 2003", "", "Friday, Oct 24, 2003",
        "9:00 Plenary Session", "9:20 Opening Address", "10:00 Q&A",
        "10:30 Break",
    ).meeting  # fmt: skip
    assert [(t, s, e) for t, s, e in times(meeting)] == [
        ("Plenary Session", "09:00", "09:20"), ("Opening Address", "09:20", "10:00"),
        ("Q&A", "10:00", "10:30"), ("Break", "10:30", ""),
    ]  # fmt: skip


def test_a_bracketed_row_opening_with_a_time_is_a_row() -> None:
    meeting = parse(
        "Workshop", "Rome, 10 June 2016", "", "Friday, June 10",
        "9:00-10:30 Teams work on their themes", "(10:00- Coffee Break as needed)",
        "10:30-11:00 Peer review",
    ).meeting  # fmt: skip
    assert ("Coffee Break as needed", "10:00", "10:30") in times(meeting)


def test_a_question_above_a_timed_row_is_a_note_not_a_session() -> None:
    result = parse(
        "Workshop", "Rome, 10 June 2016", "", "Friday, June 10", "Which team am I in?",
        "8:00-8:15 Greeting", "8:15-9:00 What has changed?",
    )  # fmt: skip
    assert [t for t, _, _ in times(result.meeting)] == ["Greeting", "What has changed?"]
    assert any(w.line == 5 and "question" in w.message for w in result.warnings)


def test_a_weekday_and_day_just_before_the_stated_dates_is_the_evening_before() -> None:
    result = parse(
        "Conferencia mundial", "Del 24 al 26 de octubre de 2017, Mérida", "",
        "Lunes 23 7:00 PM", "Recepción de bienvenida", "Martes 24 10:00 AM", "Bienvenida",
    )  # fmt: skip
    meeting = result.meeting
    assert [d.date for d in meeting.days] == [date(2017, 10, 23), date(2017, 10, 24)]
    assert meeting.start_date == date(2017, 10, 24)  # the stated dates stand
    assert times(meeting.days[0]) == [("Recepción de bienvenida", "19:00", "")]


def test_a_pm_slip_between_two_morning_rows_is_read_as_morning() -> None:
    result = parse(
        "Conference", "Rome, 25 October 2017", "", "Wednesday 25 October 2017",
        "10:20 AM Talk one", "10:40 PM Recess", "10:55 AM Talk two", "12:00 PM Lunch",
    )  # fmt: skip
    assert [s for _, s, _ in times(result.meeting)] == ["10:20", "10:40", "10:55", "12:00"]
    assert any(w.line == 6 and "read as 10:40" in w.message for w in result.warnings)


def test_a_title_quoted_whole_is_the_words_inside() -> None:
    meeting = parse(
        "Conference", "Rome, 25 October 2017", "", "Wednesday 25 October 2017",
        '18:20 "Science, nature and sustainability"', '19:00 The "green" agenda',
    ).meeting  # fmt: skip
    assert [t for t, _, _ in times(meeting)] == [
        "Science, nature and sustainability", 'The "green" agenda',
    ]


def test_a_note_in_brackets_under_a_session_is_no_item() -> None:
    result = parse(
        "Scoping meeting", "Brisbane, 26 February 2024", "", "Monday 26 February 2024",
        "10:00 - 13:00", "Plenary session 1", "(Presentations, then discussion)",
        "1. The task force in brief", "2. Why we meet", "", "(The report will carry the outcomes)",
    )  # fmt: skip
    (session,) = result.meeting.sessions
    assert [i.title for i in session.items] == ["The task force in brief", "Why we meet"]
    assert session.items[1].description == "(The report will carry the outcomes)"
    assert any(w.line == 7 and "note in brackets" in w.message for w in result.warnings)


def test_a_page_cut_off_in_an_open_time_range_keeps_that_row() -> None:
    result = parse(
        "Scoping meeting", "Brisbane, 26 February 2024", "", "Monday 26 February 2024",
        "13:00 - 14:30", "Lunch break", "14:30 - ",
    )  # fmt: skip
    assert times(result.meeting) == [("Lunch break", "13:00", "14:30"), ("Session", "14:30", "")]
    assert any(w.line == 7 and "cut off" in w.message for w in result.warnings)


def test_a_numbered_programme_heading_in_the_header_is_no_item() -> None:
    meeting = parse(
        "Kenya IGF 2022", "Hybrid Forum: 30 June 2022", "", "1. Programme", "",
        "08:00 - 08:15 Arrival and Registration", "08:15 - 08:30 Welcome",
    ).meeting  # fmt: skip
    assert [t for t, _, _ in times(meeting)] == ["Arrival and Registration", "Welcome"]


def test_an_untimed_row_that_repeats_a_timed_one_is_a_stray_copy() -> None:
    result = parse(
        "Forum", "Nairobi, 30 June 2022", "", "Thursday 30 June 2022", "Interlude: Clips from sponsors",
        "08:00 - 08:15 Arrival", "10:15 - 10:20 Interlude: Clips from sponsors",
    )  # fmt: skip
    assert [t for t, _, _ in times(result.meeting)] == ["Arrival", "Interlude: Clips from sponsors"]
    assert any(w.line == 5 and "repeats" in w.message for w in result.warnings)


def test_an_early_day_on_a_24_hour_page_stays_in_the_morning() -> None:
    meeting = parse(
        "Field meeting", "Rome, 9 - 10 June 2016", "", "Thursday, June 9", "14:00-17:00 Plenary",
        "", "Friday, June 10", "06:30 Bus departs", "07:00 Field visit",
    ).meeting  # fmt: skip
    assert [s for _, s, _ in times(meeting.days[1])] == ["06:30", "07:00"]
