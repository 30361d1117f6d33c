"""Questions about pauses: "when is lunch?", "what's after the break?", "what's on before lunch?".

A break is either named by the agenda (a "Lunch" session or a break item) or
the gap between two sessions; over lunch a short briefing may be held without
ending lunch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.answers.answer import Answer
from bot.answers.context import Ask
from bot.answers.timeexpr import meeting_dates
from bot.answers.timeline import (
    answer_day,
    blocks,
    day_outside,
    end,
    future_days,
    is_break,
    is_lunch,
    is_pause,
    read_by_items,
    reply,
    sessions_on,
    start,
    timed_items,
    view,
)
from store.values import Session

Named = tuple[datetime, datetime | None, str, str]  # starts, ends, title, room


def _lunchtime_event(s: Session) -> bool:
    """A briefing or side event held over lunch (starts 12:00-14:00, 90 minutes or less): lunch goes on."""
    if s.starts_at is None or s.ends_at is None:
        return False
    return 12 <= s.starts_at.hour < 14 and s.ends_at - s.starts_at <= timedelta(minutes=90)


@dataclass(frozen=True)
class Gap:
    """Time between two things on the programme: sessions, or the timed items of a long session."""

    starts: datetime
    ends: datetime
    before: str  # what ends when the gap starts
    after: str
    sessions: tuple[Session, ...]


def _spans(ask: Ask, day: date, lunch: bool) -> list[tuple[datetime, datetime, str, Session]]:
    """What is on the programme that day, by its times: sessions, or a long session's items."""
    spans: list[tuple[datetime, datetime, str, Session]] = []
    for s in sessions_on(ask, day):
        if not (s.starts_at and s.ends_at) or is_break(s) or (lunch and _lunchtime_event(s)):
            continue
        if read_by_items(s):
            spans += [(start(i), end(i), i.title, s) for i in timed_items(s)]
        else:
            spans.append((s.starts_at, s.ends_at, s.title, s))
    return sorted(spans, key=lambda span: span[0])


def _gaps(ask: Ask, day: date, lunch: bool = False) -> list[Gap]:
    gaps: list[Gap] = []
    latest: tuple[datetime, datetime, str, Session] | None = None
    for span in _spans(ask, day, lunch):
        if latest is not None and span[0] - latest[1] >= timedelta(minutes=15):
            gaps.append(Gap(latest[1], span[0], latest[2], span[2], tuple(dict.fromkeys((latest[3], span[3])))))
        if latest is None or span[1] > latest[1]:
            latest = span
    return gaps


def _midday(gaps: list[Gap]) -> list[Gap]:
    """The gaps that can be lunch: around midday."""
    return [g for g in gaps if g.starts.hour < 15 and g.ends.hour >= 12]


def _runs_through_midday(ask: Ask, day: date) -> bool:
    """Something is on from noon to two without a pause: then there is no lunch between sessions."""
    spans = sorted((a, b) for a, b, _, _ in _spans(ask, day, lunch=False))
    if not spans:
        return False
    covered = datetime.combine(day, time(12), tzinfo=spans[0][0].tzinfo)  # the agenda's own clock
    until = covered + timedelta(hours=2)
    for a, b in spans:
        if a <= covered < b:
            covered = b
    return covered >= until


def _duration(ask: Ask, a: datetime, b: datetime) -> str:
    minutes = int((b - a).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return ask.tr.ngettext("{count} hour", "{count} hours", hours).format(count=hours)
    return ask.tr.gettext("{count} minutes").format(count=rest)


def _breaks_on(ask: Ask, day: date, lunch: bool) -> list[Named]:
    """Breaks the agenda names (items or sessions), lunch ones only when lunch was asked."""
    found: list[Named] = []
    for s in sessions_on(ask, day):
        if is_break(s) and s.starts_at:
            found.append((s.starts_at, s.ends_at, s.title, s.room))
        for i in s.items:
            if is_pause(i) and i.starts_at:
                found.append((i.starts_at, i.ends_at, i.title, i.room or s.room))
    if lunch:
        found = [b for b in found if is_lunch(b[2])]
    return sorted(set(found), key=lambda b: b[0])


def _day_of_break(ask: Ask, lunch: bool) -> tuple[date, str | None]:
    """The day "when is lunch?" means: the first day before or after the meeting, today's or tomorrow's during it."""
    _ = ask.tr.gettext
    if ask.phase == "before":
        day = meeting_dates(ask.meeting)[0]
        return day, _("The meeting has not started yet; on its first day, {day}:").format(day=ask.day(day))
    if ask.phase == "after":
        day = meeting_dates(ask.meeting)[0]
        return day, _("{over} On its first day, {day}:").format(over=ask.over_note(), day=ask.day(day))
    future = future_days(ask)
    day = future[0] if future else ask.today
    todays_end = [g.ends for g in _gaps(ask, day, lunch)] + [b[1] or b[0] for b in _breaks_on(ask, day, lunch)]
    if todays_end and max(todays_end) <= ask.now and len(future) > 1:
        over = _("Today's lunch is over; tomorrow, {day}:") if lunch else _("Today's break is over; tomorrow, {day}:")
        return future[1], over.format(day=ask.day(future[1]))
    return day, None


def answer_break(ask: Ask, day: date | None, lunch: bool) -> Answer:
    _ = ask.tr.gettext
    word = "lunch" if lunch else "break"
    note = None
    if day is None:
        day, note = _day_of_break(ask, lunch)
    if day not in meeting_dates(ask.meeting):
        return day_outside(ask, day)
    lines = [note] if note else []
    named = _breaks_on(ask, day, lunch)
    if named:
        for begins, ends, title, room in named:
            said = _("{title}: {day}, {span}, in {room}.") if room else _("{title}: {day}, {span}.")
            lines.append(said.format(title=title, day=ask.day(day), span=ask.span(begins, ends), room=room))
        return Answer(word, "\n".join(lines), ask.meeting.slug)
    gaps = _gaps(ask, day, lunch)
    if lunch:
        # Lunch is a gap of half an hour or more around midday, from 11:00 on; a short
        # pause in the morning, or a morning with nothing on, is no lunch.
        gaps = [g for g in _midday(gaps) if g.ends - g.starts >= timedelta(minutes=30) and g.starts.hour >= 11][:1]
        if not gaps and not _runs_through_midday(ask, day):
            # The programme stops before lunch or starts after it: the page does not say.
            unknown = _("I don't know when lunch is on {day}: the agenda lists none.")
            return Answer(word, "\n".join([*lines, unknown.format(day=ask.day(day))]), ask.meeting.slug)
    if not gaps:
        none = _("There is no lunch between sessions on {day}.") if lunch else _(
            "There is no break between sessions on {day}.")
        return Answer(word, "\n".join([*lines, none.format(day=ask.day(day))]), ask.meeting.slug)
    sessions: list[Session] = []
    gap = _("Lunch on {day}: {span} ({duration}), between the {before} and the {after}.") if lunch else _(
        "Break on {day}: {span} ({duration}), between the {before} and the {after}.")
    for g in gaps:
        lines.append(gap.format(day=ask.day(day), span=ask.span(g.starts, g.ends),
                                duration=_duration(ask, g.starts, g.ends), before=g.before, after=g.after))
        sessions += g.sessions
    return Answer(word, "\n".join(lines), ask.meeting.slug, sessions=tuple(dict.fromkeys(sessions)))


def _break_day(ask: Ask, day: date | None) -> tuple[date, str | None]:
    if day is not None:
        return day, None
    _ = ask.tr.gettext
    if ask.phase == "before":
        first = meeting_dates(ask.meeting)[0]
        return first, _("The meeting has not started yet; on its first day, {day}:").format(day=ask.day(first))
    if ask.phase == "after":
        return meeting_dates(ask.meeting)[0], _("{over} On its first day:").format(over=ask.over_note())
    future = future_days(ask)
    return (future[0] if future else ask.today), None


def _resume_times(ask: Ask, day: date, lunch: bool, named: list[Named]) -> list[datetime]:
    """When the programme may resume after the break or lunch on that day."""
    # Over lunch a briefing may be held; without a named lunch, lunch lasts until the programme resumes.
    ends = [e for _, e, _, _ in named if e is not None]
    gaps = _gaps(ask, day, lunch and not named)
    if lunch:
        gaps = _midday(gaps)[:1]
    ends += [g.ends for g in gaps]
    if not lunch and ask.phase == "during" and day == ask.today:
        # "after the break" during the day: the next break, not the first one
        ends = [e for e in ends if e > ask.now] or ends
    return ends


def _resumed_inside(ask: Ask, day: date, resume: datetime) -> list[Session]:
    """A long session read by its items, from where it resumes: its items starting then or later."""
    found = []
    for s in sessions_on(ask, day):
        later = [i for i in timed_items(s) if start(i) >= resume and not is_pause(i)] if read_by_items(s) else []
        if later:
            found.append(view(s, later))
    return found


def answer_after_break(ask: Ask, day: date | None, lunch: bool) -> Answer:
    """"What's after lunch / the break?": the sessions that start when it ends."""
    day, note = _break_day(ask, day)
    named = _breaks_on(ask, day, lunch)
    ends = _resume_times(ask, day, lunch, named)
    if not ends:
        return answer_break(ask, day, lunch)
    resume = min(ends)
    sessions = [s for s in sessions_on(ask, day) if s.starts_at and s.starts_at >= resume and not is_break(s)]
    if lunch and not named:
        sessions = [s for s in sessions if not _lunchtime_event(s)] or sessions
    # A long session read by its items may resume before the next session starts.
    sessions = sessions + [v for v in _resumed_inside(ask, day, resume) if v.starts_at and v.starts_at >= resume]
    _ = ask.tr.gettext
    if not sessions:
        nothing = _("Nothing is scheduled after lunch on {day}.") if lunch else _(
            "Nothing is scheduled after the break on {day}.")
        return Answer("sessions", nothing.format(day=ask.day(day)), ask.meeting.slug)
    first_start = min(start(s) for s in sessions)
    chosen = [s for s in sessions if s.starts_at == first_start]
    lead = (_("After lunch, from {time}:") if lunch else _("After the break, from {time}:")).format(
        time=ask.when(first_start))
    return reply(ask, "sessions", [note, lead, *blocks(ask, chosen)], chosen)


def answer_before_break(ask: Ask, day: date | None, lunch: bool) -> Answer:
    """"What's on before the break / before lunch?": the sessions that end when it starts."""
    day, note = _break_day(ask, day)
    starts = [b[0] for b in _breaks_on(ask, day, lunch)] + [g.starts for g in _gaps(ask, day, lunch)]
    today = ask.phase == "during" and day == ask.today
    if today:
        starts = [b for b in starts if b > ask.now] or starts
    if not starts:
        return answer_day(ask, day, None)
    pause = min(starts)
    sessions = [s for s in sessions_on(ask, day) if not is_break(s) and s.ends_at and s.ends_at <= pause]
    if today:
        sessions = [s for s in sessions if s.ends_at and s.ends_at > ask.now] or sessions
    if not sessions:
        return answer_day(ask, day, None)
    lead = (ask.tr.gettext("Before lunch (at {time}) on {day}:") if lunch else ask.tr.gettext(
        "Before the break (at {time}) on {day}:")).format(time=ask.when(pause), day=ask.day(day))
    return reply(ask, "sessions", [note, lead, *blocks(ask, sessions)], sessions)
