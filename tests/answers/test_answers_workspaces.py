"""Meetings per workspace in the store and the Assistant: each workspace sees its own,
the single-workspace install (no workspace) sees them all, and scoping costs no query."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from answers_evalset import store_meetings
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import workspace
from bot.assistant import Assistant
from bot.cli import SAMPLE_MEETING
from bot.clock import FixedClock
from bot.organizers import Proposals
from bot.permissions import Action, never_admin, permits
from store.agenda import (
    ForeignMeeting,
    claim_for_team,
    list_meetings,
    load_meeting,
    save_meeting,
    team_of,
)
from store.db import transaction
from store.organizers import add_organizer
from store.values import AgendaImportError

COORDINATION = "coordination-meeting-2003"
GENEVA = "geneva-expert-meeting-2024"
TEAM_A, TEAM_B = "T0AAAAAA1", "T0BBBBBB2"
DURING_COORDINATION = datetime.fromisoformat("2003-10-15T11:00:00-04:00")


@pytest.fixture
def split(db_factory: sessionmaker[DBSession]) -> sessionmaker[DBSession]:
    """The coordination meeting in workspace A, Geneva's in B."""
    store_meetings(db_factory)
    with transaction(db_factory) as db:
        assert claim_for_team(db, COORDINATION, TEAM_A)
        assert claim_for_team(db, GENEVA, TEAM_B)
        assert not claim_for_team(db, GENEVA, TEAM_A)  # it has a workspace now
    return db_factory


def test_the_store_lists_and_guards_each_workspaces_meetings(split: sessionmaker[DBSession]) -> None:
    with split() as db:
        assert {m.slug for m in list_meetings(db, TEAM_A)} == {COORDINATION}
        assert {m.slug for m in list_meetings(db, TEAM_B)} == {GENEVA}
        assert {COORDINATION, GENEVA} <= {m.slug for m in list_meetings(db)}
        assert team_of(db, COORDINATION) == TEAM_A and team_of(db, "nope") is None
        meeting = load_meeting(db, COORDINATION, with_bodies=True)
    assert meeting is not None
    renamed = dataclasses.replace(meeting, title="Taken over")
    with pytest.raises(ForeignMeeting), transaction(split) as db:
        save_meeting(db, renamed, team=TEAM_B)
    with transaction(split) as db:
        assert save_meeting(db, renamed, team=TEAM_A).revision is not None  # its own workspace may
        assert save_meeting(db, dataclasses.replace(renamed, title="Again")).revision  # the CLI may
        created = save_meeting(db, dataclasses.replace(meeting, slug="b-new"), team=TEAM_B)
        assert created.created and team_of(db, "b-new") == TEAM_B


def test_the_assistant_answers_each_workspace_from_its_own_meetings(split: sessionmaker[DBSession]) -> None:
    assistant = Assistant(split, FixedClock(DURING_COORDINATION))
    with workspace.scoped(TEAM_A):
        assert assistant.ask("what's next?").meeting == COORDINATION
    with workspace.scoped(TEAM_B):
        # Only Geneva's here, however plainly the question names the other.
        assert assistant.ask(f"{COORDINATION}: where is A/58/98?").meeting == GENEVA
        refused = assistant.ask("agenda", meeting=COORDINATION)
        assert refused.intent == "no_meeting" and COORDINATION not in refused.text.split("Known meetings:")[1]
        with split() as db:
            assert assistant.meeting(db, COORDINATION) is None
    with workspace.scoped("T0NOMEETS"):
        assert assistant.ask("agenda").intent == "no_meeting"
    assert assistant.ask("agenda", meeting=COORDINATION).meeting == COORDINATION  # unscoped: all


def test_scoping_a_cached_question_costs_no_statement(engine: Engine, split: sessionmaker[DBSession]) -> None:
    assistant = Assistant(split, FixedClock(DURING_COORDINATION))
    for team in (TEAM_A, TEAM_B, TEAM_A, TEAM_B):  # warm: the list, both meetings, the marker's connection
        with workspace.scoped(team):
            assistant.ask("what's next?")
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *rest: statements.append(sql))
    for team, slug in ((TEAM_A, COORDINATION), (TEAM_B, GENEVA)):
        with workspace.scoped(team):
            assert assistant.ask("what's next?").meeting == slug
    assert statements == []  # only the marker, on its own connection


def test_an_upload_from_another_workspace_cannot_preview_or_take_a_slug(split: sessionmaker[DBSession]) -> None:
    proposals = Proposals(split, FixedClock(DURING_COORDINATION))
    agenda = SAMPLE_MEETING.read_text(encoding="utf-8")  # names A's slug itself
    with workspace.scoped(TEAM_B), pytest.raises(AgendaImportError, match="another workspace"):
        proposals.preview_import(None, agenda, SAMPLE_MEETING.name, "U0BEN0002")
    with workspace.scoped(TEAM_B):  # under a slug of its own it is B's new meeting
        fresh = proposals.preview_import("b-copy", agenda, SAMPLE_MEETING.name, "U0BEN0002")
    assert fresh.proposal_id and fresh.slug == "b-copy"
    with workspace.scoped(TEAM_B):
        proposals.confirm(fresh.proposal_id, "U0BEN0002", is_admin=True)
    with split() as db:
        assert team_of(db, "b-copy") == TEAM_B  # created in the uploader's workspace
    with workspace.scoped(TEAM_B), pytest.raises(AgendaImportError, match="another workspace"):
        proposals.preview_rollback(COORDINATION, 1, "U0BEN0002")
    with workspace.scoped(TEAM_A):
        assert proposals.preview_rollback(COORDINATION, 1, "U0ANA0001") is not None


def test_organizing_in_one_workspace_grants_nothing_in_another(split: sessionmaker[DBSession]) -> None:
    organizer = "U0ORGANIZER"  # one person in both workspaces (an Enterprise Grid org)
    with transaction(split) as db:
        assert add_organizer(db, COORDINATION, organizer, by="U0ADMIN")
    with split() as db:
        assert permits(db, None, organizer, Action.EDIT_AGENDA, never_admin)  # one workspace: any meeting counts
        with workspace.scoped(TEAM_A):
            assert permits(db, None, organizer, Action.EDIT_AGENDA, never_admin)
        with workspace.scoped(TEAM_B):  # a new meeting in B needs an organizer of B
            assert not permits(db, None, organizer, Action.EDIT_AGENDA, never_admin)
