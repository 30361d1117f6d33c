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


# --- titles and people of timetable rows ----------------------------------------


def _rows(result: ImportResult) -> list[tuple[str, list[tuple[str, str, str]]]]:
    return [
        (
            s.title,
            [(p.name, str(p.role), p.affiliation) for p in (*s.people, *(q for i in s.items for q in i.people))],
        )
        for s in result.meeting.sessions
    ]


def test_a_keynote_row_keeps_its_title_and_the_line_under_it_is_the_keynote_speaker() -> None:
    rows = _rows(parse(
        "Internet Forum, Nairobi, 30 June 2022",
        "",
        "08:45 – 09:00 Keynote: A Resilient Internet for a Shared, Sustainable and Common Future",
        "",
        "Daniel Mutua, Senior Director, for the Director-General, Communications Authority",
        "09:00 – 10:00 Plenary session",
    ))
    assert rows[0] == (
        "Keynote: A Resilient Internet for a Shared, Sustainable and Common Future",
        [("Daniel Mutua", "keynote", "Communications Authority")],
    )


def test_a_row_that_only_says_panel_takes_the_heading_above_it_and_lists_panelists() -> None:
    rows = _rows(parse(
        "Internet Forum, Nairobi, 30 June 2022",
        "",
        "Session 1: Governing Data and Protecting Privacy",
        "10:20 – 11:20 panel:",
        "Achieng Ouma, Data Commissioner, ODPC",
        "Moderator: Mark Owino",
        "11:20 – 11:35 Plenary session",
    ))
    assert rows[0] == (
        "Session 1: Governing Data and Protecting Privacy",
        [("Achieng Ouma", "panelist", "Data Commissioner, ODPC"), ("Mark Owino", "moderator", "")],
    )
    assert rows[1][0] == "Plenary session"  # the heading names the first row only


def test_people_listed_under_a_panel_are_its_panelists() -> None:
    rows = _rows(parse(
        "Internet Forum, Nairobi, 30 June 2022",
        "",
        "09:00 – 10:00 High-level Panel – Data and trust",
        "Peter Njoroge, Chief Corporate Affairs Officer, Safaricom",
    ))
    assert rows[0][1] == [("Peter Njoroge", "panelist", "Safaricom")]


def test_a_role_with_a_qualifier_glued_after_the_title_is_a_role() -> None:
    session = parse(
        "Internet Forum, Nairobi, 30 June 2022",
        "",
        "08:15 – 08:30Welcome and IntroductionsConference Moderator: Wanjiru Kamau",
    ).meeting.sessions[0]
    assert session.title == "Welcome and Introductions"
    assert [(p.name, p.role) for p in session.people] == [("Wanjiru Kamau", "moderator")]


# --- rooms ---------------------------------------------------------------------


def test_a_room_after_a_day_header_is_where_that_days_sessions_are_unless_they_say() -> None:
    sessions = parse(
        "Centers Workshop 2016, Geneva",
        "",
        "Thursday, June 9, 2016 (Palm Room, Hotel Contessa)",
        "17:00 Reception",
        "17:45 Welcome",
        "",
        "Friday, June 10, 2016 - sit with your team (Contessa Ballroom A)",
        "8:00-8:15 Greeting",
        "12:00-13:00 Lunch (Contessa A)",
    ).meeting.sessions
    assert [(s.title, s.room) for s in sessions] == [
        ("Reception", "Palm Room, Hotel Contessa"),
        ("Welcome", "Palm Room, Hotel Contessa"),
        ("Greeting", "Contessa Ballroom A"),
        ("Lunch", "Contessa A"),
    ]


def test_in_breakout_rooms_at_the_end_of_a_row_is_a_room_not_a_speaker() -> None:
    session = parse(
        "Centers Workshop, Geneva, 10 June 2016",
        "",
        "10:30-11:00 Teams review the other groups' themes. (In Breakout Rooms)",
    ).meeting.sessions[0]
    assert session.room == "Breakout Rooms"
    assert session.people == ()
    assert session.title == "Teams review the other groups' themes."


def test_the_city_the_dates_are_given_with_beats_the_letterhead_for_the_venue() -> None:
    meeting = parse(
        "Union logo Chemin du Pommier 5, 1218 Le Grand Saconnex/Geneva, Switzerland",
        "110TH ASSEMBLY",
        "The Union meets for its 110th Assembly in Mexico City (Mexico) from 15 to 23 April 2004.",
        "",
        "Thursday, 15 April 2004",
        "10:00 - 13:00 Governing Council",
    ).meeting
    assert meeting.venue == "Mexico City"
    assert meeting.timezone == "America/Mexico_City"


def test_a_role_after_a_session_title_names_its_person() -> None:
    session = parse(
        "Workshop, Arlington, Virginia, 24 October 2003",
        "",
        "9:00   Plenary Session:  Moderator:  Luis Ferrer, Florida International University",
        "9:20   Opening Address",
    ).meeting.sessions[0]
    assert session.title == "Plenary Session"
    assert [(p.name, p.role, p.affiliation) for p in session.people] == [
        ("Luis Ferrer", "moderator", "Florida International University")
    ]


def test_an_end_time_that_lost_its_colon_after_an_en_dash_is_still_the_end() -> None:
    session = parse(
        "Forum, Nairobi, 30 June 2022",
        "",
        "11:50  – 1200Interlude: Clips from event sponsors",
    ).meeting.sessions[0]
    assert (session.title, session.room) == ("Interlude: Clips from event sponsors", "")
    assert (session.starts_at.strftime("%H:%M"), session.ends_at.strftime("%H:%M")) == ("11:50", "12:00")


def test_a_row_named_by_its_speaker_takes_the_line_under_it_as_the_talk() -> None:
    sessions = parse(
        "Summer school, Paris, 2 July 2014",
        "",
        "9:30am Axel Kern, Princeton University",
        "computational design in architecture",
        "10:30am Coffee",
    ).meeting.sessions
    talk = sessions[0]
    assert talk.title == "computational design in architecture"
    assert [(p.name, p.affiliation) for p in talk.people] == [("Axel Kern", "Princeton University")]
    assert [i.title for i in talk.items] == ["computational design in architecture"]
    assert sessions[1].title == "Coffee"


# --- items -------------------------------------------------------------------------


def test_a_title_wrapped_after_an_article_carries_on_and_a_bracketed_item_number_is_its_number() -> None:
    session = parse(
        "Regional Committee, New Delhi, 2-6 September 2019",
        "",
        "2 Sept. 2019",
        "9:30 a.m.–12:30 p.m.",
        "Opening of the Seventy-second Session of the",
        "Regional Committee",
        "Adoption of the Agenda (Item 4)",
        "Programme Budget 2018–2019: Implementation (Item 7.1)",
    ).meeting.sessions[0]
    assert session.title == "Opening of the Seventy-second Session of the Regional Committee"
    assert [(i.number, i.title) for i in session.items][-2:] == [
        ("4", "Adoption of the Agenda"),
        ("7.1", "Programme Budget 2018–2019: Implementation"),
    ]


def test_a_title_ending_in_and_does_not_swallow_the_name_on_the_next_line() -> None:
    session = parse(
        "Conference, Johannesburg, 16 November 2007",
        "",
        "Friday, 16 November 2007",
        "17h00 to 17h20: Outcomes presented by the Rapporteur and",
        "Thandiwe Mokoena",
    ).meeting.sessions[0]
    assert session.title != "Outcomes presented by the Rapporteur and Thandiwe Mokoena"


def test_a_speaker_with_an_honorific_after_a_colon_ends_the_title() -> None:
    session = parse(
        "Conference, Johannesburg, 16 November 2007",
        "",
        "Friday, 16 November 2007",
        "17h00 to 17h20: Outcomes Document presented: Dr T Khumalo, Nepad Secretariat",
    ).meeting.sessions[0]
    assert session.title == "Outcomes Document presented"
    assert [(p.name, p.affiliation) for p in session.people] == [("T Khumalo", "Nepad Secretariat")]


# --- talks named by their speakers ---------------------------------------------------


MERIDA_LIKE = (
    "Conferencia, Mérida, 24 de octubre de 2017",
    "",
    "Martes 24 de octubre de 2017",
    "12:00 PM CEREMONIA DE INAUGURACIÓN",
    "1:00 PM Tomás Canul Pech",
    "1:25 PM Claire Dubois-Marchand",
    "1:45 PM Guadalupe Ortiz de Montellano",
    "2:05 PM ALMUERZO",
    "4:00 PM Karim Mostafa Hassan y Omar Fathy El Sayed",
    "4:55 PM Sociedades milenarias: pensamiento y mito",
)


def test_rows_that_are_only_names_on_a_page_of_such_rows_are_talks_by_those_speakers() -> None:
    people = {s.title: [p.name for p in s.people] for s in parse(*MERIDA_LIKE).meeting.sessions}
    assert people["Guadalupe Ortiz de Montellano"] == ["Guadalupe Ortiz de Montellano"]
    assert people["Karim Mostafa Hassan y Omar Fathy El Sayed"] == [
        "Karim Mostafa Hassan", "Omar Fathy El Sayed"
    ]
    assert people["CEREMONIA DE INAUGURACIÓN"] == []
    assert people["Sociedades milenarias: pensamiento y mito"] == []


def test_one_or_two_title_case_rows_are_not_taken_for_speakers() -> None:
    sessions = parse(
        "Workshop, Paris, 2 July 2014",
        "",
        "9:00 Data Sharing",
        "10:00 Open Discussion",
        "11:00 Closing Remarks",
    ).meeting.sessions
    assert all(not s.people for s in sessions)


def test_rows_ending_in_a_dash_and_a_name_on_a_page_of_such_rows_name_their_speakers() -> None:
    sessions = parse(
        "Centers Workshop, Geneva, 9 June 2016",
        "",
        "5:45 Welcome and introductions - Dana Kessler",
        "6:00 Why we are here - Owen Marsh",
        "6:20 What the sites did - Carla Benning",
        "6:45 Getting ready for the morning",
    ).meeting.sessions
    assert [(s.title, [p.name for p in s.people]) for s in sessions] == [
        ("Welcome and introductions", ["Dana Kessler"]),
        ("Why we are here", ["Owen Marsh"]),
        ("What the sites did", ["Carla Benning"]),
        ("Getting ready for the morning", []),
    ]


def test_labels_with_a_topic_after_a_dash_keep_it_in_their_title() -> None:
    titles = [s.title for s in parse(
        "Workshop, Geneva, 9 June 2016",
        "",
        "9:00 Panel 1 - Data Sharing",
        "10:00 Panel 2 - Open Science",
        "11:00 Panel 3 - Climate Action",
        "12:00 Round table on data - Public Health",
    ).meeting.sessions]
    assert titles[:3] == ["Panel 1 - Data Sharing", "Panel 2 - Open Science", "Panel 3 - Climate Action"]


def test_a_press_releases_what_when_where_after_the_programme_are_no_items() -> None:
    meeting = parse(
        "Leaders meet on a common agenda",
        "",
        "23 May 2022, 10am - 12.30pm: Opening of the session",
        "",
        "What:    The 78th session of the Commission",
        "When:   23 – 27 May 2022",
        "Where:  Civic Conference Centre, Bangkok",
    ).meeting
    assert [i.title for i in meeting.sessions[0].items] == ["Opening of the session"]
    assert meeting.venue == "Civic Conference Centre, Bangkok"


def test_a_room_named_with_its_building_gives_the_venue() -> None:
    meeting = parse(
        "Centers Workshop 2016",
        "",
        "Thursday, June 9, 2016 (Palm Room, Hotel Contessa)",
        "17:00 Reception",
    ).meeting
    assert meeting.venue == "Hotel Contessa"


def test_a_line_that_only_says_where_above_the_rows_is_the_venue() -> None:
    meeting = parse(
        "Colloque régional sur la restauration collective",
        "Mercredi 9 octobre 2013 - de 9h30 à 17h",
        "À l’ISPAIA - Zoopôle Ploufragan",
        "10h15 ► Où en est la restauration collective",
    ).meeting
    assert meeting.venue == "ISPAIA - Zoopôle Ploufragan"


def test_the_name_after_a_quoted_talk_is_its_speaker() -> None:
    session = parse(
        "Conversatorio, Bogotá, 23 de enero de 2025",
        "",
        "Programación jueves 23 de enero de 2025",
        '9:15 a. m. - 10:45 a. m. Conferencia: "Las artes y la paz" Jordi Vidal, invitado internacional',
    ).meeting.sessions[0]
    assert session.title == 'Conferencia: "Las artes y la paz"'
    assert [(p.name, p.affiliation) for p in session.people] == [("Jordi Vidal", "")]


def test_an_events_name_with_its_country_in_it_gives_the_zone_but_is_no_venue() -> None:
    meeting = parse(
        "Kenya IGF 2022",
        "",
        "Kenya Internet Governance Forum",
        "",
        "Hybrid Forum: 30 June 2022",
        "",
        "08:00 – 08:15 Arrival and Registration",
    ).meeting
    assert (meeting.venue, meeting.timezone) == ("", "Africa/Nairobi")
