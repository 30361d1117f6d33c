"""What a French or Spanish participant sees of the bot in Slack, with no English of the bot's own (issue 17).

Each surface is drawn through signed requests and the fake Slack for a person whose
Slack locale is fr-FR or es-ES. Agenda content stays as written, and so do the
``/agenda …`` forms in code type (Slack takes them as typed); what is left is the
bot's own words, checked with ``tests/i18n/leaks.py``.
"""

from __future__ import annotations

import re

import pytest

from handlers.slack.state import link_channel
from store.agenda import load_meeting
from tests.e2e.conftest import ALICE, CHANNEL, make_command, shown
from tests.fake_slack import Call
from tests.i18n.leaks import agenda_content, english_leaks

SLUG = "coordination-meeting-2003"
_CODE = re.compile(r"`[^`\n]*`")


@pytest.fixture
def linked(slack_app, db_factory):
    link_channel(db_factory, SLUG, CHANNEL)
    return slack_app


@pytest.fixture
def content(db_factory) -> list[str]:
    with db_factory() as db:
        meeting = load_meeting(db, SLUG)
    assert meeting is not None
    return agenda_content(meeting)


def _ephemeral(slack, fake_slack, text: str) -> Call:
    before = len(fake_slack.calls)
    assert slack.command(make_command(text, user=ALICE, channel=CHANNEL)).status == 200
    return fake_slack.wait_one(
        "chat.postEphemeral", lambda c: c.args.get("user") == ALICE and fake_slack.calls.index(c) >= before)


def _leaks(text: str, content: list[str]) -> set[str]:
    return english_leaks(_CODE.sub(" ", text), content)


@pytest.mark.parametrize(("locale", "words"), [("fr-FR", "cette liste"), ("es-ES", "esta lista")])
def test_agenda_help_is_in_the_persons_language(linked, slack, fake_slack, content, locale, words):
    fake_slack.users[ALICE]["locale"] = locale
    text = shown(_ephemeral(slack, fake_slack, "help"))
    assert words in text and "`/agenda help`" in text
    assert _leaks(text, content) == set(), text


@pytest.mark.parametrize(("locale", "words"), [("fr-FR", "Utilisation :"), ("es-ES", "Uso:")])
def test_a_usage_reply_is_in_the_persons_language(linked, slack, fake_slack, content, locale, words):
    fake_slack.users[ALICE]["locale"] = locale
    text = shown(_ephemeral(slack, fake_slack, "search"))
    assert words in text and "`/agenda search remittances`" in text
    assert _leaks(text, content) == set(), text


def test_english_help_and_usage_keep_their_words(linked, slack, fake_slack):
    assert "this list" in shown(_ephemeral(slack, fake_slack, "help"))
    assert "Usage: `/agenda search WORDS`, for example `/agenda search remittances`" in shown(
        _ephemeral(slack, fake_slack, "search"))
