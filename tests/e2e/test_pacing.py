"""Pacing against Slack's rate limits, with the fake Slack enforcing them (429 + Retry-After).

The app must never trip a limit: its own pacer keeps every post inside Slack's
pace, so a test that sees one 429 from the fake has found a bug.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot.app import SlackApp
from bot.reminders.planner import Target
from bot.reminders.settings import add_subscription
from store.agenda import load_meeting
from store.db import transaction
from tests.e2e.conftest import CHANNEL
from tests.e2e.test_reminders import link_soon, live_app, meeting_due_in, serving  # noqa: F401
from tests.fake_slack import FakeSlack


def test_eight_room_reminders_due_at_once_in_one_channel_go_out_paced_and_on_time(
    live_app: SlackApp, fake_slack: FakeSlack, db_factory: sessionmaker[Session]  # noqa: F811
) -> None:
    limits = fake_slack.enforce_rate_limits()
    dues = meeting_due_in(db_factory, [14.0] * 8)  # eight parallel rooms, one start time
    in_channel = lambda c: c.args.get("channel") == CHANNEL and "metadata" in c.args  # noqa: E731
    with serving(live_app, fake_slack) as sender:
        link_soon(sender, fake_slack)
        fake_slack.wait_for("chat.postMessage", in_channel, count=8, timeout=30)
    assert live_app.deps.reminders.deliverer.wait_idle(15)

    posts = [c for c in fake_slack.calls_to("chat.postMessage") if in_channel(c)]
    assert limits.refused == []  # not one 429: the app kept to one post a second
    assert [c.status for c in posts] == [200] * 8
    gaps = [b.at - a.at for a, b in zip(posts, posts[1:], strict=False)]
    assert min(gaps) >= 0.8, gaps
    # Started ahead of time, so that the last of the eight is not late either.
    assert posts[-1].at <= dues[0] + 1.0, f"last one {posts[-1].at - dues[0]:+.2f}s from due"
    assert len({str(c.args["metadata"]["event_payload"]["key"]) for c in posts}) == 8


def test_forty_personal_reminders_due_at_once_start_early_and_none_is_late_or_refused(
    live_app: SlackApp, fake_slack: FakeSlack, db_factory: sessionmaker[Session]  # noqa: F811
) -> None:
    """More DMs at one instant than the app-wide pace (5 a second) sends in time: the crowd
    is started ahead, worked back from the due time, so the last one is not late either."""
    limits = fake_slack.enforce_rate_limits()
    people = [f"U0CROWD{n:03d}" for n in range(40)]
    (due,) = meeting_due_in(db_factory, [14.0])
    with transaction(db_factory) as db:
        session = load_meeting(db, "soon").sessions[0]
        for user in people:
            add_subscription(db, "soon", user, Target.for_session(session), 15)
    with serving(live_app, fake_slack) as sender:
        link_soon(sender, fake_slack)
        dms = fake_slack.wait_for("chat.postMessage", lambda c: c.args.get("channel") in people, count=40,
                                  timeout=40)
    assert live_app.deps.reminders.deliverer.wait_idle(15)

    assert limits.refused == []
    assert sorted(c.args["channel"] for c in dms) == people  # each once
    assert dms[0].at < due - 5.0  # started ahead of the due time
    assert max(c.at for c in dms) <= due + 1.0, f"last DM {max(c.at for c in dms) - due:+.2f}s from due"
