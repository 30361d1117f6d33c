"""One vocabulary: "item 5", "thu" and "15h30" mean the same thing whichever way they come in.

Each entry point (a question, ``/agenda item``, "remind me before", an organizer's move, moving a
rapporteur's note) is driven with the same words, and they must agree with ``bot.vocabulary``.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot import vocabulary
from bot.answers.normalize import normalize
from bot.answers.timeexpr import parse_time as question_time
from bot.assistant import Assistant
from bot.cli import load_sample
from bot.clock import FixedClock
from bot.organizers.edits import Move, apply_edit, parse_edit
from bot.organizers.edits import parse_day as edit_day
from bot.organizers.edits import parse_time as edit_time
from bot.rapporteur.attribution import find_item as note_item
from bot.reminders.planner import TargetKind
from bot.reminders.settings import find_target
from bot.requests.grammar import Sub, parse_agenda
from bot.requests.grammar import parse_day as agenda_day
from bot.requests.views import resolve_day
from tests.helpers import sample_meeting
from tests.recording_notifier import ny

DURING = datetime.fromisoformat("2003-10-15T11:00:00-04:00")
THURSDAY = date(2003, 10, 16)


@pytest.mark.parametrize("said", ["item 5", "item V", "item v", "item five", "5", "V", "#5", "no. 5"])
def test_item_5_is_item_v_at_every_entry_point(said: str) -> None:
    meeting = sample_meeting()
    found = vocabulary.find_item(meeting, said)
    assert found is not None and found.number == "V"
    # "remind me before item 5"
    target = find_target(meeting, said, DURING)
    assert (target.kind, target.key) == (TargetKind.ITEM, "v")
    # "/agenda notes move 3 item 5"
    moved_note = note_item(meeting, said)
    assert moved_note is not None and moved_note.number == "V"
    # "/agenda move item 5 to 15h30 thu": item V, nothing else, moves
    edit = parse_edit(f"move {said} to 15h30 thu")
    assert isinstance(edit, Move)
    after = apply_edit(meeting, edit)
    [item] = [i for s, i in after.items() if i.number == "V"]
    assert item.starts_at is not None and item.starts_at.date() == THURSDAY
    assert (item.starts_at.hour, item.starts_at.minute) == (15, 30)


@pytest.mark.parametrize("said", ["item 5", "item V", "item five"])
def test_a_question_and_agenda_item_name_item_v(db_factory: sessionmaker[Session], said: str) -> None:
    load_sample(db_factory)
    assistant = Assistant(db_factory, FixedClock(ny("2003-10-15 11:00")))
    asked = parse_agenda(said)
    assert asked.sub is Sub.QUESTION
    for question in (asked.question, f"what is {said}?"):
        answer = assistant.ask(question)
        assert "workers' remittances" in answer.text, question


def test_an_item_that_does_not_exist_is_refused_the_same_way_everywhere() -> None:
    meeting = sample_meeting()
    assert vocabulary.find_item(meeting, "item 12") is None
    assert note_item(meeting, "item 12") is None
    with pytest.raises(ValueError, match="no item 12"):
        find_target(meeting, "item 12", DURING)
    with pytest.raises(ValueError, match="no item 12"):
        apply_edit(meeting, parse_edit("move item 12 to 15:30"))


@pytest.mark.parametrize("said", ["thu", "Thu.", "thursday", "Thursday", "thurs"])
def test_thu_is_the_meetings_thursday_at_every_entry_point(said: str) -> None:
    meeting = sample_meeting()
    assert vocabulary.weekday_number(said) == 3
    # /agenda thu
    agenda = agenda_day(said)
    assert agenda is not None and resolve_day(agenda, meeting, DURING) == THURSDAY
    assert parse_agenda(said).sub is Sub.DAY
    # an organizer's "… on thu"
    edit = edit_day(said)
    assert edit is not None and edit.weekday == 3
    # "remind me before the afternoon session thu"
    target = find_target(meeting, f"afternoon session {said}", DURING)
    [session] = [s for s in meeting.sessions if s.key == target.key]
    assert target.kind is TargetKind.SESSION and (session.title, session.day) == ("Afternoon session", THURSDAY)
    # a question
    assert question_time(normalize(f"what's on {said}?"), meeting, DURING).day == THURSDAY


@pytest.mark.parametrize(
    ("said", "expected"),
    [("15h30", time(15, 30)), ("15:30", time(15, 30)), ("15.30", time(15, 30)), ("3:30 pm", time(15, 30)),
     ("3:30 p.m.", time(15, 30)), ("noon", time(12, 0)), ("9h", time(9, 0)), ("12am", time(0, 0))],
)
def test_clock_times_read_alike_in_edits_and_questions(said: str, expected: time) -> None:
    meeting = sample_meeting()
    assert vocabulary.parse_clock(said) == expected
    assert edit_time(said) == expected
    asked = question_time(normalize(f"what is happening at {said} tomorrow?"), meeting, DURING).clock
    assert asked == expected


@pytest.mark.parametrize("said", ["15", "25:00", "13pm", "soon", "item 5"])
def test_what_is_not_a_clock_time_is_none(said: str) -> None:
    assert vocabulary.parse_clock(said) is None
    assert edit_time(said) is None


@pytest.mark.parametrize(
    ("said", "offset"), [("today", 0), ("tomorrow", 1), ("the day after tomorrow", 2), ("Tomorrow", 1)]
)
def test_days_from_today(said: str, offset: int) -> None:
    found = vocabulary.parse_day(said)
    assert found is not None and found.offset == offset
    assert vocabulary.parse_day(said, relative=False) is None  # an agenda edit names the meeting's days


def test_inside_a_phrase_only_whole_weekdays_and_their_shorthands_count() -> None:
    assert vocabulary.weekday_in(["afternoon", "session", "on", "thurs."]) == (3, 3)
    assert vocabulary.weekday_in(["sun", "and", "energy", "session"]) is None
    assert vocabulary.parse_day("sun") == vocabulary.DayRef("sun", weekday=6)  # alone, it is a day


def test_mentions() -> None:
    text = "#action <@U123|ana> to send <@W9ZZ> the draft"
    assert vocabulary.mentioned_users(text) == ["U123", "W9ZZ"]
    assert vocabulary.replace_mentions(text, drop="W9ZZ") == "#action @U123 to send  the draft"
    assert vocabulary.user_word("<@U123|ana>") == "U123" == vocabulary.user_word("@U123")
    assert vocabulary.user_word("ana") is None
