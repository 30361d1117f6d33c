"""The /agenda table's ``action`` column is the rule, checked once by the dispatcher.

Every row that a participant may not use is refused to ALICE (who only takes part) and
carried out for BOB (an organizer, in the store) and for ADMIN (a workspace admin),
through the real Slack dispatcher against the fake Slack. The listeners behind the rows
check nothing again: called directly, past the dispatcher, they carry the request out.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.permissions import Role, decide, may, never_admin
from bot.requests.authorize import action_of
from bot.requests.grammar import SUBCOMMANDS, Subcommand, parse_agenda
from handlers.listeners.commands import organize
from handlers.render.refusals import refusal_text
from handlers.slack.payloads import SlashCommand
from store.db import transaction
from store.organizers import add_organizer, organizers
from tests.e2e.conftest import ADMIN, ALICE, BOB, CHANNEL, SlackSender, block_texts, make_command
from tests.fake_slack import FakeSlack

SLUG = "coordination-meeting-2003"
CAROL = "U0CAROL01"

# One command each row takes, by the row's first usage form.
EXAMPLES = {
    'doc add SYMBOL "Title" URL [item N]': 'doc add A/CONF.9 "Notes" https://example.org/notes.pdf',
    "reminders set 15m,1d": "reminders set 30m",
    "rapporteur @someone": f"rapporteur <@{CAROL}|carol>",
    "notes move N ITEM": "notes move 1 VI",
    "now ITEM": "now V",
    "report draft": "report draft",
    "report publish [draft]": "report publish",
    "move SESSION|ITEM to TIME [DAY]": "cancel item VI",
    "import": "import",
    "organizers add|remove @someone": f"organizers add <@{CAROL}|carol>",
    "rollback N": "rollback 1",
    "link SLUG": f"link {SLUG}",
    "publish page on|off|newlink": "publish page off",
    "sync URL [trusted] [every 30m]|now|off": "sync off",
}

RESTRICTED = [row for row in SUBCOMMANDS if not may(Role.PARTICIPANT, row.action)]


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


def _refusal(db_factory: sessionmaker[Session], row: Subcommand, user: str) -> str:
    with db_factory() as db:
        refusal = decide(db, SLUG, user, row.action, never_admin)
    assert refusal is not None
    return refusal_text(refusal)


def test_every_restricted_row_has_an_example_it_takes() -> None:
    assert {row.usage[0] for row in RESTRICTED} == set(EXAMPLES)
    for row in RESTRICTED:
        assert parse_agenda(EXAMPLES[row.usage[0]]).command == row


@pytest.mark.parametrize("row", RESTRICTED, ids=[row.usage[0].split()[0] + "-" + row.action.value for row in RESTRICTED])
def test_a_restricted_row_is_refused_to_a_participant_and_carried_out_for_organizers(
        bob_organizes: None, slack: SlackSender, fake_slack: FakeSlack, db_factory: sessionmaker[Session],
        row: Subcommand) -> None:
    text = EXAMPLES[row.usage[0]]
    refusal = _refusal(db_factory, row, ALICE)
    assert _reply(slack, fake_slack, text, ALICE).startswith(refusal.split("`")[0])
    for allowed in (BOB, ADMIN):
        said = _reply(slack, fake_slack, text, allowed)
        assert refusal.split("`")[0] not in said and "Only " not in said


def test_requests_anyone_may_make_are_not_checked() -> None:
    for text in ("", "thursday", "what is item V?", "organizers", "history", "reminders", "notes",
                 "remind me before item V", "calendar", "language"):
        assert may(Role.PARTICIPANT, action_of(parse_agenda(text))), text


def test_a_listener_past_the_dispatcher_does_not_check_again(
        bob_organizes: None, slack_app: Any, db_factory: sessionmaker[Session]) -> None:
    """The organizers' listener carries out what it is given: the one check is the dispatcher's."""
    cmd = SlashCommand.parse(make_command(f"organizers add <@{CAROL}|carol>", user=ALICE, channel=CHANNEL))
    organize.run(slack_app.deps, slack_app.bolt.client, lambda *_a, **_k: None, cmd)  # type: ignore[arg-type]
    with db_factory() as db:
        assert CAROL in organizers(db, SLUG)
