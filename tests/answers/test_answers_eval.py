"""Accuracy of the question engine on the evaluation set, through the Assistant and a real database.

Every miss is printed (question, what was expected, what came back), so a
failing run says what to look at.
"""

from __future__ import annotations

from answers_evalset import HELDOUT, HELDOUT2, load_cases, run_all, store_meetings
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

REQUIRED_ACCURACY = 0.97


def test_the_evaluation_set_is_big_and_varied() -> None:
    cases = load_cases()
    assert len(cases) >= 450
    every = cases + load_cases(HELDOUT) + load_cases(HELDOUT2)
    assert len(every) >= 600
    assert len({c.meeting for c in every}) >= 12
    assert any(c.tz for c in cases)
    assert any(c.choose for c in cases)


def test_accuracy_on_the_evaluation_set(db_factory: sessionmaker[DBSession]) -> None:
    store_meetings(db_factory)
    cases = load_cases()
    outcomes = run_all(db_factory, cases)
    misses = [o for o in outcomes if not o.ok]
    for miss in misses:
        print(miss.report())
    accuracy = 1 - len(misses) / len(outcomes)
    print(f"accuracy {accuracy:.3f} ({len(outcomes) - len(misses)}/{len(outcomes)})")
    assert accuracy >= REQUIRED_ACCURACY, f"{len(misses)} misses:\n" + "\n".join(m.report() for m in misses)
