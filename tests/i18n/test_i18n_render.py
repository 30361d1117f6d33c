"""The plain-text agenda (console, CLI, the answers' "agenda") in French and Spanish (issue 17)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.i18n import translator
from bot.render import render_agenda
from store.values import Meeting
from tests.i18n.leaks import agenda_content, english_leaks

sys.path.insert(0, str(Path(__file__).parent.parent / "answers"))
from answers_evalset import load_meetings  # noqa: E402


@pytest.fixture(scope="module")
def meetings() -> list[Meeting]:
    return load_meetings()


@pytest.mark.parametrize(("language", "words"), [("fr", "heures de"), ("es", "horas de")])
def test_the_whole_agenda_as_text_has_no_english_of_the_bots_own(meetings, language, words):
    for meeting in meetings:
        text = render_agenda(meeting, viewer_zone="Asia/Tokyo", tr=translator(language))
        assert words in text
        assert english_leaks(text, agenda_content(meeting)) == set(), f"{meeting.slug}: {text}"


def test_english_is_the_default(meetings):
    meeting = meetings[0]
    assert render_agenda(meeting) == render_agenda(meeting, tr=translator("en"))
    assert f"times in {meeting.timezone}" in render_agenda(meeting)
