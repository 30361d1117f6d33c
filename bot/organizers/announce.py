"""What participants are told after an agenda change: a few short sentences.

The preview shows an organizer the exact changes (store/diff.py); the
channel gets sentences a participant reads at a glance: "The afternoon
session on Thursday now starts at 15:30 (was 15:00)." Days are named by
weekday when the meeting fits in a week, as people say them.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.timefmt import clock_or, day_label, weekday
from store.diff import diff_meetings
from store.values import Item, Meeting, Session

MAX_LINES = 8


def _clock(value: datetime | None, zone: ZoneInfo) -> str:
    return clock_or(value, str(zone), "no set time")


def _day(day: date, meeting: Meeting) -> str:
    if (meeting.end_date - meeting.start_date).days < 7:
        return weekday(day)
    return day_label(day)


def _lower_first(title: str) -> str:
    # "Afternoon session" reads "the afternoon session"; "ICPD review" keeps its capitals.
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


def _session(session: Session, meeting: Meeting) -> str:
    room = f" ({session.room})" if session.room else ""
    return f"the {_lower_first(session.title)}{room} on {_day(session.day, meeting)}"


def _item(item: Item) -> str:
    return f"Item {item.number} ({item.title})" if item.number else f"“{item.title}”"


def _key(item: Item) -> str:
    return item.number.casefold() if item.number else "title:" + item.title.casefold()


def _items(meeting: Meeting) -> dict[str, tuple[Session, Item]]:
    out: dict[str, tuple[Session, Item]] = {}
    for session, item in meeting.items():
        out.setdefault(_key(item), (session, item))
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _session_moved(before: Session, after: Session, meeting: Meeting, zone: ZoneInfo) -> str:
    name = _capital(_session(after, meeting))
    if before.starts_at != after.starts_at:
        line = f"{name} now starts at {_clock(after.starts_at, zone)} (was {_clock(before.starts_at, zone)})"
        same_length = (
            before.starts_at and before.ends_at and after.starts_at and after.ends_at
            and after.ends_at - after.starts_at == before.ends_at - before.starts_at
        )
        if before.ends_at != after.ends_at and not same_length:
            line += f" and ends at {_clock(after.ends_at, zone)}"
        return line + "."
    return f"{name} now ends at {_clock(after.ends_at, zone)} (was {_clock(before.ends_at, zone)})."


def announcement_lines(old: Meeting | None, new: Meeting) -> list[str]:
    """Sentences for the channel, most important first; the diff's own words as a fallback."""
    if old is None:
        return [f"{new.title} is now on the agenda ({len(new.sessions)} sessions)."]
    zone = ZoneInfo(new.timezone)
    lines: list[str] = []
    old_sessions = {s.key: s for s in old.sessions}
    new_sessions = {s.key: s for s in new.sessions}
    # A session moved to another day has a new key: pair it by title with the one that went.
    gone = {k: s for k, s in old_sessions.items() if k not in new_sessions}
    for key, session in new_sessions.items():
        before = old_sessions.get(key)
        if before is None:
            twin = next((s for s in gone.values() if s.title == session.title and s.room == session.room), None)
            if twin is not None:
                gone.pop(twin.key)
                lines.append(
                    f"{_capital(_session(twin, old))} moves to {_day(session.day, new)}, "
                    f"starting at {_clock(session.starts_at, zone)}."
                )
            else:
                lines.append(f"New: {_session(session, new)}, from {_clock(session.starts_at, zone)}.")
        elif (before.starts_at, before.ends_at) != (session.starts_at, session.ends_at):
            lines.append(_session_moved(before, session, new, zone))
        elif before.title != session.title:
            lines.append(f"{_capital(_session(before, old))} is now called “{session.title}”.")
    for session in gone.values():
        lines.append(f"{_capital(_session(session, old))} is cancelled.")

    old_items, new_items = _items(old), _items(new)
    moved_sessions = {s.key for s in new.sessions if s.key in old_sessions
                      and (old_sessions[s.key].starts_at != s.starts_at)}
    for key, (session, item) in new_items.items():
        before_pair = old_items.get(key)
        if before_pair is None:
            lines.append(f"{_item(item)} is added to {_session(session, new)}.")
            continue
        before_session, before_item = before_pair
        if before_item.title != item.title:
            name = f"Item {item.number}" if item.number else f"“{before_item.title}”"
            lines.append(f"{name} is now “{item.title}” (was “{before_item.title}”).")
        if before_session.key != session.key:
            lines.append(f"{_item(item)} moves to {_session(session, new)}.")
        elif before_item.starts_at != item.starts_at and session.key not in moved_sessions:
            lines.append(
                f"{_item(item)} now starts at {_clock(item.starts_at, zone)} (was {_clock(before_item.starts_at, zone)})."
            )
    for key, (_, item) in old_items.items():
        if key not in new_items:
            lines.append(f"{_item(item)} is cancelled.")

    old_docs = {d.key: d for d in old.documents}
    for doc in new.documents:
        before_doc = old_docs.get(doc.key)
        name = f"{doc.symbol} ({doc.title})" if doc.symbol and doc.title != doc.symbol else doc.symbol or doc.title
        if before_doc is None:
            lines.append(f"New document: {name}" + (f", for item {doc.item}." if doc.item else "."))
        elif (before_doc.url, before_doc.title) != (doc.url, doc.title):
            lines.append(f"Document {name} is updated.")
    if not lines:
        lines = [c.text for c in diff_meetings(old, new)]
    return lines


def announcement(old: Meeting | None, new: Meeting) -> str:
    """The channel's message: the meeting's title, then at most MAX_LINES sentences."""
    lines = announcement_lines(old, new)
    if len(lines) > MAX_LINES:
        rest = len(lines) - MAX_LINES + 1
        lines = lines[: MAX_LINES - 1] + [f"…and {rest} more changes: ask `/agenda history`."]
    return f"Agenda update for {new.title}:\n" + "\n".join(lines)
