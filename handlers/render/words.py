"""The core's ``Words`` (bot/words.py) in mrkdwn: text escaped, a person as a mention, a hint as a command."""

from __future__ import annotations

from bot.words import Hint, Person, Words
from handlers.render.blocks import escape


def mention(person: Person) -> str:
    return f"<@{person.id}>"


def command(hint: Hint) -> str:
    return f"`/agenda {hint.value}`" if hint.value else "`/agenda`"


def mrkdwn(words: Words | str) -> str:
    """Ready for a section: ``str`` is plain text from the core, escaped like the rest."""
    if isinstance(words, str):
        return escape(words)
    return words.render(escape, mention, command)
