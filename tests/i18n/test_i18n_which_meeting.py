"""\"Which meeting?\" and the other answers the Assistant gives before the engine, in the asker's language."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.assistant import Assistant
from bot.clock import FixedClock
from tests.i18n.leaks import english_leaks

sys.path.insert(0, str(Path(__file__).parent.parent / "answers"))
from answers_evalset import load_meetings, store_meetings  # noqa: E402

BETWEEN = datetime.fromisoformat("2030-01-01T10:00:00+00:00")  # no meeting on, none ahead


@pytest.mark.parametrize("language", ["fr", "es"])
def test_which_meeting_is_asked_in_the_askers_language(language: str, db_factory: sessionmaker[DBSession]) -> None:
    store_meetings(db_factory)
    assistant = Assistant(db_factory, FixedClock(BETWEEN))
    answer = assistant.ask("et ensuite ?" if language == "fr" else "¿y después?", language=language)
    assert answer.intent == "which_meeting"
    english = assistant.ask("what's next?")
    assert answer.choices == english.choices and answer.text != english.text
    titles = sorted({m.title for m in load_meetings()} | set(answer.choices), key=len, reverse=True)
    assert english_leaks(answer.text, titles) == set()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_an_unknown_meeting_is_said_in_the_askers_language(language: str, db_factory: sessionmaker[DBSession]) -> None:
    store_meetings(db_factory)
    answer = Assistant(db_factory, FixedClock(BETWEEN)).ask("point IX", meeting="nowhere-2099", language=language)
    assert answer.intent == "no_meeting"
    slugs = sorted({m.slug for m in load_meetings()} | {"nowhere-2099"}, key=len, reverse=True)
    assert english_leaks(answer.text, slugs) == set(), answer.text
    assert ("réunion" if language == "fr" else "reunión") in answer.text


def test_english_asks_as_it_always_did(db_factory: sessionmaker[DBSession]) -> None:
    store_meetings(db_factory)
    answer = Assistant(db_factory, FixedClock(BETWEEN)).ask("what's next?", language="en")
    assert answer.text.startswith("Which meeting do you mean? “")
