"""The answers evaluation set: loading its meetings and cases, running and scoring them.

Shared by the accuracy test (tests/answers/test_answers_eval.py) and the
benchmark (benchmarks/qa.py), so both measure the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.answers import Answer
from bot.assistant import Assistant
from bot.clock import FixedClock
from store.agenda import save_meeting
from store.db import transaction
from store.importers.canonical_file import parse
from store.values import Meeting

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
CASES = HERE / "eval_questions.yaml"
# Written before the engine was tuned for issue 16 and scored once then; never
# tuned on (see the header of the file).
HELDOUT = HERE / "eval_heldout.yaml"
# Written before any tuning on six agendas of the import corpus, as the
# importer reads them (frozen in tests/fixtures/answers/corpus/), and scored
# once then: the held-out figure of issue 16 (tests/answers/README.md).
HELDOUT2 = HERE / "eval_heldout2.yaml"
# The third batch, written the same way on five more corpus agendas (an FAO
# committee and council, a forum with panels, a frab conference in French, a
# workshop with rooms) and scored once before any change for it.
HELDOUT3 = HERE / "eval_heldout3.yaml"
# The fourth, on five more (a UN order of the day, a French colloquium and a
# Spanish programme asked in English, an XML workshop, side events of a UN
# meeting), scored once before any change for it.
HELDOUT4 = HERE / "eval_heldout4.yaml"
# Every meeting is in the store for both sets, so a question that names no
# meeting is answered among all of them.
MEETING_FILES = (
    ROOT / "bot" / "sample" / "coordination-meeting-2003.yaml",
    *sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.yaml")),
    *sorted((ROOT / "tests" / "fixtures" / "answers" / "corpus").glob("*.yaml")),
)


@dataclass(frozen=True)
class Case:
    question: str
    meeting: str
    now: datetime
    tz: str | None
    choose: bool
    has: tuple[str, ...]
    has_not: tuple[str, ...]
    category: str = ""


@dataclass(frozen=True)
class Outcome:
    case: Case
    answer: Answer
    missing: tuple[str, ...]
    unwanted: tuple[str, ...]
    wrong_meeting: bool

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unwanted or self.wrong_meeting)

    def report(self) -> str:
        why = []
        if self.wrong_meeting:
            why.append(f"meeting {self.answer.meeting!r}, expected {self.case.meeting!r}")
        if self.missing:
            why.append(f"missing {list(self.missing)}")
        if self.unwanted:
            why.append(f"should not contain {list(self.unwanted)}")
        c = self.case
        return (
            f"MISS {c.question!r} [{c.meeting} at {c.now.isoformat()}, tz {c.tz}]: {'; '.join(why)}\n"
            f"  got ({self.answer.intent}): {self.answer.text!r}"
        )


def load_cases(path: Path = CASES) -> list[Case]:
    cases: list[Case] = []
    for group in yaml.safe_load(path.read_text(encoding="utf-8")):
        now = datetime.fromisoformat(group["now"])
        for q in group["questions"]:
            cases.append(
                Case(
                    question=q["q"], meeting=group["meeting"], now=now, tz=group.get("tz"),
                    choose=bool(group.get("choose")), has=tuple(q.get("has", ())), has_not=tuple(q.get("not", ())),
                    category=q.get("cat", ""),
                )
            )
    return cases


def accuracy_by_category(outcomes: list[Outcome]) -> dict[str, dict[str, float | int]]:
    """Right answers per category ("" for untagged cases), for the benchmark's JSON."""
    tally: dict[str, list[int]] = {}
    for o in outcomes:
        right, total = tally.setdefault(o.case.category or "untagged", [0, 0])
        tally[o.case.category or "untagged"] = [right + o.ok, total + 1]
    return {
        cat: {"right": right, "total": total, "accuracy": round(right / total, 4)}
        for cat, (right, total) in sorted(tally.items())
    }


def load_meetings() -> list[Meeting]:
    return [parse(p.read_text(encoding="utf-8"), source=str(p)).meeting for p in MEETING_FILES]


def store_meetings(factory: sessionmaker[DBSession]) -> list[Meeting]:
    meetings = load_meetings()
    with transaction(factory) as db:
        for m in meetings:
            save_meeting(db, m, author="tests", source="answers evaluation")
    return meetings


def run_case(assistant: Assistant, case: Case) -> Outcome:
    answer = assistant.ask(
        case.question, meeting=None if case.choose else case.meeting, viewer_zone=case.tz, now=case.now
    )
    text = answer.text.casefold()
    missing = tuple(s for s in case.has if s.casefold() not in text)
    unwanted = tuple(s for s in case.has_not if s.casefold() in text)
    return Outcome(case, answer, missing, unwanted, answer.meeting != case.meeting)


def run_all(factory: sessionmaker[DBSession], cases: list[Case]) -> list[Outcome]:
    clock = FixedClock(cases[0].now)
    assistant = Assistant(factory, clock)
    outcomes = []
    for case in cases:
        clock.set(case.now)
        outcomes.append(run_case(assistant, case))
    return outcomes
