"""The core's ``Words`` (bot/words.py) in mrkdwn: text escaped, a person as a mention, a hint as a command."""

from __future__ import annotations

from bot.words import Command, Person, Words


def escape(text: str) -> str:
    """Text as mrkdwn shows it literally (Slack reads only these three as markup)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(person: Person) -> str:
    return f"<@{person.id}>"


def command(command: Command) -> str:
    if not command.whole:
        return f"`{command.words}`"
    return f"`/agenda {command.words}`" if command.words else "`/agenda`"


def mrkdwn(words: Words | str) -> str:
    """Ready for a section: ``str`` is plain text from the core, escaped like the rest."""
    if isinstance(words, str):
        return escape(words)
    return words.render(escape, mention, command)


def slack_text(words: Words | str) -> str:
    """For Slack's plain-text fields (a modal's errors): the same words, nothing escaped."""
    if isinstance(words, str):
        return words
    return words.render(str, mention, command)
