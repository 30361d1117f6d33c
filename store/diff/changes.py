"""The changes between two versions of a meeting, as plain values.

Each value holds the parts of the agenda it is about (the session or item
before and after), so every renderer can name them its own way: the
organizer's preview (store/diff/preview.py) and the channel announcement
(bot/organizers/announce.py). ``kind`` is a stable name for tests and logs;
``text`` is the preview's words, kept for callers that only list changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from store.values import Document, Item, Meeting, Person, Role, Session


@dataclass(frozen=True)
class Change:
    kind: ClassVar[str] = "change"

    @property
    def text(self) -> str:
        from store.diff.preview import preview_line  # the renderer imports these values

        return preview_line(self)


@dataclass(frozen=True)
class MeetingAdded(Change):
    """The first version of a meeting: there is nothing to compare it with."""

    kind: ClassVar[str] = "meeting_added"
    meeting: Meeting


MeetingField = str | date | None


@dataclass(frozen=True)
class MeetingFieldChanged(Change):
    """``field`` is the Meeting attribute: title, venue, organizer, timezone, start_date, end_date."""

    kind: ClassVar[str] = "meeting_changed"
    field: str
    before: MeetingField
    after: MeetingField


@dataclass(frozen=True)
class OverviewChanged(Change):
    kind: ClassVar[str] = "meeting_changed"


@dataclass(frozen=True)
class ReminderLeadChanged(Change):
    kind: ClassVar[str] = "meeting_changed"
    before: int
    after: int


@dataclass(frozen=True)
class PeopleChanged(Change):
    """The people of one role where they are attached: the meeting (``subject`` None), a session
    as it was (the name the organizer knows it by) or an item as it is now."""

    kind: ClassVar[str] = "people_changed"
    subject: Session | Item | None
    role: Role
    before: tuple[Person, ...]
    after: tuple[Person, ...]


@dataclass(frozen=True)
class RoomChanged(Change):
    """A session (as it was) or an item (as it is now) changed room; "" is no room."""

    kind: ClassVar[str] = "room_changed"
    subject: Session | Item
    before: str
    after: str


@dataclass(frozen=True)
class SessionAdded(Change):
    kind: ClassVar[str] = "session_added"
    session: Session
    zone: str  # the zone its times are told in: the new version's


@dataclass(frozen=True)
class SessionRemoved(Change):
    kind: ClassVar[str] = "session_removed"
    session: Session


@dataclass(frozen=True)
class SessionRenamed(Change):
    kind: ClassVar[str] = "session_renamed"
    before: Session
    after: Session


@dataclass(frozen=True)
class SessionMoved(Change):
    """Same session, other times (and perhaps another day)."""

    kind: ClassVar[str] = "session_moved"
    before: Session
    after: Session
    zone: str

    @property
    def other_day(self) -> bool:
        return self.before.day != self.after.day


@dataclass(frozen=True)
class ItemAdded(Change):
    kind: ClassVar[str] = "item_added"
    session: Session
    item: Item


@dataclass(frozen=True)
class ItemRemoved(Change):
    kind: ClassVar[str] = "item_removed"
    session: Session
    item: Item


@dataclass(frozen=True)
class ItemRenamed(Change):
    kind: ClassVar[str] = "item_renamed"
    before: Item
    after: Item


@dataclass(frozen=True)
class ItemChanged(Change):
    """Its sub-points or its kind changed; the title did not."""

    kind: ClassVar[str] = "item_changed"
    item: Item


@dataclass(frozen=True)
class ItemMoved(Change):
    """The item went to another session."""

    kind: ClassVar[str] = "item_moved"
    from_session: Session
    to_session: Session
    item: Item


@dataclass(frozen=True)
class ItemRetimed(Change):
    """The item keeps its session and changes its time."""

    kind: ClassVar[str] = "item_moved"
    session: Session
    before: Item
    after: Item
    zone: str


@dataclass(frozen=True)
class DocumentAdded(Change):
    kind: ClassVar[str] = "document_added"
    document: Document


@dataclass(frozen=True)
class DocumentChanged(Change):
    kind: ClassVar[str] = "document_changed"
    before: Document
    after: Document
