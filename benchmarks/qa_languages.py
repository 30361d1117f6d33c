"""Latency per language (issue 17): the same sample-meeting questions in English, French and Spanish.

Each language's evaluation questions about the bundled sample meeting
(tests/answers/eval_questions.yaml; tests/i18n/eval_fr.yaml and eval_es.yaml,
which put the English ones in French and Spanish) are asked through
``Assistant.ask`` as Slack asks them: the reply's language chosen from the
question (lingua, models loaded before timing) and the answer rendered in it.
The goal: French and Spanish p50 at most 1.2x English.

    python benchmarks/qa.py --languages-only      # this part alone
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bot.answers import answer_question
from bot.answers.index import index_for
from bot.assistant import Assistant
from bot.clock import FixedClock
from bot.i18n.choose import preload
from bot.i18n.replies import answer_in, reply_language

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "en": ROOT / "tests" / "answers" / "eval_questions.yaml",
    "fr": ROOT / "tests" / "i18n" / "eval_fr.yaml",
    "es": ROOT / "tests" / "i18n" / "eval_es.yaml",
}
SAMPLE = "coordination-meeting-2003"


def measure_languages(evalset: Any, factory: Any, rounds: int, percentiles: Any) -> dict[str, Any]:
    """p50/p99 per language, and French and Spanish p50 as a multiple of English. The languages
    take turns round by round, so a busy machine slows them alike."""
    preload()
    asked: dict[str, tuple[Assistant, list[Any]]] = {}
    for language, path in SETS.items():
        cases = [c for c in evalset.load_cases(path) if c.meeting == SAMPLE and not c.choose]
        assistant = Assistant(factory, FixedClock(cases[0].now))
        for c in cases:  # the meeting and its index loaded, every reading cached once, as in a warm server
            assistant.ask(c.question, meeting=c.meeting, now=c.now, viewer_zone=c.tz)
        asked[language] = (assistant, cases)
    samples: dict[str, list[float]] = {language: [] for language in SETS}
    for _ in range(rounds):
        for language, (assistant, cases) in asked.items():
            for c in cases:
                began = time.perf_counter()
                reply_in = reply_language("auto", c.question)
                answer = assistant.ask(c.question, meeting=c.meeting, now=c.now, viewer_zone=c.tz, language=reply_in)
                answer_in(assistant, answer, reply_in)
                samples[language].append((time.perf_counter() - began) * 1000)
    first_readings = _first_readings(evalset, {language: cases for language, (_, cases) in asked.items()}, rounds)
    out: dict[str, Any] = {
        language: {"questions": len(asked[language][1]), **percentiles(samples[language]),
                   "first_reading": percentiles(first_readings[language])}
        for language in SETS
    }
    english = out["en"]["p50_ms"]
    out["p50_vs_english"] = {lang: round(out[lang]["p50_ms"] / english, 2) for lang in ("fr", "es")}
    first = out["en"]["first_reading"]["p50_ms"]
    out["first_reading_p50_vs_english"] = {
        lang: round(out[lang]["first_reading"]["p50_ms"] / first, 2) for lang in ("fr", "es")}
    out["goal_at_most_1_2x"] = all(
        ratio <= 1.2 for ratio in (*out["p50_vs_english"].values(), *out["first_reading_p50_vs_english"].values()))
    return out


def _first_readings(evalset: Any, cases: dict[str, list[Any]], rounds: int) -> dict[str, list[float]]:
    """The engine on a question it has not read before (its readings cache emptied): where the
    lexicon and the typo mending cost something, which a warm server's cache hides. Answered in
    the question's language, the languages taking turns round by round like the warm samples."""
    meeting = next(m for m in evalset.load_meetings() if m.slug == SAMPLE)
    index = index_for(meeting)
    samples: dict[str, list[float]] = {language: [] for language in cases}
    for _ in range(max(1, rounds // 4)):
        for language, asked in cases.items():
            for c in asked:
                index.readings.clear()
                began = time.perf_counter()
                answer_question(c.question, meeting, now=c.now, viewer_zone=c.tz, index=index, language=language)
                samples[language].append((time.perf_counter() - began) * 1000)
    return samples
