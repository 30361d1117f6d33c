"""Questions about the meeting itself: where, when, who organizes it, what for, how many sessions, which zone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from bot.answers.answer import Answer
from bot.answers.context import Ask
from bot.timefmt import zone_label


def _dates(ask: Ask) -> str:
    m = ask.meeting
    _ = ask.tr.gettext
    if m.start_date == m.end_date:
        return _("on {day}").format(day=ask.day_year(m.start_date))
    return _("from {start} to {end}").format(start=ask.day(m.start_date), end=ask.day_year(m.end_date))


def venue(ask: Ask) -> Answer:
    m = ask.meeting
    _ = ask.tr.gettext
    if not m.venue:
        return Answer("venue", _("The agenda of {title} does not say where it takes place.").format(title=m.title),
                      m.slug)
    rooms = _(" Rooms: {rooms}.").format(rooms=", ".join(ask.index.rooms)) if ask.index.rooms else ""
    said = _("{title} took place at {venue}, {dates}.") if ask.phase == "after" else _(
        "{title} takes place at {venue}, {dates}.")
    return Answer("venue", said.format(title=m.title, venue=m.venue, dates=_dates(ask)) + rooms, m.slug)


def dates(ask: Ask) -> Answer:
    m = ask.meeting
    q = ask.query
    _ = ask.tr.gettext
    first, last = ask.first_start(), ask.last_end()
    if q.has("end", "ends", "finish", "finishes", "close", "closes", "over", "last until"):
        # A last day without times has no closing hour to give.
        at = _(" at {time}").format(time=ask.when(last)) if last and last.date() == m.end_date else ""
        said = _("The meeting ended on {day}{at}.") if ask.phase == "after" else _("The meeting ends on {day}{at}.")
        return Answer("dates", said.format(day=ask.day_year(m.end_date), at=at), m.slug)
    if q.has("start", "starts", "begin", "begins", "open", "opens", "kick off"):
        at = _(" at {time}").format(time=ask.when(first)) if first and first.date() == m.start_date else ""
        said = _("The meeting started on {day}{at}.") if ask.phase != "before" else _(
            "The meeting starts on {day}{at}.")
        return Answer("dates", said.format(day=ask.day_year(m.start_date), at=at), m.slug)
    days = (m.end_date - m.start_date).days + 1
    length = _(" ({count} days)").format(count=days) if days > 1 else ""
    times = _(", {first} to {last}").format(first=ask.when(first), last=ask.when(last)) if (
        first and last and days > 1) else ""
    said = _("{title} took place {dates}{length}{times}.") if ask.phase == "after" else _(
        "{title} runs {dates}{length}{times}.")
    return Answer("dates", said.format(title=m.title, dates=_dates(ask), length=length, times=times), m.slug)


def organizer(ask: Ask) -> Answer:
    m = ask.meeting
    _ = ask.tr.gettext
    if not m.organizer:
        return Answer("organizer", _("The agenda does not say who organizes {title}.").format(title=m.title), m.slug)
    said = _("{title} was organized by {organizer}.") if ask.phase == "after" else _(
        "{title} is organized by {organizer}.")
    return Answer("organizer", said.format(title=m.title, organizer=m.organizer), m.slug)


def purpose(ask: Ask) -> Answer:
    m = ask.meeting
    if not m.overview:
        return Answer("purpose", ask.tr.gettext("{title}: the agenda has no overview. Try “agenda”.").format(
            title=m.title), m.slug)
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(m.overview.split()))
    wanted = [s for s in sentences if re.search(r"purpose|aim|objective|goal|to discuss|intended", s, re.I)]
    chosen = wanted[:2] or sentences[:2]
    return Answer("purpose", " ".join(chosen), m.slug)


def session_count(ask: Ask) -> Answer:
    m = ask.meeting
    sessions = ask.index.sessions
    _ = ask.tr.gettext
    per_day = ", ".join(f"{ask.day(d.date)}: {len(d.sessions)}" for d in m.days if d.sessions)
    items = len(ask.index.numbers) or len(ask.index.occurrences)
    if ask.query.has("items", "item"):
        return Answer("count", _("The agenda has {items} items in {sessions} sessions.").format(
            items=items, sessions=len(sessions)), m.slug)
    text = _("{sessions} sessions over {days} days ({per_day}); {items} agenda items.").format(
        sessions=len(sessions), days=len(m.days), per_day=per_day, items=items)
    return Answer("count", text, m.slug, sessions=sessions)


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
    _ = ask.tr.gettext
    text = _("Times are given in {zone} time ({offset} now; {name}).").format(
        zone=zone_label(m.timezone), offset=utc_offset(ask.now), name=m.timezone)
    if ask.viewer_zone and ask.viewer_zone != m.timezone:
        text += _(" I also show them in your own time.")
    return Answer("timezone", text, m.slug)


def title(ask: Ask) -> Answer:
    m = ask.meeting
    where = f", {m.venue}" if m.venue else ""
    return Answer("meeting", f"{m.title}{where}, {_dates(ask)}.", m.slug)


# What people call the meeting they are in.
_MEETING_NOUNS = ("conference", "workshop", "event", "forum", "summit", "congress", "symposium", "seminar",
                  "colloquium", "commission", "council", "assembly")


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
    city = has("city", "town", "country") and not _content(ask, drop=("city", "town", "country"))
    return has("venue", "location", "which city", "which building") or address or where_meeting or city


def _asks_dates(ask: Ask, has: Callable[..., bool]) -> bool:
    if has("when is the meeting", "when does the meeting", "when does it", "when is it", "what dates", "which dates",
           "how long is the meeting", "how many days", "dates", "when was the meeting", "when did the meeting",
           "what time does the meeting", "when did it"):
        return True
    if has("what day", "which day", "what date") and not _content(ask):
        return True
    return has("when", "what time") and has("start", "starts", "begin", "begins", "end", "ends", "finish",
                                           "finishes", "close", "closes", "open", "opens") and not _content(
        ask, drop=("close", "closes", "open", "opens"))


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
