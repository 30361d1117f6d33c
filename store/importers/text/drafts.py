"""The page as the assembler builds it up: mutable drafts of days, sessions and items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from store.importers.text.times import Clock
from store.values import ItemKind, Person, Role


@dataclass
class ItemDraft:
    line: int
    number: str
    title: str
    style: str  # numbering style ("ROMAN", "arabic", "letter", ...), "bullet" or "plain"
    indent: int
    starts: Clock | None = None
    ends: Clock | None = None
    continues: str | None = None
    kind: ItemKind | None = None  # set for continuations; others are inferred from the title
    sub_points: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    room: str = ""
    people: list[Person] = field(default_factory=list)


@dataclass
class SessionDraft:
    line: int
    title: str
    day: date
    starts: Clock | None = None
    ends: Clock | None = None
    implicit: bool = False  # made up because items came without a session heading
    part: str = ""  # of an implicit session: "Morning session" etc., for grouping
    style: str | None = None
    items: list[ItemDraft] = field(default_factory=list)
    room: str = ""
    people: list[Person] = field(default_factory=list)
    listed_role: Role | None = None  # "panel:" as a row's text: those listed under it are panelists


@dataclass
class DayDraft:
    line: int
    date: date
    sessions: list[SessionDraft] = field(default_factory=list)
    room: str = ""  # "Thursday, June 9 (Palm Room, Hotel Contessa)": where its sessions are


@dataclass
class Numbering:
    """The items seen so far in one numbering style, by value, for spotting repeats."""

    seen: dict[int, ItemDraft] = field(default_factory=dict)
    last: ItemDraft | None = None
    last_value: int = 0


class Zone(Enum):
    """The part of the page a line is read in."""

    HEADER = "header"
    OVERVIEW = "overview"
    AGENDA = "agenda"
    DOCUMENTS = "documents"
