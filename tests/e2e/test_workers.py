"""Production's shape for real: gunicorn with two workers on one database.

Both workers answer Slack; exactly one process fires reminders (the reminder
lock: a PostgreSQL advisory lock, or a lock file beside a SQLite database);
when that worker is SIGKILLed, gunicorn starts a new one and one of the
survivors takes the lock within 30 s, and every reminder still goes out
exactly once. Nothing here sleeps: it waits on the fake Slack's calls and on
gunicorn's log lines, each with a timeout.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from store import models
from store.agenda import save_meeting
from store.db import transaction
from store.values import Day, Meeting
from store.values import Session as AgendaSession
from tests.e2e.conftest import ALICE, SlackSender, http_request, make_mention, signed_poster
from tests.e2e.test_transports import Process, child_env
from tests.fake_slack import Call, FakeSlack
from tests.helpers import ROOT

CHANNEL = "C0WORKERS1"
SLUG = "workers-check"
TAKE_OVER = 30.0
LEADER_LINE = r"firing reminders as [^:\s]+:(\d+)"  # the promise: another process fires reminders within 30 s


def _meeting(first: datetime, second: datetime) -> Meeting:
    """Two sessions with a minute's lead: their reminders fall due during the test
    (split by day, in case the test runs across midnight UTC)."""
    days = sorted({first.date(), second.date()})
    return Meeting(
        slug=SLUG,
        title="Workers check",
        timezone="UTC",
        start_date=days[0],
        end_date=days[-1],
        days=tuple(
            Day(d, tuple(
                AgendaSession(title, d, start, start + timedelta(hours=1))
                for title, start in (("First session", first), ("Second session", second)) if start.date() == d
            ))
            for d in days
        ),
        reminder_lead_minutes=1,
    )


def _reminder_for(title: str) -> Callable[[Call], bool]:
    def matches(call: Call) -> bool:
        return call.args.get("channel") == CHANNEL and title in str(call.args.get("text", ""))

    return matches


@pytest.fixture
def gunicorn(settings: Settings, db_factory: sessionmaker[Session], tmp_path: Path) -> Iterator[Process]:
    env = child_env(settings)
    env.update(AGENDABOT_LOG_FORMAT="json")
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "metrics")
    process = Process(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "--bind", "127.0.0.1:0", "--workers", "2", "bot.wsgi:app"],
        env,
    )
    yield process
    process.stop()


def _wait_for(process: Process, pattern: str, since: int, timeout: float) -> str:
    """The first group of the first line from ``since`` on matching ``pattern``, waiting for it."""
    for line in process.seen[since:]:
        if found := re.search(pattern, line):
            return found.group(1)
    return process.wait_for_line(pattern, timeout=timeout).group(1)


def _roles_answering(base: str, rounds: int = 30, width: int = 16) -> dict[str, str]:
    """pid -> reminder role of the processes answering ``/readyz``, from bursts of
    concurrent requests (a sync worker serves one at a time, so a burst spreads)."""
    seen: dict[str, str] = {}
    with ThreadPoolExecutor(width) as pool:
        for _ in range(rounds):
            bodies = list(pool.map(lambda _: http_request(base + "/readyz").json(), range(width)))
            assert all(body["ok"] for body in bodies), bodies
            seen |= {body["process"].rsplit(":", 1)[1]: body["reminders"] for body in bodies}
            if len(seen) >= 2:
                break
    return seen


def _leader_gauge(base: str) -> dict[str, float]:
    text = http_request(base + "/metrics").body.decode()
    return {
        s.labels["pid"]: s.value for f in text_string_to_metric_families(text) for s in f.samples
        if s.name == "agendabot_reminder_leader"
    }


def _questions_answered(base: str) -> float:
    text = http_request(base + "/metrics").body.decode()
    return sum(
        s.value for f in text_string_to_metric_families(text) for s in f.samples
        if s.name == "agendabot_questions_answered_total"
    )


def test_two_workers_answer_and_exactly_one_fires_reminders_even_after_it_is_killed(
    settings: Settings, fake_slack: FakeSlack, db_factory: sessionmaker[Session], gunicorn: Process
) -> None:
    # Due (start - 1 minute) 20 s and 40 s from now: time to boot, then time to kill and take over.
    # Either may come a little late on a slow machine: the grace period covers that.
    now = datetime.now(UTC).replace(microsecond=0)
    first, second = now + timedelta(seconds=80), now + timedelta(seconds=100)
    with transaction(db_factory) as db:
        save_meeting(db, _meeting(first, second), author="test")
        db.execute(models.Meeting.__table__.update().where(models.Meeting.slug == SLUG).values(channel_id=CHANNEL))

    port = int(gunicorn.wait_for_line(r"Listening at: http://127\.0\.0\.1:(\d+)").group(1))
    base = f"http://127.0.0.1:{port}"
    leader = _wait_for(gunicorn, LEADER_LINE, 0, timeout=60)

    # Both workers serve HTTP, and each says whether it fires reminders.
    roles = _roles_answering(base)
    assert len(roles) == 2 and roles[leader] == "leader", (roles, leader)
    assert sorted(roles.values()) == ["leader", "standby"]
    assert _leader_gauge(base) == {pid: float(role == "leader") for pid, role in roles.items()}

    # Mentions are answered whichever worker takes them; /metrics adds up both workers.
    slack = SlackSender(signed_poster(base), fake_slack)
    mentions = [make_mention(f"agenda {i}", user=ALICE) for i in range(16)]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda m: slack.event(m).status, mentions))
    assert statuses == [200] * 16
    asked = {m["event"]["ts"] for m in mentions}
    fake_slack.wait_for("chat.postMessage", lambda c: c.args.get("thread_ts") in asked, count=16, timeout=60)
    with ThreadPoolExecutor(8) as pool:
        scrapes = list(pool.map(lambda _: _questions_answered(base), range(16)))
    assert scrapes == [16.0] * 16

    # The first reminder comes from the leader, once.
    fake_slack.wait_one("chat.postMessage", _reminder_for("First session"), timeout=60)

    # SIGKILL the leader: no clean shutdown, its lock goes with its connection (or its file).
    mark = len(gunicorn.seen)
    os.kill(int(leader), signal.SIGKILL)
    successor = _wait_for(gunicorn, LEADER_LINE, mark, timeout=TAKE_OVER)
    assert successor != leader
    # gunicorn reaps the dead worker (child_exit) before it boots the replacement.
    _wait_for(gunicorn, r"Booting worker with pid: (\d+)", mark, timeout=TAKE_OVER)
    gauge = _leader_gauge(base)
    assert leader not in gauge and gauge[successor] == 1.0 and sum(gauge.values()) == 1.0, gauge

    fake_slack.wait_one("chat.postMessage", _reminder_for("Second session"), timeout=90)
    reminders = [c for c in fake_slack.calls_to("chat.postMessage") if c.args.get("channel") == CHANNEL]
    assert sorted(c.args["text"].split(" starts")[0] for c in reminders) == ["First session", "Second session"]
    assert len({c.args["metadata"]["event_payload"]["key"] for c in reminders}) == 2

    # AGENDABOT_LOG_FORMAT=json: gunicorn's lines and the workers' alike, one object a line.
    logged = [json.loads(line) for line in gunicorn.seen]
    assert all({"time", "level", "logger", "message", "request_id"} <= set(entry) for entry in logged)
    assert {"gunicorn.error", "bot.reminders.service"} <= {entry["logger"] for entry in logged}
