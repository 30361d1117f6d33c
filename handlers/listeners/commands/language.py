"""``/agenda language [fr|es|en]`` (also ``langue``, ``idioma``): the meeting's language.

The request itself is bot/i18n/meeting_language.py; this only finds the
meeting and the asker's right to change it, and shows the reply to them.
"""

from __future__ import annotations

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.i18n.meeting_language import language_request
from bot.permissions import Action
from handlers.deps import Deps, refused
from handlers.listeners.common.organizing import meeting_or_say, show
from handlers.render.blocks import said
from handlers.slack.payloads import SlashCommand

# Asked with the French or Spanish word, the reply is in that language.
_REPLY_IN = {"langue": "fr", "idioma": "es"}


def run(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand) -> None:
    found = meeting_or_say(deps, client, respond, cmd)
    if found is None:
        return
    head, _, argument = cmd.text.strip().partition(" ")
    may_set = refused(deps, cmd.user, found.slug, Action.EDIT_AGENDA) is None if argument.strip() else False
    reply = language_request(deps.db_factory, found.slug, argument, may_set=may_set,
                             reply_in=_REPLY_IN.get(head.lower()))
    show(client, respond, cmd.channel, cmd.user, said(reply.text))
