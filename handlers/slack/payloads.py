"""Slack's payloads as small typed values, made as they enter; the core never sees a dict.

Also the compact value a button carries to replay an answer (``Replay``). The
``/agenda`` grammar is the transport's own no more: ``bot/requests/grammar.py``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bot import vocabulary

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


@dataclass(frozen=True)
class SessionRef:
    """What a "Remind me" button carries: the meeting and the session's key (``Session.key``)."""

    meeting: str
    session: str

    def encode(self) -> str:
        return json.dumps({"m": self.meeting, "s": self.session}, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def decode(cls, value: str) -> SessionRef | None:
        try:
            data = json.loads(value)
            return cls(str(data["m"]), str(data["s"]))
        except (ValueError, KeyError, TypeError):
            return None


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
