"""The rapporteur's desk in Slack: taking notes, the draft in the rapporteur's DM, the
final report uploaded, and the draft that comes with the rapporteur's reminder.

The rules are the core's (bot/rapporteur); here we only ask Slack what the core
cannot know (permalinks, people's names), react, upload files and render.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import vocabulary
from bot.clock import Clock
from bot.rapporteur.markdown import render_markdown
from bot.rapporteur.marks import Mark
from bot.rapporteur.word import render_docx
from bot.reminders.notifier import DeliveryReceipt, Notifier, ReminderMessage
from bot.reminders.planner import Destination, ReminderKind
from bot.requests import notes
from bot.requests.notes import Taken
from handlers.deps import Deps
from handlers.render.blocks import Message, simple
from handlers.render.notes import DRAFT_COMMENT, draft_messages
from handlers.slack.announcer import announce_now
from handlers.slack.clients import Clients
from handlers.slack.payloads import plain_text
from handlers.slack.replies import post
from store.values import Meeting

log = logging.getLogger(__name__)

CHECKMARK = "white_check_mark"


def name_of(client: WebClient, user: str) -> str:
    """A person's display name (their real name, else the id): for files, not for Slack."""
    try:
        found = client.users_info(user=user)["user"]
    except SlackApiError:
        return user
    profile = found.get("profile") or {}
    return str(profile.get("display_name") or profile.get("real_name") or found.get("real_name") or user)


def readable(client: WebClient, slack_text: str, names: dict[str, str] | None = None) -> str:
    """The note as people read it, mentions as names ("@bob"), so the files need no Slack.
    ``names`` (user id -> name) is filled in as people are looked up, and reused."""
    names = {} if names is None else names
    for user in vocabulary.mentioned_users(slack_text):
        if user not in names:
            names[user] = name_of(client, user)
    return plain_text(vocabulary.replace_mentions(slack_text, lambda user: "@" + names[user]))


def take_notes(deps: Deps, client: WebClient, *, channel: str, ts: str, author: str, marks: Sequence[Mark]) -> Taken:
    """Store ``marks`` (from one message) as notes of the channel's meeting, under the item
    under discussion (bot/requests/notes.py); react with a checkmark when anything was stored."""
    placement = notes.place(deps, channel, ts)
    if isinstance(placement, Taken):
        return placement
    permalink = _permalink(client, channel, ts)
    # Ask Slack for names before the transaction: a slow or rate-limited users.info must not
    # hold the database's write lock (on SQLite, every other writer's too).
    names: dict[str, str] = {}  # an action's owner is usually also mentioned in it: one users.info
    readied = []
    for m in marks:
        text = readable(client, m.text, names)
        if m.owner and m.owner not in names:
            names[m.owner] = name_of(client, m.owner)
        readied.append((Mark(m.kind, text, m.part, m.owner), names[m.owner] if m.owner else ""))
    taken = notes.store(deps, placement, readied, author=author, channel=channel, ts=ts, permalink=permalink)
    if taken.notes:
        _react(client, channel, ts)
    return taken


def _permalink(client: WebClient, channel: str, ts: str) -> str:
    try:
        return str(client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink") or "")
    except SlackApiError as exc:
        log.warning("no permalink for %s/%s: %s", channel, ts, exc.response.get("error"))
        return ""


def _react(client: WebClient, channel: str, ts: str) -> None:
    try:
        client.reactions_add(channel=channel, timestamp=ts, name=CHECKMARK)
    except SlackApiError as exc:
        if exc.response.get("error") != "already_reacted":  # the note is kept; the tick is a courtesy
            log.warning("could not react to %s/%s: %s", channel, ts, exc.response.get("error"))


# --- the draft -----------------------------------------------------------------------------


def send_draft(db_factory: sessionmaker[DBSession], clock: Clock, client: WebClient, slug: str, user: str) -> str:
    """The draft in ``user``'s DM: a message, then the Markdown and the Word file. The DM's id."""
    draft = notes.draft_of(db_factory, slug, clock.now())
    if draft is None:
        raise LookupError(f"no meeting {slug}")
    dm = str(client.conversations_open(users=user)["channel"]["id"])
    post(client, dm, draft_messages(draft))
    client.files_upload_v2(
        channel=dm,
        initial_comment=DRAFT_COMMENT,
        file_uploads=[
            {"content": render_markdown(draft).encode(), "filename": f"{draft.filename_stem}.md",
             "title": f"Draft rapporteur's report — {draft.meeting} (Markdown)"},
            {"content": render_docx(draft), "filename": f"{draft.filename_stem}.docx",
             "title": f"Draft rapporteur's report — {draft.meeting} (Word)"},
        ],
    )
    return dm


class DraftWithReminder:
    """The reminders' Notifier, plus the draft in the rapporteur's DM right after their
    reminder ("have the report ready"). A draft that fails is logged and never fails the
    reminder: the reminder went out, and retrying it would post it twice."""

    def __init__(self, inner: Notifier, send: Callable[[str, str], object]) -> None:
        self.inner = inner
        self.send = send

    def post(self, destination: Destination, message: ReminderMessage) -> DeliveryReceipt:
        receipt = self.inner.post(destination, message)
        if message.kind == ReminderKind.RAPPORTEUR_DM and message.meeting is not None and destination.kind == "dm":
            try:
                self.send(message.meeting.slug, destination.id)
            except Exception:
                log.exception("could not send the draft report to the rapporteur of %s", message.meeting.slug)
        return receipt

    def find_sent(self, destination: Destination, key: str, since: datetime) -> bool:
        return self.inner.find_sent(destination, key, since)


def draft_sender(db_factory: sessionmaker[DBSession], clock: Clock, clients: Clients) -> Callable[[str, str], str]:
    """``send_draft`` for ``DraftWithReminder``: outside any request, so it takes the client
    of the meeting's own workspace (the one client of a single-workspace install)."""

    def send(slug: str, user: str) -> str:
        return send_draft(db_factory, clock, clients.for_team(notes.workspace_of(db_factory, slug)), slug, user)

    return send


# --- the final report ---------------------------------------------------------------------


def published(deps: Deps, client: WebClient, meeting: Meeting, data: bytes, filename: str, *, link: str,
              user: str) -> list[Message]:
    """Publish ``data`` as the meeting's report and tell the channel now; the reply to ``user``."""
    done = notes.publish_report(deps, meeting, data, filename, link=link, user=user, now=deps.wall_clock.now())
    if isinstance(done, str):
        return simple(done)
    if done.revision is None:
        return simple("The report was already published exactly so; nothing changed.")
    announce_now(deps, client)
    return simple(f"Published “{done.title}” as a meeting document; the meeting's channel has been told.")
