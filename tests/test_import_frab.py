"""frab/pentabarf schedule import: rooms, night programmes, HTML, hostile and broken XML."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from store.exporters import export_meeting
from store.importers import frab, load_agenda, parse_agenda
from store.values import AgendaImportError, ItemKind
from tests.conftest import FIXTURES

CONGRESS = FIXTURES / "schedules" / "congress.xml"
BERLIN = ZoneInfo("Europe/Berlin")


def congress():
    return load_agenda(CONGRESS)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2019, 12, day, hour, minute, tzinfo=BERLIN)


def test_the_fixture_has_the_quirks_of_real_schedules():
    raw = CONGRESS.read_text(encoding="utf-8")
    assert "<day date='2019-12-27'" in raw  # single-quoted attributes
    assert "&lt;h2&gt;" in raw and "&amp;amp;" in raw  # escaped (and double-escaped) HTML
    assert "<start>00:15</start>" in raw


def test_meeting_from_the_conference():
    result = congress()
    meeting = result.meeting
    assert result.format == "frab"
    assert result.warnings == ()
    assert meeting.title == "Example Congress 2019"
    assert meeting.slug == "exc19-2019"
    assert meeting.timezone == "Europe/Berlin"
    assert (meeting.start_date, meeting.end_date) == (date(2019, 12, 27), date(2019, 12, 28))


def test_each_room_of_a_day_is_a_session_and_empty_rooms_are_dropped():
    meeting = congress().meeting
    assert [d.date for d in meeting.days] == [date(2019, 12, 27), date(2019, 12, 28)]
    assert [(s.title, s.room) for s in meeting.days[0].sessions] == [
        ("Hall A", "Hall A"),
        ("Hall B", "Hall B"),
    ]
    assert [s.room for s in meeting.days[1].sessions] == ["Hall A"]
    assert len(meeting.items()) == 7


def test_session_spans_its_events():
    hall_a = congress().meeting.days[0].sessions[0]
    assert hall_a.starts_at == at(27, 11, 0)
    assert hall_a.ends_at == at(28, 1, 45)


def test_events_after_midnight_stay_under_their_day():
    day_one = congress().meeting.days[0]
    news = day_one.sessions[0].items[-1]
    assert news.title == "Night News Show"
    assert news.starts_at == at(28, 0, 15)  # from <date> with its offset
    # Hall B's stream copy has only <start>00:15: after the day's start, so the next morning.
    stream = day_one.sessions[1].items[-1]
    assert stream.title == "Night News Show (Stream)"
    assert stream.starts_at == at(28, 0, 15)
    assert stream.ends_at == at(28, 1, 45)
    assert all(s.day == date(2019, 12, 27) for s in day_one.sessions)


def test_items_have_their_own_times_speakers_and_order():
    items = congress().meeting.days[0].sessions[0].items
    assert [i.ordinal for i in items] == [1, 2, 3]
    opening = items[0]
    assert (opening.starts_at, opening.ends_at) == (at(27, 11, 0), at(27, 11, 30))
    assert opening.speakers == ("Ann Example", "Bo Sample")
    assert opening.number == ""  # frab ids mean nothing to participants


def test_html_is_unescaped_and_stripped_from_descriptions():
    talk = congress().meeting.days[0].sessions[0].items[1]
    assert talk.title == "Beyond PNR: Exploring & explaining airline systems"
    assert talk.description == (
        "What QNY27R means\n\n"
        "Ever wondered what the cryptic QNY27R on your reservation means?\n\n"
        "Airport environment\n\n"
        "- Air traffic control\n"
        "- Baggage & access control\n\n"
        "Questions & answers\xa0at the end."
    )


def test_repeated_texts_appear_once():
    keynote = congress().meeting.days[1].sessions[0].items[0]
    assert keynote.description == "A New Dawn"  # subtitle, abstract and description all say it


def test_kinds_from_titles_and_types():
    kinds = {i.title: i.kind for _, i in congress().meeting.items()}
    assert kinds["Opening Event"] == ItemKind.OPENING
    assert kinds["Keynote"] == ItemKind.KEYNOTE
    assert kinds["Panel: Privacy at Scale"] == ItemKind.PANEL
    assert kinds["Closing Event"] == ItemKind.CLOSING
    assert (
        kinds["Beyond PNR: Exploring & explaining airline systems"] == ItemKind.PRESENTATION
    )  # lecture
    assert kinds["Night News Show"] == ItemKind.OTHER


def test_without_a_zone_name_the_fixed_offset_is_used_with_a_warning():
    text = CONGRESS.read_text(encoding="utf-8").replace(
        "<time_zone_name>Europe/Berlin</time_zone_name>", ""
    )
    result = frab.parse(text)
    assert result.meeting.timezone == "Etc/GMT-1"
    assert "--tz" in result.warnings[0].message
    first = result.meeting.sessions[0].items[0]
    assert first.starts_at == datetime(2019, 12, 27, 10, 0, tzinfo=UTC)
    assert first.starts_at.astimezone(ZoneInfo(result.meeting.timezone)).hour == 11


def test_zone_from_the_city():
    text = CONGRESS.read_text(encoding="utf-8").replace(
        "<time_zone_name>Europe/Berlin</time_zone_name>", "<city>Hamburg</city>"
    )
    result = frab.parse(text)
    assert result.meeting.timezone == "Europe/Berlin"
    assert result.meeting.venue == "Hamburg"


def test_tz_argument_wins_and_keeps_the_instants():
    meeting = load_agenda(CONGRESS, tz="America/New_York").meeting
    assert meeting.timezone == "America/New_York"
    assert meeting.sessions[0].starts_at == at(27, 11, 0)


def test_round_trips_through_our_exports():
    meeting = congress().meeting
    for fmt, suffix in (("yaml", ".yaml"), ("json", ".json"), ("ics", ".ics")):
        text = export_meeting(meeting, fmt, stamp=datetime(2024, 1, 1, tzinfo=UTC))
        assert parse_agenda(text, suffix=suffix).meeting == meeting, fmt


def test_sniff():
    assert frab.sniff(CONGRESS.read_text(encoding="utf-8"), ".xml")
    assert parse_agenda(CONGRESS.read_text(encoding="utf-8")).format == "frab"
    assert not frab.sniff("<?xml version='1.0'?><rss><channel/></rss>", ".xml")


# --- broken and hostile files --------------------------------------------------------


def error_of(text: str) -> AgendaImportError:
    with pytest.raises(AgendaImportError) as caught:
        frab.parse(text, source="schedule.xml")
    return caught.value


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_malformed_xml_names_line_and_column():
    text = CONGRESS.read_text(encoding="utf-8").replace(
        "</title>\n<subtitle></subtitle>", "\n<subtitle></subtitle>", 1
    )
    err = error_of(text)
    assert err.line is not None and err.line > 10
    assert "not well-formed XML: mismatched tag" in err.message
    assert str(err).startswith(f"schedule.xml:{err.line}: ")


def test_a_bad_duration_names_its_line():
    text = CONGRESS.read_text(encoding="utf-8").replace(
        "<duration>01:30</duration>", "<duration>ninety</duration>", 1
    )
    err = error_of(text)
    assert err.line == line_of(text, "<duration>ninety</duration>")
    assert "'ninety' is not HH:MM" in err.message


def test_a_bad_start_names_its_line():
    text = CONGRESS.read_text(encoding="utf-8").replace(
        "<start>23:00</start>", "<start>late</start>"
    )
    err = error_of(text)
    assert err.line == line_of(text, "<start>late</start>")


def test_a_bad_day_date_names_its_line():
    text = CONGRESS.read_text(encoding="utf-8").replace(
        "date='2019-12-28' end", "date='28.12.2019' end"
    )
    err = error_of(text)
    assert err.line == line_of(text, "date='28.12.2019'")
    assert "is not a date" in err.message


def test_entities_are_refused():
    # The "billion laughs" shape: a DTD with entities must never be expanded.
    text = (
        "<?xml version='1.0'?>\n<!DOCTYPE schedule [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;'>]>\n"
        "<schedule><conference><title>&lol2;</title></conference><day date='2019-12-27'/></schedule>\n"
    )
    err = error_of(text)
    assert "entities" in err.message


def test_external_entities_are_refused():
    text = (
        "<?xml version='1.0'?>\n<!DOCTYPE schedule [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
        "<schedule><conference><title>&x;</title></conference></schedule>\n"
    )
    assert "entities" in error_of(text).message


def test_other_xml_is_not_a_schedule():
    err = error_of("<?xml version='1.0'?>\n<rss>\n<channel/>\n</rss>\n")
    assert err.line == 2
    assert "<schedule>" in err.message


def test_a_schedule_without_days():
    assert (
        "no <day>"
        in error_of("<schedule><conference><title>X</title></conference></schedule>").message
    )


# --- size ------------------------------------------------------------------------------


def generated(events: int, rooms: int = 6, days: int = 4) -> str:
    """A schedule with ``events`` events, nights running past midnight (own small generator)."""
    per_room = -(-events // (rooms * days))
    parts = [
        "<schedule><conference><title>Big</title><time_zone_name>Europe/Berlin</time_zone_name></conference>"
    ]
    made = 0
    for d in range(days):
        day = date(2030, 12, 27) + timedelta(days=d)
        parts.append(f"<day date='{day}' start='{day}T10:00:00+01:00'>")
        for r in range(rooms):
            parts.append(f"<room name='Room {r}'>")
            for n in range(min(per_room, events - made)):
                made += 1
                minutes = 10 * 60 + n * 10
                start = f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
                parts.append(
                    f"<event id='{made}'><start>{start}</start><duration>00:10</duration>"
                    f"<title>Talk {made}</title><description>&lt;p&gt;About {made}&lt;/p&gt;</description>"
                    f"<persons><person id='{made}'>Speaker {made}</person></persons></event>"
                )
            parts.append("</room>")
        parts.append("</day>")
    parts.append("</schedule>")
    return "\n".join(parts)


def test_three_thousand_events_import_well_under_two_seconds():
    text = generated(3000)
    started = time.perf_counter()
    meeting = frab.parse(text).meeting
    elapsed = time.perf_counter() - started
    items = meeting.items()
    assert len(items) == 3000
    assert sum(1 for s, i in items if i.starts_at.date() > s.day) > 0  # nights past midnight
    assert all(s.starts_at.date() == s.day for s in meeting.sessions)
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_an_event_before_the_announced_day_start_is_that_morning():
    # Day 2 is announced from 11:30, but a 10:00 workshop is not the night after.
    text = CONGRESS.read_text(encoding="utf-8").replace(
        "<date>2019-12-28T11:30:00+01:00</date>\n<start>11:30</start>", "<start>10:00</start>"
    )
    keynote = frab.parse(text).meeting.days[1].sessions[0].items[0]
    assert keynote.title == "Keynote"
    assert keynote.starts_at == at(28, 10, 0)


def test_without_day_bounds_small_hours_are_the_night_after():
    text = re.sub(
        r"<day date='2019-12-27'[^>]*>",
        "<day date='2019-12-27'>",
        CONGRESS.read_text(encoding="utf-8"),
    )
    stream = frab.parse(text).meeting.days[0].sessions[1].items[-1]
    assert stream.starts_at == at(28, 0, 15)


def test_a_byte_order_mark_in_pasted_text_is_ignored():
    text = CONGRESS.read_text(encoding="utf-8")
    assert parse_agenda("\ufeff" + text).meeting == frab.parse(text).meeting


def test_the_conferences_stated_dates_widen_a_schedule_with_only_its_first_day_filled() -> None:
    xml = """<?xml version="1.0"?>
<schedule>
  <conference><title>Small Con</title><city>Brussels</city><start>2018-02-03</start><end>2018-02-04</end></conference>
  <day index="1" date="2018-02-03">
    <room name="Janson">
      <event id="1"><start>10:00</start><duration>00:50</duration><title>Keynote</title></event>
    </room>
  </day>
</schedule>
"""
    meeting = parse_agenda(xml, source="schedule.xml").meeting
    assert (meeting.start_date, meeting.end_date) == (date(2018, 2, 3), date(2018, 2, 4))
    assert [day.date for day in meeting.days] == [date(2018, 2, 3)]


def test_a_schedule_xml_of_another_shape_is_refused_with_the_shape_agendabot_reads() -> None:
    xml = '<?xml version="1.0"?><schedule><session><title>Talk</title><time>10:00</time></session></schedule>'
    with pytest.raises(AgendaImportError) as refused:
        parse_agenda(xml, source="sched.xml")
    assert "has no <day>" in str(refused.value) and "<room name=...><event>" in str(refused.value)
    assert refused.value.line == 1
