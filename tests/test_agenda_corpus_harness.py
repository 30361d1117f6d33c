"""The corpus harness itself: it must say nothing about a right import and name what is wrong."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from store.values import (
    AgendaImportError,
    Day,
    ImportResult,
    ImportWarning,
    Item,
    Meeting,
    Person,
    Role,
    Session,
)
from tests.agenda_corpus import compare, fixtures, import_fixture, norm_text

ROME = ZoneInfo("Europe/Rome")

EXPECTED = yaml.safe_load(
    """
timezone: Europe/Rome
start_date: 2005-05-09
end_date: 2005-05-10
warnings_contain: ["seems to stop after line"]
days:
  - date: 2005-05-09
    sessions:
      - start: "10:00"
        end: "13:00"
        room: "Mexico Room"
        people: [{name: "Ana Ruiz", role: chair, affiliation: "FAO"}]
        items:
          - {number: "1", title: "Adoption of the agenda"}
          - {number: "(a)", title: "Election of the Vice-Chairperson"}
      - start: "14:30"
        title: "Afternoon"
"""
)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2005, 5, 9, hour, minute, tzinfo=ROME)


def meeting(
    *, morning_start: datetime | None = None, items: tuple[Item, ...] | None = None
) -> Meeting:
    morning = Session(
        title="Morning",
        day=date(2005, 5, 9),
        starts_at=morning_start or at(10),
        ends_at=at(13),
        room="Mexico Room",
        people=(Person("Ana Ruiz", Role.CHAIR, "Food and Agriculture Organization (FAO)"),),
        items=items
        if items is not None
        else (
            Item("Adoption of the Agenda (doc. PC 93/1)", number="1", ordinal=1),
            Item("Election of the Vice-Chairperson", number="a", ordinal=2),
        ),
    )
    afternoon = Session(title="Afternoon", day=date(2005, 5, 9), starts_at=at(14, 30))
    return Meeting(
        slug="pc-93",
        title="Programme Committee",
        timezone="Europe/Rome",
        start_date=date(2005, 5, 9),
        end_date=date(2005, 5, 10),
        days=(Day(date(2005, 5, 9), (morning, afternoon)),),
    )


def result(m: Meeting) -> ImportResult:
    return ImportResult(m, (ImportWarning(40, "the page seems to stop after line 40"),), "text")


def test_a_right_import_has_no_differences() -> None:
    assert compare(EXPECTED, result(meeting())) == []


def test_a_wrong_start_time_is_reported_with_its_day_and_session() -> None:
    diffs = compare(EXPECTED, result(meeting(morning_start=at(11))))
    assert diffs == ["2005-05-09 session 1 (11:00 Morning): start expected 10:00, got 11:00"]


def test_a_missing_warning_and_a_wrong_zone_are_reported() -> None:
    m = meeting()
    wrong = Meeting(**{**m.__dict__, "timezone": "UTC"})
    diffs = compare(EXPECTED, ImportResult(wrong, (), "text"))
    assert "timezone: expected Europe/Rome, got UTC" in diffs
    assert any("seems to stop after line" in d for d in diffs)


def test_the_venue_must_hold_what_a_reader_names_and_a_heading_taken_for_it_is_reported() -> None:
    m = meeting()
    expected = {**EXPECTED, "venue": "UN Conference Centre"}
    right = Meeting(**{**m.__dict__, "venue": "UN Conference Centre, Bangkok"})
    wrong = Meeting(**{**m.__dict__, "venue": "Highlights:"})
    assert compare(expected, result(right)) == []
    assert compare(expected, result(wrong)) == [
        "venue: expected 'UN Conference Centre', got 'Highlights:'"
    ]
    assert compare({**EXPECTED, "venue": ""}, result(wrong)) == [
        "venue: expected '', got 'Highlights:'"
    ]


def test_sub_items_given_as_sub_points_count_as_items() -> None:
    folded = (
        Item(
            "Adoption of the agenda",
            number="1",
            ordinal=1,
            sub_points=("(a) Election of the Vice-Chairperson",),
        ),
    )
    assert compare(EXPECTED, result(meeting(items=folded))) == []


def test_a_sub_item_numbered_with_its_parent_counts_as_the_same_number() -> None:
    nested = (
        Item("Adoption of the agenda", number="1", ordinal=1),
        Item("Election of the Vice-Chairperson", number="1(a)", ordinal=2),
    )
    assert compare(EXPECTED, result(meeting(items=nested))) == []
    wrong = (nested[0], Item("Election of the Vice-Chairperson", number="1(b)", ordinal=2))
    assert compare(EXPECTED, result(meeting(items=wrong))) == [
        "2005-05-09 session 1 (10:00 Morning) item 2: number expected '(a)', got '1(b)'"
    ]


def test_a_missing_item_is_reported_with_what_came_instead() -> None:
    diffs = compare(EXPECTED, result(meeting(items=(Item("Adoption of the agenda", number="1"),))))
    assert diffs == [
        "2005-05-09 session 1 (10:00 Morning): expected 2 items, got 1 (1 Adoption of the agenda)"
    ]


def test_a_page_that_must_be_refused_fails_when_imported_and_passes_when_refused() -> None:
    expected = {"refused": True, "error_contains": "column by column"}
    assert compare(expected, result(meeting())) == ["imported, but the page must be refused"]
    refusal = AgendaImportError("the grid was flattened column by column", path="x.txt", line=3)
    assert compare(expected, refusal) == []
    other = AgendaImportError("the page states no dates", path="x.txt", line=3)
    assert "expected a message containing 'column by column'" in compare(expected, other)[0]


def test_an_unexpected_refusal_is_a_difference() -> None:
    refusal = AgendaImportError("the page states no dates", path="x.txt", line=3)
    assert compare(EXPECTED, refusal) == ["refused: x.txt:3: the page states no dates"]


def test_titles_ignore_case_spacing_dashes_continued_and_document_symbols() -> None:
    assert norm_text("Summary  Programme of Work – 2006-07 cont’d (doc. CL 128/3)") == norm_text(
        "summary programme of work - 2006-07"
    )


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
X-WR-CALNAME:Tiny meeting\r
BEGIN:VEVENT\r
UID:one@test\r
DTSTAMP:20240101T000000Z\r
DTSTART;TZID=Europe/Rome:20240603T100000\r
DTEND;TZID=Europe/Rome:20240603T120000\r
SUMMARY:Opening\r
END:VEVENT\r
END:VCALENDAR\r
"""


def write_fixture(folder: Path, expected: dict) -> None:
    folder.mkdir(parents=True)
    (folder / "tiny.ics").write_text(ICS, encoding="utf-8", newline="")
    (folder / "tiny.expected.yaml").write_text(yaml.safe_dump(expected), encoding="utf-8")


def test_fixtures_pair_each_page_with_its_expectation_and_import_through_the_entry_point(
    tmp_path: Path,
) -> None:
    expected = {
        "timezone": "Europe/Rome",
        "start_date": "2024-06-03",
        "days": [{"date": "2024-06-03", "sessions": [{"start": "10:00", "end": "12:00"}]}],
    }
    write_fixture(tmp_path / "corpus", expected)
    [fixture] = fixtures("corpus", root=tmp_path)
    assert fixture.name == "tiny"
    assert compare(fixture.expected, import_fixture(fixture.path)) == []
    expected["days"][0]["sessions"][0]["end"] = "13:00"
    assert compare(expected, import_fixture(fixture.path)) == [
        "2024-06-03 session 1 (10:00 Opening): end expected 13:00, got 12:00"
    ]


def test_a_page_without_its_expectation_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "lonely.txt").write_text("Agenda", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="lonely.expected.yaml"):
        fixtures("corpus", root=tmp_path)


def test_parallel_sessions_may_come_back_in_any_order() -> None:
    expected = {
        "days": [
            {
                "date": "2005-05-09",
                "sessions": [
                    {"start": "10:00", "room": "Janson"},
                    {"start": "10:00", "room": "K.1.105"},
                ],
            }
        ]
    }
    rooms = [
        Session(title=room, day=date(2005, 5, 9), starts_at=at(10), room=room)
        for room in ("K.1.105", "Janson")
    ]
    m = Meeting(**{**meeting().__dict__, "days": (Day(date(2005, 5, 9), tuple(rooms)),)})
    assert compare(expected, ImportResult(m, (), "frab")) == []
    expected["days"][0]["sessions"][1]["room"] = "H.2215"
    assert compare(expected, ImportResult(m, (), "frab")) == [
        "2005-05-09 session 2 (10:00 K.1.105): room expected 'H.2215', got 'K.1.105'"
    ]
