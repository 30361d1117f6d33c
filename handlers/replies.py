"""Putting rendered messages in front of people, and apologising when something broke."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.blocks import Message, apology

log = logging.getLogger(__name__)

# chat.postEphemeral and chat.postMessage need the bot in the conversation; these say it is not.
NOT_THERE = {"not_in_channel", "channel_not_found", "user_not_in_channel"}


def post(client: WebClient, channel: str, messages: Sequence[Message], *, thread_ts: str = "") -> None:
    for message in messages:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts or None, **message.as_kwargs())


def post_ephemeral(
    client: WebClient, respond: Respond | None, channel: str, user: str, messages: Sequence[Message]
) -> None:
    """Only ``user`` sees these; through the command's response_url when the bot is not there."""
    try:
        for message in messages:
            client.chat_postEphemeral(channel=channel, user=user, **message.as_kwargs())
    except SlackApiError as exc:
        if respond is None or exc.response.get("error") not in NOT_THERE:
            raise
        for message in messages:
            respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())


def post_in_channel(
    client: WebClient, respond: Respond | None, channel: str, messages: Sequence[Message]
) -> None:
    """Everyone in ``channel`` sees these (a shared answer)."""
    try:
        post(client, channel, messages)
    except SlackApiError as exc:
        if respond is None or exc.response.get("error") not in NOT_THERE:
            raise
        for message in messages:
            respond(response_type="in_channel", replace_original=False, **message.as_kwargs())


def apologize(client: WebClient, body: dict[str, Any], respond: Respond | None) -> None:
    """Tell whoever was waiting that we failed, where they were waiting (never a traceback)."""
    event = body.get("event") or {}
    messages = apology()
    if event.get("type") in ("app_mention", "message") and event.get("channel"):
        thread = event.get("thread_ts") or (event.get("ts") if event.get("type") == "app_mention" else "")
        post(client, event["channel"], messages, thread_ts=thread or "")
    elif body.get("command") and body.get("channel_id"):
        post_ephemeral(client, respond, body["channel_id"], body["user_id"], messages)
    elif body.get("response_url") and respond is not None:
        respond(response_type="ephemeral", replace_original=False, **messages[0].as_kwargs())
    elif (body.get("user") or {}).get("id"):
        post(client, body["user"]["id"], messages)  # a DM: clicks in App Home, modal submissions
