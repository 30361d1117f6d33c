"""Questions by time: "what's in the afternoon session?", "what's next?", "what's at 3pm?".

``answer_time`` picks the rule from what the question's time expression says
(timeexpr.TimeRef); days, breaks and positions on a day have their own
modules (timeline, breaks, positions).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.answers.answer import Answer
from bot.answers.breaks import answer_after_break, answer_before_break, answer_break
from bot.answers.context import Ask
from bot.answers.positions import answer_position
from bot.answers.timeexpr import meeting_dates
from bot.answers.timeline import (
    answer_day,
    at,
    blocks,
    day_outside,
    end,
    future_days,
    is_break,
    matches_part,
    part_view,
    reply,
    running_now,
    sessions_on,
    start,
)
from bot.render import render_agenda
from bot.timefmt import day_label, time_of_day
from store.values import Item, Session

__all__ = ["answer_agenda", "answer_named_sessions", "answer_time", "matches_part"]


def _part_before(ask: Ask, part: str, matching: list[Session], days: list[date]) -> Answer:
    first_day = days[0]
    chosen = [s for s in matching if s.day == first_day]
    others = [d for d in days if d != first_day]
    note = (
        f"The meeting has not started yet. There are {part} sessions on {len(days)} days; "
        f"the first is on {day_label(first_day)} (the others: {', '.join(day_label(d) for d in others)})."
        if others else None
    )
    return reply(ask, "sessions", [note, *blocks(ask, chosen)], chosen)


def _part_during(ask: Ask, part: str, matching: list[Session], days: list[date]) -> Answer:
    """Today's if any is still to come or under way, else the next day's, else the last one."""
    today = [s for s in matching if s.day == ask.today]
    live = [s for s in today if s.ends_at is None or s.ends_at > ask.now]
    if live:
        return reply(ask, "sessions", blocks(ask, live), live)
    later_days = [d for d in days if d > ask.today]
    if later_days:
        chosen = [s for s in matching if s.day == later_days[0]]
        note = f"Today's {part} session is over; the next one is on {day_label(later_days[0])}:" if today else None
        return reply(ask, "sessions", [note, *blocks(ask, chosen)], chosen)
    last_day = days[-1]
    chosen = [s for s in matching if s.day == last_day]
    return reply(
        ask, "sessions", [f"There are no more {part} sessions; the last one was on {day_label(last_day)}:", *blocks(ask, chosen)],
        chosen,
    )


def answer_part(ask: Ask, part: str) -> Answer:
    """"The afternoon session" with no day: today's, the next, the first, or a recap."""
    matching = ask.in_room([v for s in ask.index.sessions if (v := part_view(s, part))])
    if not matching:
        return Answer(
            "no_sessions", f"There is no {part} session in this meeting.", ask.meeting.slug,
            suggestions=tuple(f"{s.title} ({day_label(s.day)})" for s in ask.index.sessions[:5]),
        )
    days = list(dict.fromkeys(s.day for s in matching))
    if ask.phase == "after":
        return reply(ask, "sessions", [ask.over_note() + f" Its {part} sessions were:", *blocks(ask, matching)], matching)
    if ask.phase == "before":
        return _part_before(ask, part, matching, days)
    return _part_during(ask, part, matching, days)


def _clock_day(ask: Ask, clock: time) -> tuple[date, str | None]:
    """The day "what's at 3pm?" means: the first before or after the meeting; today, or tomorrow once it has passed."""
    if ask.phase == "after":
        return meeting_dates(ask.meeting)[0], ask.over_note()
    if ask.phase == "before":
        day = meeting_dates(ask.meeting)[0]
        return day, f"The meeting has not started yet; on its first day, {day_label(day)}:"
    future = future_days(ask)
    day = future[0] if future else ask.today
    if at(ask, day, clock) < ask.now - timedelta(hours=1) and len(future) > 1:
        return future[1], f"{time_of_day(clock)} has passed today; tomorrow, {day_label(future[1])}:"
    return day, None


def _running_at(ask: Ask, day: date, moment: datetime, running: list[Session], note: str | None) -> Answer:
    lines = [note]
    items: list[Item] = []
    for s in running:
        timed = [i for i in s.items if i.starts_at and i.starts_at <= moment < (i.ends_at or i.starts_at + timedelta(minutes=30))]
        if timed:
            room = f" ({s.room})" if s.room else ""
            lines.append(f"At {ask.when(moment)} on {day_label(day)}, in the {s.title}{room}:")
            lines += [ask.item_line(i) for i in timed]
            items += timed
        else:
            lines += [f"At {ask.when(moment)} on {day_label(day)}:"] + ask.session_block(s)
            items += s.items
    return reply(ask, "at_time", lines, running, tuple(items))


def _gap_at(ask: Ask, day: date, moment: datetime, todays: list[Session], note: str | None) -> Answer:
    """Nothing at that moment: say what ends before it and what starts after."""
    before = [s for s in todays if (s.ends_at or start(s)) <= moment]
    after = [s for s in todays if start(s) > moment]
    parts = [f"Nothing is scheduled at {ask.when(moment)} on {day_label(day)}."]
    if before:
        last = max(before, key=lambda s: s.ends_at or start(s))
        if last.ends_at:
            parts.append(f"The {last.title} ends at {ask.when(last.ends_at)}")
    if after:
        nxt = min(after, key=start)
        parts.append(("and the" if len(parts) > 1 else "The") + f" {nxt.title} starts at {ask.when(start(nxt))}")
    text = parts[0] + (" " + " ".join(parts[1:]) + "." if len(parts) > 1 else "")
    return Answer("at_time", "\n".join(p for p in (note, text) if p), ask.meeting.slug,
                  sessions=tuple(before[-1:] + after[:1]))


def answer_clock(ask: Ask, day: date | None, clock: time) -> Answer:
    """"What's at 3pm?": the sessions (and timed items) running then, or the gap around it."""
    note = None
    if day is None:
        day, note = _clock_day(ask, clock)
    if day not in meeting_dates(ask.meeting):
        return day_outside(ask, day)
    moment = at(ask, day, clock)
    todays = [s for s in sessions_on(ask, day) if s.starts_at]
    running = [s for s in todays if s.starts_at and s.starts_at <= moment < (s.ends_at or s.starts_at + timedelta(hours=1))]
    if running:
        return _running_at(ask, day, moment, running, note)
    return _gap_at(ask, day, moment, todays, note)


def answer_now(ask: Ask) -> Answer:
    if ask.phase == "before":
        return answer_next(ask, prefix="Nothing yet. " + ask.not_started_note())
    if ask.phase == "after":
        return Answer("now", ask.over_note(), ask.meeting.slug)
    running = running_now(ask)
    if not running:
        return answer_next(ask, prefix="Nothing is on right now.")
    lines: list[str] = []
    items: list[Item] = []
    for s in running:
        timed = [i for i in s.items if i.starts_at and i.starts_at <= ask.now < (i.ends_at or i.starts_at + timedelta(minutes=30))]
        room = f" ({s.room})" if s.room else ""
        if timed:
            lines.append(f"Now in the {s.title}{room} (until {ask.when(end(s))}):")
            lines += [ask.item_line(i) for i in timed]
            items += timed
        else:
            lines.append(f"Now: {ask.session_name(s)}:")
            lines += [ask.item_line(i) for i in s.items]
            items += s.items
    return reply(ask, "now", lines, running, tuple(items))


def _next_talk(ask: Ask, running: list[Session], lines: list[str]) -> Answer | None:
    """Inside a session whose items have their own times, "next" is the next talk."""
    timed_next = [(s, i) for s in running for i in s.items if i.starts_at and i.starts_at > ask.now]
    if not timed_next or ask.query.has("session", "sessions"):
        return None
    soonest_talk = min(start(i) for _, i in timed_next)
    talks = [(s, i) for s, i in timed_next if i.starts_at == soonest_talk]
    for s, i in talks:
        room = f" ({s.room})" if s.room else ""
        lines.append(f"Next in the {s.title}{room}:")
        lines.append(ask.item_line(i))
    return reply(ask, "next", lines, [s for s, _ in talks], tuple(i for _, i in talks))


def _nothing_timed_ahead(ask: Ask, lines: list[str]) -> Answer:
    """No timed session is ahead: a session without a time yet, the agenda's cut-off, or the end."""
    untimed = [s for s in ask.index.sessions if s.starts_at is None and s.day >= ask.today]
    if untimed:
        lines.append("Next, at a time to be announced:")
        lines += blocks(ask, untimed[:1])
        return reply(ask, "next", lines, untimed[:1])
    if ask.agenda_end is not None:
        return Answer("next", "\n".join(lines + [ask.cut_off_note()]), ask.meeting.slug)
    return Answer("next", "\n".join(lines + ["That was the last session: nothing else is scheduled."]), ask.meeting.slug)


def answer_next(ask: Ask, prefix: str | None = None) -> Answer:
    if ask.phase == "after":
        return Answer("next", ask.over_note() + " Nothing is next.", ask.meeting.slug)
    lines: list[str] = [prefix] if prefix else []
    running = running_now(ask)
    talk = _next_talk(ask, running, lines)
    if talk is not None:
        return talk
    upcoming = ask.in_room([s for s in ask.index.sessions if s.starts_at and s.starts_at > ask.now and not is_break(s)])
    if not upcoming:
        return _nothing_timed_ahead(ask, lines)
    soonest = min(start(s) for s in upcoming)
    chosen = [s for s in upcoming if s.starts_at == soonest]
    if running and not prefix:
        current = running[0]
        lines.append(f"Now: the {current.title} (until {ask.when(end(current))}).")
    lines.append("Next:")
    lines += blocks(ask, chosen)
    return reply(ask, "next", lines, chosen)


def answer_named_sessions(ask: Ask, sessions: list[Session]) -> Answer:
    """Sessions the question named by title: when they start or end, or what is in them."""
    sessions = ask.in_room(sessions) or sessions
    q = ask.query
    first = sessions[0]
    room = f" ({first.room})" if first.room else ""
    if len(sessions) == 1 and first.starts_at and q.has("start", "starts", "begin", "begins", "open", "opens"):
        verb = "started" if ask.tense(first.starts_at, first.ends_at) == "was" else "starts"
        return reply(ask, "session", [f"The {first.title}{room} {verb} at {ask.when(first.starts_at)} on {day_label(first.day)}."], [first])
    if len(sessions) == 1 and first.ends_at and q.has("end", "ends", "finish", "finishes", "over"):
        verb = "ended" if ask.tense(first.starts_at, first.ends_at) == "was" else "ends"
        return reply(ask, "session", [f"The {first.title}{room} {verb} at {ask.when(first.ends_at)} on {day_label(first.day)}."], [first])
    note = ask.over_note() if ask.phase == "after" else None
    if len(sessions) == 1 and q.has("when") and ask.tense(first.starts_at, first.ends_at) == "was":
        # "When was the NGO forum?": say it is past, not only when it was.
        note = f"The {first.title}{room} was on {day_label(first.day)}, {ask.span(first.starts_at, first.ends_at)}."
    return reply(ask, "session", [note, *blocks(ask, sessions)], sessions)


def answer_agenda(ask: Ask) -> Answer:
    text = render_agenda(ask.meeting, viewer_zone=ask.viewer_zone, now=ask.now)
    if ask.phase == "after":
        text = ask.over_note() + "\n\n" + text
    return Answer("agenda", text, ask.meeting.slug, sessions=ask.index.sessions)


def answer_rest_of_day(ask: Ask, day: date | None) -> Answer:
    """"What's left today?", "later today": what has not ended yet today."""
    if ask.phase == "after":
        return Answer("sessions", ask.over_note(), ask.meeting.slug)
    if ask.phase == "before":
        first = meeting_dates(ask.meeting)[0]
        return answer_day(ask, first, None)
    day = day or ask.today
    if day not in meeting_dates(ask.meeting):
        return day_outside(ask, day)
    left = [s for s in sessions_on(ask, day) if not is_break(s) and (finish := s.ends_at or s.starts_at) and finish > ask.now]
    if not left:
        later = [d for d in meeting_dates(ask.meeting) if d > day]
        tail = f" Next: {day_label(later[0])}." if later else (" " + ask.cut_off_note() if ask.agenda_end else "")
        return Answer("sessions", f"Nothing more today ({day_label(day)}).{tail}", ask.meeting.slug)
    return reply(ask, "sessions", [f"Still to come today ({day_label(day)}):", *blocks(ask, left)], left)


def answer_time(ask: Ask) -> Answer | None:
    """The answer to a question about time, or None when the question is not about time."""
    t = ask.time
    if t.position and t.day:
        return answer_position(ask, t.day, t.position)
    if t.before_break:
        return answer_before_break(ask, t.day, lunch=t.lunch)
    if t.rest_of_day and not t.clock and (t.day is None or t.day == ask.today):
        return answer_rest_of_day(ask, t.day)
    if t.after_lunch:
        return answer_after_break(ask, t.day, lunch=t.lunch)
    if t.lunch or (t.pause and not t.part and not t.clock):
        return answer_break(ask, t.day, lunch=t.lunch)
    if t.now:
        return answer_now(ask)
    if t.next and not t.day:
        return answer_next(ask)
    if t.clock:
        return answer_clock(ask, t.day, t.clock)
    if t.day:
        return answer_day(ask, t.day, t.part)
    if t.part:
        return answer_part(ask, t.part)
    if t.next:
        return answer_next(ask)
    return None
