"""Every Slack surface asks bot/permissions.py: a participant is refused, an organizer allowed.

BOB organizes the sample meeting (in the store, not a workspace admin); ALICE only takes part.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from handlers.render.organizer import CONFIRM_ACTION
from store.db import transaction
from store.organizers import add_organizer
from tests.e2e.conftest import (
    ALICE,
    BOB,
    CHANNEL,
    SlackSender,
    block_texts,
    buttons,
    load_payload,
    make_block_action,
    make_command,
)
from tests.fake_slack import FakeSlack

SLUG = "coordination-meeting-2003"
CAROL = "U0CAROL01"
HOOK = "https://hooks.slack.com/actions/T0AGENDA1/1066230950/ZYXWVUzyxwvu9876543210"


@pytest.fixture
def bob_organizes(slack_app: Any, fake_slack: FakeSlack, db_factory: sessionmaker[Session]) -> None:
    fake_slack.add_user(CAROL, tz="America/New_York", name="carol")
    fake_slack.add_channel(CHANNEL, name="coordination-meeting")
    with transaction(db_factory) as db:
        add_organizer(db, SLUG, BOB, by="test")


def _reply(slack: SlackSender, fake_slack: FakeSlack, text: str, user: str) -> str:
    before = len(fake_slack.calls)
    assert slack.command(make_command(text, user=user, channel=CHANNEL)).status == 200
    found = fake_slack.wait_one("chat.postEphemeral",
                                lambda c: c.args.get("user") == user and fake_slack.calls.index(c) >= before)
    return block_texts(found.args["blocks"])


# (the command, what the participant is told, what the organizer is told)
SURFACES = [
    (f"link {SLUG}", "Only workspace admins and owners can link a channel", "is now linked to"),
    ("cancel item VI", "Only the organizers of Second Coordination Meeting", "Preview"),
    (f"organizers add <@{CAROL}|carol>", "Only the organizers of Second Coordination Meeting", "Added."),
    ("reminders set 30m", f"can change the reminders for Second Coordination Meeting on International Migration, "
                          f"besides its organizers (<@{BOB}>). Ask one of them", "30 minutes"),
    (f"rapporteur <@{CAROL}|carol>", "Only workspace admins and owners can name the rapporteur",
     "is the rapporteur"),
    ("now V", "Only the organizers of", "Now under discussion"),
    ("notes move 1 VI", "Only the organizers and the rapporteur", "There is no note 1"),
    ("report draft", "Only the organizers and the rapporteur", "The draft report is in your DM"),
]


@pytest.mark.parametrize(("text", "refused", "allowed"), SURFACES, ids=[s[0].split()[0] for s in SURFACES])
def test_a_participant_is_refused_and_an_organizer_allowed(
        bob_organizes: None, slack: SlackSender, fake_slack: FakeSlack, text: str, refused: str, allowed: str,
) -> None:
    said = _reply(slack, fake_slack, text, ALICE)
    assert refused in said
    said = _reply(slack, fake_slack, text, BOB)
    assert allowed in said and "Only " not in said


def test_the_session_editor_opens_for_an_organizer_only(
        bob_organizes: None, slack: SlackSender, fake_slack: FakeSlack) -> None:
    def pick(user: str) -> None:
        payload = load_payload("block_actions_home_select")
        payload["user"]["id"] = user
        payload["actions"][0].update(action_id="home_edit_session", selected_option={
            "text": {"type": "plain_text", "text": "Morning"}, "value": f"2003-10-15#0|{SLUG}"})
        assert slack.interaction(payload).status == 200

    pick(ALICE)
    told = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == ALICE)
    assert "Only the organizers of Second Coordination Meeting" in block_texts(told.args["blocks"])
    assert not fake_slack.calls_to("views.open")
    pick(BOB)
    assert fake_slack.wait_one("views.open").args["view"]["type"] == "modal"


def test_a_pasted_agenda_is_refused_in_the_form_for_a_participant_only(
        bob_organizes: None, slack: SlackSender, fake_slack: FakeSlack) -> None:
    def submit(user: str) -> Any:
        payload = load_payload("view_submission_import")
        payload["user"]["id"] = user
        field = payload["view"]["state"]["values"]["agenda_text"]["agenda_text_input"]
        field["value"] = "not an agenda at all"
        answer = slack.interaction(payload)
        assert answer.status == 200
        return answer.json()

    refused = submit(ALICE)
    assert refused["errors"]["agenda_text"] == "Only the meeting's organizers can change it."
    read = submit(BOB)  # past the permission check: the text itself is what is wrong
    assert read["response_action"] == "errors" and "organizers" not in read["errors"]["agenda_text"]


def test_confirm_is_refused_to_a_participant_and_allowed_to_an_organizer(
        bob_organizes: None, slack: SlackSender, fake_slack: FakeSlack) -> None:
    before = len(fake_slack.calls)
    assert slack.command(make_command("cancel item VI", user=BOB, channel=CHANNEL)).status == 200
    preview = fake_slack.wait_one("chat.postEphemeral",
                                  lambda c: c.args.get("user") == BOB and fake_slack.calls.index(c) >= before)
    value = buttons(preview)[CONFIRM_ACTION]["value"]

    def click(user: str) -> str:
        count = len(fake_slack.calls_to("response_url"))
        payload = make_block_action(CONFIRM_ACTION, value, user=user, channel=CHANNEL, response_url=HOOK)
        assert slack.interaction(payload).status == 200
        return block_texts(fake_slack.wait_for("response_url", count=count + 1)[-1].args["blocks"])

    assert "Only the meeting's organizers can confirm this change; nothing changed." in click(ALICE)
    assert "Done: saved as revision 2" in click(BOB)
