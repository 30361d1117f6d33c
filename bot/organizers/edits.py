"""Quick edits to an agenda, as organizers type them: parsed into values, applied to a Meeting.

``parse_edit("move afternoon session to 15:30 16 October")`` gives a ``Move``;
``apply_edit(meeting, edit)`` gives the new Meeting (or raises ``EditError``
saying, in words, what could not be understood or found). Nothing here knows
Slack or the database, so the Slack commands, the App Home modal and a
console can all share it, and it is tested on values built by hand.

Every edit is also a plain dict (``edit_to_dict``/``edit_from_dict``): a
pending change keeps the edit, not just its result, so that a Confirm refused
because someone else changed the agenda meanwhile can be previewed again on
top of their change instead of undoing it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from store.numerals import number_value, same_number
from store.values import Day, Document, Item, Meeting, Person, Role, Session


class EditError(ValueError):
    """An edit we cannot make; the message is for the organizer who typed it."""


@dataclass(frozen=True)
class DayRef:
    """A day as typed: a weekday (0 = Monday) or a month and day (year optional)."""

    text: str
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None

    def resolve(self, meeting: Meeting) -> date:
        if self.weekday is not None:
            for d in _all_dates(meeting):
                if d.weekday() == self.weekday:
                    return d
            raise EditError(f"{meeting.title} has no {WEEKDAYS[self.weekday].capitalize()}.")
        assert self.month is not None and self.day is not None
        try:
            return date(self.year or meeting.start_date.year, self.month, self.day)
        except ValueError:
            raise EditError(f"“{self.text}” is not a date.") from None


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

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
QUOTES = "\"“”‘’'«»"

_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?$", re.IGNORECASE)
_URL = re.compile(r"^<?(https?://[^\s|>]+)(?:\|[^>]*)?>?$")

USAGE = (
    "`/agenda move SESSION|ITEM to TIME [DAY]` · `/agenda cancel ITEM` · "
    "`/agenda rename ITEM \"New title\"` · `/agenda doc add SYMBOL \"Title\" URL [item N]` · "
    "`/agenda set moderator of SESSION \"Name (Affiliation)\"` · `/agenda set room of SESSION|ITEM \"Room\"`"
)
SET_EXAMPLE = (
    '`/agenda set moderator of afternoon session "Bo Li (UN DESA)"`, '
    '`/agenda set speakers of item V "Ann Smith (IOM); Eva Roe"`, '
    '`/agenda set chair of meeting "Hania Zlotnik"` or `/agenda set room of item V "Room XIX"`'
)
# "speakers", "co-chairs": a role may be named in the plural, and with a space for the hyphen.
_ROLE_WORDS = {r.value: r for r in Role if r is not Role.OTHER} | {
    r.value + "s": r for r in Role if r is not Role.OTHER
} | {r.value.replace("-", " "): r for r in Role} | {r.value.replace("-", " ") + "s": r for r in Role}
_MEETING_TARGETS = frozenset({"meeting", "the meeting"})


# --- parsing ---------------------------------------------------------------------------------


def parse_time(text: str) -> time | None:
    """``15:30``, ``9.05``, ``3pm``, ``3:30 pm``, ``15h``, ``15h30``; None for anything else."""
    m = _TIME.match(text.strip())
    if not m:
        return None
    hour, minute, suffix = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower().replace(".", "")
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif m.group(2) is None and suffix != "h":
        return None  # a bare "15" is more likely an item number than a time
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if len(word) < 3:
        return None
    return next((i for i, name in enumerate(MONTHS, start=1) if name.startswith(word)), None)


def _weekday(word: str) -> int | None:
    word = word.lower().rstrip(".,")
    if len(word) < 3:
        return None
    return next((i for i, name in enumerate(WEEKDAYS) if name.startswith(word)), None)


def parse_day(text: str) -> DayRef | None:
    """``thursday``, ``2003-10-16``, ``16 October [2003]``, ``Oct 16``, ``Thursday 16 October``."""
    words = [w for w in text.replace(",", " ").split() if w.lower() not in ("on", "the")]
    if words and len(words) > 1 and _weekday(words[0]) is not None:
        words = words[1:]  # "Thursday 16 October": the date says it all
    if len(words) == 1:
        weekday = _weekday(words[0])
        if weekday is not None:
            return DayRef(text, weekday=weekday)
        try:
            d = date.fromisoformat(words[0])
        except ValueError:
            return None
        return DayRef(text, month=d.month, day=d.day, year=d.year)
    if len(words) in (2, 3):
        year = None
        if len(words) == 3:
            if not (words[2].isdigit() and len(words[2]) == 4):
                return None
            year = int(words[2])
        first, second = words[0].rstrip("."), words[1].rstrip(".")
        if first.isdigit() and _month(second):
            return DayRef(text, month=_month(second), day=int(first), year=year)
        if second.isdigit() and _month(first):
            return DayRef(text, month=_month(first), day=int(second), year=year)
    return None


def _when(text: str) -> tuple[time, DayRef | None] | None:
    """``15:30``, ``15:30 16 October``, ``3pm on Thursday``."""
    words = text.split()
    for cut in range(len(words), 0, -1):
        at = parse_time(" ".join(words[:cut]))
        if at is None:
            continue
        rest = " ".join(words[cut:])
        if not rest:
            return at, None
        day = parse_day(rest)
        return (at, day) if day else None
    return None


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in QUOTES and text[-1] in QUOTES:
        return text[1:-1].strip()
    return text


def _split_quoted(text: str) -> tuple[str, str, str] | None:
    """``before "quoted" after`` with straight or curly quotes; None when nothing is quoted."""
    m = re.search(r"[\"“”«‘](.+?)[\"”“»’]", text)
    if not m:
        return None
    return text[: m.start()].strip(), m.group(1).strip(), text[m.end():].strip()


def parse_edit(text: str) -> Edit:
    """The edit in ``text`` (the words after ``/agenda``); EditError saying how to write it."""
    text = " ".join(text.split())
    head, _, rest = text.partition(" ")
    word = head.lower()
    if word == "move":
        return _parse_move(rest)
    if word == "cancel":
        if not rest:
            raise EditError("Say what to cancel, e.g. `/agenda cancel item VI`.")
        return Cancel(_unquote(rest))
    if word == "rename":
        return _parse_rename(rest)
    if word in ("doc", "document") and rest.lower().startswith("add"):
        return _parse_doc_add(rest[3:].strip())
    if word == "set":
        return _parse_set(rest)
    raise EditError(f"I know these changes: {USAGE}")


def _parse_set(rest: str) -> SetPeople | SetRoom:
    """``ROLE of TARGET "Name (Affiliation); Name"`` or ``room of TARGET "Room"``."""
    quoted = re.search(r"[\"“«‘]([^\"“”«»‘’]*)[\"”»’]\s*$", rest)
    if quoted is None:
        raise EditError(f"Write the people or the room in quotes at the end, e.g. {SET_EXAMPLE}.")
    head, value = rest[: quoted.start()].strip(), quoted.group(1).strip()
    m = re.match(r"^(?P<what>.+?)\s+(?:of|for|on)\s+(?P<target>.+)$", head, re.IGNORECASE)
    if m is None:
        raise EditError(f"Say whose, e.g. {SET_EXAMPLE}.")
    what, target = m.group("what").strip().casefold(), _unquote(m.group("target"))
    if what == "room":
        return SetRoom(target, value)
    role = _ROLE_WORDS.get(what)
    if role is None:
        roles = ", ".join(r.value for r in Role if r is not Role.OTHER)
        raise EditError(f"“{m.group('what')}” is not a role I know ({roles}; or room).")
    return SetPeople(target, role.value, parse_people(value))


def parse_people(text: str) -> tuple[tuple[str, str], ...]:
    """``Ann Smith (IOM); Bo Li`` → (("Ann Smith", "IOM"), ("Bo Li", "")); "none" or "" → ()."""
    if text.strip().casefold() in ("", "none", "nobody", "-"):
        return ()
    people = []
    for part in text.split(";"):
        part = " ".join(part.split())
        if not part:
            continue
        m = re.match(r"^(.+?)\s*\(([^()]*)\)$", part)
        name, affiliation = (m.group(1), m.group(2).strip()) if m else (part, "")
        people.append((name.strip(), affiliation))
    return tuple(people)


def _parse_move(rest: str) -> Move:
    example = "e.g. `/agenda move afternoon session to 15:30 16 October` or `/agenda move item V to 16:00`"
    # The target may itself contain " to " ("Introduction to ..."): try the last one first.
    cuts = [m.start() for m in re.finditer(r"\bto\b", rest, re.IGNORECASE)]
    for cut in reversed(cuts):
        target, when = rest[:cut].strip(), rest[cut + 2:].strip()
        found = _when(when)
        if target and found:
            return Move(_unquote(target), found[0], found[1])
    if cuts:
        raise EditError(f"I could not read the new time; write it as 15:30 or 3:30pm, {example}.")
    raise EditError(f"Say where to move it, {example}.")


def _parse_rename(rest: str) -> Rename:
    split = _split_quoted(rest)
    if split is None or not split[0] or split[2]:
        raise EditError('Write the new title in quotes, e.g. `/agenda rename item V "Remittances and development"`.')
    return Rename(split[0], split[1])


def _parse_doc_add(rest: str) -> AddDocument:
    example = '`/agenda doc add A/58/99 "Report on remittances" https://example.org/a5899.pdf item V`'
    words = rest.split()
    if not words:
        raise EditError(f"Write it as {example}.")
    symbol, after = words[0], rest[len(words[0]):].strip()
    split = _split_quoted(after)
    if split is not None:
        title, tail = split[1], split[2]
    else:
        url_at = next((i for i, w in enumerate(after.split()) if _URL.match(w)), None)
        if url_at is None:
            raise EditError(f"A document needs a link (http:// or https://), e.g. {example}.")
        parts = after.split()
        title, tail = " ".join(parts[:url_at]), " ".join(parts[url_at:])
    tail_words = tail.split()
    if not tail_words or not _URL.match(tail_words[0]):
        raise EditError(f"A document needs a link (http:// or https://) after its title, e.g. {example}.")
    url = _URL.match(tail_words[0]).group(1)  # type: ignore[union-attr]
    item = ""
    extra = tail_words[1:]
    if extra:
        if extra[0].lower() != "item" or len(extra) != 2:
            raise EditError(f"After the link only `item N` may follow, e.g. {example}.")
        item = extra[1]
    return AddDocument(symbol, title or symbol, url, item)


# --- finding what an edit is about -----------------------------------------------------------


def _all_dates(meeting: Meeting) -> list[date]:
    days = {d.date for d in meeting.days}
    span = (meeting.end_date - meeting.start_date).days
    days |= {meeting.start_date + timedelta(days=n) for n in range(max(0, span) + 1)}
    return sorted(days)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.casefold())


def _item_number(target: str) -> str | None:
    """``item V`` -> ``V``; ``V`` or ``5`` alone -> itself; anything else None."""
    words = target.split()
    if len(words) == 2 and words[0].lower() in ("item", "agenda-item", "no.", "#"):
        return words[1].strip(".:#")
    if len(words) == 1 and number_value(words[0]) is not None:
        return words[0].strip(".:#")
    return None


def find_item(meeting: Meeting, target: str) -> Item:
    """The item ``target`` names: by number (``item V``, ``V``, ``5``) or by words of its title."""
    number = _item_number(target)
    items = [i for _, i in meeting.items()]
    if number is not None:
        for item in items:
            if item.number and same_number(item.number, number):
                return item
        raise EditError(f"There is no item {number} on the agenda of {meeting.title}.")
    wanted = set(_words(target.removeprefix("item ")))
    matches = {i.number or i.title: i for i in items if wanted and wanted <= set(_words(i.title))}
    if len(matches) == 1:
        return next(iter(matches.values()))
    if not matches:
        raise EditError(f"I found no item “{target}”. Name it by its number, e.g. `item V`.")
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
            found = parse_day(" ".join(words[start:start + size]))
            if found:
                day = found
                words = words[:start] + words[start + size:]
                break
        if day:
            break
    words = [w for w in words if w not in ("on", "the", "of")]
    sessions = [s for s in meeting.sessions if words and set(words) <= _session_words(s) | {"session"}]
    if day is not None:
        on = day.resolve(meeting)
        sessions = [s for s in sessions if s.day == on]
    return sessions


def _looks_like_session(meeting: Meeting, target: str) -> bool:
    return "session" in target.lower() or bool(find_sessions(meeting, target))


def _describe(session: Session) -> str:
    return f"{session.title} on {session.day.strftime('%a %d %b')}"


def find_session(meeting: Meeting, target: str, day: date | None = None) -> Session:
    sessions = find_sessions(meeting, target)
    if day is not None and len(sessions) > 1:
        sessions = [s for s in sessions if s.day == day] or sessions
    if len(sessions) == 1:
        return sessions[0]
    if not sessions:
        raise EditError(f"I found no session “{target}” in {meeting.title}.")
    which = " or ".join(_describe(s) for s in sessions)
    raise EditError(f"Which one: {which}? Add the day, e.g. “{target} on {sessions[0].day.strftime('%A')}”.")


# --- applying -------------------------------------------------------------------------------


def _at(day: date, at: time, zone: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone))


def _shift(value: datetime | None, delta: timedelta) -> datetime | None:
    return value + delta if value is not None else None


def _replace_session(meeting: Meeting, old: Session, new: Session | None) -> Meeting:
    """``old`` replaced by ``new`` (on its own day, kept in time order), or removed when None."""
    days: list[Day] = []
    placed = new is None
    for d in meeting.days:
        sessions = [s for s in d.sessions if s is not old]
        if new is not None and d.date == new.day:
            sessions.append(new)
            placed = True
        days.append(dataclasses.replace(d, sessions=tuple(_in_order(sessions))))
    if not placed and new is not None:
        days.append(Day(date=new.day, sessions=(new,)))
        days.sort(key=lambda d: d.date)
    return dataclasses.replace(meeting, days=tuple(days))


def _in_order(sessions: list[Session]) -> list[Session]:
    # Sessions without a time keep their place after the timed ones of the day.
    timed = sorted((s for s in sessions if s.starts_at), key=lambda s: s.starts_at)  # type: ignore[arg-type,return-value]
    return timed + [s for s in sessions if not s.starts_at]


def _map_items(meeting: Meeting, change: Any) -> Meeting:
    """Every session's items passed through ``change(session, items) -> items``."""
    days = tuple(
        dataclasses.replace(d, sessions=tuple(
            dataclasses.replace(s, items=tuple(change(s, s.items))) for s in d.sessions
        ))
        for d in meeting.days
    )
    return dataclasses.replace(meeting, days=days)


def apply_edit(meeting: Meeting, edit: Edit) -> Meeting:
    """``meeting`` with ``edit`` made; EditError when the edit names nothing there."""
    if isinstance(edit, Move):
        return _apply_move(meeting, edit)
    if isinstance(edit, Cancel):
        return _apply_cancel(meeting, edit)
    if isinstance(edit, Rename):
        return _apply_rename(meeting, edit)
    if isinstance(edit, AddDocument):
        return _apply_doc(meeting, edit)
    if isinstance(edit, SetPeople):
        return _apply_people(meeting, edit)
    if isinstance(edit, SetRoom):
        return _apply_room(meeting, edit)
    return _apply_session_edit(meeting, edit)


def _with_role(people: tuple[Person, ...], role: Role, chosen: tuple[tuple[str, str], ...]) -> tuple[Person, ...]:
    """``people`` with those of ``role`` replaced by ``chosen``, where the first of them stood."""
    new = [Person(name, role, affiliation) for name, affiliation in chosen]
    at = next((n for n, p in enumerate(people) if p.role is role), len(people))
    kept = [p for p in people if p.role is not role]
    at = min(at, len(kept))
    return (*kept[:at], *new, *kept[at:])


def _apply_people(meeting: Meeting, edit: SetPeople) -> Meeting:
    role = Role(edit.role)
    if edit.target.casefold() in _MEETING_TARGETS:
        return dataclasses.replace(meeting, people=_with_role(meeting.people, role, edit.people))
    if _item_number(edit.target) is None and _looks_like_session(meeting, edit.target):
        session = find_session(meeting, edit.target)
        changed = dataclasses.replace(session, people=_with_role(session.people, role, edit.people))
        return _replace_session(meeting, session, changed)
    item = find_item(meeting, edit.target)
    return _map_items(meeting, lambda _s, items: [
        dataclasses.replace(i, people=_with_role(i.people, role, edit.people)) if i is item else i for i in items])


def _apply_room(meeting: Meeting, edit: SetRoom) -> Meeting:
    room = " ".join(edit.room.split())
    if _item_number(edit.target) is None and _looks_like_session(meeting, edit.target):
        session = find_session(meeting, edit.target)
        return _replace_session(meeting, session, dataclasses.replace(session, room=room))
    item = find_item(meeting, edit.target)
    return _map_items(meeting, lambda _s, items: [
        dataclasses.replace(i, room=room) if i is item else i for i in items])


def _apply_move(meeting: Meeting, edit: Move) -> Meeting:
    on = edit.day.resolve(meeting) if edit.day else None
    if on is not None and on not in _all_dates(meeting):
        raise EditError(
            f"{on.strftime('%d %B %Y').lstrip('0')} is not a day of {meeting.title} "
            f"({meeting.start_date:%d %b} – {meeting.end_date:%d %b %Y})."
        )
    if _item_number(edit.target) is None and _looks_like_session(meeting, edit.target):
        return _move_session(meeting, find_session(meeting, edit.target, on), edit.at, on)
    return _move_item(meeting, find_item(meeting, edit.target), edit.at, on)


def _move_session(meeting: Meeting, session: Session, at: time, on: date | None) -> Meeting:
    day = on or session.day
    starts = _at(day, at, meeting.timezone)
    if session.starts_at is None:
        moved = dataclasses.replace(session, day=day, starts_at=starts)
    else:
        delta = starts - session.starts_at
        moved = dataclasses.replace(
            session, day=day, starts_at=starts, ends_at=_shift(session.ends_at, delta),
            items=tuple(dataclasses.replace(i, starts_at=_shift(i.starts_at, delta), ends_at=_shift(i.ends_at, delta))
                        for i in session.items),
        )
    return _replace_session(meeting, session, moved)


def _move_item(meeting: Meeting, item: Item, at: time, on: date | None) -> Meeting:
    home = next(s for s in meeting.sessions if item in s.items)
    day = on or home.day
    starts = _at(day, at, meeting.timezone)
    # The session that runs at that time takes the item; else it stays where it is (if that day).
    into = next((s for s in meeting.sessions if s.day == day and s.starts_at and s.ends_at
                 and s.starts_at <= starts < s.ends_at), None)
    if into is None:
        if day != home.day:
            raise EditError(f"No session runs at {at:%H:%M} on {day:%a %d %b}; move a session there first.")
        into = home
    ends = _shift(item.ends_at, starts - item.starts_at) if item.starts_at else None
    moved = dataclasses.replace(item, starts_at=starts, ends_at=ends)
    if into is home:
        new_home = dataclasses.replace(home, items=tuple(moved if i is item else i for i in home.items))
        return _replace_session(meeting, home, new_home)
    without = _replace_session(meeting, home, dataclasses.replace(home, items=tuple(i for i in home.items if i is not item)))
    target = next(s for s in without.sessions if s.key == into.key)
    later = [i for i in target.items if i.starts_at and i.starts_at > starts]
    position = target.items.index(later[0]) if later else len(target.items)
    items = target.items[:position] + (moved,) + target.items[position:]
    return _replace_session(without, target, dataclasses.replace(target, items=items))


def _apply_cancel(meeting: Meeting, edit: Cancel) -> Meeting:
    if _item_number(edit.target) is None and "session" in edit.target.lower():
        return _replace_session(meeting, find_session(meeting, edit.target), None)
    item = find_item(meeting, edit.target)

    def drop(_: Session, items: tuple[Item, ...]) -> list[Item]:
        # A continued item goes with its continuation: it is the same item.
        return [i for i in items if not (i is item or (item.number and i.number == item.number))]

    return _map_items(meeting, drop)


def _apply_rename(meeting: Meeting, edit: Rename) -> Meeting:
    if not edit.title.strip():
        raise EditError("The new title is empty.")
    if _item_number(edit.target) is None and "session" in edit.target.lower():
        session = find_session(meeting, edit.target)
        return _replace_session(meeting, session, dataclasses.replace(session, title=edit.title))
    item = find_item(meeting, edit.target)
    return _map_items(meeting, lambda _s, items: [
        dataclasses.replace(i, title=edit.title) if i is item else i for i in items])


def _apply_doc(meeting: Meeting, edit: AddDocument) -> Meeting:
    item = find_item(meeting, f"item {edit.item}").number if edit.item else ""
    doc = Document(title=edit.title, symbol=edit.symbol, url=edit.url, item=item)
    kept = [d for d in meeting.documents if d.key != doc.key]
    before = next((d for d in meeting.documents if d.key == doc.key), None)
    if before is not None:
        # Replacing a document's link or title must not drop the text we extracted from it.
        doc = dataclasses.replace(doc, body=before.body, category=before.category)
        index = meeting.documents.index(before)
        return dataclasses.replace(meeting, documents=(*kept[:index], doc, *kept[index:]))
    return dataclasses.replace(meeting, documents=(*meeting.documents, doc))


def _apply_session_edit(meeting: Meeting, edit: SessionEdit) -> Meeting:
    session = next((s for s in meeting.sessions if s.key == edit.session_key), None)
    if session is None:
        raise EditError("That session is no longer on the agenda; open the editor again.")
    starts = _at(session.day, edit.starts, meeting.timezone) if edit.starts else None
    ends = _at(session.day, edit.ends, meeting.timezone) if edit.ends else None
    if starts and ends and ends <= starts:
        ends += timedelta(days=1)  # "22:00 to 01:00" runs past midnight
    old_items = {(i.number or i.title).casefold(): i for i in session.items}
    items = []
    for ordinal, (number, title) in enumerate(edit.items, start=1):
        before = old_items.get((number or title).casefold())
        if before is not None:
            items.append(dataclasses.replace(before, title=title, ordinal=ordinal))
        else:
            items.append(Item(title=title, number=number, ordinal=ordinal))
    changed = dataclasses.replace(session, starts_at=starts, ends_at=ends, items=tuple(items))
    return _replace_session(meeting, session, changed)


_ITEM_LINE = re.compile(r"^\s*([0-9]+[a-z]?|[IVXLCDM]+|[a-z])[.)]\s+(.+)$", re.IGNORECASE)


def parse_item_lines(text: str) -> tuple[tuple[str, str], ...]:
    """The modal's items box: ``V. Title`` (or just ``Title``) a line; blank lines skipped."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _ITEM_LINE.match(line)
        out.append((m.group(1), m.group(2).strip()) if m else ("", line.strip()))
    return tuple(out)


# --- keeping edits with a pending change ----------------------------------------------------


def edit_to_dict(edit: Edit) -> dict[str, Any]:
    data = dataclasses.asdict(edit)
    data["type"] = type(edit).__name__
    for key, value in list(data.items()):
        if isinstance(value, time):
            data[key] = value.strftime("%H:%M")
    return data


def edit_from_dict(data: dict[str, Any]) -> Edit:
    data = dict(data)
    kind = data.pop("type")

    def clock(value: str | None) -> time | None:
        return time.fromisoformat(value) if value else None

    if kind == "Move":
        day = DayRef(**data["day"]) if data.get("day") else None
        return Move(data["target"], clock(data["at"]), day)  # type: ignore[arg-type]
    if kind == "Cancel":
        return Cancel(**data)
    if kind == "Rename":
        return Rename(**data)
    if kind == "AddDocument":
        return AddDocument(**data)
    if kind == "SetPeople":
        return SetPeople(data["target"], data["role"], tuple((str(n), str(a)) for n, a in data["people"]))
    if kind == "SetRoom":
        return SetRoom(**data)
    if kind == "SessionEdit":
        return SessionEdit(data["session_key"], clock(data["starts"]), clock(data["ends"]),
                           tuple((str(n), str(t)) for n, t in data["items"]))
    raise ValueError(f"unknown edit {kind!r}")


def source_of(edit: Edit) -> str:
    """How the revision's source reads in the history: "slack move", "slack rename", …"""
    return {
        Move: "slack move", Cancel: "slack cancel", Rename: "slack rename",
        AddDocument: "slack doc add", SessionEdit: "slack edit", SetPeople: "slack set people",
        SetRoom: "slack set room",
    }[type(edit)]
