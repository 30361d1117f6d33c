"""The Slack side of the reminders' ``Notifier``: chat.postMessage with the delivery key in metadata.

Exactly-once needs two things from Slack:

- the key travels with the message (``metadata``: event type
  ``agendabot_reminder``, payload ``{"key": ...}``), so after a crash
  ``find_sent`` can look for it with ``conversations.history`` and
  ``include_all_metadata``;
- no retry behind our back. The app's WebClient retries 5xx and dropped
  connections on its own, which could post a reminder twice when Slack had
  accepted the first try, so this notifier uses a sibling client without retry
  handlers and reports such errors as "maybe sent": the delivery code asks
  ``find_sent`` before it tries again.

A DM is posted with the user's id as the channel, which Slack delivers to the
app's DM with that person and answers with the DM's channel id (remembered).
Opening the DM first would cost a ``conversations.open`` per person, a Tier 3
method (about 50 a minute): 5,000 personal reminders would need 100 minutes
for that alone. ``conversations.open`` is asked only when the history of a DM
never posted to by this process must be searched (``find_sent`` after a crash).

When one deployment serves several workspaces, ``WorkspaceNotifier`` posts
each reminder with the bot token of its meeting's workspace: the delivery
key's row (claimed before any post) names the meeting, the meeting its team.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.reminders.notifier import DeliveryError, DeliveryReceipt, ReminderMessage
from bot.reminders.planner import Destination
from handlers.render import usage
from handlers.render.blocks import FALLBACK_CHARS, context, escape, fit_message, sections, truncate
from handlers.slack.api_errors import CountSlackErrors
from handlers.slack.clients import Clients, NotInstalled, copy_client
from store import models

log = logging.getLogger(__name__)

EVENT_TYPE = "agendabot_reminder"
# Slack errors that will not go away by trying again: tell the organizers instead.
PERMANENT = {
    "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "account_inactive",
    "token_revoked", "missing_scope", "invalid_blocks", "msg_too_long", "msg_blocks_too_long", "no_text",
    "user_not_found", "cannot_dm_bot", "restricted_action", "not_authed",
}


def reminder_blocks(message: ReminderMessage) -> tuple[str, list[dict[str, Any]]]:
    """The notification text and the blocks: the headline in bold, the details, a late note."""
    parts = sections(f"*{escape(message.title)}*")
    if message.body:
        parts += sections(escape(message.body))
    # One reminder is one message (its delivery key rides on it): cut to the budget, never split.
    blocks = fit_message(parts, usage.REST_OF_AGENDA)
    if message.late_note:
        blocks.append(context(escape(message.late_note)).block)
    return truncate(message.text, FALLBACK_CHARS), blocks


class SlackNotifier:
    def __init__(self, client: WebClient) -> None:
        # Only counting (it never retries): see the module docstring, retries are the delivery code's.
        self.client = copy_client(client, client.token or "", [CountSlackErrors()])
        self._dm: dict[str, str] = {}
        self._lock = threading.Lock()

    def _conversation(self, destination: Destination) -> str:
        if destination.kind == "channel":
            return destination.id
        if destination.kind != "dm":
            raise DeliveryError(str(destination), retryable=False)
        with self._lock:
            known = self._dm.get(destination.id)
        if known:
            return known
        try:
            response = self.client.conversations_open(users=destination.id)
        except SlackApiError as exc:
            raise _classify(exc, opening=True) from None
        except OSError as exc:
            raise DeliveryError(f"conversations.open: {exc}") from None
        channel = str(response["channel"]["id"])
        with self._lock:
            self._dm[destination.id] = channel
        return channel

    def _post_to(self, destination: Destination) -> str:
        if destination.kind == "dm":
            with self._lock:
                return self._dm.get(destination.id, destination.id)  # a user id: Slack finds the DM
        return self._conversation(destination)

    def post(self, destination: Destination, message: ReminderMessage) -> DeliveryReceipt:
        channel = self._post_to(destination)
        text, blocks = reminder_blocks(message)
        try:
            response = self.client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                metadata={"event_type": EVENT_TYPE, "event_payload": {"key": message.key}},
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            raise _classify(exc) from None
        except OSError as exc:  # timeouts and resets: Slack may have it
            raise DeliveryError(f"chat.postMessage: {exc}", maybe_sent=True) from None
        posted_in = str(response.get("channel") or channel)
        if destination.kind == "dm" and posted_in.startswith("D"):
            with self._lock:
                self._dm[destination.id] = posted_in
        return DeliveryReceipt(ts=str(response.get("ts") or ""), channel=posted_in)

    def find_sent(self, destination: Destination, key: str, since: datetime) -> bool:
        channel = self._conversation(destination)
        cursor: str | None = None
        while True:
            try:
                response = self.client.conversations_history(
                    channel=channel,
                    oldest=f"{since.timestamp():.6f}",
                    include_all_metadata=True,
                    limit=200,
                    cursor=cursor,
                )
            except SlackApiError as exc:
                raise _classify(exc) from None
            for m in response.get("messages") or []:
                meta = m.get("metadata") or {}
                if meta.get("event_type") == EVENT_TYPE and (meta.get("event_payload") or {}).get("key") == key:
                    return True
            cursor = ((response.get("response_metadata") or {}).get("next_cursor")) or None
            if not response.get("has_more") or not cursor:
                return False


class WorkspaceNotifier:
    """A ``SlackNotifier`` per workspace, chosen by the meeting each delivery key belongs to."""

    def __init__(self, clients: Clients, db_factory: sessionmaker[DBSession]) -> None:
        self.clients = clients
        self.db_factory = db_factory
        self._notifiers: dict[int, SlackNotifier] = {}  # by id of the team's client: one per token
        self._lock = threading.Lock()

    def _team(self, key: str) -> str:
        with self.db_factory() as db:
            team = db.scalar(
                select(models.Meeting.team_id)
                .join(models.ReminderDelivery, models.ReminderDelivery.meeting_slug == models.Meeting.slug)
                .where(models.ReminderDelivery.key == key)
            )
        return team or ""

    def _for(self, key: str) -> SlackNotifier:
        try:
            client = self.clients.for_team(self._team(key))
        except NotInstalled as exc:
            raise DeliveryError(str(exc), retryable=False) from None
        with self._lock:
            notifier = self._notifiers.get(id(client))
            if notifier is None:
                notifier = self._notifiers[id(client)] = SlackNotifier(client)
        return notifier

    def post(self, destination: Destination, message: ReminderMessage) -> DeliveryReceipt:
        return self._for(message.key).post(destination, message)

    def find_sent(self, destination: Destination, key: str, since: datetime) -> bool:
        return self._for(key).find_sent(destination, key, since)


def _classify(exc: SlackApiError, *, opening: bool = False) -> DeliveryError:
    status = exc.response.status_code
    error = str(exc.response.get("error") or "") if exc.response is not None else ""
    if status == 429 or error == "ratelimited":
        retry_after = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after")
        return DeliveryError(f"ratelimited (HTTP {status})", retry_after=float(retry_after or 1))
    if status >= 500 or error in ("fatal_error", "internal_error", "service_unavailable", "request_timeout"):
        # The request reached Slack; whether the message was kept is unknown.
        return DeliveryError(f"{error or 'server error'} (HTTP {status})", maybe_sent=not opening)
    return DeliveryError(error or f"HTTP {status}", retryable=error not in PERMANENT)
