from __future__ import annotations

from datetime import datetime

import pytest
from conftest import ask

from store.values import Meeting


@pytest.mark.parametrize(
    ("text", "intent", "fact"),
    [
        ("where is the meeting?", "venue", "United Nations Headquarters, New York"),
        ("venue?", "venue", "New York"),
        ("who organizes it?", "organizer", "Population Division"),
        ("what is the meeting for?", "purpose", "share and exchange information"),
        ("how many sessions are there?", "count", "4 sessions"),
        ("how many items?", "count", "11 items"),
        ("which time zone?", "timezone", "America/New_York"),
        ("when does the meeting start?", "dates", "Wednesday 15 October 2003 at 10:00"),
        ("when does it end?", "dates", "Thursday 16 October 2003 at 18:00"),
        ("what dates?", "dates", "(2 days)"),
    ],
)
def test_facts_about_the_meeting(sample: Meeting, text: str, intent: str, fact: str) -> None:
    answer = ask(sample, text)
    assert answer.intent == intent
    assert fact in answer.text


def test_conference_words_mean_the_meeting(conference: Meeting) -> None:
    assert "Humboldt Forum" in ask(conference, "where is the conference?", now=datetime.fromisoformat("2025-06-12T10:00:00+02:00")).text


def test_after_the_meeting_facts_are_in_the_past(sample: Meeting) -> None:
    after = datetime.fromisoformat("2003-12-01T10:00:00-05:00")
    assert "took place" in ask(sample, "where was the meeting held?", now=after).text
    assert "ended on Thursday 16 October 2003" in ask(sample, "when did the meeting end?", now=after).text


@pytest.mark.parametrize(
    ("text", "intent"),
    [("help", "help"), ("what can you do?", "help"), ("", "help"), ("thanks!", "thanks"), ("Thank you", "thanks"),
     ("hello", "greeting"), ("hi there", "greeting"), ("bye", "bye")],
)
def test_small_talk(sample: Meeting, text: str, intent: str) -> None:
    assert ask(sample, text).intent == intent


def test_a_greeting_with_a_question_is_a_question(sample: Meeting) -> None:
    assert ask(sample, "good morning, what's next?").intent == "next"
