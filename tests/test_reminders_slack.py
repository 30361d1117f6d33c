"""Reminders end to end through Slack's Web API (the fake server), on real time.

The fake here adds what reminders need from Slack on top of tests/fake_slack.py:
messages keep their ``metadata``, ``conversations.history`` returns it when
asked with ``include_all_metadata``, ``conversations.open`` gives a DM
channel, and a 500 can come *after* the message was kept (the case that makes
a blind retry post twice).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.reminders import ReminderService, RetryPolicy
from bot.reminders.planner import Target
from bot.reminders.settings import add_subscription, set_policy
from handlers.notifier import EVENT_TYPE, SlackNotifier
from store import models
from store.agenda import save_meeting
from store.db import transaction
from store.values import Meeting
from tests.fake_slack import BOT_TOKEN, FakeSlack, _Handled
from tests.recording_notifier import meeting_at


class ReminderSlack(FakeSlack):
    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[str, list[dict[str, Any]]] = {}
        self.accept_then_fail = 0

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        answer = super()._m_chat_postMessage(args)
        if answer.get("ok"):
            message = dict(answer["message"])
            if args.get("metadata"):
                message["metadata"] = args["metadata"]
            with self._changed:
                self.kept.setdefault(answer["channel"], []).append(message)
        return answer

    def _m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = str(args.get("users") or "")
        if not users.startswith("U"):
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": "D" + users[1:]}}

    def _m_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        oldest = float(args.get("oldest") or 0)
        with self._changed:
            kept = list(self.kept.get(str(args.get("channel")), []))
        messages = [
            {k: v for k, v in m.items() if k != "metadata" or args.get("include_all_metadata") in (True, "true", "1", 1)}
            for m in reversed(kept)
            if float(m["ts"].split(".")[0]) >= int(oldest)
        ]
        return {"ok": True, "messages": messages, "has_more": False}

    def _failure(self, method: str, args: dict[str, Any]) -> _Handled | None:
        if method == "chat.postMessage" and self.accept_then_fail > 0:
            self.accept_then_fail -= 1
            self._m_chat_postMessage(args)  # kept, but the answer is lost in a server error
            return _Handled(500, {"ok": False, "error": "fatal_error"})
        return super()._failure(method, args)

    def delivered(self) -> list[str]:
        with self._changed:
            return [m["metadata"]["event_payload"]["key"] for ms in self.kept.values() for m in ms]


@pytest.fixture
def slack() -> Iterator[ReminderSlack]:
    fake = ReminderSlack().start()
    yield fake
    fake.stop()


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
    service = ReminderService(engine, SlackNotifier(client), poll_interval=0.2, retry=RetryPolicy(base=0.1))
    slack.fail_next("chat.postMessage", status=429, count=2, retry_after=0)
    service.start()
    try:
        assert service.wait_until_leader(10)
        first = slack.wait_one("chat.postMessage", lambda c: c.args["channel"] == "C1", timeout=10)
        assert [c.status for c in slack.calls_to("chat.postMessage")][:3] == [429, 429, 200]
        slack.fail_next("chat.postMessage", status=500, count=1)
        slack.wait_for("chat.postMessage", lambda c: c.args["channel"] == "C1", count=2, timeout=10)
        slack.accept_then_fail = 1
        # Each 500 is followed by a look at the history: the second one finds the message kept.
        slack.wait_for("conversations.history", count=2, timeout=10)
        service.deliverer.wait_idle(10)
        with db_factory() as db:
            statuses = dict(db.execute(select(models.ReminderDelivery.key, models.ReminderDelivery.status)).all())
    finally:
        service.stop()
    keys = slack.delivered()
    assert len(keys) == 4 and len(set(keys)) == 4  # three channel reminders and one DM, once each
    assert set(statuses.values()) == {"sent"} and set(statuses) == set(keys)
    statuses_seen = [c.status for c in slack.calls_to("chat.postMessage")]
    assert statuses_seen.count(429) == 2 and statuses_seen.count(500) == 2
    # After the ambiguous 500 the history was read (with metadata) rather than posting blindly.
    history = slack.calls_to("conversations.history")
    assert len(history) == 2 and all(c.args.get("include_all_metadata") in (True, "true", "1", 1) for c in history)
    dm = slack.calls_to("conversations.open")[0]
    assert dm.args["users"] == "U7"
    assert first.args["metadata"]["event_type"] == EVENT_TYPE
    assert first.args["text"].startswith("Session 1 starts in 15 minutes")
    assert first.args["blocks"][0]["text"]["text"].startswith("*Session 1 starts in 15 minutes")
