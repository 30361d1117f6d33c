"""Item 15 of issue 12: a signed body the app cannot use is refused with 400, with one
log line and no traceback, and nothing is posted."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

import pytest

from tests.e2e.conftest import SignedPost, SlackSender, make_mention
from tests.fake_slack import FakeSlack


def _mention_without(field: str) -> str:
    body = make_mention("when is lunch?")
    del body["event"][field]
    return json.dumps(body)


def _home_opened_without_user() -> str:
    return json.dumps({
        "type": "event_callback", "team_id": "T0001", "event_id": "Ev0HOME0001",
        "event": {"type": "app_home_opened", "tab": "home", "channel": "D0ALICEBOT", "event_ts": "1.2"},
    })


MALFORMED = {
    "truncated JSON": (json.dumps(make_mention("when is lunch?"))[:-17], "application/json"),
    "event that is a string": (json.dumps({"type": "event_callback", "event_id": "Ev1", "event": "x"}),
                               "application/json"),
    "event without a type": (json.dumps({"type": "event_callback", "event_id": "Ev2", "event": {}}),
                             "application/json"),
    "body that is a list": ("[1, 2]", "application/json"),
    "mention without channel": (_mention_without("channel"), "application/json"),
    "mention without ts": (_mention_without("ts"), "application/json"),
    "app_home_opened without user": (_home_opened_without_user(), "application/json"),
    "interaction payload that is not JSON": (urlencode({"payload": "{nope"}), "application/x-www-form-urlencoded"),
    "interaction payload without a type": (urlencode({"payload": "[]"}), "application/x-www-form-urlencoded"),
}


@pytest.mark.parametrize("body, content_type", list(MALFORMED.values()), ids=list(MALFORMED))
def test_a_malformed_signed_body_is_a_400_without_traceback_or_post(
    signed_post: SignedPost, slack: SlackSender, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture,
    body: str, content_type: str,
) -> None:
    fake_slack.clear()
    with caplog.at_level(logging.INFO):
        result = signed_post("/slack/events", body, content_type)
        slack.event(make_mention("when is lunch?"))  # answered: the app is still fine
        fake_slack.wait_one("chat.postMessage")

    assert result.status == 400
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    assert len(fake_slack.answers()) == 1
