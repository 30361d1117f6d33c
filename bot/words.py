"""What the core says, as values each transport shows its own way: people and command hints.

The core never writes Slack markup (``<@U123>``, `` `/agenda history` ``): a sentence
that names a person or points to a command is a ``Words`` of pieces — plain text,
a ``Person``, a ``Hint`` — and each transport renders the pieces. Slack's renderer
is ``handlers/render/words.py`` (a mention, the command in code type); the console
and the CLI use ``plain`` here (the person's id or name, the command's words in
quotes, as the console's own help writes them). ``tests/test_markup_guard.py``
fails when code in ``bot/`` or ``store/`` writes markup or a command hint itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class Person:
    """Someone in the workspace, by id; ``name`` when the transport knows no better way to show them."""

    id: str
    name: str = ""


class Hint(Enum):
    """A command worth trying next, by the words after ``/agenda`` (one table for every transport)."""

    AGENDA = ""
    DOCS = "docs"
    HISTORY = "history"
    NOTES = "notes"
    REMINDERS_MINE = "reminders mine"
    SET_REMINDERS = "reminders set 15m,1d"
    SET_RAPPORTEUR = "rapporteur @someone"


Piece = str | Person | Hint


@dataclass(frozen=True)
class Words:
    """A reply in pieces. ``str()`` is the plain-text rendering (logs, the console, the CLI)."""

    pieces: tuple[Piece, ...]

    @classmethod
    def of(cls, *pieces: Piece) -> Words:
        return cls(tuple(pieces))

    def render(self, text: Callable[[str], str], person: Callable[[Person], str], hint: Callable[[Hint], str]) -> str:
        return "".join(
            person(p) if isinstance(p, Person) else hint(p) if isinstance(p, Hint) else text(p) for p in self.pieces
        )

    def __str__(self) -> str:
        return plain(self)


def plain_person(person: Person) -> str:
    return person.name or f"@{person.id}"


def plain_hint(hint: Hint) -> str:
    # The console reads the words with or without "/agenda": its help quotes them bare.
    return f"“{hint.value or 'agenda'}”"


def plain(words: Words | str) -> str:
    """Words as plain text, for the terminal."""
    if isinstance(words, str):
        return words
    return words.render(str, plain_person, plain_hint)


def lines(*rows: Words | str) -> Words:
    """Rows of words as one reply, a line each."""
    pieces: list[Piece] = []
    for number, row in enumerate(rows):
        if number:
            pieces.append("\n")
        pieces += [row] if isinstance(row, str) else list(row.pieces)
    return Words(tuple(pieces))
