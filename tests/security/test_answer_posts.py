"""Item 16 of issue 12: an answer is shown once, whatever Slack did with its post.

Slack sometimes keeps a message and still answers 500, or answers so late that the
client gives up: the answer must then be neither posted twice (slack-sdk's blind
retry) nor followed by an apology for a failure that did not happen.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

import handlers.slack.clients
from bot.app import SlackApp
from bot.clock import FixedClock
from bot.config import Settings
from handlers.render.blocks import APOLOGY
from tests.e2e.conftest import (
    CHANNEL,
    SlackSender,
    make_command,
    make_mention,
    served,
    signed_poster,
    started,
)
from tests.fake_slack import FakeSlack


def _thread(fake: FakeSlack, mention: dict[str, Any]) -> list[str]:
    """What Slack kept in the question's thread: the texts a person sees there."""
    ts = mention["event"]["ts"]
    return [m["text"] for m in fake.history(CHANNEL) if m.get("thread_ts") == ts]


@pytest.mark.parametrize("kept", [True, False], ids=["kept", "not kept"])
def test_an_answer_slack_answered_500_for_is_in_the_thread_once(
    slack_app: SlackApp, slack: SlackSender, fake_slack: FakeSlack, kept: bool,
) -> None:
    fake_slack.fail_next("chat.postMessage", status=500, accepted=kept)
    mention = make_mention("when is lunch?")

    assert slack.event(mention).status == 200
    assert slack_app.pool.wait_idle(10)

    shown = _thread(fake_slack, mention)
    assert len(shown) == 1 and "Lunch" in shown[0]


@pytest.fixture
def impatient_app(settings: Settings, clock: FixedClock, sample: object,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[SlackApp, SlackSender]]:
    """The app with a 1-second Slack timeout, so a slow Slack is quick to fake."""
    monkeypatch.setattr(handlers.slack.clients, "SLACK_TIMEOUT_SECONDS", 1)
    with started(settings, clock) as app, served(app.web) as url:
        yield app, SlackSender(signed_poster(url), None)  # type: ignore[arg-type]


def test_a_slow_answer_is_not_preceded_by_an_apology_nor_sent_twice(
    impatient_app: tuple[SlackApp, SlackSender], fake_slack: FakeSlack,
) -> None:
    app, slack = impatient_app
    first = threading.Event()

    def only_the_first(_args: dict[str, Any]) -> bool:
        was_first = not first.is_set()
        first.set()
        return was_first

    gate = fake_slack.hold("chat.postMessage", when=only_the_first)
    mention = make_mention("when is lunch?")
    try:
        assert slack.event(mention).status == 200
        assert app.pool.wait_idle(10)  # the client gave up on the answer's post...
    finally:
        gate.set()  # ...which Slack then keeps
    fake_slack.wait_one("chat.postMessage")

    shown = _thread(fake_slack, mention)
    assert len(shown) == 1 and "Lunch" in shown[0]
    assert not any(APOLOGY in text for text in shown)
    assert [c for c in fake_slack.calls if APOLOGY in str(c.args.get("text", ""))] == []


def test_a_slow_private_answer_is_not_preceded_by_an_apology(
    impatient_app: tuple[SlackApp, SlackSender], fake_slack: FakeSlack,
) -> None:
    app, slack = impatient_app
    gate = fake_slack.hold("chat.postEphemeral")
    try:
        assert slack.signed_post("/slack/events", urlencode(make_command("help")),
                                 "application/x-www-form-urlencoded").status == 200
        assert app.pool.wait_idle(10)  # the client gave up on the private answer...
    finally:
        gate.set()  # ...which Slack then shows
    shown = fake_slack.wait_one("chat.postEphemeral")

    assert APOLOGY not in str(shown.args.get("text"))
    assert [c for c in fake_slack.calls if APOLOGY in str(c.args.get("text", ""))] == []
