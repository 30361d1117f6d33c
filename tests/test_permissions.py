"""Who may do what (bot/permissions.py): the table, a person's role for a meeting, the admin check."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot import workspace
from bot.cli import load_sample
from bot.clock import FixedClock
from bot.permissions import (
    WHO_MAY,
    Action,
    CachedAdminCheck,
    Refusal,
    Role,
    always_admin,
    decide,
    may,
    never_admin,
    permits,
    role_for,
)
from bot.reminders.settings import set_rapporteur
from store.db import transaction
from store.organizers import add_organizer
from store.values import Meeting

PART, RAPP, ORG, ADM = Role.PARTICIPANT, Role.RAPPORTEUR, Role.ORGANIZER, Role.ADMIN
ORGANIZER, RAPPORTEUR, STRANGER = "U0ORG0001", "U0RAP0001", "U0STRANGE"

# Each action with the roles that may do it, written out so that a change to the rule is a
# change to this table too.
TABLE = {
    Action.ASK: {PART, RAPP, ORG, ADM},
    Action.REMIND_ME: {PART, RAPP, ORG, ADM},
    Action.TAKE_NOTES: {PART, RAPP, ORG, ADM},
    Action.SEE_FAILED_REMINDERS: {ORG, ADM},
    Action.LINK_CHANNEL: {ORG, ADM},
    Action.SET_REMINDERS: {ORG, ADM},
    Action.SET_RAPPORTEUR: {ORG, ADM},
    Action.EDIT_AGENDA: {ORG, ADM},
    Action.CONFIRM: {ORG, ADM},
    Action.CANCEL_PROPOSAL: {ORG, ADM},
    Action.MANAGE_ORGANIZERS: {ORG, ADM},
    Action.SET_CURRENT_ITEM: {ORG, ADM},
    Action.MOVE_NOTE: {RAPP, ORG, ADM},
    Action.DRAFT_REPORT: {RAPP, ORG, ADM},
    Action.PUBLISH_REPORT: {RAPP, ORG, ADM},
    Action.PUBLISH_PAGE: {ORG, ADM},
    Action.FOLLOW_SCHEDULE: {ORG, ADM},
}


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_may_follows_the_table(role: Role, action: Action) -> None:
    assert may(role, action) == (role in TABLE[action])


def test_every_action_has_a_rule() -> None:
    assert set(WHO_MAY) == set(Action) == set(TABLE)


@pytest.fixture
def meeting(db_factory: sessionmaker[Session]) -> Meeting:
    sample = load_sample(db_factory)
    with transaction(db_factory) as db:
        add_organizer(db, sample.slug, ORGANIZER, by="test")
        set_rapporteur(db, sample.slug, RAPPORTEUR, by="test")
    return sample


class Asked:
    """An ``is_admin`` that answers ``answer`` and remembers whom it was asked about."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.who: list[str] = []

    def __call__(self, user: str) -> bool:
        self.who.append(user)
        return self.answer


def test_roles_come_from_the_store_and_the_admin_check_only_when_needed(
        db_factory: sessionmaker[Session], meeting: Meeting) -> None:
    asked = Asked(True)
    with db_factory() as db:
        assert role_for(db, meeting.slug, ORGANIZER, asked, Action.EDIT_AGENDA) is ORG
        assert role_for(db, meeting.slug, RAPPORTEUR, asked, Action.MOVE_NOTE) is RAPP
        assert asked.who == []  # the store sufficed: no users.info
        assert role_for(db, meeting.slug, RAPPORTEUR, asked, Action.EDIT_AGENDA) is ADM
        assert role_for(db, meeting.slug, STRANGER, never_admin) is PART
        assert asked.who == [RAPPORTEUR]


def test_a_new_meeting_may_be_started_by_whoever_organizes_one(
        db_factory: sessionmaker[Session], meeting: Meeting) -> None:
    with db_factory() as db:
        for slug in (None, "no-such-meeting"):
            assert permits(db, slug, ORGANIZER, Action.EDIT_AGENDA, never_admin)
            assert not permits(db, slug, RAPPORTEUR, Action.EDIT_AGENDA, never_admin)
            assert permits(db, slug, STRANGER, Action.EDIT_AGENDA, always_admin)
        with workspace.scoped("T0ELSEWHERE"):  # organizing here grants nothing in another workspace
            assert not permits(db, None, ORGANIZER, Action.EDIT_AGENDA, never_admin)


def test_a_refusal_says_what_was_refused_and_who_can_help(
        db_factory: sessionmaker[Session], meeting: Meeting) -> None:
    with db_factory() as db:
        assert decide(db, meeting.slug, ORGANIZER, Action.SET_REMINDERS, never_admin) is None
        refused = decide(db, meeting.slug, STRANGER, Action.SET_REMINDERS, never_admin)
        unknown = decide(db, "no-such-meeting", STRANGER, Action.EDIT_AGENDA, never_admin)
    assert refused == Refusal(Action.SET_REMINDERS, meeting.slug, meeting.title, (ORGANIZER,))
    assert unknown == Refusal(Action.EDIT_AGENDA, "no-such-meeting", None, ())


def test_the_admin_answer_is_kept_for_a_minute_per_workspace() -> None:
    clock = FixedClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    asked = Asked(True)
    check = CachedAdminCheck(asked, clock)
    assert check("U1") and check("U1")
    assert asked.who == ["U1"]
    asked.answer = False  # demoted in Slack
    clock.advance(timedelta(seconds=59))
    assert check("U1")
    with workspace.scoped("T0OTHER"):
        assert not check("U1")  # another workspace's answer is its own
    clock.advance(timedelta(seconds=1))
    assert not check("U1")  # within a minute, the demotion holds
    assert asked.who == ["U1", "U1", "U1"]
