"""Reminders under load. Prints one JSON object.

1. 10,000 reminders across 500 meetings (2 days x 8 sessions, a preview, the
   rapporteur's report and DM, one personal reminder each: 20 per meeting):
   the time to plan them, to schedule them into APScheduler's job store (the
   first start), and the scheduler's start-up time when they are already
   there (a restart).
2. 200 reminders due within 20 seconds, on the same scheduler with the 10,000
   others waiting, while a thread asks the Assistant 20 questions a second:
   lateness (due -> the notifier's post) p50/p99, delivered and duplicated.

    python benchmarks/reminders.py                        # SQLite in a temp dir
    python benchmarks/reminders.py --url postgresql+psycopg://.../scratch_db
    python benchmarks/reminders.py --transport slack      # through SlackNotifier to the fake Web API

The PostgreSQL database must exist and be empty: the script migrates it.
Goals: 200/200 delivered, 0 duplicates, lateness p99 < 100 ms, start-up < 3 s, RSS < 250 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402

from bot.assistant import Assistant  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.reminders import Deliverer, ReminderScheduler, SqlLedger  # noqa: E402
from bot.reminders.notifier import DeliveryReceipt, ReminderMessage  # noqa: E402
from bot.reminders.planner import Destination, Target  # noqa: E402
from bot.reminders.settings import add_subscription, set_policy, set_rapporteur  # noqa: E402
from store import models  # noqa: E402
from store.agenda import save_meeting  # noqa: E402
from store.db import make_engine, make_sessionmaker, transaction, upgrade  # noqa: E402
from store.values import Day, Item, ItemKind, Meeting, Session  # noqa: E402

QUESTIONS = ["agenda", "what's next?", "when is the rapporteur's report?", "help", "where is A/58/98?"]


class Recorder:
    """Records when each reminder reached the transport; counts keys to catch duplicates."""

    def __init__(self, inner: Any = None) -> None:
        self.inner = inner
        self.lateness: list[float] = []
        self.keys: Counter[str] = Counter()
        self._cond = threading.Condition()

    def post(self, destination: Destination, message: ReminderMessage) -> DeliveryReceipt:
        receipt = self.inner.post(destination, message) if self.inner else DeliveryReceipt()
        at = time.time()  # after the post: with --transport slack this includes the HTTP round trip
        with self._cond:
            self.keys[message.key] += 1
            if message.due is not None:
                self.lateness.append(at - message.due.timestamp())
            self._cond.notify_all()
        return receipt

    def find_sent(self, destination: Destination, key: str, since: datetime) -> bool:
        return self.inner.find_sent(destination, key, since) if self.inner else False

    def wait_for(self, count: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: sum(self.keys.values()) >= count, timeout)


def generated_meeting(n: int, first: date) -> Meeting:
    days = []
    for d in range(2):
        day = first + timedelta(days=d)
        sessions = []
        for s in range(8):
            start = datetime(day.year, day.month, day.day, 8 + s, 0, tzinfo=UTC)
            kind = ItemKind.RAPPORTEUR_REPORT if (d, s) == (1, 7) else ItemKind.DISCUSSION
            sessions.append(
                Session(
                    title=f"Session {s + 1}",
                    day=day,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=50),
                    items=(Item(title="Rapporteur's report" if kind is ItemKind.RAPPORTEUR_REPORT else f"Topic {s}",
                                number=str(s + 1), ordinal=1, kind=kind),),
                )
            )
        days.append(Day(date=day, sessions=tuple(sessions)))
    return Meeting(
        slug=f"bench-{n:04d}",
        title=f"Benchmark meeting {n}",
        timezone="UTC",
        start_date=days[0].date,
        end_date=days[-1].date,
        days=tuple(days),
    )


def soon_meeting(n: int, starts: list[datetime]) -> Meeting:
    day = starts[0].date()
    sessions = tuple(
        Session(title=f"Quick {i + 1}", day=day, starts_at=s, ends_at=s + timedelta(minutes=30))
        for i, s in enumerate(starts)
    )
    return Meeting(
        slug=f"soon-{n:02d}", title=f"Soon {n}", timezone="UTC", start_date=day, end_date=day,
        days=(Day(date=day, sessions=sessions),),
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: SQLite in a temp dir)")
    parser.add_argument("--meetings", type=int, default=500)
    parser.add_argument("--due", type=int, default=200, help="reminders due in the second phase")
    parser.add_argument("--window", type=float, default=20.0, help="seconds they fall due within")
    parser.add_argument("--qps", type=float, default=20.0, help="questions a second meanwhile")
    parser.add_argument("--transport", choices=["memory", "slack"], default="memory")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    url = args.url or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessionmaker(engine)

    # --- setup (not timed): 500 meetings, a month ahead ---------------------------------------
    first = datetime.now(UTC).date() + timedelta(days=30)
    for n in range(args.meetings):
        meeting = generated_meeting(n, first + timedelta(days=n % 28))
        with transaction(factory) as db:
            save_meeting(db, meeting, author="bench")
            db.execute(
                models.Meeting.__table__.update().where(models.Meeting.slug == meeting.slug).values(channel_id="C1")
            )
            set_rapporteur(db, meeting.slug, "URAPP")
            add_subscription(db, meeting.slug, f"U{n}", Target.for_session(meeting.sessions[0]), 10)

    fake = None
    inner = None
    if args.transport == "slack":
        from slack_sdk import WebClient

        from handlers.slack.notifier import SlackNotifier
        from tests.fake_slack import BOT_TOKEN, FakeSlack

        fake = FakeSlack().start()
        inner = SlackNotifier(WebClient(token=BOT_TOKEN, base_url=fake.base_url))
    recorder = Recorder(inner)

    # --- plan ---------------------------------------------------------------------------------
    deliverer = Deliverer(factory, recorder, SqlLedger(factory), clock=SystemClock(), workers=8)
    t0 = time.perf_counter()
    planned = sum(len(deliverer.plan_for(slug)[1]) for slug in deliverer.meetings_reaching(datetime.now(UTC)))  # type: ignore[index]
    plan_seconds = time.perf_counter() - t0

    # --- schedule (first start: every job inserted) -------------------------------------------
    deliverer = Deliverer(factory, recorder, SqlLedger(factory), clock=SystemClock(), workers=8)
    scheduler = ReminderScheduler(engine, deliverer)
    t0 = time.perf_counter()
    scheduler.start()
    schedule_seconds = time.perf_counter() - t0
    with engine.connect() as conn:
        jobs = conn.execute(text("SELECT count(*) FROM apscheduler_jobs")).scalar()
    scheduler.shutdown()
    deliverer.close()

    # --- restart (jobs already in the store) --------------------------------------------------
    deliverer = Deliverer(factory, recorder, SqlLedger(factory), clock=SystemClock(), workers=8)
    scheduler = ReminderScheduler(engine, deliverer)
    t0 = time.perf_counter()
    scheduler.start()
    startup_seconds = time.perf_counter() - t0

    # --- 200 due within 20 s while answering 20 questions a second -----------------------------
    per_meeting = 20
    meetings = max(1, args.due // per_meeting)
    begin = datetime.now(UTC) + timedelta(seconds=2)
    for m in range(meetings):
        starts = [
            begin + timedelta(minutes=15, seconds=args.window * (m * per_meeting + i) / args.due)
            for i in range(per_meeting)
        ]
        meeting = soon_meeting(m, starts)
        with transaction(factory) as db:
            save_meeting(db, meeting, author="bench")
            db.execute(
                models.Meeting.__table__.update().where(models.Meeting.slug == meeting.slug).values(channel_id="C1")
            )
            set_policy(db, meeting.slug, "15m")
        scheduler.sync(meeting.slug)  # as the app does after an agenda change

    assistant = Assistant(factory, SystemClock())
    answer_times: list[float] = []
    stop = threading.Event()

    def ask() -> None:
        n = 0
        start = time.monotonic()
        while not stop.is_set():
            t = time.perf_counter()
            assistant.ask(QUESTIONS[n % len(QUESTIONS)], meeting="bench-0000")
            answer_times.append(time.perf_counter() - t)
            n += 1
            stop.wait(max(0.0, start + n / args.qps - time.monotonic()))

    asker = threading.Thread(target=ask, daemon=True)
    asker.start()
    expected = meetings * per_meeting
    recorder.wait_for(expected, timeout=args.window + 30)
    deliverer.wait_idle(10)
    stop.set()
    asker.join(5)
    scheduler.shutdown()
    deliverer.close()
    with factory() as db:
        sent = db.scalar(
            select(func.count()).select_from(models.ReminderDelivery).where(models.ReminderDelivery.status == "sent")
        )
    if fake is not None:
        fake.stop()

    soon = [lat for lat in recorder.lateness if lat > -5]  # the phase-2 reminders (phase 1 sent none)
    result = {
        "database": engine.url.get_backend_name(),
        "transport": args.transport,
        "meetings": args.meetings,
        "reminders_planned": planned,
        "plan_seconds": round(plan_seconds, 3),
        "schedule_seconds": round(schedule_seconds, 3),
        "jobs_in_store": jobs,
        "startup_seconds": round(startup_seconds, 3),
        "due_reminders": expected,
        "due_window_seconds": args.window,
        "delivered": len(recorder.keys),
        "duplicated": sum(c - 1 for c in recorder.keys.values() if c > 1),
        "recorded_sent": sent,
        "lateness_ms_p50": round(statistics.median(soon) * 1000, 1) if soon else None,
        "lateness_ms_p99": round(percentile(soon, 99) * 1000, 1) if soon else None,
        "lateness_ms_max": round(max(soon) * 1000, 1) if soon else None,
        "questions_answered": len(answer_times),
        "questions_per_second": args.qps,
        "answer_ms_p50": round(statistics.median(answer_times) * 1000, 1) if answer_times else None,
        "answer_ms_p99": round(percentile(answer_times, 99) * 1000, 1) if answer_times else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    result["goals_met"] = bool(
        result["delivered"] == expected
        and result["duplicated"] == 0
        and (result["lateness_ms_p99"] or 1e9) < 100
        and startup_seconds < 3
        and result["peak_rss_mb"] < 250
    )
    print(json.dumps(result, indent=2))
    engine.dispose()
    tmp.cleanup()
    return 0 if result["goals_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
