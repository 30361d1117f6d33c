"""The /agenda grammar is one table: the dispatcher, the help, the manifest and the
parser all come from it, and every way the help says to type a subcommand is read
as that subcommand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.requests.grammar import SUBCOMMANDS, Sub, Subcommand, parse_agenda, usage_hint
from handlers.listeners.commands.agenda import ANSWER
from handlers.render.commands import command, help_text, usage_text

MANIFEST = Path(__file__).resolve().parents[1] / "deploy" / "slack-manifest.yml"

# What a person might type for each placeholder of a usage form.
FILLED = {"N": "5", "ITEM": "V", "SESSION|ITEM": "V", "ITEM|SESSION": "V", "WORDS": "lunch",
          "QUESTION": "when is lunch?", "SLUG": "coordination-meeting-2003", "DAY": "thursday",
          "SYMBOL": "A/58/98", "URL": "https://example.org/a.pdf", "TIME": "15:00", "@someone": "@U0ALICE"}


def typed(form: str) -> str:
    """A usage form as a person types it: options left out, the first of alternatives taken."""
    form = re.sub(r"\[[^]]*\]", "", form)
    words = [FILLED.get(word, word.split("|")[0]) for word in form.split()]
    return " ".join(words)


def test_the_manifest_usage_hint_is_the_table() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    (agenda,) = [c for c in manifest["features"]["slash_commands"] if c["command"] == "/agenda"]
    assert agenda["usage_hint"] == usage_hint()


def test_every_request_the_table_makes_has_a_slack_listener() -> None:
    made = {row.sub for row in SUBCOMMANDS} | {Sub.USAGE}
    assert made <= set(ANSWER)


@pytest.mark.parametrize(("row", "form"), [(row, form) for row in SUBCOMMANDS for form in row.usage],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_each_usage_form_is_read_as_its_own_row(row: Subcommand, form: str) -> None:
    request = parse_agenda(typed(form))
    if row.words:
        assert request.command is row
    else:  # the fallbacks: no words of their own
        assert request.sub is row.sub and request.command is None


def test_help_lists_every_form_and_says_who_may() -> None:
    shown = help_text()
    for row in SUBCOMMANDS:
        for form in row.usage:
            assert command(form) in shown
    assert "`/agenda rollback N` back to a revision (organizers, workspace admins)" in shown
    assert "`/agenda history` the agenda's revisions\n" in shown  # anyone: no one named


@pytest.mark.parametrize(("text", "expected"), [
    ("item", "Usage: `/agenda item N`, for example `/agenda item IX`"),
    ("find", "Usage: `/agenda search WORDS`, for example `/agenda search remittances`"),
    ("link", "Usage: `/agenda link SLUG`, for example `/agenda link coordination-meeting-2003`"),
])
def test_a_subcommand_without_its_argument_says_how_to_type_it(text: str, expected: str) -> None:
    request = parse_agenda(text)
    assert request.sub is Sub.USAGE and request.command is not None
    assert usage_text(request.command) == expected


@pytest.mark.parametrize(("text", "sub"), [
    ("now", Sub.QUESTION), ("now item V", Sub.NOTES), ("report", Sub.QUESTION), ("report draft", Sub.NOTES),
    ("docs", Sub.DOCUMENTS), ("docs add A/1 \"T\" https://e.org", Sub.ORGANIZE), ("publish", Sub.QUESTION),
    ("publish page on", Sub.WEB), ("remind", Sub.QUESTION), ("remind me before item V", Sub.REMINDERS),
])
def test_a_shared_word_goes_where_its_following_words_say(text: str, sub: Sub) -> None:
    assert parse_agenda(text).sub is sub
