"""The one thing reminders need from a transport: post a message, and say whether one was posted.

Slack (handlers/slack/notifier.py), the terminal (bot/console.py) and the tests
(tests/recording_notifier.py) implement ``Notifier``; the scheduler and the
delivery code never see which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.reminders.planner import Destination
from store.values import Document, Item, Meeting, Session


@dataclass(frozen=True)
class ReminderMessage:
    """A reminder as plain values: enough for plain text, and for Block Kit built from them.

    ``key`` is the delivery key; a transport that can attach it to the message
    (Slack's ``metadata``) lets ``find_sent`` answer after a crash.
    """

    key: str
    kind: str  # a ReminderKind value, or "change_notice"
    title: str  # one line: what a notification shows
    body: str = ""  # further lines of plain text
    meeting: Meeting | None = None
    session: Session | None = None
    item: Item | None = None
    sessions: tuple[Session, ...] = ()  # a preview's sessions
    documents: tuple[Document, ...] = ()
    event_at: datetime | None = None
    due: datetime | None = None
    late_by: timedelta = timedelta(0)
    # Why it comes late, as a sentence of its own: Slack shows it as a context line, plain text
    # in parentheses after the body, so no transport has to find it in the body's prose.
    late_note: str = ""
    reminder_id: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def lines(self) -> list[str]:
        """The lines under the title as plain text: the body, then the late note in parentheses."""
        return self.body.splitlines() + ([f"({self.late_note})"] if self.late_note else [])

    @property
    def text(self) -> str:
        return "\n".join([self.title, *self.lines])

    @property
    def late(self) -> bool:
        return self.late_by >= LATE_THRESHOLD


# Below this a reminder reads as on time: a scheduler tick or a retry is not "late".
LATE_THRESHOLD = timedelta(minutes=1)


@dataclass(frozen=True)
class DeliveryReceipt:
    """What the transport knows of a posted message (Slack: channel and ts)."""

    ts: str = ""
    channel: str = ""


class DeliveryError(Exception):
    """A post that did not go through.

    ``retryable``: trying again may work (rate limit, server error, network).
    ``maybe_sent``: the message may have been posted anyway (a timeout, a 5xx
    after the request was sent), so check ``find_sent`` before trying again.
    ``retry_after``: seconds the other side asked us to wait.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool = True,
        maybe_sent: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.maybe_sent = maybe_sent
        self.retry_after = retry_after


class Notifier(Protocol):
    def post(self, destination: Destination, message: ReminderMessage) -> DeliveryReceipt:
        """Send ``message``; raise DeliveryError when it did not go through."""
        ...

    def find_sent(self, destination: Destination, key: str, since: datetime) -> bool:
        """Whether a message carrying ``key`` was posted to ``destination`` after ``since``."""
        ...
