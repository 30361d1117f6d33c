"""Events written straight to text (store.ics_lines): what icalendar would have written."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from bot.reminders.policy import ReminderPolicy
from handlers.web import feeds
from store.exporters import join, to_ics
from store.ics_lines import fold, unfold
from tests.conference import community

STAMP = datetime(2027, 1, 1, tzinfo=UTC)
POLICY = ReminderPolicy(session_leads=(60, 15, 0))


@given(st.text())
def test_folding_keeps_the_text_and_every_line_within_75_octets(text: str) -> None:
    line = text.replace("\r", "").replace("\n", "")  # content lines hold escaped breaks, never raw ones
    folded = fold(line)
    assert unfold(folded) == line
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert all(part.startswith(" ") for part in folded.split("\r\n")[1:])


def test_folding_never_splits_a_character_or_an_escape() -> None:
    assert fold("é" * 100).encode().decode() == fold("é" * 100)  # a cut inside é would not decode
    line = "D:" + "x" * 71 + "\\,y"  # the escape's backslash would end the first line
    assert fold(line).split("\r\n")[1].startswith(" \\,")


def _feed() -> bytes:
    base = feeds.base(community(1000), POLICY, STAMP)
    return feeds.finish(base.calendar, base.texts, {})


def test_a_conference_feed_is_what_icalendar_writes_for_the_same_calendar() -> None:
    base = feeds.base(community(1000), POLICY, STAMP)
    body = join(base.calendar, base.texts.values())  # SEQUENCE aside: the feed puts it first
    assert icalendar.Calendar.from_ical(body).to_ical() == body


def test_a_conference_feed_holds_the_export_s_sessions_the_talks_and_the_policy_s_alarms() -> None:
    """The feed as it was built before (the export parsed back, re-stamped): same events."""
    meeting = community(1000)
    exported = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(to_ics(meeting, stamp=STAMP)).walk("VEVENT")}
    fed = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(_feed()).walk("VEVENT")}
    assert set(exported) < set(fed)
    assert len(fed) == len(exported) + sum(1 for s in meeting.sessions for item in s.items if item.starts_at is not None)
    for uid, event in exported.items():
        mine = fed[uid]
        same = [name for name in event if name not in ("SEQUENCE",)]
        assert {n: event[n] for n in same} == {n: mine[n] for n in same}
        rings = [-alarm.decoded("trigger") for alarm in mine.walk("VALARM")]
        assert rings == ([timedelta(minutes=m) for m in (60, 15, 0)] if event.walk("VALARM") else [])


@given(st.text(min_size=1), st.text())
def test_any_title_and_room_are_written_as_icalendar_would(title: str, room: str) -> None:
    meeting = community(4)
    session = dataclasses.replace(meeting.days[0].sessions[0], title=title, room=room or None)
    day = dataclasses.replace(meeting.days[0], sessions=(session, *meeting.days[0].sessions[1:]))
    meeting = dataclasses.replace(meeting, title=title, venue=room or None, days=(day, *meeting.days[1:]))
    text = to_ics(meeting, stamp=STAMP).encode()
    assert icalendar.Calendar.from_ical(text).to_ical() == text


def test_a_personal_feed_names_itself_after_the_meeting_escaped_once() -> None:
    from bot.reminders.planner import TargetKind

    meeting = dataclasses.replace(community(20), title="Summit; Paris, 2027")
    base = feeds.base(meeting, POLICY, STAMP)
    choice = feeds.Choice(TargetKind.SESSION, meeting.sessions[0].key, 10)
    cal, texts = feeds.personal(base, [choice], "U1")
    body = feeds.finish(cal, texts, {})
    assert b"\r\nX-WR-CALNAME:Summit\\; Paris\\, 2027 (my sessions)\r\n" in body  # TEXT escapes, once
    parsed = icalendar.Calendar.from_ical(body)
    assert [-a.decoded("trigger") for e in parsed.walk("VEVENT") for a in e.walk("VALARM")] == [timedelta(minutes=10)]
