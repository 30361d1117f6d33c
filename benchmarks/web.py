"""The agenda page and calendar feed under gunicorn: latency at a fixed rate, beside ``/healthz``.

Builds a conference of 1,000 timed items (5 days, 4 rooms, 10 sessions a day,
20 talks each, every talk with a room and a speaker) in a fresh database
(SQLite in a temporary directory, or ``--postgres URL``), makes it public, and
starts ``gunicorn bot.wsgi:app`` as deployed (``deploy/gunicorn.conf.py``)
against the fake Slack Web API (tests/fake_slack.py; only ``auth.test`` is
asked). Then, for each path in turn, sends requests at a fixed rate (an open
loop: each request leaves at its own scheduled time, whatever the previous
ones are doing) and measures from that scheduled time to the last byte, so
queueing counts:

- ``healthz``: ``GET /healthz``, the floor (it commits a one-row write: measured last);
- ``page``: ``GET /m/<slug>``, the whole HTML page;
- ``feed``: ``GET /m/<slug>.ics``, the whole calendar;
- ``page_304``, ``feed_304``: asked again as browsers and calendars do, with ``If-None-Match``;
- ``page_gzip``, ``feed_gzip``: both with ``Accept-Encoding: gzip``, as browsers
  and calendar apps ask.

Then ``after_change``: one talk moved (a new revision, as ``/agenda move``
makes), and the first page and feed asked after it, one at a time, timed: the
price of a change, paid once per worker (every answer is cached per revision).
Beside the wall time, the workers' CPU time for each (in clock ticks of 10 ms):
on a shared machine the wall time swings with the neighbours' load, the CPU
time much less. The goal is a first feed under 150 ms for the 1,000 talks.

Prints one JSON object: per path the rate achieved, p50/p90/p99/max in ms,
errors, the body size and the gunicorn workers' CPU time per request (user +
system, from /proc: what the server spends, which a busy machine delays but
does not inflate); the goal is page and feed p99 under 20 ms at 200
requests/s. The machine may be shared: the load average before and after
says how far from idle it was.

    python benchmarks/web.py [--rate 200] [--seconds 10] [--warmup 3] [--workers 2] [--postgres URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load import drop_database, fresh_database, gunicorn  # noqa: E402
from benchmarks.slack_e2e import ROOT, SECRET  # noqa: E402
from tests.fake_slack import BOT_TOKEN, FakeSlack  # noqa: E402

SLUG = "bench-conference"
GOAL_P99_MS = 20.0
GZIP = {"Accept-Encoding": "gzip"}  # as browsers and calendar apps ask


def conference() -> Any:
    """1,000 talks: 5 days x 10 sessions (4 rooms, morning and afternoon slots) x 20 talks."""
    from store.values import Day, Item, ItemKind, Meeting, Person, Role, Session

    zone = ZoneInfo("Europe/Brussels")
    first = date(2027, 2, 1)
    days = []
    number = 0
    for d in range(5):
        day = first + timedelta(days=d)
        sessions = []
        for s in range(10):
            room = f"Room {chr(ord('A') + s % 4)}{s // 4}"
            start = datetime(day.year, day.month, day.day, 9 if s < 5 else 14, 0, tzinfo=zone)
            items = []
            for t in range(20):
                number += 1
                at = start + timedelta(minutes=12 * t)
                items.append(Item(
                    title=f"Talk {number}: measuring agendas at scale, part {t + 1}", number=str(number),
                    ordinal=t + 1, kind=ItemKind.PRESENTATION, starts_at=at, ends_at=at + timedelta(minutes=10),
                    room=room, people=(Person(f"Speaker {number}", Role.SPEAKER, "Some University"),),
                ))
            sessions.append(Session(title=f"Track {s + 1}", day=day, starts_at=start,
                                    ends_at=start + timedelta(hours=4), room=room, items=tuple(items)))
        days.append(Day(day, tuple(sessions)))
    return Meeting(slug=SLUG, title="Benchmark Conference 2027", timezone="Europe/Brussels",
                   start_date=first, end_date=first + timedelta(days=4), venue="Brussels", days=tuple(days))


def prepare(database: str) -> int:
    """The conference stored and public; how many items it has."""
    from bot import publishing
    from store.agenda import save_meeting
    from store.db import make_engine, make_sessionmaker, transaction, upgrade

    engine = make_engine(database)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    meeting = conference()
    with transaction(factory) as db:
        save_meeting(db, meeting, author="benchmark", source="benchmarks/web.py")
        publishing.set_public(db, SLUG, True)
    engine.dispose()
    return len(meeting.items())


def move_a_talk(database: str) -> None:
    """A new revision: the conference with its first talk five minutes later."""
    import dataclasses

    from store.agenda import load_meeting, save_meeting
    from store.db import make_engine, make_sessionmaker, transaction

    engine = make_engine(database)
    factory = make_sessionmaker(engine)
    with transaction(factory) as db:
        meeting = load_meeting(db, SLUG)
        assert meeting is not None
        day = meeting.days[0]
        session = day.sessions[0]
        talk = session.items[0]
        assert talk.starts_at is not None and talk.ends_at is not None
        later = dataclasses.replace(talk, starts_at=talk.starts_at + timedelta(minutes=5),
                                    ends_at=talk.ends_at + timedelta(minutes=5))
        session = dataclasses.replace(session, items=(later, *session.items[1:]))
        day = dataclasses.replace(day, sessions=(session, *day.sessions[1:]))
        save_meeting(db, dataclasses.replace(meeting, days=(day, *meeting.days[1:])), author="benchmark")
    engine.dispose()


def _timed(port: int, path: str) -> float:
    began = time.perf_counter()
    status, _ = _get(port, path, {}, timeout=120)
    assert status == 200, (path, status)
    return round((time.perf_counter() - began) * 1000, 1)


def _get(port: int, path: str, headers: dict[str, str], timeout: float = 10.0) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU time of ``master``'s child processes (the gunicorn workers), from /proc."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def run(port: int, path: str, headers: dict[str, str], rate: float, seconds: float) -> dict[str, Any]:
    """Requests at ``rate`` per second for ``seconds``; latency from each one's scheduled start."""
    count = int(rate * seconds)
    latencies: list[float] = []
    errors: list[str] = []
    sizes: list[int] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def one(i: int) -> None:
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        try:
            status, size = _get(port, path, headers)
            ok = status in (200, 304)
        except OSError as exc:
            status, size, ok = 0, 0, False
            with lock:
                errors.append(type(exc).__name__)
        took = (time.perf_counter() - due) * 1000
        with lock:
            latencies.append(took)
            sizes.append(size)
            if not ok and status:
                errors.append(str(status))

    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(one, range(count)))
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 2)

    return {
        "requests": count, "rate_achieved": round(count / elapsed, 1), "errors": len(errors),
        "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "max_ms": round(ordered[-1], 2),
        "mean_ms": round(statistics.fmean(ordered), 2), "body_bytes": max(sizes) if sizes else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per path")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds per path sent first, not measured")
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL to use instead of SQLite "
                        "(as several workers are deployed)")
    args = parser.parse_args()

    load_before = round(os.getloadavg()[0], 2)
    scratch = tempfile.mkdtemp(prefix="agendabot-web-bench-")
    if args.postgres:
        name, database = fresh_database(args.postgres)
    else:
        name, database = "", f"sqlite:///{scratch}/bench.db"
    report: dict[str, Any] = {"cpus": os.cpu_count(), "rate": args.rate, "seconds": args.seconds,
                              "workers": args.workers, "database": "postgresql" if args.postgres else "sqlite",
                              "goal_p99_ms": GOAL_P99_MS, "paths": {}}
    child = None
    try:
        report["items"] = prepare(database)
        with FakeSlack() as fake:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AGENDABOT_", "PROMETHEUS_"))}
            env.update(AGENDABOT_DATABASE_URL=database, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET,
                       SLACK_API_URL=fake.base_url, PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT))
            child = gunicorn("bot.wsgi:app", args.workers, env)
            port = child.port()
            for warm in (f"/m/{SLUG}", f"/m/{SLUG}.ics"):  # the first renders, one at a time
                _get(port, warm, {}, timeout=120)
            etags = {}
            for path in (f"/m/{SLUG}", f"/m/{SLUG}.ics"):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path)
                etags[path] = conn.getresponse().getheader("ETag") or ""
                conn.close()
            # /healthz last: it commits a write (the disk-full probe), and on SQLite a backlog of
            # those would spill into whatever is measured next.
            paths = {
                "page": (f"/m/{SLUG}", {}),
                "feed": (f"/m/{SLUG}.ics", {}),
                "page_304": (f"/m/{SLUG}", {"If-None-Match": etags[f"/m/{SLUG}"]}),
                "feed_304": (f"/m/{SLUG}.ics", {"If-None-Match": etags[f"/m/{SLUG}.ics"]}),
                "page_gzip": (f"/m/{SLUG}", GZIP),
                "feed_gzip": (f"/m/{SLUG}.ics", GZIP),
                "healthz": ("/healthz", {}),
            }
            # A discarded round first: every worker has rendered both, and the start-up work beside
            # the requests (the reminder service planning 1,000 items) is done.
            for path, headers in paths.values():
                run(port, path, headers, args.rate, args.warmup)
            for label, (path, headers) in paths.items():
                time.sleep(2)  # whatever the previous path left queued is done
                cpu = workers_cpu_seconds(child.popen.pid)
                figures = run(port, path, headers, args.rate, args.seconds)
                figures["server_cpu_ms_per_request"] = round(
                    (workers_cpu_seconds(child.popen.pid) - cpu) * 1000 / figures["requests"], 3)
                report["paths"][label] = figures
            move_a_talk(database)
            report["after_change_first_ms"], report["after_change_first_server_cpu_ms"] = {}, {}
            for label, path in (("page", f"/m/{SLUG}"), ("feed", f"/m/{SLUG}.ics")):
                time.sleep(1)  # the workers idle, so their CPU time is this request's
                cpu = workers_cpu_seconds(child.popen.pid)
                report["after_change_first_ms"][label] = _timed(port, path)
                report["after_change_first_server_cpu_ms"][label] = round(
                    (workers_cpu_seconds(child.popen.pid) - cpu) * 1000, 1)
    finally:
        if child is not None:
            child.stop()
        if name:
            drop_database(args.postgres, name)
    measured = report["paths"]
    report["goal_met"] = all(measured[p]["p99_ms"] < GOAL_P99_MS and measured[p]["errors"] == 0
                             for p in ("page", "feed", "page_304", "feed_304", "page_gzip", "feed_gzip")
                             if p in measured)
    report["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    # The machine may be shared: its load says how far the figures are from an idle one's.
    report["load_average_1m_before_after"] = [load_before, round(os.getloadavg()[0], 2)]
    print(json.dumps(report, indent=2))
    return 0 if report["goal_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
