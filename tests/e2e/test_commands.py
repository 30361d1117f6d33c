"""``/agenda`` and its subcommands, the Share button, choosing and linking meetings."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import SlackApp
from bot.assistant import Assistant
from store import models
from tests.e2e.conftest import (
    ADMIN,
    ALICE,
    BOB,
    CHANNEL,
    DURING_MEETING,
    SlackSender,
    block_texts,
    buttons,
    make_block_action,
    make_command,
    make_mention,
    shown,
)
from tests.fake_slack import FakeSlack

SLUG = "coordination-meeting-2003"

# Subcommands drawn from the meeting itself: what each must show (at 11:00 on day one).
VIEWS = {
    "": ["Today", "Happening now", "10:00–13:00  Morning session", "15:00–18:00  Afternoon session"],
    "tomorrow": ["Thursday 16 October 2003", "IX. Rapporteur's report", "XI. Closing of the Meeting"],
    "thursday": ["Thursday 16 October 2003", "IX. Rapporteur's report"],
    "16 october": ["Thursday 16 October 2003", "X. Conclusions and follow-up"],
    "2003-10-15": ["Wednesday 15 October 2003", "IV. General Assembly debates"],
    "docs": ["Documents", "A/58/98", "A/58/394", "Summary of the meeting's conclusions"],
}

# Subcommands that are questions for the engine, and the question each must ask.
QUESTIONS = {
    "now": "what's happening now?",
    "next": "what's next?",
    "item IX": "what is item IX?",
    "docs IV": "what documents are there for item IV?",
    "search remittances": "remittances",
    "ask when is lunch?": "when is lunch?",
    "what's at 3pm?": "what's at 3pm?",
}


@pytest.mark.parametrize("text", list(VIEWS))
def test_agenda_views_are_ephemeral_with_a_share_button(
    text: str, slack: SlackSender, fake_slack: FakeSlack
) -> None:
    result = slack.command(make_command(text, user=BOB))
    assert result.status == 200 and result.body == b""  # acknowledged, nothing shown in the channel

    answer = fake_slack.wait_one("chat.postEphemeral")
    assert answer.args["channel"] == CHANNEL and answer.args["user"] == BOB
    for expected in VIEWS[text]:
        assert expected in shown(answer), expected
    assert "Share in channel" in block_texts(answer.args["blocks"])


def test_a_day_without_sessions_says_so(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.command(make_command("friday", user=BOB))
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert "No sessions on Friday 17 October 2003" in shown(answer)
    assert "runs Wednesday 15 October – Thursday 16 October 2003" in shown(answer)


@pytest.mark.parametrize("text", list(QUESTIONS))
def test_question_subcommands_ask_the_assistant(
    text: str, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    slack.command(make_command(text, user=BOB))
    answer = fake_slack.wait_one("chat.postEphemeral")

    expected = Assistant(slack_app.deps.db_factory, slack_app.deps.clock).ask(
        QUESTIONS[text], channel=CHANNEL, viewer_zone="America/New_York", now=DURING_MEETING)
    assert expected.text.splitlines()[0] in shown(answer)
    assert "share_answer" in buttons(answer)


def test_help_lists_the_subcommands_and_is_not_shared(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.command(make_command("help"))
    answer = fake_slack.wait_one("chat.postEphemeral")
    for usage in ("/agenda now", "/agenda item N", "/agenda docs N", "/agenda search WORDS", "/agenda link SLUG"):
        assert usage in shown(answer)
    assert "Ask me about the meeting" in shown(answer)  # the engine's own help follows
    assert buttons(answer) == {}


@pytest.mark.parametrize("text", ["item", "search", "ask", "link"])
def test_a_subcommand_without_its_argument_shows_its_usage(
    text: str, slack: SlackSender, fake_slack: FakeSlack
) -> None:
    slack.command(make_command(text))
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert shown(answer).startswith(f"Usage: `/agenda {text}")


def test_share_posts_the_same_answer_to_the_channel(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.command(make_command("tomorrow", user=ALICE))
    private = fake_slack.wait_one("chat.postEphemeral")
    share = buttons(private)["share_answer"]

    slack.interaction(make_block_action("share_answer", share["value"], user=ALICE))
    public = fake_slack.wait_one("chat.postMessage")

    assert public.args["channel"] == CHANNEL
    assert "user" not in public.args
    texts = block_texts(public.args["blocks"])
    assert "Thursday 16 October 2003" in texts and "IX. Rapporteur's report" in texts
    assert f"Shared by <@{ALICE}>" in texts and "/agenda tomorrow" in texts
    # Alice reads Tokyo time; the channel gets the meeting's time only.
    assert "your time" in shown(private) and "your time" not in shown(public)
    assert buttons(public) == {}


def test_share_gives_the_answer_of_the_moment_it_was_asked(
    slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    from datetime import timedelta

    slack.command(make_command("", user=BOB))
    private = fake_slack.wait_one("chat.postEphemeral")
    slack_app.deps.clock.advance(timedelta(hours=5))  # the morning session is over by the time of the click

    slack.interaction(make_block_action("share_answer", buttons(private)["share_answer"]["value"], user=BOB))
    public = fake_slack.wait_one("chat.postMessage")
    assert "Happening now" in block_texts(public.args["blocks"])
    assert "Morning session" in block_texts(public.args["blocks"])


def test_outside_the_bots_channels_answers_go_through_the_response_url(
    slack: SlackSender, fake_slack: FakeSlack
) -> None:
    fake_slack.add_channel("C0ELSEWHERE", is_member=False)
    slack.command(make_command("tomorrow", channel="C0ELSEWHERE"))
    private = fake_slack.wait_one("response_url")
    assert private.args["response_type"] == "ephemeral"
    assert "Thursday 16 October 2003" in shown(private)
    assert [c.answer["error"] for c in fake_slack.calls_to("chat.postEphemeral")] == ["not_in_channel"]

    share = buttons(private)["share_answer"]["value"]
    slack.interaction(make_block_action("share_answer", share, channel="C0ELSEWHERE"))
    public = fake_slack.wait_for("response_url", count=2)[1]
    assert public.args["response_type"] == "in_channel"
    assert "Thursday 16 October 2003" in shown(public)


def test_an_unreadable_share_value_is_ignored(slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp) -> None:
    assert slack.interaction(make_block_action("share_answer", "{not json")).status == 200
    assert slack_app.pool.wait_idle(10)
    assert fake_slack.answers() == []


def test_when_the_bot_cannot_tell_the_meeting_it_asks_and_remembers_the_choice(
    slack: SlackSender, fake_slack: FakeSlack, second_meeting: str
) -> None:
    mention = make_mention("agenda")
    slack.event(mention)
    question = fake_slack.wait_one("chat.postMessage")
    assert "Which meeting do you mean?" in shown(question)
    choices = {b["text"]["text"]: b for b in buttons(question).values()}
    assert set(choices) == {SLUG, second_meeting}

    click = make_block_action(choices[second_meeting]["action_id"], choices[second_meeting]["value"],
                              ephemeral=False, message_ts="1066230601.000001", thread_ts=mention["event"]["ts"])
    slack.interaction(click)
    updated = fake_slack.wait_one("chat.update")
    assert updated.args["ts"] == "1066230601.000001"
    assert "(copy)" in shown(updated) and "Which meeting" not in shown(updated)


def test_an_ephemeral_choice_replays_the_command(
    slack: SlackSender, fake_slack: FakeSlack, second_meeting: str
) -> None:
    slack.command(make_command("tomorrow"))
    question = fake_slack.wait_one("chat.postEphemeral")
    choice = next(b for b in buttons(question).values() if b["text"]["text"] == SLUG)

    slack.interaction(make_block_action(choice["action_id"], choice["value"]))
    answer = fake_slack.wait_for("chat.postEphemeral", count=2)[1]
    assert "Thursday 16 October 2003" in shown(answer)
    assert json.loads(buttons(answer)["share_answer"]["value"])["m"] == SLUG


def test_an_admin_links_the_channel_and_questions_there_default_to_it(
    slack: SlackSender, fake_slack: FakeSlack, second_meeting: str, db_factory: sessionmaker[Session]
) -> None:
    fake_slack.add_channel(CHANNEL, name="coordination-meeting")
    slack.command(make_command(f"link {second_meeting}", user=ADMIN))
    confirmation = fake_slack.wait_one("chat.postEphemeral")
    assert shown(confirmation).startswith("#coordination-meeting is now linked to")
    assert second_meeting in shown(confirmation)
    with db_factory() as db:
        linked = db.scalar(select(models.Meeting.slug).where(models.Meeting.channel_id == CHANNEL))
    assert linked == second_meeting

    slack.event(make_mention("agenda", user=BOB))
    answer = fake_slack.wait_one("chat.postMessage")
    assert "(copy)" in shown(answer) and "Which meeting" not in shown(answer)

    slack.command(make_command(f"link {SLUG}", user=ADMIN))  # relinking moves the channel
    fake_slack.wait_for("chat.postEphemeral", count=2)
    with db_factory() as db:
        rows = db.execute(select(models.Meeting.slug, models.Meeting.channel_id)).all()
    assert dict(rows) == {SLUG: CHANNEL, second_meeting: None}


def test_others_may_not_link_a_channel(
    slack: SlackSender, fake_slack: FakeSlack, db_factory: sessionmaker[Session]
) -> None:
    slack.command(make_command(f"link {SLUG}", user=BOB))
    refusal = fake_slack.wait_one("chat.postEphemeral")
    assert "Only workspace admins and owners" in shown(refusal)
    with db_factory() as db:
        assert db.scalar(select(models.Meeting.channel_id).where(models.Meeting.slug == SLUG)) is None


def test_permission_is_checked_afresh(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.event(make_mention("help", user=BOB))  # Bob's users.info is now cached
    fake_slack.wait_one("chat.postMessage")
    fake_slack.users[BOB]["is_owner"] = True  # promoted since

    slack.command(make_command(f"link {SLUG}", user=BOB))
    assert "now linked to" in shown(fake_slack.wait_one("chat.postEphemeral"))


def test_linking_an_unknown_meeting_lists_the_known_ones(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.command(make_command("link nonesuch", user=ADMIN))
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert "There is no meeting “nonesuch”" in shown(answer) and SLUG in shown(answer)


def test_linking_is_refused_in_a_dm(slack: SlackSender, fake_slack: FakeSlack) -> None:
    slack.command(make_command(f"link {SLUG}", user=ADMIN, channel="D0ADMINBOT"))
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert "in the channel you want to link" in shown(answer)
