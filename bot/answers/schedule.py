"""Questions by time: "what's in the afternoon session?", "what's next?", "when is lunch?".

An ambiguous day is resolved as a person would: during the meeting it means
today (or the next meeting day once today's part is over); before the
meeting, its first day, saying there are others; after it, we say the
meeting is over and still give the facts.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.answers.answer import Answer
from bot.answers.context import Ask
from bot.answers.index import Occurrence
from bot.answers.items import describe_item
from bot.answers.timeexpr import PARTS, meeting_dates
from bot.render import render_agenda
from bot.timefmt import day_label, day_label_with_year
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


def sessions_on(ask: Ask, day: date) -> list[Session]:
    return ask.in_room([s for s in ask.index.sessions if s.day == day])


def _is_break(session: Session) -> bool:
    title = session.title.casefold()
    return any(w in title for w in ("lunch", "break", "coffee", "recess")) and all(
        i.kind == ItemKind.BREAK for i in session.items
    )


def _answer(ask: Ask, intent: str, lines: list[str], sessions: list[Session], items: tuple[Item, ...] = ()) -> Answer:
    return Answer(
        intent, "\n".join(line for line in lines if line is not None), ask.meeting.slug,
        sessions=tuple(sessions), items=items or tuple(i for s in sessions for i in s.items),
    )


def _day_outside(ask: Ask, day: date) -> Answer:
    m = ask.meeting
    if ask.agenda_end is not None and ask.agenda_end < day <= m.end_date:
        # Inside the stated dates but past where the agenda stops: unknown, not empty.
        return Answer("cut_off", ask.cut_off_note(day), m.slug)
    lines = [f"No sessions on {day_label(day)}."]
    if ask.phase == "after":
        lines.append(ask.over_note())
    else:
        lines.append(
            f"The meeting runs from {day_label(m.start_date)} to {day_label_with_year(m.end_date)}."
            if m.start_date != m.end_date else f"The meeting is on {day_label_with_year(m.start_date)}."
        )
    return Answer("no_sessions", " ".join(lines), m.slug)


def _blocks(ask: Ask, sessions: list[Session]) -> list[str]:
    lines: list[str] = []
    for s in sessions:
        lines += ask.session_block(s)
    return lines


def _day_note(ask: Ask, day: date) -> str | None:
    if ask.phase == "after":
        return ask.over_note() + " This is what it had:"
    if day < ask.today:
        return f"That was {day_label(day)}:"
    return None


def answer_day(ask: Ask, day: date, part: str | None) -> Answer:
    """One day of the agenda, or one part of it."""
    if day not in meeting_dates(ask.meeting):
        return _day_outside(ask, day)
    todays = sessions_on(ask, day)
    if not todays:
        return _day_outside(ask, day)
    chosen = [s for s in todays if matches_part(s, part)] if part else todays
    if part and not chosen:
        others = "; ".join(f"{s.title}, {ask.span(s.starts_at, s.ends_at)}" for s in todays)
        return Answer(
            "no_sessions", f"No {part} session on {day_label(day)}. That day: {others}.", ask.meeting.slug,
            sessions=tuple(todays),
        )
    q = ask.query
    if q.has("start", "starts", "begin", "begins", "open", "opens") and not q.has("session", "sessions"):
        first = next((s for s in chosen if s.starts_at), chosen[0])
        at = ask.when(first.starts_at) if first.starts_at else "a time to be announced"
        verb = "started" if ask.tense(first.starts_at, first.ends_at) == "was" else "starts"
        return _answer(ask, "day_start", [f"On {day_label(day)} the first session, the {first.title}, {verb} at {at}."], [first])
    if q.has("end", "ends", "finish", "finishes", "close", "closes", "over") and not q.has("session", "sessions"):
        timed = [s for s in chosen if s.ends_at]
        last = timed[-1] if timed else chosen[-1]
        at = ask.when(last.ends_at) if last.ends_at else "a time to be announced"
        verb = "ended" if ask.tense(last.starts_at, last.ends_at) == "was" else "ends"
        return _answer(ask, "day_end", [f"On {day_label(day)} the last session, the {last.title}, {verb} at {at}."], [last])
    head = f"{day_label(day)}:" if not part else None
    return _answer(ask, "sessions", [_day_note(ask, day), head] + _blocks(ask, chosen), chosen)


def _future_days(ask: Ask) -> list[date]:
    return [d for d in meeting_dates(ask.meeting) if d >= ask.today]


def answer_part(ask: Ask, part: str) -> Answer:
    """"The afternoon session" with no day: today's, the next, the first, or a recap."""
    matching = ask.in_room([s for s in ask.index.sessions if matches_part(s, part)])
    if not matching:
        return Answer(
            "no_sessions", f"There is no {part} session in this meeting.", ask.meeting.slug,
            suggestions=tuple(f"{s.title} ({day_label(s.day)})" for s in ask.index.sessions[:5]),
        )
    days = list(dict.fromkeys(s.day for s in matching))
    if ask.phase == "after":
        return _answer(ask, "sessions", [ask.over_note() + f" Its {part} sessions were:"] + _blocks(ask, matching), matching)
    if ask.phase == "before":
        first_day = days[0]
        chosen = [s for s in matching if s.day == first_day]
        others = [d for d in days if d != first_day]
        note = (
            f"The meeting has not started yet. There are {part} sessions on {len(days)} days; "
            f"the first is on {day_label(first_day)} (the others: {', '.join(day_label(d) for d in others)})."
            if others else None
        )
        return _answer(ask, "sessions", [note] + _blocks(ask, chosen), chosen)
    # During: today's if any is still to come or under way, else the next day's.
    today = [s for s in matching if s.day == ask.today]
    live = [s for s in today if s.ends_at is None or s.ends_at > ask.now]
    if live:
        return _answer(ask, "sessions", _blocks(ask, live), live)
    later_days = [d for d in days if d > ask.today]
    if later_days:
        chosen = [s for s in matching if s.day == later_days[0]]
        note = f"Today's {part} session is over; the next one is on {day_label(later_days[0])}:" if today else None
        return _answer(ask, "sessions", [note] + _blocks(ask, chosen), chosen)
    last_day = days[-1]
    chosen = [s for s in matching if s.day == last_day]
    return _answer(
        ask, "sessions", [f"There are no more {part} sessions; the last one was on {day_label(last_day)}:"] + _blocks(ask, chosen),
        chosen,
    )


def _at(ask: Ask, day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, ask.index.zone)


def answer_clock(ask: Ask, day: date | None, clock: time) -> Answer:
    """"What's at 3pm?": the sessions (and timed items) running then, or the gap around it."""
    note = None
    if day is None:
        if ask.phase == "after":
            note = ask.over_note()
            day = meeting_dates(ask.meeting)[0]
        elif ask.phase == "before":
            day = meeting_dates(ask.meeting)[0]
            note = f"The meeting has not started yet; on its first day, {day_label(day)}:"
        else:
            future = _future_days(ask)
            day = future[0] if future else ask.today
            if _at(ask, day, clock) < ask.now - timedelta(hours=1) and len(future) > 1:
                day = future[1]
                note = f"{clock:%H:%M} has passed today; tomorrow, {day_label(day)}:"
    if day not in meeting_dates(ask.meeting):
        return _day_outside(ask, day)
    moment = _at(ask, day, clock)
    todays = [s for s in sessions_on(ask, day) if s.starts_at]
    running = [s for s in todays if s.starts_at and s.starts_at <= moment < (s.ends_at or s.starts_at + timedelta(hours=1))]
    if running:
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
        return _answer(ask, "at_time", lines, running, tuple(items))
    before = [s for s in todays if (s.ends_at or s.starts_at) <= moment]
    after = [s for s in todays if s.starts_at > moment]
    parts = [f"Nothing is scheduled at {ask.when(moment)} on {day_label(day)}."]
    if before:
        last = max(before, key=lambda s: s.ends_at or s.starts_at)
        if last.ends_at:
            parts.append(f"The {last.title} ends at {ask.when(last.ends_at)}")
    if after:
        nxt = min(after, key=lambda s: s.starts_at)
        parts.append(("and the" if len(parts) > 1 else "The") + f" {nxt.title} starts at {ask.when(nxt.starts_at)}")
    text = parts[0] + (" " + " ".join(parts[1:]) + "." if len(parts) > 1 else "")
    return Answer("at_time", "\n".join(p for p in (note, text) if p), ask.meeting.slug,
                  sessions=tuple(before[-1:] + after[:1]))


def answer_now(ask: Ask) -> Answer:
    if ask.phase == "before":
        return answer_next(ask, prefix="Nothing yet. " + ask.not_started_note())
    if ask.phase == "after":
        return Answer("now", ask.over_note(), ask.meeting.slug)
    running = ask.in_room([s for s in ask.index.sessions if s.starts_at and s.ends_at and s.starts_at <= ask.now < s.ends_at])
    if not running:
        return answer_next(ask, prefix="Nothing is on right now.")
    lines: list[str] = []
    items: list[Item] = []
    for s in running:
        timed = [i for i in s.items if i.starts_at and i.starts_at <= ask.now < (i.ends_at or i.starts_at + timedelta(minutes=30))]
        room = f" ({s.room})" if s.room else ""
        if timed:
            lines.append(f"Now in the {s.title}{room} (until {ask.when(s.ends_at)}):")  # type: ignore[arg-type]
            lines += [ask.item_line(i) for i in timed]
            items += timed
        else:
            lines.append(f"Now: {ask.session_name(s)}:")
            lines += [ask.item_line(i) for i in s.items]
            items += s.items
    return _answer(ask, "now", lines, running, tuple(items))


def answer_next(ask: Ask, prefix: str | None = None) -> Answer:
    if ask.phase == "after":
        return Answer("next", ask.over_note() + " Nothing is next.", ask.meeting.slug)
    lines: list[str] = [prefix] if prefix else []
    # Inside a session whose items have their own times, "next" is the next talk.
    running = ask.in_room([s for s in ask.index.sessions if s.starts_at and s.ends_at and s.starts_at <= ask.now < s.ends_at])
    timed_next = [
        (s, i) for s in running for i in s.items if i.starts_at and i.starts_at > ask.now
    ]
    if timed_next and not ask.query.has("session", "sessions"):
        soonest = min(i.starts_at for _, i in timed_next)  # type: ignore[type-var]
        chosen = [(s, i) for s, i in timed_next if i.starts_at == soonest]
        for s, i in chosen:
            room = f" ({s.room})" if s.room else ""
            lines.append(f"Next in the {s.title}{room}:")
            lines.append(ask.item_line(i))
        return _answer(ask, "next", lines, [s for s, _ in chosen], tuple(i for _, i in chosen))
    upcoming = ask.in_room([s for s in ask.index.sessions if s.starts_at and s.starts_at > ask.now and not _is_break(s)])
    if not upcoming:
        untimed = [s for s in ask.index.sessions if s.starts_at is None and s.day >= ask.today]
        if untimed:
            lines.append("Next, at a time to be announced:")
            lines += _blocks(ask, untimed[:1])
            return _answer(ask, "next", lines, untimed[:1])
        if ask.agenda_end is not None:
            return Answer("next", "\n".join(lines + [ask.cut_off_note()]), ask.meeting.slug)
        return Answer("next", "\n".join(lines + ["That was the last session: nothing else is scheduled."]), ask.meeting.slug)
    soonest = min(s.starts_at for s in upcoming)  # type: ignore[type-var]
    chosen = [s for s in upcoming if s.starts_at == soonest]
    if running and not prefix:
        current = running[0]
        lines.append(f"Now: the {current.title} (until {ask.when(current.ends_at)}).")  # type: ignore[arg-type]
    lines.append("Next:")
    lines += _blocks(ask, chosen)
    return _answer(ask, "next", lines, chosen)


def _lunchtime_event(s: Session) -> bool:
    """A briefing or side event held over lunch (starts 12:00-14:00, 90 minutes or less): lunch goes on."""
    if s.starts_at is None or s.ends_at is None:
        return False
    return 12 <= s.starts_at.hour < 14 and s.ends_at - s.starts_at <= timedelta(minutes=90)


def _gaps(ask: Ask, day: date, lunch: bool = False) -> list[tuple[datetime, datetime, Session, Session]]:
    timed = sorted(
        (s for s in sessions_on(ask, day) if s.starts_at and s.ends_at and not _is_break(s) and not (lunch and _lunchtime_event(s))),
        key=lambda s: s.starts_at,  # type: ignore[arg-type,return-value]
    )
    gaps = []
    latest: Session | None = None
    for s in timed:
        if latest is not None and s.starts_at - latest.ends_at >= timedelta(minutes=15):  # type: ignore[operator]
            gaps.append((latest.ends_at, s.starts_at, latest, s))
        if latest is None or s.ends_at > latest.ends_at:  # type: ignore[operator]
            latest = s
    return gaps  # type: ignore[return-value]


def _duration(a: datetime, b: datetime) -> str:
    minutes = int((b - a).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} hour" + ("s" if hours > 1 else "")
    return f"{rest} minutes"


def _breaks_on(ask: Ask, day: date, lunch: bool) -> list[tuple[datetime, datetime | None, str]]:
    """Breaks the agenda names (items or sessions), lunch ones only when lunch was asked."""
    found: list[tuple[datetime, datetime | None, str]] = []
    for s in sessions_on(ask, day):
        if _is_break(s) and s.starts_at:
            found.append((s.starts_at, s.ends_at, s.title))
        for i in s.items:
            if i.kind == ItemKind.BREAK and i.starts_at:
                found.append((i.starts_at, i.ends_at, i.title))
    if lunch:
        found = [b for b in found if "lunch" in b[2].casefold()]
    return sorted(set(found), key=lambda b: b[0])


def answer_break(ask: Ask, day: date | None, lunch: bool) -> Answer:
    word = "lunch" if lunch else "break"
    note = None
    if day is None:
        if ask.phase == "before":
            day = meeting_dates(ask.meeting)[0]
            note = f"The meeting has not started yet; on its first day, {day_label(day)}:"
        elif ask.phase == "after":
            day = meeting_dates(ask.meeting)[0]
            note = ask.over_note() + f" On its first day, {day_label(day)}:"
        else:
            future = _future_days(ask)
            day = future[0] if future else ask.today
            todays_end = [g[1] for g in _gaps(ask, day, lunch)] + [b[1] or b[0] for b in _breaks_on(ask, day, lunch)]
            if todays_end and max(todays_end) <= ask.now and len(future) > 1:
                day = future[1]
                note = f"Today's {word} is over; tomorrow, {day_label(day)}:"
    if day not in meeting_dates(ask.meeting):
        return _day_outside(ask, day)
    lines = [note] if note else []
    named = _breaks_on(ask, day, lunch)
    if named:
        for start, end, title in named:
            lines.append(f"{title}: {day_label(day)}, {ask.span(start, end)}.")
        return Answer(word, "\n".join(lines), ask.meeting.slug)
    gaps = _gaps(ask, day, lunch)
    if lunch:
        # Lunch is the gap around midday; any other gap is a plain break.
        midday = [g for g in gaps if g[0].hour < 15 and g[1].hour >= 12]
        gaps = midday[:1] or gaps[:1]
    if not gaps:
        return Answer(word, "\n".join(lines + [f"There is no {word} between sessions on {day_label(day)}."]), ask.meeting.slug)
    sessions: list[Session] = []
    for start, end, before, after in gaps:
        label = "Lunch" if lunch else "Break"
        lines.append(
            f"{label} on {day_label(day)}: {ask.span(start, end)} ({_duration(start, end)}), "
            f"between the {before.title} and the {after.title}."
        )
        sessions += [before, after]
    return Answer(word, "\n".join(lines), ask.meeting.slug, sessions=tuple(dict.fromkeys(sessions)))


def answer_named_sessions(ask: Ask, sessions: list[Session]) -> Answer:
    """Sessions the question named by title: when they start or end, or what is in them."""
    sessions = ask.in_room(sessions) or sessions
    q = ask.query
    first = sessions[0]
    room = f" ({first.room})" if first.room else ""
    if len(sessions) == 1 and first.starts_at and q.has("start", "starts", "begin", "begins", "open", "opens"):
        verb = "started" if ask.tense(first.starts_at, first.ends_at) == "was" else "starts"
        return _answer(ask, "session", [f"The {first.title}{room} {verb} at {ask.when(first.starts_at)} on {day_label(first.day)}."], [first])
    if len(sessions) == 1 and first.ends_at and q.has("end", "ends", "finish", "finishes", "over"):
        verb = "ended" if ask.tense(first.starts_at, first.ends_at) == "was" else "ends"
        return _answer(ask, "session", [f"The {first.title}{room} {verb} at {ask.when(first.ends_at)} on {day_label(first.day)}."], [first])
    note = ask.over_note() if ask.phase == "after" else None
    return _answer(ask, "session", [note] + _blocks(ask, sessions), sessions)


def _break_day(ask: Ask, day: date | None) -> tuple[date, str | None]:
    if day is not None:
        return day, None
    if ask.phase == "before":
        first = meeting_dates(ask.meeting)[0]
        return first, f"The meeting has not started yet; on its first day, {day_label(first)}:"
    if ask.phase == "after":
        return meeting_dates(ask.meeting)[0], ask.over_note() + " On its first day:"
    future = _future_days(ask)
    return (future[0] if future else ask.today), None


def answer_after_break(ask: Ask, day: date | None, lunch: bool) -> Answer:
    """"What's after lunch / the break?": the sessions that start when it ends."""
    day, note = _break_day(ask, day)
    named = _breaks_on(ask, day, lunch)
    # Over lunch a briefing may be held; without a named lunch, lunch lasts until the programme resumes.
    lunchtime = lunch and not named
    ends = [end for _, end, _ in named if end is not None]
    gaps = _gaps(ask, day, lunchtime)
    if lunch:
        gaps = [g for g in gaps if g[0].hour < 15 and g[1].hour >= 12][:1]
    ends += [g[1] for g in gaps]
    if not lunch and ask.phase == "during" and day == ask.today:
        # "after the break" during the day: the next break, not the first one
        ends = [e for e in ends if e > ask.now] or ends
    if not ends:
        return answer_break(ask, day, lunch)
    resume = min(ends)
    sessions = [s for s in sessions_on(ask, day) if s.starts_at and s.starts_at >= resume and not _is_break(s)]
    if lunchtime:
        sessions = [s for s in sessions if not _lunchtime_event(s)] or sessions
    if not sessions:
        return Answer("sessions", f"Nothing is scheduled after {'lunch' if lunch else 'the break'} on {day_label(day)}.", ask.meeting.slug)
    first_start = min(s.starts_at for s in sessions)  # type: ignore[type-var]
    chosen = [s for s in sessions if s.starts_at == first_start]
    lead = f"After {'lunch' if lunch else 'the break'}, from {ask.when(first_start)}:"  # type: ignore[arg-type]
    return _answer(ask, "sessions", [note, lead] + _blocks(ask, chosen), chosen)


def answer_agenda(ask: Ask) -> Answer:
    text = render_agenda(ask.meeting, viewer_zone=ask.viewer_zone, now=ask.now)
    if ask.phase == "after":
        text = ask.over_note() + "\n\n" + text
    return Answer("agenda", text, ask.meeting.slug, sessions=ask.index.sessions)


def answer_position(ask: Ask, day: date, position: str) -> Answer:
    """"The first item tomorrow", "the last session on Thursday": by the clock of that day."""
    if day not in meeting_dates(ask.meeting) or not sessions_on(ask, day):
        return _day_outside(ask, day)
    sessions = [s for s in sessions_on(ask, day) if not _is_break(s)] or sessions_on(ask, day)
    first = position == "first"

    def start_of(s: Session) -> datetime:
        return s.starts_at or datetime.combine(s.day, time(0), ask.index.zone)

    def end_of(s: Session) -> datetime:
        return s.ends_at or start_of(s)

    if ask.query.has("session", "sessions"):
        edge = min(start_of(s) for s in sessions) if first else max(end_of(s) for s in sessions)
        chosen = [s for s in sessions if (start_of(s) if first else end_of(s)) == edge]
        if not first and all(s.starts_at is None for s in sessions):
            chosen = sessions[-1:]
        return _answer(ask, "sessions", [f"The {position} session on {day_label(day)}:"] + _blocks(ask, chosen), chosen)
    occurrences = [o for o in ask.index.occurrences if o.session in sessions and o.item.kind != ItemKind.BREAK]
    if not occurrences:
        return answer_day(ask, day, None)

    def item_start(o: Occurrence) -> datetime:
        return o.item.starts_at or start_of(o.session)

    if first:
        edge = min(item_start(o) for o in occurrences)
        firsts = [o for o in occurrences if item_start(o) == edge]
        # Untimed items share their session's start: the first of each session starting then.
        chosen = [o for o in firsts if o.item.starts_at or o is next(x for x in firsts if x.session is o.session)]
    else:
        edge_session = max(end_of(s) for s in {o.session for o in occurrences})
        lasts = [o for o in occurrences if end_of(o.session) == edge_session]
        latest = max(item_start(o) for o in lasts)
        lasts = [o for o in lasts if item_start(o) == latest]
        chosen = [o for o in lasts if o.item.starts_at or o is [x for x in lasts if x.session is o.session][-1]]
    if not first and all(o.session.starts_at is None for o in occurrences):
        chosen = occurrences[-1:]
    if len(chosen) == 1:
        answer = describe_item(ask, [chosen[0]], intent="item")
        return Answer("item", f"The {position} item on {day_label(day)}: " + answer.text, ask.meeting.slug,
                      sessions=answer.sessions, items=answer.items, documents=answer.documents)
    lines = [f"The {position} items on {day_label(day)} (in parallel):"]
    for o in chosen:
        name = f"{ask.index.show(o.item.number)}. {o.item.title}" if o.item.number else o.item.title
        lines.append(f"• {name}: {ask.occurrence_place(o)}")
    return _answer(ask, "item", lines, list(dict.fromkeys(o.session for o in chosen)), tuple(o.item for o in chosen))


def answer_rest_of_day(ask: Ask, day: date | None) -> Answer:
    """"What's left today?", "later today": what has not ended yet today."""
    if ask.phase == "after":
        return Answer("sessions", ask.over_note(), ask.meeting.slug)
    if ask.phase == "before":
        first = meeting_dates(ask.meeting)[0]
        return answer_day(ask, first, None)
    day = day or ask.today
    if day not in meeting_dates(ask.meeting):
        return _day_outside(ask, day)
    left = [s for s in sessions_on(ask, day) if not _is_break(s) and (s.ends_at or s.starts_at) and (s.ends_at or s.starts_at) > ask.now]  # type: ignore[operator]
    if not left:
        later = [d for d in meeting_dates(ask.meeting) if d > day]
        tail = f" Next: {day_label(later[0])}." if later else (" " + ask.cut_off_note() if ask.agenda_end else "")
        return Answer("sessions", f"Nothing more today ({day_label(day)}).{tail}", ask.meeting.slug)
    return _answer(ask, "sessions", [f"Still to come today ({day_label(day)}):"] + _blocks(ask, left), left)


def answer_before_break(ask: Ask, day: date | None, lunch: bool) -> Answer:
    """"What's on before the break / before lunch?": the sessions that end when it starts."""
    day, note = _break_day(ask, day)
    starts = [start for start, _, _ in _breaks_on(ask, day, lunch)] + [g[0] for g in _gaps(ask, day, lunch)]
    if ask.phase == "during" and day == ask.today:
        starts = [b for b in starts if b > ask.now] or starts
    if not starts:
        return answer_day(ask, day, None)
    pause = min(starts)
    sessions = [s for s in sessions_on(ask, day) if not _is_break(s) and s.ends_at and s.ends_at <= pause]
    if ask.phase == "during" and day == ask.today:
        sessions = [s for s in sessions if s.ends_at and s.ends_at > ask.now] or sessions
    if not sessions:
        return answer_day(ask, day, None)
    lead = f"Before {'lunch' if lunch else 'the break'} (at {ask.when(pause)}) on {day_label(day)}:"
    return _answer(ask, "sessions", [note, lead] + _blocks(ask, sessions), sessions)


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
