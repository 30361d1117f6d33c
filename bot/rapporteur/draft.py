"""The draft report as a value: per agenda item, its title, the points noted, what was
agreed and the actions with their owners. Renderers (Markdown, DOCX, Slack) read it.

Items come in agenda order, once each (an item continued in a later session is
one item). Breaks are left out. Notes filed under a session without an item,
and general notes, follow in sections of their own; so do notes whose item has
since left the agenda, under the number and title they were taken with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.rapporteur.marks import NoteKind
from bot.rapporteur.notes import Note
from bot.timefmt import day_label
from store.values import ItemKind, Meeting

POINT_KINDS = (NoteKind.INFO, NoteKind.NOTE)
AGREED_KINDS = (NoteKind.AGREED, NoteKind.CONCLUSION)


@dataclass(frozen=True)
class Action:
    text: str
    owner: str  # a Slack user id
    owner_name: str = ""  # as Slack named them when the note was taken


@dataclass(frozen=True)
class DraftSection:
    heading: str  # "V. Presentation and discussion on workers' remittances", "General"
    number: str = ""
    points: tuple[str, ...] = ()
    agreed: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.points or self.agreed or self.actions)


@dataclass(frozen=True)
class DraftReport:
    meeting: str  # the meeting's title
    slug: str
    made_at: datetime
    sections: tuple[DraftSection, ...]

    @property
    def note_count(self) -> int:
        return sum(len(s.points) + len(s.agreed) + len(s.actions) for s in self.sections)

    @property
    def filename_stem(self) -> str:
        return f"{self.slug}-rapporteur-draft"


def _section(heading: str, number: str, notes: Sequence[Note]) -> DraftSection:
    return DraftSection(
        heading=heading,
        number=number,
        points=tuple(n.text for n in notes if n.kind in POINT_KINDS),
        agreed=tuple(n.text for n in notes if n.kind in AGREED_KINDS),
        actions=tuple(Action(n.text, n.owner or n.author, n.owner_name) for n in notes if n.kind == NoteKind.ACTION),
    )


def build_draft(meeting: Meeting, notes: Sequence[Note], now: datetime) -> DraftReport:
    by_item: dict[str, list[Note]] = {}
    by_session: dict[str, list[Note]] = {}
    general: list[Note] = []
    for note in notes:
        if note.item_number:
            by_item.setdefault(note.item_number.casefold(), []).append(note)
        elif note.session_key:
            by_session.setdefault(note.session_key, []).append(note)
        else:
            general.append(note)
    sections: list[DraftSection] = []
    seen: set[str] = set()
    for _, item in meeting.items():
        key = item.number.casefold() if item.number else "title:" + item.title.casefold()
        if item.kind is ItemKind.BREAK or key in seen:
            continue
        seen.add(key)
        sections.append(_section(item.label, item.number, by_item.pop(key, [])))
    for gone in by_item.values():  # items the agenda no longer has
        first = gone[0]
        sections.append(_section(f"{first.item_number}. {first.item_title} (no longer on the agenda)",
                                 first.item_number, gone))
    titles = {s.key: f"{s.title}, {day_label(s.day)}" for s in meeting.sessions}
    for key, session_notes in by_session.items():
        heading = titles.get(key, session_notes[0].session_title or "A session")
        sections.append(_section(f"{heading} (no item named)", "", session_notes))
    if general:
        sections.append(_section("General", "", general))
    return DraftReport(meeting.title, meeting.slug, now, tuple(sections))
