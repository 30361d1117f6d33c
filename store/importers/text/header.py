"""The part of a page above its programme: title, venue, dates, overview, document lists."""

from __future__ import annotations

import re
from datetime import timedelta

from store.importers.text.dates import DateSpan, DayHeader, find_date, parse_date_line, with_year
from store.importers.text.documents import (
    EMPTY_PARENS,
    ITEM_DOCUMENT_CATEGORY,
    documents_in,
    symbols_in,
)
from store.importers.text.drafts import Zone
from store.importers.text.labels import LABEL, ORGANIZED_BY, listed_days
from store.importers.text.lines import is_site_banner, looks_like_junk
from store.importers.text.marks import (
    document_heading,
    is_agenda_heading,
    is_overview_heading,
    is_prose,
    parse_bullet,
    parse_numbered,
)
from store.importers.text.people import inline_people
from store.importers.text.problems import PatternError
from store.importers.text.rooms import find_room
from store.importers.text.state import ReaderState
from store.importers.text.times import (
    TimeRange,
    parse_time_prefix,
)
from store.importers.text.tokens import Token
from store.importers.text.zones import place_beside_date

# A UN document's masthead: the organisation, distribution and language notes.
_MASTHEAD = re.compile(
    r"(?:united nations|nations unies|naciones unidas)(?:\s+distr\.?.*)?"
    r"|distr\.?(?:\s*:)?\s*(?:general|limited|restricted)?\.?|general|limited|restricted"
    r"|original\s*:\s*\w+(?:\s*/\s*\w+)*",
    re.IGNORECASE,
)
# "convened on Thursday, 24 January 2019, at 09:30", "12 March 2024, 1:15 pm - 2:30 pm".
_OPENING_TIME = re.compile(
    r"[\s,;]*(?:(?:at|from|opening at|starting at|beginning at)\s+)?(?=[0-9])", re.IGNORECASE
)
# "to be held in the Palais des Nations, starting at 3:00 p.m.": when the meeting opens.
_OPENS_AT = re.compile(
    r"\b(?:starting|opening|beginning|commencing|convening|(?:will )?(?:open|start|begin|convene|commence)s?)"
    r"\s+at\s+(?=[0-9])",
    re.IGNORECASE,
)
_FROM_TIME = re.compile(r"\b(?:from|between)\s+(?=[0-9])", re.IGNORECASE)
# "The first Joint Meeting takes place on ...": the words before the verb name the sitting.
_SITTING_VERB = re.compile(
    r"\s+(?:takes place|will take place|will be held|is held|meets|will meet|convenes|on)\b",
    re.IGNORECASE,
)
_NEAR = timedelta(days=7)  # an arrival day or an excursion may lie outside the dates
_CLOSES = re.compile(r"\b(?:close|closes|end|ends|until|conclude|concludes)\b", re.IGNORECASE)
_MAX_PLAIN_ENTRY_WORDS = 30


def _clock_after(text: str) -> TimeRange | None:
    try:
        return parse_time_prefix(text)
    except PatternError:
        return None


class HeaderReading(ReaderState):
    """The page reader's header, overview and document-list zones (a mixin of PageReader)."""

    # --- header: title, venue, dates -------------------------------------

    def header_line(self, index: int, line: Token) -> None:
        """A line above the programme: the title, the dates and venue, labels,
        notes; or the first line of the programme itself."""
        if self.page_furniture(line) or self.labelled_line(line) or self.date_line(index, line):
            return
        if self.section_heading(line.text, line.no) or self.numbered_agenda_heading(line):
            return
        if self.starts_agenda(line) or self.numbered_programme(line):
            self.enter_agenda(index, line)
            return
        if self.title is None:
            self.title_line(line)
        elif not self.said_in_header(line):
            self.note_line(line.text)

    def page_furniture(self, line: Token) -> bool:
        """What sits on the page but says nothing about the meeting: junk bytes,
        an "Agenda" label, a masthead, a document symbol or a note above the title."""
        text = line.text
        if self.title is None and looks_like_junk(text):
            self.warn(line.no, f"skipped unreadable characters before the title ({text!r})")
            return True
        if _MASTHEAD.fullmatch(text.strip()):
            return True  # "UNITED NATIONS Distr. GENERAL", "Original: ENGLISH": the document's
        if self.title is not None:
            return False
        # "Agenda" above the meeting's name is a label of the page; "CL 128/INF/1" the
        # document's reference; "(French version below)" a note about the page.
        return (
            is_agenda_heading(text)
            or is_site_banner(text)
            or line.kind.value == "symbol"
            or (text.startswith("(") and text.endswith(")"))
        )

    def labelled_line(self, line: Token) -> bool:
        """The date after a "Date:" label, "Venue: ..."-style labels, "Organized by ..."."""
        text = line.text
        if self.expect_date:
            self.expect_date = False
            if parse_date_line(text) is not None:
                self.set_dates(text, line.no)
                return True
            self.warn(line.no, "a 'Date:' label without a date after it")
        if self.expect_organizer:  # "Meeting called by:" above who: never the venue
            self.expect_organizer = False
            self.organizer = self.organizer or text
            return True
        label = LABEL.fullmatch(text)
        if label:
            self.header_label(label.group(1).lower(), label.group(2).strip(), line.no)
            return True
        organized = ORGANIZED_BY.fullmatch(text)
        if organized and not self.organizer:
            self.organizer = re.sub(r"^the\s+", "", organized.group(1), flags=re.IGNORECASE)
            return True
        return False

    def date_line(self, index: int, line: Token) -> bool:
        """A line that is a date: the page's own (ignored) or the meeting's."""
        listed = listed_days(self.lines, index) if self.dates is None else None
        if listed is not None:
            self.set_span(listed, line.no)
            return True
        span = parse_date_line(line.text)
        if span is None:
            return False
        if self.dateline(index, span):
            self.warn(
                line.no,
                f"'{line.text}' is the page's own date, in another language than its days; ignored",
            )
            return True
        if self.document_date(span):
            self.warn(
                line.no,
                f"'{line.text}' is far from the meeting's dates: the document's own date; ignored",
            )
            return True
        if not self.is_day_header_here(index, span):
            self.set_dates(line.text, line.no)
            return True
        return False

    def title_line(self, line: Token) -> None:
        self.title = line.text
        if self.dates is None and find_date(line.text) is not None:
            self.date_in_line(line)  # "Timetable for 2012-03-29": the title dates the page
            self.header_notes[:] = []
            self.overview[:] = []

    def said_in_header(self, line: Token) -> bool:
        """Under the title: people, dates in a sentence, a sitting, an opening time.
        True when the line is used up."""
        if line.role is not None:
            self.people.extend(line.role.people)
            return True
        self.people.extend(inline_people(line.text))  # "..., chaired by Ambassador X of Canada"
        if self.dates is None and self.date_in_line(line):
            return True
        if self.sitting_sentence(line):
            return True
        self.closing_date(line)
        self.other_dates(line)
        self.opening_time(line)
        return False

    def note_line(self, text: str) -> None:
        if len(text.split()) <= 12:
            self.header_notes.append(text)
        else:
            self.add_overview_text(text)

    def numbered_agenda_heading(self, line: Token) -> bool:
        """ "1. Programme" in the header: the page's first section is the programme,
        not its item 1 ("3. Programme of work" inside an agenda stays an item)."""
        numbered = line.numbered
        if self.title is None or numbered is None or not is_agenda_heading(numbered.title):
            return False
        if "work" in numbered.title.lower():
            return False
        self.zone = Zone.AGENDA
        self.first_agenda_line = self.first_agenda_line or line.no
        return True

    def numbered_programme(self, line: Token) -> bool:
        """ "1. Opening of the session" under a page's name and dates: the agenda
        begins, with no heading to announce it. A numbered sentence ("1. The
        Board meets at ...") is a paragraph of a letter, not an item."""
        if self.title is None or self.dates is None:
            return False
        numbered = line.numbered
        return numbered is not None and bool(numbered.title) and not is_prose(numbered.title)

    def date_in_line(self, line: Token) -> bool:
        """Dates stated with the venue ("Rome, 9 – 13 May 2005") or in a sentence
        ("on Tuesday, 16 October 2012, from 10:00 AM"); True when the line is used up."""
        found = find_date(line.text)
        if found is None:
            return False
        span = found.span
        if span.start.year is None and span.end.year is None:
            # "se tient les 20 et 21 octobre": the year written elsewhere on the page
            near, _line = self.page_year()
            if near is None:
                return False
            span = with_year(span, near)
        sentence = len(line.text.split()) > 12
        self.set_span(span, line.no, weak=sentence)
        self.weak_dates = sentence
        # "convened on Thursday, 24 January 2019, at 09:30": when the meeting opens.
        opening = _OPENING_TIME.match(found.after)
        if opening and self.opening is None:
            clock = parse_time_prefix(found.after[opening.end() :])
            self.opening = (clock, line.no) if clock is not None else None
        if sentence and self.opening is None:
            self.sittings_in_sentence(found.after, line.no)
        if sentence:
            self.dates_sentence = self.dates_sentence or line.text
            self.add_overview_text(line.text)
            return True
        place = place_beside_date(found.before, found.after)
        if place:
            self.header_notes.append(place)
        return True

    def sittings_in_sentence(self, text: str, line_no: int) -> None:
        """ "meets on Monday 9 May 2017 in Room XI, from 10 a.m. to 1 p.m. and again
        from 3 to 6 p.m.": each "from ... to ..." is a sitting of that day."""
        sittings: list[TimeRange] = []
        for m in _FROM_TIME.finditer(text[:400]):
            try:
                clock = parse_time_prefix(text[m.end() :])
            except PatternError:
                continue
            if clock is not None and clock.end is not None:
                sittings.append(TimeRange(clock.start, clock.end, ""))
        if not sittings:
            return
        self.opening = (sittings[0], line_no)
        self.later_sittings = sittings[1:]
        room = find_room(text[:400])
        self.opening_room = room or ""

    def sitting_sentence(self, line: Token) -> bool:
        """ "The first Joint Meeting takes place on Wednesday 4 November 2015 from
        3 p.m. to 6 p.m. in Room XI.": on a page with no day headers, a sentence
        giving a day of the meeting and its hours is a sitting, the items under it
        its agenda. True when the line was one."""
        if self.day_headers or self.dates is None or len(line.text.split()) <= 12:
            return False
        found = find_date(line.text)
        if found is None or not found.span.single or found.span.start.year is None:
            return False
        day = found.span.start.resolve()
        if not self.dates[0] <= day <= self.dates[1]:
            return False
        hours = [
            clock
            for m in _FROM_TIME.finditer(line.text[:400])
            if (clock := _clock_after(line.text[m.end() :])) is not None and clock.end is not None
        ]
        if not hours:
            return False
        self.start_day(DayHeader(found.span.start, None, "", found.span.language), line.no)
        subject = _SITTING_VERB.split(found.before, maxsplit=1)[0].strip(" ,")
        session = self.start_session(subject or "Session", hours[0], line.no)
        session.room = find_room(line.text[:400]) or ""
        return True

    def opening_time(self, line: Token) -> None:
        """The time a header sentence says the meeting opens at, and the room it names."""
        if self.opening is not None:
            return
        m = _OPENS_AT.search(line.text[:400])
        if m is None:
            return
        try:
            clock = parse_time_prefix(line.text[m.end() :])
        except PatternError:
            return
        if clock is not None:
            self.opening = (TimeRange(clock.start, clock.end, ""), line.no)
            self.opening_room = self.opening_room or find_room(line.text[:400]) or ""

    def other_dates(self, line: Token) -> None:
        """A further date in the header once the meeting's dates are set: a document's
        own date may have come first ("Distr. ... 4 June 1997", then "(Second
        session, 15-16 September 1997)"), so it is kept for finish to weigh."""
        try:
            found = find_date(line.text)
            if found is None or (found.span.start.year is None and found.span.end.year is None):
                return
            start = found.span.start.resolve(found.span.start.year or found.span.end.year)
            end = found.span.end.resolve(found.span.end.year or found.span.start.year)
        except PatternError:
            return
        if start <= end:
            self.date_candidates.append((start, end, line.no, len(line.text.split()) > 12))

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

    def dateline(self, index: int, span: DateSpan) -> bool:
        """A single date in the header written in another language than every day
        header of the programme: a blog's or a site's post date ("Friday, May 25,
        2007" above "27 de Mayo de 2007"), not the meeting's."""
        if not span.single or not span.language or self.next_is(index, self.starts_agenda):
            return False
        others = [lang for lang in self.day_languages if lang]
        if span.language in others:
            others.remove(span.language)
        return bool(others) and span.language not in others

    def document_date(self, span: DateSpan) -> bool:
        """A single date under the meeting's stated dates but weeks away from
        them ("2-6 September 2019" then "15 July 2019"): when the document was
        issued, not a day of the meeting."""
        if self.dates is None or not span.single or span.start.year is None:
            return False
        try:
            day = span.start.resolve()
        except PatternError:
            return False
        start, end = self.dates
        return day < start - _NEAR or day > end + _NEAR

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
        elif value:
            self.organizer = value
        else:
            self.expect_organizer = True

    def set_dates(self, text: str, line_no: int) -> None:
        span = parse_date_line(text)
        if span is None:
            found = find_date(text)
            span = found.span if found is not None else None
        if span is None:
            self.warn(line_no, f"cannot read the dates {text!r}; using the day headers instead")
            return
        self.set_span(span, line_no)

    def set_span(self, span: DateSpan, line_no: int, *, weak: bool = False) -> None:
        start = span.start.resolve(span.start.year or span.end.year)
        end = span.end.resolve(span.end.year or span.start.year)
        if end < start:
            raise PatternError(
                f"the meeting ends ({end:%d %B %Y}) before it starts ({start:%d %B %Y})"
            )
        self.date_candidates.append((start, end, line_no, weak))
        if self.dates is not None:
            self.warn(line_no, "the dates are given twice; keeping the first")
            return
        self.dates = (start, end)
        self.dates_line = line_no

    def section_heading(self, text: str, line_no: int) -> bool:
        """Switch part of the page on a heading; True when ``text`` was one.

        Inside the programme "Summary" or "Background" is more likely an item
        than the start of an overview, which would swallow the items after it.
        A line that starts in lower case carries on the one above it ("of
        Experts on Procedures and Documentation"): never a heading.
        """
        if text[:1].islower():
            return False
        if is_overview_heading(text) and self.zone is not Zone.AGENDA:
            self.zone = Zone.OVERVIEW
            self.paragraph_open = False
            return True
        if is_agenda_heading(text):
            self.zone = Zone.AGENDA
            self.first_agenda_line = self.first_agenda_line or line_no
            return True
        category = document_heading(text)
        if category:
            self.zone = Zone.DOCUMENTS
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
        self.other_dates(line)
        self.opening_time(line)
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
        if self.dates is None and not self.days and not self.list_documents:
            # "Agenda and Presentations" above the meeting's name, venue and dates:
            # until the page has given its dates, the lines are still its header.
            self.header_line(index, line)
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

