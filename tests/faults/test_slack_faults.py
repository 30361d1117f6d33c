"""Slack faults, through the fake Slack and slack-sdk, with the deliverer's clock moved by the test.

The promise: a reminder is late but sent for as long as its grace period (10
minutes) lasts, whatever Slack does meanwhile, and it is posted once. A post
whose fate is unknown (a timeout, a 500, a dropped connection) may be kept by
Slack long after its caller gave up, so the history is searched only once it
has had time to settle, and again before any new post.

Time: the FixedClock only moves when ``run_retries`` moves it to the next
pending retry; the fake's own delays (a timeout the server sits on) are real
and short.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.clock import FixedClock
from bot.reminders import ClockDrivenRunner, Deliverer, RetryPolicy, SqlLedger
from bot.reminders.ledger import DeliveryRecord
from bot.reminders.messages import compose
from bot.reminders.notifier import DeliveryError
from bot.reminders.planner import delivery_key
from handlers.slack.notifier import SlackNotifier
from store import models
from store.agenda import save_meeting
from store.db import transaction
from tests.fake_slack import BOT_TOKEN, FakeSlack
from tests.helpers import sample_meeting
from tests.recording_notifier import ny, run_retries

SLUG = "coordination-meeting-2003"
MORNING = f"{SLUG}/session/2003-10-15-morning-session/15m"
DUE = ny("2003-10-15 09:45")
KEY = delivery_key(MORNING, DUE)
# slack-sdk gives up on an answer after this long; the fake's timeouts sit longer.
CLIENT_TIMEOUT = 0.5


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake
        fake.faults.clear()


@pytest.fixture
def runner(db_factory: sessionmaker[DBSession], slack: FakeSlack) -> Iterator[ClockDrivenRunner]:
    with transaction(db_factory) as db:
        save_meeting(db, sample_meeting(), author="test")
        db.execute(models.Meeting.__table__.update().values(channel_id="C1"))
    made = _runner(db_factory, slack, FixedClock(ny("2003-10-15 09:30")))
    made.startup()
    yield made
    made.deliverer.close()


def _runner(db_factory: sessionmaker[DBSession], slack: FakeSlack, clock: FixedClock) -> ClockDrivenRunner:
    client = WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=CLIENT_TIMEOUT)
    notifier = SlackNotifier(client)
    return ClockDrivenRunner(Deliverer(db_factory, notifier, SqlLedger(db_factory), clock=clock, retry=RetryPolicy()))


def _clock(runner: ClockDrivenRunner) -> FixedClock:
    clock = runner.deliverer.clock
    assert isinstance(clock, FixedClock)
    return clock


def kept_keys(slack: FakeSlack) -> list[str]:
    """Delivery keys of the messages Slack kept in the channel, answered or not."""
    return [m["metadata"]["event_payload"]["key"] for m in slack.history("C1") if "metadata" in m]


def _row(db_factory: sessionmaker[DBSession]) -> models.ReminderDelivery:
    with db_factory() as db:
        row = db.scalar(select(models.ReminderDelivery).where(models.ReminderDelivery.key == KEY))
        assert row is not None
        return row


def _fire(runner: ClockDrivenRunner) -> None:
    _clock(runner).set(DUE)
    runner.run_due()


def test_a_45_second_outage_delays_the_reminder_but_it_is_sent_once(runner, slack, db_factory) -> None:
    outage = slack.faults.server_error("chat.postMessage", kept=False, channel="C1")
    _fire(runner)
    run_retries(runner.deliverer, _clock(runner), until=timedelta(seconds=45))
    assert kept_keys(slack) == []
    slack.faults.remove(outage)
    run_retries(runner.deliverer, _clock(runner))
    assert kept_keys(slack) == [KEY]
    row = _row(db_factory)
    assert row.status == "sent"
    assert _clock(runner).now() - DUE <= runner.deliverer.grace


def test_a_20_second_run_of_429s_is_waited_out_as_retry_after_asks(runner, slack, db_factory) -> None:
    limited = slack.faults.ratelimit("chat.postMessage", retry_after=2, channel="C1")
    _fire(runner)
    assert runner.deliverer.wait_settled(5)
    next_try = runner.deliverer.next_retry()
    assert next_try is not None and next_try - DUE >= timedelta(seconds=2)  # Retry-After, not 1 s
    run_retries(runner.deliverer, _clock(runner), until=timedelta(seconds=19))
    assert limited.hits >= 5  # more tries than the old fixed count, all refused
    slack.faults.remove(limited)
    run_retries(runner.deliverer, _clock(runner))
    assert kept_keys(slack) == [KEY]
    assert _row(db_factory).status == "sent"


def test_slack_down_past_the_grace_period_is_recorded_as_failed_and_never_posted_late(
    runner, slack, db_factory
) -> None:
    slack.faults.drop("chat.postMessage", kept=False)
    _fire(runner)
    run_retries(runner.deliverer, _clock(runner), until=timedelta(minutes=20))
    row = _row(db_factory)
    assert row.status == "failed" and "grace period" in row.error
    assert len(slack.calls_to("chat.postMessage")) > 5  # not a fixed five
    assert kept_keys(slack) == []


def test_a_timed_out_post_that_slack_keeps_late_is_not_posted_again(runner, slack, db_factory) -> None:
    # Slack sits on the post past the client's timeout and keeps it 2 s after it arrived.
    slow = slack.faults.timeout("chat.postMessage", seconds=2.0, kept=True, channel="C1", count=1)
    _fire(runner)
    assert runner.deliverer.wait_settled(10)
    assert slack.calls_to("conversations.history") == []  # not looked for while it may be landing
    assert slow.served.wait(10)  # ... and now it has landed
    run_retries(runner.deliverer, _clock(runner))
    assert kept_keys(slack) == [KEY]
    assert _row(db_factory).status == "sent"


@pytest.mark.parametrize("first_answer", ["server_error", "drop"])
def test_a_post_kept_behind_an_error_is_found_not_repeated(runner, slack, db_factory, first_answer) -> None:
    if first_answer == "server_error":
        slack.faults.server_error("chat.postMessage", kept=True, channel="C1", count=1)
    else:
        slack.faults.drop("chat.postMessage", kept=True, channel="C1", count=1)
    _fire(runner)
    run_retries(runner.deliverer, _clock(runner))
    assert kept_keys(slack) == [KEY]
    assert len(slack.calls_to("chat.postMessage")) == 1  # found in the history: no second post
    assert len(slack.calls_to("conversations.history")) == 1
    assert _row(db_factory).status == "sent"


def test_after_a_finding_nothing_and_a_429_the_history_is_searched_again_before_posting(
    runner, slack, db_factory
) -> None:
    # Attempt 1 times out, kept only much later; attempt 2 (after the settle) meets a 429;
    # by attempt 3 the first post has landed: it must be found, not doubled.
    slow = slack.faults.timeout("chat.postMessage", seconds=60, kept=True, channel="C1", count=1)
    _fire(runner)
    assert runner.deliverer.wait_settled(10)
    slack.faults.ratelimit("chat.postMessage", retry_after=5, channel="C1", count=1)
    run_retries(runner.deliverer, _clock(runner), until=timedelta(seconds=31))
    assert len(slack.calls_to("conversations.history")) == 1  # searched once, found nothing
    slow.release()
    assert slow.served.wait(10)
    run_retries(runner.deliverer, _clock(runner))
    assert kept_keys(slack) == [KEY]


def test_a_new_leader_waits_for_the_old_leaders_post_to_settle_before_resending(
    runner, slack, db_factory
) -> None:
    """Takeover: the old leader claimed the reminder and its post was in flight when it died."""
    clock = _clock(runner)
    clock.set(DUE)
    assert SqlLedger(db_factory).claim(DeliveryRecord(KEY, MORNING, SLUG, "session", DUE, "channel:C1"))
    slow = slack.faults.timeout("chat.postMessage", seconds=2.0, kept=True, channel="C1", count=1)
    inputs, by_id = runner.deliverer.plan_for(SLUG)  # type: ignore[misc]
    reminder = by_id[MORNING]
    dead_leader = SlackNotifier(WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=CLIENT_TIMEOUT))

    def last_words() -> None:
        try:
            dead_leader.post(reminder.destination, compose(reminder, inputs.meeting, DUE))
        except DeliveryError:
            pass  # it timed out; the process is gone anyway

    threading.Thread(target=last_words).start()
    assert slack.faults.wait_hits(slow, 1)
    clock.advance(timedelta(seconds=1))
    successor = _runner(db_factory, slack, clock)
    try:
        summary = successor.startup()
        assert successor.deliverer.wait_settled(10)
        assert summary["reconciled"] == {KEY: "settling"}
        assert slack.calls_to("conversations.history") == []
        assert slow.served.wait(10)
        run_retries(successor.deliverer, clock)
        assert kept_keys(slack) == [KEY]
        assert _row(db_factory).status == "sent"
    finally:
        successor.deliverer.close()


def test_faults_hit_only_their_method_and_channel(slack) -> None:
    slack.add_channel("C2")
    slack.faults.ratelimit("chat.postMessage", retry_after=7, channel="C1")
    client = WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=CLIENT_TIMEOUT, retry_handlers=[])
    assert client.chat_postMessage(channel="C2", text="elsewhere")["ok"]
    assert client.conversations_history(channel="C1")["ok"]
    with pytest.raises(Exception) as refused:
        client.chat_postMessage(channel="C1", text="here")
    assert refused.value.response.status_code == 429  # type: ignore[attr-defined]
    assert refused.value.response.headers.get("Retry-After") == "7"  # type: ignore[attr-defined]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [200, 429]
