"""The request layer answers with values, whoever asks: no Slack, no console, only the
store and a clock. Each test reads as one request and the value that comes back."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.answers import Answer
from bot.assistant import Assistant
from bot.cli import load_sample
from bot.clock import Clock, FixedClock
from bot.requests import notes, reminders
from bot.requests.grammar import parse_agenda
from bot.requests.meeting import Asker, choose
from bot.requests.views import AgendaNote, AgendaView, DocumentList, agenda_view
from store.agenda import save_meeting
from store.db import transaction
from store.values import Meeting

NEW_YORK = ZoneInfo("America/New_York")
DURING = datetime(2003, 10, 15, 11, 0, tzinfo=NEW_YORK)
ALICE = "U0ALICE01"


@dataclass(frozen=True)
class Services:
    assistant: Assistant
    clock: Clock
    db_factory: sessionmaker[Session]


@pytest.fixture
def services(db_factory: sessionmaker[Session]) -> Services:
    clock = FixedClock(DURING)
    return Services(Assistant(db_factory, clock), clock, db_factory)


@pytest.fixture
def sample(db_factory: sessionmaker[Session]) -> Meeting:
    return load_sample(db_factory)


def in_a_dm(user: str = ALICE, chosen: str | None = None) -> Asker:
    return Asker(user, None, None, None, DURING, chosen=chosen)


def test_agenda_alone_is_the_rest_of_today(services: Services, sample: Meeting) -> None:
    shown = agenda_view(services, in_a_dm(), parse_agenda(""))

    assert isinstance(shown, AgendaView) and shown.meeting.slug == sample.slug
    assert shown.intro.startswith("Today") and shown.plan.date == DURING.date()
    assert all(s.ends_at is None or s.ends_at > DURING for s in shown.plan.sessions)


def test_a_day_without_sessions_is_a_note_naming_the_meeting_s_days(services: Services, sample: Meeting) -> None:
    shown = agenda_view(services, in_a_dm(), parse_agenda("2003-10-20"))

    assert isinstance(shown, AgendaNote)
    assert shown.text.startswith("No sessions on") and sample.title in shown.text


def test_docs_alone_is_the_document_list(services: Services, sample: Meeting) -> None:
    assert agenda_view(services, in_a_dm(), parse_agenda("docs")) == DocumentList(sample)


def test_a_dm_s_earlier_choice_settles_which_meeting(services: Services, db_factory: sessionmaker[Session],
                                                     sample: Meeting) -> None:
    copy = dataclasses.replace(sample, slug="coordination-meeting-2003-copy", title=f"{sample.title} (copy)")
    with transaction(db_factory) as db:
        save_meeting(db, copy, author="test", source="test")

    undecided = choose(services, in_a_dm())
    decided = choose(services, in_a_dm(chosen=copy.slug))

    assert isinstance(undecided, Answer) and undecided.intent == "which_meeting"
    assert isinstance(decided, Meeting) and decided.slug == copy.slug


def test_notes_in_a_channel_linked_to_no_meeting_are_refused_with_the_reason(services: Services,
                                                                              sample: Meeting) -> None:
    taken = notes.place(services, "C0NOTLINKED", "1066230000.000100")

    assert isinstance(taken, notes.Taken) and taken.refused is notes.NotNoted.UNLINKED and not taken.notes


def test_a_personal_reminder_is_listed_then_cancelled(services: Services, sample: Meeting) -> None:
    who = in_a_dm()

    said = reminders.remind(services, who, sample.slug, "item V", "10m")
    listed = reminders.mine(services, who)
    cancelled = reminders.cancel(services, who, 1)

    assert "item V" in said and [r.number for r in listed.reminders] == [1]
    assert "item V" in listed.reminders[0].target
    assert cancelled.meeting == sample.slug
    assert reminders.mine(services, who).reminders == ()
