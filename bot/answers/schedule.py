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
from bot.timefmt import localized_time
from store.values import Item, Session

__all__ = ["answer_agenda", "answer_named_sessions", "answer_time", "matches_part"]


def _part_before(ask: Ask, part: str, matching: list[Session], days: list[date]) -> Answer:
    first_day = days[0]
    chosen = [s for s in matching if s.day == first_day]
    others = [d for d in days if d != first_day]
    note = ask.tr.gettext(
        "The meeting has not started yet. There are {part} sessions on {count} days; "
        "the first is on {first} (the others: {others})."
    ).format(part=ask.part_name(part), count=len(days), first=ask.day(first_day),
             others=", ".join(ask.day(d) for d in others)) if others else None
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
        note = ask.tr.gettext("Today's {part} session is over; the next one is on {day}:").format(
            part=ask.part_name(part), day=ask.day(later_days[0])) if today else None
        return reply(ask, "sessions", [note, *blocks(ask, chosen)], chosen)
    last_day = days[-1]
    chosen = [s for s in matching if s.day == last_day]
    note = ask.tr.gettext("There are no more {part} sessions; the last one was on {day}:").format(
        part=ask.part_name(part), day=ask.day(last_day))
    return reply(ask, "sessions", [note, *blocks(ask, chosen)], chosen)


def answer_part(ask: Ask, part: str) -> Answer:
    """"The afternoon session" with no day: today's, the next, the first, or a recap."""
    matching = ask.in_room([v for s in ask.index.sessions if (v := part_view(s, part))])
    _ = ask.tr.gettext
    if not matching:
        return Answer(
            "no_sessions", _("There is no {part} session in this meeting.").format(part=ask.part_name(part)),
            ask.meeting.slug, suggestions=tuple(f"{s.title} ({ask.day(s.day)})" for s in ask.index.sessions[:5]),
        )
    days = list(dict.fromkeys(s.day for s in matching))
    if ask.phase == "after":
        note = _("{over} Its {part} sessions were:").format(over=ask.over_note(), part=ask.part_name(part))
        return reply(ask, "sessions", [note, *blocks(ask, matching)], matching)
    if ask.phase == "before":
        return _part_before(ask, part, matching, days)
    return _part_during(ask, part, matching, days)


def _clock_day(ask: Ask, clock: time) -> tuple[date, str | None]:
    """The day "what's at 3pm?" means: the first before or after the meeting; today, or tomorrow once it has passed."""
    _ = ask.tr.gettext
    if ask.phase == "after":
        return meeting_dates(ask.meeting)[0], ask.over_note()
    if ask.phase == "before":
        day = meeting_dates(ask.meeting)[0]
        return day, _("The meeting has not started yet; on its first day, {day}:").format(day=ask.day(day))
    future = future_days(ask)
    day = future[0] if future else ask.today
    if at(ask, day, clock) < ask.now - timedelta(hours=1) and len(future) > 1:
        return future[1], _("{time} has passed today; tomorrow, {day}:").format(
            time=localized_time(clock, ask.language), day=ask.day(future[1]))
    return day, None


def _running_at(ask: Ask, day: date, moment: datetime, running: list[Session], note: str | None) -> Answer:
    _ = ask.tr.gettext
    lines = [note]
    items: list[Item] = []
    for s in running:
        timed = [i for i in s.items if i.starts_at and i.starts_at <= moment < (i.ends_at or i.starts_at + timedelta(minutes=30))]
        if timed:
            room = f" ({s.room})" if s.room else ""
            lines.append(_("At {time} on {day}, in the {title}{room}:").format(
                time=ask.when(moment), day=ask.day(day), title=s.title, room=room))
            lines += [ask.item_line(i) for i in timed]
            items += timed
        else:
            lines += [_("At {time} on {day}:").format(time=ask.when(moment), day=ask.day(day))] + ask.session_block(s)
            items += s.items
    return reply(ask, "at_time", lines, running, tuple(items))


def _gap_at(ask: Ask, day: date, moment: datetime, todays: list[Session], note: str | None) -> Answer:
    """Nothing at that moment: say what ends before it and what starts after."""
    before = [s for s in todays if (s.ends_at or start(s)) <= moment]
    after = [s for s in todays if start(s) > moment]
    _ = ask.tr.gettext
    parts = [_("Nothing is scheduled at {time} on {day}.").format(time=ask.when(moment), day=ask.day(day))]
    if before:
        last = max(before, key=lambda s: s.ends_at or start(s))
        if last.ends_at:
            parts.append(_("The {title} ends at {time}").format(title=last.title, time=ask.when(last.ends_at)))
    if after:
        nxt = min(after, key=start)
        starts = _("and the {title} starts at {time}") if len(parts) > 1 else _("The {title} starts at {time}")
        parts.append(starts.format(title=nxt.title, time=ask.when(start(nxt))))
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
    _ = ask.tr.gettext
    if ask.phase == "before":
        return answer_next(ask, prefix=_("Nothing yet. {note}").format(note=ask.not_started_note()))
    if ask.phase == "after":
        return Answer("now", ask.over_note(), ask.meeting.slug)
    running = running_now(ask)
    if not running:
        return answer_next(ask, prefix=_("Nothing is on right now."))
    lines: list[str] = []
    items: list[Item] = []
    for s in running:
        timed = [i for i in s.items if i.starts_at and i.starts_at <= ask.now < (i.ends_at or i.starts_at + timedelta(minutes=30))]
        room = f" ({s.room})" if s.room else ""
        if timed:
            lines.append(_("Now in the {title}{room} (until {time}):").format(
                title=s.title, room=room, time=ask.when(end(s))))
            lines += [ask.item_line(i) for i in timed]
            items += timed
        else:
            lines.append(_("Now: {session}:").format(session=ask.session_name(s)))
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
        lines.append(ask.tr.gettext("Next in the {title}{room}:").format(title=s.title, room=room))
        lines.append(ask.item_line(i))
    return reply(ask, "next", lines, [s for s, _ in talks], tuple(i for _, i in talks))


def _nothing_timed_ahead(ask: Ask, lines: list[str]) -> Answer:
    """No timed session is ahead: a session without a time yet, the agenda's cut-off, or the end."""
    _ = ask.tr.gettext
    untimed = [s for s in ask.index.sessions if s.starts_at is None and s.day >= ask.today]
    if untimed:
        lines.append(_("Next, at a time to be announced:"))
        lines += blocks(ask, untimed[:1])
        return reply(ask, "next", lines, untimed[:1])
    if ask.agenda_end is not None:
        return Answer("next", "\n".join(lines + [ask.cut_off_note()]), ask.meeting.slug)
    return Answer("next", "\n".join(lines + [_("That was the last session: nothing else is scheduled.")]), ask.meeting.slug)


def answer_next(ask: Ask, prefix: str | None = None) -> Answer:
    _ = ask.tr.gettext
    if ask.phase == "after":
        return Answer("next", _("{over} Nothing is next.").format(over=ask.over_note()), ask.meeting.slug)
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
        lines.append(_("Now: the {title} (until {time}).").format(title=current.title, time=ask.when(end(current))))
    # A pause before the next session is what comes next for the asker: say it first.
    pauses = ask.in_room([s for s in ask.index.sessions if is_break(s) and s.starts_at and ask.now < s.starts_at < soonest])
    if pauses:
        first = min(pauses, key=start)
        lines.append(_("First the {title}: {span}.").format(title=first.title, span=ask.span(first.starts_at, first.ends_at)))
    lines.append(_("Next:"))
    lines += blocks(ask, chosen)
    return reply(ask, "next", lines, chosen)


def answer_named_sessions(ask: Ask, sessions: list[Session]) -> Answer:
    """Sessions the question named by title: when they start or end, or what is in them."""
    _ = ask.tr.gettext
    sessions = ask.in_room(sessions) or sessions
    q = ask.query
    first = sessions[0]
    room = f" ({first.room})" if first.room else ""
    if len(sessions) == 1 and first.starts_at and q.has("start", "starts", "begin", "begins", "open", "opens"):
        if ask.tense(first.starts_at, first.ends_at) == "was":
            said = _("The {title}{room} started at {time} on {day}.")
        else:
            said = _("The {title}{room} starts at {time} on {day}.")
        return reply(ask, "session", [said.format(title=first.title, room=room, time=ask.when(first.starts_at),
                                                  day=ask.day(first.day))], [first])
    if len(sessions) == 1 and first.ends_at and q.has("end", "ends", "finish", "finishes", "over"):
        if ask.tense(first.starts_at, first.ends_at) == "was":
            said = _("The {title}{room} ended at {time} on {day}.")
        else:
            said = _("The {title}{room} ends at {time} on {day}.")
        return reply(ask, "session", [said.format(title=first.title, room=room, time=ask.when(first.ends_at),
                                                  day=ask.day(first.day))], [first])
    note = ask.over_note() if ask.phase == "after" else None
    if len(sessions) == 1 and q.has("when") and ask.tense(first.starts_at, first.ends_at) == "was":
        # "When was the NGO forum?": say it is past, not only when it was.
        note = _("The {title}{room} was on {day}, {span}.").format(
            title=first.title, room=room, day=ask.day(first.day), span=ask.span(first.starts_at, first.ends_at))
    return reply(ask, "session", [note, *blocks(ask, sessions)], sessions)


def answer_agenda(ask: Ask) -> Answer:
    text = render_agenda(ask.meeting, viewer_zone=ask.viewer_zone, now=ask.now, tr=ask.tr)
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
    _ = ask.tr.gettext
    if not left:
        later = [d for d in meeting_dates(ask.meeting) if d > day]
        tail = _(" Next: {day}.").format(day=ask.day(later[0])) if later else (
            " " + ask.cut_off_note() if ask.agenda_end else "")
        return Answer("sessions", _("Nothing more today ({day}).").format(day=ask.day(day)) + tail, ask.meeting.slug)
    return reply(ask, "sessions", [_("Still to come today ({day}):").format(day=ask.day(day)), *blocks(ask, left)], left)


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
