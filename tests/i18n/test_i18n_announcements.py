"""Agenda-change announcements in French and Spanish (issue 17): every kind of change a channel
hears of, worded in the meeting's language with no English word of the bot's own, and worded
so when the change is applied (the outbox stores the text as it will be posted).

The English sentences are pinned by tests/test_diff_changes.py and
tests/test_organizer_edits.py.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.clock import FixedClock
from bot.organizers import Applied, Proposals, parse_edit
from bot.organizers.announce import MAX_LINES, announcement, render_announcement
from bot.rapporteur.publish import announce as announce_report
from store.agenda import save_meeting
from store.db import transaction
from store.diff import (
    Change,
    DocumentAdded,
    DocumentChanged,
    ItemAdded,
    ItemMoved,
    ItemRemoved,
    ItemRenamed,
    ItemRetimed,
    MeetingAdded,
    RoomChanged,
    SessionAdded,
    SessionMoved,
    SessionRemoved,
    SessionRenamed,
)
from store.importers import load_agenda
from store.languages import set_meeting_language
from store.organizers import add_organizer
from store.outbox import claim
from store.values import Meeting
from tests.helpers import sample_meeting
from tests.i18n.leaks import agenda_content, english_leaks
from tests.recording_notifier import SAMPLE, ny

LANGUAGES = ("fr", "es")
ORGANIZER = "U0ORG0001"


@pytest.fixture(scope="module")
def sample() -> Meeting:
    return load_agenda(SAMPLE).meeting


def _every_change(m: Meeting) -> dict[str, Change]:
    zone = m.timezone
    morning, afternoon = m.days[0].sessions[0], m.days[0].sessions[1]
    item, other = morning.items[0], morning.items[1]
    later = dataclasses.replace(afternoon, starts_at=afternoon.starts_at + timedelta(hours=1))  # type: ignore[operator]
    longer = dataclasses.replace(later, ends_at=afternoon.ends_at + timedelta(hours=2))  # type: ignore[operator]
    shorter = dataclasses.replace(afternoon, ends_at=afternoon.ends_at - timedelta(hours=1))  # type: ignore[operator]
    next_day = m.days[1].sessions[1]
    retimed = dataclasses.replace(item, starts_at=morning.starts_at + timedelta(minutes=30))  # type: ignore[operator]
    doc = m.documents[0]
    return {
        "meeting added": MeetingAdded(m),
        "session added": SessionAdded(afternoon, zone),
        "session removed": SessionRemoved(morning),
        "session renamed": SessionRenamed(morning, dataclasses.replace(morning, title="Opening session")),
        "session starts later": SessionMoved(afternoon, later, zone),
        "session starts later and ends later": SessionMoved(afternoon, longer, zone),
        "session ends earlier": SessionMoved(afternoon, shorter, zone),
        "session to another day": SessionMoved(afternoon, next_day, zone),
        "room changed": RoomChanged(morning, morning.room, "Conference Room 4"),
        "item added": ItemAdded(afternoon, item),
        "item removed": ItemRemoved(morning, item),
        "unnumbered item removed": ItemRemoved(morning, dataclasses.replace(item, number="")),
        "item renamed": ItemRenamed(item, dataclasses.replace(item, title="Migration data")),
        "unnumbered item renamed": ItemRenamed(dataclasses.replace(item, number=""),
                                               dataclasses.replace(item, number="", title="Migration data")),
        "item moved": ItemMoved(morning, afternoon, other),
        "item retimed": ItemRetimed(morning, item, retimed, zone),
        "document added for an item": DocumentAdded(dataclasses.replace(doc, item="IV")),
        "document added": DocumentAdded(dataclasses.replace(doc, item="")),
        "document changed": DocumentChanged(doc, dataclasses.replace(doc, title="Revised report")),
    }


def _content(m: Meeting) -> list[str]:
    extra = ["Opening session", "Conference Room 4", "Migration data", "Revised report"]
    return sorted({*agenda_content(m), *extra}, key=len, reverse=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_change_is_announced_in_the_language(sample: Meeting, language: str) -> None:
    for kind, change in _every_change(sample).items():
        english = render_announcement([change], sample, sample)
        [line] = render_announcement([change], sample, sample, language)
        assert english and line != english[0], kind
        assert english_leaks(line, _content(sample)) == set(), (kind, line)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_heading_and_the_overflow_line_are_in_the_language(sample: Meeting, language: str) -> None:
    renamed = dataclasses.replace(sample, days=tuple(
        dataclasses.replace(day, sessions=tuple(
            dataclasses.replace(s, items=tuple(dataclasses.replace(i, title=f"{i.title} (rev. 1)") for i in s.items))
            for s in day.sessions))
        for day in sample.days))
    text = announcement(sample, renamed, language)  # every item renamed: more than fit
    assert text.count("\n") == MAX_LINES and "`/agenda history`" in text
    content = sorted({*_content(sample), *agenda_content(renamed)}, key=len, reverse=True)
    assert english_leaks(text.replace("`/agenda history`", ""), content) == set(), text


def test_the_sentences_read_naturally(sample: Meeting) -> None:
    change = _every_change(sample)["session starts later"]
    assert render_announcement([change], sample, sample, "fr") == [
        "La séance « Afternoon session » du mercredi commence désormais à 16 h (au lieu de 15 h)."]
    assert render_announcement([change], sample, sample, "es") == [
        "La sesión «Afternoon session» del miércoles empieza ahora a las 16:00 (antes, a las 15:00)."]


def test_a_french_meeting_queues_its_announcement_in_french(db_factory: sessionmaker[DBSession]) -> None:
    meeting = sample_meeting()
    with transaction(db_factory) as db:
        save_meeting(db, meeting, author="cli", source="import")
        add_organizer(db, meeting.slug, ORGANIZER, by="test")
        set_meeting_language(db, meeting.slug, "fr")
    clock = FixedClock(ny("2003-10-10 09:00"))
    proposals = Proposals(db_factory, clock)
    preview = proposals.preview_edit(meeting.slug, parse_edit("move afternoon session to 15:30 16 October"),
                                     ORGANIZER)
    assert preview.proposal_id is not None
    applied = proposals.confirm(preview.proposal_id, ORGANIZER, is_admin=False)
    assert isinstance(applied, Applied)
    [queued] = claim(db_factory, clock.now())
    assert queued.text == applied.announcement == (
        "Mise à jour de l'ordre du jour de Second Coordination Meeting on International Migration :\n"
        "La séance « Afternoon session » du jeudi commence désormais à 15 h 30 (au lieu de 15 h).")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rapporteur_report_is_announced_in_the_meeting_language(
    db_factory: sessionmaker[DBSession], language: str
) -> None:
    meeting = sample_meeting()
    with transaction(db_factory) as db:
        save_meeting(db, meeting, author="cli", source="import")
        set_meeting_language(db, meeting.slug, language)
        texts = [announce_report(db, meeting, "Draft report", created=created, revision=2, author="U1",
                                 now=ny("2003-10-17 09:00")) for created in (True, False)]
    for text in texts:
        assert "`/agenda docs`" in text
        assert english_leaks(text.replace("`/agenda docs`", ""), [*_content(meeting), "Draft report"]) == set(), text
