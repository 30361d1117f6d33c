"""The message shortcut "Add to rapporteur notes": any message, filed under the item
being discussed when it was written."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.rapporteur.marks import whole_message
from handlers.deps import deps_of
from handlers.listeners.common.answering import language_of
from handlers.listeners.common.notes import take_notes
from handlers.render.blocks import simple
from handlers.render.refusals import not_noted_text
from handlers.slack.payloads import MessageShortcut

SHORTCUT = "rapporteur_note"  # the callback id in deploy/slack-manifest.yml


def add_to_notes(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    shortcut = MessageShortcut.parse(body)
    if not shortcut.text.strip() or not shortcut.ts:
        respond(response_type="ephemeral", **simple("That message has no text to note.")[0].as_kwargs())
        return
    mark = whole_message(shortcut.text, shortcut.author)
    taken = take_notes(deps, client, channel=shortcut.channel, ts=shortcut.ts,
                       author=shortcut.author, marks=[mark])
    if taken.refused:
        reply = not_noted_text(taken, language_of(deps, shortcut.user))
    elif taken.duplicate:
        reply = "That message is already in the rapporteur's notes."
    else:
        note = taken.notes[0]
        reply = f"Added to the rapporteur's notes under {note.where} (note {note.id})."
    respond(response_type="ephemeral", replace_original=False, **simple(reply)[0].as_kwargs())
