"""Rules the third held-out round of real pages taught the text pipeline, each as a
small page or line: French and Spanish words, one-cell-per-line tables, datelines,
sittings in sentences and small towns."""

from __future__ import annotations

from datetime import date

import pytest

from store.importers import text as text_importer
from store.importers.text.people import parse_role_line, split_role_tail
from store.importers.text.times import parse_time_prefix
from store.values import ImportResult, Meeting, Role


def parse(*lines: str) -> ImportResult:
    return text_importer.parse("\n".join(lines), source="page.txt")


def rows(meeting: Meeting) -> list[tuple[str, str, str]]:
    return [
        (
            s.title,
            s.starts_at.strftime("%H:%M") if s.starts_at else "",
            s.ends_at.strftime("%H:%M") if s.ends_at else "",
        )
        for s in meeting.sessions
    ]


# --- clock times -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "rest"),
    [
        ("10h15 \u25ba Opening", (10, 15), None, "Opening"),
        ("11:00 a. m. - 12:30 m. Performance", (11, 0), (12, 30), "Performance"),
        ("12:30 m. 1:00 p. m. Closing act", (12, 30), (13, 0), "Closing act"),
        ("9h30 \u00e0 17h", (9, 30), (17, 0), ""),
        ("9:00 a 10:30 Mesa redonda", (9, 0), (10, 30), "Mesa redonda"),
    ],
)
def test_flyer_arrows_spanish_noon_and_french_ranges_are_clock_times(
    text: str, start: tuple[int, int], end: tuple[int, int] | None, rest: str
) -> None:
    found = parse_time_prefix(text)
    assert found is not None
    assert (found.start, found.end, found.rest) == (start, end, rest)


# --- people ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "role", "names"),
    [
        ("Intervenants : Ana Diop (UCAD), Jean Faye (IRD)", Role.SPEAKER, ["Ana Diop", "Jean Faye"]),
        ("Animation : Rose Ba et Awa Sy", Role.FACILITATOR, ["Rose Ba", "Awa Sy"]),
        ("Ponentes: Luis Mora y Ana Gil", Role.SPEAKER, ["Luis Mora", "Ana Gil"]),
        ("Modératrice : Claire Martin", Role.MODERATOR, ["Claire Martin"]),
        ("Presidente: Jorge Ruiz", Role.CHAIR, ["Jorge Ruiz"]),
    ],
)
def test_french_and_spanish_role_lines_name_people(line: str, role: Role, names: list[str]) -> None:
    found = parse_role_line(line)
    assert found is not None
    assert [p.name for p in found.people] == names
    assert {p.role for p in found.people} == {role}


def test_a_role_after_a_title_is_split_off_into_people() -> None:
    title, people = split_role_tail("espace presse : Responsable : Awa Ndour")
    assert title == "espace presse"
    assert [p.name for p in people] == ["Awa Ndour"]


def test_a_role_line_wrapped_inside_a_name_and_a_bracket_is_read_whole() -> None:
    result = parse(
        "Forum, Lyon, 3 June 2015",
        "10h00 \u25ba Table ronde",
        "Intervenants : Anne Petit (Ville de Lyon, direction de la",
        "culture), Paul",
        "Martin (INSA)",
    )
    people = result.meeting.sessions[0].people or result.meeting.sessions[0].items[0].people
    assert [(p.name, p.affiliation) for p in people] == [
        ("Anne Petit", "Ville de Lyon, direction de la culture"),
        ("Paul Martin", "INSA"),
    ]


# --- tables and rows -------------------------------------------------------------


def test_start_and_finish_cells_on_lines_of_their_own_make_one_range() -> None:
    result = parse(
        "Workshop, Brussels, 27 June 2012",
        "START |", "FINISH |", "ACTIVITY |",
        "08:30 |", "09:00 |", "Registration |",
        "09:00 |", "09:15 |", "Opening |", "Li Wei (Group of Experts) |",
    )  # fmt: skip
    assert rows(result.meeting) == [("Registration", "08:30", "09:00"), ("Opening", "09:00", "09:15")]
    assert [p.name for p in result.meeting.sessions[1].people] == ["Li Wei"]


def test_a_line_naming_a_place_under_a_day_header_is_the_room_of_its_sessions() -> None:
    result = parse(
        "Rencontres, Dakar, 24-25 octobre 2025",
        "Vendredi 24 octobre 2025",
        "A l'H\u00f4tel de Ville de Dakar",
        "15H30 : Accueil",
        "16H00 : Allocutions",
    )
    assert [(s.title, s.room) for s in result.meeting.sessions] == [
        ("Accueil", "A l'H\u00f4tel de Ville de Dakar"),
        ("Allocutions", "A l'H\u00f4tel de Ville de Dakar"),
    ]


def test_footnote_stars_are_not_part_of_a_title() -> None:
    result = parse("Assembly, Mexico City, 15 April 2004", "3 - 6 p.m. Executive Committee *")
    assert rows(result.meeting) == [("Executive Committee", "15:00", "18:00")]


def test_spanish_end_of_activities_ends_the_day_rather_than_opening_a_session() -> None:
    result = parse(
        "D\u00eda del Patrimonio, Santiago, 27 de mayo de 2007",
        "14:30 hrs. Obra de teatro",
        "15:00 hrs. Cierre de las actividades (solo como referencia)",
    )
    assert rows(result.meeting) == [("Obra de teatro", "14:30", "15:00")]


# --- dates -----------------------------------------------------------------------


def test_a_post_date_in_another_language_is_not_the_meetings_day() -> None:
    result = parse(
        "Blog of a museum",
        "Friday, May 25, 2007",
        "Programa del d\u00eda, Santiago de Chile",
        "27 de mayo de 2007",
        "10:00 hrs. Apertura",
        "11:00 hrs. Concierto",
    )
    meeting = result.meeting
    assert (meeting.start_date, meeting.end_date) == (date(2007, 5, 27), date(2007, 5, 27))
    assert [d.date for d in meeting.days if d.sessions] == [date(2007, 5, 27)]


def test_without_a_year_the_weekday_picks_the_neighbouring_year() -> None:
    result = parse(
        "Conversatorio, Bogot\u00e1",
        "Balance de los laboratorios 2024",
        "Programaci\u00f3n jueves 23 de enero",
        "9:15 a. m. - 10:45 a. m. Conferencia",
    )
    assert result.meeting.start_date == date(2025, 1, 23)
    assert any("Thursday" in w.message for w in result.warnings)


def test_a_daily_programmes_date_above_the_conference_range_is_its_day() -> None:
    result = parse(
        "Thursday, 10 December 2009",
        "Climate Change Conference",
        "Copenhagen, 7-18 December 2009",
        "10:00-12:00 Plenary meeting",
    )
    meeting = result.meeting
    assert (meeting.start_date, meeting.end_date) == (date(2009, 12, 7), date(2009, 12, 18))
    assert [d.date for d in meeting.days if d.sessions] == [date(2009, 12, 10)]


def test_sentences_giving_a_day_and_its_hours_are_sittings_with_their_items() -> None:
    result = parse(
        "General Conference (Paris, 3-18 November 2015)",
        "The first joint meeting of the commissions takes place on Wednesday 4 November 2015 "
        "from 3 p.m. to 6 p.m. in Room XI.",
        "3.5 Budget ceiling",
        "The second joint meeting of the commissions takes place on Wednesday 18 November 2015 "
        "from 10 a.m. to 1 p.m. in Room II.",
        "3.3 Appropriation resolution",
    )
    sessions = result.meeting.sessions
    assert [(s.day, s.room, [i.number for i in s.items]) for s in sessions] == [
        (date(2015, 11, 4), "Room XI", ["3.5"]),
        (date(2015, 11, 18), "Room II", ["3.3"]),
    ]


# --- time zones ------------------------------------------------------------------


def test_the_city_of_the_sentence_stating_the_dates_beats_the_letterhead() -> None:
    result = parse(
        "Inter-Parliamentary Union",
        "Chemin du Pommier 5, Geneva, Switzerland",
        "The Union holds its 110th Assembly and related meetings in Mexico City (Mexico) "
        "from 15 to 23 April 2004.",
        "Thursday, 15 April",
        "3 - 6 p.m. Executive Committee",
    )
    assert result.meeting.timezone == "America/Mexico_City"


def test_a_small_town_on_a_place_line_gives_the_zone_as_a_last_resort() -> None:
    result = parse(
        "Colloque r\u00e9gional",
        "Mercredi 9 octobre 2013",
        "\u00c0 l'ISPAIA - Zoop\u00f4le Ploufragan",
        "10h15 \u25ba Ouverture",
        "11h00 \u25ba Ateliers",
    )
    assert result.meeting.timezone == "Europe/Paris"
    assert any("Ploufragan" in w.message for w in result.warnings)
