"""Mentions, direct messages and App Home, end to end: signed HTTP in, Web API calls out."""

from __future__ import annotations

from bot.app import SlackApp
from bot.assistant import Assistant
from tests.e2e.conftest import (
    ALICE,
    ALICE_DM,
    BOB,
    CHANNEL,
    DURING_MEETING,
    SlackSender,
    block_texts,
    make_dm,
    make_home_opened,
    make_home_select,
    make_mention,
    make_view_submission,
    shown,
)
from tests.fake_slack import FakeSlack


def test_a_mention_is_answered_in_its_thread(slack: SlackSender, fake_slack: FakeSlack) -> None:
    mention = make_mention("agenda", user=BOB)
    assert slack.event(mention).status == 200

    answer = fake_slack.wait_one("chat.postMessage")
    assert answer.args["channel"] == CHANNEL
    assert answer.args["thread_ts"] == mention["event"]["ts"]
    assert "Morning session" in shown(answer) and "Rapporteur's report" in shown(answer)
    assert "Rapporteur's report" in block_texts(answer.args["blocks"])
    assert answer.token == fake_slack.bot_token


def test_a_mention_inside_a_thread_is_answered_in_that_thread(slack: SlackSender, fake_slack: FakeSlack) -> None:
    mention = make_mention("help", thread_ts="1066230000.000001")
    slack.event(mention)

    answer = fake_slack.wait_one("chat.postMessage")
    assert answer.args["thread_ts"] == "1066230000.000001"
    assert "Ask me about the meeting" in shown(answer)


def test_a_direct_message_is_answered_in_the_dm(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.event(make_dm("agenda"))

    answer = fake_slack.wait_one("chat.postMessage")
    assert answer.args["channel"] == ALICE_DM
    assert not answer.args.get("thread_ts")
    assert "Second Coordination Meeting" in shown(answer)


def test_edits_bot_messages_and_channel_messages_get_no_answer(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    from tests.e2e.conftest import load_payload

    slack.event(load_payload("event_message_changed"))
    slack.event(make_dm("agenda", bot_id="B0OTHERBOT"))
    slack.event(make_dm("agenda", subtype="channel_join"))
    slack.event(make_dm("agenda", channel="C0MEETING1", channel_type="channel"))
    slack.event(make_dm("agenda", user="U0AGENDABOT"))  # our own message, echoed back
    assert slack_app.pool.wait_idle(10)
    assert fake_slack.calls_to("chat.postMessage") == []

    slack.event(make_dm("help"))
    fake_slack.wait_one("chat.postMessage")
    assert slack_app.pool.wait_idle(10)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_mention_in_a_dm_is_answered_once(slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp) -> None:
    # Slack may deliver both app_mention and message.im for "@agendabot help" in the bot's DM.
    slack.event(make_mention("help", channel=ALICE_DM))
    slack.event(make_dm("<@U0AGENDABOT> help"))
    fake_slack.wait_one("chat.postMessage")
    assert slack_app.pool.wait_idle(10)
    answers = fake_slack.calls_to("chat.postMessage")
    assert len(answers) == 1 and "Ask me about the meeting" in shown(answers[0])


def test_answers_give_the_askers_own_time_read_once_from_users_info(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    from tests.e2e.conftest import make_command

    slack.command(make_command("", user=ALICE))  # Alice is in Tokyo
    first = fake_slack.wait_one("chat.postEphemeral")
    assert "your time" in shown(first)
    # The afternoon session, 15:00–18:00 in New York, is early Thursday morning in Tokyo.
    assert "15:00–18:00 New York time (Thu 04:00–07:00 your time)" in shown(first)

    slack.command(make_command("tomorrow", user=ALICE))
    fake_slack.wait_for("chat.postEphemeral", count=2)
    assert [c.args["user"] for c in fake_slack.calls_to("users.info")] == [ALICE]


def test_the_meetings_own_zone_shows_no_second_time(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.event(make_mention("agenda", user=BOB))  # Bob is in New York, like the meeting
    answer = fake_slack.wait_one("chat.postMessage")
    assert "your time" not in shown(answer)


def test_app_home_shows_the_meeting_with_the_current_session_marked(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    assert slack.event(make_home_opened(ALICE)).status == 200

    published = fake_slack.wait_one("views.publish")
    assert published.args["user_id"] == ALICE
    view = published.args["view"]
    assert view["type"] == "home"
    text = block_texts(view["blocks"])
    assert "Second Coordination Meeting on International Migration" in text
    assert "Wednesday 15 October 2003" in text and "Thursday 16 October 2003" in text
    marked = [line for line in text.splitlines() if "Happening now" in line]
    assert len(marked) == 1 and "Morning session" in marked[0] and "10:00–13:00" in marked[0]
    assert "A/58/98" in text and "Documents" in text


def test_the_messages_tab_publishes_nothing(slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp) -> None:
    slack.event(make_home_opened(ALICE, tab="messages"))
    assert slack_app.pool.wait_idle(10)
    assert fake_slack.calls_to("views.publish") == []


def test_refresh_homes_republishes_for_everyone_looking_at_the_meeting(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    slack.event(make_home_opened(ALICE))
    slack.event(make_home_opened(BOB))
    fake_slack.wait_for("views.publish", count=2)
    assert slack_app.pool.wait_idle(10)  # the Homes are recorded after they are published
    fake_slack.clear()

    refreshed = slack_app.deps.homes.refresh_homes("coordination-meeting-2003")

    assert refreshed == 2
    assert sorted(c.args["user_id"] for c in fake_slack.calls_to("views.publish")) == [ALICE, BOB]
    assert slack_app.deps.homes.refresh_homes("no-such-meeting") == 0


def test_asking_from_app_home_opens_a_modal_and_answers_by_dm(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    from tests.e2e.conftest import make_block_action

    slack.event(make_home_opened(ALICE))
    home = fake_slack.wait_one("views.publish")
    ask = next(e for b in home.args["view"]["blocks"] if b["type"] == "actions"
               for e in b["elements"] if e.get("action_id") == "home_ask")
    click = make_block_action("home_ask", ask["value"])
    click["container"] = {"type": "view", "view_id": "V0HOME0001"}
    slack.interaction(click)
    modal = fake_slack.wait_one("views.open")
    assert modal.args["view"]["type"] == "modal" and modal.args["trigger_id"] == click["trigger_id"]

    result = slack.interaction(make_view_submission("help", meeting=ask["value"]))
    assert result.status == 200
    answer = fake_slack.wait_one("chat.postMessage")
    assert answer.args["channel"] == ALICE
    assert "You asked: help" in shown(answer) and "Ask me about the meeting" in shown(answer)


def test_an_empty_question_in_the_modal_is_refused_in_the_modal(slack: SlackSender, fake_slack: FakeSlack) -> None:
    result = slack.interaction(make_view_submission("   "))
    assert result.status == 200
    assert result.json()["response_action"] == "errors"
    assert "question" in result.json()["errors"]


def test_choosing_a_meeting_in_app_home_republishes_it(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp, second_meeting: str
) -> None:
    slack.event(make_home_opened(ALICE))
    first = fake_slack.wait_one("views.publish")
    assert "Choose the one to show here" in block_texts(first.args["view"]["blocks"])

    slack.interaction(make_home_select(second_meeting))
    chosen = fake_slack.wait_for("views.publish", count=2)[1]
    assert "(copy)" in block_texts(chosen.args["view"]["blocks"])
    # A DM now defaults to the meeting Alice chose.
    slack.event(make_dm("agenda"))
    answer = fake_slack.wait_one("chat.postMessage")
    assert "(copy)" in shown(answer)


def test_the_answer_is_the_assistants(slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp) -> None:
    """Whatever the engine answers reaches Slack unchanged (the engine is not ours to pin here)."""
    question = "when is the rapporteur's report?"
    slack.event(make_mention(question, user=BOB))
    answer = fake_slack.wait_one("chat.postMessage")
    expected = Assistant(slack_app.deps.db_factory, slack_app.deps.clock).ask(
        question, channel=CHANNEL, viewer_zone="America/New_York", now=DURING_MEETING)
    assert expected.text.splitlines()[0] in shown(answer)
