"""Which language to answer in: the asker's, unless the question is plainly in another.

A pure function of what the transport knows: the person's Slack locale
(``users.info`` with ``include_locale``), the question, the meeting's
language and whether the reply goes to the meeting's channel. Channel
messages (reminders, announcements) are the meeting's; anything said to one
person is in their locale, or in the question's language when that is plainly
another one (a French locale asking in Spanish gets Spanish). Short or mixed
questions ("point 9", "agenda", "wifi?") say nothing about a language and keep
the locale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from bot.i18n import ENGLISH, supported

if TYPE_CHECKING:
    from lingua import LanguageDetector

# "Plainly": the detector is this sure, on a question of at least this many words.
CONFIDENCE = 0.8
MIN_WORDS = 3

Detect = Callable[[str], dict[str, float]]


@dataclass(frozen=True)
class Situation:
    """What the transport knows when it replies."""

    question: str = ""
    user_locale: str | None = None  # "fr-FR", as users.info gives it
    meeting_language: str | None = None
    to_channel: bool = False  # a reminder or announcement in the meeting's channel
    asked_for: str | None = None  # an explicit choice: --lang, a setting


def choose_language(situation: Situation, detect: Detect | None = None) -> str:
    """``en``, ``fr`` or ``es``: see the module's docstring for the order of the rules."""
    if explicit := supported(situation.asked_for):
        return explicit
    if situation.to_channel:
        return supported(situation.meeting_language) or ENGLISH
    base = supported(situation.user_locale) or ENGLISH
    plainly = question_language(situation.question, detect or detect_languages)
    return plainly or base


def question_language(question: str, detect: Detect) -> str | None:
    """The question's language when it is plainly one of ours; None when unsure."""
    if len(question.split()) < MIN_WORDS:
        return None
    scores = detect(question)
    if not scores:
        return None
    best = max(scores, key=lambda language: scores[language])
    return best if scores[best] >= CONFIDENCE else None


def detect_languages(text: str) -> dict[str, float]:
    """lingua's confidence per language, among English, French and Spanish only."""
    return {
        value.language.iso_code_639_1.name.lower(): value.value
        for value in _detector().compute_language_confidence_values(text)
    }


@cache
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    # Three models only: a fourth language would only ever be a wrong guess.
    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH, Language.SPANISH).build()


def preload() -> None:
    """Loads the models (about a second) at start-up rather than on the first question."""
    detect_languages("preload the language models")
