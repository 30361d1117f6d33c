"""Send → answer latency of the Slack app over real HTTP, against a bare Bolt echo app.

Starts the fake Slack Web API (tests/fake_slack.py) here, then each app as a
child process behind the same threaded HTTP server (``bot.app.make_http_server``):

- ``agendabot``: ``python -m bot.cli serve --http --port 0`` on a fresh SQLite
  store holding the sample meeting;
- ``echo``: a bare Bolt app (defaults everywhere) whose only listener posts the
  mention's text back in its thread.

Both apps run side by side. Each warms up (one mention per simulated
participant, so the ``users.info`` cache is as it is in a running meeting),
then each gets N signed ``app_mention`` events carrying real participants'
questions at a steady 20/s and then 200/s, and the time is measured from just
before each request is sent to the arrival of the answer (``chat.postMessage``
with that thread) at the fake. The N mentions of a rate go in ``--rounds``
turns that alternate between the apps (echo first in odd rounds, agendabot in
even ones), so a burst of load from elsewhere on the machine falls on both
rather than on whichever app happened to be measured then. Prints one JSON
object: per rate and app p50/p99/max and lost answers, the ratios
agendabot/echo, whether the goals (p50 ≤ 1.5×, p99 ≤ 2×, nothing lost) were
met, and the machine's load average before and after.

With ``--oauth`` agendabot runs as "Add to Slack" installs it (``SLACK_CLIENT_ID``;
its workspace's token in the installation tables, the meeting in that
workspace), so the report shows what Bolt's per-request authorization and the
workspace scoping cost.

    python benchmarks/slack_e2e.py [--count 1000] [--rates 20,200] [--rounds 5] [--oauth]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fake_slack import (  # noqa: E402
    APP_ID,
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    TEAM_ID,
    FakeSlack,
)

SECRET = "benchmark-signing-secret"
PARTICIPANTS = 50
SENDERS = 32
QUESTIONS = [
    "agenda",
    "what's next?",
    "when is the rapporteur's report?",
    "what is item IX?",
    "where is A/58/98?",
    "what's in the afternoon session?",
    "help",
    "when does the meeting start tomorrow?",
    "which session covers remittances?",
    "what documents are there for item IV?",
]
GOALS = {"p50_ratio": 1.5, "p99_ratio": 2.0, "lost": 0}


# --- the bare Bolt echo app (run as a child: --serve-echo) ---------------------------------


def serve_echo(port: int) -> None:
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.app import make_http_server
    from bot.config import Settings

    settings = Settings.from_env()
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):  # --oauth: Bolt would turn OAuth on from these
        os.environ.pop(name, None)
    app = App(signing_secret=settings.slack_signing_secret,
              client=WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url))

    @app.event("app_mention")
    def echo(event: dict[str, Any], client: WebClient) -> None:
        client.chat_postMessage(channel=event["channel"], thread_ts=event["ts"], text=event["text"])

    from slack_bolt.adapter.wsgi import SlackRequestHandler

    server = make_http_server(SlackRequestHandler(app), "127.0.0.1", port)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    sys.stderr.write(f"echo listening on http://127.0.0.1:{server.server_port}/slack/events\n")
    sys.stderr.flush()
    server.serve_forever(0.1)


# --- the harness ---------------------------------------------------------------------------


class Child:
    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.popen = subprocess.Popen(args, env=env, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                      text=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.tail: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.popen.stderr is not None
        for line in self.popen.stderr:
            self.lines.put(line)
            self.tail = (self.tail + [line])[-20:]
        self.lines.put(None)

    def port(self, timeout: float = 60.0) -> int:
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if line is None:
                raise RuntimeError("the app exited: " + "".join(self.tail))
            if found := re.search(r"listening on http://[\d.]+:(\d+)/slack/events", line):
                return int(found.group(1))

    def stop(self) -> None:
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.popen.kill()


def mention(user: str, question: str, ts: str, event_id: str) -> str:
    return json.dumps({
        "token": "x", "team_id": "T0AGENDA1", "api_app_id": "A0AGENDABOT", "type": "event_callback",
        "event_id": event_id, "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0AGENDA1", "user_id": BOT_USER_ID, "is_bot": True}],
        "event": {"type": "app_mention", "user": user, "channel": "C0BENCH001", "ts": ts, "event_ts": ts,
                  "text": f"<@{BOT_USER_ID}> {question}"},
    })


def post(port: int, body: str) -> int:
    ts = str(int(time.time()))
    signature = "v0=" + hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/slack/events", body=body.encode(), headers={
            "Content-Type": "application/json", "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Run:
    """One app under load: send at a steady rate, match answers to mentions by thread."""

    def __init__(self, fake: FakeSlack, port: int, name: str) -> None:
        self.fake = fake
        self.port = port
        self.name = name
        self.counter = 0

    def _ts(self) -> str:
        self.counter += 1
        return f"{int(time.time())}.{self.counter:06d}"

    def phase(self, rate: float, count: int, users: list[str]) -> Sample:
        before = len(self.fake.calls_to("chat.postMessage"))
        jobs = [(self._ts(), users[i % len(users)], QUESTIONS[i % len(QUESTIONS)]) for i in range(count)]
        sent: dict[str, float] = {}
        acks: list[float] = []
        errors = 0
        lock = threading.Lock()
        start = time.monotonic() + 0.2

        def send(index: int) -> None:
            nonlocal errors
            ts, user, question = jobs[index]
            body = mention(user, question, ts, f"Ev{self.name}{ts.replace('.', '')}")
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)  # pacing the load generator, not waiting for a result
            began = time.monotonic()
            sent[ts] = began
            try:
                status = post(self.port, body)
            except OSError:
                status = 0
            with lock:
                acks.append(time.monotonic() - began)
                errors += status != 200

        with ThreadPoolExecutor(SENDERS) as pool:
            list(pool.map(send, range(count)))
        self.fake.wait_count("chat.postMessage", before + count, timeout=60)
        answers = {c.args.get("thread_ts"): c.at for c in self.fake.calls_to("chat.postMessage")[before:]}
        asked = {ts: question for ts, _, question in jobs}
        sample = Sample(sent=count, errors=errors, acks_ms=[a * 1000 for a in acks],
                        first=min(sent.values()), last=max(sent.values()))
        for ts, began in sent.items():
            if ts in answers:
                latency = (answers[ts] - began) * 1000
                sample.latencies_ms.append(latency)
                sample.by_question.setdefault(asked[ts], []).append(latency)
        return sample


@dataclass
class Sample:
    """What one app's turns at one rate measured, before it is summarised."""

    sent: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    acks_ms: list[float] = field(default_factory=list)
    by_question: dict[str, list[float]] = field(default_factory=dict)
    first: float = 0.0
    last: float = 0.0
    busy_s: float = 0.0  # time spent sending, summed over the turns (for the achieved rate)

    def add(self, other: Sample) -> None:
        self.sent += other.sent
        self.errors += other.errors
        self.latencies_ms += other.latencies_ms
        self.acks_ms += other.acks_ms
        for question, values in other.by_question.items():
            self.by_question.setdefault(question, []).extend(values)
        self.busy_s += other.last - other.first

    def summary(self) -> dict[str, Any]:
        latencies = self.latencies_ms
        return {
            "sent": self.sent,
            "answered": len(latencies),
            "lost": self.sent - len(latencies),
            "http_errors": self.errors,
            "p50_ms": round(percentile(latencies, 0.50), 2) if latencies else None,
            "p99_ms": round(percentile(latencies, 0.99), 2) if latencies else None,
            "max_ms": round(max(latencies), 2) if latencies else None,
            "mean_ms": round(statistics.fmean(latencies), 2) if latencies else None,
            "ack_p99_ms": round(percentile(self.acks_ms, 0.99), 2) if self.acks_ms else None,
            # Over the time spent sending: the pauses between turns do not count.
            "achieved_rate": round(self.sent / (self.busy_s + 1e-9), 1),
            "p50_ms_by_question": {q: round(percentile(v, 0.5), 2) for q, v in self.by_question.items()},
        }


def run_apps(apps: dict[str, list[str]], env: dict[str, str], fake: FakeSlack, rates: list[float], count: int,
             rounds: int) -> dict[str, dict[str, dict[str, Any]]]:
    """Start every app, warm each up, then give them turns at each rate; per app, per rate, a summary."""
    children = {name: Child(args, env) for name, args in apps.items()}
    try:
        runs = {name: Run(fake, child.port(), name) for name, child in children.items()}
        users = [f"U0BENCH{n:03d}" for n in range(PARTICIPANTS)]
        for run in runs.values():
            run.phase(50, len(users), users)  # warm-up: every participant once
        results: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in apps}
        for rate in rates:
            samples = {name: Sample() for name in apps}
            turns = [count // rounds + (1 if r < count % rounds else 0) for r in range(rounds)]
            for r, turn in enumerate(turns):
                order = list(runs) if r % 2 == 0 else list(reversed(runs))
                for name in order:
                    samples[name].add(runs[name].phase(rate, turn, users))
            for name, sample in samples.items():
                results[name][str(int(rate))] = sample.summary()
        return results
    finally:
        for child in children.values():
            child.stop()


def install(database: str) -> None:
    """Record the fake workspace's installation as the OAuth flow would have."""
    from slack_sdk.oauth.installation_store import Installation

    from handlers.slack.clients import CachedInstallationStore
    from store.db import make_engine

    engine = make_engine(database)
    try:
        CachedInstallationStore(CLIENT_ID, engine).save(Installation(
            app_id=APP_ID, team_id=TEAM_ID, bot_token=BOT_TOKEN, bot_id=BOT_ID, bot_user_id=BOT_USER_ID,
            user_id="U0INSTALL1"))
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="mentions per rate (default 1000)")
    parser.add_argument("--rates", default="20,200", help="comma-separated mentions per second")
    parser.add_argument("--rounds", type=int, default=5, help="turns per rate, alternating between the apps")
    parser.add_argument("--oauth", action="store_true", help="agendabot as installed by Add to Slack")
    parser.add_argument("--serve-echo", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_echo:
        serve_echo(args.port)
        return 0
    rates = [float(r) for r in args.rates.split(",")]

    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        for n in range(PARTICIPANTS):
            fake.add_user(f"U0BENCH{n:03d}", tz=["America/New_York", "Europe/Zurich", "Asia/Tokyo"][n % 3])
        database = f"sqlite:///{tmp}/agendabot.db"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AGENDABOT_"))}
        env.update(AGENDABOT_DATABASE_URL=database, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SECRET,
                   SLACK_API_URL=fake.base_url, PYTHONUNBUFFERED="1")
        if args.oauth:  # the echo app keeps SLACK_BOT_TOKEN; agendabot ignores it in this mode
            env.update(SLACK_CLIENT_ID=CLIENT_ID, SLACK_CLIENT_SECRET=CLIENT_SECRET)
        sample = ROOT / "bot" / "sample" / "coordination-meeting-2003.yaml"
        team = ["--team", TEAM_ID] if args.oauth else []
        subprocess.run([sys.executable, "-m", "bot.cli", "import", str(sample), *team], env=env, cwd=ROOT,
                       capture_output=True, check=True)
        if args.oauth:
            install(database)

        load_before = os.getloadavg()
        results = run_apps({
            "echo": [sys.executable, __file__, "--serve-echo"],
            "agendabot": [sys.executable, "-m", "bot.cli", "serve", "--http", "--port", "0"],
        }, env, fake, rates, args.count, max(1, args.rounds))
        load_after = os.getloadavg()

    report: dict[str, Any] = {"mode": "oauth" if args.oauth else "single-workspace", "count_per_rate": args.count, "rounds": max(1, args.rounds), "participants": PARTICIPANTS,
                              "cpus": os.cpu_count(), "load_average_before": [round(x, 2) for x in load_before],
                              "load_average_after": [round(x, 2) for x in load_after], "goals": GOALS, "rates": {}}
    met = True
    for rate in results["echo"]:
        echo, ours = results["echo"][rate], results["agendabot"][rate]
        ratios = {
            "p50_ratio": round(ours["p50_ms"] / echo["p50_ms"], 2) if ours["p50_ms"] and echo["p50_ms"] else None,
            "p99_ratio": round(ours["p99_ms"] / echo["p99_ms"], 2) if ours["p99_ms"] and echo["p99_ms"] else None,
        }
        ok = (ratios["p50_ratio"] is not None and ratios["p50_ratio"] <= GOALS["p50_ratio"]
              and ratios["p99_ratio"] is not None and ratios["p99_ratio"] <= GOALS["p99_ratio"]
              and ours["lost"] == 0 and ours["http_errors"] == 0)
        met = met and ok
        report["rates"][rate] = {"echo": echo, "agendabot": ours, **ratios, "goals_met": ok}
    report["goals_met"] = met
    print(json.dumps(report, indent=2))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
