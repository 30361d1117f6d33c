"""Item 17 of issue 12: mentions written by bots (another app, or this one) are not
answered, so two bots can never answer each other forever."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import SlackApp
from tests.e2e.conftest import SlackSender, make_mention
from tests.fake_slack import BOT_USER_ID, FakeSlack

OTHER_BOT = {"user": "U0OTHERBOT", "bot_id": "B0OTHERBOT", "bot_profile": {"id": "B0OTHERBOT", "name": "echo"}}
FROM_BOTS = {
    "another app's bot user": OTHER_BOT,
    "a bot_message": {"subtype": "bot_message", "bot_id": "B0OTHERBOT", "user": "U0OTHERBOT"},
    "a bot profile only": {"user": "U0OTHERBOT", "bot_profile": {"id": "B0OTHERBOT"}},
    "this app itself": {"user": BOT_USER_ID},
}


@pytest.mark.parametrize("author", list(FROM_BOTS.values()), ids=list(FROM_BOTS))
def test_a_mention_written_by_a_bot_is_not_answered(
    slack_app: SlackApp, slack: SlackSender, fake_slack: FakeSlack, author: dict[str, Any],
) -> None:
    mention = make_mention("when is lunch?")
    mention["event"].update(author)

    assert slack.event(mention).status == 200
    assert slack_app.pool.wait_idle(10)

    assert fake_slack.answers() == []


def test_the_same_mention_from_a_person_is_answered(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.event(make_mention("when is lunch?"))
    assert "Lunch" in fake_slack.wait_one("chat.postMessage").args["text"]
