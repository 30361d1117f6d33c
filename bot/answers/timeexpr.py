"""Time expressions in a question, read relative to "now" in the meeting's zone.

"tomorrow morning", "Thursday's agenda", "the 16th", "at 3pm", "what's next",
"when is lunch". This module only says what was asked; which sessions that
means is the engine's business (it knows the agenda and whether the meeting
is before, during or after).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot import vocabulary
from bot.answers.normalize import Query
from bot.vocabulary import MONTHS, NUMBER_WORDS, ORDINAL_WORDS, WEEKDAYS
from store.values import Meeting

_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH_NUM = {m: i + 1 for i, m in enumerate(MONTHS)} | _MONTH_ABBR
PARTS = ("morning", "afternoon", "evening")

_DAY_NUM = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")


@dataclass(frozen=True)
class TimeRef:
    """What a question said about time. Empty (``bool(ref) is False``) when nothing."""

    day: date | None = None
    day_words: str = ""  # how the day was named, for messages ("tomorrow")
    part: str | None = None  # morning / afternoon / evening
    clock: time | None = None
    now: bool = False
    next: bool = False
    lunch: bool = False
    pause: bool = False  # a break (coffee, recess)
    after_lunch: bool = False
    before_break: bool = False  # "before lunch", "before the break"
    rest_of_day: bool = False  # "later today", "what's left today"
    position: str = ""  # "first" | "last": "the first item tomorrow", "last talk on Thursday"

    def __bool__(self) -> bool:
        return bool(
            self.day or self.part or self.clock or self.now or self.next or self.lunch
            or self.pause or self.after_lunch or self.before_break or self.rest_of_day
        )


def _closest_year(month: int, day: int, meeting: Meeting) -> date | None:
    """The date with that month and day nearest the meeting (agendas rarely say the year)."""
    best: date | None = None
    for year in (meeting.start_date.year - 1, meeting.start_date.year, meeting.start_date.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - meeting.start_date).days) < abs((best - meeting.start_date).days):
            best = candidate
    return best


def meeting_dates(meeting: Meeting) -> list[date]:
    dates = [d.date for d in meeting.days]
    if not dates:
        span = (meeting.end_date - meeting.start_date).days
        dates = [meeting.start_date + timedelta(days=i) for i in range(span + 1)]
    return sorted(dates)


def _stated_dates(meeting: Meeting) -> list[date]:
    """The days the agenda covers and the days of the meeting's stated dates, in order:
    "Friday" of a conference exported without its Friday is still that Friday."""
    span = (meeting.end_date - meeting.start_date).days
    stated = [meeting.start_date + timedelta(days=i) for i in range(span + 1)] if 0 <= span <= 60 else []
    return sorted(set(meeting_dates(meeting)) | set(stated))


def _weekday(index: int, meeting: Meeting, today: date) -> date:
    """The day a person means by a weekday name: the meeting's own, else the next one.

    During the meeting a weekday counts from today; before or after it, from
    the meeting's first day (people ask about the meeting week).
    """
    own = [d for d in _stated_dates(meeting) if d.weekday() == index]
    if own:
        upcoming = [d for d in own if d >= today]
        return upcoming[0] if upcoming else own[-1]
    during = meeting.start_date <= today <= meeting.end_date
    origin = today if during else meeting.start_date
    return origin + timedelta(days=(index - origin.weekday()) % 7)


_Found = tuple[date, str] | None


def _relative_day(q: Query, meeting: Meeting, today: date) -> _Found:
    """"today", "tomorrow", "the day after tomorrow", "this afternoon"."""
    if " day after tomorrow " in f" {q.text} ":
        return today + timedelta(days=2), "the day after tomorrow"
    for word, delta in (("today", 0), ("tonight", 0), ("tomorrow", 1), ("yesterday", -1)):
        if word in q.tokens:
            return today + timedelta(days=delta), word
    if q.has("this morning", "this afternoon", "this evening", "the day", "this day") and not q.has(
            "the day before", "the day after"):
        return today, "today"
    return None


def _nth_day(n: int, dates: list[date], meeting: Meeting) -> date | None:
    """Day ``n`` of the meeting: of the days the agenda covers, else of its stated dates
    (the third day of a three-day meeting whose agenda stops after the second)."""
    if 1 <= n <= len(dates):
        return dates[n - 1]
    stated = _stated_dates(meeting)
    return stated[n - 1] if 1 <= n <= len(stated) else None


def _day_of_meeting(tokens: tuple[str, ...], i: int, dates: list[date], meeting: Meeting) -> _Found:
    """The meeting day token ``i`` ("day") makes with its neighbours: "day 2", "the second day", "last day"."""
    if i + 1 < len(tokens):
        after = tokens[i + 1]
        n = NUMBER_WORDS.get(after) or (int(after) if after.isdigit() and len(after) == 1 else None)
        found = _nth_day(n, dates, meeting) if n else None
        if found:
            return found, f"day {n}"
    if i == 0:
        return None
    before = tokens[i - 1]
    if before in ORDINAL_WORDS and ORDINAL_WORDS[before] <= len(dates):
        return dates[ORDINAL_WORDS[before] - 1], f"the {before} day"
    if before in ("last", "final", "closing"):
        return dates[-1], "the last day"
    if before == "opening":
        return dates[0], "the first day"
    return None


def _numbered_day(q: Query, meeting: Meeting, today: date) -> _Found:
    """"day 2", "day two", "the second day", "first day", "last day", "opening day"."""
    dates = meeting_dates(meeting)
    for i, tok in enumerate(q.tokens):
        found = _day_of_meeting(q.tokens, i, dates, meeting) if tok == "day" else None
        if found:
            return found
    return None


def _month_day(tokens: tuple[str, ...], i: int, meeting: Meeting) -> date | None:
    """"16 October", "16th of October", "October 16" around the month at ``i``."""
    month = _MONTH_NUM[tokens[i]]
    for j in (i - 1, i - 2, i + 1):
        if 0 <= j < len(tokens):
            m = _DAY_NUM.match(tokens[j])
            if m and 1 <= int(m.group(1)) <= 31:
                found = _closest_year(month, int(m.group(1)), meeting)
                if found:
                    return found
    return None


def _iso_date(tok: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", tok):
        return None
    try:
        return date.fromisoformat(tok)
    except ValueError:
        return None


def _calendar_day(q: Query, meeting: Meeting, today: date) -> _Found:
    """A date with its month ("16 October") or in ISO form ("2003-10-16")."""
    t = q.tokens
    for i, tok in enumerate(t):
        found = _month_day(t, i, meeting) if tok in _MONTH_NUM and (tok in MONTHS or len(tok) >= 3) else None
        found = found or _iso_date(tok)
        if found:
            return found, ""
    return None


def _weekday_named(q: Query, meeting: Meeting, today: date) -> _Found:
    for tok in q.tokens:
        if tok in WEEKDAYS:
            return _weekday(WEEKDAYS.index(tok), meeting, today), ""
    return None


def _bare_ordinal(q: Query, meeting: Meeting, today: date) -> _Found:
    """"the 16th": a bare ordinal day of the meeting's month (not "the 16th item")."""
    t = q.tokens
    for i, tok in enumerate(t):
        m = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)", tok)
        if not m or not (i == 0 or t[i - 1] in ("the", "on", "for")) or (i + 1 < len(t) and t[i + 1] in ("item", "point")):
            continue
        for d in meeting_dates(meeting):
            if d.day == int(m.group(1)):
                return d, ""
        found = _closest_year(meeting.start_date.month, int(m.group(1)), meeting)
        if found:
            return found, ""
    return None


# In this order: the first that finds a day says it.
_DAY_FINDERS = (_relative_day, _numbered_day, _calendar_day, _weekday_named, _bare_ordinal)


def _find_day(q: Query, meeting: Meeting, today: date) -> tuple[date | None, str]:
    for finder in _DAY_FINDERS:
        found = finder(q, meeting, today)
        if found:
            return found
    return None, ""


def _find_clock(q: Query) -> time | None:
    t = q.tokens
    if q.has("noon", "midday"):
        return vocabulary.NAMED_TIMES["noon"]
    for i, tok in enumerate(t):
        nxt = t[i + 1] if i + 1 < len(t) else ""
        prev = t[i - 1] if i > 0 else ""
        if prev in ("item", "items", "point", "day") and ":" not in tok:
            continue
        suffix = nxt if nxt in ("am", "pm", "oclock") else ""
        said = f"{tok} {suffix}".strip()
        found = vocabulary.parse_clock(said, bare_hour=prev in ("at", "around", "by", "from", "until", "till"))
        if found is None or (":" not in tok and not tok.isdigit()):
            continue
        if suffix not in ("am", "pm") and 1 <= found.hour <= 7 and not tok.startswith("0"):
            # "at 3", "3:30": nobody meets at three in the morning ("03:30" says so)
            return found.replace(hour=found.hour + 12)
        return found
    return None


def _part_of_day(q: Query) -> str | None:
    part = next((p for p in PARTS if p in q.tokens), None)
    if part is None and q.has("tonight", "night"):
        part = "evening"
    if part is None and q.has("am session", "morning session"):
        part = "morning"
    if part is None and q.has("pm session"):
        part = "afternoon"
    return part


def _position(q: Query) -> str:
    """"first" or "last" for "the first item", "the final talk" (not "the first day")."""
    for i, tok in enumerate(q.tokens):
        following = q.tokens[i + 1] if i + 1 < len(q.tokens) else ""
        if tok in ("first", "last", "final") and following not in ("day", "days", "time", "week"):
            return "first" if tok == "first" else "last"
    return ""


def parse_time(q: Query, meeting: Meeting, now: datetime) -> TimeRef:
    """Everything ``q`` says about time; ``now`` is already in the meeting's zone."""
    today = now.date()
    day, words = _find_day(q, meeting, today)
    if day is None and _single_day_position(q, meeting):
        day = meeting.start_date  # "the first talk" of a one-day meeting is on its only day
    part = _part_of_day(q)
    clock = _find_clock(q)
    after_lunch = q.has("after lunch", "after the lunch", "after the break", "after break", "after coffee",
                        "after the coffee break", "after the pause")
    lunch = q.has("lunch", "lunchtime")
    pause = q.has("break", "breaks", "coffee", "pause", "recess")
    before_break = q.has("before lunch", "before the lunch", "before the break", "before break",
                         "before the coffee break", "before coffee", "before the pause")
    rest_of_day = q.has("later today", "later on today", "left today", "left for today", "rest of the day",
                        "rest of today", "remaining today", "still to come", "is left", "are left", "anything left",
                        "left on", "left to") or (q.has("later") and (day is None or day == today) and not q.has("next"))
    is_now = q.has("now", "right now", "currently", "at the moment", "going on", "under way", "underway") or (
        q.has("happening") and day is None and part is None and clock is None
    )
    # "what comes after?": "after" with nothing after it is what follows now.
    after_alone = bool(q.tokens) and q.tokens[-1] in ("after", "afterwards", "afterward")
    is_next = (q.has("next", "coming up", "upcoming", "after this", "after that", "and then", "later") or after_alone) and not rest_of_day and not any(
        f"next {w}" in q.text for w in WEEKDAYS
    )
    return TimeRef(
        day=day, day_words=words, part=part, clock=clock, now=is_now and not is_next, next=is_next,
        lunch=lunch, pause=pause, after_lunch=after_lunch, before_break=before_break,
        rest_of_day=rest_of_day and not is_now, position=_position(q) if day is not None else "",
    )


# What "the first talk" is a position among, when a one-day meeting needs no day said.
_POSITIONED = frozenset("session sessions talk talks item items event events presentation presentations thing".split())


def _single_day_position(q: Query, meeting: Meeting) -> bool:
    """"What is the first talk?" of a one-day meeting: the first on its only day."""
    if meeting.start_date != meeting.end_date or not _position(q):
        return False
    return any(a in ("first", "last", "final") and b in _POSITIONED for a, b in zip(q.tokens, q.tokens[1:], strict=False))

