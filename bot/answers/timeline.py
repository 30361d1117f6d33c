"""What the schedule answers share: a day's sessions, breaks, parts of the day, answer assembly.

An ambiguous day is resolved as a person would: during the meeting it means
today (or the next meeting day once today's part is over); before the
meeting, its first day, saying there are others; after it, we say the
meeting is over and still give the facts.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Protocol

from bot.answers.answer import Answer
from bot.answers.context import Ask
from bot.answers.timeexpr import PARTS, meeting_dates
from store.values import Item, ItemKind, Session

_PART_HOURS = {"morning": (0, 12), "afternoon": (12, 17), "evening": (17, 24)}


def matches_part(session: Session, part: str) -> bool:
    """A session is a morning one if it says so, else if it starts before noon."""
    title = session.title.casefold()
    if part in title:
        return True
    if any(p in title for p in PARTS if p != part):
        return False
    if session.starts_at is None:
        return False
    low, high = _PART_HOURS[part]
    return low <= session.starts_at.hour < high


def _part_of_hour(hour: int) -> str:
    return next(p for p, (low, high) in _PART_HOURS.items() if low <= hour < high)


def timed_items(session: Session) -> list[Item]:
    """The items of a session that keep their own start and end, when two or more do."""
    items = [i for i in session.items if i.starts_at and i.ends_at]
    return items if len(items) >= 2 else []


def read_by_items(session: Session) -> bool:
    """A long session whose items keep their own times ("Committee of Experts session,
    09:00-18:30", item 5 at 14:30-15:45) is read by its items: its morning, its lunch."""
    if session.starts_at is None or session.ends_at is None or not timed_items(session):
        return False
    return _part_of_hour(session.starts_at.hour) != _part_of_hour((session.ends_at - timedelta(minutes=1)).hour)


def view(session: Session, items: Sequence[Item]) -> Session:
    """The part of a session holding these timed items, with their times."""
    return dataclasses.replace(
        session, items=tuple(items), starts_at=min(start(i) for i in items), ends_at=max(end(i) for i in items)
    )


def part_view(session: Session, part: str) -> Session | None:
    """The session, or the part of it, that is in the morning/afternoon/evening; None when none is."""
    title = session.title.casefold()
    if part not in title and not any(p in title for p in PARTS if p != part) and read_by_items(session):
        low, high = _PART_HOURS[part]
        kept = [i for i in timed_items(session) if low <= start(i).hour < high]
        return view(session, kept) if kept else None
    return session if matches_part(session, part) else None


def sessions_on(ask: Ask, day: date) -> list[Session]:
    return ask.in_room([s for s in ask.index.sessions if s.day == day])


# Pauses as agendas name them, in the languages agendas are written in: an importer that
# does not know "Pause café" or "Déjeuner" leaves them as plain items.
_PAUSE = re.compile(
    r"\b(lunch\w*|buffet|coffee|tea|break|breaks|recess|pause|d[ée]jeuner|almuerzo|comida|receso|descanso"
    r"|pausa|pranzo|mittagessen|kaffeepause)\b",
    re.IGNORECASE,
)
_ASIDE = re.compile(r"\([^)]*\)")
_LUNCH = re.compile(r"\b(lunch\w*|buffet|d[ée]jeuner|almuerzo|comida|pranzo|mittagessen)\b", re.IGNORECASE)


def is_pause(item: Item) -> bool:
    """A break item: so kinded, or a short title that starts with a pause word ("Pause café")."""
    # A note in parentheses (the caterer of a "Buffet (traiteur ...)") does not make the title long.
    short = _ASIDE.sub("", item.title).split()
    return item.kind == ItemKind.BREAK or (bool(_PAUSE.match(item.title.strip())) and len(short) <= 4)


def is_lunch(title: str) -> bool:
    return bool(_LUNCH.search(title))


def is_break(session: Session) -> bool:
    return bool(_PAUSE.search(session.title)) and all(is_pause(i) for i in session.items)


def reply(ask: Ask, intent: str, lines: Sequence[str | None], sessions: list[Session], items: tuple[Item, ...] = ()) -> Answer:
    """An answer from its lines (None lines left out), about these sessions and items."""
    return Answer(
        intent, "\n".join(line for line in lines if line is not None), ask.meeting.slug,
        sessions=tuple(sessions), items=items or tuple(i for s in sessions for i in s.items),
    )


def day_outside(ask: Ask, day: date) -> Answer:
    m = ask.meeting
    if ask.uncovered(day):
        # Inside the stated dates but outside what the agenda covers: unknown, not empty.
        return Answer("cut_off", ask.not_covered_note(day), m.slug)
    _ = ask.tr.gettext
    lines = [_("No sessions on {day}.").format(day=ask.day(day))]
    if ask.phase == "after":
        lines.append(ask.over_note())
    elif m.start_date != m.end_date:
        lines.append(_("The meeting runs from {start} to {end}.").format(
            start=ask.day(m.start_date), end=ask.day_year(m.end_date)))
    else:
        lines.append(_("The meeting is on {day}.").format(day=ask.day_year(m.start_date)))
    return Answer("no_sessions", " ".join(lines), m.slug)


class _Timed(Protocol):
    @property
    def starts_at(self) -> datetime | None: ...
    @property
    def ends_at(self) -> datetime | None: ...


def start(timed: _Timed) -> datetime:
    """The start of a session or item kept for having one (so never None here)."""
    if timed.starts_at is None:
        raise ValueError("a session or item without a start was taken for a timed one")
    return timed.starts_at


def end(timed: _Timed) -> datetime:
    """The end of a session or item kept for having one (so never None here)."""
    if timed.ends_at is None:
        raise ValueError("a session or item without an end was taken for one with an end")
    return timed.ends_at


def blocks(ask: Ask, sessions: list[Session]) -> list[str]:
    lines: list[str] = []
    for s in sessions:
        lines += ask.session_block(s)
    return lines


def day_note(ask: Ask, day: date) -> str | None:
    _ = ask.tr.gettext
    if ask.phase == "after":
        return _("{over} This is what it had:").format(over=ask.over_note())
    if day < ask.today:
        return _("That was {day}:").format(day=ask.day(day))
    return None


def future_days(ask: Ask) -> list[date]:
    return [d for d in meeting_dates(ask.meeting) if d >= ask.today]


def at(ask: Ask, day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, ask.index.zone)


def running_now(ask: Ask) -> list[Session]:
    """The sessions under way now (in the named room, if any)."""
    return ask.in_room([s for s in ask.index.sessions if s.starts_at and s.ends_at and s.starts_at <= ask.now < s.ends_at])


def answer_day(ask: Ask, day: date, part: str | None) -> Answer:
    """One day of the agenda, or one part of it."""
    if day not in meeting_dates(ask.meeting):
        return day_outside(ask, day)
    todays = sessions_on(ask, day)
    if not todays:
        return day_outside(ask, day)
    chosen = [v for s in todays if (v := part_view(s, part))] if part else todays
    if part and not chosen:
        others = "; ".join(f"{s.title}, {ask.span(s.starts_at, s.ends_at)}" for s in todays)
        text = ask.tr.gettext("No {part} session on {day}. That day: {others}.").format(
            part=ask.part_name(part), day=ask.day(day), others=others)
        return Answer("no_sessions", text, ask.meeting.slug, sessions=tuple(todays))
    q = ask.query
    if q.has("start", "starts", "begin", "begins", "open", "opens") and not q.has("session", "sessions"):
        return _day_start(ask, day, chosen)
    if q.has("end", "ends", "finish", "finishes", "close", "closes", "over") and not q.has("session", "sessions"):
        return _day_end(ask, day, chosen)
    head = ask.tr.gettext("{heading}:").format(heading=ask.day(day)) if not part else None
    return reply(ask, "sessions", [day_note(ask, day), head, *blocks(ask, chosen)], chosen)


def _day_start(ask: Ask, day: date, chosen: list[Session]) -> Answer:
    _ = ask.tr.gettext
    first = next((s for s in chosen if s.starts_at), chosen[0])
    at = ask.when(first.starts_at) if first.starts_at else _("a time to be announced")
    if ask.tense(first.starts_at, first.ends_at) == "was":
        said = _("On {day} the first session, the {title}, started at {time}.")
    else:
        said = _("On {day} the first session, the {title}, starts at {time}.")
    return reply(ask, "day_start", [said.format(day=ask.day(day), title=first.title, time=at)], [first])


def _day_end(ask: Ask, day: date, chosen: list[Session]) -> Answer:
    timed = [s for s in chosen if s.ends_at]
    _ = ask.tr.gettext
    last = timed[-1] if timed else chosen[-1]
    at = ask.when(last.ends_at) if last.ends_at else _("a time to be announced")
    if ask.tense(last.starts_at, last.ends_at) == "was":
        said = _("On {day} the last session, the {title}, ended at {time}.")
    else:
        said = _("On {day} the last session, the {title}, ends at {time}.")
    return reply(ask, "day_end", [said.format(day=ask.day(day), title=last.title, time=at)], [last])
