"""The agenda item under discussion at a moment, for a note taken then.

In order: an item whose own times contain the moment; else the item an
organizer named for the session happening now (``/agenda now ITEM``); else
the session alone. A session "happens" from ``MARGIN`` before its start to
``MARGIN`` after its end, because notes are typed while people sit down and
just after the gavel. Outside every session, on a day of the meeting, a note
is "general" (no item, no session); outside the meeting's days there is no
attribution and the note is not taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import vocabulary
from store.values import Item, Meeting, Session

MARGIN = timedelta(minutes=30)


@dataclass(frozen=True)
class Attribution:
    """Where a note belongs. ``how``: own_time|organizer|session|general."""

    how: str
    session: Session | None = None
    item: Item | None = None

    @property
    def item_number(self) -> str:
        return self.item.number if self.item else ""

    @property
    def item_title(self) -> str:
        return self.item.title if self.item else ""

    @property
    def session_key(self) -> str:
        return self.session.key if self.session else ""


def session_at(meeting: Meeting, moment: datetime, margin: timedelta = MARGIN) -> Session | None:
    """The session happening at ``moment`` (with the margin); the nearest start wins an overlap."""
    candidates = []
    for session in meeting.sessions:
        if session.starts_at is None:
            continue
        end = session.ends_at or session.starts_at + timedelta(hours=3)
        if session.starts_at - margin <= moment < end + margin:
            inside = session.starts_at <= moment < end
            candidates.append((not inside, abs((moment - session.starts_at).total_seconds()), session))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], c[1]))[2]


def find_item(meeting: Meeting, number: str, session: Session | None = None) -> Item | None:
    """The item numbered ``number`` ("v", "5", "item V"), in ``session`` first (an item that
    continues across sessions is found where it is being discussed)."""
    wanted = number.strip().strip(" .")
    if not wanted:
        return None
    # "item 5", "5", "V", and lettered numbers an agenda may use ("4a", "b") as written.
    found = vocabulary.items_numbered(meeting, vocabulary.item_number(wanted) or wanted, session.items if session else ())
    return found[0] if found else None


def attribute(meeting: Meeting, moment: datetime, pointers: Mapping[str, str]) -> Attribution | None:
    """Where a note taken at ``moment`` belongs; ``pointers`` maps session keys to the item
    number organizers named for them. None outside the meeting's days."""
    session = session_at(meeting, moment)
    if session is None:
        local_day = moment.astimezone(ZoneInfo(meeting.timezone)).date()
        if meeting.start_date <= local_day <= meeting.end_date:
            return Attribution("general")
        return None
    for item in session.items:
        if item.starts_at and item.starts_at <= moment < (item.ends_at or item.starts_at + timedelta(minutes=1)):
            return Attribution("own_time", session, item)
    named = pointers.get(session.key)
    if named:
        pointed = find_item(meeting, named, session)
        if pointed is not None:
            return Attribution("organizer", session, pointed)
    return Attribution("session", session)
