"""Item 17 of issue 12: ``serve --http`` listens on this machine only unless told
otherwise, and SIGTERM ends it within its shutdown timeout even with a listener stuck."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.e2e.conftest import SIGNING_SECRET, http_request, make_mention, sign
from tests.fake_slack import BOT_TOKEN, FakeSlack

ROOT = Path(__file__).resolve().parents[2]
SHUTDOWN_SECONDS = 10  # SlackApp.close waits this long for answers in progress
LISTENING = re.compile(r"listening on http://([^:/]+):(\d+)")


@contextmanager
def serving(fake: FakeSlack, tmp_path: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], str, int]]:
    """``agendabot serve --http --port 0 ARGS`` in a child process; it, its host and its port."""
    env = {
        **os.environ,
        "AGENDABOT_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.base_url,
        "SLACK_APP_TOKEN": "",
        "AGENDABOT_LOG_FORMAT": "text",
    }
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "serve", "--http",
         "--port", "0", *args],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert child.stderr is not None
        found = None
        deadline = time.monotonic() + 60
        while found is None and time.monotonic() < deadline:
            line = child.stderr.readline()
            assert line, "serve ended before it listened"
            found = LISTENING.search(line)
        assert found is not None, "serve did not say where it listens"
        # Keep reading, so the child never blocks on a full pipe.
        threading.Thread(target=child.stderr.read, daemon=True).start()
        yield child, found.group(1), int(found.group(2))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def _an_outside_address() -> str | None:
    """This machine's address on its way out (no packet is sent), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.255", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_serve_http_listens_on_this_machine_only_unless_given_a_host(fake_slack: FakeSlack, tmp_path: Path) -> None:
    with serving(fake_slack, tmp_path) as (_, host, port):
        assert host == "127.0.0.1"
        assert http_request(f"http://127.0.0.1:{port}/healthz").status == 200
        outside = _an_outside_address()
        if outside is not None:
            with socket.socket() as knock:
                knock.settimeout(5)
                assert knock.connect_ex((outside, port)) != 0  # refused: nobody listens there


def test_serve_http_binds_the_host_it_is_given(fake_slack: FakeSlack, tmp_path: Path) -> None:
    with serving(fake_slack, tmp_path, "--host", "0.0.0.0") as (_, host, port):
        assert host == "0.0.0.0"
        assert http_request(f"http://127.0.0.1:{port}/healthz").status == 200


def test_sigterm_ends_serve_within_its_timeout_while_a_listener_is_stuck(
    fake_slack: FakeSlack, tmp_path: Path,
) -> None:
    arrived = threading.Event()

    def stuck(_args: dict[str, Any]) -> bool:
        arrived.set()
        return True

    # The answer's first call is rate limited for longer than the shutdown timeout, and
    # slack-sdk sleeps out Retry-After on the listener's thread.
    fake_slack.fail_next("users.info", status=429, retry_after=SHUTDOWN_SECONDS * 6, when=stuck)
    with serving(fake_slack, tmp_path) as (child, _, port):
        body, ts = json.dumps(make_mention("when is lunch?")), str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
                   "X-Slack-Signature": sign(body, ts)}
        assert http_request(f"http://127.0.0.1:{port}/slack/events", "POST", body, headers).status == 200
        assert arrived.wait(30), "the listener never called Slack"

        child.send_signal(signal.SIGTERM)
        began = time.monotonic()
        try:
            status = child.wait(SHUTDOWN_SECONDS + 8)
        except subprocess.TimeoutExpired:
            status = None
        took = time.monotonic() - began
    assert status == 0, f"still running {took:.1f}s after SIGTERM"
