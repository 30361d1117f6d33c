"""People and rooms as data (store.importers.text.people)."""

from __future__ import annotations

import pytest

from store.importers.text.people import (
    inline_people,
    parse_bare_name,
    parse_name_comma_affiliation,
    parse_person_line,
    parse_role_line,
    role_heading,
    split_paren_people,
    split_speaker,
)
from store.importers.text.rooms import find_room, parse_room, split_room
from store.values import Person, Role


@pytest.mark.parametrize(
    ("line", "people"),
    [
        ("Chair: Ms. A, Kenya", [Person("A", Role.CHAIR, "Kenya")]),
        ("Moderator \u2013 Mr. B. Osei (UNDP)", [Person("B. Osei", Role.MODERATOR, "UNDP")]),
        (
            "Panelists: Ana Ruiz (UNDP), Li Wei (ILO)",
            [Person("Ana Ruiz", Role.PANELIST, "UNDP"), Person("Li Wei", Role.PANELIST, "ILO")],
        ),
        ("Rapporteur: Mr. Q. Silva, Brazil", [Person("Q. Silva", Role.RAPPORTEUR, "Brazil")]),
        (
            "Co-Chairs: A (FAO) and B (WHO)",
            [Person("A", Role.CO_CHAIR, "FAO"), Person("B", Role.CO_CHAIR, "WHO")],
        ),
        ("Vice-Chair: Ms. C", [Person("C", Role.VICE_CHAIR, "")]),
        (
            "Keynote speaker: Prof. D, University of Nairobi",
            [Person("D", Role.KEYNOTE, "University of Nairobi")],
        ),
        ("Discussant: E (OECD)", [Person("E", Role.DISCUSSANT, "OECD")]),
        ("Facilitator: F", [Person("F", Role.FACILITATOR, "")]),
        ("Presenter: G, UNESCO", [Person("G", Role.PRESENTER, "UNESCO")]),
        ("Chaired by Dr. H", [Person("H", Role.CHAIR, "")]),
    ],
)
def test_role_lines_become_people_with_their_role_and_affiliation(
    line: str, people: list[Person]
) -> None:
    found = parse_role_line(line)
    assert found is not None and list(found.people) == people


@pytest.mark.parametrize(
    "line", ["Chairing a session is hard work", "Opening remarks", "Speakers corner"]
)
def test_ordinary_lines_are_no_role_lines(line: str) -> None:
    assert parse_role_line(line) is None


def test_a_speaker_after_a_dash_is_a_person_and_leaves_the_title() -> None:
    assert split_speaker("Opening remarks \u2013 Dr. X, FAO") == (  # the honorific is not the name
        "Opening remarks",
        (Person("X", Role.SPEAKER, "FAO"),),
    )
    assert split_speaker("Session 2 - Policies") == ("Session 2 - Policies", ())


@pytest.mark.parametrize(
    "line", ["Room XIX", "Malaysia Room (B-227)", "ECOSOC Chamber", "Saal 1", "Conference Room 4"]
)
def test_rooms_alone_on_a_line(line: str) -> None:
    assert parse_room(line) == line


def test_a_room_after_a_session_title_is_split_off() -> None:
    assert split_room("Morning session, Room XIX") == ("Morning session", "Room XIX")
    assert split_room("Afternoon session") == ("Afternoon session", "")


@pytest.mark.parametrize(
    ("line", "name", "affiliation"),
    [
        (
            "H.E. Ms. Aminata Diallo, Deputy Secretary-General",
            "Aminata Diallo",
            "Deputy Secretary-General",
        ),
        (
            "His Excellency Tomas E. Remenges, Jr., President, Palau",
            "Tomas E. Remenges, Jr.",
            "President, Palau",
        ),
        ("Prof. Dr. Walter Lindner (IIASA)", "Walter Lindner", "IIASA"),
    ],
)
def test_a_line_that_starts_with_an_honorific_is_a_person_without_it(
    line: str, name: str, affiliation: str
) -> None:
    assert parse_person_line(line) == Person(name, Role.SPEAKER, affiliation)


def test_a_role_heading_names_the_role_of_the_people_below_it() -> None:
    assert role_heading("Keynote address") is Role.KEYNOTE
    assert role_heading("Panelists:") is Role.PANELIST
    assert role_heading("Opening of the session") is None


def test_a_trailing_parenthesis_names_a_speaker_or_where_a_meal_is() -> None:
    assert split_paren_people("Logistics (Froilan Castaño, FAO)") == (
        "Logistics",
        (Person("Froilan Castaño", Role.SPEAKER, "FAO"),),
        "",
    )
    assert split_paren_people("Lunch break (Café Uno)") == ("Lunch break", (), "Café Uno")
    assert split_paren_people("Registration (Function Room 1)") == (
        "Registration",
        (),
        "Function Room 1",
    )
    assert split_paren_people("Presentation (World Bank)") == ("Presentation (World Bank)", (), "")
    assert split_paren_people("Council meeting (by invitation only)")[1] == ()


def test_people_named_after_a_role_word_inside_a_line() -> None:
    assert inline_people("Group A: English-speaking, facilitator Nadia Cerović") == (
        Person("Nadia Cerović", Role.FACILITATOR, ""),
    )
    assert inline_people(
        "Workshop; facilitators: Maja Nordgren – Group I; Kalin Nikolaev – Group II"
    ) == (
        Person("Maja Nordgren", Role.FACILITATOR, "Group I"),
        Person("Kalin Nikolaev", Role.FACILITATOR, "Group II"),
    )
    assert inline_people("Group C: Spanish-speaking, facilitator TBA") == ()


def test_a_speaker_addressed_with_two_honorifics() -> None:
    assert split_speaker("Keynote address by H.E. Ms. Anna Berg, Minister for Foreign Affairs") == (
        "Keynote address",
        (Person("Anna Berg", Role.KEYNOTE, "Minister for Foreign Affairs"),),
    )
    assert split_speaker("Topic 1, introduced by Mr Stefan Vigier (UNMAS) Mr Bill Howe (HI)")[
        1
    ] == (
        Person("Stefan Vigier", Role.SPEAKER, "UNMAS"),
        Person("Bill Howe", Role.SPEAKER, "HI"),
    )


def test_a_talk_after_a_role_word_is_not_a_person() -> None:
    assert parse_role_line("Keynote: Data for adaptation") is None
    assert parse_role_line("Chair: Ramon A. de Rueda") is not None


@pytest.mark.parametrize(
    ("line", "name", "affiliation"),
    [
        ("Eleanor Shaw, QMUL", "Eleanor Shaw", "QMUL"),
        ("Jerome Gaillard, London Business School", "Jerome Gaillard", "London Business School"),
        ("Anne-Laure Moreau, ULiP", "Anne-Laure Moreau", "ULiP"),
    ],
)
def test_a_name_comma_affiliation_line_is_a_person(line: str, name: str, affiliation: str) -> None:
    person = parse_name_comma_affiliation(line)
    assert person is not None and (person.name, person.affiliation) == (name, affiliation)


@pytest.mark.parametrize(
    "line",
    ["Coffee Break, Room 3", "Monday 3 June, Geneva", "Opening remarks, Chair", "Rome, Italy"],
)
def test_a_comma_after_words_that_are_no_name_is_no_person(line: str) -> None:
    assert parse_name_comma_affiliation(line) is None


def test_a_job_title_before_the_organisation_is_no_affiliation() -> None:
    (person,) = parse_role_line(
        "Chair: Andrew Gilmour, Director of Public Affairs and Communications, OECD"
    ).people  # type: ignore[union-attr]
    # The "and" is inside the job title: one person, of the OECD.
    assert (person.name, person.affiliation) == ("Andrew Gilmour", "OECD")
    person = parse_name_comma_affiliation("Graciela Romero, Chief of Staff and G20 Sherpa, OECD")
    assert person is not None and person.affiliation == "OECD"


def test_a_function_with_a_country_and_two_people_joined_by_and_are_kept() -> None:
    (sims,) = parse_role_line("Discussant: Scott Sims, Member of Parliament, Canada").people  # type: ignore[union-attr]
    assert sims.affiliation == "Member of Parliament, Canada"
    people = parse_role_line("Chairs: Anna Berg, FAO and Li Wei, UNEP").people  # type: ignore[union-attr]
    assert [(p.name, p.affiliation) for p in people] == [("Anna Berg", "FAO"), ("Li Wei", "UNEP")]


@pytest.mark.parametrize(
    "line", ["Regional Perspectives, Asia", "Country Experiences, Africa", "Policy Options, OECD"]
)
def test_a_topic_with_a_place_after_it_is_no_person(line: str) -> None:
    assert parse_name_comma_affiliation(line) is None


def test_the_room_a_sentence_says_a_meeting_is_in_without_its_aside() -> None:
    assert find_room("meets on 9 May in Room XI (Fontenoy building), from 10 a.m.") == "Room XI"
    assert find_room("meets at the Malaysia Room, from 10 a.m.") == "Malaysia Room"
    assert find_room("meets in Paris from 10 a.m.") is None


@pytest.mark.parametrize(
    "title", ["Methods and instruments (Help Desk)", "Budget (Lead Partner)", "Outreach (Press Unit)"]
)
def test_an_office_in_brackets_after_a_title_is_no_person(title: str) -> None:
    assert split_paren_people(title) == (title, (), "")


@pytest.mark.parametrize(
    ("text", "name"),
    [("Dora Bastelli", "Dora Bastelli"), ("Coffee Break", None), ("Regional Perspectives", None),
     ("Group Photo", None), ("WMO Staff", None), ("Monday Evening", None)],
)  # fmt: skip
def test_a_bare_name_is_two_or_three_words_that_can_only_be_a_name(text: str, name: str | None) -> None:
    found = parse_bare_name(text)
    assert (found.name if found else None) == name


@pytest.mark.parametrize(
    ("title", "room"),
    [("Working groups discuss the toolkit (Contessa B)", "Contessa B"),
     ("Teams report (Salon 3)", "Salon 3"),
     ("PechaKucha (Part 2)", ""), ("Review of the draft (Annex 1)", "")],
)  # fmt: skip
def test_a_bracketed_name_and_letter_closing_a_title_is_its_room(title: str, room: str) -> None:
    assert split_paren_people(title)[2] == room


@pytest.mark.parametrize(
    ("title", "split"),
    [("Buffet Lunch NSF Room 110 Foyer", ("Buffet Lunch", "NSF Room 110 Foyer")),
     ("Break Room 4", ("Break", "Room 4")),
     ("Opening in the General Assembly Hall", ("Opening in the General Assembly Hall", "")),
     ("Review of Item 4", ("Review of Item 4", ""))],
)  # fmt: skip
def test_a_numbered_room_ends_a_title_without_a_comma(title: str, split: tuple[str, str]) -> None:
    assert split_room(title) == split
