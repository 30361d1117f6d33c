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

if TYPE_CHECKING:
    from store.importers.text.dates import DayHeader
    from store.importers.text.drafts import DayDraft, ItemDraft, Numbering, SessionDraft, Zone
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
    latest_start: Clock | None
    day_assumed: bool
    opening: tuple[TimeRange, int] | None
    later_sittings: list[TimeRange]
    opening_room: str
    day_headers: int
    day_languages: list[str]
    timed_rows: set[int]
    day_columns: dict[int, DayHeader]
    pending_role: Role | None
    last_person: tuple[list[Person], int, int] | None

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
