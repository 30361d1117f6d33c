"""Fakes of the reminder transport (not of our code) and builders for reminder tests.

``RecordingNotifier`` keeps every post in memory and lets a test wait for
them on a Condition; it can be told to fail the next posts. ``FileNotifier``
appends posts to a file, so several processes (and their restarts) can be
checked for duplicates.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import FixedClock
from bot.reminders.delivery import Deliverer
from bot.reminders.notifier import DeliveryError, DeliveryReceipt, ReminderMessage
from bot.reminders.planner import Destination
from store.values import Day, Item, ItemKind, Meeting, Session

SAMPLE = Path(__file__).parent.parent / "bot" / "sample" / "coordination-meeting-2003.yaml"
NEW_YORK = ZoneInfo("America/New_York")


@dataclass(frozen=True)
class Post:
    destination: Destination
    message: ReminderMessage
    at: float  # time.time() when posted
    monotonic: float


@dataclass
class Failure:
    """Make a post fail; ``posted`` makes it go out anyway (an error after Slack accepted it)."""

    error: DeliveryError
    posted: bool = False
    only_to: str | None = None  # a destination id; None: whichever post comes next


@dataclass
class RecordingNotifier:
    failures: list[Failure] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    attempts: list[tuple[str, float]] = field(default_factory=list)
    on_post: Callable[[Post], None] | None = None

    def __post_init__(self) -> None:
        self._cond = threading.Condition()

    def post(self, destination: Destination, message: ReminderMessage) -> DeliveryReceipt:
        with self._cond:
            self.attempts.append((message.key, time.monotonic()))
            failure = next(
                (f for f in self.failures if f.only_to in (None, destination.id)), None
            )
            if failure is not None:
                self.failures.remove(failure)
            record = Post(destination, message, time.time(), time.monotonic())
            if failure is None or failure.posted:
                self.posts.append(record)
                self._cond.notify_all()
        if failure is not None:
            raise failure.error
        if self.on_post:
            self.on_post(record)
        return DeliveryReceipt(ts=f"{record.at:.6f}", channel=destination.id)

    def find_sent(self, destination: Destination, key: str, since: datetime) -> bool:
        with self._cond:
            return any(p.message.key == key and p.destination == destination for p in self.posts)

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: len(self.posts) >= count, timeout)

    def keys(self) -> list[str]:
        with self._cond:
            return [p.message.key for p in self.posts]

    def texts(self) -> list[str]:
        with self._cond:
            return [p.message.text for p in self.posts]


class FileNotifier:
    """Posts as JSON lines in a file shared by processes; ``find_sent`` reads it back."""

    def __init__(self, path: Path, before_post: Callable[[ReminderMessage], None] | None = None,
                 after_post: Callable[[ReminderMessage], None] | None = None) -> None:
        self.path = path
        self.before_post = before_post
        self.after_post = after_post

    def post(self, destination: Destination, message: ReminderMessage) -> DeliveryReceipt:
        if self.before_post:
            self.before_post(message)
        line = json.dumps(
            {
                "key": message.key,
                "destination": destination.code,
                "pid": os.getpid(),
                "at": time.time(),
                "due": message.due.timestamp() if message.due else None,
                "title": message.title,
            }
        )
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())
        if self.after_post:
            self.after_post(message)
        return DeliveryReceipt(ts=str(time.time()))

    def find_sent(self, destination: Destination, key: str, since: datetime) -> bool:
        return any(
            row["key"] == key and row["destination"] == destination.code for row in read_posts(self.path)
        )


def read_posts(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def meeting_at(
    starts: list[datetime],
    *,
    slug: str = "soon",
    zone: str = "UTC",
    length: timedelta = timedelta(minutes=30),
    reminder_lead_minutes: int = 15,
) -> Meeting:
    """A meeting with one session per start time (sessions of one day share a Day)."""
    tz = ZoneInfo(zone)
    by_day: dict[date, list[Session]] = {}
    for n, start in enumerate(starts, start=1):
        local = start.astimezone(tz)
        by_day.setdefault(local.date(), []).append(
            Session(
                title=f"Session {n}",
                day=local.date(),
                starts_at=local,
                ends_at=local + length,
                items=(Item(title=f"Topic {n}", number=str(n), ordinal=1, kind=ItemKind.DISCUSSION),),
            )
        )
    days = tuple(Day(date=d, sessions=tuple(s)) for d, s in sorted(by_day.items()))
    return Meeting(
        slug=slug,
        title=f"Meeting {slug}",
        timezone=zone,
        start_date=days[0].date,
        end_date=days[-1].date,
        days=days,
        reminder_lead_minutes=reminder_lead_minutes,
    )


def run_retries(deliverer: Deliverer, clock: FixedClock, *, until: timedelta = timedelta(minutes=30)) -> None:
    """Move ``clock`` from one pending retry (or re-check) to the next until none is left:
    time passing for the deliverer's timer, without sleeping. Stops ``until`` past the start."""
    stop = clock.now() + until
    while True:
        assert deliverer.wait_settled(10), "a post or retry is still running"
        due = deliverer.next_retry()
        if due is None or due > stop:
            return
        if due > clock.now():
            clock.set(due)
        # The timer hands it to a worker: wait for that before looking again.
        deadline = time.monotonic() + 10
        while deliverer.next_retry() == due and time.monotonic() < deadline:
            deliverer.wait_idle(0.01)


def ny(text: str) -> datetime:
    """``2003-10-15 09:45`` in New York."""
    return datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)
