from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import pytest
from conftest import DURING_SAMPLE, ask
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers import answer_question
from bot.answers.index import build_index, index_for
from store.values import Meeting


@pytest.mark.parametrize(
    "text",
    ["", "   ", "???", "item", "item item item", "A/", "/ / /", "at 99:99", "the 45th", "day 0", "item 0",
     "\u202e\u0000\ufeff", "x" * 5000, "what's at 25pm on february 30?", "after", "documents for", "\"' OR 1=1 --"],
)
def test_the_engine_never_raises_and_always_says_something(sample: Meeting, text: str) -> None:
    answer = ask(sample, text)
    assert answer.text
    assert answer.meeting == sample.slug


@lru_cache(maxsize=1)
def _sample() -> Meeting:
    from answers_evalset import load_meetings

    return load_meetings()[0]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gets_an_answer(text: str) -> None:
    answer = answer_question(text, _sample(), now=DURING_SAMPLE)
    assert answer.text and answer.intent != "error"


def test_what_cannot_be_placed_gets_an_honest_answer_with_a_hint(sample: Meeting) -> None:
    answer = ask(sample, "what about zebras and giraffes?")
    assert answer.intent == "not_found"
    assert answer.text.startswith("I don't know")
    assert "“help”" in answer.text


def test_not_found_offers_the_closest_titles(sample: Meeting) -> None:
    from bot.answers.context import Ask
    from bot.answers.intents import not_found
    from bot.answers.normalize import normalize
    from bot.answers.timeexpr import TimeRef

    index = index_for(sample)
    query = normalize("social development forum", index.corrector)
    answer = not_found(Ask(sample, index, query, TimeRef(), DURING_SAMPLE, None))
    assert any("International Forum for Social Development" in s for s in answer.suggestions)
    assert "Closest matches" in answer.text


def test_a_partial_match_says_what_it_did_not_find(sample: Meeting) -> None:
    answer = ask(sample, "when do we discuss remittances to Mexico?")
    assert answer.items[0].number == "V"
    assert "Nothing on the agenda mentions “mexico”" in answer.text


def test_an_unknown_word_alone_gets_the_hint(sample: Meeting) -> None:
    answer = ask(sample, "blorp")
    assert answer.intent == "not_found" and "“help”" in answer.text


def test_the_index_is_built_once_per_meeting_value(sample: Meeting) -> None:
    assert index_for(sample) is index_for(sample)
    assert build_index(sample) is not index_for(sample)


def test_times_for_a_viewer_elsewhere(sample: Meeting) -> None:
    answer = ask(sample, "when is the rapporteur's report?", tz="Asia/Tokyo")
    assert "15:00–18:00 New York time (Fri 04:00–07:00 your time)" in answer.text
    same = ask(sample, "when is the rapporteur's report?", tz="America/New_York")
    assert "your time" not in same.text


def test_the_answer_speaks_of_the_meeting_s_zone_whatever_now_s_zone(sample: Meeting) -> None:
    # 03:30 UTC on the 16th is still the 15th in New York: "tomorrow" is the 16th.
    now = datetime.fromisoformat("2003-10-16T03:30:00+00:00")
    assert "Thursday 16 October" in ask(sample, "what's on tomorrow?", now=now).text


def test_ambiguous_sessions_resolve_by_phase(sample: Meeting) -> None:
    before = ask(sample, "the afternoon session", now=datetime.fromisoformat("2003-09-01T10:00:00-04:00"))
    assert [s.day for s in before.sessions] == [date(2003, 10, 15)]
    assert "others" in before.text
    evening = ask(sample, "the afternoon session", now=datetime.fromisoformat("2003-10-15T19:00:00-04:00"))
    assert evening.sessions[0].day.day == 16 and "over" in evening.text
    after = ask(sample, "the afternoon session", now=datetime.fromisoformat("2003-10-20T10:00:00-04:00"))
    assert "is over" in after.text and len(after.sessions) == 2


def test_rooms_filter_parallel_sessions(conference: Meeting) -> None:
    now = datetime.fromisoformat("2025-06-12T11:10:00+02:00")
    answer = ask(conference, "what's on in room 2 now?", now=now)
    assert {s.room for s in answer.sessions} == {"Room 2"}


def test_json_shape_for_the_cli(sample: Meeting) -> None:
    data = ask(sample, "item VIII").to_json()
    assert set(data) >= {"meeting", "intent", "text", "sessions", "items", "documents"}
    assert len(data["sessions"]) == 2


def test_the_engine_does_not_import_slack() -> None:
    import subprocess
    import sys

    code = (
        "import sys, bot.answers, bot.assistant\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('slack_bolt', 'slack_sdk')]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_after_lunch_or_the_break_is_what_resumes(sample: Meeting, conference: Meeting) -> None:
    assert "After the break, from 15:00" in ask(sample, "what's after the break?").text
    assert ask(sample, "what's after lunch tomorrow").sessions[0].day == date(2003, 10, 16)
    morning = datetime.fromisoformat("2025-06-12T10:00:00+02:00")
    after_coffee = ask(conference, "what's after the coffee break?", now=morning)
    assert {s.starts_at.hour for s in after_coffee.sessions if s.starts_at} == {11}
    after_lunch = ask(conference, "what's after lunch", now=morning)
    assert {s.title for s in after_lunch.sessions} == {"Parallel session 2A: Labour migration", "Parallel session 2B: Data innovation"}


def test_list_of_documents(sample: Meeting) -> None:
    answer = ask(sample, "list the documents")
    assert answer.intent == "documents" and len(answer.documents) == len(sample.documents)


def test_a_question_asked_again_on_another_day_is_read_for_that_day(sample: Meeting) -> None:
    """The engine remembers how it read a question (per revision); "tomorrow" must still
    move with the day, and a new question must not be answered as an old one."""
    index = build_index(sample)
    first_day = datetime.fromisoformat("2003-10-15T09:00:00-04:00")
    second_day = datetime.fromisoformat("2003-10-16T09:00:00-04:00")
    assert "Thursday 16 October" in answer_question("what's on tomorrow?", sample, now=first_day, index=index).text
    again = answer_question("what's on tomorrow?", sample, now=second_day, index=index)
    assert again.intent == "no_sessions" and "Friday 17 October" in again.text
    assert "Thursday 16 October" in answer_question("what's on tomorrow?", sample, now=first_day, index=index).text
    assert answer_question("what is item IX?", sample, now=first_day, index=index).text != (
        answer_question("what is item II?", sample, now=first_day, index=index).text
    )
