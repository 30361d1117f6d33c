"""After Confirm, App Homes are redrawn off the click's thread, most recent viewers first,
and a second change while they are pending does not double the work. The fake Slack
enforces Slack's tiers (views.publish: Tier 4, about 100 a minute)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session, sessionmaker

from handlers.render.organizer import CONFIRM_ACTION
from store import models
from store.db import transaction
from tests.e2e.conftest import BOB, buttons, make_block_action, make_home_opened
from tests.e2e.test_organizers import HOOK, SLUG, _command, _make_organizers, organizers  # noqa: F401
from tests.fake_slack import Call, FakeSlack

VIEWERS = [f"U0VIEW{n:04d}" for n in range(40)]
RECENT = ["U0RECENT1", "U0RECENT2", "U0RECENT3"]  # opened their Home in this order, just now


def _viewers(db_factory: sessionmaker[Session]) -> None:
    """Forty people whose Home shows the meeting (known: no users.info needed)."""
    with transaction(db_factory) as db:
        for user in VIEWERS:
            db.add(models.SlackUser(user_id=user, team_id="", tz="UTC", is_admin=False,
                                    home_meeting=SLUG))


def _click_confirm(slack, fake_slack: FakeSlack, text: str) -> tuple[float, Call]:
    preview = _command(slack, fake_slack, text, BOB)
    payload = make_block_action(CONFIRM_ACTION, buttons(preview)[CONFIRM_ACTION]["value"], user=BOB,
                                channel=preview.args["channel"], response_url=HOOK)
    sent = time.monotonic()
    assert slack.interaction(payload).status == 200
    done = fake_slack.wait_one("response_url", lambda c: c.at >= sent and "Done" in str(c.args), timeout=10)
    return sent, done


def test_confirm_answers_done_at_once_and_homes_follow_most_recent_first_without_429(
    organizers, slack, fake_slack: FakeSlack, db_factory  # noqa: F811
) -> None:
    limits = fake_slack.enforce_rate_limits()
    _viewers(db_factory)
    for user in RECENT:
        fake_slack.add_user(user, name=user.lower())
        slack.event(make_home_opened(user))
        fake_slack.wait_one("views.publish", lambda c, user=user: c.args["user_id"] == user)
    _make_organizers(slack, fake_slack)
    before = len(fake_slack.calls_to("views.publish"))

    sent, done = _click_confirm(slack, fake_slack, "move afternoon session to 15:30 16 October")
    assert done.at - sent < 1.0, f"Done after {done.at - sent:.2f}s"
    redraws_at_done = len(fake_slack.calls_to("views.publish")) - before
    assert redraws_at_done < len(VIEWERS)  # the click did not wait for the Homes

    fake_slack.wait_for("views.publish", lambda c: "15:30" in str(c.args["view"]), count=len(VIEWERS) + 3,
                        timeout=60)
    assert organizers.deps.homes.wait_redrawn(60)
    redrawn = [c.args["user_id"] for c in fake_slack.calls_to("views.publish")[before:] if c.ok]
    assert redrawn[:3] == list(reversed(RECENT))  # the most recent viewer first
    assert sorted(redrawn) == sorted(VIEWERS + RECENT)  # everyone, once
    assert limits.refused == []  # paced under Tier 4: not one 429


def test_a_second_confirm_while_homes_are_pending_does_not_double_the_redraws(
    organizers, slack, fake_slack: FakeSlack, db_factory  # noqa: F811
) -> None:
    fake_slack.enforce_rate_limits()
    _viewers(db_factory)
    _make_organizers(slack, fake_slack)
    before = len(fake_slack.calls_to("views.publish"))
    _click_confirm(slack, fake_slack, "move afternoon session to 15:30 16 October")
    _click_confirm(slack, fake_slack, "move afternoon session to 16:00 16 October")
    fake_slack.wait_for("views.publish", lambda c: "16:00" in str(c.args["view"]), count=len(VIEWERS), timeout=60)
    assert organizers.deps.homes.wait_redrawn(60)

    drawn = [c for c in fake_slack.calls_to("views.publish")[before:] if c.ok]
    newest = [c.args["user_id"] for c in drawn if "16:00" in str(c.args["view"])]
    older = [c for c in drawn if "16:00" not in str(c.args["view"])]
    assert set(newest) == set(VIEWERS)  # everyone ends on the newest agenda
    # The first pass stopped when the second change came: not forty 15:30 Homes and then forty
    # 16:00 ones, but the 15:30 ones drawn by then and one 16:00 Home each, give or take the
    # few the first pass drew between the change being saved and its redraw being asked for.
    assert len(older) < len(VIEWERS)
    assert len(drawn) <= len(older) + len(VIEWERS) + 3


def test_concurrent_first_home_opens_of_one_person_all_succeed(
    slack_app, slack, fake_slack: FakeSlack, db_factory, caplog  # noqa: F811
) -> None:
    """Slack knows nothing of U0NEWCOMER yet (users.info fails), so each open writes a
    first row for them: thirty at once must not trip over each other's insert."""
    newcomer = "U0NEWCOMER"
    with ThreadPoolExecutor(30) as pool:
        statuses = list(pool.map(lambda _: slack.event(make_home_opened(newcomer)).status, range(30)))
    assert statuses == [200] * 30
    fake_slack.wait_for("views.publish", lambda c: c.args["user_id"] == newcomer, count=30, timeout=30)
    assert slack_app.pool.wait_idle(10)
    assert not [r for r in caplog.records if r.levelname == "ERROR"], [r.getMessage() for r in caplog.records]
    with db_factory() as db:
        assert db.get(models.SlackUser, newcomer).home_meeting == SLUG
