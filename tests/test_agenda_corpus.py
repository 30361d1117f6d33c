"""Every corpus layout (issue 13), imported as a user would and stored: on SQLite and
PostgreSQL, the meeting read back from the database must be what a careful human reads
off the page (``tests/agenda_corpus.py`` compares; ``heldout/`` is never opened here),
except for the differences ``known_gaps.yaml`` lists, which must be exactly those.

A refused page must leave the database as it was.
"""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy.orm import Session

from store.agenda import list_meetings, load_meeting, save_meeting
from store.values import AgendaImportError, ImportResult
from tests.agenda_corpus import AGENDAS, Fixture, compare, fixtures, import_fixture

CORPUS = fixtures("corpus")
# What the importer still reads wrong, difference by difference (see the README beside it).
KNOWN_GAPS: dict[str, list[str]] = yaml.safe_load((AGENDAS / "known_gaps.yaml").read_text(encoding="utf-8")) or {}
ROOT = AGENDAS.parents[2]


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
    # Paths in refusals are the checkout's own; the gaps name them from the repository root.
    differences = [d.replace(f"{ROOT}/", "") for d in differences]
    known = KNOWN_GAPS.get(fixture.name, [])
    new = [d for d in differences if d not in known]
    gone = [d for d in known if d not in differences]
    assert not new, f"{fixture.name} reads wrong:\n  " + "\n  ".join(new)
    assert not gone, (f"{fixture.name} now reads right where known_gaps.yaml says it did not; "
                      "delete these from it:\n  " + "\n  ".join(gone))


def test_every_known_gap_names_a_corpus_layout() -> None:
    assert set(KNOWN_GAPS) <= {f.name for f in CORPUS}
