"""A question in words: a mention in a channel (answered in its thread) or a direct message;
"remind me …" in either is a reminder request.

Bolt acknowledges events before these run (process_before_response=False),
so each listener does its work on the listener pool after the ack.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.reminders.requests import remind_me_in_words
from handlers.deps import deps_of
from handlers.listeners.common import reminders
from handlers.listeners.common.answering import asker, pages, question
from handlers.slack.payloads import DirectMessage, Mention
from handlers.slack.replies import post, post_ephemeral


def from_a_bot(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """Posted by an app (any bot, this one included) rather than by a person."""
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message"
                or (bot_user_id and event.get("user") == bot_user_id))


def answer_mention(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    deps = deps_of(context)
    if from_a_bot(event, context.bot_user_id):
        return  # two bots answering each other's mentions would never stop
    mention = Mention.parse(event, context.bot_user_id)
    if mention.channel.startswith("D"):
        return  # the same words arrive as message.im and are answered there
    who = asker(deps, mention.user, mention.channel)
    wanted = remind_me_in_words(mention.text)
    if wanted is not None:  # before the question engine: "remind me before item V" is no question
        # Only the asker needs to read that their reminder is set.
        # Asked in a thread, answered in that thread (where the asker is reading).
        post_ephemeral(client, None, mention.channel, mention.user, reminders.reply(deps, client, who, wanted),
                       thread_ts=mention.thread_ts)
        return
    rendered = question(deps, who, mention.text or "help")
    post(client, mention.channel, pages(rendered), thread_ts=mention.reply_thread)


def answer_direct_message(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    deps = deps_of(context)
    dm = DirectMessage.parse(event, context.bot_user_id)
    if dm is None:
        return  # edits, deletions, joins, other bots, channel messages
    who = asker(deps, dm.user, dm.channel)
    wanted = remind_me_in_words(dm.text)
    if wanted is not None:
        post(client, dm.channel, reminders.reply(deps, client, who, wanted), thread_ts=dm.thread_ts)
        return
    rendered = question(deps, who, dm.text or "help")
    post(client, dm.channel, pages(rendered), thread_ts=dm.thread_ts)
