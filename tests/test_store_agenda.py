"""Saving, loading, revisions and rollback of meetings, on every backend."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from store import models
from store.agenda import history, list_meetings, load_meeting, rollback, save_meeting
from store.db import make_engine, transaction
from store.values import Document
from tests.helpers import sample_meeting


def _move_thursday_afternoon(meeting, minutes: int):
    thursday = meeting.days[1]
    afternoon = thursday.sessions[1]
    moved = dataclasses.replace(
        afternoon,
        starts_at=afternoon.starts_at + timedelta(minutes=minutes),
    )
    day = dataclasses.replace(thursday, sessions=(thursday.sessions[0], moved))
    return dataclasses.replace(meeting, days=(meeting.days[0], day))


def test_a_saved_meeting_loads_back_equal(db):
    meeting = sample_meeting()
    save_meeting(db, meeting)
    db.commit()
    assert load_meeting(db, meeting.slug, with_bodies=True) == meeting


def test_times_come_back_in_the_meetings_zone(db):
    meeting = sample_meeting()
    save_meeting(db, meeting)
    loaded = load_meeting(db, meeting.slug)
    first = loaded.sessions[0].starts_at
    assert first.isoformat() == "2003-10-15T10:00:00-04:00"
    assert str(first.tzinfo) == "America/New_York"


def test_saving_the_same_agenda_twice_makes_no_revision(db):
    meeting = sample_meeting()
    first = save_meeting(db, meeting, author="ana", source="import")
    second = save_meeting(db, meeting, author="ana", source="import")
    assert first.revision == 1 and first.created
    assert second.revision is None and second.changes == ()
    assert len(history(db, meeting.slug)) == 1


def test_a_moved_session_makes_a_revision_with_a_readable_diff(db):
    meeting = sample_meeting()
    save_meeting(db, meeting)
    outcome = save_meeting(db, _move_thursday_afternoon(meeting, 30), author="ana", source="edit")
    assert outcome.revision == 2
    assert [c.text for c in outcome.changes] == [
        "Afternoon session on Thu 16 Oct now 15:30–18:00 (was 15:00–18:00)."
    ]
    revisions = history(db, meeting.slug)
    assert [(r.number, r.author, r.source) for r in revisions] == [(1, "", ""), (2, "ana", "edit")]


def test_rollback_restores_an_earlier_revision_as_a_new_one(db):
    meeting = sample_meeting()
    save_meeting(db, meeting)
    save_meeting(db, _move_thursday_afternoon(meeting, 30))
    outcome = rollback(db, meeting.slug, 1, author="ana")
    assert outcome.revision == 3
    assert load_meeting(db, meeting.slug, with_bodies=True) == meeting


def test_rollback_of_an_unknown_revision_is_none(db):
    save_meeting(db, sample_meeting())
    assert rollback(db, "coordination-meeting-2003", 9) is None


def test_a_continued_item_points_at_the_item_it_continues(db):
    meeting = sample_meeting()
    save_meeting(db, meeting)
    continuation = db.scalar(
        select(models.AgendaItem).where(models.AgendaItem.title == "Continuation of Agenda Item VIII")
    )
    assert continuation.continues.number == "VIII"
    assert continuation.continues.session_id != continuation.session_id


def test_an_agenda_that_only_names_a_document_keeps_its_extracted_text(db):
    meeting = sample_meeting()
    report = dataclasses.replace(meeting.documents[0], body="Full text of the report.")
    with_body = dataclasses.replace(meeting, documents=(report,) + meeting.documents[1:])
    save_meeting(db, with_body)
    outcome = save_meeting(db, meeting)  # re-import without bodies
    assert outcome.revision is None
    loaded = load_meeting(db, meeting.slug, with_bodies=True)
    assert loaded.documents[0].body == "Full text of the report."


def test_documents_not_in_a_reimport_are_kept(db):
    meeting = sample_meeting()
    save_meeting(db, meeting)
    extra = Document(title="Statement by the Chair", symbol="A/58/98/Corr.1")
    save_meeting(db, dataclasses.replace(meeting, documents=meeting.documents + (extra,)))
    save_meeting(db, meeting)
    symbols = [d.symbol for d in load_meeting(db, meeting.slug).documents]
    assert "A/58/98/Corr.1" in symbols


def test_a_corrigendum_is_linked_to_its_base_document(db):
    meeting = sample_meeting()
    corr = Document(title="Corrigendum", symbol="a/58/98/corr.1")
    save_meeting(db, dataclasses.replace(meeting, documents=meeting.documents + (corr,)))
    row = db.scalar(select(models.Document).where(models.Document.symbol_key == "A/58/98/Corr.1"))
    assert row.base is not None and row.base.symbol == "A/58/98"


def test_a_failed_transaction_leaves_the_store_unchanged(db_factory):
    meeting = sample_meeting()
    with pytest.raises(RuntimeError), transaction(db_factory) as db:
        save_meeting(db, meeting)
        raise RuntimeError("the import failed halfway")
    with db_factory() as db:
        assert list_meetings(db) == []
        assert db.scalar(select(func.count()).select_from(models.AgendaItem)) == 0


def test_deleting_a_meeting_removes_its_agenda(db):
    meeting = sample_meeting()
    save_meeting(db, meeting)
    db.commit()
    db.delete(db.scalar(select(models.Meeting)))
    db.commit()
    for table in (models.Day, models.Session, models.AgendaItem, models.Document, models.Revision):
        assert db.scalar(select(func.count()).select_from(table)) == 0


def test_sqlite_runs_with_foreign_keys_and_wal(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
