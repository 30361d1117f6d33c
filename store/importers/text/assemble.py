"""Plain-text meeting pages, as people copy them from the web.

A page reads top to bottom: a title, the venue and dates, an overview, then
an "Organization of work" of day headers, session times and titles, numbered
agenda items with bulleted sub-points, and lists of documents under headings
such as "Background documents". Copies carry debris (junk bytes, non-breaking
spaces, curly quotes, links stripped to "()"), so each line is cleaned first
(text_patterns.clean) and then read according to the part of the page it is
in. The result is a ``store.values.Meeting``; nothing here touches a database.

Errors (AgendaImportError with the line) are for what would make the agenda
wrong: impossible dates and times, days outside the meeting's dates, no
agenda at all. Oddities that leave it right (a stray repeated item, a
weekday that does not match its date) become warnings with their line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from enum import Enum

from store.importers.common import check_zone
from store.importers.text.dates import (
    DateSpan,
    DayHeader,
    find_date,
    parse_date_line,
    parse_day_header,
)
from store.importers.text.documents import (
    EMPTY_PARENS,
    ITEM_DOCUMENT_CATEGORY,
    documents_in,
    symbols_in,
)
from store.importers.text.drafts import DayDraft, ItemDraft, Numbering, SessionDraft
from store.importers.text.finish import finish
from store.importers.text.lines import is_decoration, looks_like_junk
from store.importers.text.marks import (
    continuation_of,
    document_heading,
    infer_kind,
    is_agenda_heading,
    is_overview_heading,
    is_session_title,
    parse_bullet,
    parse_numbered,
    roman_value,
    split_inline_sub_items,
)
from store.importers.text.people import (
    HONORIFIC,
    inline_people,
    parse_name_dash_function,
    parse_people,
    parse_person_line,
    parse_role_line,
    parse_room,
    role_heading,
    role_named_in,
    split_paren_people,
    split_room,
    split_speaker,
)
from store.importers.text.problems import PatternError
from store.importers.text.times import (
    Clock,
    TimeRange,
    clock_text,
    parse_time_prefix,
    split_trailing_time,
)
from store.importers.text.tokens import Token, flattened_grid, tokenize
from store.importers.text.vocabulary import WEEKDAY_NAMES
from store.values import (
    AgendaImportError,
    Document,
    ImportResult,
    ImportWarning,
    ItemKind,
    Person,
    Role,
)

# Suffixes of formats other importers own: a file named so is never a text page.
_OTHER_SUFFIXES = frozenset(
    {".ics", ".ical", ".ifb", ".xml", ".json", ".yaml", ".yml", ".pdf", ".docx", ".doc",
     ".html", ".htm", ".csv", ".xlsx", ".xls", ".odt", ".zip"}
)  # fmt: skip
_LABEL = re.compile(
    r"(dates?|venue|place|location|organi[sz]ers?|organi[sz]ed by|convened by)\s*:\s*(.*)",
    re.ASCII | re.IGNORECASE,
)
_ORGANIZED_BY = re.compile(r"(?:organi[sz]ed|convened|hosted) by\s+(.+)", re.ASCII | re.IGNORECASE)
_DAY_ENDS = re.compile(
    r"(?:end|close|closure)(?: of (?:the )?(?:day|session|meeting|sitting|day \d))?|adjourn(?:ment)?"
    r"|day ends|meeting (?:ends|adjourns)",
    re.IGNORECASE,
)
_OPENING_TIME = re.compile(
    r"[\s,;]*(?:at|from|opening at|starting at|beginning at)\s+(?=[0-9])", re.IGNORECASE
)
_CLOSES = re.compile(r"\b(?:close|closes|end|ends|until|conclude|concludes)\b", re.IGNORECASE)
_CONTINUED_MARK = re.compile(r"\bcontinu(?:ed|ation)\b|\bcont'?d\b|\bcont\.", re.IGNORECASE)
_HEADER_CELL = re.compile(
    r"(?:time|times|hours?|date|day|session|sessions|title|topic|subject|activity|activities|item|items"
    r"|agenda item|programme|program|event|speakers?|presenters?|moderators?|chair|room|venue"
    r"|location|place|format|description|notes?|documents?|who|what|when|where)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19[5-9][0-9]|20[0-9]{2})\b")
_MAX_PLAIN_ITEM_WORDS = 15
_MAX_PLAIN_ENTRY_WORDS = 30


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
    reader.read()
    return finish(reader, tz, slug)


class _Zone(Enum):
    HEADER = "header"
    OVERVIEW = "overview"
    AGENDA = "agenda"
    DOCUMENTS = "documents"


class PageReader:
    """Reads the lines once, top to bottom, keeping the state of the page's layout."""

    def __init__(self, source: str, lines: list[Token]) -> None:
        self.source = source
        self.lines = lines
        self.warnings: list[ImportWarning] = []
        self.zone = _Zone.HEADER
        self.title: str | None = None
        self.venue = ""
        self.organizer = ""
        self.header_notes: list[str] = []
        self.dates: tuple[date, date] | None = None
        self.dates_line = 0
        self.expect_date = False
        self.overview: list[list[str]] = []
        self.paragraph_open = False
        self.category = ""
        self.list_documents: list[Document] = []
        self.days: list[DayDraft] = []
        self.day: DayDraft | None = None
        self.session: SessionDraft | None = None
        self.pending_time: tuple[TimeRange, int] | None = None
        self.numbering: dict[str, Numbering] = {}
        self.skipping = False  # under an item we refused: its sub-points go too
        self.after_item_line = False  # the previous line was an item's (for wrapped titles)
        self.first_agenda_line = 0
        self.people: list[Person] = []  # the meeting's own (its chair, its rapporteur)
        self.awaiting_title: ItemDraft | None = None  # "Item 7" with its title on the next line
        self.awaiting_original: ItemDraft | None = None  # an earlier item of the same number
        self.weak_dates = False  # dates read from a sentence, not stated as the meeting's
        self.last_line = 0  # the last line with content that was read
        self.touched: ItemDraft | SessionDraft | None = None  # what the current line made
        self.after_sub_point = False  # this line was a sub-point (for wrapped ones)
        self.was_sub_point = False  # the line before was
        self.heading_room = ""  # the room of an hourless heading over timed rows
        self.latest_start: Clock | None = None  # the day's latest start so far
        self.opening: tuple[TimeRange, int] | None = None  # "opening at 09:30" in a sentence
        self.day_headers = sum(1 for t in lines if t.text and t.kind.value == "day")
        self.timed_rows: set[int] = set()  # lines of sessions made from timed table rows
        self.pending_role: Role | None = None  # "Keynote address" above the person it names
        # The last person read from a line of their own, where, and that line's indent:
        # the next lines may carry on their affiliation.
        self.last_person: tuple[list[Person], int, int] | None = None

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
        self.flush_pending()

    def read_line(self, index: int, line: Token) -> None:
        if self.zone is _Zone.HEADER:
            self.header_line(index, line)
        elif self.zone is _Zone.OVERVIEW:
            self.overview_line(index, line)
        elif self.zone is _Zone.DOCUMENTS:
            self.documents_line(index, line)
        else:
            self.agenda_line(index, line)

    def starts_agenda(self, line: Token) -> bool:
        """Lines that can only belong to the programme, wherever they stand."""
        text = line.text
        if parse_day_header(text) is not None or parse_time_prefix(text) is not None:
            return True
        return is_session_title(split_trailing_time(text)[0])

    def enter_agenda(self, index: int, line: Token) -> None:
        self.zone = _Zone.AGENDA
        self.first_agenda_line = self.first_agenda_line or line.no
        self.agenda_line(index, line)

    # --- header: title, venue, dates -------------------------------------

    def header_line(self, index: int, line: Token) -> None:
        text = line.text
        if self.title is None and looks_like_junk(text):
            self.warn(line.no, f"skipped unreadable characters before the title ({text!r})")
            return
        if self.expect_date:
            self.expect_date = False
            if parse_date_line(text) is not None:
                self.set_dates(text, line.no)
                return
            self.warn(line.no, "a 'Date:' label without a date after it")
        label = _LABEL.fullmatch(text)
        if label:
            self.header_label(label.group(1).lower(), label.group(2).strip(), line.no)
            return
        organized = _ORGANIZED_BY.fullmatch(text)
        if organized and not self.organizer:
            self.organizer = re.sub(r"^the\s+", "", organized.group(1), flags=re.IGNORECASE)
            return
        span = parse_date_line(text)
        if span is not None and not self.is_day_header_here(index, span):
            self.set_dates(text, line.no)
            return
        if self.section_heading(text, line.no):
            return
        if self.starts_agenda(line):
            self.enter_agenda(index, line)
            return
        if self.title is not None and line.role is not None:
            self.people.extend(line.role.people)
            return
        if self.title is not None:
            self.people.extend(inline_people(text))  # "..., chaired by Ambassador X of Canada"
        if self.title is not None and self.dates is None and self.date_in_line(line):
            return
        if self.title is not None:
            self.closing_date(line)
        if self.title is None:
            self.title = text
            if self.dates is None and find_date(text) is not None:
                self.date_in_line(line)  # "Timetable for 2012-03-29": the title dates the page
                self.header_notes[:] = []
                self.overview[:] = []
        elif len(text.split()) <= 12:
            self.header_notes.append(text)
        else:
            self.add_overview_text(text)

    def date_in_line(self, line: Token) -> bool:
        """Dates stated with the venue ("Rome, 9 – 13 May 2005") or in a sentence
        ("on Tuesday, 16 October 2012, from 10:00 AM"); True when the line is used up."""
        found = find_date(line.text)
        if found is None or (found.span.start.year is None and found.span.end.year is None):
            return False
        sentence = len(line.text.split()) > 12
        self.set_span(found.span, line.no)
        self.weak_dates = sentence
        # "convened on Thursday, 24 January 2019, at 09:30": when the meeting opens.
        opening = _OPENING_TIME.match(found.after)
        if opening and self.opening is None:
            clock = parse_time_prefix(found.after[opening.end() :])
            self.opening = (clock, line.no) if clock is not None else None
        if sentence:
            self.add_overview_text(line.text)
            return True
        place = " ".join(f"{found.before} {found.after}".split()).strip(" ,;:-\u2013\u2014()")
        if place and not any(ch.isdigit() for ch in place):
            self.header_notes.append(place)
        return True

    def closing_date(self, line: Token) -> None:
        """ "The session will close on Friday, 1 February 2019": a sentence that
        gives the end of a meeting whose start another sentence gave."""
        if self.dates is None or not self.weak_dates or self.dates[0] != self.dates[1]:
            return
        if not _CLOSES.search(line.text):
            return
        found = find_date(line.text)
        if found is None or found.span.start.weekday is None:
            return
        try:
            end = found.span.end.resolve(found.span.end.year or self.dates[0].year)
        except PatternError:
            return
        if self.dates[0] < end <= self.dates[0] + timedelta(days=31):
            self.dates = (self.dates[0], end)

    def is_day_header_here(self, index: int, span: DateSpan) -> bool:
        """A single date with a weekday, a second date, or a date right above
        the programme is a day header; otherwise it states the meeting's dates."""
        if not span.single:
            return False
        programme_next = self.next_is(
            index, lambda after: parse_numbered(after.text) is not None or self.starts_agenda(after)
        )
        if self.dates is not None or programme_next:
            return True
        # "Thursday, 1 March 2012" then the venue: the date of a one-day meeting,
        # when no other day header follows; with others, the first of its days.
        return span.start.weekday is not None and self.day_headers > 1

    def header_label(self, label: str, value: str, line_no: int) -> None:
        if label.startswith("date"):
            if value:
                self.set_dates(value, line_no)
            else:
                self.expect_date = True
        elif label in ("venue", "place", "location"):
            self.venue = value
        else:
            self.organizer = value

    def set_dates(self, text: str, line_no: int) -> None:
        span = parse_date_line(text)
        if span is None:
            found = find_date(text)
            span = found.span if found is not None else None
        if span is None:
            self.warn(line_no, f"cannot read the dates {text!r}; using the day headers instead")
            return
        self.set_span(span, line_no)

    def set_span(self, span: DateSpan, line_no: int) -> None:
        if self.dates is not None:
            self.warn(line_no, "the dates are given twice; keeping the first")
            return
        start = span.start.resolve(span.start.year or span.end.year)
        end = span.end.resolve(span.end.year or span.start.year)
        if end < start:
            raise PatternError(
                f"the meeting ends ({end:%d %B %Y}) before it starts ({start:%d %B %Y})"
            )
        self.dates = (start, end)
        self.dates_line = line_no

    def section_heading(self, text: str, line_no: int) -> bool:
        """Switch part of the page on a heading; True when ``text`` was one.

        Inside the programme "Summary" or "Background" is more likely an item
        than the start of an overview, which would swallow the items after it.
        """
        if is_overview_heading(text) and self.zone is not _Zone.AGENDA:
            self.zone = _Zone.OVERVIEW
            self.paragraph_open = False
            return True
        if is_agenda_heading(text):
            self.zone = _Zone.AGENDA
            self.first_agenda_line = self.first_agenda_line or line_no
            return True
        category = document_heading(text)
        if category:
            self.zone = _Zone.DOCUMENTS
            self.category = category
            return True
        return False

    # --- overview ---------------------------------------------------------

    def overview_line(self, index: int, line: Token) -> None:
        if self.section_heading(line.text, line.no):
            return
        if self.starts_agenda(line):
            self.enter_agenda(index, line)
            return
        if line.role is not None:
            self.people.extend(line.role.people)
            return
        self.people.extend(inline_people(line.text))  # "..., chaired by Ambassador X of Canada"
        if self.dates is None and self.date_in_line(line):
            return
        self.closing_date(line)
        self.add_overview_text(line.text)

    def add_overview_text(self, text: str) -> None:
        if self.paragraph_open and self.overview:
            self.overview[-1].append(text)
        else:
            self.overview.append([text])
        self.paragraph_open = True

    # --- document lists ---------------------------------------------------

    def documents_line(self, index: int, line: Token) -> None:
        text = line.text
        if self.section_heading(text, line.no):
            return
        if self.starts_agenda(line):
            self.enter_agenda(index, line)
            return
        entry = parse_bullet(text)
        if entry is None:
            numbered = parse_numbered(text)
            entry = numbered.title if numbered else None
        if entry is None:
            if text.endswith(":") and not symbols_in(text):
                self.category = text.rstrip(" :")[:64]  # a sub-heading of the list
                return
            if len(text.split()) > _MAX_PLAIN_ENTRY_WORDS and not symbols_in(text):
                return  # prose about the documents, not one of them
            entry = text
        self.add_list_document(entry, line.no)

    def add_list_document(self, entry: str, line_no: int) -> None:
        text = EMPTY_PARENS.sub("", entry)
        if text.rstrip().endswith("("):
            self.warn(
                line_no, "the entry ends at an unclosed '(' (cut off?); keeping the text before it"
            )
            text = text.rstrip().rstrip("(")
        for document in documents_in(
            text, self.category or ITEM_DOCUMENT_CATEGORY, "", listed=True
        ):
            self.list_documents.append(document)

    # --- agenda -----------------------------------------------------------

    def agenda_line(self, index: int, line: Token) -> None:
        self.touched = None
        if line.line.is_row:
            self.row_line(index, line)
            return
        self.agenda_text(index, line)

    def row_line(self, index: int, line: Token) -> None:
        """A table row: its room and people cells are data; the rest reads as one line."""
        cells = [c for c in line.line.cells if c]
        if all(_HEADER_CELL.fullmatch(c) for c in cells):
            return  # "Time | Session | Speaker": the table's header row
        item = self.last_item()
        if line.continues_row and item is not None and self.after_item_line:
            item.title = _tidy_title(f"{item.title} {' '.join(cells)}")  # a row split over lines
            return
        rooms = [c for c in cells if parse_room(c)]
        found = [parse_role_line(c) for c in cells]
        roles = [r for r in found if r is not None]
        speakers = [c for c in cells if HONORIFIC.match(c + " ") and parse_role_line(c) is None]
        rest = [
            c
            for c, r in zip(cells, found, strict=True)
            if r is None and c not in rooms and c not in speakers
        ]
        first_time = parse_time_prefix(rest[0]) if len(rest) > 1 else None
        if first_time is not None and first_time.rest and len(first_time.rest.split()) <= 5:
            # "09:00-17:00 Delta | Council meeting": the time cell also holds the room.
            rooms.append(first_time.rest)
            rest[0] = rest[0][: len(rest[0]) - len(first_time.rest)].rstrip()
        timed_row = bool(rest) and parse_time_prefix(rest[0]) is not None
        if timed_row and self.session is not None and self.session.line in self.timed_rows:
            self.session = None  # each timed row of a timetable is a session, even a "Plenary"
        if rest:
            self.agenda_text(index, Token(line.line, " ".join(rest)))
            if timed_row and self.session is not None and self.session.line == line.no:
                self.timed_rows.add(line.no)
        elif roles or rooms:
            self.attach(line, rooms[0] if rooms else "", [p for r in roles for p in r.people])
            return
        target = self.touched
        if target is None:
            return
        if rooms and not target.room:
            target.room = parse_room(rooms[0]) or rooms[0]
            if (
                isinstance(target, ItemDraft)
                and self.session is not None
                and self.session.items == [target]
            ):
                self.session.room = self.session.room or target.room
            if self.session is not None and self.session.line == line.no:
                self.session.room = target.room  # the row is a session: its room too
        found_people = [p for r in roles for p in r.people]
        for cell in speakers:
            found_people.extend(parse_people(cell, Role.SPEAKER))
        target.people.extend(found_people)
        session = self.session
        if session is not None and session.implicit and session.items == [target]:
            session.people.extend(found_people)  # the row is a session: its people too

    def people_target(self) -> ItemDraft | SessionDraft | None:
        """Where a person line belongs: the item above it, else the session. A
        timed row's session and its one item are the same thing: the session."""
        item, session = self.last_item(), self.session
        if (
            item is not None
            and session is not None
            and session.implicit
            and session.items == [item]
        ):
            if item.title == session.title:
                return session
        return item if item is not None else session

    def attach(self, line: Token, room: str, people: list[Person]) -> None:
        """A role or room line: the item above it, else the session, else the meeting."""
        target = self.people_target()
        if target is None:
            self.people.extend(people)
            if room:
                self.warn(line.no, f"a room ({room}) before any session; ignored")
            return
        if room:
            target.room = room
        target.people.extend(people)

    def person_line(self, line: Token) -> bool:
        """People on lines of their own under a session or item, with the role a
        line above named ("Keynote address") and affiliations wrapped over lines."""
        text = line.text
        target = self.people_target()
        last, self.last_person = self.last_person, None
        if self.pending_time is not None:
            return False  # a time alone above: this line is the next row's activity
        if target is None:
            person = parse_name_dash_function(text, Role.OTHER)
            if person is not None and self.day is None:
                self.people.append(person)  # "Name - Function" before the programme
                return True
            return False
        heading = role_heading(text)
        if heading is not None:
            self.pending_role = heading
            return True
        role = self.pending_role or role_named_in(target.title) or Role.SPEAKER
        person = parse_person_line(text, role)
        if person is None and line.bullet is not None:
            person = parse_name_dash_function(line.bullet, role)  # "• Angelo Guerra - OECD"
        if person is not None:
            target.people.append(person)
            self.last_person = (target.people, len(target.people) - 1, line.indent)
            return True
        if last is not None and line.kind.value == "text" and line.indent >= last[2] > 0:
            people, at, indent = last
            before = people[at]
            joined = f"{before.affiliation} {text}".strip()
            people[at] = Person(before.name, before.role, joined)
            self.last_person = last
            return True
        row = self.session if self.session is not None and self.session.implicit else None
        if isinstance(target, SessionDraft):
            row = target
        if line.kind.value == "text" and line.time is None and row is not None:
            target = row  # the untimed lines under a timed row name the row's people
            title, speakers = split_speaker(text)
            if not speakers:
                title, speakers, _place = split_paren_people(text)
            if not speakers:
                speakers = inline_people(text)  # "Group A: English-speaking, facilitator X"
            if speakers:
                target.people.extend(speakers)  # "On behalf of Japan – Dr. X" under a row
                return True
        return False

    def agenda_text(self, index: int, line: Token) -> None:
        text = line.text
        awaiting = self.awaiting_title
        self.awaiting_title = None
        if awaiting is not None and line.kind.value == "text":
            awaiting.title, awaiting.sub_points[:0] = split_inline_sub_items(_tidy_title(text))
            awaiting.title = _tidy_title(awaiting.title)  # "Item 7" above, its title here
            original = self.awaiting_original
            if original is not None and (
                continuation_of(awaiting.title) is not None
                or original.title.casefold() == awaiting.title.casefold()
            ):
                awaiting.continues = original.number
                self.link_continuation(awaiting, awaiting.style, line.no)
            self.after_item_line = True
            return
        if self.person_line(line):
            return
        if line.kind.value in ("role", "room"):
            role = line.role
            if role is not None and self.last_item() is not None:
                self.last_item().description.append(text)  # type: ignore[union-attr]
            self.attach(line, line.room or "", list(role.people) if role else [])
            target = self.people_target()
            if role is not None and target is not None and role.people:
                self.last_person = (target.people, len(target.people) - 1, line.indent)
            return
        header = parse_day_header(text)
        if header is not None:
            self.start_day(header, line.no, in_row=line.line.is_row)  # a theme is no session
            if header.rest and parse_time_prefix(header.rest) is not None:
                self.agenda_text(index, Token(line.line, header.rest))  # the day's first row
            return
        if parse_date_line(text) is not None:
            self.warn(line.no, "a date range inside the programme; ignored")
            return
        timed = parse_time_prefix(text)
        if timed is not None:
            self.timed_line(index, line, self.forward(timed, line.no))
            return
        numbered = parse_numbered(text)
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

    def timed_line(self, index: int, line: Token, timed: TimeRange) -> None:
        rest = timed.rest
        if timed.end is None and _DAY_ENDS.fullmatch(rest.strip(" .:-\u2013")):
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
        if self.next_is(index, _is_untimed_session_title):
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
            and _within(session, held)
        )
        if held.end is None or self.day is None or inside:
            self.warn(line_no, "a time with no session or item after it; ignored")
            return
        self.warn(line_no, "a time with no title after it; kept as an untitled session")
        row = self.start_implicit_session(line_no, held, "Session")
        row.starts, row.ends = held.start, held.end

    def hold_time(self, timed: TimeRange, line_no: int) -> None:
        if self.pending_time is not None:
            self.flush_pending()
        self.pending_time = (timed, line_no)

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
        self.zone = _Zone.AGENDA
        self.first_agenda_line = self.first_agenda_line or line_no
        self.flush_pending()
        day = self.day_date(header, line_no)
        existing = next((d for d in self.days if d.date == day), None)
        if existing is not None and in_row and existing is self.day:
            self.latest_start = max(  # a table that repeats its date on every row
                (s.starts for s in existing.sessions if s.starts), default=None
            )
            return
        if existing is not None:
            self.warn(
                line_no,
                f"{day:%A %d %B %Y} is listed again (first on line {existing.line}); "
                "its sessions are added to that day",
            )
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

    def day_date(self, header: DayHeader, line_no: int) -> date:
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
        """The day a session or item belongs to; a one-day meeting needs no header."""
        if self.day is not None:
            return self.day
        if self.dates is None:
            raise self.fail(
                "the agenda starts before any day header, and the page states no dates", line_no
            )
        start, end = self.dates
        if start != end:
            raise self.fail(
                f"a session or item before any day header, and the meeting runs from "
                f"{start:%d %B} to {end:%d %B %Y}: which day is it?",
                line_no,
            )
        self.day = DayDraft(line_no, start)
        self.days.append(self.day)
        return self.day

    def start_session(
        self,
        title: str,
        timed: TimeRange | None,
        line_no: int,
        *,
        quiet: bool = False,
        starts: Clock | None = None,
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
        if not quiet:
            self.heading_room = ""  # a new heading: rows after it are no longer under the old one
        if timed is not None and not quiet:
            # A heading with its own time is told apart by it: "Parallel Sessions" at 9 and 14:15.
            quiet, starts = True, timed.start
        title = self.unique_title(day, title, line_no, quiet=quiet, starts=starts)
        session = SessionDraft(line_no, title, day.date, room=room)
        self.touched = session
        if timed is not None:
            session.starts, session.ends = timed.start, timed.end
        day.sessions.append(session)
        self.session = session
        self.skipping = False
        self.after_item_line = False
        return session

    def unique_title(
        self,
        day: DayDraft,
        title: str,
        line_no: int,
        *,
        quiet: bool = False,
        starts: Clock | None = None,
    ) -> str:
        """Two headings of one name on a day are told apart ("Morning session (2)"),
        with a warning. Timed rows keep their titles as the page writes them: a
        timetable's second "Coffee break" is one, told apart by its time (as the
        ICS importer's events are)."""
        if quiet:
            if not any(
                s.title.casefold() == title.casefold() and s.starts == starts for s in day.sessions
            ):
                return title
        taken = {s.title.casefold() for s in day.sessions}
        if title.casefold() not in taken:
            return title
        count = 2
        while f"{title} ({count})".casefold() in taken:
            count += 1
        self.warn(line_no, f"a second '{title}' on {day.date:%d %B %Y}; named '{title} ({count})'")
        return f"{title} ({count})"

    def session_for_item(
        self, draft: ItemDraft, line_no: int, timed: TimeRange | None
    ) -> tuple[SessionDraft, TimeRange | None]:
        """The session a new item goes into, and the item's own time if any.

        A timed row outside any listed session is a session of its own, titled
        by its activity (a timetable's rows, breaks included). A time range
        alone on its line above numbered items is the hours of a session that
        holds them; inside a listed session's hours, a time is its item's.
        """
        session = self.session
        if self.pending_time is not None:
            held, _ = self.pending_time
            self.pending_time = None
            numbered = draft.style not in ("plain", "bullet")
            if numbered and session is not None and session.implicit and _within(session, held):
                # "9.30 a.m. – 6.30 p.m. Committee of Experts session", then each
                # "Agenda item N" under its own time: the row is the items' session.
                return session, timed or held
            if session is not None and not session.implicit:
                if not session.items and session.starts is None:
                    session.starts, session.ends = held.start, held.end
                    return session, timed
                if _within(session, held):
                    return session, timed or held
            if numbered and held.end is not None and timed is None:
                session = self.start_implicit_session(line_no, held, _part_of_day(held.start))
                session.starts, session.ends = held.start, held.end  # the held time is its hours
                return session, None
            timed = timed or held  # a time alone on its line, then the activity: one row
        if (
            timed is not None
            and draft.style == "plain"
            and session is not None
            and not session.implicit
            and session.starts is None
            and not session.items
            and self.day is not None
            and session in self.day.sessions
        ):
            # "MORNING Plenary (ECOSOC Chamber)" then timed rows: a heading over
            # the rows, which are the sessions; they sit in its room.
            self.day.sessions.remove(session)
            self.heading_room = session.room
            self.session = session = None
        if (
            timed is not None
            and draft.style not in ("plain", "bullet")
            and session is not None
            and session.implicit
            and _within(session, timed)
            and session.ends is not None
            and timed.end is not None
            and timed.end <= session.ends
        ):
            return session, timed  # a numbered item inside a row's hours belongs to it
        if timed is not None:
            listed = session is not None and not session.implicit
            if not listed or (
                session is not None and session.ends is not None and not _within(session, timed)
            ):
                session = self.start_implicit_session(line_no, timed, draft.title or "Session")
                session.starts, session.ends = timed.start, timed.end
                session.room = draft.room or self.heading_room  # the row is the session: its room
                session.people.extend(draft.people)
                return session, timed
        if session is None:
            return self.start_implicit_session(line_no, None, "Session"), timed
        return session, timed

    def start_implicit_session(
        self, line_no: int, timed: TimeRange | None, title: str
    ) -> SessionDraft:
        session = self.start_session(
            title, None, line_no, quiet=True, starts=timed.start if timed else None
        )
        session.implicit = True
        session.part = _part_of_day(timed.start if timed else None)
        return session

    # --- items ------------------------------------------------------------

    def numbered_item(self, number: str, title: str, line: Token, timed: TimeRange | None) -> None:
        title, trailing = split_trailing_time(title)
        timed = timed or trailing
        session = self.session
        style, value = self.style_of(number)
        if (
            session is not None
            and session.items
            and session.style not in (None, "bullet", "plain")
            and style != session.style
        ):
            self.add_sub_point(line.text, line)  # "(a) Africa" under "4. Regional reviews"
            return
        numbering = self.numbering.setdefault(style, Numbering())
        original = numbering.seen.get(value)
        continued = continuation_of(title)
        draft = ItemDraft(line.no, number, _tidy_title(title), style, line.indent)
        if not title:
            # "Item 3" with its title on the next line: whether it repeats or
            # continues an earlier item 3 is known only once the title is read.
            self.awaiting_title = draft
            self.awaiting_original = original
            original = None
        if original is not None:
            repeats_title = original.title.casefold() == draft.title.casefold()
            in_this_session = session is not None and any(i is original for i in session.items)
            if continued is not None or (repeats_title and not in_this_session):
                draft.continues = continued or original.number
            elif value == 1 and not self.session_has_style(style):
                numbering.seen.clear()  # numbering starts again, as it may each day
            else:
                after = numbering.last.number if numbering.last else "?"
                self.warn(
                    line.no,
                    f"item {number} ('{draft.title}') repeats the number of line {original.line} "
                    f"out of sequence (after item {after}); not imported",
                )
                self.skipping = True
                self.after_item_line = False
                return
        elif continued:
            draft.continues = continued
        elif value < numbering.last_value:
            self.warn(
                line.no,
                f"item {number} comes after item {numbering.last.number if numbering.last else '?'}",
            )
        if draft.continues is not None:
            self.link_continuation(draft, style, line.no)
        else:
            numbering.seen[value] = draft
        numbering.last, numbering.last_value = draft, value
        self.add_item(draft, line.no, timed)

    def link_continuation(self, draft: ItemDraft, style: str, line_no: int) -> None:
        continues = draft.continues or draft.number
        draft.continues = continues
        _, value = self.style_of(continues)
        original = self.numbering.get(style, Numbering()).seen.get(value)
        if original is None:
            original = next(
                (
                    i
                    for n in self.numbering.values()
                    for i in n.seen.values()
                    if i.number.casefold() == continues.casefold()
                ),
                None,
            )
        if original is None:
            self.warn(line_no, f"continues item {continues}, which the agenda does not list before")
            return
        draft.continues = original.number
        draft.kind = original.kind or infer_kind(original.title)
        if not _CONTINUED_MARK.sub("", draft.title).strip(" .:-()"):
            draft.title = f"{original.title} (continued)"  # "3. (continued)" is item 3 again

    def session_has_style(self, style: str) -> bool:
        return self.session is not None and any(i.style == style for i in self.session.items)

    def style_of(self, number: str) -> tuple[str, int]:
        """The numbering style and value of an item number as written."""
        if number.isdigit():
            return "arabic", int(number)
        last_letter = self.numbering.get("LETTER" if number.isupper() else "letter")
        follows_letter = (
            len(number) == 1
            and last_letter is not None
            and last_letter.last_value == ord(number.lower()) - 96 - 1
        )
        roman = roman_value(number)
        if roman is not None and not follows_letter:
            if number.isupper():
                return "ROMAN", roman
            if len(number) > 1 or number == "i":
                return "roman", roman
        if len(number) == 1:
            return ("LETTER" if number.isupper() else "letter"), ord(number.lower()) - 96
        return "other", 0

    def add_item(self, draft: ItemDraft, line_no: int, timed: TimeRange | None) -> None:
        draft.title, inline = split_inline_sub_items(draft.title)
        draft.title = _tidy_title(draft.title)
        draft.sub_points[:0] = inline
        draft.title, room = split_room(draft.title)
        draft.room = draft.room or room
        draft.title, speakers = split_speaker(draft.title)
        if not speakers:
            draft.title, speakers, place = split_paren_people(draft.title)
            draft.room = draft.room or place
        if not speakers:
            speakers = inline_people(draft.title)
        draft.people.extend(speakers)
        session, own_time = self.session_for_item(draft, line_no, timed)
        if own_time is not None:
            draft.starts, draft.ends = own_time.start, own_time.end
        if (
            session.implicit
            and draft.style not in ("plain", "bullet")
            and len(session.items) == 1
            and session.items[0].style == "plain"
            and session.items[0].title == session.title
        ):
            session.items.clear()  # "10-11 a.m. High-level opening" then "1. Election": a heading
        if session.style in (None, "plain", "bullet") and draft.style not in ("plain", "bullet"):
            session.style = draft.style  # numbered items set the level of items from now on
        elif session.style is None:
            session.style = draft.style
        session.items.append(draft)
        self.skipping = False
        self.after_item_line = True
        self.touched = draft

    def last_item(self) -> ItemDraft | None:
        if self.session is None or not self.session.items:
            return None
        return self.session.items[-1]

    def add_sub_point(self, text: str, line: Token) -> None:
        if self.skipping:
            return
        item = self.last_item()
        if item is None:
            self.warn(line.no, "a sub-point with no item above it; ignored")
            return
        item.sub_points.append(text)
        self.after_item_line = False
        self.after_sub_point = True

    def bullet_line(self, text: str, line: Token) -> None:
        if self.skipping:
            return
        item = self.last_item()
        session = self.session
        is_item = item is None or (
            session is not None and session.style == "bullet" and line.indent <= item.indent
        )
        if not is_item:
            self.add_sub_point(text, line)
            return
        if self.day is None and self.session is None:
            self.warn(line.no, "a bulleted line before any day or session; ignored")
            return
        title, trailing = split_trailing_time(text)
        self.add_item(
            ItemDraft(line.no, "", _tidy_title(title), "bullet", line.indent), line.no, trailing
        )

    def plain_line(self, text: str, line: Token, timed: TimeRange | None) -> None:
        """A line that is neither numbered nor bulleted: a wrapped title, a note
        under an item, or an unnumbered item ("Registration", "Coffee break")."""
        self.skipping = False
        held = self.pending_time
        if timed is None and held is not None and held[0].end is None:
            if _DAY_ENDS.fullmatch(text.strip(" .:-\u2013")):  # "6.30 p.m." then "End of day"
                self.pending_time = None
                self.day_ends(held[0], line.no)
                return
        item = self.last_item()
        numbered_session = self.session is not None and self.session.style not in (
            None,
            "plain",
            "bullet",
        )
        if timed is None and item is not None and numbered_session and self.pending_time is None:
            if self.after_item_line and _wraps(item.title, text) and not item.sub_points:
                item.title = _tidy_title(f"{item.title} {text}")
                return
            if self.was_sub_point and text[:1].islower() and item.sub_points:
                item.sub_points[-1] = f"{item.sub_points[-1]} {text}"  # a wrapped sub-point
                self.after_sub_point = True
                return
            if infer_kind(text) is not ItemKind.BREAK:
                item.description.append(text)
                self.after_item_line = False
                return
        if self.day is None and timed is None and self.pending_time is None and not self.one_day():
            self.warn(
                line.no, "text before any day header that is not a date, session or item; ignored"
            )
            return
        # "Launch of the EU Joint Action, 13:00-15:00, Room XXIII": the room, then the time.
        title, room = split_room(text) if timed is None else (text, "")
        title, trailing = split_trailing_time(title)
        if trailing is None:
            title, room = text, ""
        if (
            timed is None
            and trailing is None
            and self.pending_time is None
            and len(text.split()) > _MAX_PLAIN_ITEM_WORDS
        ):
            if item is not None:
                item.description.append(text)
            else:
                self.warn(line.no, "a paragraph where sessions and items are expected; ignored")
            return
        draft = ItemDraft(line.no, "", _tidy_title(title), "plain", line.indent, room=room)
        self.add_item(draft, line.no, timed or trailing)


# --- small pure helpers ---------------------------------------------------


def _is_untimed_session_title(line: Token) -> bool:
    title, timed = split_trailing_time(line.text)
    return timed is None and parse_numbered(line.text) is None and is_session_title(title)


_CONNECTIVES = frozenset("and or of the for in on to with by from a an at as".split())


def _wraps(title: str, text: str) -> bool:
    """Whether ``text`` carries on a title hard-wrapped above it: it starts in
    lower case, or the title stops on a word that cannot end one ("Policy and")."""
    if text[:1].islower():
        return True
    words = title.rstrip().split()
    return (
        bool(words)
        and (words[-1].casefold() in _CONNECTIVES or title.rstrip().endswith(","))
        and len(text.split()) <= 12
    )


def _tidy_title(title: str) -> str:
    """Drop the punctuation that leads into sub-points ("...migration:")."""
    return title.strip().rstrip(":;,").rstrip(".").strip() or title.strip()


def _part_of_day(clock: Clock | None) -> str:
    if clock is None:
        return "Session"
    if clock[0] < 12:
        return "Morning session"
    return "Afternoon session" if clock[0] < 18 else "Evening session"


def _within(session: SessionDraft, timed: TimeRange) -> bool:
    if session.starts is None or session.ends is None:
        return False
    # What starts when a session ends follows it ("15:30-17:00 Plenary", "17:00 Coffee").
    return session.starts <= timed.start < session.ends
