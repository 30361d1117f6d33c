"""The bot's own words in French and Spanish (bot/i18n/replies.py), with no English left in."""

from __future__ import annotations

import inspect
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.answers import Answer, answer_question, engine
from bot.i18n.replies import (
    ERROR,
    GREETING,
    HELP,
    NOT_FOUND,
    THANKS,
    TRANSLATED_INTENTS,
    TRY,
    in_language,
)
from store.values import Meeting
from tests.helpers import sample_meeting

NOW = datetime(2003, 10, 15, 11, 0, tzinfo=ZoneInfo("America/New_York"))
# English words that would betray an untranslated message (agenda content is taken out first).
ENGLISH_WORDS = frozenset(
    """the is are what when where who which that this you your know try ask about welcome hello goodbye
    enjoy meeting sorry could not work out one closest matches or and for example own words session
    afternoon morning tomorrow next lunch report there time zone item organizes""".split()
)
QUOTED = re.compile(r"«\s*([^»]+?)\s*»")


@pytest.fixture(scope="module")
def sample() -> Meeting:
    return sample_meeting()


def _ask(question: str, meeting: Meeting) -> Answer:
    return answer_question(question, meeting, now=NOW)


def _every_kind(meeting: Meeting) -> list[Answer]:
    kinds = [_ask(q, meeting) for q in ("help", "hello", "thanks", "bye", "gibberish xyzzy", "when the meeting ended")]
    kinds.append(Answer("error", ERROR, meeting.slug, suggestions=("agenda", "help")))
    assert {a.intent for a in kinds} == TRANSLATED_INTENTS
    assert kinds[5].suggestions != ("agenda", "help")  # a not_found with close matches
    return kinds


def test_the_english_source_is_the_engines_own_words(sample: Meeting) -> None:
    assert _ask("help", sample).text == HELP
    assert _ask("hello", sample).text == GREETING.format(title=sample.title)
    assert _ask("thanks", sample).text == THANKS
    assert _ask("gibberish xyzzy", sample).text == NOT_FOUND + TRY
    assert ERROR in inspect.getsource(engine)
    for answer in _every_kind(sample):
        assert in_language(answer, "en", meeting_title=sample.title) == answer


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_english_leaks_into_a_translated_reply(language: str, sample: Meeting) -> None:
    for answer in _every_kind(sample):
        text = in_language(answer, language, meeting_title=sample.title).text
        for content in (sample.title, *answer.suggestions):
            text = text.replace(content, " ")
        text = re.sub(r"[A-Z]/\d+/\d+", " ", text)  # document symbols are agenda content
        leaked = {w for w in re.findall(r"[a-z']+", text.lower()) if w in ENGLISH_WORDS}
        assert leaked == set(), f"{language} {answer.intent}: {leaked} in {text!r}"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_example_the_help_gives_is_understood(language: str, sample: Meeting) -> None:
    help_text = in_language(_ask("help", sample), language).text
    examples = QUOTED.findall(help_text)
    assert len(examples) >= 15
    for example in examples:
        assert _ask(example, sample).intent not in ("not_found", "error"), example
    for suggestion in QUOTED.findall(in_language(_ask("gibberish xyzzy", sample), language).text):
        assert _ask(suggestion, sample).intent not in ("not_found", "error"), suggestion


def test_a_language_we_do_not_speak_gets_english(sample: Meeting) -> None:
    answer = _ask("help", sample)
    assert in_language(answer, "de-DE") == answer
