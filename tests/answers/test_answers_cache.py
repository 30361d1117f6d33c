"""The Assistant's caches stay true to the store, whoever writes to it.

"Another process" is played by a second engine on the same database: its own
pool and connections, nothing shared with the Assistant's but the data, as a
second gunicorn worker or the CLI on another machine would have.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from answers_evalset import store_meetings
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.assistant import Assistant
from bot.clock import FixedClock
from handlers.slack.state import link_channel
from store.agenda import GenerationReader, load_meeting, save_meeting
from store.db import make_engine, make_sessionmaker, transaction
from store.values import Meeting

COORDINATION = "coordination-meeting-2003"
GENEVA = "geneva-expert-meeting-2024"
DURING_COORDINATION = datetime.fromisoformat("2003-10-15T11:00:00-04:00")
BETWEEN_MEETINGS = datetime.fromisoformat("2030-01-01T10:00:00+00:00")  # none current or next: "which one?"


@pytest.fixture
def other_process(database_url: str) -> Iterator[sessionmaker[DBSession]]:
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def _with_item_ii_titled(meeting: Meeting, title: str) -> Meeting:
    day = meeting.days[0]
    session = day.sessions[0]
    items = list(session.items)
    items[1] = dataclasses.replace(items[1], title=title)
    session = dataclasses.replace(session, items=tuple(items))
    return dataclasses.replace(meeting, days=(dataclasses.replace(day, sessions=(session, *day.sessions[1:])), *meeting.days[1:]))


def _retitle_item_ii(factory: sessionmaker[DBSession], title: str) -> None:
    with transaction(factory) as db:
        meeting = load_meeting(db, COORDINATION, with_bodies=True)
        assert meeting is not None
        save_meeting(db, _with_item_ii_titled(meeting, title), author="tests", source="retitle")


def test_an_agenda_changed_by_another_process_shows_in_the_very_next_answer(
    db_factory: sessionmaker[DBSession], other_process: sessionmaker[DBSession]
) -> None:
    store_meetings(db_factory)
    assistant = Assistant(db_factory, FixedClock(DURING_COORDINATION))
    for _ in range(2):  # the second answer comes from the caches
        assert "Keynote speech" in assistant.ask("item II", meeting=COORDINATION).text
    _retitle_item_ii(other_process, "Keynote address by the Under-Secretary-General")
    assert "Under-Secretary-General" in assistant.ask("item II", meeting=COORDINATION).text
    _retitle_item_ii(other_process, "Opening statement by the Chief Statistician")
    assert "Chief Statistician" in assistant.ask("item II", channel=None, meeting=COORDINATION).text


def test_a_channel_linked_after_a_cached_answer_takes_effect_on_the_next_question(
    db_factory: sessionmaker[DBSession], other_process: sessionmaker[DBSession]
) -> None:
    store_meetings(db_factory)
    assistant = Assistant(db_factory, FixedClock(BETWEEN_MEETINGS))
    assert assistant.ask("what's next?", channel="C0LINKED1").intent == "which_meeting"
    assert link_channel(other_process, GENEVA, "C0LINKED1") is not None
    assert assistant.ask("what's next?", channel="C0LINKED1").meeting == GENEVA
    assert assistant.ask("what's next?", channel="C0LINKED1").meeting == GENEVA
    # Moved to another meeting: the channel follows at once.
    assert link_channel(other_process, COORDINATION, "C0LINKED1") is not None
    assert assistant.ask("what's next?", channel="C0LINKED1").meeting == COORDINATION


def test_writes_in_plain_sql_are_seen_too(
    db_factory: sessionmaker[DBSession], other_process: sessionmaker[DBSession]
) -> None:
    """Triggers, not our code, mark the change: a writer that bypasses store/ is covered."""
    store_meetings(db_factory)
    assistant = Assistant(db_factory, FixedClock(BETWEEN_MEETINGS))
    assert assistant.ask("what's next?", channel="C0PLAIN01").intent == "which_meeting"
    with transaction(other_process) as db:
        db.execute(text("UPDATE meetings SET channel_id = 'C0PLAIN01' WHERE slug = :slug"), {"slug": GENEVA})
    assert assistant.ask("what's next?", channel="C0PLAIN01").meeting == GENEVA

    assert assistant.ask("agenda", meeting=COORDINATION).meeting == COORDINATION
    with transaction(other_process) as db:
        db.execute(text("DELETE FROM meetings WHERE slug = :slug"), {"slug": COORDINATION})
    gone = assistant.ask("agenda", meeting=COORDINATION)
    assert gone.intent == "no_meeting" and COORDINATION in gone.text


def test_a_meeting_imported_elsewhere_can_be_asked_about_at_once(
    db_factory: sessionmaker[DBSession], other_process: sessionmaker[DBSession]
) -> None:
    meetings = store_meetings(db_factory)
    assistant = Assistant(db_factory, FixedClock(DURING_COORDINATION))
    copy = dataclasses.replace(next(m for m in meetings if m.slug == COORDINATION), slug="coordination-copy")
    assert assistant.ask("agenda", meeting="coordination-copy").intent == "no_meeting"
    with transaction(other_process) as db:
        save_meeting(db, copy, author="tests", source="import elsewhere")
    assert assistant.ask("agenda", meeting="coordination-copy").meeting == "coordination-copy"


def test_uncommitted_writes_seen_through_a_caller_s_session_are_not_cached(
    db_factory: sessionmaker[DBSession],
) -> None:
    """A caller may ask inside its own transaction and see its own write; if that write is
    rolled back, a later revision of the same number must not be answered from it."""
    store_meetings(db_factory)
    assistant = Assistant(db_factory, FixedClock(DURING_COORDINATION))
    assert "Keynote speech" in assistant.ask("item II", meeting=COORDINATION).text
    with db_factory() as db:
        meeting = load_meeting(db, COORDINATION, with_bodies=True)
        assert meeting is not None
        save_meeting(db, _with_item_ii_titled(meeting, "A title that was never committed"))
        seen = assistant.meeting(db, COORDINATION)
        assert seen is not None and seen.days[0].sessions[0].items[1].title == "A title that was never committed"
        db.rollback()
    _retitle_item_ii(db_factory, "The committed title")  # the same revision number as the rolled-back one
    answer = assistant.ask("item II", meeting=COORDINATION).text
    assert "The committed title" in answer and "never committed" not in answer


def test_a_cached_question_costs_no_pooled_connection_and_no_sqlalchemy_statement(
    engine: Engine, db_factory: sessionmaker[DBSession]
) -> None:
    store_meetings(db_factory)
    assistant = Assistant(db_factory, FixedClock(DURING_COORDINATION))
    for _ in range(2):  # the first loads the list and the meeting, the second opens the marker's connection
        assistant.ask("agenda", meeting=COORDINATION)
    checkouts: list[object] = []
    statements: list[str] = []
    event.listen(engine, "checkout", lambda *args: checkouts.append(args))
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *rest: statements.append(sql))
    for question in ["what's next?", "item II", "where is A/58/98?", "agenda", "help"]:
        assert assistant.ask(question, meeting=COORDINATION).meeting == COORDINATION
    assert checkouts == [] and statements == []  # only the marker, on its own connection
    _retitle_item_ii(db_factory, "Keynote address")
    checkouts.clear()
    assert "Keynote address" in assistant.ask("item II", meeting=COORDINATION).text
    assert checkouts and statements  # reloaded through the pool


def test_when_the_marker_s_connection_breaks_answers_go_on_and_it_reconnects(
    engine: Engine, db_factory: sessionmaker[DBSession], other_process: sessionmaker[DBSession]
) -> None:
    taken: list[Any] = []  # connections taken out of the pool for good: the marker's
    event.listen(engine, "detach", lambda dbapi_connection, _record: taken.append(dbapi_connection))
    store_meetings(db_factory)
    assistant = Assistant(db_factory, FixedClock(DURING_COORDINATION))
    for _ in range(2):
        assert "Keynote speech" in assistant.ask("item II", meeting=COORDINATION).text
    reader = GenerationReader(engine)
    marker = reader.read()
    assert marker is not None and len(taken) == 2  # the assistant's, and this reader's
    for connection in taken:  # dropped under them (a database restart, a network cut)
        connection.close()
    assert reader.read() is None  # unknown: the caller reads through the pool instead
    assert reader.read() == marker and len(taken) == 3  # and then on a new connection
    assert "Keynote speech" in assistant.ask("item II", meeting=COORDINATION).text
    _retitle_item_ii(other_process, "Keynote address by the Under-Secretary-General")
    assert "Under-Secretary-General" in assistant.ask("item II", meeting=COORDINATION).text
    assert "Under-Secretary-General" in assistant.ask("item II", meeting=COORDINATION).text
    assert len(taken) == 4  # the assistant's reconnected too
    assert reader.read() not in (None, marker)
    reader.close()
