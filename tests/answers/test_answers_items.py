from __future__ import annotations

import pytest
from conftest import ask

from bot.answers.index import build_index, int_to_roman, roman_to_int
from store.values import Meeting


@pytest.mark.parametrize("text", ["what is item IX?", "item 9", "item nine", "the ninth item", "agenda item ix", "item no. 9"])
def test_one_item_in_any_spelling(sample: Meeting, text: str) -> None:
    answer = ask(sample, text)
    assert answer.intent == "item"
    assert answer.items[0].number == "IX"
    assert "Rapporteur's report" in answer.text


def test_roman_numerals_round_trip_and_reject_nonsense() -> None:
    assert [roman_to_int(int_to_roman(n)) for n in range(1, 50)] == list(range(1, 50))
    assert roman_to_int("iiii") is None and roman_to_int("civil") is None


def test_an_item_continued_later_names_both_sessions(sample: Meeting) -> None:
    answer = ask(sample, "item VIII")
    assert len(answer.sessions) == 2
    assert "2 sessions" in answer.text and "(continued)" in answer.text


def test_a_missing_item_says_what_the_agenda_runs(sample: Meeting, geneva: Meeting, conference: Meeting) -> None:
    assert ask(sample, "item XII").text == "There is no item XII; the agenda runs I–XI."
    assert ask(geneva, "item (m)").text == "There is no item (m); the agenda runs (a)–(k)."
    assert "does not number its items" in ask(conference, "item 3").text
    assert not ask(sample, "item XII").found


def test_lettered_items_by_letter_or_position(geneva: Meeting) -> None:
    assert ask(geneva, "item (b)").items[0].title == "Adoption of the agenda"
    assert ask(geneva, "agenda item B").items[0].title == "Adoption of the agenda"
    assert ask(geneva, "the third item").items[0].title == "Measuring emigration"
    assert build_index(geneva).style == "letters"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("when is the rapporteur's report?", "Rapporteur's report"),
        ("keynote", "Keynote speech"),
        ("when is the opening", "Opening of the Meeting"),
        ("the closing?", "Closing of the Meeting"),
        ("conclusions", "Conclusions and follow-up"),
    ],
)
def test_items_by_kind(sample: Meeting, text: str, title: str) -> None:
    assert ask(sample, text).items[0].title == title


def test_after_and_before(sample: Meeting, conference: Meeting) -> None:
    assert "Review of the First Coordination Meeting" in ask(sample, "what comes after the keynote?").text
    assert "item VIII" in ask(sample, "what's after item VII?").text
    assert "Conclusions and follow-up" in ask(sample, "what comes before the closing?").text
    assert "Nothing comes after item XI" in ask(sample, "what comes after item XI?").text
    # a talk with no number, in a room: the next talk in the same session
    assert "Housekeeping announcements" in ask(conference, "what comes after the keynote?").text


def test_topics_find_every_item_that_covers_them(sample: Meeting) -> None:
    answer = ask(sample, "which session covers remittances?")
    assert answer.intent == "topic"
    assert [i.number for i in answer.items][:2] == ["V", "VIII"]


def test_tense_follows_the_clock(sample: Meeting) -> None:
    from datetime import datetime

    during = ask(sample, "keynote")
    assert "under way now" in during.text
    after = ask(sample, "keynote", now=datetime.fromisoformat("2003-10-15T14:00:00-04:00"))
    assert " was in " in after.text
