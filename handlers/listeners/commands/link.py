"""``/agenda link SLUG``: make this channel the meeting's channel.

Who may is the grammar row's ``Action.LINK_CHANNEL`` (the meeting's organizers and
workspace admins), checked by the dispatcher before ``link``.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import workspace
from bot.requests.meeting import known_slugs
from handlers.deps import Deps
from handlers.render import usage
from handlers.render.blocks import Message, simple
from handlers.slack.payloads import SlashCommand
from handlers.slack.state import link_channel


def channel_name(client: WebClient, channel: str) -> str:
    """``#name`` for the confirmation; "This channel" when Slack will not say (private ones)."""
    try:
        name = client.conversations_info(channel=channel)["channel"].get("name")
    except SlackApiError:
        name = None
    return f"#{name}" if name else "This channel"


def link(deps: Deps, client: WebClient, cmd: SlashCommand, slug: str) -> list[Message]:
    if cmd.channel.startswith("D"):
        return simple(usage.LINK_IN_CHANNEL)
    # Only a meeting of this workspace: another workspace's slug is as unknown here as a typo.
    team = workspace.current()
    meeting = link_channel(deps.db_factory, slug, cmd.channel, team)
    if meeting is None:
        known = ", ".join(known_slugs(deps, team)) or "none yet"
        return simple(f"There is no meeting “{slug}”. Known meetings: {known}.")
    deps.sync_reminders(meeting.slug)  # its channel reminders now have somewhere to go
    return simple(
        f"{channel_name(client, cmd.channel)} is now linked to {meeting.title} ({meeting.slug}). "
        "Questions asked here are about it unless they name another meeting."
    )
