"""Notes for the rapporteur: marked lines in the meeting's channel (the message shortcut
is ``handlers/listeners/shortcuts/notes.py``).

Only the channel linked to a meeting is read, and only new messages by
people that carry a mark (``#agreed``, ``#action``, ``#info``, ``#conclusion``
at the start of a line): everything else, edits, bots and other channels
included, is ignored without a word or a reaction. Registered before the DM
listener, which would otherwise take every ``message`` event (Bolt runs the
first listener that matches).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.rapporteur.marks import find_marks
from handlers.deps import deps_of
from handlers.listeners.common.notes import take_notes
from handlers.slack.payloads import ChannelMessage

SHORTCUT = "rapporteur_note"  # the callback id in deploy/slack-manifest.yml


def in_a_channel(event: dict[str, Any]) -> bool:
    return event.get("channel_type") in ("channel", "group")


def marked_lines(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    deps = deps_of(context)
    message = ChannelMessage.parse(event, context.bot_user_id)
    if message is None:
        return
    marks = find_marks(message.text, message.user)
    if not marks:
        return  # channel talk: none of our business
    # Refusals (channel not linked, a day outside the meeting) stay silent: nobody asked us.
    take_notes(deps, client, channel=message.channel, ts=message.ts,
               author=message.user, marks=marks)
