"""``/agenda reminders|rapporteur|remind me`` and "remind me …" in words.

Thin: the request was parsed (``bot.reminders.requests``), the reminder
core (``bot/reminders/commands.py``) does the work and words the reply; here
we pick the meeting, check who may change it, render, and re-plan the
meeting's reminders after a change (``Deps.sync_reminders``). Every reply
goes only to the person who asked.
"""

from __future__ import annotations

import dataclasses

from slack_sdk import WebClient

from bot.answers import Answer
from bot.permissions import Action
from bot.reminders.requests import ReminderAction, ReminderRequest
from bot.reminders.settings import ReminderSettingsError
from bot.requests import reminders
from bot.requests.meeting import Asker, choose
from bot.words import Words
from handlers.deps import Deps, refused
from handlers.listeners.common.answering import asker
from handlers.render.blocks import Message, answer_parts, pack, said, sections
from handlers.render.reminders import my_reminders_parts, next_up, reminder_text_parts
from handlers.slack.payloads import SessionRef, SlashCommand


def command(deps: Deps, client: WebClient, cmd: SlashCommand, request: ReminderRequest) -> list[Message]:
    return reply(deps, client, asker(deps, cmd.user, cmd.channel), request)


def reply(deps: Deps, client: WebClient, who: Asker, request: ReminderRequest) -> list[Message]:
    """Carry out one reminder request for ``who``; the messages that answer it. Who may set
    the policy or the rapporteur is the ``/agenda`` row's action, checked by the dispatcher
    (``bot.requests.authorize``); mentions and DMs only ever ask "remind me"."""
    if request.action is ReminderAction.USAGE:
        return said(Words.of("Usage: ", request.usage))
    if request.action is ReminderAction.MINE:
        return mine(deps, who)
    if request.action is ReminderAction.CANCEL:
        return cancel(deps, who, request.number or 0)
    meeting = choose(deps, who)  # as /agenda picks it
    if isinstance(meeting, Answer):
        return pack(answer_parts(meeting))  # which meeting, or none yet: no buttons to replay
    slug = meeting.slug
    try:
        if request.action is ReminderAction.SHOW:
            return show(deps, client, who, slug)
        if request.action is ReminderAction.REMIND_ME:
            text: Words | str = reminders.remind(deps, who, slug, request.text, request.lead)
        elif request.action is ReminderAction.SET:
            text = reminders.set_policy(deps, who, slug, request.text)
        else:
            text = reminders.set_rapporteur(deps, who, slug, request.user)
    except ReminderSettingsError as exc:
        return pack(reminder_text_parts(exc.words))
    deps.sync_reminders(slug)
    return pack(reminder_text_parts(text))


def remind_me_of(deps: Deps, who: Asker, session: SessionRef) -> list[Message]:
    """The "Remind me" button under a session."""
    try:
        text = reminders.remind_of_session(deps, who, session.meeting, session.session)
    except ReminderSettingsError as exc:
        return pack(reminder_text_parts(exc.words))
    deps.sync_reminders(session.meeting)
    return pack(reminder_text_parts(text))


def show(deps: Deps, client: WebClient, who: Asker, slug: str) -> list[Message]:
    """The policy, the rapporteur, what comes next; failed deliveries to those who can act on them."""
    sees_failed = refused(deps, who.user, slug, Action.SEE_FAILED_REMINDERS) is None
    view = reminders.policy_view(deps, who, slug, sees_failed=sees_failed)
    assert view is not None  # the meeting was just found
    assert view.listing is not None
    return pack(reminder_text_parts(view.words()) + sections(next_up(view.listing, who.user, who.zone, who.locale)))


def mine(deps: Deps, who: Asker, note: Words | str = "") -> list[Message]:
    found = reminders.mine(deps, who)
    return pack(my_reminders_parts(dataclasses.replace(found, note=note)))


def cancel(deps: Deps, who: Asker, number: int) -> list[Message]:
    """Cancel one of ``who``'s reminders; the answer, then what is left (with their buttons)."""
    cancelled = reminders.cancel(deps, who, number)
    if cancelled.meeting is not None:
        deps.sync_reminders(cancelled.meeting)
    return mine(deps, who, note=cancelled.text)
