"""Fixtures for the Slack app, end to end over real HTTP with real signatures.

- ``fake_slack``: the fake Web API (tests/fake_slack.py) with a few people in it.
- ``slack_app``: the app as ``bot.app.build`` composes it, on a fresh migrated
  database holding the sample meeting, its clock fixed during the meeting.
- ``app_url``: that app behind its real threaded HTTP server on a free port.
- ``signed_post(path, body, content_type, headers)``: a request signed exactly
  as Slack signs (v0, HMAC-SHA256 of ``v0:{timestamp}:{body}``).
- ``slack``: sends events, commands and clicks the way Slack does.
- factories ``make_mention``, ``make_dm``, ``make_command``, ``make_block_action``,
  ``make_home_opened``, ``make_view_submission``: copies of the recorded payload
  shapes in tests/fixtures/slack/ with the interesting fields filled in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import http.client
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.app import SlackApp, build, make_http_server
from bot.cli import load_sample
from bot.clock import Clock, FixedClock
from bot.config import Settings
from store.agenda import save_meeting
from store.db import transaction
from store.values import Meeting
from tests.fake_slack import APP_TOKEN, BOT_TOKEN, Call, FakeSlack

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "slack"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
NEW_YORK = ZoneInfo("America/New_York")
# 11:00 on the first day: the morning session is on, the afternoon's is next.
DURING_MEETING = datetime(2003, 10, 15, 11, 0, tzinfo=NEW_YORK)

ALICE = "U0ALICE01"  # a participant in Tokyo
BOB = "U0BOB0001"  # a participant in New York, the meeting's zone
ADMIN = "U0ADMIN01"  # a workspace admin
CHANNEL = "C0MEETING1"
ALICE_DM = "D0ALICEBOT"


def load_payload(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


_ids = itertools.count(1)


def _next_ts() -> str:
    return f"{int(time.time())}.{next(_ids):06d}"


def make_mention(
    text: str, user: str = ALICE, channel: str = CHANNEL, ts: str | None = None, event_id: str | None = None,
    thread_ts: str | None = None, bot_user_id: str = "U0AGENDABOT",
) -> dict[str, Any]:
    """An Events API envelope for ``@agendabot text``."""
    body = load_payload("event_app_mention")
    ts = ts or _next_ts()
    event = body["event"]
    event.update(user=user, channel=channel, ts=ts, event_ts=ts, text=f"<@{bot_user_id}> {text}")
    event["blocks"][0]["elements"][0]["elements"][1]["text"] = f" {text}"
    if thread_ts:
        event["thread_ts"] = thread_ts
    body["event_id"] = event_id or f"Ev{next(_ids):010d}"
    return body


def make_dm(
    text: str, user: str = ALICE, channel: str = ALICE_DM, ts: str | None = None, event_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A ``message.im`` envelope; ``extra`` adds fields such as ``subtype`` or ``bot_id``."""
    return _message("event_message_im", text, user, channel, ts, event_id, extra)


def make_channel_message(
    text: str, user: str = ALICE, channel: str = CHANNEL, ts: str | None = None, event_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A ``message.channels`` envelope: talk in a channel the bot is in."""
    return _message("event_message_channels", text, user, channel, ts, event_id, extra)


def _message(payload: str, text: str, user: str, channel: str, ts: str | None, event_id: str | None,
             extra: dict[str, Any]) -> dict[str, Any]:
    body = load_payload(payload)
    ts = ts or _next_ts()
    body["event"].update(user=user, channel=channel, ts=ts, event_ts=ts, text=text, **extra)
    body["event"]["blocks"][0]["elements"][0]["elements"][0]["text"] = text
    body["event_id"] = event_id or f"Ev{next(_ids):010d}"
    return body


def make_home_opened(user: str = ALICE, tab: str = "home") -> dict[str, Any]:
    body = load_payload("event_app_home_opened")
    body["event"].update(user=user, tab=tab, event_ts=_next_ts())
    body["event_id"] = f"Ev{next(_ids):010d}"
    return body


def make_command(text: str, user: str = ALICE, channel: str = CHANNEL, response_url: str = "") -> dict[str, str]:
    """The form fields of ``/agenda text``."""
    fields = load_payload("command_agenda")
    fields.update(text=text, user_id=user, channel_id=channel, trigger_id=f"{_next_ts()}.trigger")
    if response_url:
        fields["response_url"] = response_url
    return fields


def make_block_action(
    action_id: str, value: str, user: str = ALICE, channel: str = CHANNEL, *, ephemeral: bool = True,
    message_ts: str = "", thread_ts: str = "", response_url: str = "",
) -> dict[str, Any]:
    """A ``block_actions`` payload for a button in a message."""
    payload = load_payload("block_actions_button")
    payload["user"]["id"] = user
    payload["channel"]["id"] = channel
    payload["container"].update(channel_id=channel, is_ephemeral=ephemeral, message_ts=message_ts or _next_ts())
    if thread_ts:
        payload["container"]["thread_ts"] = thread_ts
    payload["actions"][0].update(action_id=action_id, value=value)
    if response_url:
        payload["response_url"] = response_url
    return payload


def make_home_select(value: str, user: str = ALICE) -> dict[str, Any]:
    payload = load_payload("block_actions_home_select")
    payload["user"]["id"] = user
    payload["actions"][0]["selected_option"]["value"] = value
    return payload


def make_view_submission(question: str, meeting: str = "", user: str = ALICE) -> dict[str, Any]:
    payload = load_payload("view_submission_ask")
    payload["user"]["id"] = user
    payload["view"]["private_metadata"] = meeting
    payload["view"]["state"]["values"]["question"]["question_input"]["value"] = question
    return payload


def shown(call: Call) -> str:
    """The fallback text of a message as a person reads it (Slack's three escapes undone)."""
    return str(call.args.get("text", "")).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def block_texts(blocks: list[dict[str, Any]]) -> str:
    """Every piece of text in some blocks, to look for words in what Slack would draw."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return "\n".join(found)


def buttons(call: Call) -> dict[str, dict[str, Any]]:
    """The buttons of a message by action_id."""
    return {
        e["action_id"]: e
        for b in call.args.get("blocks", []) if b["type"] == "actions"
        for e in b["elements"] if e.get("type") == "button"
    }


def sign(body: str, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    """Slack's request signature: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return f"v0={digest}"


@dataclass(frozen=True)
class HttpResult:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


def http_request(url: str, method: str = "GET", body: str = "", headers: dict[str, str] | None = None,
                 timeout: float = 10.0) -> HttpResult:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, parts.path or "/", body=body.encode() if body else None, headers=headers or {})
        response = connection.getresponse()
        return HttpResult(response.status, response.read(), {k.lower(): v for k, v in response.getheaders()})
    finally:
        connection.close()


SignedPost = Callable[..., HttpResult]


def signed_poster(base_url: str, secret: str = SIGNING_SECRET) -> SignedPost:
    def signed_post(
        path: str, body: str, content_type: str, headers: dict[str, str] | None = None, *,
        timestamp: int | None = None, signature: str | None = None,
    ) -> HttpResult:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or sign(body, ts, secret),
            **(headers or {}),
        }
        return http_request(base_url + path, "POST", body, sent)

    return signed_post


class SlackSender:
    """Sends to the app what Slack sends: events as JSON, commands and interactions as forms.

    Response URLs are pointed at the fake, so nothing can leak to hooks.slack.com.
    """

    def __init__(self, signed_post: SignedPost, fake: FakeSlack) -> None:
        self.signed_post = signed_post
        self.fake = fake

    def _local(self, url: str) -> str:
        return self.fake.response_url(url.rsplit("/", 1)[-1]) if "hooks.slack.com" in url else url

    def event(self, envelope: dict[str, Any], retry: int | None = None) -> HttpResult:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        return self.signed_post("/slack/events", json.dumps(envelope), "application/json", headers)

    def command(self, fields: dict[str, str]) -> HttpResult:
        fields = {**fields, "response_url": self._local(fields["response_url"])}
        return self.signed_post("/slack/events", urlencode(fields), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any]) -> HttpResult:
        if payload.get("response_url"):
            payload = {**payload, "response_url": self._local(payload["response_url"])}
        body = urlencode({"payload": json.dumps(payload)})
        return self.signed_post("/slack/events", body, "application/x-www-form-urlencoded")


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user(ALICE, tz="Asia/Tokyo", name="alice")
        fake.add_user(BOB, tz="America/New_York", name="bob")
        fake.add_user(ADMIN, tz="Europe/Zurich", is_admin=True, name="admin")
        yield fake


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack) -> Settings:
    return Settings(
        database_url=database_url,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_app_token="",
        slack_api_url=fake_slack.base_url,
    )


@pytest.fixture
def socket_settings(settings: Settings) -> Settings:
    return Settings(**{**settings.__dict__, "slack_app_token": APP_TOKEN})


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(DURING_MEETING)


@pytest.fixture
def sample(db_factory: sessionmaker[Session]) -> Meeting:
    return load_sample(db_factory)


@pytest.fixture
def second_meeting(db_factory: sessionmaker[Session], sample: Meeting) -> str:
    """Another meeting on the same days, so the bot cannot tell which one is meant."""
    other = dataclasses.replace(sample, slug="coordination-meeting-2003-copy", title=f"{sample.title} (copy)")
    with transaction(db_factory) as db:
        save_meeting(db, other, author="test", source="test")
    return other.slug


@pytest.fixture
def slack_app(settings: Settings, clock: FixedClock, sample: Meeting) -> Iterator[SlackApp]:
    """Started as ``serve`` starts it (its reminder service on the fixed clock)."""
    with started(settings, clock) as app:
        yield app


@contextmanager
def started(settings: Settings, clock: Clock | None = None) -> Iterator[SlackApp]:
    """The app built and started as ``serve`` does; closed after, so no scheduler thread
    outlives the test."""
    app = build(settings, clock=clock)
    app.start()
    try:
        # Leading before the first request, so a change re-plans at once, not at the next poll.
        assert app.deps.reminders.wait_until_leader(10), "the reminder service did not start"
        yield app
    finally:
        app.close()


@contextmanager
def served(web: Callable[..., Any]) -> Iterator[str]:
    """``web`` behind the app's threaded HTTP server on a free port; its base URL."""
    server = make_http_server(web, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="app-under-test", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def app_url(slack_app: SlackApp) -> Iterator[str]:
    with served(slack_app.web) as url:
        yield url


@pytest.fixture
def signed_post(app_url: str) -> SignedPost:
    return signed_poster(app_url)


@pytest.fixture
def slack(signed_post: SignedPost, fake_slack: FakeSlack) -> SlackSender:
    return SlackSender(signed_post, fake_slack)


@pytest.fixture(name="make_mention")
def _make_mention() -> Callable[..., dict[str, Any]]:
    return make_mention


@pytest.fixture(name="make_dm")
def _make_dm() -> Callable[..., dict[str, Any]]:
    return make_dm


@pytest.fixture(name="make_command")
def _make_command() -> Callable[..., dict[str, str]]:
    return make_command


@pytest.fixture(name="make_block_action")
def _make_block_action() -> Callable[..., dict[str, Any]]:
    return make_block_action
