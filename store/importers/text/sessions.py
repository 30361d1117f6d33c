"""Days and sessions: day headers, session headings, timed rows and what session an item is in."""

from __future__ import annotations

import re
from datetime import date, timedelta

from store.importers.text import vocabulary
from store.importers.text.dates import (
    DayHeader,
    find_date,
    year_of_weekday,
)
from store.importers.text.drafts import DayDraft, ItemDraft, SessionDraft, Zone
from store.importers.text.marks import is_session_title, parse_numbered
from store.importers.text.people import (
    role_named_in,
    split_paren_people,
    split_role_tail,
)
from store.importers.text.problems import PatternError
from store.importers.text.rooms import split_room
from store.importers.text.state import ReaderState
from store.importers.text.times import (
    Clock,
    TimeRange,
    clock_text,
    split_trailing_time,
)
from store.importers.text.tokens import Token
from store.importers.text.vocabulary import WEEKDAY_NAMES

# A row that says only what kind of sitting it is ("panel:") under a heading naming
# what it is about ("Session 1: Governing data"): the heading is its title.
_KIND_ONLY = re.compile(r"(?:panel(?:\s+discussion)?|discussion|debate|q\s*&\s*a)\s*:?", re.I)
_YEAR = re.compile(r"\b(?:19[5-9][0-9]|20[0-9]{2})\b")


class SessionReading(ReaderState):
    """The page reader's days and sessions (a mixin of PageReader)."""

    # --- days and sessions ------------------------------------------------

    def forward(self, timed: TimeRange, line_no: int) -> TimeRange:
        """A day's times move forward: "1.00 - 2.15" after "11.30" is 13:00-14:15 on
        a 12-hour clock written without a.m. or p.m."""
        latest = self.latest_start
        start, end = timed.start, timed.end
        if (
            latest is not None
            and start < latest
            and 1 <= start[0] <= 7
            and (start[0] + 12, start[1]) >= latest
        ):
            shifted_end = (end[0] + 12, end[1]) if end is not None and end[0] <= 12 else end
            self.warn(
                line_no,
                f"{clock_text(start)} read as {clock_text((start[0] + 12, start[1]))}: "
                f"the times above it reach {clock_text(latest)}",
            )
            timed = TimeRange((start[0] + 12, start[1]), shifted_end, timed.rest)
        self.latest_start = max(latest or timed.start, timed.start)
        return timed

    def start_day(self, header: DayHeader, line_no: int, *, in_row: bool = False) -> None:
        self.latest_start = None
        self.zone = Zone.AGENDA
        self.first_agenda_line = self.first_agenda_line or line_no
        self.flush_pending()
        day = self.day_date(header, line_no)
        existing = next((d for d in self.days if d.date == day), None)
        if existing is not None and in_row and existing is self.day:
            self.latest_start = max(  # a table that repeats its date on every row
                (s.starts for s in existing.sessions if s.starts), default=None
            )
            return
        if existing is not None and existing is self.day and _only_labels(existing):
            # "Day 1" / "Pre-hackathon Workshops," / "Monday, March 12, 2018": the
            # dated header restates the day; what stood between is its heading.
            existing.sessions.clear()
        elif existing is not None:
            self.warn(
                line_no,
                f"{day:%A %d %B %Y} is listed again (first on line {existing.line}); "
                "its sessions are added to that day",
            )
        if existing is not None:
            self.day = existing
        else:
            if self.days and day < self.days[-1].date:
                self.warn(
                    line_no,
                    f"{day:%A %d %B %Y} comes after a later day; days are put in date order",
                )
            self.day = DayDraft(line_no, day)
            self.days.append(self.day)
        self.session = None
        self.skipping = False

    def switch_day(self, header: DayHeader, line_no: int) -> None:
        """Go to a day of a grid's columns, quietly: each row visits every day."""
        day = self.day_date(header, line_no)
        existing = next((d for d in self.days if d.date == day), None)
        if existing is None:
            existing = DayDraft(line_no, day)
            self.days.append(existing)
        if existing is not self.day:
            self.flush_pending()
            self.day, self.session, self.latest_start = existing, None, None
        self.session = None  # every filled cell of a grid is a session of its own

    def day_date(self, header: DayHeader, line_no: int) -> date:
        if header.month_day is not None:
            return self.month_day_date(header.month_day, line_no)
        if header.date is None:
            if self.dates is None or header.number is None:
                raise self.fail(
                    f"'Day {header.number}' without the meeting's dates to count from", line_no
                )
            return self.dates[0] + timedelta(days=header.number - 1)
        day = header.date.resolve(self.year_for(header, line_no))
        if header.number is not None and self.dates is not None:
            counted = self.dates[0] + timedelta(days=header.number - 1)
            if counted != day:
                self.warn(
                    line_no,
                    f"Day {header.number} is {counted:%d %B %Y} by the meeting's dates, "
                    f"but the header says {day:%d %B %Y}; using the date",
                )
        if header.date.weekday is not None and header.date.weekday != day.weekday():
            self.warn(
                line_no, f"{day:%d %B %Y} is a {day:%A}, not a {WEEKDAY_NAMES[header.date.weekday]}"
            )
        return day

    def month_day_date(self, month_day: tuple[int, int], line_no: int) -> date:
        """ "Thursday, 31st": the day of the meeting with that day of the month,
        the weekday settling it if the meeting spans two months."""
        day_of_month, weekday = month_day
        if self.dates is None:
            raise self.fail(
                f"'{WEEKDAY_NAMES[weekday]} {day_of_month}' names no month, and the page "
                "states no dates to take it from",
                line_no,
            )
        start, end = self.dates
        span = (end - start).days
        candidates = [
            d
            for d in (start + timedelta(days=n) for n in range(min(span, 400) + 1))
            if d.day == day_of_month
        ]
        if not candidates:
            # "Lunes 23" before a meeting of the 24th to the 26th: the evening before
            # (a reception), when its weekday agrees; finish widens the dates and warns.
            near = [start - timedelta(days=n) for n in (1, 2)] + [end + timedelta(days=n) for n in (1, 2)]
            candidates = [d for d in near if d.day == day_of_month and d.weekday() == weekday]
        if not candidates:
            raise self.fail(
                f"no day {day_of_month} between {start:%d %B %Y} and {end:%d %B %Y}", line_no
            )
        day = next((d for d in candidates if d.weekday() == weekday), candidates[0])
        if day.weekday() != weekday:
            self.warn(line_no, f"{day:%d %B %Y} is a {day:%A}, not a {WEEKDAY_NAMES[weekday]}")
        return day

    def year_for(self, header: DayHeader, line_no: int) -> int:
        """A day header's year: as written, or the one that puts it in the meeting's dates."""
        assert header.date is not None
        if header.date.year is not None:
            return header.date.year
        if self.dates is None:
            year, year_line = self.page_year()
            if year is None:
                raise self.fail(
                    "a day header without a year, and no year anywhere on the page", line_no
                )
            by_weekday = year_of_weekday(header.date, year)
            if by_weekday != year:
                self.warn(
                    line_no,
                    f"no year on this day header; assumed {by_weekday}, the year near {year} "
                    f"(line {year_line}) in which it falls on a {WEEKDAY_NAMES[header.date.weekday or 0]}",
                )
                return by_weekday
            self.warn(
                line_no, f"no year on this day header; assumed {year} (from line {year_line})"
            )
            return year
        start, end = self.dates
        for year in (start.year, end.year):
            try:
                candidate = header.date.resolve(year)
            except PatternError:
                continue
            if start <= candidate <= end:
                return year
        return start.year

    def page_year(self) -> tuple[int | None, int]:
        """The first year written anywhere on the page, and its line."""
        for token in self.lines:
            try:
                found = find_date(token.text) if token.text else None
            except PatternError:
                continue
            if found is not None and (found.span.start.year or found.span.end.year):
                return found.span.start.year or found.span.end.year, token.no
        for token in self.lines:  # "Forum 2019": a year alone
            year = _YEAR.search(token.text[:200])
            if year:
                return int(year.group(0)), token.no
        return None, 0

    def one_day(self) -> bool:
        return self.dates is not None and self.dates[0] == self.dates[1]

    def current_day(self, line_no: int) -> DayDraft:
        """The day a session or item belongs to; a one-day meeting needs no header.

        Before any day header of a longer meeting, the programme is taken to
        start on its first day, with a warning that says so."""
        if self.day is not None:
            return self.day
        if self.dates is None:
            found = self.page_date()
            if found is None:
                raise self.fail(
                    "the programme starts before any day header, and no date is written "
                    "anywhere on the page (add one, e.g. 'Date: 3 June 2024')",
                    line_no,
                )
            day, date_line = found
            self.warn(
                line_no,
                f"no day header above; the programme is taken to be on {day:%A %d %B %Y} (line {date_line})",
            )
            self.dates, self.dates_line = (day, day), date_line
        dated = self.prefer_placed_dates(line_no)
        start, end = self.dates
        self.day_assumed = True
        if dated is not None:
            # "Thursday, 10 December 2009" above "Copenhagen, 7-18 December 2009": a
            # daily programme of a longer meeting is that day's.
            self.day = DayDraft(line_no, dated)
            self.days.append(self.day)
            return self.day
        if start != end:
            self.warn(
                line_no,
                f"a session or item before any day header, and the meeting runs from "
                f"{start:%d %B} to {end:%d %B %Y}: taken to be on the first day, {start:%A %d %B}",
            )
        self.day = DayDraft(line_no, start)
        self.days.append(self.day)
        return self.day

    def prefer_placed_dates(self, line_no: int) -> date | None:
        """With no day header to settle them, the meeting's dates are those written
        with a place or a name ("Geneva, 2-4 October 2019", "(Second session,
        15-16 September 1997)"), or over several days, rather than a bare date above them, which on a
        document is its own date ("E/ECE/1234 / 12 July 2019"). A bare date with
        its weekday inside those dates is the day the programme is for: returned."""
        if self.dates is None or self.weak_dates or self.placed(self.dates_line):
            return None
        one_day = self.dates[0] == self.dates[1]
        for start, end, line, weak in self.date_candidates:
            # A range below a single bare date ("20 December 1996", then "10-21 March
            # 1997"): a document is dated one day, a session runs over several.
            spans = one_day and start < end
            if not weak and line > self.dates_line and (self.placed(line) or spans):
                old_start, old_end = self.dates
                old_line = self.dates_line
                weekday = self.weekday_named(old_line)
                self.dates, self.dates_line = (start, end), line
                if weekday and old_start == old_end and start <= old_start <= end:
                    self.warn(
                        old_line,
                        f"the programme is for {old_start:%A %d %B %Y}, a day of the meeting "
                        f"({start:%d %B} to {end:%d %B %Y})",
                    )
                    return old_start
                self.warn(
                    old_line,
                    f"a bare date ({old_start:%d %B %Y}) above the dates written with the meeting "
                    f"on line {line}; the meeting's dates are taken from line {line}",
                )
                return None
        return None

    def weekday_named(self, line_no: int) -> bool:
        """Whether the date on that line is written with its weekday."""
        token = next((t for t in self.lines if t.no == line_no and t.text), None)
        try:
            found = find_date(token.text) if token is not None else None
        except PatternError:
            return False
        return found is not None and found.span.start.weekday is not None

    def placed(self, line_no: int) -> bool:
        """Whether the line a date came from says more than the date: a place, a name."""
        token = next((t for t in self.lines if t.no == line_no and t.text), None)
        if token is None:
            return False
        try:
            found = find_date(token.text)
        except PatternError:
            return False
        if found is None:
            return False
        words = re.findall(r"[^\W\d_]{3,}", f"{found.before} {found.after}")
        return any(vocabulary.weekday(w) is None for w in words)

    def page_date(self) -> tuple[date, int] | None:
        """The first whole date written anywhere on the page, and its line."""
        for token in self.lines:
            try:
                found = find_date(token.text) if token.text else None
                if found is not None and found.span.start.year is not None:
                    return found.span.start.resolve(), token.no
            except PatternError:
                continue
        return None

    def start_session(
        self,
        title: str,
        timed: TimeRange | None,
        line_no: int,
        *,
        quiet: bool = False,
    ) -> SessionDraft:
        day = self.current_day(line_no)
        if self.pending_time is not None:
            held, held_line = self.pending_time
            self.pending_time = None
            if timed is None:
                timed = held
            else:
                self.warn(held_line, "a time with no session or item after it; ignored")
        title, room = split_room(title)
        title, tail = split_role_tail(title)  # "Plenary Session: Moderator: X, Y University"
        title, people, place = split_paren_people(title)
        room, people = room or place, (*tail, *people)
        if not quiet:
            self.heading_room = ""  # a new heading: rows after it are no longer under the old one
            self.heading_title = ""
        session = SessionDraft(line_no, title, day.date, room=room, people=list(people))
        self.touched = session
        if timed is not None:
            session.starts, session.ends = timed.start, timed.end
        day.sessions.append(session)
        self.session = session
        self.skipping = False
        self.after_item_line = False
        return session

    def session_for_item(
        self, draft: ItemDraft, line_no: int, timed: TimeRange | None
    ) -> tuple[SessionDraft, TimeRange | None]:
        """The session a new item goes into, and the item's own time if any.

        A timed row outside any listed session is a session of its own, titled
        by its activity (a timetable's rows, breaks included). A time range
        alone on its line above numbered items is the hours of a session that
        holds them; inside a listed session's hours, a time is its item's.
        """
        if self.pending_time is not None:
            placed, timed = self.place_held_time(draft, line_no, timed)
            if placed is not None:
                return placed
        if timed is not None and draft.style == "plain":
            self.drop_heading_over_rows()
        session = self.session
        if timed is not None and session is not None and _inside_row(session, draft, timed):
            return session, timed  # a numbered item inside a row's hours belongs to it
        if timed is not None and _needs_own_row(session, timed):
            return self.row_session(draft, line_no, timed), timed
        if session is None:
            return self.start_implicit_session(line_no, None, "Session"), timed
        return session, timed

    def place_held_time(
        self, draft: ItemDraft, line_no: int, timed: TimeRange | None
    ) -> tuple[tuple[SessionDraft, TimeRange | None] | None, TimeRange | None]:
        """A time alone on the line above: the hours of the session the item goes
        in, of a new session holding numbered items, or the item's own time.
        Returns where the item goes if that settles it, and the item's time."""
        assert self.pending_time is not None
        held, _ = self.pending_time
        self.pending_time = None
        session = self.session
        numbered = draft.style not in ("plain", "bullet")
        if numbered and session is not None and session.implicit and within(session, held):
            # "9.30 a.m. – 6.30 p.m. Committee of Experts session", then each
            # "Agenda item N" under its own time: the row is the items' session.
            return (session, timed or held), timed
        if session is not None and not session.implicit:
            if not session.items and session.starts is None:
                session.starts, session.ends = held.start, held.end
                return (session, timed), timed
            if within(session, held):
                return (session, timed or held), timed
        if numbered and held.end is not None and timed is None:
            session = self.start_implicit_session(line_no, held, part_of_day(held.start))
            session.starts, session.ends = held.start, held.end  # the held time is its hours
            return (session, None), timed
        return None, timed or held  # a time alone on its line, then the activity: one row

    def drop_heading_over_rows(self) -> None:
        """ "MORNING Plenary (ECOSOC Chamber)" then timed rows: a heading over the
        rows, which are the sessions; they sit in its room."""
        session = self.session
        if (
            session is not None
            and not session.implicit
            and session.starts is None
            and not session.items
            and self.day is not None
            and session in self.day.sessions
        ):
            self.day.sessions.remove(session)
            self.heading_room, self.heading_title = session.room, session.title
            self.session = None

    def row_session(self, draft: ItemDraft, line_no: int, timed: TimeRange) -> SessionDraft:
        """A timed row that is a session of its own, titled by its activity."""
        title, listed = draft.title or "Session", None
        if self.heading_title and _KIND_ONLY.fullmatch(title.strip()):
            title, draft.title, listed = self.heading_title, self.heading_title, role_named_in(title)
        self.heading_title = ""  # the heading names the first row under it only
        session = self.start_implicit_session(line_no, timed, title)
        session.starts, session.ends, session.listed_role = timed.start, timed.end, listed
        session.room = draft.room or self.heading_room  # the row is the session: its room
        session.people.extend(draft.people)
        return session

    def start_implicit_session(
        self, line_no: int, timed: TimeRange | None, title: str
    ) -> SessionDraft:
        session = self.start_session(title, None, line_no, quiet=True)
        session.implicit = True
        session.part = part_of_day(timed.start if timed else None)
        return session


def _inside_row(session: SessionDraft, draft: ItemDraft, timed: TimeRange) -> bool:
    """A numbered item whose time lies inside a timed row's hours belongs to it."""
    return (
        draft.style not in ("plain", "bullet")
        and session.implicit
        and within(session, timed)
        and session.ends is not None
        and timed.end is not None
        and timed.end <= session.ends
    )


def _needs_own_row(session: SessionDraft | None, timed: TimeRange) -> bool:
    """Whether a timed line starts a session of its own: no listed session holds
    it, it falls outside the listed session's hours, or the session was given
    only its start ("9:00 Plenary Session" then "9:20 Opening Address": the next
    start ends it, as in a timetable)."""
    if session is None or session.implicit:
        return True
    if session.ends is not None and not within(session, timed):
        return True
    return session.starts is not None and session.ends is None and timed.start > session.starts


def is_untimed_session_title(line: Token) -> bool:
    title, timed = split_trailing_time(line.text)
    return timed is None and parse_numbered(line.text) is None and is_session_title(title)


def part_of_day(clock: Clock | None) -> str:
    if clock is None:
        return "Session"
    if clock[0] < 12:
        return "Morning session"
    return "Afternoon session" if clock[0] < 18 else "Evening session"


def within(session: SessionDraft, timed: TimeRange) -> bool:
    if session.starts is None or session.ends is None:
        return False
    # What starts when a session ends follows it ("15:30-17:00 Plenary", "17:00 Coffee").
    return session.starts <= timed.start < session.ends


def _only_labels(day: DayDraft) -> bool:
    """Whether a day holds nothing but one or two untimed lines: labels under its header."""
    return 0 < len(day.sessions) <= 2 and all(
        s.implicit
        and s.starts is None
        and len(s.items) <= 1
        and all(i.style == "plain" for i in s.items)
        and not (s.people or s.room)
        for s in day.sessions
    )
