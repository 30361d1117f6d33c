"""What participants are told after an agenda change: a few short sentences.

Both this and the organizer's preview (store/diff/preview.py) render the
change values of one engine (store/diff/). The preview gives every change
exactly; the channel gets sentences a participant reads at a glance: "The
afternoon session on Thursday now starts at 15:30 (was 15:00)." Days are
named by weekday when the meeting fits in a week, as people say them.
Changes participants need not hear about (an item's sub-points, a speaker)
are left out; when nothing is left, the preview's words are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.timefmt import clock_or, day_label, weekday
from store.diff import (
    Change,
    DocumentAdded,
    DocumentChanged,
    ItemAdded,
    ItemMoved,
    ItemRemoved,
    ItemRenamed,
    ItemRetimed,
    MeetingAdded,
    RoomChanged,
    SessionAdded,
    SessionMoved,
    SessionRemoved,
    SessionRenamed,
    diff_meetings,
)
from store.values import Document, Item, Meeting, Session

MAX_LINES = 8


def announcement(old: Meeting | None, new: Meeting) -> str:
    """The channel's message: the meeting's title, then at most MAX_LINES sentences."""
    lines = announcement_lines(old, new)
    if len(lines) > MAX_LINES:
        rest = len(lines) - MAX_LINES + 1
        lines = lines[: MAX_LINES - 1] + [f"…and {rest} more changes: ask `/agenda history`."]
    return f"Agenda update for {new.title}:\n" + "\n".join(lines)


def announcement_lines(old: Meeting | None, new: Meeting) -> list[str]:
    """Sentences for the channel, most important first; the preview's words as a fallback."""
    changes = diff_meetings(old, new)
    return render_announcement(changes, old or new, new) or [c.text for c in changes]


def render_announcement(changes: list[Change], old: Meeting, new: Meeting) -> list[str]:
    """The sentences participants need, in the changes' order (``old`` and ``new`` only say how
    long each version runs, which decides how its days are named)."""
    moves = [c for c in changes if isinstance(c, SessionMoved)]
    words = _Words(
        old,
        new,
        moved=frozenset(c.after.key for c in moves),
        restarted=frozenset(c.after.key for c in moves if c.before.starts_at != c.after.starts_at),
    )
    return [line for change in changes if (line := words.line(change))]


def _lower_first(title: str) -> str:
    # "Afternoon session" reads "the afternoon session"; "ICPD review" keeps its capitals.
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _item(item: Item) -> str:
    return f"Item {item.number} ({item.title})" if item.number else f"“{item.title}”"


def _document(doc: Document) -> str:
    if doc.symbol and doc.title != doc.symbol:
        return f"{doc.symbol} ({doc.title})"
    return doc.symbol or doc.title


@dataclass(frozen=True)
class _Words:
    old: Meeting
    new: Meeting
    moved: frozenset[str]  # keys of sessions whose time changed: their items follow unannounced
    restarted: frozenset[str]  # ...of those, the ones whose start changed

    def day(self, day: date, meeting: Meeting) -> str:
        if (meeting.end_date - meeting.start_date).days < 7:
            return weekday(day)
        return day_label(day)

    def session(self, session: Session, meeting: Meeting) -> str:
        room = f" ({session.room})" if session.room else ""
        return f"the {_lower_first(session.title)}{room} on {self.day(session.day, meeting)}"

    def line(self, change: Change) -> str:
        match change:
            case MeetingAdded(meeting):
                return f"{meeting.title} is now on the agenda ({len(meeting.sessions)} sessions)."
            case SessionAdded(session, zone):
                return f"New: {self.session(session, self.new)}, from {_clock(session.starts_at, zone)}."
            case SessionRemoved(session):
                return f"{_capital(self.session(session, self.old))} is cancelled."
            case SessionRenamed(before, after) if after.key not in self.moved:
                return f"{_capital(self.session(before, self.old))} is now called “{after.title}”."
            case SessionMoved(before, after, zone):
                return self.session_moved(before, after, zone)
            case RoomChanged(Session() as session, _, room) if room:
                return f"{_capital(self.session(session, self.old))} moves to {room}."
        return self.item_line(change) or self.document_line(change)

    def session_moved(self, before: Session, after: Session, zone: str) -> str:
        if before.day != after.day:
            return (
                f"{_capital(self.session(before, self.old))} moves to {self.day(after.day, self.new)}, "
                f"starting at {_clock(after.starts_at, zone)}."
            )
        name = _capital(self.session(after, self.new))
        if before.starts_at == after.starts_at:
            return f"{name} now ends at {_clock(after.ends_at, zone)} (was {_clock(before.ends_at, zone)})."
        line = f"{name} now starts at {_clock(after.starts_at, zone)} (was {_clock(before.starts_at, zone)})"
        if before.ends_at != after.ends_at and not _same_length(before, after):
            line += f" and ends at {_clock(after.ends_at, zone)}"
        return line + "."

    def item_line(self, change: Change) -> str:
        match change:
            case ItemAdded(session, item):
                return f"{_item(item)} is added to {self.session(session, self.new)}."
            case ItemRemoved(_, item):
                return f"{_item(item)} is cancelled."
            case ItemRenamed(before, after):
                name = f"Item {after.number}" if after.number else f"“{before.title}”"
                return f"{name} is now “{after.title}” (was “{before.title}”)."
            case ItemMoved(_, to_session, item):
                return f"{_item(item)} moves to {self.session(to_session, self.new)}."
            case ItemRetimed(session, before, after, zone) if (
                before.starts_at != after.starts_at and session.key not in self.restarted
            ):
                was = _clock(before.starts_at, zone)
                return f"{_item(after)} now starts at {_clock(after.starts_at, zone)} (was {was})."
        return ""

    def document_line(self, change: Change) -> str:
        match change:
            case DocumentAdded(doc):
                return f"New document: {_document(doc)}" + (f", for item {doc.item}." if doc.item else ".")
            case DocumentChanged(before, after) if (before.url, before.title) != (after.url, after.title):
                return f"Document {_document(after)} is updated."
        return ""


def _clock(value: datetime | None, zone: str) -> str:
    return clock_or(value, zone, "no set time")


def _same_length(before: Session, after: Session) -> bool:
    if not (before.starts_at and before.ends_at and after.starts_at and after.ends_at):
        return False
    return after.ends_at - after.starts_at == before.ends_at - before.starts_at
