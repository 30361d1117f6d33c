"""People and places are data: stored, exported, diffed and read back on every backend."""

from __future__ import annotations

import dataclasses
import json

import icalendar
import jsonschema
import pytest
from alembic import command
from sqlalchemy import select, text

from store import models
from store.agenda import load_meeting, save_meeting
from store.canonical import from_dict, to_dict
from store.db import alembic_config, make_sessionmaker, upgrade
from store.diff import diff_meetings
from store.exporters import export_meeting
from store.importers import parse_agenda
from store.schema import load_schema
from store.values import AgendaImportError, Item, Meeting, Person, Role
from tests.helpers import sample_meeting


def with_people(meeting: Meeting) -> Meeting:
    """The sample meeting with a chair, a moderated afternoon, and an item with speakers in a room."""
    wednesday = meeting.days[0]
    morning, afternoon = wednesday.sessions[0], wednesday.sessions[1]
    item = dataclasses.replace(
        afternoon.items[0],
        room="Conference Room 4",
        people=(
            Person("Ana Ruiz", Role.PRESENTER, "IOM"),
            Person("Lindberg, Van", Role.DISCUSSANT),
        ),
    )
    afternoon = dataclasses.replace(
        afternoon,
        people=(Person("Bo Li", Role.MODERATOR, "UN DESA"),),
        items=(item, *afternoon.items[1:]),
    )
    day = dataclasses.replace(wednesday, sessions=(morning, afternoon, *wednesday.sessions[2:]))
    return dataclasses.replace(
        meeting,
        days=(day, *meeting.days[1:]),
        people=(Person("Hania Zlotnik", Role.CHAIR, "Population Division"), Person("Eva Roe", Role.RAPPORTEUR)),
    )


@pytest.fixture
def meeting() -> Meeting:
    return with_people(sample_meeting())


def test_an_items_speakers_are_the_names_of_its_people():
    item = Item("Panel", people=(Person("A", Role.MODERATOR), Person("B", Role.PANELIST), Person("A")))
    assert item.speakers == ("A", "B")
    assert dataclasses.replace(item, people=()).speakers == ()


# --- the store ------------------------------------------------------------------------


def test_people_and_rooms_load_back_as_they_were_saved(db, meeting):
    save_meeting(db, meeting)
    db.commit()
    loaded = load_meeting(db, meeting.slug, with_bodies=True)
    assert loaded == meeting
    afternoon = loaded.days[0].sessions[1]
    assert afternoon.people == (Person("Bo Li", Role.MODERATOR, "UN DESA"),)
    assert afternoon.items[0].room == "Conference Room 4"
    assert loaded.people[0] == Person("Hania Zlotnik", Role.CHAIR, "Population Division")


def test_a_resave_replaces_people_and_leaves_no_stray_rows(db, meeting):
    save_meeting(db, meeting)
    save_meeting(db, sample_meeting())
    db.commit()
    assert load_meeting(db, meeting.slug, with_bodies=True) == sample_meeting()
    assert db.scalar(select(models.AgendaPerson.id)) is None


def test_the_search_column_holds_the_names_of_an_items_people(db, meeting):
    save_meeting(db, meeting)
    row = db.scalar(select(models.AgendaItem).where(models.AgendaItem.room == "Conference Room 4"))
    assert row.speakers == ["Ana Ruiz", "Lindberg, Van"]


def test_the_migration_turns_old_speakers_into_people(engine):
    command.downgrade(alembic_config(engine), "0008")
    statements = [
        "INSERT INTO meetings (id, slug, title, venue, organizer, timezone, start_date, end_date,"
        " overview, reminder_lead_minutes, revision, created_at, updated_at, team_id) VALUES (1, 'old',"
        " 'Old meeting', '', '', 'UTC', '2003-10-15', '2003-10-15', '', 15, 1, :now, :now, '')",
        "INSERT INTO days (id, meeting_id, date) VALUES (1, 1, '2003-10-15')",
        "INSERT INTO sessions (id, day_id, meeting_id, ordinal, title, room) VALUES (1, 1, 1, 1, 'Morning', '')",
        "INSERT INTO agenda_items (id, session_id, meeting_id, ordinal, number, title, kind,"
        " sub_points, speakers, description) VALUES (1, 1, 1, 1, '1', 'Opening', 'opening', '[]',"
        " :speakers, '')",
    ]
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), {"now": models.utcnow(), "speakers": '["Ann Smith", "Bo Li"]'})
    upgrade(engine)
    with make_sessionmaker(engine)() as db:
        item = load_meeting(db, "old").sessions[0].items[0]
    assert item.people == (Person("Ann Smith", Role.SPEAKER), Person("Bo Li", Role.SPEAKER))
    assert item.room == ""


def test_the_migration_goes_down_and_up_again(engine):
    command.downgrade(alembic_config(engine), "0008")
    with engine.connect() as conn:
        tables = conn.execute(text("SELECT count(*) FROM meetings")).scalar()
    assert tables == 0
    upgrade(engine)
    with make_sessionmaker(engine)() as db:
        save_meeting(db, with_people(sample_meeting()))
        db.commit()
        assert load_meeting(db, "coordination-meeting-2003", with_bodies=True) == with_people(sample_meeting())


# --- the canonical format -------------------------------------------------------------


def test_people_and_rooms_round_trip_through_yaml_and_json(meeting):
    for fmt in ("yaml", "json"):
        text_ = export_meeting(meeting, fmt)
        assert parse_agenda(text_, suffix=f".{fmt}").meeting == meeting
    data = to_dict(meeting)
    assert data["meeting"]["people"][0] == {
        "name": "Hania Zlotnik", "role": "chair", "affiliation": "Population Division"
    }
    afternoon = data["days"][0]["sessions"][1]
    assert afternoon["people"] == [{"name": "Bo Li", "role": "moderator", "affiliation": "UN DESA"}]
    assert afternoon["items"][0]["room"] == "Conference Room 4"


def test_exports_with_people_validate_against_the_schema(meeting):
    jsonschema.Draft202012Validator(load_schema()).validate(to_dict(meeting))


def test_a_bare_name_is_a_speaker_and_old_speakers_lists_still_read(meeting):
    data = to_dict(sample_meeting())
    item = data["days"][0]["sessions"][0]["items"][0]
    item["people"] = ["Ann Smith", {"name": "Bo Li", "role": "keynote"}]
    item["speakers"] = ["Cy Doe"]
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    read = from_dict(data).days[0].sessions[0].items[0]
    assert read.people == (Person("Ann Smith"), Person("Bo Li", Role.KEYNOTE), Person("Cy Doe"))
    assert "speakers" not in to_dict(from_dict(data))["days"][0]["sessions"][0]["items"][0]


@pytest.mark.parametrize(
    ("person", "complaint"),
    [
        ({"name": "X", "role": "boss"}, "days[0].sessions[0].people[0].role: 'boss' is not one of chair"),
        ({"role": "chair"}, "days[0].sessions[0].people[0].name: is required"),
        ({"name": "X", "title": "Dr"}, "unknown key 'title'"),
        (7, "days[0].sessions[0].people[0]: expected a mapping"),
    ],
)
def test_a_wrong_person_is_refused_with_its_path(person, complaint):
    data = to_dict(sample_meeting())
    data["days"][0]["sessions"][0]["people"] = [person]
    with pytest.raises(AgendaImportError) as caught:
        from_dict(data, source="agenda.yaml")
    assert complaint in str(caught.value)


# --- revision diffs -------------------------------------------------------------------


def _replace_afternoon(meeting: Meeting, **changes) -> Meeting:
    day = meeting.days[0]
    afternoon = dataclasses.replace(day.sessions[1], **changes)
    sessions = (day.sessions[0], afternoon, *day.sessions[2:])
    return dataclasses.replace(meeting, days=(dataclasses.replace(day, sessions=sessions), *meeting.days[1:]))


def test_a_new_moderator_is_one_readable_change(meeting):
    changed = _replace_afternoon(meeting, people=(Person("Cy Doe", Role.MODERATOR),))
    assert [c.text for c in diff_meetings(meeting, changed)] == [
        "Moderator of Afternoon session on Wed 15 Oct: Bo Li (UN DESA) → Cy Doe."
    ]


def test_an_items_room_and_speakers_changes_are_named(meeting):
    afternoon = meeting.days[0].sessions[1]
    item = dataclasses.replace(afternoon.items[0], room="Room XIX", people=afternoon.items[0].people[:1])
    changed = _replace_afternoon(meeting, items=(item, *afternoon.items[1:]))
    assert [c.text for c in diff_meetings(meeting, changed)] == [
        "Room of item V: Conference Room 4 → Room XIX.",
        "Discussant of item V: Lindberg, Van → none.",
    ]


def test_a_session_that_changes_room_is_the_same_session(meeting):
    changed = _replace_afternoon(meeting, room="ECOSOC Chamber")
    assert [c.text for c in diff_meetings(meeting, changed)] == [
        "Room of Afternoon session on Wed 15 Oct: none → ECOSOC Chamber."
    ]


def test_the_meetings_chair_change_is_named(meeting):
    changed = dataclasses.replace(meeting, people=(Person("Eva Roe", Role.RAPPORTEUR),))
    assert [c.text for c in diff_meetings(meeting, changed)] == [
        "Chair of the meeting: Hania Zlotnik (Population Division) → none."
    ]


def test_a_session_with_a_uid_renamed_is_a_rename_not_a_removal(meeting):
    with_uid = _replace_afternoon(meeting, uid="abc@example.org")
    renamed = _replace_afternoon(with_uid, title="Afternoon plenary")
    texts = [c.text for c in diff_meetings(with_uid, renamed)]
    assert texts[0] == "Afternoon session on Wed 15 Oct renamed to “Afternoon plenary”."
    assert not any("removed" in t or "added" in t for t in texts)
    assert with_uid.days[0].sessions[1].key == renamed.days[0].sessions[1].key


# --- iCalendar ------------------------------------------------------------------------


def _events(ics_text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics_text).walk("VEVENT"))


def test_ics_names_people_as_attendees_and_in_the_description(meeting):
    afternoon = _events(export_meeting(meeting, "ics"))[1]
    attendees = afternoon.get("ATTENDEE")
    assert [(str(a.params["CN"]), str(a.params["ROLE"])) for a in attendees] == [
        ("Bo Li (UN DESA)", "CHAIR"),
        ("Ana Ruiz (IOM)", "REQ-PARTICIPANT"),
        ("Lindberg, Van", "REQ-PARTICIPANT"),
    ]
    description = str(afternoon["DESCRIPTION"])
    assert description.startswith("Moderator: Bo Li (UN DESA)\n")
    assert "  Room: Conference Room 4\n  Presenter: Ana Ruiz (IOM)\n  Discussant: Lindberg, Van" in description


def test_ics_location_is_the_room_then_the_venue(meeting):
    changed = _replace_afternoon(meeting, room="Room XIX")
    afternoon = _events(export_meeting(changed, "ics"))[1]
    assert str(afternoon["LOCATION"]) == f"Room XIX, {meeting.venue}"


def test_ics_export_reads_back_with_its_people_and_rooms(meeting):
    back = parse_agenda(export_meeting(meeting, "ics")).meeting
    assert dataclasses.replace(back, documents=()) == dataclasses.replace(meeting, documents=())


def test_ics_people_read_from_the_text_when_the_exact_copy_is_gone(meeting):
    ics_text = export_meeting(meeting, "ics")
    cal = icalendar.Calendar.from_ical(ics_text)
    for event in cal.walk("VEVENT"):
        event.pop("X-AGENDABOT-PEOPLE", None)
    back = parse_agenda(cal.to_ical().decode()).meeting
    item = back.days[0].sessions[1].items[0]
    assert item.room == "Conference Room 4"
    assert item.people == (Person("Ana Ruiz", Role.PRESENTER, "IOM"), Person("Lindberg, Van", Role.DISCUSSANT))


def test_a_session_uid_is_the_events_uid_and_survives_export(meeting):
    changed = _replace_afternoon(meeting, uid="abc-123@indico.example")
    event = _events(export_meeting(changed, "ics"))[1]
    assert str(event["UID"]) == "abc-123@indico.example"
    assert parse_agenda(export_meeting(changed, "ics")).meeting.days[0].sessions[1].uid == "abc-123@indico.example"
    assert json.loads(str(event["X-AGENDABOT-PEOPLE"]).replace("\\,", ","))["people"] == [["Bo Li", "moderator", "UN DESA"]]


def test_saving_twice_in_one_transaction_loads_the_second_agenda(db, meeting):
    # The agenda is replaced with bulk statements: rows loaded before must not linger
    # (SQLite hands the deleted rows' ids to the new ones).
    save_meeting(db, sample_meeting())
    save_meeting(db, meeting)
    assert load_meeting(db, meeting.slug, with_bodies=True) == meeting
    save_meeting(db, sample_meeting())
    assert load_meeting(db, meeting.slug, with_bodies=True) == sample_meeting()
