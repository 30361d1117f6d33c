"""What the organizer listeners share: which meeting a command means, the proposals
pipeline on the wall clock, confirming a change, showing a reply only to its asker.

The rules live in the core (bot/organizers); this module only asks Slack what the
core cannot know (is this person a workspace admin?) and renders.
"""

from __future__ import annotations

from datetime import timedelta

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.answers import Answer
from bot.organizers import Preview, Proposals, Refused
from bot.requests.meeting import Asker, choose
from handlers.deps import Deps
from handlers.render.blocks import Message, simple
from handlers.render.organizer import applied_messages, preview_messages, refused_messages
from handlers.slack.announcer import announce_now, linked_channel
from handlers.slack.payloads import SlashCommand
from handlers.slack.replies import post_ephemeral
from store.values import Meeting

UPLOAD_WAIT = timedelta(minutes=10)  # how long `/agenda import` or `report publish` waits for the file


def proposals(deps: Deps) -> Proposals:
    # The wall clock, not the meeting clock: a preview expires an hour after it was shown.
    return Proposals(deps.db_factory, deps.wall_clock)


def meeting_for(deps: Deps, user: str, channel: str) -> Meeting | str:
    """The meeting a command in ``channel`` is about (the linked one, or the person's
    choice, in a DM or in a channel linked to none), or a sentence saying why we cannot tell."""
    in_dm = channel.startswith("D")
    who = Asker(user, None if in_dm else channel, None, None, deps.clock.now(), chosen=deps.people.get(user).meeting)
    chosen = choose(deps, who)
    if isinstance(chosen, Answer):
        return chosen.text + (" Run the command in the meeting's linked channel." if chosen.choices else "")
    return chosen


def meeting_or_say(deps: Deps, client: WebClient, respond: Respond | None, cmd: SlashCommand) -> Meeting | None:
    """The meeting ``cmd`` is about; None once the person has been told why the bot cannot tell."""
    found = meeting_for(deps, cmd.user, cmd.channel)
    if isinstance(found, str):
        show(client, respond, cmd.channel, cmd.user, simple(found))
        return None
    return found


def confirm(deps: Deps, client: WebClient, proposal_id: str, user: str) -> list[Message]:
    """Apply a previewed change; announce it at once. What the clicker is shown next."""
    outcome = proposals(deps).confirm(proposal_id, user, is_admin=deps.people.is_admin)
    language = deps.people.get(user).locale  # the clicker's
    if isinstance(outcome, Preview):
        return preview_messages(outcome, language)
    if isinstance(outcome, Refused):
        return refused_messages(outcome, language)
    announce_now(deps, client)
    return applied_messages(outcome, linked_channel(deps, outcome.slug), language)


def show(client: WebClient, respond: Respond | None, channel: str, user: str, messages: list[Message]) -> None:
    """Only ``user`` sees it: an ephemeral message where they are (a DM with the bot included)."""
    post_ephemeral(client, respond, channel, user, messages)


