"""Personal reminders at conference scale, against a fake Slack that enforces Slack's rate limits.

5,000 people each asked for a DM 15 minutes before one of ten parallel
sessions that all start in the same minute: 5,000 personal reminders due
within one minute. The app's real delivery path (ClockDrivenRunner, Deliverer,
SqlLedger, SlackNotifier over HTTP) sends them to the fake Slack Web API with
``enforce_rate_limits()`` on: a post past one a second in a channel or past
the app-wide posting cap is answered 429 with Retry-After.

Real time would take about 20 minutes (5,000 posts at the app's 300 a
minute, started 17 minutes ahead), so the reminders' clock, the pacer's clock
and the fake's rate counter all run ``--speed`` times faster than the wall
clock (the JSON says so): the HTTP calls, the database and the threads are
real, so the machine must keep up with ``5 × speed`` posts a second (app and
fake in one process). At 5× on a loaded two-core machine it did not: the
late ones were the backlog of a machine behind the accelerated clock.

Prints one JSON object: delivered, duplicated, late_past_lead (posted more
than a second after its due time, so less warning than asked; goal 0), marked_late (a minute or
more past due, which the message itself would call late), refused_429,
spread (first to last post, and how far ahead of due the first went, in
clock seconds), peak RSS (this process: app and fake together).

    python benchmarks/fanout.py                 # SQLite in a temp dir, --speed 3 (about 7 minutes)
    python benchmarks/fanout.py --people 500 --speed 20
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_sdk import WebClient  # noqa: E402

from bot.clock import AcceleratedClock  # noqa: E402
from bot.reminders import Deliverer, SqlLedger  # noqa: E402
from bot.reminders.pacing import OVERALL, PER_CHANNEL, REMINDER_LOOKAHEAD, PaceClock, Pacer  # noqa: E402
from bot.reminders.planner import Target  # noqa: E402
from bot.reminders.scheduler import ClockDrivenRunner  # noqa: E402
from bot.reminders.settings import add_subscription, set_policy  # noqa: E402
from handlers.slack.notifier import EVENT_TYPE, SlackNotifier  # noqa: E402
from store.agenda import save_meeting  # noqa: E402
from store.db import make_engine, make_sessionmaker, transaction, upgrade  # noqa: E402
from tests.fake_slack import BOT_TOKEN, FakeSlack  # noqa: E402
from tests.recording_notifier import meeting_at  # noqa: E402

LEAD_MINUTES = 15
ROOMS = 10
LATE_TOLERANCE = 1.0  # clock seconds


def run(people: int, speed: float, url: str | None) -> dict[str, object]:
    tmp = tempfile.TemporaryDirectory()
    url = url or f"sqlite:///{tmp.name}/fanout.db"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessionmaker(engine)

    # The sessions start 34.5 minutes after the clock starts (five seconds apart, all in one
    # minute), so their reminders fall due 19.5 minutes in: 5,000 at 300 a minute need 17.
    t0 = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    starts = [t0 + timedelta(minutes=34, seconds=30 + 5 * n) for n in range(ROOMS)]
    meeting = meeting_at(starts, slug="conference")
    with transaction(factory) as db:
        save_meeting(db, meeting, author="bench")
        set_policy(db, "conference", "off")  # personal reminders only
        for n in range(people):
            session = meeting.sessions[n % ROOMS]
            add_subscription(db, "conference", f"U{n:07d}", Target.for_session(session), LEAD_MINUTES)
    due = {s.title: s.starts_at.astimezone(UTC) - timedelta(minutes=LEAD_MINUTES) for s in meeting.sessions}

    with FakeSlack() as fake:
        mono0 = time.monotonic()
        fake.enforce_rate_limits(seconds=lambda: (time.monotonic() - mono0) * speed)
        clock = AcceleratedClock(t0, speed)
        pacer = Pacer(PER_CHANNEL, OVERALL, PaceClock(speed))
        client = WebClient(token=BOT_TOKEN, base_url=fake.base_url, timeout=10)
        deliverer = Deliverer(factory, SlackNotifier(client), SqlLedger(factory), clock=clock, pacer=pacer)
        runner = ClockDrivenRunner(deliverer, clock=clock, poll=0.2)
        started = time.monotonic()
        runner.start()
        last_due = max(due.values())
        # Until every reminder is posted, or the grace period has run out for the last one.
        deadline = last_due + deliverer.grace
        try:
            while clock.now() < deadline:
                if fake._ok_counts.get("chat.postMessage", 0) >= people:
                    break
                time.sleep(0.2)
            deliverer.wait_idle(30)
        finally:
            runner.stop()
            deliverer.close()
        elapsed = time.monotonic() - started
        posts = [c for c in fake.calls_to("chat.postMessage") if c.ok
                 and (c.args.get("metadata") or {}).get("event_type") == EVENT_TYPE]
        refused = len(fake.rate_limits.refused) if fake.rate_limits else 0

    def clock_at(call_at: float) -> datetime:
        return t0 + timedelta(seconds=(call_at - mono0) * speed)

    keys = Counter(str(c.args["metadata"]["event_payload"]["key"]) for c in posts)
    ahead: list[float] = []
    late = marked_late = 0
    after_due = 0.0
    for c in posts:
        # The delivery key ends with the due time: ``…/15m@2026-12-08T01:16:00Z``.
        due_at = datetime.fromisoformat(str(c.args["metadata"]["event_payload"]["key"]).rsplit("@", 1)[1])
        early = (due_at - clock_at(c.at)).total_seconds()
        ahead.append(early)
        # A reminder that needs no head start fires at its due time: the post's own round trip
        # (milliseconds, times the speed-up) is not lateness; a second is.
        late += early < -LATE_TOLERANCE
        after_due = max(after_due, -early)
        marked_late += early <= -60
    times = sorted(clock_at(c.at) for c in posts)
    engine.dispose()
    tmp.cleanup()
    return {
        "people": people,
        "reminders_due": people,
        "due_within_seconds": (max(due.values()) - min(due.values())).total_seconds(),
        "lead_minutes": LEAD_MINUTES,
        "clock": f"accelerated {speed:g}x: the reminders' clock, the pacer and the fake's rate counter",
        "wall_seconds": round(elapsed, 1),
        "delivered": len(keys),
        "duplicated": sum(n - 1 for n in keys.values()),
        "late_past_lead": late,
        "late_tolerance_seconds": LATE_TOLERANCE,
        "most_after_due_seconds": round(after_due, 2),
        "marked_late": marked_late,
        "refused_429": refused,
        "spread_seconds": round((times[-1] - times[0]).total_seconds(), 1) if times else None,
        "earliest_ahead_of_due_seconds": round(max(ahead), 1) if ahead else None,
        "latest_ahead_of_due_seconds": round(min(ahead), 1) if ahead else None,
        "app_rate_per_minute": OVERALL.per_second * 60,
        "lookahead_minutes": REMINDER_LOOKAHEAD.total_seconds() / 60,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--speed", type=float, default=3.0)
    parser.add_argument("--url", help="an empty database to migrate and use (default: SQLite in a temp dir)")
    args = parser.parse_args()
    print(json.dumps(run(args.people, args.speed, args.url), indent=2))


if __name__ == "__main__":
    main()
