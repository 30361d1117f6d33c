""""The first item tomorrow", "the last session on Thursday": a position on one day, by its clock.

Untimed items share their session's start, so "first" is the first item of
each session starting earliest and "last" the last item of each session
ending latest; sessions in parallel give several.
"""

from __future__ import annotations

from datetime import date, datetime, time

from bot.answers.answer import Answer
from bot.answers.context import Ask
from bot.answers.index import Occurrence
from bot.answers.items import describe_item
from bot.answers.timeexpr import meeting_dates
from bot.answers.timeline import answer_day, blocks, day_outside, is_break, reply, sessions_on
from store.values import ItemKind, Session


def _start_of(ask: Ask, s: Session) -> datetime:
    return s.starts_at or datetime.combine(s.day, time(0), ask.index.zone)


def _end_of(ask: Ask, s: Session) -> datetime:
    return s.ends_at or _start_of(ask, s)


def _item_start(ask: Ask, o: Occurrence) -> datetime:
    return o.item.starts_at or _start_of(ask, o.session)


def _edge_sessions(ask: Ask, day: date, position: str, sessions: list[Session]) -> Answer:
    if position == "first":
        edge = min(_start_of(ask, s) for s in sessions)
        chosen = [s for s in sessions if _start_of(ask, s) == edge]
    else:
        edge = max(_end_of(ask, s) for s in sessions)
        chosen = [s for s in sessions if _end_of(ask, s) == edge]
        if all(s.starts_at is None for s in sessions):
            chosen = sessions[-1:]
    _ = ask.tr.gettext
    lead = _("The first session on {day}:") if position == "first" else _("The last session on {day}:")
    return reply(ask, "sessions", [lead.format(day=ask.day(day)), *blocks(ask, chosen)], chosen)


def _first_items(ask: Ask, occurrences: list[Occurrence]) -> list[Occurrence]:
    edge = min(_item_start(ask, o) for o in occurrences)
    firsts = [o for o in occurrences if _item_start(ask, o) == edge]
    # Untimed items share their session's start: the first of each session starting then.
    return [o for o in firsts if o.item.starts_at or o is next(x for x in firsts if x.session is o.session)]


def _last_items(ask: Ask, occurrences: list[Occurrence]) -> list[Occurrence]:
    if all(o.session.starts_at is None for o in occurrences):
        return occurrences[-1:]
    edge_session = max(_end_of(ask, s) for s in {o.session for o in occurrences})
    lasts = [o for o in occurrences if _end_of(ask, o.session) == edge_session]
    latest = max(_item_start(ask, o) for o in lasts)
    lasts = [o for o in lasts if _item_start(ask, o) == latest]
    return [o for o in lasts if o.item.starts_at or o is [x for x in lasts if x.session is o.session][-1]]


def _items_answer(ask: Ask, day: date, position: str, picked: list[Occurrence]) -> Answer:
    _ = ask.tr.gettext
    if len(picked) == 1:
        answer = describe_item(ask, [picked[0]], intent="item")
        lead = _("The first item on {day}:") if position == "first" else _("The last item on {day}:")
        return Answer("item", lead.format(day=ask.day(day)) + " " + answer.text, ask.meeting.slug,
                      sessions=answer.sessions, items=answer.items, documents=answer.documents)
    lead = _("The first items on {day} (in parallel):") if position == "first" else _(
        "The last items on {day} (in parallel):")
    lines = [lead.format(day=ask.day(day))]
    for o in picked:
        name = f"{ask.index.show(o.item.number)}. {o.item.title}" if o.item.number else o.item.title
        lines.append(f"• {name}: {ask.occurrence_place(o)}")
    return reply(ask, "item", lines, list(dict.fromkeys(o.session for o in picked)), tuple(o.item for o in picked))


def answer_position(ask: Ask, day: date, position: str) -> Answer:
    """The first or last item (or session, when the question says so) on ``day``."""
    if day not in meeting_dates(ask.meeting) or not sessions_on(ask, day):
        return day_outside(ask, day)
    sessions = [s for s in sessions_on(ask, day) if not is_break(s)] or sessions_on(ask, day)
    if ask.query.has("session", "sessions"):
        return _edge_sessions(ask, day, position, sessions)
    occurrences = [o for o in ask.index.occurrences if o.session in sessions and o.item.kind != ItemKind.BREAK]
    if not occurrences:
        return answer_day(ask, day, None)
    picked = _first_items(ask, occurrences) if position == "first" else _last_items(ask, occurrences)
    return _items_answer(ask, day, position, picked)
