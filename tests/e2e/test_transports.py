"""The three ways the app meets Slack: ``agendabot serve --http``, gunicorn on
``bot.wsgi:app``, and Socket Mode (the real slack-sdk client against a local
WebSocket server speaking Slack's envelope protocol)."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.server import ServerConnection
from websockets.sync.server import serve as websocket_serve

from bot.app import serve
from bot.cli import main
from bot.config import Settings
from store.values import Meeting
from tests.e2e.conftest import (
    SlackSender,
    http_request,
    load_payload,
    make_command,
    make_mention,
    shown,
    signed_poster,
)
from tests.fake_slack import BOT_TOKEN, FakeSlack

ROOT = Path(__file__).resolve().parents[2]


class Process:
    """A child process whose stderr lines can be waited for (no sleeping, no polling)."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.popen = subprocess.Popen(args, env=env, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                      text=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.popen.stderr is not None
        for line in self.popen.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_line(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r} in {timeout}s: {self.seen}") from None
            if line is None:
                raise AssertionError(f"exited ({self.popen.poll()}) before {pattern!r}: {''.join(self.seen)}")
            self.seen.append(line)
            if found := re.search(pattern, line):
                return found

    def stop(self) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            raise


def child_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AGENDABOT_"))}
    env.update(
        AGENDABOT_DATABASE_URL=settings.database_url,
        SLACK_BOT_TOKEN=settings.slack_bot_token,
        SLACK_SIGNING_SECRET=settings.slack_signing_secret,
        SLACK_API_URL=settings.slack_api_url.rstrip("/"),  # the app must add the "/" itself
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def child(settings: Settings, sample: Meeting) -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


def test_agendabot_serve_http_answers_and_reports_health(
    settings: Settings, fake_slack: FakeSlack, child: list[Process]
) -> None:
    process = Process([sys.executable, "-m", "bot.cli", "serve", "--http", "--port", "0"], child_env(settings))
    child.append(process)
    port = int(process.wait_for_line(r"listening on http://127\.0\.0\.1:(\d+)/slack/events").group(1))
    base = f"http://127.0.0.1:{port}"

    assert http_request(base + "/healthz").json() == {"ok": True, "database": "ok"}
    slack = SlackSender(signed_poster(base), fake_slack)
    assert slack.event(make_mention("agenda")).status == 200
    assert "Morning session" in shown(fake_slack.wait_one("chat.postMessage"))
    assert process.stop() == 0  # SIGTERM: finish what was acknowledged, then exit cleanly


def test_gunicorn_serves_the_wsgi_app(settings: Settings, fake_slack: FakeSlack, child: list[Process]) -> None:
    process = Process(
        [sys.executable, "-m", "gunicorn", "bot.wsgi:app", "--bind", "127.0.0.1:0", "--workers", "1"],
        child_env(settings),
    )
    child.append(process)
    port = int(process.wait_for_line(r"Listening at: http://127\.0\.0\.1:(\d+)").group(1))
    base = f"http://127.0.0.1:{port}"

    slack = SlackSender(signed_poster(base), fake_slack)
    assert slack.command(make_command("tomorrow")).status == 200
    answer = fake_slack.wait_one("chat.postEphemeral", timeout=30)
    assert "Thursday 16 October 2003" in shown(answer)
    assert http_request(base + "/healthz").status == 200
    assert fake_slack.calls_to("auth.test")  # the worker checked its token against SLACK_API_URL


def test_serve_refuses_to_start_without_a_token(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["serve", "--http", "--port", "0"], settings=Settings(slack_signing_secret="x"))
    assert status == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SLACK_BOT_TOKEN is not set" in err


def test_http_needs_the_signing_secret(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--http"], settings=Settings(slack_bot_token="xoxb-1")) == 2
    assert "SLACK_SIGNING_SECRET is not set" in capsys.readouterr().err


def test_a_refused_token_is_one_line_not_a_traceback(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = Settings(**{**settings.__dict__, "slack_bot_token": "xoxb-revoked"})
    assert main(["serve", "--http", "--port", "0"], settings=wrong) == 1
    err = capsys.readouterr().err
    assert "invalid_auth" in err and "Traceback" not in err


def test_wsgi_app_is_built_only_when_asked_for(settings: Settings, fake_slack: FakeSlack, sample: Meeting) -> None:
    import bot.wsgi

    assert "app" not in vars(bot.wsgi)  # importing did not build (or call Slack)
    assert fake_slack.calls == []
    web = bot.wsgi.create_app(settings)
    try:
        assert fake_slack.calls_to("auth.test")
        status, body = web.health()
        assert status == "200 OK" and body["ok"]
    finally:
        bot.wsgi.shutdown()  # the reminder service it started
    with pytest.raises(RuntimeError, match="SLACK_SIGNING_SECRET"):
        bot.wsgi.create_app(Settings(slack_bot_token=BOT_TOKEN))


# --- Socket Mode ----------------------------------------------------------------------------


class SocketModeServer:
    """Slack's side of Socket Mode: says hello, sends envelopes, collects the acks."""

    def __init__(self) -> None:
        self.outbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self.paths: list[str] = []
        self.server = websocket_serve(self._session, "127.0.0.1", 0)
        self.port = self.server.socket.getsockname()[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=0a1b2c3d&app_id=A0AGENDABOT"

    def _session(self, connection: ServerConnection) -> None:
        self.paths.append(connection.request.path if connection.request else "")
        connection.send(json.dumps(load_payload("socket_mode_hello")))
        sender = threading.Thread(target=self._send_envelopes, args=(connection,), daemon=True)
        sender.start()
        for message in connection:
            self.acks.put(json.loads(message))

    def _send_envelopes(self, connection: ServerConnection) -> None:
        while True:
            envelope = self.outbox.get()
            if not envelope:
                return
            connection.send(json.dumps(envelope))

    def send(self, kind: str, payload: dict[str, Any], envelope_id: str) -> None:
        envelope = load_payload(f"socket_mode_{kind}")
        envelope.update(envelope_id=envelope_id, payload=payload)
        self.outbox.put(envelope)

    def ack(self, timeout: float = 10.0) -> dict[str, Any]:
        return self.acks.get(timeout=timeout)

    def close(self) -> None:
        self.outbox.put({})
        self.server.shutdown()


def test_socket_mode_receives_envelopes_acks_them_and_answers(
    socket_settings: Settings, fake_slack: FakeSlack, sample: Meeting
) -> None:
    slack_side = SocketModeServer()
    fake_slack.socket_url = slack_side.url
    stop = threading.Event()
    status: list[int] = []
    runner = threading.Thread(target=lambda: status.append(serve(socket_settings, stop=stop)), daemon=True)
    runner.start()
    try:
        slack_side.send("events_api", make_mention("agenda"), "a6f0f6a1-0000-4000-8000-000000000001")
        assert slack_side.ack() == {"envelope_id": "a6f0f6a1-0000-4000-8000-000000000001"}
        answer = fake_slack.wait_one("chat.postMessage")
        assert "Morning session" in shown(answer)

        slack_side.send("slash_commands", make_command("tomorrow"), "a6f0f6a1-0000-4000-8000-000000000002")
        assert slack_side.ack()["envelope_id"] == "a6f0f6a1-0000-4000-8000-000000000002"
        assert "Thursday 16 October 2003" in shown(fake_slack.wait_one("chat.postEphemeral"))
    finally:
        stop.set()
        runner.join(timeout=20)
        slack_side.close()
    assert status == [0]
    opened = fake_slack.calls_to("apps.connections.open")
    assert opened and opened[0].token == socket_settings.slack_app_token  # the app-level token, not the bot's
    assert slack_side.paths[0].startswith("/link/?ticket=")


def test_socket_mode_needs_no_signing_secret(
    socket_settings: Settings, fake_slack: FakeSlack, sample: Meeting
) -> None:
    slack_side = SocketModeServer()
    fake_slack.socket_url = slack_side.url
    no_secret = Settings(**{**socket_settings.__dict__, "slack_signing_secret": ""})
    stop = threading.Event()
    runner = threading.Thread(target=serve, args=(no_secret,), kwargs={"stop": stop}, daemon=True)
    runner.start()
    try:
        slack_side.send("events_api", make_mention("help"), "b7e1e7b2-0000-4000-8000-000000000001")
        assert slack_side.ack()["envelope_id"] == "b7e1e7b2-0000-4000-8000-000000000001"
        assert "Ask me about the meeting" in shown(fake_slack.wait_one("chat.postMessage"))
    finally:
        stop.set()
        runner.join(timeout=20)
        slack_side.close()

