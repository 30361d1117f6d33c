"""Accuracy on the held-out evaluation sets: questions written before the engine was tuned for them.

tests/answers/eval_heldout.yaml was written before the engine was changed for
issue 16 and scored then (113/216), and has been tuned on since.
eval_heldout2.yaml (198 questions on six corpus agendas) was written before any
tuning for it and scored once (175/198, tests/answers/README.md); the
thresholds are what each set reaches now; every miss is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from answers_evalset import (
    CASES,
    HELDOUT,
    HELDOUT2,
    HELDOUT3,
    HELDOUT4,
    load_cases,
    run_all,
    store_meetings,
)
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

# 216/216 when last scored (208/216 at the end of the first work on issue 16, then
# its eight misses fixed with general rules); one miss is allowed.
REQUIRED_ACCURACY = 0.99


def test_the_heldout_set_is_big_varied_and_tagged() -> None:
    cases = load_cases(HELDOUT)
    assert len(cases) >= 150
    assert len({c.meeting for c in cases}) >= 6
    assert all(c.category for c in cases)
    assert {"who", "where", "when", "status", "relative", "shorthand", "symbol", "item", "topic", "unknown"} <= {
        c.category for c in cases
    }


def test_accuracy_on_the_heldout_set(db_factory: sessionmaker[DBSession]) -> None:
    store_meetings(db_factory)
    outcomes = run_all(db_factory, load_cases(HELDOUT))
    misses = [o for o in outcomes if not o.ok]
    for miss in misses:
        print(miss.report())
    accuracy = 1 - len(misses) / len(outcomes)
    print(f"held-out accuracy {accuracy:.3f} ({len(outcomes) - len(misses)}/{len(outcomes)})")
    assert accuracy >= REQUIRED_ACCURACY, f"{len(misses)} misses:\n" + "\n".join(m.report() for m in misses)


CATEGORIES = {"who", "where", "when", "status", "relative", "shorthand", "typo", "symbol", "document", "item", "topic", "unknown"}


@dataclass(frozen=True)
class Later:
    """A held-out set written after the first, on corpus agendas of its own, scored once before
    any change for it; ``required`` is what it reaches now (tests/answers/README.md)."""

    path: Path
    size: int  # at least this many questions
    agendas: int  # on at least this many agendas
    required: float
    earlier: tuple[Path, ...]  # the sets whose agendas it must not share


LATER = {
    # 175/198 (88.4%) scored once; 196/198 after, 197/198 since the pretalx importer keeps
    # talk types (the last miss is the importer's: a venue read as "Highlights:").
    "second": Later(HELDOUT2, 150, 3, 0.98, (CASES, HELDOUT)),
    # 184/238 (77.3%) scored once; 220/238 after, 221 since (of the misses left, most are the
    # importer's reading: titles, rooms and a venue it lost).
    "third": Later(HELDOUT3, 160, 4, 0.92, (CASES, HELDOUT, HELDOUT2)),
    # 159/204 (77.9%) scored once; 180/204 after general rules (most of the 24 misses are the
    # importer's reading).
    "fourth": Later(HELDOUT4, 150, 4, 0.88, (CASES, HELDOUT, HELDOUT2, HELDOUT3)),
}


@pytest.mark.parametrize("name", LATER)
def test_a_later_heldout_set_is_big_tagged_and_on_its_own_agendas(name: str) -> None:
    later = LATER[name]
    cases = load_cases(later.path)
    assert len(cases) >= later.size
    assert len({c.meeting for c in cases}) >= later.agendas
    assert all(c.category for c in cases)
    assert CATEGORIES <= {c.category for c in cases}
    others = {c.meeting for path in later.earlier for c in load_cases(path)}
    assert not {c.meeting for c in cases} & others


@pytest.mark.parametrize("name", LATER)
def test_accuracy_on_a_later_heldout_set(db_factory: sessionmaker[DBSession], name: str) -> None:
    later = LATER[name]
    store_meetings(db_factory)
    outcomes = run_all(db_factory, load_cases(later.path))
    misses = [o for o in outcomes if not o.ok]
    for miss in misses:
        print(miss.report())
    accuracy = 1 - len(misses) / len(outcomes)
    print(f"{name} held-out accuracy {accuracy:.3f} ({len(outcomes) - len(misses)}/{len(outcomes)})")
    assert accuracy >= later.required, f"{len(misses)} misses:\n" + "\n".join(m.report() for m in misses)
