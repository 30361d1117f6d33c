"""pretalx / frab schedule.json: speakers, rooms, tracks, and files it must refuse."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from store.agenda import load_meeting, save_meeting
from store.importers import load_agenda, parse_agenda, pretalx
from store.values import AgendaImportError, ItemKind, Person
from tests.conftest import FIXTURES

SCHEDULE = FIXTURES / "schedules" / "pretalx-schedule.json"
LISBON = ZoneInfo("Europe/Lisbon")


def schedule():
    return load_agenda(SCHEDULE)


def test_it_is_recognised_by_content_even_with_a_json_name():
    assert schedule().format == "pretalx"
    assert parse_agenda(SCHEDULE.read_text(encoding="utf-8")).format == "pretalx"


def test_the_conference_gives_the_meeting():
    meeting = schedule().meeting
    assert meeting.title == "DevConf Lisbon 2024"
    assert meeting.slug == "devconf-2024"
    assert meeting.timezone == "Europe/Lisbon"
    assert (meeting.start_date, meeting.end_date) == (date(2024, 6, 13), date(2024, 6, 14))


def test_each_room_of_a_day_is_a_session_of_its_talks():
    meeting = schedule().meeting
    first_day = meeting.days[0]
    assert [(s.title, s.room) for s in first_day.sessions] == [("Auditorium", "Auditorium"), ("Sala 2.1", "Sala 2.1")]
    auditorium = first_day.sessions[0]
    assert [i.title for i in auditorium.items] == ["Welcome and opening", "Running Postgres on <small> machines"]
    assert auditorium.starts_at == datetime(2024, 6, 13, 9, 30, tzinfo=LISBON)
    assert auditorium.ends_at == datetime(2024, 6, 13, 11, 0, tzinfo=LISBON)
    assert [s.title for s in meeting.days[1].sessions] == ["Auditorium"]  # an empty room is no session


def test_speakers_are_people_with_their_names_tidied():
    items = schedule().meeting.days[0].sessions[0].items
    assert items[0].people == (Person("Inês Duarte"),)
    assert items[1].people == (Person("Kofi Mensah"), Person("Lea Brandt"))


def test_track_type_and_html_abstract_become_the_description_and_kind():
    workshop = schedule().meeting.days[0].sessions[0].items[1]
    assert workshop.description == "Track: Infrastructure\n\nHands-on.\n\n- tuning\n- backups"
    assert workshop.kind == ItemKind.PRESENTATION
    assert schedule().meeting.days[1].sessions[0].items[0].kind == ItemKind.PANEL


def test_a_talk_after_midnight_stays_under_its_evening():
    late = schedule().meeting.days[0].sessions[1]
    assert late.day == date(2024, 6, 13)
    assert late.starts_at == datetime(2024, 6, 14, 0, 30, tzinfo=LISBON)


def test_it_is_stored_and_loads_back_equal(db):
    meeting = schedule().meeting
    save_meeting(db, meeting)
    db.commit()
    assert load_meeting(db, meeting.slug) == meeting


def _mutated(change) -> str:
    data = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    change(data["schedule"]["conference"])
    return json.dumps(data)


def test_local_times_stamped_z_trust_the_start_with_one_warning():
    def stamp_z(conference):
        for day in conference["days"]:
            for events in day["rooms"].values():
                for event in events:
                    event["date"] = event["date"][:19] + "Z"

    result = parse_agenda(_mutated(stamp_z))
    opening = result.meeting.days[0].sessions[0].items[0]
    assert opening.starts_at == datetime(2024, 6, 13, 9, 30, tzinfo=LISBON)
    assert sum("disagree" in w.message for w in result.warnings) == 1


def test_an_event_without_duration_runs_until_the_next():
    def drop_duration(conference):
        conference["days"][0]["rooms"]["Auditorium"][0]["duration"] = ""

    result = parse_agenda(_mutated(drop_duration))
    opening = result.meeting.days[0].sessions[0].items[0]
    assert opening.ends_at == datetime(2024, 6, 13, 10, 15, tzinfo=LISBON)
    assert any("without a duration" in w.message for w in result.warnings)


def test_no_zone_named_is_the_fixed_offset_of_the_talks_with_a_warning():
    def no_zone(conference):
        del conference["time_zone_name"]
        conference["title"] = "DevConf 2024"  # no city to place it by either

    result = parse_agenda(_mutated(no_zone))
    assert result.meeting.timezone == "Etc/GMT-1"
    assert result.meeting.days[0].sessions[0].starts_at.strftime("%H:%M %z") == "09:30 +0100"
    assert any("fixed offset" in w.message for w in result.warnings)


def test_no_zone_at_all_is_utc_with_a_warning():
    def no_zone_no_offsets(conference):
        del conference["time_zone_name"]
        conference["title"] = "DevConf 2024"
        for day in conference["days"]:
            for events in day["rooms"].values():
                for event in events:
                    event["date"] = ""

    result = parse_agenda(_mutated(no_zone_no_offsets))
    assert result.meeting.timezone == "UTC"
    assert any("times are shown in UTC" in w.message for w in result.warnings)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda c: c.update(days=[]), "the schedule has no events"),
        (lambda c: c["days"][0].update(date="13 June"), "days[0].date: '13 June' is not a date"),
        (lambda c: c["days"][0]["rooms"]["Auditorium"][0].update(start="half past", date=""), "is not a time"),
        (lambda c: c["days"][0]["rooms"]["Auditorium"][0].update(duration="long"), "'long' is not HH:MM"),
        (lambda c: c.update(days={"a": 1}), "expected a list"),
    ],
)
def test_a_broken_schedule_is_refused_with_where(change, complaint):
    with pytest.raises(AgendaImportError) as caught:
        parse_agenda(_mutated(change), source="schedule.json")
    assert complaint in str(caught.value)


def test_deep_nesting_and_huge_files_are_refused_before_decoding(monkeypatch):
    deep = '{"schedule": {"conference": {"days": ' + "[" * 5000 + "]" * 5000 + "}}}"
    with pytest.raises(AgendaImportError, match="nests deeper"):
        pretalx.parse(deep)
    monkeypatch.setattr(pretalx, "MAX_CHARS", 100)
    with pytest.raises(AgendaImportError, match="million characters"):
        pretalx.parse(SCHEDULE.read_text(encoding="utf-8"))


def test_invalid_json_names_its_line():
    with pytest.raises(AgendaImportError) as caught:
        pretalx.parse('{"schedule": {"conference":\n  {"title": }}}', source="s.json")
    assert caught.value.line == 2 and "not valid JSON" in str(caught.value)


def test_our_own_json_is_not_mistaken_for_a_schedule():
    assert not pretalx.sniff('{"agendabot": 1, "meeting": {"title": "schedule"}}', ".json")


def test_errors_and_warnings_name_their_line():
    text = SCHEDULE.read_text(encoding="utf-8").replace('"duration": "00:45"', '"duration": "long"')
    with pytest.raises(AgendaImportError) as caught:
        pretalx.parse(text, source="schedule.json")
    line = next(n for n, raw in enumerate(text.splitlines(), start=1) if '"duration": "long"' in raw)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"schedule.json:{line}: days[0].rooms['Auditorium'][1].duration")
    untitled = SCHEDULE.read_text(encoding="utf-8").replace('"title": "Closing panel"', '"title": ""')
    warning = next(w for w in pretalx.parse(untitled).warnings if "without a title" in w.message)
    lines = untitled.splitlines()
    assert lines[warning.line - 1].strip() == "{"  # the event's own object
    assert '"id": 104' in lines[warning.line + 1]
