"""Rules the fourth held-out round of real pages taught the text pipeline, each as a
small page: document dates, header cells, headings over rows, titles with their
hours below, people on bullets, German and French dates."""

from __future__ import annotations

from datetime import date

from store.importers import text as text_importer
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


def test_german_from_until_is_a_range() -> None:
    found = parse_time_prefix("ab 12:00, bis 14:00 Ankunft")
    assert found is not None
    assert (found.start, found.end, found.rest) == ((12, 0), (14, 0), "Ankunft")


def test_a_date_weeks_before_the_stated_dates_is_the_documents_own() -> None:
    result = parse(
        "Regional Committee, New Delhi, 2-6 September 2019",
        "15 July 2019",
        "2 Sept. 2019",
        "9:30 a.m.-12:30 p.m. Opening",
    )
    meeting = result.meeting
    assert meeting.start_date == date(2019, 9, 2)
    assert [d.date for d in meeting.days if d.sessions] == [date(2019, 9, 2)]


def test_header_cells_on_lines_of_their_own_are_not_sessions() -> None:
    result = parse(
        "Workshop, Bensberg, 18 June 2007",
        "Monday, 18.06.2007",
        "Time",
        "TOP / Thema",
        "14:00-14:15 Agenda and objectives",
    )
    assert rows(result.meeting) == [("Agenda and objectives", "14:00", "14:15")]


def test_a_numbered_session_heading_over_timed_rows_is_no_session_of_its_own() -> None:
    result = parse(
        "Ministerial conference, Johannesburg, 16 November 2007",
        "1. Opening plenary session (open to the media)",
        "Chair: Deputy Minister of Tourism, Republic of Ghana",
        "14h30 to 14h40: Words of welcome",
        "14h40 to 14h50: Poetry",
        "Chair: Foreign Minister of Ghana (Chair of the AU)",
    )
    assert rows(result.meeting) == [("Words of welcome", "14:30", "14:40"), ("Poetry", "14:40", "14:50")]


def test_titles_with_their_hours_on_the_line_below_keep_them() -> None:
    result = parse(
        "Development Forum",
        "DAY 1, Sunday 3 March 2002 - Pre-Forum Meetings",
        "Symposium on the transition",
        "9.00 - 18.00",
        "The symposium sets out where the transition stands and hears the stakeholders.",
        "Adoption of the experts' report",
        "17:00 - 18:30",
    )
    assert rows(result.meeting) == [
        ("Symposium on the transition", "09:00", "18:00"),
        ("Adoption of the experts' report", "17:00", "18:30"),
    ]


def test_people_on_bullets_under_a_timed_row_are_the_rows() -> None:
    result = parse(
        "Meeting, Santiago de Chile, 28 April 2018",
        "13.00 hrs Welcome",
        "\u2022 Jonas Albrecht, Coordinator of the Alliance",
        "\u2022 Introduction by Dr Ana Ruiz (WHO) and Professor Erik Lund (Uppsala University)",
        "13.30 hrs Discussion",
    )
    people = result.meeting.sessions[0].people
    assert [(p.name, p.affiliation) for p in people] == [
        ("Jonas Albrecht", "Coordinator of the Alliance"),
        ("Ana Ruiz", "WHO"),
        ("Erik Lund", "Uppsala University"),
    ]
    assert {p.role for p in people} == {Role.SPEAKER}


def test_a_part_of_the_day_in_the_time_column_is_not_in_the_title() -> None:
    result = parse(
        "Meeting, Santiago de Chile, 28 April 2018",
        "Saturday, 28 April 2018",
        "Morning Arrival of international participants",
        "13.00 hrs Welcome",
    )
    assert rows(result.meeting)[0] == ("Arrival of international participants", "", "")


def test_a_yearless_range_in_a_sentence_takes_the_pages_year() -> None:
    result = parse(
        "Un colloque international se tient les 20 et 21 octobre à l'Université de La Réunion, "
        "sur le thème de la paix.",
        "Vendredi 20 octobre 2017",
        "9h30 : Ouverture officielle",
    )
    meeting = result.meeting
    assert (meeting.start_date, meeting.end_date) == (date(2017, 10, 20), date(2017, 10, 21))
