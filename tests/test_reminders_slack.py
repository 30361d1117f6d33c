"""Reminders end to end through Slack's Web API (the fake server), on real time.

What reminders need from Slack is in tests/fake_slack.py: messages keep their
``metadata``, ``conversations.history`` returns it when asked with
``include_all_metadata``, ``conversations.open`` gives a DM channel, and a 500
can come *after* the message was kept (``fail_next(..., accepted=True)``, the
case that makes a blind retry post twice).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.reminders import ReminderService, RetryPolicy
from bot.reminders.planner import Target
from bot.reminders.settings import add_subscription, set_policy
from handlers.slack.notifier import EVENT_TYPE, SlackNotifier
from store import models
from store.agenda import save_meeting
from store.db import transaction
from store.values import Meeting
from tests.fake_slack import BOT_TOKEN, FakeSlack
from tests.recording_notifier import meeting_at


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def delivered(slack: FakeSlack) -> list[str]:
    """The delivery keys of every message Slack kept (answered or not)."""
    return [m["metadata"]["event_payload"]["key"] for m in slack.history() if "metadata" in m]


def _meeting_due_in(db_factory, seconds: list[float]) -> Meeting:
    """A meeting whose 15-minute reminders fall due ``seconds`` from now."""
    now = datetime.now(UTC)
    meeting = meeting_at([now + timedelta(minutes=15, seconds=s) for s in seconds], slug="soon")
    with transaction(db_factory) as db:
        save_meeting(db, meeting, author="test")
        db.execute(models.Meeting.__table__.update().values(channel_id="C1"))
        set_policy(db, "soon", "15m")
    return meeting


def test_reminders_reach_slack_once_through_429_and_500(engine, db_factory, slack) -> None:
    meeting = _meeting_due_in(db_factory, [1.5, 3.5, 5.5])
    with transaction(db_factory) as db:  # and a personal reminder, by DM, with the first one
        add_subscription(db, "soon", "U7", Target.for_session(meeting.sessions[0]), 15)
    client = WebClient(token=BOT_TOKEN, base_url=slack.base_url)
    service = ReminderService(
        engine, SlackNotifier(client), poll_interval=0.2, retry=RetryPolicy(base=0.1, settle=0.5)
    )
    slack.fail_next("chat.postMessage", status=429, count=2, retry_after=0)
    service.start()
    try:
        assert service.wait_until_leader(10)
        first = slack.wait_one("chat.postMessage", lambda c: c.args["channel"] == "C1", timeout=10)
        assert [c.status for c in slack.calls_to("chat.postMessage")][:3] == [429, 429, 200]
        slack.fail_next("chat.postMessage", status=500, count=1)
        slack.wait_for("chat.postMessage", lambda c: c.args["channel"] == "C1", count=2, timeout=10)
        slack.fail_next("chat.postMessage", status=500, accepted=True)
        # Each 500 is followed by a look at the history: the second one finds the message kept.
        slack.wait_for("conversations.history", count=2, timeout=10)
        service.deliverer.wait_idle(10)
        with db_factory() as db:
            statuses = dict(db.execute(select(models.ReminderDelivery.key, models.ReminderDelivery.status)).all())
    finally:
        service.stop()
    keys = delivered(slack)
    assert len(keys) == 4 and len(set(keys)) == 4  # three channel reminders and one DM, once each
    assert set(statuses.values()) == {"sent"} and set(statuses) == set(keys)
    statuses_seen = [c.status for c in slack.calls_to("chat.postMessage")]
    assert statuses_seen.count(429) == 2 and statuses_seen.count(500) == 2
    # After the ambiguous 500 the history was read (with metadata) rather than posting blindly.
    history = slack.calls_to("conversations.history")
    assert len(history) == 2 and all(c.args.get("include_all_metadata") in (True, "true", "1", 1) for c in history)
    # The DM goes to the user id (Slack finds the conversation), or, once a 500 made us look in
    # its history, to the conversation conversations.open named for that look.
    assert any(c.args["channel"] in ("U7", "D7") and c.status == 200 for c in slack.calls_to("chat.postMessage"))
    assert first.args["metadata"]["event_type"] == EVENT_TYPE
    assert first.args["text"].startswith("Session 1 starts in 15 minutes")
    assert first.args["blocks"][0]["text"]["text"].startswith("*Session 1 starts in 15 minutes")
