"""The reminder buttons: "Remind me" beside a session (agenda messages, App Home) and
"Cancel" beside each of someone's reminders (`/agenda reminders mine`).

Answered where the click was: replacing the ephemeral list it came from, as an
ephemeral note in a channel, or by DM from App Home (which has no channel).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from handlers.deps import deps_of
from handlers.listeners.common import reminders
from handlers.listeners.common.answering import asker
from handlers.render.blocks import Message
from handlers.slack.payloads import Click, SessionRef
from handlers.slack.replies import post, post_ephemeral

log = logging.getLogger(__name__)


def remind_me(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    session = SessionRef.decode(click.value)
    if session is None:
        log.warning("remind-me button with an unreadable value %r", click.value)
        return
    who = asker(deps, click.user, click.channel)
    answer(client, respond, click, reminders.remind_me_of(deps, who, session))


def cancel(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    if not click.value.isdigit():
        log.warning("cancel button with an unreadable value %r", click.value)
        return
    messages = reminders.cancel(deps, asker(deps, click.user, click.channel), int(click.value))
    if click.ephemeral and body.get("response_url"):
        # The list it came from is redrawn without the cancelled one.
        first, *rest = messages
        respond(replace_original=True, **first.as_kwargs())
        for message in rest:
            respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())
        return
    answer(client, respond, click, messages)


def answer(client: WebClient, respond: Respond, click: Click, messages: Sequence[Message]) -> None:
    if not click.channel:
        post(client, click.user, messages)  # App Home has no channel: the person's DM with the bot
    elif click.channel.startswith("D"):
        post(client, click.channel, messages)
    else:
        post_ephemeral(client, respond, click.channel, click.user, messages)
