"""What Slack and the network do to an app: forged requests, retries, rate limits,
server errors, slow answers, and our own failures."""

from __future__ import annotations

import json
import logging
import time

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.app import SlackApp, WebApp
from handlers.render.blocks import APOLOGY
from store import models
from store.db import make_engine
from tests.e2e.conftest import (
    CHANNEL,
    SignedPost,
    SlackSender,
    http_request,
    make_command,
    make_mention,
    shown,
    sign,
)
from tests.fake_slack import FakeSlack


def test_a_bad_signature_gets_401_and_no_answer(
    signed_post: SignedPost, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    body = json.dumps(make_mention("agenda"))
    forged = sign(body, str(int(time.time())), secret="not-the-signing-secret")
    result = signed_post("/slack/events", body, "application/json", signature=forged)

    assert result.status == 401
    assert slack_app.pool.wait_idle(10)
    assert fake_slack.answers() == []
    with slack_app.deps.db_factory() as db:  # rejected before it could even be recorded
        assert db.scalar(select(func.count()).select_from(models.SeenEvent)) == 0


def test_a_tampered_body_gets_401(signed_post: SignedPost, fake_slack: FakeSlack, slack_app: SlackApp) -> None:
    body = json.dumps(make_mention("agenda"))
    ts = str(int(time.time()))
    result = signed_post("/slack/events", body.replace("agenda", "help"), "application/json",
                         timestamp=int(ts), signature=sign(body, ts))
    assert result.status == 401
    assert slack_app.pool.wait_idle(10)
    assert fake_slack.answers() == []


def test_a_request_older_than_five_minutes_gets_401_and_no_answer(
    signed_post: SignedPost, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    body = json.dumps(make_mention("agenda"))
    stale = int(time.time()) - 6 * 60  # correctly signed, but a replay
    result = signed_post("/slack/events", body, "application/json", timestamp=stale)

    assert result.status == 401
    assert slack_app.pool.wait_idle(10)
    assert fake_slack.answers() == []


def test_a_retried_event_is_answered_once(slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp) -> None:
    mention = make_mention("agenda")
    assert slack.event(mention).status == 200
    fake_slack.wait_one("chat.postMessage")
    assert slack.event(mention, retry=1).status == 200
    assert slack.event(mention, retry=2).status == 200

    assert slack_app.pool.wait_idle(10)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_retry_arriving_while_the_first_is_still_answered_is_dropped(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    gate = fake_slack.hold("chat.postMessage")
    mention = make_mention("agenda")
    try:
        slack.event(mention)
        assert slack.event(mention, retry=1).status == 200
    finally:
        gate.set()

    fake_slack.wait_one("chat.postMessage")
    assert slack_app.pool.wait_idle(10)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_old_seen_events_are_pruned(slack_app: SlackApp, db_factory: sessionmaker[Session]) -> None:
    from datetime import timedelta

    ledger = slack_app.deps.ledger
    assert ledger.first_time("Ev-old") and not ledger.first_time("Ev-old")
    now = ledger.clock.now()
    assert ledger.prune(now + timedelta(minutes=59)) == 0
    assert ledger.prune(now + timedelta(hours=1, seconds=1)) == 1
    assert ledger.first_time("Ev-old")  # forgotten: Slack stopped retrying long ago


def test_a_rate_limited_answer_is_retried_and_arrives(slack: SlackSender, fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=0)
    slack.event(make_mention("agenda"))

    answer = fake_slack.wait_one("chat.postMessage")
    assert "Morning session" in shown(answer)
    statuses = [c.status for c in fake_slack.calls_to("chat.postMessage")]
    assert statuses == [429, 200]


def test_a_server_error_is_retried_and_the_answer_arrives(slack: SlackSender, fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("chat.postEphemeral", status=500)
    slack.command(make_command("tomorrow"))

    answer = fake_slack.wait_one("chat.postEphemeral")
    assert "Thursday 16 October 2003" in shown(answer)
    assert [c.status for c in fake_slack.calls_to("chat.postEphemeral")] == [500, 200]


def test_a_rate_limited_channel_does_not_stall_the_others(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    # Six answers stuck (more than Bolt's default pool of five threads) ...
    gate = fake_slack.hold("chat.postMessage", when=lambda args: args.get("channel") == "C0SLOW")
    try:
        for _ in range(6):
            slack.event(make_mention("help", channel="C0SLOW"))
        # ... and everyone else is still answered meanwhile.
        for _ in range(10):
            slack.event(make_mention("help", channel=CHANNEL))
        fake_slack.wait_for("chat.postMessage", lambda c: c.args["channel"] == CHANNEL, count=10, timeout=5)
        assert not [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "C0SLOW"]
    finally:
        gate.set()
    fake_slack.wait_for("chat.postMessage", lambda c: c.args["channel"] == "C0SLOW", count=6)


def test_every_request_is_acknowledged_before_the_work(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    gate = fake_slack.hold("users.info")  # Slack is slow: the answer cannot be ready
    try:
        started = time.monotonic()
        command = slack.command(make_command("tomorrow"))
        event = slack.event(make_mention("agenda"))
        acked_in = time.monotonic() - started
        assert command.status == 200 and event.status == 200
        assert acked_in < 3.0
        assert fake_slack.answers() == []  # nothing could have been answered yet
    finally:
        gate.set()
    fake_slack.wait_one("chat.postEphemeral")
    fake_slack.wait_one("chat.postMessage")


def test_a_failure_in_the_core_gets_the_apology_not_a_traceback(
    slack: SlackSender, fake_slack: FakeSlack, engine: Engine
) -> None:
    with engine.begin() as connection:  # a meeting the core cannot load
        connection.execute(text("UPDATE meetings SET timezone = 'Nowhere/Atlantis'"))
    mention = make_mention("agenda")
    result = slack.event(mention)
    assert result.status == 200 and b"Traceback" not in result.body

    answer = fake_slack.wait_one("chat.postMessage")
    assert shown(answer) == APOLOGY
    assert answer.args["thread_ts"] == mention["event"]["ts"]


def test_a_failure_in_a_listener_gets_the_apology_and_is_logged_with_the_request_id(
    slack: SlackSender, fake_slack: FakeSlack, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    with engine.begin() as connection:  # the store loses a table under the listener's feet
        connection.execute(text("DROP TABLE slack_users"))
    mention = make_mention("agenda", event_id="Ev0BROKEN001")
    with caplog.at_level(logging.ERROR):
        result = slack.event(mention)
        answer = fake_slack.wait_one("chat.postMessage")

    assert result.status == 200 and b"Traceback" not in result.body
    assert shown(answer) == APOLOGY and answer.args["thread_ts"] == mention["event"]["ts"]
    failures = [r for r in caplog.records if "Ev0BROKEN001" in r.getMessage()]
    assert failures and failures[0].exc_info is not None


def test_a_failing_command_apologises_to_its_user_only(
    slack: SlackSender, fake_slack: FakeSlack, engine: Engine
) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE slack_users"))
    slack.command(make_command("tomorrow"))
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert shown(answer) == APOLOGY and answer.args["user"] == "U0ALICE01"


def test_url_verification_echoes_the_challenge(signed_post: SignedPost) -> None:
    body = json.dumps({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    result = signed_post("/slack/events", body, "application/json")
    assert result.status == 200
    assert result.json()["challenge"] == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"


def test_healthz_checks_the_database(app_url: str, slack_app: SlackApp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ok = http_request(app_url + "/healthz")
    assert ok.status == 200 and ok.json() == {"ok": True, "database": "ok"}

    unreachable = make_engine(f"sqlite:///{tmp_path}/missing/dir/agendabot.db")
    status, body = WebApp(slack_app.bolt, unreachable).health()
    assert status.startswith("503") and body["ok"] is False


def test_unknown_paths_are_404(app_url: str) -> None:
    assert http_request(app_url + "/nowhere").status == 404
