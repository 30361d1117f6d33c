"""What the organizer listeners share: which meeting, who may, the pipeline, the announcer.

The rules live in the core (bot/organizers); this module only asks Slack
what the core cannot know (is this person a workspace admin?) and renders.
"""

from __future__ import annotations

import logging
import threading

from slack_bolt import Respond
from slack_sdk import WebClient

from bot import workspace
from bot.answers import Answer
from bot.organizers import Preview, Proposals, Refused
from bot.organizers.outbox import deliver_pending
from handlers.deps import Deps
from handlers.render.blocks import Message
from handlers.render.organizer import (
    announcement_messages,
    applied_messages,
    preview_messages,
    refused_messages,
)
from handlers.slack.clients import Clients, as_clients
from handlers.slack.replies import post, post_ephemeral
from store.agenda import team_of
from store.outbox import PendingAnnouncement
from store.slack_users import channel_of
from store.values import Meeting

log = logging.getLogger(__name__)

ANNOUNCE_POLL_SECONDS = 2.0


def proposals(deps: Deps) -> Proposals:
    # The wall clock, not the meeting clock: a preview expires an hour after it was shown.
    return Proposals(deps.db_factory, deps.wall_clock)


def meeting_for(deps: Deps, user: str, channel: str) -> Meeting | str:
    """The meeting a command in ``channel`` is about (the linked one, or the person's
    choice in a DM), or a sentence saying why we cannot tell."""
    in_dm = channel.startswith("D")
    with deps.db_factory() as db:
        chosen = deps.assistant.choose_meeting(db, slug=None, channel=None if in_dm else channel, now=deps.clock.now())
        if isinstance(chosen, Answer) and chosen.intent == "which_meeting":
            mine = deps.people.get(user).meeting
            if mine:
                chosen = deps.assistant.choose_meeting(db, slug=mine, channel=None, now=deps.clock.now())
    if isinstance(chosen, Answer):
        return chosen.text + (" Run the command in the meeting's linked channel." if chosen.choices else "")
    return chosen


def linked_channel(deps: Deps, slug: str) -> str | None:
    with deps.db_factory() as db:
        return channel_of(db, slug)


def confirm(deps: Deps, client: WebClient, proposal_id: str, user: str) -> list[Message]:
    """Apply a previewed change; announce it at once. What the clicker is shown next."""
    outcome = proposals(deps).confirm(proposal_id, user, is_admin=deps.people.is_admin)
    if isinstance(outcome, Preview):
        return preview_messages(outcome)
    if isinstance(outcome, Refused):
        return refused_messages(outcome)
    announce_now(deps, client)
    return applied_messages(outcome, linked_channel(deps, outcome.slug))


def announce_now(deps: Deps, client: WebClient) -> None:
    """Deliver what a change just queued now, not at the next poll. Every pending announcement
    goes out, of any workspace: each with its own workspace's client.

    On a thread of its own: the click that made the change gets its "Done" as soon as the
    change is saved, not after the post, a re-plan of a 1,000-item agenda and the queueing
    of every Home. The outbox row is the promise: if this thread fails, the poll delivers it.
    """
    announcer = Announcer(deps.clients or client, deps)
    threading.Thread(target=announcer.deliver_pending_or_log, name="announce-now", daemon=True).start()


def show(client: WebClient, respond: Respond | None, channel: str, user: str, messages: list[Message]) -> None:
    """Only ``user`` sees it: an ephemeral message where they are (a DM with the bot included)."""
    post_ephemeral(client, respond, channel, user, messages)


class Announcer:
    """Delivers the outbox (bot/organizers/outbox.py): the channel's announcement, everyone's
    App Home, the reminders. ``start()`` polls for changes made elsewhere (the CLI)."""

    def __init__(self, client: WebClient | Clients, deps: Deps, *, poll: float = ANNOUNCE_POLL_SECONDS) -> None:
        self.clients = as_clients(client)
        self.deps = deps
        self.poll = poll
        self.clock = deps.wall_clock  # claims expire on the wall clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def deliver(self, item: PendingAnnouncement) -> None:
        # As the meeting's own workspace: its bot token, its people's Homes (a CLI change
        # is delivered from the poll thread, which has no request to take a workspace from).
        team: str | None = None
        if self.clients.per_team:
            with self.deps.db_factory() as db:
                team = team_of(db, item.slug) or ""
        with workspace.scoped(team):
            self._deliver(item)

    def _deliver(self, item: PendingAnnouncement) -> None:
        channel = linked_channel(self.deps, item.slug)
        if channel:
            post(self.clients.current(), channel, announcement_messages(item.text, item.author))
        # After the post, nothing may fail the delivery: a retry would announce twice.
        # Reminders now (one sync); Homes later, off this thread: one views.publish per viewer
        # at Slack's Tier 4 pace must not hold the organizer's "Done" (handlers/home.py).
        self.deps.sync_reminders(item.slug)
        try:
            self.deps.homes.redraw_later(item.slug)
        except Exception:
            log.exception("could not queue the App Home redraws of %s", item.slug)

    def deliver_pending(self) -> list[PendingAnnouncement]:
        return deliver_pending(self.deps.db_factory, self.clock.now(), self.deliver)

    def deliver_pending_or_log(self) -> None:
        try:
            self.deliver_pending()
        except Exception:
            log.exception("announcing an agenda change failed; the poll tries again")

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.poll):
            try:
                self.deliver_pending()
            except Exception:
                log.exception("announcing agenda changes failed; trying again")

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
