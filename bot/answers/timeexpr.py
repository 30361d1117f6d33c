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

from bot.answers.normalize import Query
from store.values import Meeting

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
)
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH_NUM = {m: i + 1 for i, m in enumerate(MONTHS)} | _MONTH_ABBR
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
PARTS = ("morning", "afternoon", "evening")

_DAY_NUM = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


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


def _weekday(index: int, meeting: Meeting, today: date) -> date:
    """The day a person means by a weekday name: the meeting's own, else the next one.

    During the meeting a weekday counts from today; before or after it, from
    the meeting's first day (people ask about the meeting week).
    """
    own = [d for d in meeting_dates(meeting) if d.weekday() == index]
    if own:
        upcoming = [d for d in own if d >= today]
        return upcoming[0] if upcoming else own[-1]
    during = meeting.start_date <= today <= meeting.end_date
    origin = today if during else meeting.start_date
    return origin + timedelta(days=(index - origin.weekday()) % 7)


def _find_day(q: Query, meeting: Meeting, today: date) -> tuple[date | None, str]:
    t = q.tokens
    text = f" {q.text} "
    if " day after tomorrow " in text:
        return today + timedelta(days=2), "the day after tomorrow"
    for word, delta in (("today", 0), ("tonight", 0), ("tomorrow", 1), ("yesterday", -1)):
        if word in t:
            return today + timedelta(days=delta), word
    if q.has("this morning", "this afternoon", "this evening"):
        return today, "today"
    dates = meeting_dates(meeting)
    # "day 2", "day two", "the second day", "first day", "last day", "opening day"
    for i, tok in enumerate(t):
        if tok == "day" and i + 1 < len(t):
            n = NUMBER_WORDS.get(t[i + 1]) or (int(t[i + 1]) if t[i + 1].isdigit() and len(t[i + 1]) == 1 else None)
            if n and 1 <= n <= len(dates):
                return dates[n - 1], f"day {n}"
        if tok == "day" and i > 0:
            before = t[i - 1]
            if before in ORDINAL_WORDS and ORDINAL_WORDS[before] <= len(dates):
                return dates[ORDINAL_WORDS[before] - 1], f"the {before} day"
            if before in ("last", "final", "closing"):
                return dates[-1], "the last day"
            if before == "opening":
                return dates[0], "the first day"
    for i, tok in enumerate(t):
        if tok in _MONTH_NUM and (tok in MONTHS or len(tok) >= 3):
            month = _MONTH_NUM[tok]
            # "16 October", "16th of October", "October 16"
            for j in (i - 1, i - 2, i + 1):
                if 0 <= j < len(t):
                    m = _DAY_NUM.match(t[j])
                    if m and 1 <= int(m.group(1)) <= 31:
                        found = _closest_year(month, int(m.group(1)), meeting)
                        if found:
                            return found, ""
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", tok):
            try:
                return date.fromisoformat(tok), ""
            except ValueError:
                pass
    for tok in t:
        if tok in WEEKDAYS:
            return _weekday(WEEKDAYS.index(tok), meeting, today), ""
    # "the 16th": a bare ordinal day of the meeting's month
    for i, tok in enumerate(t):
        m = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)", tok)
        if m and (i == 0 or t[i - 1] in ("the", "on", "for")) and not (i + 1 < len(t) and t[i + 1] in ("item", "point")):
            for d in dates:
                if d.day == int(m.group(1)):
                    return d, ""
            found = _closest_year(meeting.start_date.month, int(m.group(1)), meeting)
            if found:
                return found, ""
    return None, ""


def _find_clock(q: Query) -> time | None:
    t = q.tokens
    if q.has("noon", "midday"):
        return time(12, 0)
    for i, tok in enumerate(t):
        hour: int | None = None
        minute = 0
        m = _CLOCK.match(tok)
        nxt = t[i + 1] if i + 1 < len(t) else ""
        prev = t[i - 1] if i > 0 else ""
        if m:
            hour, minute = int(m.group(1)), int(m.group(2))
        elif tok.isdigit() and len(tok) <= 2 and (nxt in ("am", "pm", "oclock") or prev in ("at", "around", "by", "from", "until", "till")):
            if prev in ("item", "items", "point", "day"):
                continue
            hour = int(tok)
        if hour is None or hour > 23 or minute > 59:
            continue
        if nxt == "pm" and hour < 12:
            hour += 12
        elif nxt == "am" and hour == 12:
            hour = 0
        elif nxt not in ("am", "pm") and 1 <= hour <= 7 and not tok.startswith("0"):
            hour += 12  # "at 3", "3:30": nobody meets at three in the morning ("03:30" says so)
        return time(hour, minute)
    return None


def parse_time(q: Query, meeting: Meeting, now: datetime) -> TimeRef:
    """Everything ``q`` says about time; ``now`` is already in the meeting's zone."""
    today = now.date()
    day, words = _find_day(q, meeting, today)
    part = next((p for p in PARTS if p in q.tokens), None)
    if part is None and q.has("tonight", "night"):
        part = "evening"
    if part is None and q.has("am session", "morning session"):
        part = "morning"
    if part is None and q.has("pm session"):
        part = "afternoon"
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
    position = ""
    for i, tok in enumerate(q.tokens):
        following = q.tokens[i + 1] if i + 1 < len(q.tokens) else ""
        if tok in ("first", "last", "final") and following not in ("day", "days", "time", "week"):
            position = "first" if tok == "first" else "last"
            break
    is_now = q.has("now", "right now", "currently", "at the moment", "going on", "under way", "underway") or (
        q.has("happening") and day is None and part is None and clock is None
    )
    is_next = q.has("next", "coming up", "upcoming", "after this", "after that", "and then", "later") and not rest_of_day and not any(
        f"next {w}" in q.text for w in WEEKDAYS
    )
    return TimeRef(
        day=day, day_words=words, part=part, clock=clock, now=is_now and not is_next, next=is_next,
        lunch=lunch, pause=pause, after_lunch=after_lunch, before_break=before_break,
        rest_of_day=rest_of_day and not is_now, position=position if day is not None else "",
    )
