"""The announcer: delivers the outbox of agenda changes (bot/organizers/outbox.py) to
each meeting's channel, with its workspace's client, then re-plans its reminders and
redraws its people's App Home. A change made in Slack is announced at once
(``announce_now``); one made elsewhere (the CLI) by the poll.
"""

from __future__ import annotations

import logging
import threading

from slack_sdk import WebClient

from bot import workspace
from bot.organizers.outbox import deliver_pending
from bot.worker import Worker
from handlers.deps import Deps
from handlers.render.organizer import (
    announcement_messages,
)
from handlers.slack.clients import Clients, as_clients
from handlers.slack.replies import post
from store.agenda import team_of
from store.outbox import PendingAnnouncement
from store.slack_users import channel_of

log = logging.getLogger(__name__)

ANNOUNCE_POLL_SECONDS = 2.0


def announce_now(deps: Deps, client: WebClient) -> None:
    """Deliver what a change just queued now, not at the next poll. Every pending announcement
    goes out, of any workspace: each with its own workspace's client.

    On a thread of its own: the click that made the change gets its "Done" as soon as the
    change is saved, not after the post, a re-plan of a 1,000-item agenda and the queueing
    of every Home. The outbox row is the promise: if this thread fails, the poll delivers it.
    """
    announcer = Announcer(deps.clients or client, deps)
    threading.Thread(target=announcer.deliver_pending_or_log, name="announce-now", daemon=True).start()


def linked_channel(deps: Deps, slug: str) -> str | None:
    with deps.db_factory() as db:
        return channel_of(db, slug)


class Announcer:
    """Delivers the outbox (bot/organizers/outbox.py): the channel's announcement, everyone's
    App Home, the reminders. ``start()`` polls for changes made elsewhere (the CLI)."""

    def __init__(self, client: WebClient | Clients, deps: Deps, *, poll: float = ANNOUNCE_POLL_SECONDS) -> None:
        self.clients = as_clients(client)
        self.deps = deps
        self.poll = poll
        self.clock = deps.wall_clock  # claims expire on the wall clock
        self._worker = Worker(
            "announcer", self._announce, every=poll, wait_first=True, clock=self.clock,
            failure="announcing agenda changes failed; trying again", logger=log,
        )

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
        # at Slack's Tier 4 pace must not hold the organizer's "Done" (handlers/slack/home.py).
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
        self._worker.start()

    def _announce(self) -> None:
        self.deliver_pending()

    def stop(self, timeout: float = 5.0) -> None:
        self._worker.stop(timeout)
