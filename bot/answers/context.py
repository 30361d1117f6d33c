"""One question in its setting, and the phrases every answer is written with.

Every module that answers gets an :class:`Ask`: the meeting and its index, the
question as read, "now" in the meeting's zone, the asker's zone and the
search callable. Sentences about sessions and items are written here, once,
so that "15:00–18:00 New York time (21:00–00:00 your time)" reads the same in
every answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.answers.index import MeetingIndex, Occurrence
from bot.answers.normalize import Query
from bot.answers.timeexpr import TimeRef
from bot.i18n import ENGLISH, Translator, translator
from bot.rapporteur.notes import Note
from bot.timefmt import localized_day, localized_day_with_year, localized_span_for, localized_when
from store.search import Hit
from store.values import Item, Meeting, Session

SearchFn = Callable[[str, int], list[Hit]]
NotesFn = Callable[[], Sequence[Note]]  # the meeting's rapporteur's notes, read when first needed


@dataclass(frozen=True)
class Ask:
    meeting: Meeting
    index: MeetingIndex
    query: Query
    time: TimeRef
    now: datetime  # in the meeting's zone
    viewer_zone: str | None
    search: SearchFn | None = None
    room: str | None = None  # a room the question names, when the meeting has several
    notes: NotesFn | None = None
    # The reply's language (issue 17): the bot's own sentences go through it, agenda content does not.
    tr: Translator = field(default_factory=lambda: translator(ENGLISH))

    def in_room(self, sessions: list[Session]) -> list[Session]:
        """Only the named room's sessions, when a room was named."""
        return [s for s in sessions if s.room == self.room] if self.room else sessions

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def phase(self) -> str:
        """"before", "during" or "after" the meeting, as a participant would say."""
        m = self.meeting
        if self.today < m.start_date:
            return "before"
        ends = [end for s in self.index.sessions if (end := s.ends_at or s.starts_at) is not None]
        last_end = max(ends) if ends else None
        if self.today > m.end_date:
            return "after"
        # Over once the last session ends, but only on the last stated day: an agenda that
        # stops early (Thursday of a week to Friday) says nothing about the days it lacks.
        if last_end is not None and self.now >= last_end and self.today >= max(last_end.date(), m.end_date):
            return "after"
        return "during"

    @property
    def agenda_end(self) -> date | None:
        """The last day the agenda covers, when it stops before the meeting's stated end."""
        days = [d.date for d in self.meeting.days if d.sessions]
        if days and max(days) < self.meeting.end_date:
            return max(days)
        return None

    @property
    def agenda_start(self) -> date | None:
        """The first day the agenda covers, when it starts after the meeting's stated start
        (an export of one day of a four-day conference)."""
        days = [d.date for d in self.meeting.days if d.sessions]
        if days and min(days) > self.meeting.start_date:
            return min(days)
        return None

    def uncovered(self, day: date) -> bool:
        """A day inside the meeting's stated dates that the agenda does not reach: unknown, not empty."""
        m = self.meeting
        before = self.agenda_start is not None and m.start_date <= day < self.agenda_start
        after = self.agenda_end is not None and self.agenda_end < day <= m.end_date
        return before or after

    def not_covered_note(self, day: date) -> str:
        """Said of a day the agenda does not reach, instead of claiming it is empty."""
        first = self.agenda_start
        if first is not None and day < first:
            m = self.meeting
            _ = self.tr.gettext
            return _(
                "The agenda I have starts on {first}, though the meeting runs from {start} to {end}, "
                "so {day} is not in it; ask the organizers for the rest."
            ).format(first=self.day(first), start=self.day(m.start_date), end=self.day_year(m.end_date),
                     day=self.day(day))
        return self.cut_off_note(day)

    def cut_off_note(self, day: date | None = None) -> str:
        """"The agenda I have stops on Thursday …": said instead of claiming a day is empty."""
        last = self.agenda_end
        if last is None:
            return ""
        _ = self.tr.gettext
        end = self.day_year(self.meeting.end_date)
        if day is None:
            return _(
                "The agenda I have stops on {last}, though the meeting runs to {end}, "
                "so I cannot say what comes after; ask the organizers for the rest."
            ).format(last=self.day(last), end=end)
        return _(
            "The agenda I have stops on {last}, though the meeting runs to {end}, "
            "so {day} is not in it; ask the organizers for the rest."
        ).format(last=self.day(last), end=end, day=self.day(day))

    # --- phrases: in the reply's language, English as it always read -----------------------

    @property
    def language(self) -> str:
        return self.tr.language

    def day(self, value: date) -> str:
        """``Wednesday 15 October``, ``mercredi 15 octobre``, ``miércoles 15 de octubre``."""
        return localized_day(value, self.language)

    def day_year(self, value: date) -> str:
        return localized_day_with_year(value, self.language)

    def span(self, start: datetime | None, end: datetime | None) -> str:
        _ = self.tr.gettext
        return localized_span_for(start, end, self.meeting.timezone, self.viewer_zone, self.language,
                                  both=_("{ours} {zone} time ({theirs} your time)"),
                                  unknown=_("time to be announced"))

    def when(self, moment: datetime) -> str:
        _ = self.tr.gettext
        return localized_when(moment, self.meeting.timezone, self.viewer_zone, self.language,
                              _("{ours} {zone} time ({theirs} your time)"))

    def session_name(self, s: Session) -> str:
        """``Afternoon session (Hall A), Wednesday 15 October, 15:00–18:00``."""
        room = f" ({s.room})" if s.room else ""
        return f"{s.title}{room}, {self.day(s.day)}, {self.span(s.starts_at, s.ends_at)}"

    def item_line(self, item: Item, *, with_time: bool = True) -> str:
        own = f" ({self.span(item.starts_at, item.ends_at)})" if with_time and item.starts_at else ""
        speakers = f" — {', '.join(item.speakers)}" if item.speakers else ""
        return f"• {item.label}{own}{speakers}"

    def session_block(self, s: Session) -> list[str]:
        _ = self.tr.gettext
        lines = [_("{heading}:").format(heading=self.session_name(s))]
        lines += [self.item_line(i) for i in s.items] or [_("• (no items listed)")]
        return lines

    def part_name(self, part: str) -> str:
        """"morning", "afternoon", "evening" as they qualify a session: "du matin", "de la tarde"."""
        pgettext = self.tr.pgettext
        names = {"morning": pgettext("sessions of the", "morning"),
                 "afternoon": pgettext("sessions of the", "afternoon"),
                 "evening": pgettext("sessions of the", "evening")}
        return names.get(part, part)

    def tense(self, start: datetime | None, end: datetime | None) -> str:
        """"is" (ahead), "is under way now" (now) or "was" (over): the verb for a moment (English:
        callers compare it and say it in their own words)."""
        if start is not None and end is not None and start <= self.now < end:
            return "is under way now"
        if end is not None and end <= self.now:
            return "was"
        if end is None and start is not None and start <= self.now and start.date() < self.today:
            return "was"
        if start is None and self.phase == "after":
            return "was"
        return "is"

    def occurrence_place(self, occ: Occurrence) -> str:
        _ = self.tr.gettext
        s = occ.session
        start = occ.item.starts_at or s.starts_at
        end = occ.item.ends_at or (s.ends_at if not occ.item.starts_at else None)
        room = f" ({s.room})" if s.room else ""
        when_text = self.span(start, end) if start else _("time to be announced")
        return _("the {title}{room} on {day}, {when}").format(title=s.title, room=room, day=self.day(s.day),
                                                               when=when_text)

    def over_note(self) -> str:
        _ = self.tr.gettext
        return _("The meeting is over: it ended on {day}.").format(day=self.day_year(self.meeting.end_date))

    def not_started_note(self) -> str:
        _ = self.tr.gettext
        first = self.first_start()
        if first is None:
            return _("The meeting starts on {day}.").format(day=self.day_year(self.meeting.start_date))
        return _("The meeting starts on {day} at {time}.").format(
            day=self.day_year(self.meeting.start_date), time=self.when(first))

    def first_start(self) -> datetime | None:
        starts = [s.starts_at for s in self.index.sessions if s.starts_at]
        return min(starts) if starts else None

    def last_end(self) -> datetime | None:
        ends = [s.ends_at for s in self.index.sessions if s.ends_at]
        return max(ends) if ends else None
