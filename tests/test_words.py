"""One sentence from the core, written by each transport its own way (bot/words.py)."""

from __future__ import annotations

from bot.words import Command, Hint, Person, Words, WordsError, commands, lines, plain
from handlers.render.words import mrkdwn, slack_text

NAMED = Words.of(Person("U9"), " is the rapporteur of <R&D>; see ", Hint.REMINDERS_MINE, ".")


def test_slack_mentions_the_person_sets_the_command_in_code_and_escapes_the_text() -> None:
    assert mrkdwn(NAMED) == "<@U9> is the rapporteur of &lt;R&amp;D&gt;; see `/agenda reminders mine`."


def test_the_console_names_the_person_and_quotes_the_command_words() -> None:
    assert plain(NAMED) == "@U9 is the rapporteur of <R&D>; see “reminders mine”."
    assert plain(Words.of(Person("U9", name="Ana"))) == "Ana"


def test_a_modal_s_plain_text_field_gets_slack_s_words_unescaped() -> None:
    assert slack_text(NAMED) == "<@U9> is the rapporteur of <R&D>; see `/agenda reminders mine`."


def test_the_bare_command_and_a_part_of_one() -> None:
    said = Words.of("ask ", Hint.AGENDA, " or write ", Command("item V", whole=False))
    assert mrkdwn(said) == "ask `/agenda` or write `item V`"
    assert plain(said) == "ask “agenda” or write “item V”"


def test_usage_forms_and_lines_splice_into_one_reply() -> None:
    said = lines("Usage:", commands("cancel ITEM", "rename ITEM"))
    assert mrkdwn(said) == "Usage:\n`/agenda cancel ITEM` · `/agenda rename ITEM`"


def test_an_error_keeps_its_words_and_reads_plainly() -> None:
    error = WordsError(Words.of("Say what to cancel, e.g. ", Command("cancel item VI"), "."))
    assert str(error) == "Say what to cancel, e.g. “cancel item VI”."
    assert mrkdwn(error.words) == "Say what to cancel, e.g. `/agenda cancel item VI`."
    assert WordsError("plain").words == Words.of("plain")
