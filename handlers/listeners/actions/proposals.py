"""Confirm and Cancel under a preview, and the App Home "Edit" button of a session."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.organizers import Refused
from bot.permissions import Action
from bot.requests.meeting import meeting as meeting_named
from handlers.deps import deps_of, refused
from handlers.listeners.common.answering import language_of
from handlers.listeners.common.organizing import confirm, proposals
from handlers.render import usage
from handlers.render.blocks import Message, simple
from handlers.render.organizer import (
    preview_messages,
    refused_messages,
    session_edit_modal,
    session_from_ref,
)
from handlers.render.refusals import refusal_messages
from handlers.render.zone_picker import picked
from handlers.slack.payloads import Click
from handlers.slack.replies import post


def _replace(client: WebClient, respond: Respond | None, click: Click, messages: list[Message]) -> None:
    """The preview gives way to what happened (ephemeral previews through their response_url)."""
    first = messages[0]
    if respond is not None and (click.ephemeral or not click.message_ts):
        respond(replace_original=True, response_type="ephemeral", **first.as_kwargs())
    elif click.message_ts:
        client.chat_update(channel=click.channel, ts=click.message_ts, **first.as_kwargs())
    else:
        post(client, click.user, [first])
    if messages[1:]:
        post(client, click.channel or click.user, messages[1:])


def confirm_change(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    _replace(client, respond if body.get("response_url") else None, click,
             confirm(deps, client, click.value, click.user))


def cancel_change(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    # Asked as the clicker, in the clicker's workspace: a preview's id is no key to it.
    refused = proposals(deps).cancel(click.value, click.user, is_admin=deps.people.is_admin)
    text = "Cancelled; nothing changed." if refused is None else refused.text
    _replace(client, respond if body.get("response_url") else None, click, simple(text))


def pick_zone(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    zone, proposal_id = picked(click.value)
    # Who may is rezone's one check (the preview's author, who may be importing a new
    # meeting, or an organizer).
    outcome = proposals(deps).rezone(proposal_id, zone, click.user, is_admin=deps.people.is_admin)
    if isinstance(outcome, Refused) and outcome.reason == "not_allowed":
        # Told privately: the preview stays as it was for whoever it belongs to.
        post(client, click.user, refused_messages(outcome, deps.people.get(click.user).locale))
        return
    messages = refused_messages(outcome) if isinstance(outcome, Refused) else preview_messages(outcome)
    _replace(client, respond if body.get("response_url") else None, click, messages)


def open_session_editor(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    ref = session_from_ref(click.value)
    meeting = meeting_named(deps, ref[0]) if ref else None
    day = next((d for d in meeting.days if d.date.isoformat() == ref[1]), None) if meeting and ref else None
    session = day.sessions[ref[2]] if day and ref and ref[2] < len(day.sessions) else None
    if meeting is None or session is None:
        post(client, click.user, simple("That session is no longer on the agenda."))
    elif refusal := refused(deps, click.user, meeting.slug, Action.EDIT_AGENDA):
        post(client, click.user, refusal_messages(refusal, language_of(deps, click.user)))
    elif (modal := session_edit_modal(meeting, session)) is None:
        post(client, click.user, simple(usage.too_many_items(session.title)))
    else:
        client.views_open(trigger_id=click.trigger_id, view=modal)
