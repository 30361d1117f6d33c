"""Slack's payloads as small typed values, made as they enter; the core never sees a dict.

Also the ``/agenda`` grammar (text -> AgendaRequest) and the compact value a
button carries to replay an answer (``Replay``), both plain functions that
need neither Slack nor a database to test.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bot import vocabulary
from bot.reminders.requests import COMMAND_WORDS as REMINDER_WORDS
from bot.reminders.requests import USAGE as REMINDERS_USAGE
from bot.reminders.requests import ReminderRequest, parse_reminder_command
from bot.vocabulary import DayRef

_CHANNEL_MENTION = re.compile(r"<#[CG][A-Z0-9]+\|([^>]*)>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(\w+)(?:\^[^|>]*)?(?:\|([^>]*))?>")


def plain_text(slack_text: str, *, drop_user: str | None = None) -> str:
    """What the person typed, from Slack's markup: links as their labels, entities decoded."""
    # Mentions of anyone as "@U123"; the bot's own is dropped from questions.
    text = vocabulary.replace_mentions(slack_text, drop=drop_user)
    text = _CHANNEL_MENTION.sub(lambda m: f"#{m.group(1)}", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SPECIAL.sub(lambda m: m.group(2) or f"@{m.group(1)}", text)
    # Slack escapes only these three; html.unescape would also eat "&copy" in a title.
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def request_id(body: dict[str, Any]) -> str:
    """The id Slack gave this request (event, command, click), for logs and apologies."""
    for key in ("event_id", "trigger_id", "envelope_id"):
        if body.get(key):
            return str(body[key])
    view = body.get("view") or {}
    return str(view.get("id") or body.get("action_ts") or "unknown")


@dataclass(frozen=True)
class Mention:
    user: str
    channel: str
    text: str
    ts: str
    thread_ts: str

    @property
    def reply_thread(self) -> str:
        """Answers go in the question's thread (a new one when it was asked at top level)."""
        return self.thread_ts or self.ts

    @classmethod
    def parse(cls, event: dict[str, Any], bot_user_id: str | None) -> Mention:
        return cls(
            user=str(event.get("user") or ""),
            channel=str(event["channel"]),
            text=plain_text(str(event.get("text") or ""), drop_user=bot_user_id),
            ts=str(event["ts"]),
            thread_ts=str(event.get("thread_ts") or ""),
        )


@dataclass(frozen=True)
class DirectMessage:
    user: str
    channel: str
    text: str
    thread_ts: str

    @classmethod
    def parse(cls, event: dict[str, Any], bot_user_id: str | None) -> DirectMessage | None:
        """A person's new message in a DM with the bot; None for edits, joins, bots and echoes."""
        if event.get("channel_type") != "im" or not _a_person_wrote(event) or event.get("bot_id"):
            return None
        user = str(event.get("user") or "")
        if not user or user == bot_user_id:
            return None
        return cls(
            user=user,
            channel=str(event["channel"]),
            text=plain_text(str(event.get("text") or ""), drop_user=bot_user_id),
            thread_ts=str(event.get("thread_ts") or ""),
        )


# Message subtypes that are a person's own words: a thread reply also sent to the channel,
# and a message with a file attached. Every other subtype is an edit, a deletion, a join…
PERSON_SUBTYPES = frozenset({"thread_broadcast", "file_share"})


def _a_person_wrote(event: dict[str, Any]) -> bool:
    subtype = event.get("subtype")
    if subtype and subtype not in PERSON_SUBTYPES:
        return False
    # A file dropped without a word is the file_shared listener's (an agenda, a report).
    return not (subtype == "file_share" and not str(event.get("text") or "").strip())


@dataclass(frozen=True)
class ChannelMessage:
    """A person's new message in a channel (``message.channels`` / ``message.groups``),
    in Slack's markup: marks and mentions are read from it as typed."""

    user: str
    channel: str
    text: str
    ts: str

    @classmethod
    def parse(cls, event: dict[str, Any], bot_user_id: str | None) -> ChannelMessage | None:
        """None for DMs, edits, deletions, joins, bots and the bot's own messages."""
        if event.get("channel_type") not in ("channel", "group") or not _a_person_wrote(event) or event.get("bot_id"):
            return None
        user = str(event.get("user") or "")
        if not user or user == bot_user_id or not event.get("ts"):
            return None
        return cls(user=user, channel=str(event["channel"]), text=str(event.get("text") or ""), ts=str(event["ts"]))


@dataclass(frozen=True)
class MessageShortcut:
    """The message shortcut on someone's message: who clicked, and the message itself."""

    user: str
    channel: str
    author: str
    text: str
    ts: str

    @classmethod
    def parse(cls, body: dict[str, Any]) -> MessageShortcut:
        message = body.get("message") or {}
        return cls(
            user=str((body.get("user") or {}).get("id") or ""),
            channel=str((body.get("channel") or {}).get("id") or ""),
            author=str(message.get("user") or message.get("bot_id") or ""),
            text=str(message.get("text") or ""),
            ts=str(message.get("ts") or body.get("message_ts") or ""),
        )


@dataclass(frozen=True)
class SlashCommand:
    user: str
    channel: str
    text: str
    trigger_id: str

    @classmethod
    def parse(cls, command: dict[str, Any]) -> SlashCommand:
        return cls(
            user=str(command["user_id"]),
            channel=str(command["channel_id"]),
            text=plain_text(str(command.get("text") or "")),
            trigger_id=str(command.get("trigger_id") or ""),
        )


@dataclass(frozen=True)
class Click:
    """A button press or menu choice, wherever the message or view was."""

    user: str
    channel: str
    value: str
    trigger_id: str
    message_ts: str
    thread_ts: str
    ephemeral: bool

    @classmethod
    def parse(cls, body: dict[str, Any]) -> Click:
        action = (body.get("actions") or [{}])[0]
        container = body.get("container") or {}
        message = body.get("message") or {}
        value = action.get("value") or (action.get("selected_option") or {}).get("value") or ""
        return cls(
            user=str((body.get("user") or {}).get("id") or ""),
            channel=str((body.get("channel") or {}).get("id") or container.get("channel_id") or ""),
            value=str(value),
            trigger_id=str(body.get("trigger_id") or ""),
            message_ts=str(container.get("message_ts") or message.get("ts") or ""),
            thread_ts=str(container.get("thread_ts") or message.get("thread_ts") or ""),
            ephemeral=bool(container.get("is_ephemeral")),
        )


# --- replaying an answer from a button ------------------------------------------------------


class ReplayKind(StrEnum):
    COMMAND = "c"  # the text of an /agenda command
    QUESTION = "q"  # a question in words


@dataclass(frozen=True)
class Replay:
    """What a button needs to give the same answer again: what was asked, about which
    meeting, at which moment (so "what's next?" shared a minute later still says the same)."""

    kind: ReplayKind
    text: str
    meeting: str | None = None
    at: datetime | None = None
    page: int = 0  # of a long answer ("Show more")

    def encode(self) -> str:
        data: dict[str, Any] = {"k": str(self.kind), "t": self.text}
        if self.meeting:
            data["m"] = self.meeting
        if self.at:
            data["a"] = int(self.at.timestamp())
        if self.page:
            data["p"] = self.page
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def decode(cls, value: str) -> Replay | None:
        try:
            data = json.loads(value)
            at = datetime.fromtimestamp(data["a"], UTC) if "a" in data else None
            page = data.get("p", 0)
            if not isinstance(page, int) or page < 0:
                return None
            return cls(ReplayKind(data["k"]), str(data["t"]), data.get("m"), at, page)
        except (ValueError, KeyError, TypeError, OverflowError, OSError):
            return None


# --- the /agenda grammar --------------------------------------------------------------------


class Sub(StrEnum):
    UPCOMING = "upcoming"  # /agenda: today's remaining sessions, or the next day's
    DAY = "day"
    QUESTION = "question"
    DOCUMENTS = "documents"
    HELP = "help"
    LINK = "link"
    USAGE = "usage"  # a subcommand missing its argument
    REMINDERS = "reminders"  # reminders, rapporteur, remind me: see ``reminder`` (reminder_requests)


# A day as typed: one type for /agenda, answers and organizer edits.
DaySpec = DayRef


@dataclass(frozen=True)
class AgendaRequest:
    sub: Sub
    question: str = ""
    day: DaySpec | None = None
    argument: str = ""
    reminder: ReminderRequest | None = None


USAGE = (
    "`/agenda` today's remaining sessions (or the next day's)\n"
    "`/agenda now` · `/agenda next` · `/agenda tomorrow` · `/agenda thursday` · `/agenda 16 october`\n"
    "`/agenda item N` · `/agenda docs` · `/agenda docs N` · `/agenda search WORDS`\n"
    "`/agenda ask QUESTION` · `/agenda help`\n"
    "`/agenda link SLUG` links this channel to a meeting (organizers, workspace admins)\n"
    "`/agenda calendar` the agenda page and calendar feeds, by DM · `/agenda pdf` the agenda as an A4 PDF · "
    "organizers: `/agenda publish page on|off|newlink` · `/agenda sync URL [trusted] [every 30m]|now|off`\n"
    + REMINDERS_USAGE
    + "\nOrganizers: `/agenda move SESSION|ITEM to TIME [DAY]` · `/agenda cancel ITEM` · "
    "`/agenda rename ITEM \"Title\"` · `/agenda doc add SYMBOL \"Title\" URL [item N]` · `/agenda import` · "
    "`/agenda organizers [add|remove @someone]` · `/agenda history` · `/agenda rollback N`"
    "\nRapporteur's notes: start a line in the meeting's channel with #agreed, #action, #info or #conclusion, "
    "or use “Add to rapporteur notes” on a message · `/agenda notes [ITEM]` · "
    "`/agenda notes move N ITEM` · `/agenda notes drop N` · `/agenda now ITEM` (organizers) · "
    "`/agenda report draft` · `/agenda report publish [draft]`"
)

def parse_day(text: str) -> DaySpec | None:
    """``today``, ``tomorrow``, ``thursday``/``thu``, ``2003-10-16``, ``16 october [2003]``, ``oct 16``."""
    return vocabulary.parse_day(text)


def parse_agenda(text: str) -> AgendaRequest:
    """The ``/agenda`` subcommand in ``text``; anything unrecognised is a question in words."""
    text = vocabulary.english_command(" ".join(text.split()))  # "aide", "demain", "mañana"
    head, _, rest = text.partition(" ")
    word = head.lower()
    if not text:
        return AgendaRequest(Sub.UPCOMING)
    if word in ("help", "?"):
        return AgendaRequest(Sub.HELP)
    if word == "now" and not rest:
        return AgendaRequest(Sub.QUESTION, "what's happening now?")
    if word == "next" and not rest:
        return AgendaRequest(Sub.QUESTION, "what's next?")
    if word == "item":
        if not rest:
            return AgendaRequest(Sub.USAGE, argument="`/agenda item N`, for example `/agenda item IX`")
        return AgendaRequest(Sub.QUESTION, f"what is item {rest}?")
    if word in ("docs", "documents", "doc"):
        if not rest:
            return AgendaRequest(Sub.DOCUMENTS)
        return AgendaRequest(Sub.QUESTION, f"what documents are there for item {rest}?")
    if word in ("search", "ask", "find"):
        if not rest:
            example = "`/agenda search remittances`" if word != "ask" else "`/agenda ask when is lunch?`"
            return AgendaRequest(Sub.USAGE, argument=f"`/agenda {word} …`, for example {example}")
        return AgendaRequest(Sub.QUESTION, rest)
    if word == "link":
        if not rest:
            return AgendaRequest(Sub.USAGE, argument="`/agenda link SLUG` (see `agendabot meetings`)")
        return AgendaRequest(Sub.LINK, argument=rest.split()[0])
    if word in REMINDER_WORDS and (reminder := parse_reminder_command(text)) is not None:
        return AgendaRequest(Sub.REMINDERS, reminder=reminder)
    day = parse_day(text)
    if day is not None:
        return AgendaRequest(Sub.DAY, day=day)
    return AgendaRequest(Sub.QUESTION, text)


@dataclass(frozen=True)
class Submission:
    """A modal's submit: who, which modal, the typed value, the modal's private metadata."""

    user: str
    value: str
    metadata: str

    @classmethod
    def parse(cls, body: dict[str, Any], block_id: str, action_id: str) -> Submission:
        view = body.get("view") or {}
        values = ((view.get("state") or {}).get("values") or {}).get(block_id) or {}
        return cls(
            user=str((body.get("user") or {}).get("id") or ""),
            value=str((values.get(action_id) or {}).get("value") or "").strip(),
            metadata=str(view.get("private_metadata") or ""),
        )
