"""Items 14 and 17 of issue 12: a preview's Cancel and Confirm ask who clicks, in which
workspace; a refusal is a clear sentence, never a traceback, worded for whoever reads it."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FixedClock
from bot.organizers import Proposals, Refused, parse_edit
from handlers.render.organizer import CANCEL_ACTION, CONFIRM_ACTION
from store import models
from store.agenda import history
from tests.e2e.conftest import (
    ADMIN,
    ALICE,
    CHANNEL,
    DURING_MEETING,
    SlackSender,
    buttons,
    make_block_action,
    make_command,
    shown,
)
from tests.e2e.test_workspaces import (
    ANA,
    BEN,
    CHANNEL_A,
    CHANNEL_B,
    SLUG_A,
    TEAM_A,
    TEAM_B,
    command_in,
)
from tests.fake_slack import Call, FakeSlack

SLUG = "coordination-meeting-2003"


def _preview(slack: SlackSender, fake: FakeSlack, fields: dict[str, str], user: str) -> Call:
    assert slack.command(fields).status == 200
    preview = fake.wait_one("chat.postEphemeral", lambda c: c.args.get("user") == user and "renamed" in shown(c))
    return preview


def _click(slack: SlackSender, fake: FakeSlack, action: str, preview: Call, user: str, channel: str,
           team: str = "") -> Call:
    payload: dict[str, Any] = make_block_action(action, buttons(preview)[action]["value"], user=user,
                                                channel=channel, response_url=fake.response_url(f"{user}-{action}"))
    if team:
        payload["team"]["id"] = payload["user"]["team_id"] = team
    before = len(fake.calls_to("response_url"))
    assert slack.interaction(payload).status == 200
    return fake.wait_for("response_url", count=before + 1)[-1]


def _status(db_factory: sessionmaker[Session], proposal_id: str) -> str:
    with db_factory() as db:
        proposal = db.get(models.AgendaProposal, proposal_id)
        assert proposal is not None
        return proposal.status


def test_someone_who_neither_proposed_nor_organizes_cannot_cancel_a_preview(
    slack_app: object, slack: SlackSender, fake_slack: FakeSlack, db_factory: sessionmaker[Session],
) -> None:
    preview = _preview(slack, fake_slack, make_command("rename item V “Remittances”", user=ADMIN), ADMIN)

    refused = _click(slack, fake_slack, CANCEL_ACTION, preview, ALICE, CHANNEL)

    assert "Only whoever asked for this change, or the meeting's organizers" in shown(refused)
    assert _status(db_factory, buttons(preview)[CANCEL_ACTION]["value"]) == "pending"
    cancelled = _click(slack, fake_slack, CANCEL_ACTION, preview, ADMIN, CHANNEL)
    assert "Cancelled; nothing changed." in shown(cancelled)


@pytest.mark.parametrize("action", [CANCEL_ACTION, CONFIRM_ACTION])
def test_another_workspace_can_neither_cancel_nor_confirm_a_preview(
    installed: SlackSender, workspaces: FakeSlack, db_factory: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture, action: str,
) -> None:
    preview = _preview(installed, workspaces, command_in(TEAM_A, "rename item V “Remittances”", ANA, CHANNEL_A), ANA)
    proposal_id = buttons(preview)[CANCEL_ACTION]["value"]

    with caplog.at_level(logging.INFO):
        refused = _click(installed, workspaces, action, preview, BEN, CHANNEL_B, TEAM_B)

    # Ben is an admin of B: his workspace's admin rights reach nothing of A's.
    assert "no longer known" in shown(refused)
    assert _status(db_factory, proposal_id) == "pending"
    with db_factory() as db:
        assert len(history(db, SLUG_A)) == 1
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


def test_a_refusal_does_not_tell_someone_who_never_organized_that_they_no_longer_do(
    db_factory: sessionmaker[Session], sample: object,
) -> None:
    proposals = Proposals(db_factory, FixedClock(DURING_MEETING))
    preview = proposals.preview_edit(SLUG, parse_edit("cancel item VI"), author=ALICE)
    assert preview.proposal_id is not None

    refused = proposals.confirm(preview.proposal_id, ALICE, is_admin=False)

    assert isinstance(refused, Refused) and refused.reason == "not_allowed"
    assert "no longer" not in refused.text
    assert "organizers" in refused.text
