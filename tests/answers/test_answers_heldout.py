"""Accuracy on the held-out evaluation sets: questions written before the engine was tuned for them.

tests/answers/eval_heldout.yaml was written before the engine was changed for
issue 16 and scored then (113/216), and has been tuned on since.
eval_heldout2.yaml (198 questions on six corpus agendas) was written before any
tuning for it and scored once (175/198, tests/answers/README.md); the
thresholds are what each set reaches now; every miss is printed.
"""

from __future__ import annotations

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


# eval_heldout2.yaml: 175/198 (88.4%) when scored once, before any change for it;
# 196/198 after, 197/198 since the pretalx importer keeps talk types (the last miss
# is the importer's: a venue read as "Highlights:").
REQUIRED_ACCURACY_2 = 0.98
CATEGORIES_2 = {"who", "where", "when", "status", "relative", "shorthand", "typo", "symbol", "document", "item", "topic", "unknown"}


def test_the_second_heldout_set_is_big_and_on_its_own_agendas() -> None:
    cases = load_cases(HELDOUT2)
    assert len(cases) >= 150
    assert len({c.meeting for c in cases}) >= 3
    assert all(c.category for c in cases)
    assert CATEGORIES_2 <= {c.category for c in cases}
    others = {c.meeting for c in load_cases()} | {c.meeting for c in load_cases(HELDOUT)}
    assert not {c.meeting for c in cases} & others


def test_accuracy_on_the_second_heldout_set(db_factory: sessionmaker[DBSession]) -> None:
    store_meetings(db_factory)
    outcomes = run_all(db_factory, load_cases(HELDOUT2))
    misses = [o for o in outcomes if not o.ok]
    for miss in misses:
        print(miss.report())
    accuracy = 1 - len(misses) / len(outcomes)
    print(f"second held-out accuracy {accuracy:.3f} ({len(outcomes) - len(misses)}/{len(outcomes)})")
    assert accuracy >= REQUIRED_ACCURACY_2, f"{len(misses)} misses:\n" + "\n".join(m.report() for m in misses)


# eval_heldout3.yaml: 184/238 (77.3%) when scored once, before any change for it; 220/238
# after (of the 18 misses, 16 are the importer's reading: titles, rooms and a venue it lost).
REQUIRED_ACCURACY_3 = 0.92


def test_the_third_heldout_set_is_big_and_on_its_own_agendas() -> None:
    cases = load_cases(HELDOUT3)
    assert len(cases) >= 160
    assert len({c.meeting for c in cases}) >= 4
    assert all(c.category for c in cases)
    assert CATEGORIES_2 <= {c.category for c in cases}
    others = {c.meeting for path in (CASES, HELDOUT, HELDOUT2) for c in load_cases(path)}
    assert not {c.meeting for c in cases} & others


def test_accuracy_on_the_third_heldout_set(db_factory: sessionmaker[DBSession]) -> None:
    store_meetings(db_factory)
    outcomes = run_all(db_factory, load_cases(HELDOUT3))
    misses = [o for o in outcomes if not o.ok]
    for miss in misses:
        print(miss.report())
    accuracy = 1 - len(misses) / len(outcomes)
    print(f"third held-out accuracy {accuracy:.3f} ({len(outcomes) - len(misses)}/{len(outcomes)})")
    assert accuracy >= REQUIRED_ACCURACY_3, f"{len(misses)} misses:\n" + "\n".join(m.report() for m in misses)


# eval_heldout4.yaml: 159/204 (77.9%) when scored once, before any change for it; 180/204
# after general rules (most of the 24 misses are the importer's reading, tests/answers/README.md).
REQUIRED_ACCURACY_4 = 0.88


def test_the_fourth_heldout_set_is_big_and_on_its_own_agendas() -> None:
    cases = load_cases(HELDOUT4)
    assert len(cases) >= 150
    assert len({c.meeting for c in cases}) >= 4
    assert all(c.category for c in cases)
    assert CATEGORIES_2 <= {c.category for c in cases}
    others = {c.meeting for path in (CASES, HELDOUT, HELDOUT2, HELDOUT3) for c in load_cases(path)}
    assert not {c.meeting for c in cases} & others


def test_accuracy_on_the_fourth_heldout_set(db_factory: sessionmaker[DBSession]) -> None:
    store_meetings(db_factory)
    outcomes = run_all(db_factory, load_cases(HELDOUT4))
    misses = [o for o in outcomes if not o.ok]
    for miss in misses:
        print(miss.report())
    accuracy = 1 - len(misses) / len(outcomes)
    print(f"fourth held-out accuracy {accuracy:.3f} ({len(outcomes) - len(misses)}/{len(outcomes)})")
    assert accuracy >= REQUIRED_ACCURACY_4, f"{len(misses)} misses:\n" + "\n".join(m.report() for m in misses)
