"""Notes for the rapporteur: marked lines in the meeting's channel, and the message shortcut.

Only the channel linked to a meeting is read, and only new messages by
people that carry a mark (``#agreed``, ``#action``, ``#info``, ``#conclusion``
at the start of a line): everything else, edits, bots and other channels
included, is ignored without a word or a reaction. Registered before the DM
listener, which would otherwise take every ``message`` event (Bolt runs the
first listener that matches).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.rapporteur.marks import find_marks, whole_message
from handlers.deps import Deps
from handlers.notes import take_notes
from handlers.payloads import ChannelMessage, MessageShortcut
from handlers.render.blocks import simple

SHORTCUT = "rapporteur_note"  # the callback id in deploy/slack-manifest.yml


def _in_a_channel(event: dict[str, Any]) -> bool:
    return event.get("channel_type") in ("channel", "group")


def register(app: App, deps: Deps) -> None:
    @app.event("message", matchers=[_in_a_channel])
    def marked_lines(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        message = ChannelMessage.parse(event, context.bot_user_id)
        if message is None:
            return
        marks = find_marks(message.text, message.user)
        if not marks:
            return  # channel talk: none of our business
        # Refusals (channel not linked, a day outside the meeting) stay silent: nobody asked us.
        take_notes(deps, client, channel=message.channel, ts=message.ts,
                   author=message.user, marks=marks)

    @app.shortcut(SHORTCUT)
    def add_to_notes(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        shortcut = MessageShortcut.parse(body)
        if not shortcut.text.strip() or not shortcut.ts:
            respond(response_type="ephemeral", **simple("That message has no text to note.")[0].as_kwargs())
            return
        mark = whole_message(shortcut.text, shortcut.author)
        taken = take_notes(deps, client, channel=shortcut.channel, ts=shortcut.ts,
                           author=shortcut.author, marks=[mark])
        if taken.refused:
            reply = taken.refused
        elif taken.duplicate:
            reply = "That message is already in the rapporteur's notes."
        else:
            note = taken.notes[0]
            reply = f"Added to the rapporteur's notes under {note.where} (note {note.id})."
        respond(response_type="ephemeral", replace_original=False, **simple(reply)[0].as_kwargs())
