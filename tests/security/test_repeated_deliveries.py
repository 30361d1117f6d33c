"""Item 13 of issue 12: a retry or a replay is answered once, wherever and in whatever
order its copies land (the claim in the event ledger comes before the answer)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from bot.app import SlackApp, build
from bot.clock import FixedClock
from bot.config import Settings
from tests.e2e.conftest import (
    SlackSender,
    make_command,
    make_mention,
    served,
    sign,
    signed_poster,
    started,
)
from tests.fake_slack import FakeSlack


def _answers_to(fake: FakeSlack, mention: dict) -> list:
    ts = mention["event"]["ts"]
    return [c for c in fake.answers() if c.method == "chat.postMessage" and c.args.get("thread_ts") == ts]


def test_a_retry_that_overtakes_its_original_is_answered_once(
    slack_app: SlackApp, slack: SlackSender, fake_slack: FakeSlack,
) -> None:
    mention = make_mention("when is lunch?")

    assert slack.event(mention, retry=1).status == 200  # the retry lands first...
    assert slack.event(mention).status == 200  # ...then the delayed original
    assert slack_app.pool.wait_idle(10)

    assert len(_answers_to(fake_slack, mention)) == 1


def test_one_signed_event_sent_twice_is_answered_once(
    slack_app: SlackApp, app_url: str, fake_slack: FakeSlack,
) -> None:
    post = signed_poster(app_url)
    mention = make_mention("when is lunch?")
    body, ts = json.dumps(mention), int(time.time())

    first = post("/slack/events", body, "application/json", timestamp=ts)
    replay = post("/slack/events", body, "application/json", timestamp=ts, signature=sign(body, str(ts)))
    assert slack_app.pool.wait_idle(10)

    assert (first.status, replay.status) == (200, 200)
    assert len(_answers_to(fake_slack, mention)) == 1


def test_one_signed_command_sent_twice_is_answered_once(
    slack_app: SlackApp, app_url: str, fake_slack: FakeSlack,
) -> None:
    post = signed_poster(app_url)
    body, ts = urlencode(make_command("help", response_url=fake_slack.response_url("replayed"))), int(time.time())
    form = "application/x-www-form-urlencoded"

    assert post("/slack/events", body, form, timestamp=ts).status == 200
    assert post("/slack/events", body, form, timestamp=ts).status == 200
    assert slack_app.pool.wait_idle(10)

    shown = [c for c in fake_slack.answers() if c.method in ("chat.postEphemeral", "response_url")]
    assert len(shown) == 1


@pytest.fixture
def two_workers(settings: Settings, clock: FixedClock, sample: object) -> Iterator[list[tuple[SlackApp, str]]]:
    """Two processes' worth of app on one database, each behind its own server."""
    second = build(settings, clock=clock)  # a standby: the first holds the reminder lock
    try:
        with started(settings, clock) as first, served(first.web) as one, served(second.web) as other:
            yield [(first, one), (second, other)]
    finally:
        second.close()


def test_a_retry_on_another_worker_before_its_original_is_answered_once(
    two_workers: list[tuple[SlackApp, str]], fake_slack: FakeSlack,
) -> None:
    one, other = (SlackSender(signed_poster(url), fake_slack) for _, url in two_workers)
    mention = make_mention("when is lunch?")

    assert other.event(mention, retry=1).status == 200
    assert one.event(mention).status == 200
    assert all(app.pool.wait_idle(10) for app, _ in two_workers)

    assert len(_answers_to(fake_slack, mention)) == 1


def test_claims_made_at_once_are_written_together_and_each_key_wins_once(database_url: str) -> None:
    """The ledger's group commit: many threads claiming at the same moment, some of them
    the same key, get exactly one True per key, and the rows are all there."""
    from concurrent.futures import ThreadPoolExecutor

    from handlers.state import EventLedger, ledger_engine
    from store.db import make_engine, upgrade

    upgrade(make_engine(database_url))
    ledger = EventLedger(ledger_engine(database_url))
    keys = [f"Ev{n % 40}" for n in range(200)]  # each of 40 keys claimed 5 times
    with ThreadPoolExecutor(32) as pool:
        firsts = list(pool.map(ledger.first_time, keys))

    won = [key for key, first in zip(keys, firsts, strict=True) if first]
    assert sorted(won) == sorted(set(keys))
    assert not any(ledger.first_time(key) for key in set(keys))
