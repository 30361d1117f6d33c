"""A meeting's agenda as plain, immutable values.

Importers produce these, the store persists and loads them, and the core
(answers, reminders, rendering) reads them. Nothing here touches a database
or Slack, so every consumer can be tested on values built by hand.

Times are aware datetimes in the meeting's zone. A session's ``day`` is the
day it is listed under, which is not always the calendar date of its start
(a conference's night programme runs past midnight under the previous day).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from store.symbols import normalize_symbol


class Role(StrEnum):
    """What a person does at a meeting, a session or an item."""

    CHAIR = "chair"
    CO_CHAIR = "co-chair"
    VICE_CHAIR = "vice-chair"
    MODERATOR = "moderator"
    FACILITATOR = "facilitator"
    SPEAKER = "speaker"
    PRESENTER = "presenter"
    PANELIST = "panelist"
    DISCUSSANT = "discussant"
    KEYNOTE = "keynote"
    RAPPORTEUR = "rapporteur"
    OTHER = "other"


@dataclass(frozen=True)
class Person:
    """Someone the agenda names, with the role they hold where they are attached.

    People hang off the meeting (its chair, its rapporteur), a session (its
    moderator) or an item (its speakers); the same person may appear in
    several places with different roles.
    """

    name: str
    role: Role = Role.SPEAKER
    affiliation: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class ItemKind(StrEnum):
    OPENING = "opening"
    KEYNOTE = "keynote"
    DISCUSSION = "discussion"
    PRESENTATION = "presentation"
    PANEL = "panel"
    REVIEW = "review"
    RAPPORTEUR_REPORT = "rapporteur_report"
    CONCLUSIONS = "conclusions"
    CLOSING = "closing"
    BREAK = "break"
    OTHER = "other"


@dataclass(frozen=True)
class Item:
    """One agenda item. ``number`` is as written ("IX", "4", "b"), may be empty.

    ``ordinal`` is the 1-based position in its session. ``continues`` holds
    the number of an earlier item this one carries on ("Continuation of Agenda
    Item VIII"): the same item, in a later session.
    """

    title: str
    number: str = ""
    ordinal: int = 0
    kind: ItemKind = ItemKind.OTHER
    sub_points: tuple[str, ...] = ()
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    continues: str | None = None
    description: str = ""
    room: str = ""
    people: tuple[Person, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def speakers(self) -> tuple[str, ...]:
        """The names of the item's people, in order, each once.

        ``people`` is the one truth (it knows roles and affiliations); this is
        the view for readers that only want names ("With X, Y."). It was a
        field once: keeping it a property means it can never disagree with
        ``people``, not even after a ``dataclasses.replace``.
        """
        return tuple(dict.fromkeys(p.name for p in self.people))


@dataclass(frozen=True)
class Session:
    """A session of a day. ``uid`` is the identity another tool gave it (an
    iCalendar UID, a frab/pretalx guid), empty when the source names none."""

    title: str
    day: date
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    room: str = ""
    items: tuple[Item, ...] = ()
    people: tuple[Person, ...] = ()
    uid: str = ""
    # Which session of this title on its day this is (1 for the first), set by ``Day``
    # from the order of its sessions: the second "Coffee break" is a session of its own.
    occurrence: int = field(default=1, compare=False, repr=False)

    @property
    def key(self) -> str:
        """Identity of a session across revisions: its source's UID when it has one (so
        a renamed or moved calendar event stays the same session, and the reminders
        set on it follow), else day, title and room; a title repeated on a day counts
        its occurrence in as " (2)", the way such titles used to be written, so keys
        of meetings imported then stay the same. A count, not the start time: a
        repeated session that moves stays itself."""
        if self.uid:
            return "uid:" + self.uid
        title = self.title.casefold()
        if self.occurrence > 1:
            title = f"{title} ({self.occurrence})"
        return f"{self.day.isoformat()}|{title}|{self.room.casefold()}"


@dataclass(frozen=True)
class Day:
    date: date
    sessions: tuple[Session, ...] = ()

    def __post_init__(self) -> None:
        # Number the sessions that share a title on this day, whoever built the day
        # (an importer, the database, an organizer's edit), so ``Session.key`` tells
        # them apart everywhere alike.
        seen: dict[str, int] = {}
        numbered: list[Session] = []
        for session in self.sessions:
            if session.uid:
                numbered.append(session)
                continue
            title = session.title.casefold()
            seen[title] = seen.get(title, 0) + 1
            count = seen[title]
            numbered.append(
                session if session.occurrence == count else replace(session, occurrence=count)
            )
        object.__setattr__(self, "sessions", tuple(numbered))


@dataclass(frozen=True)
class Document:
    """A meeting document. ``symbol`` is as written; ``item`` is an item number."""

    title: str
    symbol: str = ""
    category: str = "document"
    url: str = ""
    body: str = ""
    item: str = ""

    @property
    def key(self) -> str:
        return normalize_symbol(self.symbol) if self.symbol else "title:" + self.title.casefold()


DEFAULT_REMINDER_LEAD_MINUTES = 15


@dataclass(frozen=True)
class Meeting:
    slug: str
    title: str
    timezone: str
    start_date: date
    end_date: date
    venue: str = ""
    organizer: str = ""
    overview: str = ""
    days: tuple[Day, ...] = ()
    documents: tuple[Document, ...] = ()
    reminder_lead_minutes: int = DEFAULT_REMINDER_LEAD_MINUTES
    people: tuple[Person, ...] = ()

    @property
    def sessions(self) -> tuple[Session, ...]:
        return tuple(s for d in self.days for s in d.sessions)

    def items(self) -> list[tuple[Session, Item]]:
        return [(s, i) for s in self.sessions for i in s.items]


ZONE_UNKNOWN = "zone_unknown"


@dataclass(frozen=True)
class ImportWarning:
    line: int | None
    message: str
    # What the warning is about, for callers that act on it rather than show it
    # (ZONE_UNKNOWN: Slack offers a time-zone picker instead of the sentence).
    kind: str = ""

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class ImportResult:
    meeting: Meeting
    warnings: tuple[ImportWarning, ...] = field(default=())
    format: str = ""

    @property
    def zone_guessed(self) -> bool:
        """No place on the page gave the zone: its times are wall-clock times taken as UTC."""
        return any(w.kind == ZONE_UNKNOWN for w in self.warnings)


class AgendaImportError(Exception):
    """A file we refuse to import: says which file, which line and what is wrong."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"
