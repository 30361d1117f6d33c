"""Reminders through the Slack app: signed HTTP in, the fake Slack Web API out.

Most tests run on the app's fixed clock (11:00 on the sample meeting's first
day), where the reminder service schedules on that clock and fires when the
test moves it. Two run on the wall clock with APScheduler, on a meeting
generated a few seconds ahead, as production does.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import SlackApp, make_http_server
from bot.clock import FixedClock
from bot.config import Settings
from bot.reminders.settings import get_policy, get_rapporteur, list_subscriptions
from handlers.render.blocks import CANCEL_REMINDER_ACTION, REMIND_ME_ACTION
from handlers.slack.notifier import EVENT_TYPE
from store import models
from store.agenda import save_meeting
from store.db import transaction
from tests.e2e.conftest import (
    ADMIN,
    ALICE,
    ALICE_DM,
    BOB,
    CHANNEL,
    NEW_YORK,
    SlackSender,
    block_texts,
    load_payload,
    make_block_action,
    make_command,
    make_dm,
    make_home_opened,
    make_mention,
    shown,
    signed_poster,
    started,
)
from tests.fake_slack import Call, FakeSlack
from tests.recording_notifier import meeting_at

SLUG = "coordination-meeting-2003"
AFTERNOON = f"{SLUG}/session/2003-10-15-afternoon-session/"
RAPPORTEUR_DM = f"{SLUG}/rapporteur_dm/2003-10-16-afternoon-session/item-IX/2h"


def jobs(app: SlackApp, part: str = "") -> dict[str, datetime]:
    """The reminder jobs the app has scheduled (ids containing ``part``)."""
    assert app.deps.reminders.wait_until_leader(10), "the app never started firing reminders"
    return {rid: due for rid, due in app.deps.reminders.scheduled(f"{SLUG}/").items() if part in rid}


def reminder_key(call: Call) -> str:
    return str(call.args["metadata"]["event_payload"]["key"])


def accessories(blocks: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    return [b["accessory"] for b in blocks if b.get("accessory", {}).get("action_id") == action_id]


# --- /agenda reminders, set, rapporteur ------------------------------------------------------


def test_reminders_shows_the_policy_and_what_comes_next(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.command(make_command("reminders", user=BOB))
    answer = fake_slack.wait_one("chat.postEphemeral")
    text = shown(answer)
    assert "Reminders for this meeting (15m,1d,report=on,rapporteur=2h)" in text
    assert "Rapporteur: not set" in text
    assert "Wed 15 Oct 14:45: before Afternoon session, Wed 15 Oct 15:00 → no channel linked" in text
    assert "Thu 16 Oct 13:00: DM to the rapporteur to prepare item IX" in text
    assert text.index("Wed 15 Oct 14:45") < text.index("Thu 16 Oct 09:45")  # in order, from now on
    assert "09:45: before Morning session, Wed 15 Oct" not in text  # already past at 11:00


def test_an_admin_changes_the_policy_and_the_jobs_follow(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    assert list(jobs(slack_app, AFTERNOON)) == [AFTERNOON + "15m"]

    slack.command(make_command("reminders set 30m,1d", user=ADMIN))
    answer = fake_slack.wait_one("chat.postEphemeral")

    assert shown(answer).startswith("Reminders updated (30m,1d,report=on,rapporteur=2h)")
    # Re-planned before the reply was sent: the afternoon's reminder moved to 14:30.
    assert jobs(slack_app, AFTERNOON) == {AFTERNOON + "30m": datetime(2003, 10, 15, 18, 30, tzinfo=UTC)}
    with slack_app.deps.db_factory() as db:
        assert get_policy(db, SLUG).text == "30m,1d,report=on,rapporteur=2h"
    assert fake_slack.calls_to("users.info")[-1].args["user"] == ADMIN  # asked afresh


def test_a_bad_policy_is_explained_and_changes_nothing(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    slack.command(make_command("reminders set 30", user=ADMIN))
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert "“30” is not a length of time" in shown(answer)
    assert list(jobs(slack_app, AFTERNOON)) == [AFTERNOON + "15m"]


def test_someone_who_is_not_an_admin_is_refused_and_nothing_changes(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    before = jobs(slack_app)
    slack.command(make_command("reminders set 30m", user=BOB))
    refused = fake_slack.wait_one("chat.postEphemeral")
    slack.command(make_command(f"rapporteur <@{BOB}|bob>", user=BOB))
    refused_too = fake_slack.wait_for("chat.postEphemeral", count=2)[1]

    assert shown(refused).startswith("Only workspace admins and owners can change the reminders")
    assert shown(refused_too).startswith("Only workspace admins and owners can name the rapporteur")
    assert refused.args["user"] == BOB and refused_too.args["user"] == BOB
    assert jobs(slack_app) == before
    with slack_app.deps.db_factory() as db:
        assert get_policy(db, SLUG).text == "15m,1d,report=on,rapporteur=2h"
        assert get_rapporteur(db, SLUG) is None


def test_the_rapporteur_named_by_mention_gets_their_dm_when_it_falls_due(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp, clock: FixedClock
) -> None:
    slack.command(make_command(f"rapporteur <@{BOB}|bob>", user=ADMIN))
    named = fake_slack.wait_one("chat.postEphemeral")
    assert shown(named) == f"<@{BOB}> is the rapporteur; they will get a reminder 2h before the report's session."
    assert f"<@{BOB}>" in block_texts(named.args["blocks"])  # a mention, not escaped text

    slack.command(make_command("reminders", user=ADMIN))
    listing = fake_slack.wait_one("chat.postEphemeral", lambda c: "Next:" in shown(c))
    # The admin reads Zurich time beside the meeting's.
    assert (f"Thu 16 Oct 13:00 New York time (19:00 your time): DM to the rapporteur to prepare item IX. "
            f"Rapporteur's report (Afternoon session, Thu 16 Oct 15:00) → DM <@{BOB}>") in shown(listing)
    assert RAPPORTEUR_DM in jobs(slack_app)

    clock.set(datetime(2003, 10, 16, 13, 0, tzinfo=NEW_YORK))  # the DM falls due
    dm = fake_slack.wait_one("chat.postMessage", lambda c: "metadata" in c.args)
    # Posted to the user id (Slack finds the DM): no Tier 3 conversations.open per person.
    assert dm.args["channel"] == BOB and not fake_slack.calls_to("conversations.open")
    assert dm.args["metadata"]["event_type"] == EVENT_TYPE
    assert reminder_key(dm).startswith(RAPPORTEUR_DM + "@")
    assert "report" in shown(dm).lower()


# --- personal reminders ----------------------------------------------------------------------


def test_remind_me_lists_and_cancels_with_the_button(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp, db_factory: sessionmaker[Session]
) -> None:
    slack.command(make_command("remind me item V 10m", user=ALICE))
    noted = fake_slack.wait_one("chat.postEphemeral")
    assert shown(noted) == (
        "I'll remind you by DM 10m before item V. Presentation and discussion on workers' remittances: "
        "at 14:50 New York time (Thu 03:50 your time)."
    )
    personal = jobs(slack_app, "/personal/")
    assert list(personal) == [f"{SLUG}/personal/{ALICE}/2003-10-15-afternoon-session/item-V/10m"]

    slack.command(make_command("reminders mine", user=ALICE))
    mine = fake_slack.wait_one("chat.postEphemeral", lambda c: "Your reminders" in shown(c))
    (cancel,) = accessories(mine.args["blocks"], CANCEL_REMINDER_ACTION)
    assert "10m before item V" in shown(mine) and "next at 14:50" in shown(mine)

    click = make_block_action(CANCEL_REMINDER_ACTION, cancel["value"], user=ALICE,
                              response_url=load_payload("block_actions_button")["response_url"])
    slack.interaction(click)
    redrawn = fake_slack.wait_one("response_url")
    assert redrawn.args["replace_original"] in (True, "true")
    assert shown(redrawn).startswith("Cancelled: you won't get that reminder.")
    assert "You have no personal reminders" in shown(redrawn)
    assert jobs(slack_app, "/personal/") == {}
    with db_factory() as db:
        assert list_subscriptions(db, user=ALICE) == []


def test_nobody_cancels_someone_elses_reminder(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp, db_factory: sessionmaker[Session]
) -> None:
    slack.command(make_command("remind me the afternoon session", user=ALICE))
    fake_slack.wait_one("chat.postEphemeral")
    with db_factory() as db:
        (alices,) = list_subscriptions(db, user=ALICE)

    slack.command(make_command(f"reminders cancel {alices.id}", user=BOB))
    answer = fake_slack.wait_one("chat.postEphemeral", lambda c: c.args["user"] == BOB)
    assert shown(answer).startswith("That is not one of your reminders")
    assert len(jobs(slack_app, "/personal/")) == 1


@pytest.mark.parametrize("words", ["remind me before item V", "please remind me about item V!"])
def test_remind_me_in_a_dm(
    words: str, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    slack.event(make_dm(words, user=ALICE))
    answer = fake_slack.wait_one("chat.postMessage")
    assert answer.args["channel"] == ALICE_DM
    assert shown(answer).startswith("I'll remind you by DM 15m before item V.")
    assert list(jobs(slack_app, "/personal/")) == [
        f"{SLUG}/personal/{ALICE}/2003-10-15-afternoon-session/item-V/15m"
    ]


def test_remind_me_in_a_mention_is_answered_to_the_asker_only(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    slack.event(make_mention("remind me 10 minutes before the afternoon session", user=BOB))
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert answer.args["channel"] == CHANNEL and answer.args["user"] == BOB
    assert shown(answer) == "I'll remind you by DM 10m before Afternoon session, Wed 15 Oct: at 14:50."
    assert list(jobs(slack_app, "/personal/")) == [f"{SLUG}/personal/{BOB}/2003-10-15-afternoon-session/10m"]
    assert fake_slack.calls_to("chat.postMessage") == []  # nothing said to the channel


def test_a_question_that_says_remind_me_is_still_a_question(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    slack.event(make_dm("remind me when the rapporteur's report is", user=BOB, channel="D0BOBBOT1"))
    answer = fake_slack.wait_one("chat.postMessage")
    assert "15:00" in shown(answer) and "I'll remind you" not in shown(answer)
    assert jobs(slack_app, "/personal/") == {}


def test_an_unknown_item_says_what_there_is(slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp) -> None:
    slack.command(make_command("remind me item XIV", user=ALICE))
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert shown(answer).startswith("There is no item XIV. Items: I, II, III")
    assert jobs(slack_app, "/personal/") == {}


def test_remind_me_buttons_beside_sessions_still_to_come(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    slack.command(make_command("", user=BOB))  # today's remaining sessions
    agenda = fake_slack.wait_one("chat.postEphemeral")
    buttons = accessories(agenda.args["blocks"], REMIND_ME_ACTION)
    assert len(buttons) == 1  # the afternoon's; the morning session is on already
    assert "afternoon session" in buttons[0]["value"]

    slack.interaction(make_block_action(REMIND_ME_ACTION, buttons[0]["value"], user=BOB))
    noted = fake_slack.wait_one("chat.postEphemeral", lambda c: "remind you" in shown(c))
    assert noted.args["channel"] == CHANNEL and noted.args["user"] == BOB
    assert shown(noted) == "I'll remind you by DM 15m before Afternoon session, Wed 15 Oct: at 14:45."
    assert list(jobs(slack_app, "/personal/")) == [f"{SLUG}/personal/{BOB}/2003-10-15-afternoon-session/15m"]


def test_remind_me_from_app_home_answers_by_dm(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    slack.event(make_home_opened(ALICE))
    home = fake_slack.wait_one("views.publish")
    buttons = accessories(home.args["view"]["blocks"], REMIND_ME_ACTION)
    assert len(buttons) == 3  # this afternoon and both of tomorrow's sessions
    tomorrow_morning = next(b for b in buttons if "2003-10-16|morning session" in b["value"])

    click = load_payload("block_actions_home_select")
    click["user"]["id"] = ALICE
    click["actions"] = [{"type": "button", "action_id": REMIND_ME_ACTION, "block_id": "s1",
                         "value": tomorrow_morning["value"], "action_ts": "1066231000.222222"}]
    slack.interaction(click)
    dm = fake_slack.wait_one("chat.postMessage")
    assert dm.args["channel"] == ALICE  # App Home has no channel: her DM with the bot
    assert shown(dm) == ("I'll remind you by DM 15m before Morning session, Thu 16 Oct: "
                         "at 09:45 New York time (22:45 your time).")
    assert list(jobs(slack_app, "/personal/")) == [f"{SLUG}/personal/{ALICE}/2003-10-16-morning-session/15m"]


# --- on the wall clock: APScheduler, a meeting due in seconds -------------------------------


@contextmanager
def serving(app: SlackApp, fake: FakeSlack) -> Iterator[SlackSender]:
    server = make_http_server(app.web, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="live-app", daemon=True)
    thread.start()
    try:
        yield SlackSender(signed_poster(f"http://127.0.0.1:{server.server_port}"), fake)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def live_app(settings: Settings) -> Iterator[SlackApp]:
    """The app as ``serve`` runs it: the system clock, APScheduler firing on wall-clock time."""
    with started(settings) as app:
        yield app


def meeting_due_in(db_factory: sessionmaker[Session], seconds: list[float]) -> list[float]:
    """A meeting whose 15-minute session reminders fall due ``seconds`` from now; their
    due times on the monotonic clock the fake stamps its calls with."""
    wall, mono = datetime.now(UTC), time.monotonic()
    starts = [wall + timedelta(minutes=15, seconds=s) for s in seconds]
    with transaction(db_factory) as db:
        save_meeting(db, meeting_at(starts, slug="soon"), author="test")
    return [mono + s for s in seconds]


def link_soon(sender: SlackSender, fake: FakeSlack) -> None:
    sender.command(make_command("link soon", user=ADMIN))
    assert "now linked" in shown(fake.wait_one("chat.postEphemeral"))


def session_reminders(fake: FakeSlack) -> list[str]:
    """Delivery keys of the reminders Slack kept in the channel (answered with 200 or not)."""
    return [m["metadata"]["event_payload"]["key"] for m in fake.history(CHANNEL) if "metadata" in m]


def test_a_session_reminder_arrives_within_a_second_of_due_exactly_once(
    live_app: SlackApp, fake_slack: FakeSlack, db_factory: sessionmaker[Session]
) -> None:
    (due,) = meeting_due_in(db_factory, [4.0])
    with serving(live_app, fake_slack) as sender:
        link_soon(sender, fake_slack)
        posted = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == CHANNEL, timeout=15)
    assert live_app.deps.reminders.deliverer.wait_idle(10)

    assert -0.05 <= posted.at - due < 1.0, f"{posted.at - due:+.3f}s from due"
    assert shown(posted).startswith("Session 1 starts in 15 minutes")
    assert session_reminders(fake_slack) == [reminder_key(posted)]  # once
    with db_factory() as db:
        status = db.scalar(select(models.ReminderDelivery.status).where(
            models.ReminderDelivery.key == reminder_key(posted)))
    assert status == "sent"


def test_rate_limits_and_server_errors_are_retried_and_each_reminder_arrives_once(
    live_app: SlackApp, fake_slack: FakeSlack, db_factory: sessionmaker[Session]
) -> None:
    meeting_due_in(db_factory, [3.0, 6.0])
    in_channel = lambda c: c.args.get("channel") == CHANNEL  # noqa: E731
    # After the 500 the history is searched once the post has had time to settle: 30 s in
    # production, 1 s here, since this test runs on real time.
    deliverer = live_app.deps.reminders.deliverer
    deliverer.retry = dataclasses.replace(deliverer.retry, settle=1.0)
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=0)
    with serving(live_app, fake_slack) as sender:
        link_soon(sender, fake_slack)
        fake_slack.wait_one("chat.postMessage", in_channel, timeout=15)
        # Slack keeps the second one but answers 500: posting again blindly would duplicate it.
        fake_slack.fail_next("chat.postMessage", status=500, accepted=True)
        fake_slack.wait_one("conversations.history", timeout=15)
    assert live_app.deps.reminders.deliverer.wait_idle(15)

    statuses = [c.status for c in fake_slack.calls_to("chat.postMessage") if in_channel(c)]
    assert statuses == [429, 200, 500]
    history = fake_slack.calls_to("conversations.history")
    assert len(history) == 1 and str(history[0].args["include_all_metadata"]).lower() in ("true", "1")
    keys = session_reminders(fake_slack)
    assert len(keys) == 2 and len(set(keys)) == 2
    with db_factory() as db:
        rows = dict(db.execute(select(models.ReminderDelivery.key, models.ReminderDelivery.status)).all())
    assert {rows[k] for k in keys} == {"sent"}
