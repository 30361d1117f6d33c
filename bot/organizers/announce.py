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
from zoneinfo import ZoneInfo

from bot.i18n import Translator, translator
from bot.timefmt import clock_or, localized_day, localized_time, weekday
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


def announcement(old: Meeting | None, new: Meeting, language: str | None = None) -> str:
    """The channel's message in ``language`` (the meeting's; English when None): the meeting's
    title, then at most MAX_LINES sentences."""
    tr = translator(language)
    _ = tr.gettext
    lines = announcement_lines(old, new, language)
    if len(lines) > MAX_LINES:
        rest = len(lines) - MAX_LINES + 1
        # The command is Slack's markup, kept out of the message to translate.
        more = _("…and {count} more changes: ask {command}.").format(count=rest, command="`/agenda history`")
        lines = lines[: MAX_LINES - 1] + [more]
    return _("Agenda update for {meeting}:").format(meeting=new.title) + "\n" + "\n".join(lines)


def announcement_lines(old: Meeting | None, new: Meeting, language: str | None = None) -> list[str]:
    """Sentences for the channel, most important first; the preview's words as a fallback."""
    changes = diff_meetings(old, new)
    return render_announcement(changes, old or new, new, language) or [c.text for c in changes]


def render_announcement(changes: list[Change], old: Meeting, new: Meeting, language: str | None = None) -> list[str]:
    """The sentences participants need, in the changes' order (``old`` and ``new`` only say how
    long each version runs, which decides how its days are named)."""
    moves = [c for c in changes if isinstance(c, SessionMoved)]
    words = _Words(
        old,
        new,
        moved=frozenset(c.after.key for c in moves),
        restarted=frozenset(c.after.key for c in moves if c.before.starts_at != c.after.starts_at),
        tr=translator(language),
    )
    return [line for change in changes if (line := words.line(change))]


def _lower_first(title: str) -> str:
    # "Afternoon session" reads "the afternoon session"; "ICPD review" keeps its capitals.
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    tr: Translator

    @property
    def english(self) -> bool:
        return self.tr.language == "en"

    def day(self, day: date, meeting: Meeting) -> str:
        if (meeting.end_date - meeting.start_date).days < 7:
            return weekday(day) if self.english else _weekday(day, self.tr.language)
        return localized_day(day, self.tr.language)

    def clock(self, value: datetime | None, zone: str) -> str:
        if value is None or self.english:
            return clock_or(value, zone, self.tr.gettext("no set time"))
        return localized_time(value.astimezone(ZoneInfo(zone)).time(), self.tr.language)

    def item(self, item: Item) -> str:
        _ = self.tr.gettext
        if item.number:
            return _("Item {number} ({title})").format(number=item.number, title=item.title)
        return f"“{item.title}”"

    def session(self, session: Session, meeting: Meeting) -> str:
        _ = self.tr.gettext
        # English says "the afternoon session"; other languages quote the title as written.
        title = _lower_first(session.title) if self.english else session.title
        room = f" ({session.room})" if session.room else ""
        return _("the {session}{room} on {day}").format(session=title, room=room,
                                                        day=self.day(session.day, meeting))

    def line(self, change: Change) -> str:
        _ = self.tr.gettext
        match change:
            case MeetingAdded(meeting):
                return _("{meeting} is now on the agenda ({count} sessions).").format(
                    meeting=meeting.title, count=len(meeting.sessions))
            case SessionAdded(session, zone):
                return _("New: {session}, from {time}.").format(session=self.session(session, self.new),
                                                               time=self.clock(session.starts_at, zone))
            case SessionRemoved(session):
                return _("{session} is cancelled.").format(session=_capital(self.session(session, self.old)))
            case SessionRenamed(before, after) if after.key not in self.moved:
                return _("{session} is now called “{title}”.").format(
                    session=_capital(self.session(before, self.old)), title=after.title)
            case SessionMoved(before, after, zone):
                return self.session_moved(before, after, zone)
            case RoomChanged(Session() as session, _, room) if room:
                return self.tr.gettext("{session} moves to {room}.").format(
                    session=_capital(self.session(session, self.old)), room=room)
        return self.item_line(change) or self.document_line(change)

    def session_moved(self, before: Session, after: Session, zone: str) -> str:
        _ = self.tr.gettext
        if before.day != after.day:
            return _("{session} moves to {day}, starting at {time}.").format(
                session=_capital(self.session(before, self.old)), day=self.day(after.day, self.new),
                time=self.clock(after.starts_at, zone))
        name = _capital(self.session(after, self.new))
        if before.starts_at == after.starts_at:
            return _("{session} now ends at {time} (was {was}).").format(
                session=name, time=self.clock(after.ends_at, zone), was=self.clock(before.ends_at, zone))
        if before.ends_at != after.ends_at and not _same_length(before, after):
            return _("{session} now starts at {time} (was {was}) and ends at {end}.").format(
                session=name, time=self.clock(after.starts_at, zone), was=self.clock(before.starts_at, zone),
                end=self.clock(after.ends_at, zone))
        return _("{session} now starts at {time} (was {was}).").format(
            session=name, time=self.clock(after.starts_at, zone), was=self.clock(before.starts_at, zone))

    def item_line(self, change: Change) -> str:
        _ = self.tr.gettext
        match change:
            case ItemAdded(session, item):
                return _("{item} is added to {session}.").format(item=self.item(item),
                                                                 session=self.session(session, self.new))
            case ItemRemoved(_, item):
                return self.tr.gettext("{item} is cancelled.").format(item=self.item(item))
            case ItemRenamed(before, after):
                if after.number:
                    return self.tr.gettext("Item {number} is now “{title}” (was “{was}”).").format(
                        number=after.number, title=after.title, was=before.title)
                return self.tr.gettext("“{was}” is now “{title}”.").format(title=after.title, was=before.title)
            case ItemMoved(_, to_session, item):
                return self.tr.gettext("{item} moves to {session}.").format(
                    item=self.item(item), session=self.session(to_session, self.new))
            case ItemRetimed(session, before, after, zone) if (
                before.starts_at != after.starts_at and session.key not in self.restarted
            ):
                return self.tr.gettext("{item} now starts at {time} (was {was}).").format(
                    item=self.item(after), time=self.clock(after.starts_at, zone),
                    was=self.clock(before.starts_at, zone))
        return ""

    def document_line(self, change: Change) -> str:
        _ = self.tr.gettext
        match change:
            case DocumentAdded(doc) if doc.item:
                return _("New document: {document}, for item {item}.").format(document=_document(doc),
                                                                              item=doc.item)
            case DocumentAdded(doc):
                return _("New document: {document}.").format(document=_document(doc))
            case DocumentChanged(before, after) if (before.url, before.title) != (after.url, after.title):
                return _("Document {document} is updated.").format(document=_document(after))
        return ""


def _weekday(day: date, language: str) -> str:
    from babel.dates import format_date  # Babel's locale data loads only when needed

    return format_date(day, "EEEE", locale=language)


def _same_length(before: Session, after: Session) -> bool:
    if not (before.starts_at and before.ends_at and after.starts_at and after.ends_at):
        return False
    return after.ends_at - after.starts_at == before.ends_at - before.starts_at
