"""Reminders through faults: all delivered within grace, none twice. Prints one JSON object.

Three scenarios, each with N reminders due (N sessions, their 15-minute
reminders in one channel) and posted through SlackNotifier to the fake Slack
Web API (tests/fake_slack.py), the truth for what was kept and how often:

1. ``slack_outage``: for 45 s every chat.postMessage fails; for its first 5 s
   Slack keeps the message behind the 500 (the case a blind retry doubles),
   then keeps nothing.
2. ``rate_limited``: for 20 s every chat.postMessage answers 429 with
   Retry-After: 5.
3. ``database_lock``: another connection holds SQLite's write lock for 8 s
   from just before the reminders fall due (production busy_timeout, 5 s):
   the claim, the ledger and APScheduler's own job removal fail meanwhile.
   One more reminder falls due after the lock, to show the loop lived on.

Clocks: 1 and 2 run on an accelerated clock (``--speed``, default 10: a 45 s
outage takes 4.5 s of real time; retries, Retry-After, the 30 s settle and the
10-minute grace all run on that clock through the console's clock-driven
runner). 3 runs on real time, on the production path (APScheduler, SQLite),
because a lock only fails statements once busy_timeout has really passed.
Lateness is measured on each scenario's clock, due -> the post that went
through or the history search that found it (an upper bound).

    python benchmarks/faults.py [--reminders N] [--speed X]

Goal: every scenario delivered == N, duplicated == 0, within_grace == N.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_sdk import WebClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bot.clock import AcceleratedClock, Clock, SystemClock  # noqa: E402
from bot.reminders import DEFAULT_GRACE, ReminderService  # noqa: E402
from bot.reminders.notifier import DeliveryReceipt, ReminderMessage  # noqa: E402
from bot.reminders.planner import Destination  # noqa: E402
from bot.reminders.settings import set_policy  # noqa: E402
from handlers.slack.notifier import SlackNotifier  # noqa: E402
from store import models  # noqa: E402
from store.agenda import save_meeting  # noqa: E402
from store.db import make_engine, make_sessionmaker, transaction, upgrade  # noqa: E402
from tests.fake_slack import BOT_TOKEN, FakeSlack  # noqa: E402
from tests.recording_notifier import meeting_at  # noqa: E402

FINAL = ("sent", "failed", "skipped")


class Timed:
    """SlackNotifier that notes, on the scenario's clock, when each key was known delivered."""

    def __init__(self, inner: SlackNotifier, clock: Clock) -> None:
        self.inner = inner
        self.clock = clock
        self.delivered_at: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def _note(self, key: str) -> None:
        with self._lock:
            self.delivered_at.setdefault(key, self.clock.now())

    def post(self, destination: Destination, message: ReminderMessage) -> DeliveryReceipt:
        receipt = self.inner.post(destination, message)
        self._note(message.key)
        return receipt

    def find_sent(self, destination: Destination, key: str, since: datetime) -> bool:
        found = self.inner.find_sent(destination, key, since)
        if found:
            self._note(key)
        return found


def _database(tmp: Path, name: str) -> str:
    url = f"sqlite:///{tmp / name}.db"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def _meeting(url: str, first_due: datetime, n: int, spread: float, extra: list[float] = ()) -> None:  # type: ignore[assignment]
    """``n`` sessions whose reminders fall due from ``first_due`` over ``spread`` seconds, and extras."""
    offsets = [spread * i / max(1, n - 1) for i in range(n)] + list(extra)
    starts = [first_due + timedelta(minutes=15, seconds=s) for s in offsets]
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    with transaction(factory) as db:
        save_meeting(db, meeting_at(starts, slug="faults"), author="benchmark")
        db.execute(models.Meeting.__table__.update().values(channel_id="C1"))
        set_policy(db, "faults", "15m")
    engine.dispose()


def _at(clock: Clock, moment: datetime, then: Callable[[], None]) -> threading.Thread:
    """Run ``then`` when ``clock`` reaches ``moment`` (real waiting, on any clock)."""

    def wait() -> None:
        until = getattr(clock, "real_seconds_until", None)
        seconds = until(moment) if until else (moment - clock.now()).total_seconds()
        threading.Event().wait(max(0.0, seconds))
        then()

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    return thread


def _run(
    name: str, url: str, clock: Clock, slack: FakeSlack, expected: int, due: list[datetime],
    real_limit: float,
) -> dict[str, Any]:
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    notifier = Timed(SlackNotifier(WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=5)), clock)
    service = ReminderService(engine, notifier, clock=clock, poll_interval=0.2, lock_retry=0.2)
    started = time.monotonic()
    service.start()
    statuses: dict[str, str] = {}
    try:
        while time.monotonic() - started < real_limit:
            with factory() as db:
                statuses = dict(db.execute(select(models.ReminderDelivery.key, models.ReminderDelivery.status)).all())
            if len(statuses) >= expected and all(s in FINAL for s in statuses.values()):
                break
            threading.Event().wait(0.2)
        role = service.role()
    finally:
        service.stop()
        engine.dispose()
    kept = Counter(
        m["metadata"]["event_payload"]["key"] for m in slack.history("C1") if "metadata" in m
    )
    by_key = {k.split("@", 1)[0]: k for k in statuses}
    late = []
    for key, at in notifier.delivered_at.items():
        when = datetime.fromisoformat(key.split("@", 1)[1].replace("Z", "+00:00"))
        late.append((at - when).total_seconds())
    calls = Counter(f"{c.method} {c.status}" for c in slack.calls if c.method.startswith(("chat.", "conversations.")))
    return {
        "scenario": name,
        "clock": "real time" if isinstance(clock, SystemClock) else f"accelerated x{clock._speed:g}",  # type: ignore[attr-defined]
        "reminders": expected,
        "delivered": len(kept),
        "duplicated": sum(c - 1 for c in kept.values() if c > 1),
        "within_grace": sum(1 for s in late if s <= DEFAULT_GRACE.total_seconds()),
        "late_seconds_p50": round(statistics.median(late), 1) if late else None,
        "late_seconds_max": round(max(late), 1) if late else None,
        "ledger": dict(Counter(statuses.values())),
        "still_leading": role,
        "slack_calls": dict(sorted(calls.items())),
        "real_seconds": round(time.monotonic() - started, 1),
        "keys_seen": len(by_key),
    }


def slack_outage(tmp: Path, n: int, speed: float) -> dict[str, Any]:
    start = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
    first_due = start + timedelta(seconds=5)
    url = _database(tmp, "outage")
    _meeting(url, first_due, n, spread=3.0)
    clock = AcceleratedClock(start, speed)  # set going once the database is ready
    with FakeSlack() as slack:
        kept = slack.faults.server_error("chat.postMessage", kept=True, channel="C1")
        lost = None

        def kept_ends() -> None:
            nonlocal lost
            lost = slack.faults.server_error("chat.postMessage", kept=False, channel="C1")
            slack.faults.remove(kept)

        _at(clock, first_due - timedelta(seconds=1) + timedelta(seconds=5), kept_ends)
        _at(clock, first_due - timedelta(seconds=1) + timedelta(seconds=45), lambda: slack.faults.clear())
        result = _run("slack_outage_45s", url, clock, slack, n, [], real_limit=DEFAULT_GRACE.total_seconds() / speed + 30)
    result["fault"] = "chat.postMessage 500 for 45 s (kept for the first 5 s, then not)"
    return result


def rate_limited(tmp: Path, n: int, speed: float) -> dict[str, Any]:
    start = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
    first_due = start + timedelta(seconds=5)
    url = _database(tmp, "ratelimit")
    _meeting(url, first_due, n, spread=3.0)
    clock = AcceleratedClock(start, speed)  # set going once the database is ready
    with FakeSlack() as slack:
        slack.faults.ratelimit("chat.postMessage", retry_after=5, channel="C1")
        _at(clock, first_due - timedelta(seconds=1) + timedelta(seconds=20), lambda: slack.faults.clear())
        result = _run("rate_limited_20s", url, clock, slack, n, [], real_limit=DEFAULT_GRACE.total_seconds() / speed + 30)
    result["fault"] = "chat.postMessage 429 Retry-After: 5 for 20 s"
    return result


def database_lock(tmp: Path, n: int) -> dict[str, Any]:
    clock = SystemClock()
    first_due = clock.now() + timedelta(seconds=6)
    url = _database(tmp, "lock")
    # N due together, and one due after the lock: the loop must still be alive to fire it.
    _meeting(url, first_due, n, spread=2.0, extra=[14.0])
    path = url.removeprefix("sqlite:///")
    held: dict[str, float] = {}

    def hold_the_lock() -> None:  # one thread: a sqlite3 connection stays on the thread that made it
        threading.Event().wait(max(0.0, (first_due - timedelta(seconds=0.5) - clock.now()).total_seconds()))
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        held["from"] = time.monotonic()
        threading.Event().wait(8.0)
        other.execute("ROLLBACK")
        held["seconds"] = round(time.monotonic() - held["from"], 2)
        other.close()

    locker = threading.Thread(target=hold_the_lock, daemon=True)
    locker.start()
    with FakeSlack() as slack:
        result = _run("database_lock_8s", url, clock, slack, n + 1, [], real_limit=60)
    locker.join(5)
    result["fault"] = "SQLite write lock held by another connection for 8 s (busy_timeout 5 s)"
    result["lock_held_seconds"] = held.get("seconds")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=30, help="N reminders due in each scenario")
    parser.add_argument("--speed", type=float, default=10.0, help="the accelerated clock's speed (Slack scenarios)")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        scenarios = [
            slack_outage(Path(tmp), args.reminders, args.speed),
            rate_limited(Path(tmp), args.reminders, args.speed),
            database_lock(Path(tmp), args.reminders),
        ]
    ok = all(
        s["delivered"] == s["reminders"] and s["duplicated"] == 0 and s["within_grace"] == s["reminders"]
        for s in scenarios
    )
    print(json.dumps({"ok": ok, "scenarios": scenarios, "real_seconds": round(time.monotonic() - started, 1)},
                     indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
