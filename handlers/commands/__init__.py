"""The ``/agenda`` slash command: every answer is ephemeral, with a "Share in channel" button."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from handlers import answering
from handlers.blocks import share_trailer
from handlers.commands import language, notes, organize, reminders, web
from handlers.commands.link import link
from handlers.deps import Deps
from handlers.payloads import Replay, ReplayKind, SlashCommand, Sub, parse_agenda
from handlers.replies import post_ephemeral

NOT_SHARED = (Sub.HELP, Sub.USAGE)


def register(app: App, deps: Deps) -> None:
    @app.command("/agenda")
    def agenda(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()  # within Slack's 3 seconds; the answer follows on the listener pool
        cmd = SlashCommand.parse(command)
        if notes.handles(cmd.text):  # the rapporteur's desk: notes, the item now, the report
            notes.run(deps, client, respond, cmd)
            return
        if organize.handles(cmd.text):  # organizers' changes: previewed, confirmed
            organize.run(deps, client, respond, cmd)
            return
        if web.handles(cmd.text):  # the page, the PDF and the calendars; following a schedule
            web.run(deps, client, respond, cmd)
            return
        if language.handles(cmd.text):  # the meeting's language (issue 17)
            language.run(deps, client, respond, cmd)
            return
        request = parse_agenda(cmd.text)
        if request.sub is Sub.LINK:
            post_ephemeral(client, respond, cmd.channel, cmd.user, link(deps, client, cmd, request.argument))
            return
        if request.sub is Sub.REMINDERS and request.reminder is not None:
            post_ephemeral(client, respond, cmd.channel, cmd.user, reminders.command(deps, client, cmd, request.reminder))
            return
        who = answering.asker(deps, cmd.user, cmd.channel)
        rendered = answering.command(deps, who, request, cmd.text)
        trailer = [] if request.sub in NOT_SHARED else share_trailer(
            Replay(ReplayKind.COMMAND, cmd.text, rendered.meeting, who.now))
        if request.sub in (Sub.UPCOMING, Sub.DAY) and rendered.meeting:
            trailer = [*trailer, web.CALENDAR_HINT]  # the whole agenda beyond Slack
        post_ephemeral(client, respond, cmd.channel, cmd.user, answering.pages(rendered, trailer))
