"""Calendars as Google, Outlook/Exchange and Indico write them; identity across re-imports."""

from __future__ import annotations

import dataclasses
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.reminders.planner import PlanInputs, Subscription, Target, missing_targets, plan
from bot.reminders.policy import parse_policy
from store.agenda import load_meeting, save_meeting
from store.importers import ics, parse_agenda
from store.values import AgendaImportError, Person, Role

GENEVA = ZoneInfo("Europe/Zurich")


def calendar(*events: str, header: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{header}{body}END:VCALENDAR\n"


BERLIN_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZNAME:CEST
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZNAME:CET
END:STANDARD
END:VTIMEZONE
"""


# --- Google Calendar: a VTIMEZONE, a weekly series with an exception and a moved occurrence ---

GOOGLE = calendar(
    """UID:weekly-sync@google.com
DTSTART;TZID=Europe/Berlin:20240304T100000
DTEND;TZID=Europe/Berlin:20240304T110000
RRULE:FREQ=WEEKLY;COUNT=5
EXDATE;TZID=Europe/Berlin:20240318T100000
SUMMARY:Working group sync""",
    """UID:weekly-sync@google.com
RECURRENCE-ID;TZID=Europe/Berlin:20240325T100000
DTSTART;TZID=Europe/Berlin:20240326T140000
DTEND;TZID=Europe/Berlin:20240326T150000
SUMMARY:Working group sync (moved)""",
    header="X-WR-CALNAME:Working group 2024\nX-WR-TIMEZONE:Europe/Berlin\n" + BERLIN_VTIMEZONE,
)


def test_a_weekly_series_is_expanded_without_its_exceptions():
    meeting = parse_agenda(GOOGLE).meeting
    starts = [s.starts_at.strftime("%a %d %b %H:%M") for s in meeting.sessions]
    assert starts == ["Mon 04 Mar 10:00", "Mon 11 Mar 10:00", "Tue 26 Mar 14:00", "Mon 01 Apr 10:00"]
    assert meeting.timezone == "Europe/Berlin"
    assert meeting.sessions[2].title == "Working group sync (moved)"
    # Summer time began on 31 March: the 1 April meeting is at 10:00 local, 08:00 UTC.
    assert meeting.sessions[3].starts_at.utcoffset() == timedelta(hours=2)


def test_each_occurrence_has_its_own_stable_identity():
    sessions = parse_agenda(GOOGLE).meeting.sessions
    keys = [s.key for s in sessions]
    assert len(set(keys)) == len(keys)
    assert keys[0] == "uid:weekly-sync@google.com/2024-03-04T10:00:00+01:00"
    assert keys == [s.key for s in parse_agenda(GOOGLE).meeting.sessions]


def test_a_series_without_end_is_read_for_a_year_with_a_warning():
    text = calendar(
        "UID:daily\nDTSTART:20240101T090000Z\nDTEND:20240101T093000Z\nRRULE:FREQ=WEEKLY\nSUMMARY:Standup",
        header="X-WR-CALNAME:Team\n",
    )
    result = parse_agenda(text)
    assert 52 <= len(result.meeting.sessions) <= 53
    assert any("repeats with no end" in w.message and w.line == 9 for w in result.warnings)


def test_a_series_repeating_every_hour_is_refused_before_it_is_expanded():
    text = calendar(
        "UID:often\nDTSTART:20240101T090000Z\nDTEND:20240101T090500Z\nRRULE:FREQ=MINUTELY\nSUMMARY:Ping",
        header="X-WR-CALNAME:Pings\n",
    )
    began = time.perf_counter()
    with pytest.raises(AgendaImportError, match="'Ping' repeats minutely") as caught:
        parse_agenda(text, source="pings.ics")
    assert time.perf_counter() - began < 2
    assert str(caught.value).startswith("pings.ics:9: ")


def test_too_many_daily_occurrences_are_refused():
    events = [
        f"UID:s{n}\nDTSTART:20240101T{n:02d}0000Z\nDTEND:20240101T{n:02d}3000Z\nRRULE:FREQ=DAILY\nSUMMARY:Slot {n}"
        for n in range(6)
    ]
    with pytest.raises(AgendaImportError, match="2196 occurrences within a year; at most 2000") as caught:
        parse_agenda(calendar(*events, header="X-WR-CALNAME:Slots\n"), source="slots.ics")
    assert str(caught.value).startswith("slots.ics:5: ")


# --- Outlook / Exchange: Windows zone names ------------------------------------------

OUTLOOK = calendar(
    """UID:040000008200E00074C5B7101A82E00800000000
DTSTART;TZID="W. Europe Standard Time":20240610T093000
DTEND;TZID="W. Europe Standard Time":20240610T123000
SUMMARY:Expert group meeting
LOCATION:Room XIX
ATTENDEE;CN=Maria Lopez;ROLE=CHAIR:mailto:m.lopez@example.org
ATTENDEE;CN=Some Invitee;ROLE=REQ-PARTICIPANT:mailto:invitee@example.org""",
    header="""BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
""",
)


def test_an_outlook_invitation_keeps_its_wall_clock_time_room_and_chair():
    result = parse_agenda(OUTLOOK, source="egm.ics")
    session = result.meeting.sessions[0]
    assert session.starts_at.strftime("%H:%M %z") == "09:30 +0200"
    assert session.room == "Room XIX"
    assert session.people == (Person("Maria Lopez", Role.CHAIR),)  # invitees are not speakers
    assert session.uid == "040000008200E00074C5B7101A82E00800000000"


# --- Indico: the event itself around one event per contribution -----------------------

INDICO = calendar(
    """UID:indico-event-1234@indico.example.org
DTSTART:20230509T070000Z
DTEND:20230511T160000Z
SUMMARY:Expert Group Meeting on Population Ageing
LOCATION:Palais des Nations\\, Geneva""",
    """UID:indico-contribution-1234-1@indico.example.org
DTSTART:20230509T070000Z
DTEND:20230509T073000Z
SUMMARY:Opening of the meeting
LOCATION:Room XXIV""",
    """UID:indico-contribution-1234-2@indico.example.org
DTSTART:20230510T080000Z
DTEND:20230510T100000Z
SUMMARY:Ageing and social protection
LOCATION:Room XXIV""",
)


def test_indicos_event_gives_the_meeting_and_its_contributions_the_sessions():
    meeting = parse_agenda(INDICO, source="event.ics").meeting
    assert meeting.title == "Expert Group Meeting on Population Ageing"
    assert meeting.timezone == "Europe/Zurich"
    assert (meeting.start_date, meeting.end_date) == (date(2023, 5, 9), date(2023, 5, 11))
    assert meeting.venue == "Palais des Nations, Geneva"
    assert [s.title for s in meeting.sessions] == ["Opening of the meeting", "Ageing and social protection"]
    assert meeting.sessions[0].starts_at == datetime(2023, 5, 9, 9, 0, tzinfo=GENEVA)


def test_indicos_speakers_line_gives_people_and_related_to_names_the_event():
    text = calendar(
        """UID:indico-event-77@indico.example.org
DTSTART:20230509T070000Z
DTEND:20230509T160000Z
SUMMARY:Regional workshop on census methods
LOCATION:UN House (Nairobi)""",
        """UID:indico-contribution-77-3@indico.example.org
RELATED-TO:indico-event-77@indico.example.org
DTSTART:20230509T080000Z
DTEND:20230509T090000Z
SUMMARY:Register-based censuses
DESCRIPTION:Speakers: Amina Otieno (Kenya National Bureau of Statistics), Lars Berg (Statistics, Norway)\\nLessons from three rounds.
LOCATION:Room 2 (UN House)""",
    )
    meeting = parse_agenda(text, source="contributions.ics").meeting
    assert meeting.title == "Regional workshop on census methods"  # an event of one day, named by its contributions
    assert [s.title for s in meeting.sessions] == ["Register-based censuses"]
    item = meeting.sessions[0].items[0]
    assert item.people == (
        Person("Amina Otieno", Role.SPEAKER, "Kenya National Bureau of Statistics"),
        Person("Lars Berg", Role.SPEAKER, "Statistics, Norway"),
    )
    assert item.description == "Lessons from three rounds."
    assert meeting.sessions[0].room == "Room 2 (UN House)"


def test_an_event_over_several_days_is_a_session_each_day():
    text = calendar(
        """UID:workshop@indico.example.org
DTSTART;TZID=Europe/Zurich:20230509T090000
DTEND;TZID=Europe/Zurich:20230511T170000
SUMMARY:Capacity-building workshop""",
        header="X-WR-CALNAME:Workshop\n",
    )
    result = parse_agenda(text)
    sessions = result.meeting.sessions
    assert [(s.day.day, s.starts_at.hour, s.ends_at.hour) for s in sessions] == [(9, 9, 17), (10, 9, 17), (11, 9, 17)]
    assert len({s.key for s in sessions}) == 3
    assert any("runs over 3 days" in w.message for w in result.warnings)


# --- identity: the calendar, not its first event -------------------------------------

FIRST = "UID:a@x\nDTSTART:20240305T090000Z\nDTEND:20240305T100000Z\nSUMMARY:Opening"
SECOND = "UID:b@x\nDTSTART:20240305T110000Z\nDTEND:20240305T120000Z\nSUMMARY:Plenary"


def test_the_meeting_is_named_by_the_file_when_the_calendar_has_no_name():
    meeting = parse_agenda(calendar(FIRST, SECOND), source="/tmp/uploads/iom-council_2024.ics").meeting
    assert meeting.title == "iom council 2024"
    assert meeting.slug == "iom-council-2024"


def test_a_pasted_calendar_without_a_name_is_named_by_its_first_day_with_a_warning():
    result = parse_agenda(calendar(FIRST, SECOND))
    assert result.meeting.title == "Calendar from 5 March 2024"
    assert any("X-WR-CALNAME" in w.message for w in result.warnings)


def test_a_renamed_and_moved_first_event_updates_the_same_meeting_and_session(db):
    before = parse_agenda(calendar(FIRST, SECOND), source="council.ics").meeting
    save_meeting(db, before)
    moved = FIRST.replace("Opening", "Opening of the session").replace("T09", "T08").replace("T10", "T09")
    after = parse_agenda(calendar(moved, SECOND), source="council.ics").meeting
    assert after.slug == before.slug
    outcome = save_meeting(db, after)
    texts = [c.text for c in outcome.changes]
    assert texts[0] == "Opening on Tue 05 Mar renamed to “Opening of the session”."
    assert not any("removed" in t or "added" in t for t in texts if "Item" not in t)
    assert load_meeting(db, after.slug).sessions[0].key == before.sessions[0].key == "uid:a@x"


def test_an_event_given_twice_with_one_uid_stays_two_sessions():
    meeting = parse_agenda(calendar(FIRST, FIRST.replace("T09", "T13").replace("T10", "T14"))).meeting
    assert [s.uid for s in meeting.sessions] == ["a@x", "a@x#2"]


# --- size ------------------------------------------------------------------------------


def test_a_multi_megabyte_calendar_is_read_in_linear_time():
    # One 3 MB description folded into 40,000 lines: unfolding used to be quadratic.
    text_ = "word " * 600_000
    folded = "\r\n ".join(text_[i : i + 74] for i in range(0, len(text_), 74))
    big = calendar(FIRST + "\nDESCRIPTION:" + folded, SECOND, header="X-WR-CALNAME:Big\n")
    assert len(big) > 3_000_000
    began = time.perf_counter()
    meeting = parse_agenda(big).meeting
    assert time.perf_counter() - began < 6.0
    assert len(meeting.sessions[0].items[0].description) == len(text_.strip())


def test_a_calendar_over_the_size_cap_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(ics, "MAX_CALENDAR_CHARS", 1000)
    with pytest.raises(AgendaImportError, match="at most 0 million"):
        parse_agenda(calendar(FIRST, SECOND, header="X-WR-DESC:" + "x" * 2000 + "\n"), source="year.ics")


def test_an_imported_outlook_calendar_round_trips_through_the_store(db):
    meeting = parse_agenda(OUTLOOK, source="egm.ics").meeting
    save_meeting(db, meeting)
    assert load_meeting(db, meeting.slug) == dataclasses.replace(meeting, documents=())


def test_a_personal_reminder_follows_its_event_when_it_is_renamed_and_moved():
    before = parse_agenda(calendar(FIRST, SECOND), source="council.ics").meeting
    wanted = Subscription("U1", Target.for_session(before.sessions[0]), 10, id=1)
    moved = FIRST.replace("Opening", "Opening of the session").replace("T09", "T08").replace("T10", "T09")
    after = parse_agenda(calendar(moved, SECOND), source="council.ics").meeting
    inputs = PlanInputs(after, parse_policy("off,report=off,rapporteur=off"), subscriptions=(wanted,))
    assert missing_targets(inputs) == []
    assert [r.due_utc.strftime("%H:%M") for r in plan(inputs)] == ["07:50"]


# --- zones as Outlook, Exchange and old Apple calendars name them ------------------

EXCHANGE_ZONE = """BEGIN:VTIMEZONE
TZID:{tzid}
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:{summer}
TZOFFSETTO:{winter}
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:{winter}
TZOFFSETTO:{summer}
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


def _zoned_call(tzid: str, summer: str = "+0200", winter: str = "+0100") -> str:
    zone = EXCHANGE_ZONE.format(tzid=tzid, summer=summer, winter=winter)
    event = (
        "BEGIN:VEVENT\nUID:call-1\nSUMMARY:Monthly call\n"
        f'DTSTART;TZID="{tzid}":20160928T160000\nDURATION:PT1H\nEND:VEVENT\n'
    )
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:Microsoft Exchange Server 2010\n{zone}{event}END:VCALENDAR\n"


@pytest.mark.parametrize(
    ("tzid", "zone"),
    [
        # The city a Windows zone is named after wins over the first one listed.
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Berlin"),
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien", "Europe/Berlin"),
        ("(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "Europe/Paris"),
    ],
)
def test_a_windows_display_name_is_read_as_the_zone_it_stands_for(tzid: str, zone: str) -> None:
    result = parse_agenda(_zoned_call(tzid), source="call.ics")
    assert result.meeting.timezone == zone
    session = result.meeting.days[0].sessions[0]
    assert session.starts_at == datetime(2016, 9, 28, 16, 0, tzinfo=ZoneInfo(zone))
    assert session.ends_at == datetime(2016, 9, 28, 17, 0, tzinfo=ZoneInfo(zone))


def test_a_display_name_that_says_which_time_is_its_windows_zone() -> None:
    tzid = "(UTC-05:00) Eastern Time (US & Canada)"
    result = parse_agenda(_zoned_call(tzid, summer="-0400", winter="-0500"), source="call.ics")
    assert result.meeting.timezone == "America/New_York"
    assert result.meeting.days[0].sessions[0].starts_at == datetime(2016, 9, 28, 16, 0, tzinfo=ZoneInfo("America/New_York"))


def test_an_old_zone_alias_is_shown_under_its_current_name() -> None:
    result = parse_agenda(_zoned_call("US/Eastern", summer="-0400", winter="-0500"), source="call.ics")
    assert result.meeting.timezone == "America/New_York"


def test_a_given_zone_alias_is_stored_under_its_current_name_but_a_region_link_is_kept() -> None:
    assert parse_agenda(_zoned_call("Europe/Berlin"), source="c.ics", tz="US/Pacific").meeting.timezone == (
        "America/Los_Angeles"
    )
    # Europe/Oslo is a link to Europe/Berlin in the tz database, yet Norwegians know it by name.
    assert parse_agenda(_zoned_call("Europe/Berlin"), source="c.ics", tz="Europe/Oslo").meeting.timezone == (
        "Europe/Oslo"
    )


def test_a_display_name_tzid_without_its_vtimezone_still_names_the_zone() -> None:
    tzid = '"(UTC+01:00) Brussels, Copenhagen, Madrid, Paris"'
    text = calendar_with_event(
        f"UID:talk-1\nSUMMARY:Talk\nDTSTART;TZID={tzid}:20240611T090000\nDTEND;TZID={tzid}:20240611T100000"
    )
    result = parse_agenda(text, source="talk.ics")
    assert result.meeting.timezone == "Europe/Paris"
    assert result.meeting.days[0].sessions[0].starts_at == datetime(2024, 6, 11, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert result.warnings == ()


def calendar_with_event(body: str) -> str:
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\n{body}\nEND:VEVENT\nEND:VCALENDAR\n"


def test_a_zone_under_no_known_name_is_read_by_its_rules_with_a_warning() -> None:
    # Outlook's "Customized Time Zone": Central European rules under a name no database knows.
    result = parse_agenda(_zoned_call("Customized Time Zone"), source="call.ics")
    zone = ZoneInfo(result.meeting.timezone)
    assert datetime(2016, 1, 15, tzinfo=zone).utcoffset() == timedelta(hours=1)
    assert datetime(2016, 7, 15, tzinfo=zone).utcoffset() == timedelta(hours=2)
    session = result.meeting.days[0].sessions[0]
    assert session.starts_at is not None and session.starts_at.astimezone(zone).strftime("%H:%M") == "16:00"
    assert any("Customized Time Zone" in w.message and "--tz" in w.message for w in result.warnings)


def test_a_southern_zone_under_no_known_name_keeps_its_summer_in_january() -> None:
    # Summer time (+11:00) from October to April, as in Sydney.
    text = (
        _zoned_call("Custom AUS", summer="+1100", winter="+1000")
        .replace("BYDAY=-1SU;BYMONTH=10", "BYDAY=1SU;BYMONTH=4")
        .replace("BYDAY=-1SU;BYMONTH=3", "BYDAY=1SU;BYMONTH=10")
    )
    zone = ZoneInfo(parse_agenda(text, source="call.ics").meeting.timezone)
    assert datetime(2016, 1, 15, tzinfo=zone).utcoffset() == timedelta(hours=11)
    assert datetime(2016, 7, 15, tzinfo=zone).utcoffset() == timedelta(hours=10)
