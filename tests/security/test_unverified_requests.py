"""Item 1 of issue 12: nothing is done for a request whose signature did not verify.

Each request below is refused with 401, and the fake Slack and a listener standing in
for a hostile ``response_url`` record that nothing was posted, DMed or fetched. A
signed mention sent afterwards is answered, so the app was alive and listening.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.e2e.conftest import (
    ALICE,
    CHANNEL,
    SignedPost,
    SlackSender,
    make_block_action,
    make_command,
    make_mention,
)
from tests.fake_slack import FakeSlack
from tests.security.conftest import Listener

FORM = "application/x-www-form-urlencoded"
BAD_HEADERS = {
    "timestamp that is not a number": {"X-Slack-Request-Timestamp": "soon"},
    "timestamp with a sign": {"X-Slack-Request-Timestamp": "+1700000000"},
    "non-ASCII signature": {"X-Slack-Signature": "v0=caf\u00e9"},
    "empty signature": {"X-Slack-Signature": ""},
    "wrong signature": {"X-Slack-Signature": "v0=" + "0" * 64},
    "stale timestamp": {"X-Slack-Request-Timestamp": str(int(time.time()) - 3600)},
}


def _bodies(hook: str) -> dict[str, tuple[str, str]]:
    """Requests that name a channel, a user and a response_url for the bot to act on."""
    mention = make_mention("when is lunch?", user=ALICE, channel=CHANNEL)
    command = make_command("help", user=ALICE, channel=CHANNEL, response_url=hook)
    click = make_block_action("no-such-action", "x", user=ALICE, response_url=hook)
    home_click = make_block_action("no-such-action", "x", user=ALICE)
    for where in ("channel", "container", "response_url"):  # only the user left to DM
        home_click.pop(where, None)
    return {
        "mention": (json.dumps(mention), "application/json"),
        "command": (urlencode(command), FORM),
        "click": (urlencode({"payload": json.dumps(click)}), FORM),
        "click in App Home": (urlencode({"payload": json.dumps(home_click)}), FORM),
        "truncated mention": (json.dumps(mention)[:-20], "application/json"),
    }


def _send(signed_post: SignedPost, body: str, content_type: str, bad: dict[str, str]) -> int:
    return signed_post("/slack/events", body, content_type, headers=bad).status


def _still_answers(slack: SlackSender, fake: FakeSlack) -> None:
    slack.event(make_mention("when is lunch?"))
    fake.wait_one("chat.postMessage")


@pytest.mark.parametrize("bad", list(BAD_HEADERS.values()), ids=list(BAD_HEADERS))
def test_an_unverified_request_is_refused_and_nothing_is_sent(
    signed_post: SignedPost, slack: SlackSender, fake_slack: FakeSlack, listener: Listener, bad: dict[str, str],
) -> None:
    fake_slack.clear()
    statuses = {name: _send(signed_post, body, ctype, bad) for name, (body, ctype) in _bodies(listener.url).items()}

    assert statuses == {name: 401 for name in statuses}
    _still_answers(slack, fake_slack)
    # The signed mention's answer only (and its asker's users.info).
    assert [c.method for c in fake_slack.calls if c.method != "users.info"] == ["chat.postMessage"]
    assert listener.hits == []


def test_an_unverified_request_logs_no_traceback(
    signed_post: SignedPost, listener: Listener, caplog: pytest.LogCaptureFixture,
) -> None:
    body, ctype = _bodies(listener.url)["command"]
    with caplog.at_level(logging.DEBUG):
        assert _send(signed_post, body, ctype, BAD_HEADERS["timestamp that is not a number"]) == 401
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


def test_an_error_on_an_unverified_request_apologises_to_no_one(fake_slack: FakeSlack, listener: Listener) -> None:
    """The error handler itself: whatever reached it, a body that never passed
    verification names no one to apologise to."""
    from slack_bolt import BoltContext
    from slack_bolt.context.respond import Respond
    from slack_sdk import WebClient

    from handlers.slack.middleware import on_error
    from tests.fake_slack import BOT_TOKEN

    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.base_url)
    body: dict[str, Any] = {**make_command("help", response_url=listener.url)}
    respond = Respond(response_url=listener.url)
    fake_slack.clear()

    on_error(RuntimeError("verifier blew up"), body, client, respond, BoltContext())

    assert fake_slack.calls == []
    assert listener.hits == []
