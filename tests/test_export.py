"""Exports: YAML/JSON round trips and schema, and the calendar a participant subscribes to."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import jsonschema
import pytest
import yaml

from store.canonical import to_dict
from store.exporters import export_meeting
from store.importers import load_agenda, parse_agenda
from store.importers.canonical_file import parse as parse_canonical
from store.schema import load_schema
from store.values import Item, ItemKind, Session
from tests.conftest import FIXTURES
from tests.helpers import ROOT, SAMPLE, sample_meeting

STAMP = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
RICH = FIXTURES / "schedules" / "rich-meeting.yaml"


@pytest.fixture
def rich_meeting():
    return parse_canonical(RICH.read_text(encoding="utf-8"), source=str(RICH)).meeting


@pytest.fixture(params=["sample", "rich", "frab", "ics"])
def meeting(request, rich_meeting):
    """Meetings from every source we have, documents and bodies included where they exist."""
    if request.param == "sample":
        return sample_meeting()
    if request.param == "rich":
        return rich_meeting
    if request.param == "frab":
        return load_agenda(FIXTURES / "schedules" / "congress.xml").meeting
    return load_agenda(FIXTURES / "schedules" / "conference.ics", tz="Europe/London").meeting


# --- YAML and JSON ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_canonical_exports_round_trip_exactly(meeting, fmt):
    text = export_meeting(meeting, fmt)
    back = parse_agenda(text, suffix=f".{fmt}")
    assert back.format == "canonical"
    assert back.meeting == meeting
    assert export_meeting(back.meeting, fmt) == text


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_canonical_exports_are_recognised_without_a_file_name(fmt):
    assert parse_agenda(export_meeting(sample_meeting(), fmt)).format == "canonical"


def test_yaml_quotes_times_and_dates_and_keeps_unicode(rich_meeting):
    text = export_meeting(rich_meeting, "yaml")
    assert 'start: "09:00"' in text
    assert 'start_date: "2019-12-27"' in text
    assert 'number: "10:00"' in text  # an item number that reads like a time stays text
    assert "Genève" in text and "Übung" in text
    assert "\\x" not in text and "\\u" not in text


def test_yaml_is_block_style_with_literal_multiline_texts(rich_meeting):
    text = export_meeting(rich_meeting, "yaml")
    assert "{" not in text.split("overview", 1)[0]  # no flow mappings
    assert re.search(r"^  overview: \|-?\n    First paragraph", text, re.MULTILINE)
    assert yaml.safe_load(text) == to_dict(rich_meeting)


def test_unquoted_times_would_have_been_numbers():
    # Why the quoting matters: YAML 1.1 reads 10:00 as sexagesimal 600.
    assert yaml.safe_load("start: 10:00") == {"start": 600}
    assert (
        yaml.safe_load(export_meeting(sample_meeting(), "yaml"))["days"][0]["sessions"][0]["start"]
        == "10:00"
    )


def test_json_is_indented_and_keeps_unicode(rich_meeting):
    text = export_meeting(rich_meeting, "json")
    assert text.startswith('{\n  "agendabot": 1,\n  "meeting": {\n    "slug": "rich-meeting-2019"')
    assert "Genève" in text
    assert json.loads(text) == to_dict(rich_meeting)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="ics, yaml, json"):
        export_meeting(sample_meeting(), "pdf")


# --- JSON Schema ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator():
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_exports_validate_against_the_schema(validator, meeting, fmt):
    text = export_meeting(meeting, fmt)
    data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    assert list(validator.iter_errors(data)) == []


def test_the_bundled_sample_validates(validator):
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []


def test_the_documented_example_validates_and_imports(validator):
    doc = (ROOT / "docs" / "agenda-format.md").read_text(encoding="utf-8")
    example = re.search(r"## Example\n\n```yaml\n(.*?)```", doc, re.DOTALL).group(1)
    assert list(validator.iter_errors(yaml.safe_load(example))) == []
    meeting = parse_agenda(example, suffix=".yaml").meeting
    reception = meeting.days[0].sessions[1]
    assert reception.day == date(2003, 10, 16)
    assert reception.ends_at == datetime(2003, 10, 17, 0, 30, tzinfo=ZoneInfo("America/New_York"))


def test_schema_kinds_are_the_item_kinds():
    kinds = load_schema()["$defs"]["item"]["properties"]["kind"]["enum"]
    assert kinds == [k.value for k in ItemKind]


@pytest.mark.parametrize(
    ("path", "value", "complaint"),
    [
        (("days", 0, "sessions", 0, "items", 0, "kind"), "speech", "is not one of"),
        (("days", 0, "sessions", 0, "start"), 600, "is not of type 'string'"),
        (("days", 0, "sessions", 0, "start"), "10h00", "does not match"),
        (("days", 0, "date"), "15/10/2003", "does not match"),
        (("meeting", "reminder_lead_minutes"), -5, "less than the minimum"),
        (("days", 0, "sessions", 0, "colour"), "red", "Additional properties"),
    ],
)
def test_the_schema_rejects_mistakes(validator, path, value, complaint):
    data = to_dict(sample_meeting())
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    messages = [e.message for e in validator.iter_errors(data)]
    assert any(complaint in m for m in messages), messages


def test_the_schema_requires_dates_when_there_are_no_days(validator):
    data = to_dict(dataclasses.replace(sample_meeting(), days=()))
    del data["meeting"]["start_date"]
    data["days"] = []
    assert list(validator.iter_errors(data))
    data["meeting"]["start_date"] = "2003-10-15"
    assert not list(validator.iter_errors(data))


# --- iCalendar ---------------------------------------------------------------------------


def events_of(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_one_event_per_session_with_summary_location_and_description(rich_meeting):
    text = export_meeting(rich_meeting, "ics", stamp=STAMP)
    events = events_of(text)
    assert len(events) == len(rich_meeting.sessions) == 5
    plenary = events[0]
    assert str(plenary["SUMMARY"]) == "Plenary (Room XX)"
    assert str(plenary["LOCATION"]) == "Room XX, Palais des Nations, Genève"
    assert str(events[1]["SUMMARY"]) == "Hall A"  # the room is the title: said once
    description = str(plenary["DESCRIPTION"])
    assert description.splitlines()[0] == "I. Opening of the session"
    assert (
        "09:30–10:15 4.1. Budget. Programme. Everything.\n  - (a) revised estimates" in description
    )
    assert "12:00 IX. Rapporteur's report" in description


def test_sample_rapporteurs_report_reads_as_people_write_it():
    events = events_of(export_meeting(sample_meeting(), "ics", stamp=STAMP))
    afternoon = str(events[3]["DESCRIPTION"]).splitlines()
    assert afternoon == [
        "VIII. Continuation of Agenda Item VIII",
        "IX. Rapporteur's report",
        "X. Conclusions and follow-up",
        "XI. Closing of the Meeting",
    ]


def test_times_carry_the_meetings_tzid_and_a_vtimezone():
    text = export_meeting(sample_meeting(), "ics", stamp=STAMP)
    assert "DTSTART;TZID=America/New_York:20031015T100000" in text
    cal = icalendar.Calendar.from_ical(text)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert "X-WR-TIMEZONE:America/New_York" in text
    first = events_of(text)[0]
    assert first["DTSTART"].dt == datetime(2003, 10, 15, 14, 0, tzinfo=UTC)


def test_uids_are_stable_across_revisions_and_sequence_is_the_revision():
    meeting = sample_meeting()
    first = events_of(export_meeting(meeting, "ics", revision=1, stamp=STAMP))
    # Revision 2 moves the first session by an hour: same events, newer sequence.
    day = meeting.days[0]
    moved = dataclasses.replace(
        day.sessions[0], starts_at=day.sessions[0].starts_at + timedelta(hours=1)
    )
    changed = dataclasses.replace(
        meeting,
        days=(dataclasses.replace(day, sessions=(moved, *day.sessions[1:])), *meeting.days[1:]),
    )
    second = events_of(export_meeting(changed, "ics", revision=2, stamp=STAMP))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in second]
    assert str(first[0]["UID"]) == "coordination-meeting-2003.2003-10-15.morning-session@agendabot"
    assert {int(e["SEQUENCE"]) for e in first} == {1}
    assert {int(e["SEQUENCE"]) for e in second} == {2}
    assert second[0]["DTSTART"].dt - first[0]["DTSTART"].dt == timedelta(hours=1)


def test_uids_differ_for_sessions_that_read_alike():
    meeting = sample_meeting()
    day = meeting.days[0]
    twin = dataclasses.replace(day.sessions[0], items=())
    meeting = dataclasses.replace(
        meeting, days=(dataclasses.replace(day, sessions=(*day.sessions, twin)),)
    )
    uids = [str(e["UID"]) for e in events_of(export_meeting(meeting, "ics", stamp=STAMP))]
    assert len(set(uids)) == len(uids) == 3
    assert uids[2] == "coordination-meeting-2003.2003-10-15.morning-session-2@agendabot"


def test_every_timed_session_has_a_reminder_at_the_meetings_lead(rich_meeting):
    events = events_of(export_meeting(rich_meeting, "ics", stamp=STAMP))
    timed = [e for e in events if isinstance(e["DTSTART"].dt, datetime)]
    assert timed
    for event in timed:
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0]["TRIGGER"].dt == -timedelta(minutes=10)
        assert str(alarms[0]["ACTION"]) == "DISPLAY"


def test_sessions_without_times_are_all_day_events_without_reminders(rich_meeting):
    events = events_of(export_meeting(rich_meeting, "ics", stamp=STAMP))
    group = next(e for e in events if str(e["SUMMARY"]) == "Working group")
    assert group["DTSTART"].dt == date(2019, 12, 28)
    assert group["DTEND"].dt == date(2019, 12, 29)
    assert group.walk("VALARM") == []


def test_dtstamp_is_the_given_time_or_now():
    fixed = export_meeting(sample_meeting(), "ics", stamp=STAMP)
    assert "DTSTAMP:20240501T120000Z" in fixed
    before = datetime.now(UTC).replace(microsecond=0)
    now = events_of(export_meeting(sample_meeting(), "ics"))[0]["DTSTAMP"].dt
    assert before <= now <= datetime.now(UTC)


def test_lines_are_folded_to_75_octets(rich_meeting):
    text = export_meeting(rich_meeting, "ics", stamp=STAMP)
    assert "\r\n" in text
    assert max(len(line.encode()) for line in text.split("\r\n")) <= 75


def test_an_empty_session_has_no_description():
    meeting = sample_meeting()
    day = meeting.days[0]
    bare = Session(title="Informal consultations", day=day.date, room="Room 7")
    meeting = dataclasses.replace(
        meeting, days=(dataclasses.replace(day, sessions=(bare,)),), documents=()
    )
    event = events_of(export_meeting(meeting, "ics", stamp=STAMP))[0]
    assert "DESCRIPTION" not in event
    assert parse_agenda(export_meeting(meeting, "ics", stamp=STAMP)).meeting == meeting


def test_items_survive_a_description_that_contains_our_own_markers():
    meeting = sample_meeting()
    day = meeting.days[0]
    tricky = Item(
        title="• not a bullet. Really",
        number="",
        ordinal=1,
        kind=ItemKind.OTHER,
        description="  - indented\n> quoted\nSpeakers: nobody",
    )
    session = dataclasses.replace(day.sessions[0], items=(tricky,))
    meeting = dataclasses.replace(
        meeting, days=(dataclasses.replace(day, sessions=(session,)),), documents=()
    )
    assert parse_agenda(export_meeting(meeting, "ics", stamp=STAMP)).meeting == meeting
