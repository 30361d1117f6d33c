"""Every corpus layout (issue 13), imported as a user would and stored: on SQLite and
PostgreSQL, the meeting read back from the database must be what a careful human reads
off the page (``tests/agenda_corpus.py`` compares; ``heldout/`` is never opened here).

A refused page must leave the database as it was.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from store.agenda import list_meetings, load_meeting, save_meeting
from store.values import AgendaImportError, ImportResult
from tests.agenda_corpus import Fixture, compare, fixtures, import_fixture

CORPUS = fixtures("corpus")


def test_the_corpus_has_at_least_thirty_layouts() -> None:
    assert len(CORPUS) >= 30, f"only {len(CORPUS)} corpus fixtures"


@pytest.mark.parametrize("fixture", CORPUS, ids=[f.name for f in CORPUS])
def test_a_corpus_layout_stored_and_read_back_is_what_the_page_says(
    fixture: Fixture, db: Session
) -> None:
    outcome = import_fixture(fixture.path)
    if isinstance(outcome, AgendaImportError):
        assert list_meetings(db) == []  # a refusal stores nothing
        differences = compare(fixture.expected, outcome)
    else:
        save_meeting(db, outcome.meeting, source=fixture.path.name)
        db.commit()
        stored = load_meeting(db, outcome.meeting.slug)
        assert stored is not None
        differences = compare(
            fixture.expected, ImportResult(stored, outcome.warnings, outcome.format)
        )
    assert not differences, f"{fixture.name}:\n  " + "\n  ".join(differences)
