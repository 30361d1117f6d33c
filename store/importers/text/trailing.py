"""Pages that write each row's time AFTER its title, put back in reading order.

Some pages set the time at the foot of each row: the title (and its details)
first, then "IST - AUTH 09:00 – 09:10" (who leads it, then the time) or the
time alone on a line. Read top to bottom, every time would open the next
row and each title would land one row late. When a day's first content is a
title and every time in it closes a block in this way, the time is moved to
the head of its block: "09:00-09:10 Welcome and opening", and the rest of the
time's line ("IST - AUTH") stays as a line of the row. A time alone on its line
could open the next block as well as close the last, so at least one line must
end in its time to show the convention.
"""

from __future__ import annotations

import re

from store.importers.text.marks import (
    is_agenda_heading,
    is_overview_heading,
    is_session_title,
    parse_bullet,
    parse_numbered,
)
from store.importers.text.problems import PatternError
from store.importers.text.times import TimeRange, clock_text, parse_time_prefix, split_trailing_time
from store.importers.text.tokens import Kind, Token

# "Dinner 20.00": a start alone at the end of a line.
_TRAILING_START = re.compile(r"(.*?)\s*\b([0-9]{1,2}[:.][0-9]{2})\s*$")


def _trailing_time(text: str) -> tuple[str, TimeRange] | None:
    """The line's text and its time, if the time is alone or at the line's end."""
    alone = parse_time_prefix(text)
    if alone is not None:
        return ("", alone) if not alone.rest else None
    rest, timed = split_trailing_time(text)
    if timed is not None:
        return rest, timed
    m = _TRAILING_START.fullmatch(text)
    if m and m.group(1):
        start = parse_time_prefix(m.group(2))
        if start is not None:
            return m.group(1), start
    return None


def _leading_time(token: Token) -> bool:
    try:
        timed = token.time
    except PatternError:
        return True  # "13:00 - 10:00": a broken time, but a row's own
    return timed is not None and bool(timed.rest)


def _plain_title(token: Token) -> bool:
    text = token.text
    return (
        token.kind is Kind.TEXT
        and _trailing_time(text) is None
        and not is_session_title(text)
        and not is_agenda_heading(text)
        and not is_overview_heading(text)
        and parse_numbered(text) is None
        and parse_bullet(text) is None
    )


def move_trailing_times(tokens: list[Token]) -> list[int]:
    """Rewrite, day by day, rows whose time follows them; the lines changed."""
    moved: list[int] = []
    days = [i for i, t in enumerate(tokens) if t.kind is Kind.DAY]
    for n, first in enumerate(days):
        header = tokens[first].day
        if header is not None and header.rest and parse_time_prefix(header.rest) is not None:
            continue  # "Martes 24 10:00 AM": the day's first time leads its row
        end = days[n + 1] if n + 1 < len(days) else len(tokens)
        moved += _move_in_day(tokens[first + 1 : end])
    return moved


def _move_in_day(day: list[Token]) -> list[int]:
    content = [t for t in day if t.text]
    if not content or not _plain_title(content[0]) or any(_leading_time(t) for t in content):
        return []
    closers = [found for t in content if (found := _trailing_time(t.text)) is not None]
    # A time alone between blocks could open the next as well as close the last; a
    # line that ends in its time ("IST - AUTH 09:00 - 09:10") says which.
    if len(closers) < 2 or not any(rest for rest, _ in closers):
        return _titles_then_times(content)
    if any(is_session_title(rest) for rest, _ in closers):
        return []  # "Morning session 10:00-13:00": a heading that carries its own hours
    # Most times must close a block of untimed lines: "Welcome 09:00-09:15" then
    # "Panel 09:15-10:30", each a whole row, are rows with their times at the end.
    closing, above = 0, False
    for token in content:
        if _trailing_time(token.text) is None:
            above = True
        else:
            closing += above
            above = False
    if 2 * closing <= len(closers):
        return []
    moved: list[int] = []
    head: Token | None = None
    for token in content:
        found = _trailing_time(token.text)
        if found is None:
            head = head or token
            continue
        rest, timed = found
        span = clock_text(timed.start) + (f"-{clock_text(timed.end)}" if timed.end else "")
        if head is None:  # "Dinner 20.00": the row is its own line
            token.rewrite(f"{span} {rest}")
        else:
            head.rewrite(f"{span} {head.text}")
            token.rewrite(rest)
        moved.append(token.no)
        head = None
    return moved


def _titles_then_times(content: list[Token]) -> list[int]:
    """ "AU Symposium: ..." then "9.00 - 18.00" then its description: a day that
    opens on a title and gives every title its hours on the line below. Each
    time alone joins the title above it."""
    alone = [i for i, t in enumerate(content) if _time_alone(t)]
    if not alone or alone[0] == 0:
        return []
    for i in alone:
        above = content[i - 1]
        if not _short_title(above) or _time_alone(above):
            return []
        if i + 1 < len(content) and _could_be_activity(content[i + 1]):
            return []  # "09.00 - 09.10" then "Welcome address": the time opens the next row
    moved: list[int] = []
    for i in alone:
        above, token = content[i - 1], content[i]
        above.rewrite(f"{token.text} {above.text}")
        token.rewrite("")
        moved.append(token.no)
    return moved


# "Co-hosts : ECA and OAU", "Participants: 60-70": a label and its value.
_LABEL = re.compile(r"[^\W\d_][\w -]{0,24}\s?:\s")


def _short_title(token: Token) -> bool:
    """A short untimed line that reads as a title, not a paragraph."""
    return (
        _plain_title(token)
        and len(token.text.split()) <= 15
        and not token.text.rstrip().endswith(".")
    )


def _could_be_activity(token: Token) -> bool:
    """A short title that could be a row's activity, not a label and its value."""
    return _short_title(token) and _LABEL.match(token.text) is None


def _time_alone(token: Token) -> bool:
    try:
        timed = token.time
    except PatternError:
        return False
    return timed is not None and not timed.rest
