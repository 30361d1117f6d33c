"""The ``/agenda`` views that are not questions: the rest of today, a named day, the
documents. ``agenda_view`` answers a request with a ``Reply`` value; the rest are
pure functions of a Meeting and a moment. Each transport draws the values its own
way (Block Kit in handlers/render/, text in bot/render.py). "Today" is the
meeting's today, in the meeting's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.answers import Answer
from bot.i18n import Translator, translator
from bot.requests.grammar import AgendaRequest, DaySpec, Sub
from bot.requests.meeting import Asker, Services, choose
from bot.timefmt import localized_day, localized_day_with_year
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


_ENGLISH = translator()


def _today(done: int, tr: Translator) -> str:
    if not done:
        return tr.gettext("Today")
    return tr.ngettext("Today (after {count} earlier session)", "Today (after {count} earlier sessions)",
                       done).format(count=done)


def upcoming(meeting: Meeting, now: datetime, tr: Translator = _ENGLISH) -> DayPlan | str:
    """Today's remaining sessions, else the next day's; a sentence when there is none."""
    today, lang = meeting_today(meeting, now), tr.language
    for day in meeting.days:
        if day.date == today:
            left = tuple(s for s in day.sessions if _not_over(s, now))
            if left:
                return DayPlan(day.date, left, _today(len(day.sessions) - len(left), tr))
        elif day.date > today and day.sessions:
            when = (tr.gettext("Tomorrow: {day}") if day.date == today + timedelta(days=1)
                    else tr.gettext("Next: {day}"))
            return DayPlan(day.date, day.sessions, when.format(day=localized_day(day.date, lang)))
    if meeting.days and today > meeting.end_date:
        return tr.gettext("{meeting} ended on {day}.").format(
            meeting=meeting.title, day=localized_day_with_year(meeting.end_date, lang))
    return tr.gettext("Nothing more is scheduled for {meeting}.").format(meeting=meeting.title)


def resolve_day(spec: DaySpec, meeting: Meeting, now: datetime) -> date | None:
    """The date ``spec`` names for this meeting: weekdays pick the meeting's day (the
    next one on or after today when the meeting spans weeks); dates without a year take
    the meeting's year."""
    dates = [d.date for d in meeting.days]
    return spec.resolve(dates, meeting_today(meeting, now), meeting.start_date.year)


def day_plan(meeting: Meeting, wanted: date, tr: Translator = _ENGLISH) -> DayPlan | str:
    found: Day | None = next((d for d in meeting.days if d.date == wanted), None)
    lang = tr.language
    if found is None or not found.sessions:
        return tr.gettext("No sessions on {day}. {meeting} runs {first} – {last}.").format(
            day=localized_day_with_year(wanted, lang), meeting=meeting.title,
            first=localized_day(meeting.start_date, lang), last=localized_day_with_year(meeting.end_date, lang))
    return DayPlan(found.date, found.sessions, localized_day_with_year(found.date, lang))


@dataclass(frozen=True)
class AgendaView:
    """Sessions of one day to show, as the request asked for them."""

    meeting: Meeting
    plan: DayPlan
    intro: str  # "Today (after 2 earlier sessions)"; empty for a named day


@dataclass(frozen=True)
class AgendaNote:
    """Nothing to show, and why: a sentence about the meeting."""

    meeting: Meeting
    text: str


@dataclass(frozen=True)
class DocumentList:
    meeting: Meeting


# What a view answers: one of these, or the Answer saying which meeting is meant.
Reply = AgendaView | AgendaNote | DocumentList | Answer


def agenda_view(services: Services, who: Asker, request: AgendaRequest) -> Reply:
    """``/agenda``, ``/agenda DAY`` and ``/agenda docs`` for ``who``."""
    meeting = choose(services, who)
    tr = translator(who.locale)
    if isinstance(meeting, Answer):
        return meeting
    if request.sub is Sub.DOCUMENTS:
        return DocumentList(meeting)
    if request.sub is Sub.DAY and request.day is not None:
        wanted = resolve_day(request.day, meeting, who.now)
        plan = (day_plan(meeting, wanted, tr) if wanted
                else tr.gettext("I could not tell which day “{day}” is.").format(day=request.day.text))
    else:
        plan = upcoming(meeting, who.now, tr)
    if isinstance(plan, str):
        return AgendaNote(meeting, plan)
    return AgendaView(meeting, plan, plan.intro if request.sub is Sub.UPCOMING else "")
