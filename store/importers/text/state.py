"""What the page reader's parts share: its state, typed once, and the calls they make
on one another.

``PageReader`` is built from mixins (header, people, sessions, items) that read
and write the same state. Each mixin derives from ``ReaderState`` so that the
type checker knows every attribute and every method another part provides;
``PageReader.__init__`` gives them their values, and the stubs here are always
overridden (a stub that runs is a bug, so it raises).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from store.importers.text.drafts import Zone
from store.importers.text.problems import PatternError

if TYPE_CHECKING:
    from store.importers.text.dates import DayHeader
    from store.importers.text.drafts import DayDraft, ItemDraft, Numbering, SessionDraft
    from store.importers.text.times import Clock, TimeRange
    from store.importers.text.tokens import Token
    from store.values import AgendaImportError, Document, ImportWarning, Person, Role


class ReaderState:
    source: str
    lines: list[Token]
    warnings: list[ImportWarning]
    zone: Zone
    title: str | None
    venue: str
    organizer: str
    header_notes: list[str]
    dates: tuple[date, date] | None
    dates_line: int
    expect_date: bool
    expect_organizer: bool
    overview: list[list[str]]
    paragraph_open: bool
    category: str
    list_documents: list[Document]
    days: list[DayDraft]
    day: DayDraft | None
    session: SessionDraft | None
    pending_time: tuple[TimeRange, int] | None
    numbering: dict[str, Numbering]
    skipping: bool
    after_item_line: bool
    first_agenda_line: int
    people: list[Person]
    previous_text: str
    awaiting_title: ItemDraft | None
    awaiting_original: ItemDraft | None
    weak_dates: bool
    dates_sentence: str
    date_candidates: list[tuple[date, date, int, bool]]
    last_line: int
    touched: ItemDraft | SessionDraft | None
    after_sub_point: bool
    was_sub_point: bool
    sub_point_indent: int
    heading_room: str
    heading_title: str
    latest_start: Clock | None
    day_assumed: bool
    opening: tuple[TimeRange, int] | None
    later_sittings: list[TimeRange]
    opening_room: str
    loose_room: str
    day_headers: int
    day_languages: list[str]
    timed_rows: set[int]
    day_columns: dict[int, DayHeader]
    pending_role: Role | None
    roster: bool
    last_person: tuple[list[Person], int, int] | None

    def __init__(self, source: str, lines: list[Token]) -> None:
        self.source = source
        self.lines = lines
        self.warnings = []
        self.zone = Zone.HEADER
        self.title = None
        self.venue = ""
        self.organizer = ""
        self.header_notes = []
        self.dates = None
        self.dates_line = 0
        self.expect_date = False
        self.expect_organizer = False  # an organiser label whose value is on the next line
        self.overview = []
        self.paragraph_open = False
        self.category = ""
        self.list_documents = []
        self.days = []
        self.day = None
        self.session = None
        self.pending_time = None
        self.numbering = {}
        self.skipping = False  # under an item we refused: its sub-points go too
        self.after_item_line = False  # the previous line was an item's (for wrapped titles)
        self.first_agenda_line = 0
        self.people = []  # the meeting's own (its chair, its rapporteur)
        self.previous_text = ""  # the last line read, as written
        self.awaiting_title = None  # "Item 7" with its title on the next line
        self.awaiting_original = None  # an earlier item of the same number
        self.weak_dates = False  # dates read from a sentence, not stated as the meeting's
        self.dates_sentence = ""  # that sentence: the place it names is the venue's
        # Every date or range the header states, in page order, for finish to
        # reconcile with the days: (start, end, line, read from a sentence).
        self.date_candidates = []
        self.last_line = 0  # the last line with content that was read
        self.touched = None  # what the current line made
        self.after_sub_point = False  # this line was a sub-point (for wrapped ones)
        self.was_sub_point = False  # the line before was
        self.sub_point_indent = 0  # of the last sub-point: a line indented more carries it on
        self.heading_room = ""  # the room of an hourless heading over timed rows
        self.heading_title = ""  # and its title, for a row that only says "panel:"
        self.latest_start = None  # the day's latest start so far
        self.day_assumed = False  # the programme's day was not on the page but assumed
        self.opening = None  # "opening at 09:30" in a sentence
        # "from 10 a.m. to 1 p.m. and again from 3 to 6 p.m.": the sittings after the first
        self.later_sittings = []
        self.opening_room = ""  # "meets ... in Room XI": where the sentence's sittings are
        self.loose_room = ""  # a room line before any session: where the sessions are held
        self.day_headers = sum(1 for t in lines if t.text and t.kind.value == "day")
        self.day_languages = [language_of(t) for t in lines if t.text and t.kind.value in ("day", "date")]
        self.timed_rows = set()  # lines of sessions made from timed table rows
        # A grid whose header row has a day per column ("| Time | Monday 3 June |
        # Tuesday 4 June |"): the column index of each day, while its rows last.
        self.day_columns = {}
        self.pending_role = None  # "Keynote address" above the person it names
        # Under "Key speakers:": the meeting's headline people, whatever session is above.
        self.roster = False
        # The last person read from a line of their own, where, and that line's indent:
        # the next lines may carry on their affiliation.
        self.last_person = None

    # --- what one part calls on another -------------------------------------

    def fail(self, message: str, line: int | None) -> AgendaImportError:
        raise NotImplementedError

    def warn(self, line: int | None, message: str) -> None:
        raise NotImplementedError

    def next_is(self, index: int, test: Callable[[Token], bool]) -> bool:
        raise NotImplementedError

    def starts_agenda(self, line: Token) -> bool:
        raise NotImplementedError

    def enter_agenda(self, index: int, line: Token) -> None:
        raise NotImplementedError

    def flush_pending(self) -> None:
        raise NotImplementedError

    def day_ends(self, timed: TimeRange, line_no: int) -> None:
        raise NotImplementedError

    def one_day(self) -> bool:
        raise NotImplementedError

    def last_item(self) -> ItemDraft | None:
        raise NotImplementedError

    def agenda_line(self, index: int, line: Token) -> None:
        raise NotImplementedError

    def agenda_text(self, index: int, line: Token) -> None:
        raise NotImplementedError

    def switch_day(self, header: DayHeader, line_no: int) -> None:
        raise NotImplementedError

    def attach(self, line: Token, room: str, people: list[Person]) -> None:
        raise NotImplementedError

    def session_for_item(
        self, draft: ItemDraft, line_no: int, timed: TimeRange | None
    ) -> tuple[SessionDraft, TimeRange | None]:
        raise NotImplementedError

    def start_day(self, header: DayHeader, line_no: int, *, in_row: bool = False) -> None:
        raise NotImplementedError

    def start_session(
        self, title: str, timed: TimeRange | None, line_no: int, *, quiet: bool = False
    ) -> SessionDraft:
        raise NotImplementedError

    def sitting_sentence(self, line: Token) -> bool:
        raise NotImplementedError

    def page_year(self) -> tuple[int | None, int]:
        raise NotImplementedError


def language_of(token: Token) -> str:
    """The language a day header or date token is written in, "" when unknown."""
    try:
        found = token.day or token.span
    except PatternError:
        return ""
    return found.language if found is not None else ""
