"""What the core says, as values each transport shows its own way: people and command hints.

The core never writes Slack markup (``<@U123>``, `` `/agenda history` ``): a sentence
that names a person or points to a command is a ``Words`` of pieces — plain text,
a ``Person``, a ``Hint`` or an example ``Command`` — and each transport renders
the pieces. Slack's renderer
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


@dataclass(frozen=True)
class Command:
    """An /agenda command as an example or a usage form, by the words after ``/agenda``;
    ``whole=False`` for a part of one ("item N"), shown as typed but without the command."""

    words: str
    whole: bool = True


class Hint(Enum):
    """A command worth trying next, by the words after ``/agenda`` (one table for every transport)."""

    AGENDA = ""
    DOCS = "docs"
    HISTORY = "history"
    NOTES = "notes"
    REMINDERS_MINE = "reminders mine"
    SET_REMINDERS = "reminders set 15m,1d"
    SET_RAPPORTEUR = "rapporteur @someone"

    @property
    def command(self) -> Command:
        return Command(self.value)


Piece = str | Person | Hint | Command


@dataclass(frozen=True)
class Words:
    """A reply in pieces. ``str()`` is the plain-text rendering (logs, the console, the CLI)."""

    pieces: tuple[Piece, ...]

    @classmethod
    def of(cls, *pieces: Piece | Words) -> Words:
        """The pieces in order; a ``Words`` among them is spliced in."""
        return cls(tuple(q for p in pieces for q in (p.pieces if isinstance(p, Words) else (p,))))

    def render(self, text: Callable[[str], str], person: Callable[[Person], str],
               command: Callable[[Command], str]) -> str:
        return "".join(_render(p, text, person, command) for p in self.pieces)

    def __str__(self) -> str:
        return plain(self)


def _render(piece: Piece, text: Callable[[str], str], person: Callable[[Person], str],
            command: Callable[[Command], str]) -> str:
    if isinstance(piece, Person):
        return person(piece)
    if isinstance(piece, Hint):
        return command(piece.command)
    if isinstance(piece, Command):
        return command(piece)
    return text(piece)


def commands(*forms: str, sep: str = " · ") -> Words:
    """Usage forms or examples, one after the other: ``move ITEM to TIME`` · ``cancel ITEM``."""
    pieces: list[Piece] = []
    for number, form in enumerate(forms):
        pieces += [sep, Command(form)] if number else [Command(form)]
    return Words(tuple(pieces))


class WordsError(ValueError):
    """A request we cannot carry out, with a reply (``words``) for the person who asked;
    ``str()`` is the reply as plain text."""

    def __init__(self, message: str | Words) -> None:
        self.words = message if isinstance(message, Words) else Words.of(message)
        super().__init__(plain(self.words))


def plain_person(person: Person) -> str:
    return person.name or f"@{person.id}"


def plain_command(command: Command) -> str:
    # The console reads the words with or without "/agenda": its help quotes them bare.
    return f"“{command.words or 'agenda'}”"


def plain(words: Words | str) -> str:
    """Words as plain text, for the terminal."""
    if isinstance(words, str):
        return words
    return words.render(str, plain_person, plain_command)


def lines(*rows: Words | str) -> Words:
    """Rows of words as one reply, a line each."""
    pieces: list[Piece] = []
    for number, row in enumerate(rows):
        if number:
            pieces.append("\n")
        pieces += [row] if isinstance(row, str) else list(row.pieces)
    return Words(tuple(pieces))
