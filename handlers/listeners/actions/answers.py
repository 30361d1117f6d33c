"""Buttons under an answer: share it in the channel, pick the meeting a question meant,
show the next page."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from handlers.deps import deps_of
from handlers.listeners.common.answering import asker, pages, replay
from handlers.render.blocks import (
    share_trailer,
    shared_by,
)
from handlers.slack.payloads import Click, Replay
from handlers.slack.replies import post, post_ephemeral, post_in_channel

log = logging.getLogger(__name__)


def share_answer(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    what = Replay.decode(click.value)
    if what is None:
        log.warning("share button with an unreadable value %r", click.value)
        return
    # The same answer as the asker saw, at the moment they asked, in the meeting's zone.
    who = asker(deps, click.user, click.channel, meeting=what.meeting, now=what.at, shared=True)
    messages = pages(replay(deps, who, what), shared_by(click.user, what), page=what.page)
    post_in_channel(client, respond, click.channel, messages)


def pick_meeting(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    what = Replay.decode(click.value)
    if what is None or not what.meeting:
        return
    deps.people.choose_meeting(click.user, what.meeting)  # their DMs and Home follow it from now on
    who = asker(deps, click.user, click.channel, meeting=what.meeting)
    rendered = replay(deps, who, what)
    if click.ephemeral:
        trailer = share_trailer(Replay(what.kind, what.text, what.meeting, who.now), rendered.tr)
        post_ephemeral(client, respond, click.channel, click.user, pages(rendered, trailer))
        return
    # The "which meeting?" message becomes the answer's first page (every message keeps
    # within chat.update's limits, handlers/render/budget.py); the rest follows in its thread.
    first, *rest = pages(rendered)
    client.chat_update(channel=click.channel, ts=click.message_ts, **first.as_kwargs())
    post(client, click.channel, rest, thread_ts=click.thread_ts or click.message_ts)


def show_more(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    what = Replay.decode(click.value)
    if what is None or not what.page:
        log.warning("show-more button with an unreadable value %r", click.value)
        return
    # The same answer at the moment it was first given: its pages do not shift.
    who = asker(deps, click.user, click.channel, meeting=what.meeting, now=what.at)
    messages = pages(replay(deps, who, what), page=what.page)
    if click.ephemeral or not click.message_ts:
        post_ephemeral(client, respond, click.channel, click.user, messages)
    else:
        post(client, click.channel, messages, thread_ts=click.thread_ts or click.message_ts)
