"""Which part of an agenda to show: the rest of today, a named day, what is on now.

Pure functions of a Meeting and a moment; the Block Kit renderer draws what
these pick. "Today" is the meeting's today, in the meeting's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.requests.grammar import DaySpec
from bot.timefmt import day_label, day_label_with_year
from store.values import Day, Meeting, Session


@dataclass(frozen=True)
class DayPlan:
    """Sessions to show for one day, with the line that introduces them."""

    date: date
    sessions: tuple[Session, ...]
    intro: str


def meeting_today(meeting: Meeting, now: datetime) -> date:
    return now.astimezone(ZoneInfo(meeting.timezone)).date()


def happening(session: Session, now: datetime | None) -> bool:
    return (
        now is not None
        and session.starts_at is not None
        and session.ends_at is not None
        and session.starts_at <= now < session.ends_at
    )


def _not_over(session: Session, now: datetime) -> bool:
    end = session.ends_at or session.starts_at
    return end is None or end > now


def upcoming(meeting: Meeting, now: datetime) -> DayPlan | str:
    """Today's remaining sessions, else the next day's; a sentence when there is none."""
    today = meeting_today(meeting, now)
    for day in meeting.days:
        if day.date == today:
            left = tuple(s for s in day.sessions if _not_over(s, now))
            if left:
                done = len(day.sessions) - len(left)
                intro = "Today" + (f" (after {done} earlier session{'s' * (done > 1)})" if done else "")
                return DayPlan(day.date, left, intro)
        elif day.date > today and day.sessions:
            when = "Tomorrow" if day.date == today + timedelta(days=1) else "Next"
            return DayPlan(day.date, day.sessions, f"{when}: {day_label(day.date)}")
    if meeting.days and today > meeting.end_date:
        return f"{meeting.title} ended on {day_label_with_year(meeting.end_date)}."
    return f"Nothing more is scheduled for {meeting.title}."


def resolve_day(spec: DaySpec, meeting: Meeting, now: datetime) -> date | None:
    """The date ``spec`` names for this meeting: weekdays pick the meeting's day (the
    next one on or after today when the meeting spans weeks); dates without a year take
    the meeting's year."""
    dates = [d.date for d in meeting.days]
    return spec.resolve(dates, meeting_today(meeting, now), meeting.start_date.year)


def day_plan(meeting: Meeting, wanted: date) -> DayPlan | str:
    found: Day | None = next((d for d in meeting.days if d.date == wanted), None)
    if found is None or not found.sessions:
        span = f"{day_label(meeting.start_date)} – {day_label_with_year(meeting.end_date)}"
        return f"No sessions on {day_label_with_year(wanted)}. {meeting.title} runs {span}."
    return DayPlan(found.date, found.sessions, day_label_with_year(found.date))
