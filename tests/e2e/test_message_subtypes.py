"""Messages Slack sends with a subtype that are still a person's own words
(``file_share``: a message with a file attached; ``thread_broadcast``: a thread reply
also sent to the channel), and "remind me" asked inside a thread."""

from __future__ import annotations

from tests.e2e.conftest import (
    ALICE,
    ALICE_DM,
    BOB,
    CHANNEL,
    make_channel_message,
    make_dm,
    make_mention,
    shown,
)
from tests.e2e.test_rapporteur import active_notes, desk  # noqa: F401
from tests.fake_slack import FakeSlack

FILE = {"id": "F0PHOTO001", "name": "badge.jpg", "filetype": "jpg"}


def test_a_dm_question_with_a_file_attached_is_answered(slack, fake_slack: FakeSlack, slack_app) -> None:
    assert slack.event(make_dm("when is the rapporteur's report?", subtype="file_share", files=[FILE])).status == 200
    answer = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == ALICE_DM)
    assert "Rapporteur's report" in shown(answer)


def test_a_file_dropped_in_a_dm_without_a_word_gets_no_answer(slack, fake_slack: FakeSlack, slack_app) -> None:
    """The file_shared listener deals with the file (an agenda, a report); "help" would be noise."""
    slack.event(make_dm("", subtype="file_share", files=[FILE]))
    slack.event(make_dm("what's next?"))
    fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == ALICE_DM)
    assert slack_app.pool.wait_idle(10)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_agreed_in_a_thread_reply_broadcast_to_the_channel_is_a_note(
    desk, slack, fake_slack: FakeSlack, db_factory  # noqa: F811
) -> None:
    envelope = make_channel_message("#agreed harmonise remittance data", subtype="thread_broadcast",
                                    thread_ts="1697380000.000100")
    assert slack.event(envelope).status == 200
    fake_slack.wait_one("reactions.add", lambda c: c.args.get("timestamp") == envelope["event"]["ts"])
    assert [(n.kind, n.text) for n in active_notes(db_factory)] == [("agreed", "harmonise remittance data")]


def test_remind_me_asked_in_a_thread_is_answered_in_that_thread(slack, fake_slack: FakeSlack, slack_app) -> None:
    thread = "1697380000.000200"
    slack.event(make_mention("remind me 10 minutes before the afternoon session", user=BOB, thread_ts=thread))
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert (answer.args["channel"], answer.args["user"], answer.args.get("thread_ts")) == (CHANNEL, BOB, thread)
    assert shown(answer).startswith("I'll remind you by DM 10m before Afternoon session")


def test_an_edit_is_still_not_a_question(slack, fake_slack: FakeSlack, slack_app) -> None:
    slack.event(make_dm("what's next?", subtype="message_changed"))
    slack.event(make_dm("help", user=ALICE))
    fake_slack.wait_one("chat.postMessage")
    assert slack_app.pool.wait_idle(10)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
