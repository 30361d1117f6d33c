"""The assembler: typed tokens to days, sessions and items, top to bottom.

A page reads as a header (title, venue, dates: header.py), maybe an overview
and document lists, then a programme of day headers, session headings, timed
rows and items (sessions.py, items.py), with people and rooms on lines of
their own (roles.py). The reader keeps the state of the layout it is in and
makes the inferences a careful reader makes: a time alone above its activity,
"Item 7" above its title, a heading over timed rows. finish.py then settles
what needs the whole page. Nothing here touches a database.

Errors (AgendaImportError with the line) are for what would make the agenda
wrong: impossible dates and times, days far outside the meeting's dates, no
agenda at all. Oddities that leave it right (a stray repeated item, a weekday
that does not match its date) become warnings with their line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from store.importers.common import check_zone
from store.importers.text.dates import (
    DayHeader,
    parse_date_line,
    parse_day_header,
)
from store.importers.text.drafts import Zone
from store.importers.text.finish import finish
from store.importers.text.header import HeaderReading
from store.importers.text.items import ItemReading, ends_the_day, tidy_title
from store.importers.text.lines import is_decoration
from store.importers.text.marks import (
    continuation_of,
    is_session_title,
    parse_bullet,
    parse_numbered,
    split_inline_sub_items,
)
from store.importers.text.people import starts_with_role
from store.importers.text.problems import PatternError
from store.importers.text.roles import PeopleReading
from store.importers.text.rooms import day_room
from store.importers.text.rows import RowReading, day_columns
from store.importers.text.sessions import SessionReading, is_untimed_session_title, within
from store.importers.text.times import (
    TimeRange,
    parse_time_prefix,
    split_trailing_time,
)
from store.importers.text.tokens import ROW_BULLETS, Token, flattened_grid, tokenize
from store.importers.text.trailing import move_trailing_times
from store.values import (
    AgendaImportError,
    ImportResult,
    ImportWarning,
)

# Suffixes of formats other importers own: a file named so is never a text page.
_OTHER_SUFFIXES = frozenset(
    {".ics", ".ical", ".ifb", ".xml", ".json", ".yaml", ".yml", ".pdf", ".docx", ".doc",
     ".html", ".htm", ".csv", ".xlsx", ".xls", ".odt", ".zip"}
)  # fmt: skip


def _own_timed_row(line: Token) -> bool:
    """A time with its activity on the same line ("8:00-8:15 Greeting")."""
    timed = line.time
    return timed is not None and bool(timed.rest)


_PART_LABEL = re.compile(
    r"\(\s*(morning|afternoon|evening|night|a\.?m\.?|p\.?m\.?)\s*\)\s*[|:\-]?\s*(.*)", re.IGNORECASE
)


def sniff(text: str, suffix: str) -> bool:
    """Any readable text not claimed by a structured format; tried last."""
    if suffix.lower() in _OTHER_SUFFIXES or "\x00" in text[:4096]:
        return False
    head = text.lstrip("\ufeff \t\r\n")[:64]
    return bool(head) and not head.startswith(("<", "{", "%PDF", "BEGIN:VCALENDAR"))


def parse(
    text: str, *, source: str = "<input>", tz: str | None = None, slug: str | None = None
) -> ImportResult:
    if tz:
        check_zone(tz, source)
    found = tokenize(text)
    grid = flattened_grid(found.tokens)
    if grid is not None:
        raise AgendaImportError(
            f"the day headers on lines {grid[0]}-{grid[1]} follow one another with nothing under "
            "them: a table copied column by column cannot be read back; copy it row by row "
            "(or save it as CSV) and import again",
            path=source,
            line=grid[0],
        )
    reader = PageReader(source, found.tokens)
    reader.warnings.extend(found.warnings)
    moved = move_trailing_times(found.tokens)
    if moved:
        reader.warn(moved[0], "each time follows its row here; read as the time of the row above it")
    reader.read()
    return finish(reader, tz, slug)


# A press release's summary after its programme: labels, not items.
_SUMMARY_LABEL = re.compile(r"(what|when|where|who)\s*:\s*(\S.*)", re.IGNORECASE)
_LONE_BULLET = re.compile(r"[\u2022\u25aa\u25cf\u25e6\uf0b7\u27a2]")


def _bulleted_day(line: Token) -> DayHeader | None:
    """ "• Tuesday, March 13" over bulleted rows: a list nested by day (a bullet
    with more after the day, "• Monday 3 June: arrival", stays a bullet)."""
    if line.text[:1] not in ROW_BULLETS or not line.bullet:
        return None
    header = parse_day_header(line.bullet)
    return header if header is not None and not header.rest else None


class PageReader(HeaderReading, PeopleReading, RowReading, SessionReading, ItemReading):
    """Reads the lines once, top to bottom, keeping the state of the page's layout."""

    # --- helpers ----------------------------------------------------------

    def fail(self, message: str, line: int | None) -> AgendaImportError:
        return AgendaImportError(message, path=self.source, line=line or None)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ImportWarning(line, message))

    def next_content(self, index: int) -> Token | None:
        for after in range(index + 1, len(self.lines)):  # no slicing: pages can be long
            line = self.lines[after]
            if line.text and not is_decoration(line.text):
                return line
        return None

    def next_is(self, index: int, test: Callable[[Token], bool]) -> bool:
        """Whether the next line with content passes ``test``. A next line that
        is a broken date or time answers False here and fails when it is read,
        so the error names its own line."""
        after = self.next_content(index)
        if after is None:
            return False
        try:
            return test(after)
        except PatternError:
            return False

    # --- the walk ---------------------------------------------------------

    def read(self) -> None:
        for index, line in enumerate(self.lines):
            if _LONE_BULLET.fullmatch(line.text):
                continue  # "•" alone, its text on the next line (a PDF copy): no break
            if not line.text or is_decoration(line.text):
                self.paragraph_open = False
                self.after_item_line = False
                self.pending_role = None
                self.last_person = None
                self.after_sub_point = False
                continue
            self.last_line = line.no
            self.was_sub_point, self.after_sub_point = self.after_sub_point, False
            try:
                self.read_line(index, line)
            except PatternError as exc:
                raise self.fail(str(exc), line.no) from None
            self.previous_text = line.text
            margin = line.line.margin
            if margin and self.zone is Zone.AGENDA and self.last_item() is not None:
                self.last_item().description.append(margin)  # type: ignore[union-attr]
        self.flush_pending()

    def read_line(self, index: int, line: Token) -> None:
        if self.day_columns and not line.line.is_row:
            self.day_columns = {}
        columns = day_columns(line)
        if columns:
            self.zone = Zone.AGENDA
            self.first_agenda_line = self.first_agenda_line or line.no
            self.flush_pending()
            self.day_columns = columns
            return
        if self.day_columns:
            self.grid_row(index, line)
            return
        if self.zone is Zone.HEADER:
            self.header_line(index, line)
        elif self.zone is Zone.OVERVIEW:
            self.overview_line(index, line)
        elif self.zone is Zone.DOCUMENTS:
            self.documents_line(index, line)
        else:
            self.agenda_line(index, line)

    def starts_agenda(self, line: Token) -> bool:
        """Lines that can only belong to the programme, wherever they stand."""
        text = line.text
        if parse_day_header(text) is not None or line.time is not None:
            return True
        if _bulleted_day(line):  # a bulleted day with timed rows under it, not a list of days
            return self.next_is(self.lines.index(line), _own_timed_row)
        return is_session_title(split_trailing_time(text)[0])

    def enter_agenda(self, index: int, line: Token) -> None:
        self.zone = Zone.AGENDA
        self.first_agenda_line = self.first_agenda_line or line.no
        self.agenda_line(index, line)

    # --- agenda -----------------------------------------------------------

    def agenda_line(self, index: int, line: Token) -> None:
        self.touched = None
        summary = _SUMMARY_LABEL.fullmatch(line.text)
        if summary is not None:  # "What: the 78th session", "When: 23 – 27 May 2022"
            if summary.group(1).casefold() == "where" and not self.venue:
                self.venue = summary.group(2).strip()
            self.after_item_line = False
            return
        if line.line.is_row:
            self.row_line(index, line)
            return
        self.agenda_text(index, line)

    def agenda_text(self, index: int, line: Token) -> None:
        """One line of the programme, tried as what it can only be first: an
        awaited item title, a part-of-day label, people, a day, a time, an
        item, a heading; a plain line last."""
        if self.awaited_title(line) or self.part_label(line) or self.person_line(line):
            return
        if line.kind.value in ("role", "room"):
            self.role_or_room_line(line)
            return
        if self.day_or_date_line(index, line) or self.time_line(index, line):
            return
        text = line.text
        numbered = parse_numbered(text)
        if numbered is not None and self.heading_over_rows(index, numbered.title):
            # "1. Opening plenary session (open to the media)", "Chair: ...", then
            # "14h30 to 14h40: ...": a numbered heading over rows that are the sessions.
            self.start_session(numbered.title, None, line.no)
            return
        if numbered is not None:
            self.numbered_item(numbered.number, numbered.title, line, None)
            return
        bullet = parse_bullet(text)
        if bullet is not None:
            self.bullet_line(bullet, line)
            return
        title, trailing = split_trailing_time(text)
        if is_session_title(title):
            self.start_session(title, trailing, line.no)
            return
        if self.section_heading(text, line.no):
            return
        continued = continuation_of(text)
        if continued:
            self.numbered_item(continued, text, line, None)
            return
        self.plain_line(text, line, None)

    def awaited_title(self, line: Token) -> bool:
        """ "Item 7" above, its title on this line."""
        awaiting = self.awaiting_title
        self.awaiting_title = None
        if awaiting is None or line.kind.value != "text":
            return False
        awaiting.title, awaiting.sub_points[:0] = split_inline_sub_items(tidy_title(line.text))
        awaiting.title = tidy_title(awaiting.title)
        original = self.awaiting_original
        if original is not None and (
            continuation_of(awaiting.title) is not None
            or original.title.casefold() == awaiting.title.casefold()
        ):
            awaiting.continues = original.number
            self.link_continuation(awaiting, awaiting.style, line.no)
        self.after_item_line = True
        return True

    def part_label(self, line: Token) -> bool:
        """ "(afternoon)": which half of the day the rows below are in, no content;
        "(evening) | Drafting Committee": a session of that part, untimed."""
        part = _PART_LABEL.match(line.text)
        if not part:
            return False
        if part.group(2):
            self.flush_pending()
            self.start_session(part.group(2), None, line.no)
        return True

    def role_or_room_line(self, line: Token) -> None:
        role = line.role
        item = self.last_item()
        if role is not None and item is not None:
            item.description.append(line.text)
        self.attach(line, line.room or "", list(role.people) if role else [])
        target = self.people_target()
        if role is not None and target is not None and role.people:
            self.last_person = (target.people, len(target.people) - 1, line.indent)

    def day_or_date_line(self, index: int, line: Token) -> bool:
        header = parse_day_header(line.text) or _bulleted_day(line)
        if header is not None:
            self.start_day(header, line.no, in_row=line.line.is_row)  # a theme is no session
            if header.rest and self.day is not None and not self.day.room:
                self.day.room = day_room(header.rest)
            if header.rest and parse_time_prefix(header.rest) is not None:
                self.agenda_text(index, Token(line.line, header.rest))  # the day's first row
            return True
        if parse_date_line(line.text) is not None:
            if self.dates is None and not self.days:
                # "Schedule" then "March 12 - 15, 2018": the heading came first, but
                # a range above every day is still the meeting's dates.
                self.set_dates(line.text, line.no)
                return True
            self.warn(line.no, "a date range inside the programme; ignored")
            return True
        return False

    def heading_over_rows(self, index: int, title: str) -> bool:
        """Whether a numbered line names a session and timed rows follow it, with
        only role or room lines between."""
        if not is_session_title(split_trailing_time(title)[0]):
            return False
        for after in self.lines[index + 1 :]:
            if not after.text or after.kind.value in ("role", "room") or starts_with_role(after.text):
                continue
            try:
                return after.time is not None and bool(after.time.rest)
            except PatternError:
                return False
        return False

    def time_line(self, index: int, line: Token) -> bool:
        """A timed row, or a question just above one (a link or a prompt)."""
        text = line.text
        timed = line.time  # "• 8am - Registration opens" too
        if timed is None and text.startswith("(") and text.endswith(")"):
            # "(10:00- Coffee Break as needed)": a row set in brackets as optional;
            # "(14.30- 17.30 hours or later, if required)": hours with a proviso
            timed = parse_time_prefix(text[1:-1].strip())
            if timed is not None and timed.rest[:1].islower():
                timed = TimeRange(timed.start, timed.end, "")
        if timed is not None:
            self.timed_line(index, line, self.forward(timed, line.no))
            return True
        if text.endswith("?") and self.pending_time is None and self.next_is(index, _own_timed_row):
            # "Which team am I in?" above "8:00-8:15 Greeting"
            self.warn(line.no, "a question above a timed row is read as a note, not a session")
            return True
        return False

    def timed_line(self, index: int, line: Token, timed: TimeRange) -> None:
        rest = timed.rest
        if timed.end is None and ends_the_day(rest):
            self.day_ends(timed, line.no)
            return
        if not rest:
            self.time_alone(index, timed, line.no)
            return
        if is_session_title(rest):
            self.start_session(rest, timed, line.no)
            return
        numbered = parse_numbered(rest)
        if numbered is not None:
            self.numbered_item(numbered.number, numbered.title, line, timed)
            return
        self.plain_line(rest, line, timed)

    def day_ends(self, timed: TimeRange, line_no: int) -> None:
        """ "17:00 Close" or "6.30 p.m. End of day": when the session before ends, not a session."""
        session = self.session
        if session is None and self.day is not None and self.day.sessions:
            session = self.day.sessions[-1]  # a timetable's rows close their sessions behind them
        if session is None:
            self.warn(line_no, "the end of a day before any session; ignored")
            return
        items = [i for i in session.items if i.starts is not None and i.ends is None]
        for item in items[-1:]:
            item.ends = timed.start
        if session.starts is not None and session.ends is None and session.starts <= timed.start:
            session.ends = timed.start

    def time_alone(self, index: int, timed: TimeRange, line_no: int) -> None:
        """A time on its own line belongs to the session title after it, or to
        the untimed empty session above it, or else opens a session of its own."""
        if self.next_is(index, is_untimed_session_title):
            self.hold_time(timed, line_no)
            return
        session = self.session
        if (
            session is not None
            and not session.items
            and session.starts is None
            and not session.implicit
        ):
            session.starts, session.ends = timed.start, timed.end
            return
        self.hold_time(timed, line_no)

    def flush_pending(self) -> None:
        """A time alone with nothing after it before the next time, day or the end.

        A range outside any listed session's hours is a slot of the timetable
        whose title is missing (filled in by a script, an image): an untitled
        session. A start alone, or a range inside a session, says nothing."""
        if self.pending_time is None:
            return
        held, line_no = self.pending_time
        self.pending_time = None
        session = self.session
        inside = (
            session is not None
            and (session.implicit is False or session.items)
            and within(session, held)
        )
        if held.end is None and self.day is not None and not inside and self._open_range(line_no):
            # "14:30 - " and nothing after: a row the page was cut off in.
            self.warn(line_no, "a time range cut off after its start; kept as an untitled session")
            self.start_implicit_session(line_no, held, "Session").starts = held.start
            return
        if held.end is None or self.day is None or inside:
            self.warn(line_no, "a time with no session or item after it; ignored")
            return
        self.warn(line_no, "a time with no title after it; kept as an untitled session")
        row = self.start_implicit_session(line_no, held, "Session")
        row.starts, row.ends = held.start, held.end

    def _open_range(self, line_no: int) -> bool:
        """Whether the line is a start and a dash with no end ("14:30 - ")."""
        line = next((t for t in self.lines if t.no == line_no), None)
        return line is not None and line.text.rstrip()[-1:] in "-\u2013\u2014"

    def hold_time(self, timed: TimeRange, line_no: int) -> None:
        held = self.pending_time
        if held is not None and self._start_then_finish(held, timed, line_no):
            # "08:30" then "09:00" then the activity: a START and a FINISH column
            # copied one cell per line are one range.
            self.pending_time = (TimeRange(held[0].start, timed.start, ""), held[1])
            return
        if self.pending_time is not None:
            self.flush_pending()
        self.pending_time = (timed, line_no)

    def _start_then_finish(
        self, held: tuple[TimeRange, int], timed: TimeRange, line_no: int
    ) -> bool:
        """Two lone starts on consecutive lines, the second later, and then text."""
        first, first_no = held
        if first.end is not None or timed.end is not None or timed.start <= first.start:
            return False
        between = [t for t in self.lines if first_no < t.no < line_no and t.text]
        after = next((t for t in self.lines if t.no > line_no and t.text), None)
        return not between and after is not None and after.time is None
