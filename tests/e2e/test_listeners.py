"""Listeners as plain functions, called the way Bolt's starter app tests its own: a
``Mock`` for ``ack`` (and ``respond``), the payload as Slack sends it, and the app's
services in the context, as the ``ProvideDeps`` middleware puts them there. The
Web API calls go to the fake Slack server, where the answers are read."""

from __future__ import annotations

from unittest.mock import Mock

from slack_bolt import BoltContext

from bot.app import SlackApp
from handlers.deps import DEPS
from handlers.listeners.actions.answers import share_answer
from handlers.listeners.commands.agenda import agenda
from handlers.listeners.events.messages import answer_mention
from handlers.listeners.shortcuts.notes import add_to_notes
from handlers.listeners.views.ask import ask_from_home
from handlers.render.blocks import ASK_BLOCK, SHARE_ACTION
from tests.e2e.conftest import (
    ALICE,
    CHANNEL,
    make_block_action,
    make_command,
    make_mention,
    make_view_submission,
    shown,
)
from tests.fake_slack import FakeSlack

BOT_USER = "U0AGENDABOT"


def context_of(app: SlackApp) -> BoltContext:
    return BoltContext({DEPS: app.deps, "bot_user_id": BOT_USER})


def test_the_agenda_command_acks_first_and_answers_only_the_asker(slack_app: SlackApp, fake_slack: FakeSlack) -> None:
    ack, respond = Mock(), Mock()

    agenda(ack=ack, command=make_command("help"), client=slack_app.bolt.client, respond=respond,
           context=context_of(slack_app))

    ack.assert_called_once_with()
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert answer.args["user"] == ALICE and "`/agenda item N` an agenda item" in shown(answer)
    respond.assert_not_called()  # the bot is in the channel: no need for the response URL


def test_a_mention_is_answered_in_its_thread(slack_app: SlackApp, fake_slack: FakeSlack) -> None:
    event = make_mention("when is lunch?")["event"]

    answer_mention(event=event, context=context_of(slack_app), client=slack_app.bolt.client)

    answer = fake_slack.wait_one("chat.postMessage")
    assert answer.args["channel"] == CHANNEL and answer.args["thread_ts"] == event["ts"]
    assert "Lunch" in shown(answer)


def test_an_empty_question_keeps_the_modal_open_with_a_reason(slack_app: SlackApp, fake_slack: FakeSlack) -> None:
    ack = Mock()

    ask_from_home(ack=ack, body=make_view_submission("   "), client=slack_app.bolt.client,
                  context=context_of(slack_app))

    ack.assert_called_once_with(response_action="errors", errors={ASK_BLOCK: "Type a question first."})
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_share_button_with_an_unreadable_value_is_acked_and_posts_nothing(
    slack_app: SlackApp, fake_slack: FakeSlack,
) -> None:
    ack, respond = Mock(), Mock()

    share_answer(ack=ack, body=make_block_action(SHARE_ACTION, "{not json"), client=slack_app.bolt.client,
                 respond=respond, context=context_of(slack_app))

    ack.assert_called_once_with()
    respond.assert_not_called()
    assert fake_slack.calls_to("chat.postMessage") == [] and fake_slack.calls_to("chat.postEphemeral") == []


def test_the_notes_shortcut_on_a_message_without_text_says_so(slack_app: SlackApp) -> None:
    ack, respond = Mock(), Mock()
    body = {"type": "message_action", "callback_id": "rapporteur_note", "user": {"id": ALICE},
            "channel": {"id": CHANNEL}, "message": {"user": ALICE, "text": "  ", "ts": "1066230000.000100"}}

    add_to_notes(ack=ack, body=body, client=slack_app.bolt.client, respond=respond, context=context_of(slack_app))

    ack.assert_called_once_with()
    (call,) = respond.call_args_list
    assert call.kwargs["response_type"] == "ephemeral" and "no text to note" in call.kwargs["text"]
