"""The Assistant's choice of meeting and its per-revision cache, on a real database."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from answers_evalset import load_meetings, store_meetings
from sqlalchemy import update
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.assistant import Assistant
from bot.clock import FixedClock
from store import models
from store.agenda import save_meeting
from store.db import transaction

DURING_CONFERENCE = datetime.fromisoformat("2025-06-12T11:10:00+02:00")
BETWEEN = datetime.fromisoformat("2030-01-01T10:00:00+00:00")


def _assistant(db_factory: sessionmaker[DBSession], now: datetime = DURING_CONFERENCE) -> Assistant:
    store_meetings(db_factory)
    return Assistant(db_factory, FixedClock(now))


def test_a_question_that_names_a_meeting_selects_it(db_factory: sessionmaker[DBSession]) -> None:
    assistant = _assistant(db_factory)
    assert assistant.ask("where is the Geneva expert group meeting?").meeting == "geneva-expert-meeting-2024"
    assert assistant.ask("rapporteur's report at the coordination meeting").meeting == "coordination-meeting-2003"
    assert assistant.ask("coordination-meeting-2003: item IX").meeting == "coordination-meeting-2003"
    # nothing named: the meeting on today
    assert assistant.ask("what's next?").meeting == "migration-data-conference-2025"


def test_without_a_current_meeting_the_bot_asks_which(db_factory: sessionmaker[DBSession]) -> None:
    assistant = _assistant(db_factory, BETWEEN)
    answer = assistant.ask("what's next?")
    assert answer.intent == "which_meeting"
    assert set(answer.choices) == {m.slug for m in load_meetings()}
    # "the geneva meeting" is no name once four meetings are in Geneva
    assert assistant.ask("what's next at the geneva expert group meeting?").meeting == "geneva-expert-meeting-2024"


def test_a_channel_s_meeting_gives_way_only_to_a_plainly_named_other(db_factory: sessionmaker[DBSession]) -> None:
    assistant = _assistant(db_factory)
    with transaction(db_factory) as db:
        db.execute(update(models.Meeting).where(models.Meeting.slug == "geneva-expert-meeting-2024").values(channel_id="C1"))
    assert assistant.ask("when is lunch?", channel="C1").meeting == "geneva-expert-meeting-2024"
    # one shared word ("coordination" is also a topic word) does not leave the channel's meeting
    assert assistant.ask("coordination of statistics?", channel="C1").meeting == "geneva-expert-meeting-2024"
    assert assistant.ask("item IX of coordination-meeting-2003", channel="C1").meeting == "coordination-meeting-2003"


def test_an_explicit_slug_wins_and_an_unknown_one_is_said(db_factory: sessionmaker[DBSession]) -> None:
    assistant = _assistant(db_factory)
    assert assistant.ask("where is the Geneva meeting?", meeting="coordination-meeting-2003").meeting == "coordination-meeting-2003"
    answer = assistant.ask("help", meeting="nope")
    assert answer.intent == "no_meeting" and "nope" in answer.text


def test_a_new_revision_is_seen_at_once(db_factory: sessionmaker[DBSession]) -> None:
    assistant = _assistant(db_factory)
    slug = "coordination-meeting-2003"
    now = datetime.fromisoformat("2003-10-15T11:00:00-04:00")
    assert "Keynote speech" in assistant.ask("item II", meeting=slug, now=now).text
    with db_factory() as db:
        meeting = assistant.meeting(db, slug)
    assert meeting is not None
    day = meeting.days[0]
    session = day.sessions[0]
    renamed = dataclasses.replace(session.items[1], title="Keynote address by the Under-Secretary-General")
    session = dataclasses.replace(session, items=(session.items[0], renamed, *session.items[2:]))
    changed = dataclasses.replace(meeting, days=(dataclasses.replace(day, sessions=(session, *day.sessions[1:])), *meeting.days[1:]))
    with transaction(db_factory) as db:
        save_meeting(db, changed, author="tests", source="rename")
    assert "Under-Secretary-General" in assistant.ask("item II", meeting=slug, now=now).text


def test_passages_work_through_the_assistant(db_factory: sessionmaker[DBSession]) -> None:
    assistant = _assistant(db_factory)
    answer = assistant.ask(
        "what did participants agree about coordination meetings?", meeting="coordination-meeting-2003",
        now=datetime.fromisoformat("2003-10-16T10:00:00-04:00"),
    )
    assert answer.intent == "passage"
    assert "regular intervals" in answer.text
