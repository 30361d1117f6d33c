"""Slack payloads into typed values, and the /agenda grammar: no server, no database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.requests.grammar import DaySpec, Sub, parse_agenda, parse_day
from handlers.slack.payloads import (
    Click,
    DirectMessage,
    Mention,
    Replay,
    ReplayKind,
    SlashCommand,
    plain_text,
    request_id,
)
from tests.e2e.conftest import load_payload, make_block_action, make_dm, make_mention


@pytest.mark.parametrize(
    ("text", "sub", "question"),
    [
        ("", Sub.UPCOMING, ""),
        ("now", Sub.QUESTION, "what's happening now?"),
        ("next", Sub.QUESTION, "what's next?"),
        ("item IX", Sub.QUESTION, "what is item IX?"),
        ("item 9", Sub.QUESTION, "what is item 9?"),
        ("docs", Sub.DOCUMENTS, ""),
        ("docs IV", Sub.QUESTION, "what documents are there for item IV?"),
        ("search money sent home", Sub.QUESTION, "money sent home"),
        ("ask  when is   lunch?", Sub.QUESTION, "when is lunch?"),
        ("help", Sub.HELP, ""),
        ("HELP", Sub.HELP, ""),
        ("what's at 3pm?", Sub.QUESTION, "what's at 3pm?"),
        ("item", Sub.USAGE, ""),
    ],
)
def test_agenda_subcommands(text: str, sub: Sub, question: str) -> None:
    request = parse_agenda(text)
    assert request.sub is sub
    assert request.question == question


def test_link_takes_the_slug() -> None:
    request = parse_agenda("link  coordination-meeting-2003 please")
    assert request.sub is Sub.LINK and request.argument == "coordination-meeting-2003"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", DaySpec(offset=0)),
        ("tomorrow", DaySpec(offset=1)),
        ("Thursday", DaySpec(weekday=3)),
        ("thu", DaySpec(weekday=3)),
        ("2003-10-16", DaySpec(month=10, day=16, year=2003)),
        ("16 October", DaySpec(month=10, day=16)),
        ("oct 16", DaySpec(month=10, day=16)),
        ("16 oct 2003", DaySpec(month=10, day=16, year=2003)),
    ],
)
def test_days(text: str, expected: DaySpec) -> None:
    found = parse_day(text)
    assert found is not None
    assert (found.offset, found.weekday, found.month, found.day, found.year) == (
        expected.offset, expected.weekday, expected.month, expected.day, expected.year)


@pytest.mark.parametrize("text", ["th", "16", "octopus 16", "16 october next", "funday", "2003-13-01"])
def test_not_days(text: str) -> None:
    assert parse_day(text) is None


def test_plain_text_undoes_slack_markup() -> None:
    text = "<@U0AGENDABOT> where is <https://undocs.org/A/58/98|A/58/98> &amp; <#C123|general>? &lt;3 <!here>"
    assert plain_text(text, drop_user="U0AGENDABOT") == "where is A/58/98 & #general? <3 @here"


def test_a_mention_loses_the_bots_name_and_keeps_its_thread() -> None:
    body = make_mention("what's next?", thread_ts="1.0")
    mention = Mention.parse(body["event"], "U0AGENDABOT")
    assert mention.text == "what's next?" and mention.reply_thread == "1.0"
    top = make_mention("x")
    assert Mention.parse(top["event"], "U0AGENDABOT").reply_thread == top["event"]["ts"]


def test_direct_messages_that_are_not_a_person_writing_are_none() -> None:
    assert DirectMessage.parse(make_dm("hi")["event"], "U0AGENDABOT") is not None
    assert DirectMessage.parse(load_payload("event_message_changed")["event"], "U0AGENDABOT") is None
    assert DirectMessage.parse(make_dm("hi", bot_id="B1")["event"], "U0AGENDABOT") is None
    assert DirectMessage.parse(make_dm("hi", user="U0AGENDABOT")["event"], "U0AGENDABOT") is None
    assert DirectMessage.parse(make_dm("hi", channel_type="channel")["event"], "U0AGENDABOT") is None


def test_commands_and_clicks_become_values() -> None:
    command = SlashCommand.parse(load_payload("command_agenda"))
    assert (command.user, command.channel, command.text) == ("U0ALICE01", "C0MEETING1", "tomorrow")
    click = Click.parse(make_block_action("share_answer", "v", message_ts="5.5", thread_ts="4.4"))
    assert (click.user, click.channel, click.value, click.message_ts, click.thread_ts, click.ephemeral) == (
        "U0ALICE01", "C0MEETING1", "v", "5.5", "4.4", True)
    select = Click.parse(load_payload("block_actions_home_select"))
    assert select.value == "" and select.channel == ""


def test_replay_round_trips_and_rejects_junk() -> None:
    at = datetime(2003, 10, 15, 15, 0, tzinfo=UTC)
    replay = Replay(ReplayKind.COMMAND, "tomorrow", "m", at)
    assert Replay.decode(replay.encode()) == replay
    assert Replay.decode("{") is None and Replay.decode('{"k": "z", "t": ""}') is None


def test_request_ids() -> None:
    assert request_id(make_mention("x", event_id="Ev9")) == "Ev9"
    assert request_id(load_payload("command_agenda")).startswith("1066230900.")
    assert request_id(load_payload("view_submission_ask")) == load_payload("view_submission_ask")["trigger_id"]
