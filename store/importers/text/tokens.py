"""Lines to typed tokens: what each line of the page is, with its line number.

The kinds are what a reader tells apart at a glance (a date, a day header, a
time, an item number, a role line, a room, a footer, noise, plain text). Each
token keeps its line and parses lazily, so a broken date or time raises only
when the assembler reads that line and the error names it.

Three things need the whole page and are done here, before assembly:
page footers ("..., 56th session, 10-14 April 2023 1") are dropped; a
translation after the English version ("Lundi 10 avril") ends the page; a
weekday alone on a line ("MONDAY,") is joined to the date on the next.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from store.importers.text import dates, marks, people, rooms, times
from store.importers.text.lines import Line, is_decoration, split_lines
from store.importers.text.problems import PatternError
from store.symbols import is_symbol
from store.values import ImportWarning


class Kind(StrEnum):
    BLANK = "blank"
    NOISE = "noise"
    FOOTER = "footer"
    SYMBOL = "symbol"  # a document symbol alone ("E/CN.9/2023/1"): a page's reference
    DATE = "date"  # a date or date range stated on its own line
    DAY = "day"  # a day header
    TIME = "time"
    ITEM = "item"
    BULLET = "bullet"
    ROLE = "role"
    ROOM = "room"
    SESSION = "session"
    TEXT = "text"


@dataclass
class Token:
    line: Line
    text: str  # the cleaned text; for a joined weekday line, the weekday and the date

    def rewrite(self, text: str) -> None:
        """Change the text, forgetting what was read off the old one."""
        self.text = text
        for name in ("day", "span", "time", "numbered", "bullet", "role", "room", "kind"):
            self.__dict__.pop(name, None)

    @property
    def no(self) -> int:
        return self.line.no

    @property
    def indent(self) -> int:
        return self.line.indent

    @cached_property
    def day(self) -> dates.DayHeader | None:
        return dates.parse_day_header(self.text)

    @cached_property
    def span(self) -> dates.DateSpan | None:
        return dates.parse_date_line(self.text)

    @cached_property
    def time(self) -> times.TimeRange | None:
        found = times.parse_time_prefix(self.text)
        if found is None and self.text[:1] in ROW_BULLETS:
            # "• 8am - Registration opens": a bulleted list of timed rows.
            rest = marks.parse_bullet(self.text)
            found = times.parse_time_prefix(rest) if rest and rest[:1].isdigit() else None
        return found

    @cached_property
    def numbered(self) -> marks.Numbered | None:
        return marks.parse_numbered(self.text)

    @cached_property
    def bullet(self) -> str | None:
        return marks.parse_bullet(self.text)

    @cached_property
    def role(self) -> people.RoleLine | None:
        return people.parse_role_line(self.text)

    @cached_property
    def room(self) -> str | None:
        return rooms.parse_room(self.text)

    @property
    def continues_row(self) -> bool:
        """A table row whose first cell is empty: the rest of the row above."""
        return self.line.is_row and not self.line.cells[0]

    @cached_property
    def kind(self) -> Kind:
        """The token's kind; a line that is a broken date or time is still one."""
        text = self.text
        if not text or is_decoration(text):
            return Kind.BLANK
        try:
            if self.day is not None:
                return Kind.DAY
            if self.span is not None:
                return Kind.DATE
            if self.time is not None:
                return Kind.TIME
        except PatternError:
            return Kind.TIME if re.match(r"[0-9]{1,2}[:.h]", text) else Kind.DATE
        if self.numbered is not None:
            return Kind.ITEM
        if self.bullet is not None:
            return Kind.BULLET
        if self.role is not None:
            return Kind.ROLE
        if self.room is not None:
            return Kind.ROOM
        if marks.is_session_title(text):
            return Kind.SESSION
        if is_symbol(text) or _JOB_NUMBER.fullmatch(text):
            return Kind.SYMBOL
        return Kind.TEXT


@dataclass
class Tokens:
    tokens: list[Token]
    warnings: list[ImportWarning] = field(default_factory=list)
    ends_early: int | None = None  # the line a translation starts on, if any


_PAGE_NUMBER = re.compile(
    r"(?:page|p\.)\s*[0-9]{1,4}(?:\s*(?:of|/)\s*[0-9]{1,4})?|-\s?[0-9]{1,4}\s?-|[0-9]{1,4}\s?/\s?[0-9]{1,4}",
    re.IGNORECASE,
)
# What a saved web page keeps of its links and navigation: no part of the agenda.
_LINK_DEBRIS = re.compile(
    r"(?:click here|download (?:the|a|this)|read more|back to top|previous page|next page"
    r"|table of contents|top of page|print this page|share this|loading media information)\b"
    # a page's buttons and menus, alone on their line
    r"|(?:share|print|tweet|e-?mail us|language switcher|skip to (?:main )?content|menu"
    r"|download pdf)\s*$",
    re.IGNORECASE,
)
# A web archive's banner over a saved page (Archive-It, the Wayback Machine): a long
# line whose dates are the capture's, never the meeting's.
_ARCHIVE_BANNER = re.compile(
    r"(?:you are viewing an archived|this page was captured on|the wayback machine"
    r"|this (?:web ?site|page|site) (?:was|has been|is) archived)",
    re.IGNORECASE,
)
_TRAILING_NUMBER = re.compile(r"\s+[0-9]{1,3}$")
_JOB_NUMBER = re.compile(r"[A-Z]{2}\.[0-9]{2}-[0-9]{4,6}\s*\([A-Z]\)")
# Bullet glyphs (not dashes, which may be part of a range) that can open a timed row.
ROW_BULLETS = "\u2022\u00b7\u25aa\u25e6\u25cf\u25a0\u25ba\u27a2\u27a4*"
# A UN print-shop job number at a page's foot, maybe cut short: "GE.97-31234", "GE.97-".
_PRINT_JOB = re.compile(r"[A-Z]{2}\.[0-9]{2}-(?:[0-9]{4,6})?(?:\s*\([A-Z]\))?")


def tokenize(text: str) -> Tokens:
    lines = split_lines(text)
    # A print job's number is the page's edge, not a line of it: dropped, not made
    # blank, so a sub-item wrapped across it stays one.
    tokens = [Token(line, line.text) for line in lines if not _PRINT_JOB.fullmatch(line.text)]
    _drop_footers(tokens)
    _join_weekdays(tokens)
    _dotted_clocks(tokens)
    _join_bare_numbers(tokens)
    _join_wrapped_roles(tokens)
    _join_open_brackets(tokens)
    found = Tokens(tokens)
    _cut_translation(found)
    return found


def _drop_footers(tokens: list[Token]) -> None:
    """Page footers and running heads: a page number, or a line that ends with
    one after the meeting's name and dates, or a line repeated with only its
    page number changing."""
    stripped = Counter(
        _TRAILING_NUMBER.sub("", t.text) for t in tokens if _TRAILING_NUMBER.search(t.text)
    )
    for token in tokens:
        text = token.text
        if _ARCHIVE_BANNER.match(text):
            token.text = ""
            continue
        if not text or len(text) > 200:
            continue
        if _PAGE_NUMBER.fullmatch(text) or _LINK_DEBRIS.match(text):
            token.text = ""
            continue
        if not _TRAILING_NUMBER.search(text):
            continue
        try:
            found = dates.find_date(text)
        except PatternError:
            found = None
        footer = (
            found is not None and found.before.strip() and _TRAILING_NUMBER.fullmatch(found.after)
        )
        repeated = stripped[_TRAILING_NUMBER.sub("", text)] > 1 and found is not None
        if footer or repeated:
            token.text = ""


def _join_weekdays(tokens: list[Token]) -> None:
    """ "MONDAY," then "9 May" on the next line is one day header; so is "DAY 1"
    then "Monday, 3 June 2024"."""
    for index, token in enumerate(tokens):
        if not token.text:
            continue
        if dates.weekday_only(token.text) is None:
            _join_day_number(tokens, index)
            continue
        after = next((t for t in tokens[index + 1 : index + 4] if t.text), None)
        if after is None:
            continue
        try:
            header = dates.parse_day_header(after.text)
        except PatternError:
            continue
        if header is not None and header.date is not None and header.date.weekday is None:
            token.text = f"{token.text.rstrip(' ,.:')}, {after.text}"
            after.text = ""


_DOTTED_START = re.compile(r"([01]?[0-9]|2[0-3])\.([0-5][0-9])(?=\s+[^\W\d_])")
_OUTLINE_START = re.compile(r"[0-9]{1,2}\.[0-9](?:\.[0-9]+)*\.?\s")


def _dotted_clocks(tokens: list[Token]) -> None:
    """ "19.30 Dinner" reads as a section number alone ("4.10 Data sources"), but
    not on a page that writes its clocks with a dot elsewhere ("8.00 - 9.00
    Breakfast") and numbers no sections "4.1": there it is a time."""
    clocks = outline = 0
    for token in tokens:
        text = token.text
        if _OUTLINE_START.match(text):
            outline += 1
        elif re.match(r"[0-9]{1,2}\.[0-5][0-9]\b", text) and token.kind is Kind.TIME:
            clocks += 1
    if not clocks or outline:
        return
    for token in tokens:
        m = _DOTTED_START.match(token.text)
        if m and token.kind is not Kind.TIME:
            token.rewrite(f"{m.group(1)}:{m.group(2)}{token.text[m.end() :]}")


def _join_bare_numbers(tokens: list[Token]) -> None:
    """An item number alone on its line ("16.1", "3.", "(b)") numbers the text
    on the next line: Word and web pages often put them in cells of their own."""
    for index, token in enumerate(tokens):
        if not token.text or not marks.BARE_MARK.fullmatch(token.text.strip()):
            continue
        if token.kind is not Kind.TEXT or token.line.is_row:
            continue  # "18.30" is a time; a table's cells are read together
        after = next((t for t in tokens[index + 1 : index + 4] if t.text), None)
        if after is None or after.kind is not Kind.TEXT or after.line.is_row:
            continue
        token.rewrite(f"{token.text.strip()} {after.text}")
        after.rewrite("")


def _join_wrapped_roles(tokens: list[Token]) -> None:
    """ "Intervenants : A (X), B (Y), Loic" then "Tanguy (Z), C (W)": a role line
    hard-wrapped inside a name, an affiliation or the list is one line."""
    for index, token in enumerate(tokens):
        if token.kind is not Kind.ROLE:
            continue
        for after in tokens[index + 1 : index + 6]:
            if not _role_cut(token.text) or after.kind not in (Kind.TEXT, Kind.ROLE, Kind.ITEM):
                break
            token.rewrite(f"{token.text} {after.text}")
            after.rewrite("")


# What opens a line of its own: a clock, a number, a bullet; never a wrapped bracket's end.
_STARTS_A_LINE = re.compile(r"\s*(?:[0-9]|[-\u2022\u00b7*•]\s)")


def _join_open_brackets(tokens: list[Token]) -> None:
    """ "(14.30- 17.30 hours" then "or later, if required)", "Statement by Ambassador
    X (Caribbean" then "Pan-Africanist)": a bracket left open at a line's end and
    closed early on the next line is one line wrapped, whatever the line is."""
    for index, token in enumerate(tokens[:-1]):
        text = token.text
        if text.count("(") != text.count(")") + 1 or text.rfind("(") < text.rfind(")"):
            continue
        after = tokens[index + 1].text
        closes, opens = after.find(")"), after.find("(")
        if len(after) > 60 or closes < 0 or 0 <= opens < closes or _STARTS_A_LINE.match(after):
            continue
        token.rewrite(f"{text} {after}")
        tokens[index + 1].rewrite("")


def _role_cut(text: str) -> bool:
    """Whether a role line stops mid-way: a bracket left open, a trailing comma
    or "and", or a last person reduced to one word ("..., Loic")."""
    if text.count("(") > text.count(")") or re.search(r"(?:,|\s(?:and|et|y))$", text.rstrip()):
        return True
    last = re.split(r",|\)", text)[-1].strip()
    return bool(re.fullmatch(r"[^\W\d_][\w'-]*", last)) and "(" in text


def _join_day_number(tokens: list[Token], index: int) -> None:
    token = tokens[index]
    try:
        header = dates.parse_day_header(token.text) if len(token.text) < 20 else None
        if header is None or header.date is not None or header.number is None:
            return
        after = next((t for t in tokens[index + 1 : index + 3] if t.text), None)
        dated = dates.parse_day_header(after.text) if after is not None else None
    except PatternError:
        return
    if after is not None and dated is not None and dated.date is not None and dated.number is None:
        token.text = f"{token.text.rstrip(' ,.:-')}: {after.text}"
        after.text = ""


_VERSION_HEADING = re.compile(
    r"(?:version (?:fran[cç]aise|en fran[cç]ais|espagnole)|versi[oó]n (?:en )?espa[nñ]ol[a]?|french version"
    r"|spanish version|en fran[cç]ais|en espa[nñ]ol|fran[cç]ais|espa[nñ]ol)",
    re.IGNORECASE,
)
_FOREIGN_WORDS = frozenset(
    "de la le les des du et el los las del y en por para pour sur au aux una un une est"
    " con ordre jour programa programme provisoire provisional orden día séance sesión".split()
)
_ENGLISH_WORDS = frozenset("the of and on for to in with by a an is at from".split())


def _foreign(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.casefold())
    foreign = sum(w in _FOREIGN_WORDS for w in words)
    return foreign >= 2 and foreign > 2 * sum(w in _ENGLISH_WORDS for w in words)


def _cut_translation(found: Tokens) -> None:
    """A French or Spanish version after the English one is the same agenda
    again: the page ends where it starts (its first non-English day header,
    with the lines in that language just above it)."""
    tokens = found.tokens
    seen_english = False
    for index, token in enumerate(tokens):
        if seen_english and _VERSION_HEADING.fullmatch(token.text.strip(" :-*")):
            _cut_at(found, index)  # "Version française", "Versión en español"
            return
        if token.kind is not Kind.DAY:
            continue
        try:
            header = token.day
        except PatternError:
            continue
        if header is None or header.date is None:
            continue
        if header.language == "en":
            # A blog's post date ("Friday, May 25, 2007") above a Spanish programme
            # is no English version: only a day with rows under it is.
            seen_english = seen_english or _has_rows(tokens, index)
            continue
        if not seen_english:
            continue
        _cut_at(found, index, walk_back=True)
        return


def _has_rows(tokens: list[Token], index: int) -> bool:
    """Whether the day header at ``index`` has timed rows or items under it."""
    for token in tokens[index + 1 :]:
        if token.kind is Kind.DAY:
            return False
        if token.kind in (Kind.TIME, Kind.ITEM):
            return True
    return False


def _cut_at(found: Tokens, index: int, *, walk_back: bool = False) -> None:
    """End the page at ``index``, or at the lines in the other language just above it."""
    tokens = found.tokens
    start = index
    for back in range(index - 1 if walk_back else -1, -1, -1):
        text = tokens[back].text
        if not text:
            continue
        if not _foreign(text):
            break
        start = back
    first = tokens[start].no
    found.warnings.append(
        ImportWarning(first, "the rest of the page repeats the agenda in another language; ignored")
    )
    found.ends_early = first
    del tokens[start:]


def flattened_grid(tokens: list[Token]) -> tuple[int, int] | None:
    """Lines of the first and last of three or more day headers in a row with
    nothing under them, followed by the programme: a table copied column by
    column (all the day headers first, then the cells), which no reading can
    put back together."""
    run: list[Token] = []
    for index, token in enumerate(tokens):
        kind = token.kind
        if kind is Kind.BLANK:
            continue
        if (kind is Kind.DAY and (token.day is None or not token.day.rest)) or dates.weekday_only(
            token.text
        ) is not None:
            run.append(token)  # a weekday alone counts: "Monday", "Tuesday", ... as columns
            continue
        if len(run) >= 3 and any(
            t.kind in (Kind.TIME, Kind.ITEM) for t in tokens[index : index + 40]
        ):
            return run[0].no, run[-1].no
        run = []
    return None
