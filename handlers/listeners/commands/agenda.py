"""The ``/agenda`` slash command: every answer is ephemeral, with a "Share in channel" button.

Which listener answers comes from the grammar's table (``bot/requests/grammar.py``):
each row names a ``Sub``, and ``ANSWER`` has one function per ``Sub``. Who may is the
row's ``action``, checked here once (``bot.requests.authorize``) for the meeting the
request is about; the listeners carry out what is allowed and check nothing again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.permissions import Role, may
from bot.requests.authorize import action_of, authorize
from bot.requests.grammar import AgendaRequest, Sub, parse_agenda
from handlers.deps import Deps, deps_of
from handlers.listeners.commands import language, organize, web
from handlers.listeners.commands.link import link
from handlers.listeners.common import answering, reminders
from handlers.listeners.common import rapporteur as notes
from handlers.listeners.common.organizing import meeting_for
from handlers.render.blocks import share_trailer
from handlers.render.refusals import refusal_messages
from handlers.slack.payloads import Replay, ReplayKind, SlashCommand
from handlers.slack.replies import post_ephemeral

NOT_SHARED = (Sub.HELP, Sub.USAGE)

Answer = Callable[[Deps, WebClient, Respond, SlashCommand, AgendaRequest], None]


def _notes(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand, _request: AgendaRequest) -> None:
    notes.run(deps, client, respond, cmd)  # the rapporteur's desk: notes, the item now, the report


def _organize(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand, _request: AgendaRequest) -> None:
    organize.run(deps, client, respond, cmd)  # organizers' changes: previewed, confirmed


def _web(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand, _request: AgendaRequest) -> None:
    web.run(deps, client, respond, cmd)  # the page, the PDF and the calendars; following a schedule


def _language(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand, _request: AgendaRequest) -> None:
    language.run(deps, client, respond, cmd)  # the meeting's language (issue 17)


def _link(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand, request: AgendaRequest) -> None:
    post_ephemeral(client, respond, cmd.channel, cmd.user, link(deps, client, cmd, request.argument))


def _reminders(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand, request: AgendaRequest) -> None:
    if request.reminder is not None:
        post_ephemeral(client, respond, cmd.channel, cmd.user, reminders.command(deps, client, cmd, request.reminder))


def _view(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand, request: AgendaRequest) -> None:
    """The agenda's views, questions, help and usage: answered as values, rendered here."""
    who = answering.asker(deps, cmd.user, cmd.channel)
    rendered = answering.command(deps, who, request, cmd.text)
    trailer = [] if request.sub in NOT_SHARED else share_trailer(
        Replay(ReplayKind.COMMAND, cmd.text, rendered.meeting, who.now), rendered.tr)
    if request.sub in (Sub.UPCOMING, Sub.DAY) and rendered.meeting:
        trailer = [*trailer, web.calendar_hint(rendered.tr)]  # the whole agenda beyond Slack
    post_ephemeral(client, respond, cmd.channel, cmd.user, answering.pages(rendered, trailer))


ANSWER: dict[Sub, Answer] = {
    Sub.NOTES: _notes,
    Sub.ORGANIZE: _organize,
    Sub.WEB: _web,
    Sub.LANGUAGE: _language,
    Sub.LINK: _link,
    Sub.REMINDERS: _reminders,
    **{sub: _view for sub in (Sub.UPCOMING, Sub.DAY, Sub.QUESTION, Sub.DOCUMENTS, Sub.HELP, Sub.USAGE)},
}


def agenda(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    deps = deps_of(context)
    ack()  # within Slack's 3 seconds; the answer follows on the listener pool
    cmd = SlashCommand.parse(command)
    request = parse_agenda(cmd.text)
    if not _allowed(deps, client, respond, cmd, request):
        return
    ANSWER[request.sub](deps, client, respond, cmd, request)


def _allowed(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand, request: AgendaRequest) -> bool:
    """The row's action, for the meeting the request is about; a refusal is shown here.
    When no meeting can be told, the listener says so (it carries out nothing)."""
    if may(Role.PARTICIPANT, action_of(request)):
        return True  # anyone's to make: no meeting to look up
    if request.sub is Sub.LINK:
        slug: str | None = request.argument  # the meeting to link, wherever it is asked
    else:
        found = meeting_for(deps, cmd.user, cmd.channel)
        if isinstance(found, str):
            return True
        slug = found.slug
    refusal = authorize(deps, cmd.user, request, slug, deps.people.is_admin)
    if refusal is not None:
        post_ephemeral(client, respond, cmd.channel, cmd.user, refusal_messages(refusal, answering.language_of(deps, cmd.user)))
    return refusal is None
