"""Questions about the meeting itself: where, when, who organizes it, what for, how many sessions, which zone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from bot.answers.answer import Answer
from bot.answers.context import Ask
from bot.timefmt import day_label, day_label_with_year, zone_label


def _dates(ask: Ask) -> str:
    m = ask.meeting
    if m.start_date == m.end_date:
        return f"on {day_label_with_year(m.start_date)}"
    return f"from {day_label(m.start_date)} to {day_label_with_year(m.end_date)}"


def venue(ask: Ask) -> Answer:
    m = ask.meeting
    if not m.venue:
        return Answer("venue", f"The agenda of {m.title} does not say where it takes place.", m.slug)
    rooms = f" Rooms: {', '.join(ask.index.rooms)}." if ask.index.rooms else ""
    verb = "took place" if ask.phase == "after" else "takes place"
    return Answer("venue", f"{m.title} {verb} at {m.venue}, {_dates(ask)}.{rooms}", m.slug)


def dates(ask: Ask) -> Answer:
    m = ask.meeting
    q = ask.query
    first, last = ask.first_start(), ask.last_end()
    if q.has("end", "ends", "finish", "finishes", "close", "closes", "over", "last until"):
        # A last day without times has no closing hour to give.
        at = f" at {ask.when(last)}" if last and last.date() == m.end_date else ""
        verb = "ended" if ask.phase == "after" else "ends"
        return Answer("dates", f"The meeting {verb} on {day_label_with_year(m.end_date)}{at}.", m.slug)
    if q.has("start", "starts", "begin", "begins", "open", "opens", "kick off"):
        at = f" at {ask.when(first)}" if first and first.date() == m.start_date else ""
        verb = "started" if ask.phase != "before" else "starts"
        return Answer("dates", f"The meeting {verb} on {day_label_with_year(m.start_date)}{at}.", m.slug)
    days = (m.end_date - m.start_date).days + 1
    length = f" ({days} days)" if days > 1 else ""
    verb = "took place" if ask.phase == "after" else "runs"
    times = f", {ask.when(first)} to {ask.when(last)}" if first and last and days > 1 else ""
    return Answer("dates", f"{m.title} {verb} {_dates(ask)}{length}{times}.", m.slug)


def organizer(ask: Ask) -> Answer:
    m = ask.meeting
    if not m.organizer:
        return Answer("organizer", f"The agenda does not say who organizes {m.title}.", m.slug)
    verb = "was organized" if ask.phase == "after" else "is organized"
    return Answer("organizer", f"{m.title} {verb} by {m.organizer}.", m.slug)


def purpose(ask: Ask) -> Answer:
    m = ask.meeting
    if not m.overview:
        return Answer("purpose", f"{m.title}: the agenda has no overview. Try “agenda”.", m.slug)
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(m.overview.split()))
    wanted = [s for s in sentences if re.search(r"purpose|aim|objective|goal|to discuss|intended", s, re.I)]
    chosen = wanted[:2] or sentences[:2]
    return Answer("purpose", " ".join(chosen), m.slug)


def session_count(ask: Ask) -> Answer:
    m = ask.meeting
    sessions = ask.index.sessions
    per_day = ", ".join(
        f"{day_label(d.date)}: {len(d.sessions)}" for d in m.days if d.sessions
    )
    items = len(ask.index.numbers) or len(ask.index.occurrences)
    if ask.query.has("items", "item"):
        return Answer("count", f"The agenda has {items} items in {len(sessions)} sessions.", m.slug)
    return Answer("count", f"{len(sessions)} sessions over {len(m.days)} days ({per_day}); {items} agenda items.", m.slug,
                  sessions=sessions)


def utc_offset(moment: datetime) -> str:
    """``UTC+1``, ``UTC-5``, ``UTC+5:30``: an offset as people say it."""
    delta = moment.utcoffset()
    if delta is None:
        return "UTC"
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "") if minutes else "UTC"


def timezone(ask: Ask) -> Answer:
    m = ask.meeting
    text = f"Times are given in {zone_label(m.timezone)} time ({utc_offset(ask.now)} now; {m.timezone})."
    if ask.viewer_zone and ask.viewer_zone != m.timezone:
        text += " I also show them in your own time."
    return Answer("timezone", text, m.slug)


def title(ask: Ask) -> Answer:
    m = ask.meeting
    where = f", {m.venue}" if m.venue else ""
    return Answer("meeting", f"{m.title}{where}, {_dates(ask)}.", m.slug)


# What people call the meeting they are in.
_MEETING_NOUNS = ("conference", "workshop", "event", "forum", "summit", "congress", "symposium", "seminar",
                  "commission", "council", "assembly")


def _asked(ask: Ask) -> str:
    """The question with "conference" and the like read as "meeting", padded for phrase tests."""
    words = ["meeting" if t in _MEETING_NOUNS else t for t in ask.query.tokens]
    return f" {' '.join(words)} "


def _content(ask: Ask, drop: tuple[str, ...] = ()) -> list[str]:
    """Topic words left once the meeting's own name and venue are taken out."""
    own = ask.index.title_words | {w for w in ask.index.venue_words}
    tokens = tuple(t for t in ask.query.tokens if t not in own and t not in _MEETING_NOUNS and t not in drop)
    return ask.index.topic_stems(tokens)


def _asks_purpose(ask: Ask, has: Callable[..., bool]) -> bool:
    goals = ("purpose", "goal", "goals", "aim", "aims", "objective", "objectives")
    if has(*goals, "overview") and not has("when") and not _content(ask, drop=goals):
        return True
    return has("what is it about", "what is this about", "what is the meeting about", "what is this meeting about",
               "what is it for", "what is the meeting for", "why", "about the meeting")


def _asks_venue(ask: Ask, has: Callable[..., bool]) -> bool:
    address = has("address") and not has("when", "what time") and not _content(ask, drop=("address",))
    where_meeting = has("where") and has("meeting", "it", "we", "held") and not _content(ask)
    return has("venue", "location", "which city", "which building") or address or where_meeting


def _asks_dates(ask: Ask, has: Callable[..., bool]) -> bool:
    if has("when is the meeting", "when does the meeting", "when does it", "when is it", "what dates", "which dates",
           "how long is the meeting", "how many days", "dates", "when was the meeting", "when did the meeting",
           "what time does the meeting", "when did it"):
        return True
    if has("what day", "which day", "what date") and not _content(ask):
        return True
    return has("when", "what time") and has("start", "starts", "begin", "begins", "end", "ends", "finish",
                                           "finishes") and not _content(ask)


_ORGANIZER_PHRASES = (
    "organizer", "organiser", "organizers", "organisers", "organizes", "organises", "organized", "organised",
    "organize", "organise", "host", "hosts", "hosting", "hosted", "who runs", "who is running", "convened",
    "convenes", "convener", "convenor",
)


def find_fact(ask: Ask) -> Answer | None:
    """A question about the meeting itself, or None."""
    text = _asked(ask)

    def has(*phrases: str) -> bool:
        return any(f" {p} " in text for p in phrases)

    # A word that names a fact wins only when the question is about that fact:
    # "which zone of the palais is room XII in?" is not about time zones.
    rules: tuple[tuple[bool, Callable[[Ask], Answer]], ...] = (
        (has("timezone") or (has("zone") and not _content(ask)), timezone),
        (has("how many sessions", "number of sessions", "how many items", "number of items",
             "how many agenda items"), session_count),
        (has(*_ORGANIZER_PHRASES), organizer),
        (_asks_purpose(ask, has), purpose),
        (_asks_venue(ask, has), venue),
        (_asks_dates(ask, has), dates),
        # "what is this afternoon" asks what is on, not what the meeting is.
        (has("what meeting", "which meeting", "name of the meeting", "what is this", "meeting title")
         and not ask.time, title),
    )
    return next((answer(ask) for asked, answer in rules if asked), None)
