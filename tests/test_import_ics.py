"""iCalendar import: other producers' calendars, our own exports, and broken files."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from store.agenda import load_meeting, save_meeting
from store.exporters import export_meeting
from store.importers import ics, load_agenda, parse_agenda
from store.importers.canonical_file import parse as parse_canonical
from store.values import AgendaImportError, ItemKind
from tests.conftest import FIXTURES
from tests.helpers import sample_meeting

CONFERENCE = FIXTURES / "schedules" / "conference.ics"
LONDON = ZoneInfo("Europe/London")
STAMP = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def rich_meeting():
    path = FIXTURES / "schedules" / "rich-meeting.yaml"
    return parse_canonical(path.read_text(encoding="utf-8"), source=str(path)).meeting


def conference(tz: str | None = None):
    return load_agenda(CONFERENCE, tz=tz)


def calendar(*events: str, header: str = "") -> str:
    """A minimal calendar around hand-written VEVENT bodies."""
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{header}{body}END:VCALENDAR\n"


# --- a conference's published calendar --------------------------------------------


def test_the_fixture_has_the_quirks_of_published_calendars():
    raw = CONFERENCE.read_bytes()
    assert b"\r\n " in raw  # folded lines
    assert b"DTSTAMP" not in raw and b"VTIMEZONE" not in raw
    assert b"\\," in raw and b"\\;" in raw


def test_every_event_becomes_a_session_with_one_item():
    result = conference()
    meeting = result.meeting
    assert result.format == "ics"
    assert len(meeting.sessions) == 10
    for session in meeting.sessions:
        assert len(session.items) == 1
        assert session.items[0].title == session.title
        assert session.items[0].ordinal == 1


def test_folded_lines_and_escapes_are_undone():
    titles = [s.title for s in conference().meeting.sessions]
    assert "Keynote: Ada Lovelace, Analytical Engines; and what they compute" in titles


def test_utc_calendar_without_a_zone_is_read_in_utc_with_a_warning():
    result = conference()
    assert result.meeting.timezone == "UTC"
    assert any("no time zone" in w.message for w in result.warnings)
    assert result.meeting.sessions[0].starts_at == datetime(2019, 9, 20, 8, 0, tzinfo=UTC)


def test_a_calendar_with_no_zone_but_a_place_in_its_titles_keeps_that_places_clock():
    # Sports feeds: no zone, no LOCATION, the place only in the titles.
    event = "UID:g1\nDTSTART:20151114T003000Z\nDURATION:PT3H\nSUMMARY:Wheelock vs. Wheaton (Mass.)"
    result = ics.parse(calendar(event))
    assert result.meeting.timezone == "America/New_York"
    assert any("Mass." in w.message and "titles" in w.message for w in result.warnings)
    first = result.meeting.sessions[0]
    assert (first.day, first.starts_at.strftime("%H:%M")) == (date(2015, 11, 13), "19:30")


def test_tz_argument_shows_utc_times_on_local_clocks():
    meeting = conference("Europe/London").meeting
    first = meeting.sessions[0]
    assert meeting.timezone == "Europe/London"
    assert first.starts_at.utcoffset() == timedelta(hours=1)  # British Summer Time
    assert first.starts_at.strftime("%H:%M") == "09:00"
    assert first.starts_at == datetime(2019, 9, 20, 8, 0, tzinfo=UTC)


def test_days_are_local_dates_in_the_meeting_zone():
    # 23:30 UTC on the 20th is 00:30 on the 21st in London.
    in_utc = {s.title: s.day for s in conference().meeting.sessions}
    in_london = {s.title: s.day for s in conference("Europe/London").meeting.sessions}
    assert in_utc["Late Night Hack"] == date(2019, 9, 20)
    assert in_london["Late Night Hack"] == date(2019, 9, 21)
    assert [len(d.sessions) for d in conference("Europe/London").meeting.days] == [6, 4]


def test_events_out_of_order_are_sorted_by_time():
    sessions = conference().meeting.days[0].sessions
    starts = [s.starts_at for s in sessions]
    assert starts == sorted(starts)
    assert sessions[-1].title == "Late Night Hack"


def test_missing_end_and_duration():
    by_title = {s.title: s for s in conference().meeting.sessions}
    assert by_title["Conference Dinner (ticket required)"].ends_at is None
    sprints = by_title["Sprints"]
    assert sprints.ends_at - sprints.starts_at == timedelta(hours=3)


def test_rooms_are_kept_as_written_even_when_sponsors_rename_one():
    rooms = {s.room for s in conference().meeting.sessions}
    assert rooms == {"Foyer", "Acme Room (R1.1)", "Globex Hall (R2.1)", "Initech Hall (R2.1)"}
    assert conference().meeting.venue == ""  # many places: none of them is the venue


def test_description_and_url_become_the_item_description():
    by_title = {s.title: s.items[0] for s in conference().meeting.sessions}
    talk = by_title["Testing in Python (talk by Grace Hopper)"]
    assert talk.description == (
        "Why tests matter, and why you shouldn't be scared\nof them.\nhttp://example.org/talks/testing/"
    )
    # The URL equal to the description is not repeated.
    keynote = by_title["Keynote: Ada Lovelace, Analytical Engines; and what they compute"]
    assert keynote.description == "http://example.org/keynote/"


def test_kinds_are_guessed_from_titles():
    kinds = {s.title: s.items[0].kind for s in conference().meeting.sessions}
    assert kinds["Opening Plenary"] == ItemKind.OPENING
    assert (
        kinds["Keynote: Ada Lovelace, Analytical Engines; and what they compute"]
        == ItemKind.KEYNOTE
    )
    assert kinds["Lunch"] == ItemKind.BREAK
    assert kinds["The Non-Closing Closing"] == ItemKind.CLOSING
    assert kinds["Sprints"] == ItemKind.OTHER


def test_untitled_event_gets_a_name_and_a_warning_with_its_line():
    result = conference()
    assert "Untitled event" in [s.title for s in result.meeting.sessions]
    warning = next(w for w in result.warnings if "no title" in w.message)
    line = CONFERENCE.read_text().splitlines()[warning.line - 1]
    assert line.startswith("SUMMARY:")


def test_meeting_title_slug_and_dates():
    meeting = conference().meeting
    assert meeting.title == "ExampleCon 2019 Schedule"
    assert meeting.slug == "examplecon-2019-schedule"
    assert (meeting.start_date, meeting.end_date) == (date(2019, 9, 20), date(2019, 9, 21))


def test_slug_argument_wins():
    assert parse_agenda(CONFERENCE.read_text(), slug="excon").meeting.slug == "excon"


def test_lf_line_ends_read_the_same_as_crlf():
    crlf = CONFERENCE.read_text(encoding="utf-8")
    lf = crlf.replace("\r\n", "\n")
    assert "\r" not in lf
    assert parse_agenda(lf).meeting == parse_agenda(crlf).meeting


# --- where the meeting's zone comes from -------------------------------------------

EVENT = "UID:e1\nDTSTART:20240305T090000Z\nDTEND:20240305T100000Z\nSUMMARY:Plenary"


def test_zone_from_x_wr_timezone():
    meeting = ics.parse(calendar(EVENT, header="X-WR-TIMEZONE:Europe/Vienna\n")).meeting
    assert meeting.timezone == "Europe/Vienna"
    assert meeting.sessions[0].starts_at.strftime("%H:%M") == "10:00"


def test_zone_from_vtimezone_and_tzid():
    vtimezone = (
        "BEGIN:VTIMEZONE\nTZID:Asia/Tokyo\nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
        "TZOFFSETFROM:+0900\nTZOFFSETTO:+0900\nTZNAME:JST\nEND:STANDARD\nEND:VTIMEZONE\n"
    )
    event = "UID:e1\nDTSTART;TZID=Asia/Tokyo:20240305T090000\nSUMMARY:Plenary"
    meeting = ics.parse(calendar(event, header=vtimezone)).meeting
    assert meeting.timezone == "Asia/Tokyo"
    assert meeting.sessions[0].starts_at == datetime(2024, 3, 5, 0, 0, tzinfo=UTC)


def test_zone_from_a_city_in_the_location():
    event = EVENT + "\nLOCATION:Palais des Nations\\, Geneva"
    result = ics.parse(calendar(event))
    assert result.meeting.timezone == "Europe/Zurich"
    assert result.meeting.venue == "Palais des Nations, Geneva"  # the one place of all events
    assert not result.warnings


def test_tz_argument_beats_the_calendars_zone():
    meeting = ics.parse(
        calendar(EVENT, header="X-WR-TIMEZONE:Europe/Vienna\n"), tz="America/New_York"
    ).meeting
    assert meeting.timezone == "America/New_York"


def test_a_bad_tz_argument_is_refused():
    with pytest.raises(AgendaImportError, match="IANA"):
        ics.parse(calendar(EVENT), tz="Mars/Olympus")


def test_a_bad_x_wr_timezone_is_a_warning_not_an_error():
    result = ics.parse(calendar(EVENT, header="X-WR-TIMEZONE:Middle Earth\n"))
    assert result.meeting.timezone == "UTC"
    assert any("Middle Earth" in w.message for w in result.warnings)


def test_floating_times_are_wall_clock_times_where_the_meeting_is():
    event = "UID:e1\nDTSTART:20240305T090000\nSUMMARY:Plenary"
    meeting = ics.parse(calendar(event), tz="Europe/Paris").meeting
    assert meeting.sessions[0].starts_at == datetime(
        2024, 3, 5, 9, 0, tzinfo=ZoneInfo("Europe/Paris")
    )


def test_all_day_events_are_sessions_without_times():
    event = "UID:e1\nDTSTART;VALUE=DATE:20240305\nDTEND;VALUE=DATE:20240306\nSUMMARY:Field trip"
    session = ics.parse(calendar(event)).meeting.sessions[0]
    assert (session.day, session.starts_at, session.ends_at) == (date(2024, 3, 5), None, None)


def test_cancelled_events_are_skipped_with_a_warning():
    result = ics.parse(
        calendar(EVENT, "UID:e2\nDTSTART:20240305T110000Z\nSUMMARY:Gone\nSTATUS:CANCELLED")
    )
    assert [s.title for s in result.meeting.sessions] == ["Plenary"]
    assert any("cancelled" in w.message for w in result.warnings)


def test_the_alarm_sets_the_reminder_lead():
    event = EVENT + "\nBEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:soon\nTRIGGER:-PT25M\nEND:VALARM"
    assert ics.parse(calendar(event)).meeting.reminder_lead_minutes == 25


# --- our own exports come back equal -------------------------------------------------


def test_sample_meeting_round_trips_through_ics():
    meeting = sample_meeting()
    text = export_meeting(meeting, "ics", revision=2, stamp=STAMP)
    back = parse_agenda(text, suffix=".ics")
    assert back.format == "ics"
    assert back.warnings == ()
    assert back.meeting == dataclasses.replace(meeting, documents=())
    assert export_meeting(back.meeting, "ics", revision=2, stamp=STAMP) == text


def test_rich_meeting_round_trips_through_ics(rich_meeting):
    text = export_meeting(rich_meeting, "ics", revision=7, stamp=STAMP)
    back = parse_agenda(text).meeting
    assert back == dataclasses.replace(rich_meeting, documents=())
    assert export_meeting(back, "ics", revision=7, stamp=STAMP) == text


def test_importing_our_export_with_another_tz_keeps_the_instants(rich_meeting):
    text = export_meeting(rich_meeting, "ics", stamp=STAMP)
    back = parse_agenda(text, tz="Asia/Tokyo").meeting
    assert back.timezone == "Asia/Tokyo"
    original = [(i.starts_at, i.ends_at) for _, i in rich_meeting.items()]
    assert [(i.starts_at, i.ends_at) for _, i in back.items()] == original


def test_an_edited_description_keeps_what_it_can_and_warns():
    session = "\n".join(
        [
            "UID:u1",
            "DTSTART:20240305T090000Z",
            "SUMMARY:Morning",
            "X-AGENDABOT-SESSION:Morning",
            "X-AGENDABOT-ITEMS:opening closing",
            "DESCRIPTION:I. Opening\\n  a stray line\\nII. Closing\\nIII. Added by hand",
        ]
    )
    result = ics.parse(calendar(session), tz="UTC")
    items = result.meeting.sessions[0].items
    assert [(i.number, i.title) for i in items] == [
        ("I", "Opening"),
        ("II", "Closing"),
        ("III", "Added by hand"),
    ]
    assert items[0].description == "a stray line"
    # Three items but two kinds: kinds are guessed instead of shifted onto the wrong items.
    assert [i.kind for i in items] == [ItemKind.OPENING, ItemKind.CLOSING, ItemKind.OTHER]
    assert len(result.warnings) == 2
    assert all(w.line == 10 for w in result.warnings)  # the DESCRIPTION line


def test_description_grammar_reads_times_numbers_and_bullets():
    zone = ZoneInfo("Europe/Berlin")
    warnings: list[str] = []
    items = ics.read_items(
        "10:00–10:30 4.1. Budget\n"
        "2019-12-28 00:15-2019-12-28 01:00 • Mr. Smith speaks\n"
        "–18:00 IX. Rapporteur's report\n"
        "  Speakers: Lindberg, Van; Ng, Ann\n",
        "",
        date(2019, 12, 27),
        zone,
        lambda _line, message: warnings.append(message),
    )
    budget, smith, report = items
    assert (budget.number, budget.title) == ("4.1", "Budget")
    assert budget.starts_at == datetime(2019, 12, 27, 10, 0, tzinfo=zone)
    assert (smith.number, smith.title) == ("", "Mr. Smith speaks")
    assert smith.starts_at == datetime(2019, 12, 28, 0, 15, tzinfo=zone)
    assert (report.starts_at, report.ends_at) == (None, datetime(2019, 12, 27, 18, 0, tzinfo=zone))
    assert report.kind == ItemKind.RAPPORTEUR_REPORT
    assert report.speakers == ("Lindberg, Van", "Ng, Ann")
    assert warnings == []


# --- broken files ------------------------------------------------------------------


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def error_of(text: str) -> AgendaImportError:
    with pytest.raises(AgendaImportError) as caught:
        ics.parse(text, source="cal.ics")
    return caught.value


def test_an_unclosed_event_names_its_begin_line():
    text = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:x\nEND:VCALENDAR\n"
    err = error_of(text)
    assert err.line == 5
    assert err.message == "END:VCALENDAR where END:VEVENT was expected"
    assert str(err).startswith("cal.ics:5: ")


def test_a_calendar_left_open_names_its_begin_line():
    err = error_of("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n")
    assert (err.line, err.message) == (1, "BEGIN:VCALENDAR is never closed with END:VCALENDAR")


def test_a_line_that_is_not_name_value_is_named():
    text = calendar(EVENT).replace("SUMMARY:Plenary", "SUMMARY:Plenary\nthis is not ical")
    err = error_of(text)
    assert err.line == line_of(text, "this is not ical") == 9
    assert "not an iCalendar line" in err.message


def test_a_broken_start_names_its_line():
    text = calendar("UID:e1\nSUMMARY:x\nDTSTART:tomorrow morning")
    err = error_of(text)
    assert err.line == line_of(text, "DTSTART:tomorrow morning") == 7
    assert err.message.startswith("DTSTART 'tomorrow morning' is not a date or date-time")


def test_not_a_calendar_at_all():
    err = error_of("Hello,\nthis is a letter.\n")
    assert err.line == 1
    assert "BEGIN:VCALENDAR" in err.message


def test_a_calendar_without_events():
    err = error_of(
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTODO\nSUMMARY:x\nEND:VTODO\nEND:VCALENDAR\n"
    )
    assert "no events" in err.message


def test_sniff():
    assert ics.sniff("", ".ics")
    assert ics.sniff("\n  BEGIN:VCALENDAR\r\nVERSION:2.0", "")
    assert not ics.sniff("agendabot: 1\nmeeting: {}", ".yaml")


# --- into the database -------------------------------------------------------------


def test_an_imported_calendar_is_stored_and_loads_back_equal(db):
    meeting = conference("Europe/London").meeting
    outcome = save_meeting(db, meeting, author="test", source=str(CONFERENCE))
    db.commit()
    assert outcome.created and outcome.revision == 1
    assert load_meeting(db, meeting.slug) == meeting
    # The same calendar again changes nothing: no new revision.
    assert save_meeting(db, conference("Europe/London").meeting).revision is None


def test_a_byte_order_mark_in_pasted_text_is_ignored():
    text = CONFERENCE.read_text(encoding="utf-8")
    assert parse_agenda("\ufeff" + text).meeting == parse_agenda(text).meeting


def test_warnings_point_at_the_events_own_property_not_its_alarms():
    event = (
        "UID:u1\nDTSTART:20240305T090000Z\n"
        "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:alarm text\nTRIGGER:-PT5M\nEND:VALARM\n"
        "SUMMARY:Morning\nX-AGENDABOT-SESSION:Morning\nDESCRIPTION:I. Opening\\n  stray"
    )
    text = calendar(event)
    result = ics.parse(text, tz="UTC")
    assert [w.line for w in result.warnings] == [line_of(text, "DESCRIPTION:I. Opening\\n  stray")]


def test_a_start_given_twice_uses_the_first_with_a_warning():
    text = calendar("UID:e1\nDTSTART:20240305T090000Z\nDTSTART:20240305T110000Z\nSUMMARY:Twice")
    result = ics.parse(text, tz="UTC")
    assert result.meeting.sessions[0].starts_at == datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    assert [w.line for w in result.warnings] == [line_of(text, "DTSTART:20240305T090000Z")]
