"""The quick edits an organizer can make, as values (parsed by bot/organizers/edits.py,
applied by bot/organizers/applying.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from bot.vocabulary import DayRef
from bot.words import WordsError


class EditError(WordsError):
    """An edit we cannot make; the message (``words``) is for the organizer who typed it."""


@dataclass(frozen=True)
class Move:
    """Move a session (keeping its length) or an item to ``at`` on ``day`` (default: its own day)."""

    target: str
    at: time
    day: DayRef | None = None


@dataclass(frozen=True)
class Cancel:
    target: str


@dataclass(frozen=True)
class Rename:
    target: str
    title: str


@dataclass(frozen=True)
class AddDocument:
    symbol: str
    title: str
    url: str
    item: str = ""


@dataclass(frozen=True)
class SessionEdit:
    """The App Home "Edit" modal: a session's times and its items, one "NUMBER. Title" a line."""

    session_key: str
    starts: time | None
    ends: time | None
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SetPeople:
    """Who holds ``role`` on the meeting, a session or an item: these people, in this order
    (none clears it). Names and affiliations as typed: ``(("Bo Li", "UN DESA"),)``."""

    target: str
    role: str
    people: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SetRoom:
    """Where a session or an item is held ("" clears it)."""

    target: str
    room: str


Edit = Move | Cancel | Rename | AddDocument | SessionEdit | SetPeople | SetRoom
