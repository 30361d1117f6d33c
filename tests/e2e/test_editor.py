"""The App Home session editor never loses an item: a session whose items do not fit one
3,000-character field is spread over several, and a submission must bring them all back."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.render.organizer import EDIT_FIELD_CHARS, EDIT_ITEMS_INPUT
from store.agenda import save_meeting
from store.db import transaction
from store.organizers import add_organizer
from store.values import Meeting
from tests.conference import long_session
from tests.e2e.conftest import BOB, SlackSender, load_payload, shown
from tests.fake_slack import Call, FakeSlack

LONG = long_session(300)
REF = f"{LONG.days[0].date.isoformat()}#0|{LONG.slug}"  # the Edit menu's value for its one session


@pytest.fixture
def long_meeting(slack_app: Any, db_factory: Any) -> Meeting:
    with transaction(db_factory) as db:
        save_meeting(db, LONG, author="test", source="test")
        add_organizer(db, LONG.slug, BOB, by="test")
    return LONG


def open_editor(slack: SlackSender, fake: FakeSlack, ref: str = REF) -> dict[str, Any]:
    pick = load_payload("block_actions_home_select")
    pick["user"]["id"] = BOB
    pick["actions"][0].update(action_id="home_edit_session",
                              selected_option={"text": {"type": "plain_text", "text": "Plenary"}, "value": ref})
    assert slack.interaction(pick).status == 200
    return fake.wait_one("views.open").args["view"]


def submit(slack: SlackSender, modal: dict[str, Any], fields: dict[str, str | None]) -> Any:
    payload = load_payload("view_submission_import")
    payload["user"]["id"] = BOB
    values: dict[str, Any] = {
        "session_start": {"session_start_input": {"type": "plain_text_input", "value": "09:00"}},
        "session_end": {"session_end_input": {"type": "plain_text_input", "value": "17:00"}},
    }
    for block, text in fields.items():
        values[block] = {EDIT_ITEMS_INPUT: {"type": "plain_text_input", "value": text}}
    payload["view"].update(callback_id="session_edit_modal", private_metadata=modal["private_metadata"],
                           state={"values": values})
    return slack.interaction(payload)


def item_fields(modal: dict[str, Any]) -> dict[str, str]:
    return {b["block_id"]: b["element"].get("initial_value") or "" for b in modal["blocks"]
            if b["block_id"].startswith("session_items")}


def test_a_long_session_is_edited_in_several_fields_holding_every_item(
    long_meeting: Meeting, slack: SlackSender, fake_slack: FakeSlack
) -> None:
    modal = open_editor(slack, fake_slack)
    fields = item_fields(modal)
    assert len(fields) > 1
    assert all(len(text) <= EDIT_FIELD_CHARS for text in fields.values())
    lines = "\n".join(fields.values()).splitlines()
    assert lines == [item.label for item in long_meeting.days[0].sessions[0].items]  # all 300, in order


def test_submitting_a_long_session_unchanged_changes_nothing(
    long_meeting: Meeting, slack: SlackSender, fake_slack: FakeSlack
) -> None:
    modal = open_editor(slack, fake_slack)
    assert submit(slack, modal, dict(item_fields(modal))).status == 200
    reply = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == BOB)
    assert "That changes nothing" in shown(reply), shown(reply)


def test_an_item_removed_from_a_later_field_is_the_only_one_cancelled(
    long_meeting: Meeting, slack: SlackSender, fake_slack: FakeSlack
) -> None:
    modal = open_editor(slack, fake_slack)
    fields = item_fields(modal)
    last = list(fields)[-1]
    fields[last] = "\n".join(line for line in fields[last].splitlines() if line != "300. " + LONG.items()[-1][1].title)
    assert submit(slack, modal, fields).status == 200
    preview: Call = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == BOB)
    changes = [line for line in shown(preview).splitlines() if line.startswith("•")]
    assert changes == ["• Item 300. Report of working group 300 on open removed from Plenary on Mon 13 Oct."]


def test_a_submission_missing_a_field_is_refused_and_changes_nothing(
    long_meeting: Meeting, slack: SlackSender, fake_slack: FakeSlack
) -> None:
    modal = open_editor(slack, fake_slack)
    fields = item_fields(modal)
    del fields[list(fields)[-1]]
    refused = submit(slack, modal, dict(fields))
    assert refused.json()["response_action"] == "errors"
    assert "nothing was changed" in refused.json()["errors"]["session_items"]
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_session_too_long_for_any_form_is_not_offered_in_one(
    slack_app: Any, db_factory: Any, slack: SlackSender, fake_slack: FakeSlack
) -> None:
    huge = long_session(6000)  # the same slug and session as LONG, sixty fields' worth of items
    with transaction(db_factory) as db:
        save_meeting(db, huge, author="test", source="test")
        add_organizer(db, huge.slug, BOB, by="test")
    pick = load_payload("block_actions_home_select")
    pick["user"]["id"] = BOB
    pick["actions"][0].update(action_id="home_edit_session",
                              selected_option={"text": {"type": "plain_text", "text": "x"}, "value": REF})
    assert slack.interaction(pick).status == 200
    told = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == BOB)
    assert "too many items to edit in one form" in shown(told)
    assert fake_slack.calls_to("views.open") == []
