"""Table rows: the cells of a row copied from a web page or a Word file, and
grids with a day per column (a mixin of PageReader)."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.importers.text.dates import DayHeader, parse_day_header
from store.importers.text.drafts import ItemDraft, SessionDraft
from store.importers.text.items import tidy_title
from store.importers.text.lines import HEADER_CELL, Line
from store.importers.text.marks import NUMBER_CELL, parse_numbered
from store.importers.text.people import (
    HONORIFIC,
    RoleLine,
    parse_cell_person,
    parse_people,
    parse_role_line,
)
from store.importers.text.problems import PatternError
from store.importers.text.rooms import parse_room
from store.importers.text.state import ReaderState
from store.importers.text.times import clock_text, parse_time_prefix
from store.importers.text.tokens import Token
from store.values import Person, Role


def day_columns(line: Token) -> dict[int, DayHeader]:
    """The day of each column of a grid's header row ("Time | Monday 3 June |
    Tuesday 4 June"): two or more cells after the first that are day headers,
    the others empty."""
    cells = line.line.cells
    if len(cells) < 3:
        return {}
    found: dict[int, DayHeader] = {}
    for column, cell in enumerate(cells[1:], start=1):
        if not cell:
            continue
        try:
            header = parse_day_header(cell)
        except PatternError:
            return {}
        if header is None or header.rest or (header.date is None and header.month_day is None):
            return {}
        found[column] = header
    return found if len(found) >= 2 else {}


def _number_cells_joined(cells: list[str]) -> list[str]:
    """An item number in a cell of its own numbers the cell after it ("I. |
    ORGANIZATIONAL MATTERS"); when that cell is numbered itself ("I | e) CFS
    lecture"), the first is only the item it falls under and is dropped."""
    joined: list[str] = []
    index = 0
    while index < len(cells):
        cell = cells[index]
        after = cells[index + 1] if index + 1 < len(cells) else None
        if after is not None and NUMBER_CELL.fullmatch(cell) and parse_time_prefix(cell) is None:
            if parse_numbered(after) is None:
                number = cell if cell.endswith((".", ")", ":")) else f"{cell}."
                joined.append(f"{number} {after}")
            else:
                joined.append(after)
            index += 2
            continue
        joined.append(cell)
        index += 1
    return joined


@dataclass
class RowCells:
    """A row's cells sorted out: rooms, role cells, speakers, the cells that read
    as the row's line, and the cells after a timed row's title."""

    rooms: list[str]
    roles: list[RoleLine]
    speakers: list[str]
    rest: list[str]
    extra: list[str] = field(default_factory=list)
    timed: bool = False


def sort_cells(cells: list[str]) -> RowCells:
    """Which cell of a row is what: a room, people, the time and the title."""
    rooms = [c for c in cells if parse_room(c)]
    found = [parse_role_line(c) for c in cells]
    speakers = [c for c in cells if HONORIFIC.match(c + " ") and parse_role_line(c) is None]
    rest = [
        c
        for c, r in zip(cells, found, strict=True)
        if r is None and c not in rooms and c not in speakers
    ]
    row = RowCells(rooms, [r for r in found if r is not None], speakers, rest)
    first_time = parse_time_prefix(rest[0]) if len(rest) > 1 else None
    if first_time is not None and first_time.rest and len(first_time.rest.split()) <= 5:
        # "09:00-17:00 Delta | Council meeting": the time cell also holds the room.
        rooms.append(first_time.rest)
        rest[0] = rest[0][: len(rest[0]) - len(first_time.rest)].rstrip()
    row.timed = bool(rest) and parse_time_prefix(rest[0]) is not None
    row_time = parse_time_prefix(rest[0]) if row.timed else None
    if row_time is None or row_time.rest:
        return row
    # "17.00 | End of Day 2": a cell holding only a time is a time, though
    # "17.00 End of Day 2" on a line of prose might be a figure.
    rest[0] = clock_text(row_time.start) + (
        f"-{clock_text(row_time.end)}" if row_time.end is not None else ""
    )
    if len(rest) > 2:
        # "08:30 | Registration | Secretariat": the title is the cell after the time;
        # the cells after it say who, or more about it.
        row.rest, row.extra = rest[:2], rest[2:]
    return row


class RowReading(ReaderState):
    """Table rows and day-per-column grids (a mixin of PageReader)."""

    def grid_row(self, index: int, line: Token) -> None:
        """A row of a grid with a day per column: each filled cell is that day's
        activity at the row's time."""
        cells = line.line.cells
        lead = cells[0] if cells else ""
        if parse_time_prefix(lead) is None:
            self.agenda_line(index, line)  # not a timed row: read as any row
            return
        for column, header in self.day_columns.items():
            cell = cells[column] if column < len(cells) else ""
            if not cell:
                continue
            self.switch_day(header, line.no)
            text = f"{lead} {cell}"
            self.agenda_text(index, Token(Line(line.no, text, line.indent), text))

    def row_line(self, index: int, line: Token) -> None:
        """A table row: its room and people cells are data; the rest reads as one line."""
        cells = _number_cells_joined([c for c in line.line.cells if c])
        if all(HEADER_CELL.fullmatch(c) for c in cells):
            return  # "Time | Session | Speaker": the table's header row
        if self.row_carries_on(line, cells):
            return
        row = sort_cells(cells)
        if row.timed and self.session is not None and self.session.line in self.timed_rows:
            self.session = None  # each timed row of a timetable is a session, even a "Plenary"
        if row.rest:
            self.agenda_text(index, Token(line.line, " ".join(row.rest)))
            if row.timed and self.session is not None and self.session.line == line.no:
                self.timed_rows.add(line.no)
        elif row.roles or row.rooms:
            people = [p for r in row.roles for p in r.people]
            self.attach(line, row.rooms[0] if row.rooms else "", people)
            return
        target = self.touched
        if target is None:
            return
        if row.rooms and not target.room:
            self.row_room(target, row.rooms[0], line.no)
        self.row_people(target, row)

    def row_carries_on(self, line: Token, cells: list[str]) -> bool:
        """A row whose first cell is empty under an item's row: the item's title
        split over lines, joined."""
        item = self.last_item()
        numbered_row = bool(cells) and parse_numbered(cells[0]) is not None
        if line.continues_row and item is not None and self.after_item_line and not numbered_row:
            item.title = tidy_title(f"{item.title} {' '.join(cells)}")
            return True
        return False

    def row_room(self, target: ItemDraft | SessionDraft, room: str, line_no: int) -> None:
        """The room cell of a row: the room of what the row made, and of its session
        when the row is one."""
        target.room = parse_room(room) or room
        session = self.session
        if session is None:
            return
        if isinstance(target, ItemDraft) and session.items == [target]:
            session.room = session.room or target.room
        if session.line == line_no:
            session.room = target.room  # the row is a session: its room too

    def row_people(self, target: ItemDraft | SessionDraft, row: RowCells) -> None:
        """The people cells of a row: on what the row made, and on its session when
        the row is one; other cells after a timed row's title describe the item."""
        found_people: list[Person] = [p for r in row.roles for p in r.people]
        for cell in row.speakers:
            found_people.extend(parse_people(cell, Role.SPEAKER))
        for cell in row.extra:
            person = parse_cell_person(cell)
            if person is not None:
                found_people.append(person)
            elif isinstance(target, ItemDraft):
                target.description.append(cell)
        target.people.extend(found_people)
        session = self.session
        if session is not None and session.implicit and session.items == [target]:
            session.people.extend(found_people)  # the row is a session: its people too
