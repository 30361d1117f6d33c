"""The reminder grammar of /agenda and of "remind me …" in words: text in, typed values out."""

from __future__ import annotations

import pytest

from bot.reminders.requests import (
    ReminderAction,
    ReminderRequest,
    compact_lead,
    parse_reminder_command,
    remind_me_in_words,
)
from bot.requests.grammar import Sub, parse_agenda
from handlers.render.words import mrkdwn
from handlers.slack.payloads import SessionRef

A = ReminderAction

COMMANDS = {
    "reminders": ReminderRequest(A.SHOW),
    "Reminders set 15m,1d": ReminderRequest(A.SET, "15m,1d"),
    "reminders set 30m, rapporteur=1h": ReminderRequest(A.SET, "30m, rapporteur=1h"),
    "reminders mine": ReminderRequest(A.MINE),
    "reminders cancel 12": ReminderRequest(A.CANCEL, number=12),
    "reminders cancel #12": ReminderRequest(A.CANCEL, number=12),
    "rapporteur": ReminderRequest(A.SHOW),
    "rapporteur @U0ANA0001": ReminderRequest(A.RAPPORTEUR, user="U0ANA0001"),  # as plain_text leaves it
    "rapporteur <@U0ANA0001|ana>": ReminderRequest(A.RAPPORTEUR, user="U0ANA0001"),  # as Slack sends it
    "rapporteur none": ReminderRequest(A.RAPPORTEUR, user=None),
    "remind me item V 10m": ReminderRequest(A.REMIND_ME, "item V", "10m"),
    "remind me item V": ReminderRequest(A.REMIND_ME, "item V"),
    "remind me the afternoon session 1 hour 30 minutes": ReminderRequest(A.REMIND_ME, "the afternoon session", "1h30m"),
    "remind me item 10": ReminderRequest(A.REMIND_ME, "item 10"),  # a number without a unit is no lead
}


@pytest.mark.parametrize("text", list(COMMANDS))
def test_reminder_commands(text: str) -> None:
    assert parse_reminder_command(text) == COMMANDS[text]
    request = parse_agenda(text)
    assert request.sub is Sub.REMINDERS and request.reminder == COMMANDS[text]


@pytest.mark.parametrize("text", ["reminders set", "reminders tomorrow", "reminders cancel it",
                                  "remind me", "remind me 10m", "rapporteur @ana"])
def test_incomplete_commands_show_their_usage(text: str) -> None:
    request = parse_reminder_command(text)
    assert request is not None and request.action is A.USAGE and "`/agenda" in mrkdwn(request.usage)


@pytest.mark.parametrize("text", ["rapporteur report", "remind", "remind them", "reminder?x"])
def test_look_alikes_stay_questions(text: str) -> None:
    assert parse_agenda(text).sub is not Sub.REMINDERS


IN_WORDS = {
    "remind me before item V": ReminderRequest(A.REMIND_ME, "item V"),
    "Remind me 10 minutes before the afternoon session": ReminderRequest(A.REMIND_ME, "the afternoon session", "10m"),
    "can you remind me about item IX, please?": ReminderRequest(A.REMIND_ME, "item IX"),
    "please remind me of the morning session on Thursday 1h before": ReminderRequest(
        A.REMIND_ME, "the morning session on Thursday", "1h"),
    "hey, remind me 2 hrs ahead of item X": ReminderRequest(A.REMIND_ME, "item X", "2h"),
}


@pytest.mark.parametrize("text", list(IN_WORDS))
def test_remind_me_in_words(text: str) -> None:
    assert remind_me_in_words(text) == IN_WORDS[text]


@pytest.mark.parametrize("text", [
    "remind me when the rapporteur's report is", "remind me what item V is", "can you remind me where lunch is?",
    "what's next?", "when do reminders go out?", "reminded me of item V",
])
def test_questions_are_not_reminder_requests(text: str) -> None:
    assert remind_me_in_words(text) is None


def test_leads_as_the_core_reads_them() -> None:
    assert [compact_lead(t) for t in ("10 minutes", "1 hour 30 mins", "2 days", "45m")] == ["10m", "1h30m", "2d", "45m"]


def test_a_session_button_value_round_trips_and_junk_is_refused() -> None:
    ref = SessionRef("coordination-meeting-2003", "2003-10-15|afternoon session|")
    assert SessionRef.decode(ref.encode()) == ref
    assert [SessionRef.decode(v) for v in ("", "{}", "[1]", "not json")] == [None] * 4
