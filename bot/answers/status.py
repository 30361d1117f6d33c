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
    # French and Spanish put the subject first ("la séance a-t-elle commencé ?", read as
    # "the session has starts"): the asking verb after "the <noun>".
    inverted = first == "the" and any(t in _ASKING for t in q.tokens[2:4])
    return first in _ASKING or q.has("yet") or inverted


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
    _ = ask.tr.gettext
    first, last = ask.first_start(), ask.last_end()
    at = _(" at {time}").format(time=ask.when(first)) if first and first.date() == m.start_date else ""
    if ask.phase == "before" or (first is not None and ask.now < first):
        text = _("No, {title} has not started: it starts on {day}{at}.").format(
            title=m.title, day=ask.day_year(m.start_date), at=at)
        return Answer("status", text, m.slug)
    if ask.phase == "after":
        text = _("Yes, {title} is over: it ended on {day}.").format(title=m.title, day=ask.day_year(m.end_date))
        return Answer("status", text, m.slug)
    until = ask.day(m.end_date)
    if last is not None and last.date() == m.end_date:
        until = _("{time} on {day}").format(time=ask.when(last), day=ask.day(m.end_date))
    text = _("Yes, {title} started on {day}{at}; it is not over: it runs until {until}.").format(
        title=m.title, day=ask.day(m.start_date), at=at, until=until)
    if ask.agenda_end is not None:
        text += _(" (The agenda I have stops on {day}.)").format(day=ask.day(ask.agenda_end))
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
            place = ask.tr.gettext("the {title}{room} on {day}, {when}").format(
                title=s.title, room=room, day=ask.day(s.day), when=ask.span(s.starts_at, s.ends_at))
            places.append((s.starts_at, s.ends_at, place))
    return places


def _status_text(ask: Ask, target: Target, timed: list[_Place]) -> str:
    _ = ask.tr.gettext
    name = target.label[0].upper() + target.label[1:]
    now = ask.now
    running = [p for p in timed if p[0] is not None and p[0] <= now and (p[1] is None or now < p[1])]
    later = [p for p in timed if p[0] is not None and p[0] > now]
    if running:
        _start, end, where = running[0]
        said = _("{what} is under way now, until {time}: {where}.") if end else _("{what} is under way now: {where}.")
        text = said.format(what=name, time=ask.when(end) if end else "", where=where)
        if later:
            text += _(" It continues in {places}.").format(places="; ".join(p[2] for p in later))
        return text
    if later and len(later) == len(timed):
        start = later[0][0]
        assert start is not None
        return _("No, {what} has not started: it starts at {time} on {day}, in {where}.").format(
            what=target.label, time=ask.when(start), day=ask.day(start.date()), where=later[0][2])
    if later:
        return _("{what} was taken up in {first}, and continues in {places}.").format(
            what=name, first=timed[0][2], places="; ".join(p[2] for p in later))
    last_start, last_end, where = timed[-1]
    ended = last_end or last_start
    assert ended is not None
    return _("Yes, {what} is over: it ended at {time} on {day} ({where}).").format(
        what=target.label, time=ask.when(ended), day=ask.day(ended.date()), where=where)


def _part_status(ask: Ask, target: Target) -> Answer:
    places = _places(ask, target)
    timed = [p for p in places if p[0] is not None]
    if not timed:
        name = target.label[0].upper() + target.label[1:]
        text = ask.tr.gettext("{what} has no time yet: {where}.").format(what=name, where=places[0][2])
        return Answer("status", text, ask.meeting.slug, sessions=target.sessions)
    return Answer("status", _status_text(ask, target, timed), ask.meeting.slug, sessions=target.sessions)
