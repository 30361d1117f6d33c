"""Finding what an organizer's edit is about: a day, an item, a session, by the words typed."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot import vocabulary
from bot.organizers.edit_types import EditError
from bot.timefmt import short_day, weekday
from bot.vocabulary import WEEKDAYS, DayRef
from bot.words import Command, Words
from store.values import Item, Meeting, Session


def resolve_day(day: DayRef, meeting: Meeting) -> date:
    """The meeting's date ``day`` names (a weekday: the meeting's first such day)."""
    found = day.resolve(all_dates(meeting), None, meeting.start_date.year)
    if found is not None:
        return found
    if day.weekday is not None:
        raise EditError(f"{meeting.title} has no {WEEKDAYS[day.weekday].capitalize()}.")
    raise EditError(f"“{day.text}” is not a date.")


def all_dates(meeting: Meeting) -> list[date]:
    days = {d.date for d in meeting.days}
    span = (meeting.end_date - meeting.start_date).days
    days |= {meeting.start_date + timedelta(days=n) for n in range(max(0, span) + 1)}
    return sorted(days)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.casefold())


def item_number(target: str) -> str | None:
    """``item V`` -> ``V``; ``V`` or ``5`` alone -> itself; anything else None."""
    return vocabulary.item_number(target)


def find_item(meeting: Meeting, target: str) -> Item:
    """The item ``target`` names: by number (``item V``, ``V``, ``5``) or by words of its title."""
    number = item_number(target)
    items = [i for _, i in meeting.items()]
    if number is not None:
        for item in vocabulary.items_numbered(meeting, number):
            return item
        raise EditError(f"There is no item {number} on the agenda of {meeting.title}.")
    wanted = set(_words(target.removeprefix("item ")))
    matches = {i.number or i.title: i for i in items if wanted and wanted <= set(_words(i.title))}
    if len(matches) == 1:
        return next(iter(matches.values()))
    if not matches:
        raise EditError(Words.of(f"I found no item “{target}”. Name it by its number, e.g. ", Command("item V", whole=False), "."))
    names = ", ".join(sorted(matches))
    raise EditError(f"“{target}” could be several items ({names}); name it by its number.")


def _session_words(session: Session) -> set[str]:
    return set(_words(session.title)) | set(_words(session.room))


def find_sessions(meeting: Meeting, target: str) -> list[Session]:
    """Sessions whose title (and room) contain every word of ``target`` that is not a day."""
    words = _words(target)
    day: DayRef | None = None
    # "afternoon session on thursday", "thursday afternoon session", "afternoon session 16 october"
    for size in (3, 2, 1):
        for start in range(0, max(0, len(words) - size + 1)):
            found = vocabulary.parse_day(" ".join(words[start:start + size]), relative=False)
            if found:
                day = found
                words = words[:start] + words[start + size:]
                break
        if day:
            break
    words = [w for w in words if w not in ("on", "the", "of")]
    sessions = [s for s in meeting.sessions if words and set(words) <= _session_words(s) | {"session"}]
    if day is not None:
        on = resolve_day(day, meeting)
        sessions = [s for s in sessions if s.day == on]
    return sessions


def looks_like_session(meeting: Meeting, target: str) -> bool:
    return "session" in target.lower() or bool(find_sessions(meeting, target))


def _describe(session: Session) -> str:
    return f"{session.title} on {short_day(session.day)}"


def find_session(meeting: Meeting, target: str, day: date | None = None) -> Session:
    sessions = find_sessions(meeting, target)
    if day is not None and len(sessions) > 1:
        sessions = [s for s in sessions if s.day == day] or sessions
    if len(sessions) == 1:
        return sessions[0]
    if not sessions:
        raise EditError(f"I found no session “{target}” in {meeting.title}.")
    which = " or ".join(_describe(s) for s in sessions)
    raise EditError(f"Which one: {which}? Add the day, e.g. “{target} on {weekday(sessions[0].day)}”.")
