"""frab XML as other tools write it, and XML we must refuse rather than store empty."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from store.importers import frab, parse_agenda
from store.values import AgendaImportError, Person

BERLIN = ZoneInfo("Europe/Berlin")


def schedule(events: str, *, day: str = "2024-03-12", zone: str = "Europe/Berlin") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Open Data Day</title><time_zone_name>{zone}</time_zone_name></conference>
  <day index="1" date="{day}">
    <room name="Saal 1">
{events}
    </room>
  </day>
</schedule>
"""


def event(title: str, start: str, *, date: str = "", duration: str = "00:30", extra: str = "") -> str:
    stamp = f"<date>{date}</date>" if date else ""
    return f"<event id='1'>{stamp}<start>{start}</start><duration>{duration}</duration><title>{title}</title>{extra}</event>"


def test_local_times_stamped_z_keep_the_local_start_with_one_warning():
    text = schedule(
        event("Opening", "10:00", date="2024-03-12T10:00:00Z")
        + event("Data licences", "11:00", date="2024-03-12T11:00:00Z")
    )
    result = frab.parse(text)
    starts = [i.starts_at for i in result.meeting.sessions[0].items]
    assert starts == [datetime(2024, 3, 12, 10, 0, tzinfo=BERLIN), datetime(2024, 3, 12, 11, 0, tzinfo=BERLIN)]
    assert [w.message for w in result.warnings if "disagree" in w.message] == [
        "<date> 2024-03-12T10:00:00Z and <start> 10:00 disagree; the local <start> is used"
    ]


def test_a_true_utc_stamp_that_agrees_with_the_local_start_is_no_quirk():
    result = frab.parse(schedule(event("Opening", "10:00", date="2024-03-12T09:00:00Z")))
    assert result.meeting.sessions[0].items[0].starts_at == datetime(2024, 3, 12, 10, 0, tzinfo=BERLIN)
    assert not [w for w in result.warnings if "disagree" in w.message]


def test_bare_person_names_are_kept():
    extra = "<person>Jana Nováková</person><persons><person id='3'>Tom  Berg</person></persons>"
    item = frab.parse(schedule(event("Opening", "10:00", extra=extra))).meeting.sessions[0].items[0]
    assert item.people == (Person("Tom Berg"), Person("Jana Nováková"))


def test_an_empty_duration_runs_until_the_next_event():
    text = schedule(event("Opening", "10:00", duration="") + event("Talk", "10:20"))
    result = frab.parse(text)
    opening, talk = result.meeting.sessions[0].items
    assert opening.ends_at == talk.starts_at == datetime(2024, 3, 12, 10, 20, tzinfo=BERLIN)
    assert any("no <duration>" in w.message for w in result.warnings)


def test_events_right_in_the_day_are_grouped_by_their_room():
    text = """<schedule><conference><title>Camp</title><time_zone_name>UTC</time_zone_name></conference>
<day date="2024-08-01">
  <event><room>Tent A</room><start>09:00</start><duration>01:00</duration><title>Soldering</title></event>
  <event><room>Tent B</room><start>09:00</start><duration>01:00</duration><title>Knitting</title></event>
</day></schedule>"""
    meeting = frab.parse(text).meeting
    assert [(s.room, s.items[0].title) for s in meeting.sessions] == [("Tent A", "Soldering"), ("Tent B", "Knitting")]


def test_a_schedule_with_days_but_no_events_we_read_is_refused_not_stored_empty():
    text = """<schedule><conference><title>Week</title></conference>
<day date="2024-03-11"><slot from="10:00">Opening</slot></day>
<day date="2024-03-12"><slot from="10:00">Talks</slot></day></schedule>"""
    with pytest.raises(AgendaImportError) as caught:
        frab.parse(text, source="week.xml")
    assert "no events agendabot can read" in str(caught.value)
    assert caught.value.line == 1


def test_xml_of_another_shape_is_refused_by_name():
    text = "<?xml version='1.0'?>\n<agenda><item time='10:00'>Opening</item></agenda>"
    with pytest.raises(AgendaImportError) as caught:
        parse_agenda(text, source="agenda.xml")
    assert "its root is <agenda>" in str(caught.value)
    assert "frab/pentabarf <schedule> XML" in str(caught.value)


def test_an_html_page_is_not_taken_for_xml():
    assert not frab.sniff_other_xml("<!DOCTYPE html><html><body>x</body></html>", ".html")


def test_deep_nesting_is_refused_with_its_line():
    text = "<schedule>\n" + "<a>" * 100 + "</a>" * 100 + "</schedule>"
    with pytest.raises(AgendaImportError) as caught:
        frab.parse(text)
    assert "nests deeper than 50" in str(caught.value) and caught.value.line == 2


def test_a_huge_xml_file_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(frab, "MAX_XML_CHARS", 100)
    with pytest.raises(AgendaImportError, match="million characters"):
        frab.parse(schedule(event("Opening", "10:00")))
