"""Status: "has the forum started yet?", "is the joint meeting over?", "is item 8 on now?".

Asked of the meeting, a session or an item (bot/answers/targets.py), and
answered from "now" in the meeting's zone: not started (and when it starts),
under way (until when, and where it continues), over (and when it ended). An
agenda that stops before the meeting's stated end does not make the meeting
over.
"""

from __future__ import annotations

from datetime import datetime

from bot.answers.answer import Answer
from bot.answers.context import Ask
from bot.answers.targets import Target, find_target
from bot.timefmt import day_label, day_label_with_year

_STATUS_WORDS = (
    "started", "start", "begun", "began", "finished", "finish", "ended", "over", "done", "concluded", "yet",
    "on now", "under way", "underway", "still on", "still going", "running now", "happening now",
    "already", "happened", "took place",
)
_ASKING = ("has", "have", "is", "are", "did", "was", "were")


def is_status_question(ask: Ask) -> bool:
    q = ask.query
    if not q.tokens or not q.has(*_STATUS_WORDS):
        return False
    first = q.tokens[0] if q.tokens[0] not in ("so", "and", "hey", "please") else q.tokens[1:2][0] if len(q.tokens) > 1 else ""
    return first in _ASKING or q.has("yet")


def answer_status(ask: Ask) -> Answer | None:
    if not is_status_question(ask):
        return None
    q = ask.query
    if q.has("is there", "are there", "anything"):
        return None
    target = find_target(ask, things=True)
    if target is None:
        return None
    if target.is_meeting:
        return _meeting_status(ask)
    return _part_status(ask, target)


def _meeting_status(ask: Ask) -> Answer:
    m = ask.meeting
    first, last = ask.first_start(), ask.last_end()
    if ask.phase == "before" or (first is not None and ask.now < first):
        at = f" at {ask.when(first)}" if first and first.date() == m.start_date else ""
        return Answer("status", f"No, {m.title} has not started: it starts on {day_label_with_year(m.start_date)}{at}.", m.slug)
    if ask.phase == "after":
        return Answer("status", f"Yes, {m.title} is over: it ended on {day_label_with_year(m.end_date)}.", m.slug)
    at = f" at {ask.when(first)}" if first and first.date() == m.start_date else ""
    until = f" {day_label(m.end_date)}"
    if last is not None and last.date() == m.end_date:
        until = f" {ask.when(last)} on {day_label(m.end_date)}"
    text = f"Yes, {m.title} started on {day_label(m.start_date)}{at}; it is not over: it runs until{until}."
    if ask.agenda_end is not None:
        text += f" (The agenda I have stops on {day_label(ask.agenda_end)}.)"
    return Answer("status", text, m.slug)


_Place = tuple[datetime | None, datetime | None, str]


def _places(ask: Ask, target: Target) -> list[_Place]:
    """Each place the target is taken up in, with its own times (an item's, else its session's)."""
    places: list[_Place] = []
    if target.kind == "item":
        for o in target.occurrences:
            start = o.item.starts_at or o.session.starts_at
            end = o.item.ends_at or (o.session.ends_at if not o.item.starts_at else None)
            places.append((start, end, ask.occurrence_place(o)))
    else:
        for s in target.sessions:
            room = f" ({s.room})" if s.room else ""
            places.append((s.starts_at, s.ends_at, f"the {s.title}{room} on {day_label(s.day)}, {ask.span(s.starts_at, s.ends_at)}"))
    return places


def _status_text(ask: Ask, target: Target, timed: list[_Place]) -> str:
    name = target.label[0].upper() + target.label[1:]
    now = ask.now
    running = [p for p in timed if p[0] is not None and p[0] <= now and (p[1] is None or now < p[1])]
    later = [p for p in timed if p[0] is not None and p[0] > now]
    if running:
        _, end, where = running[0]
        until = f", until {ask.when(end)}" if end else ""
        text = f"{name} is under way now{until}: {where}."
        if later:
            text += " It continues in " + "; ".join(p[2] for p in later) + "."
        return text
    if later and len(later) == len(timed):
        start = later[0][0]
        assert start is not None
        return (f"No, {target.label} has not started: it starts at {ask.when(start)} on "
                f"{day_label(start.date())}, in {later[0][2]}.")
    if later:
        return f"{name} was taken up in {timed[0][2]}, and continues in " + "; ".join(p[2] for p in later) + "."
    last_start, last_end, where = timed[-1]
    ended = last_end or last_start
    assert ended is not None
    return f"Yes, {target.label} is over: it ended at {ask.when(ended)} on {day_label(ended.date())} ({where})."


def _part_status(ask: Ask, target: Target) -> Answer:
    places = _places(ask, target)
    timed = [p for p in places if p[0] is not None]
    if not timed:
        name = target.label[0].upper() + target.label[1:]
        return Answer("status", f"{name} has no time yet: {places[0][2]}.", ask.meeting.slug, sessions=target.sessions)
    return Answer("status", _status_text(ask, target, timed), ask.meeting.slug, sessions=target.sessions)
