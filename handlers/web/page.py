"""The agenda page: a meeting's values as one server-rendered HTML document (Jinja2).

The same HTML is the screen page, the printed A4 "organization of work" (its
print stylesheet) and the PDF (handlers/web/pdf.py). Times are written in the
meeting's zone inside ``<time datetime=…>`` elements; a few lines of inline
script add the viewer's own time beside them when the browser's zone differs.
Nothing is fetched from elsewhere: styles and script are inline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as dt_time
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape

from bot import timefmt
from bot.timefmt import zone_label
from store.values import Document, Item, Meeting, Person, Session

_ENV = Environment(
    loader=PackageLoader("handlers.web", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Links:
    """Where the page's own links point (relative to the page): the feed and the PDF."""

    feed: str
    pdf: str


def _people(people: tuple[Person, ...]) -> list[tuple[str, str]]:
    return [(p.role.value.replace("-", " ").capitalize(), p.label) for p in people]


def _people_line(people: tuple[Person, ...]) -> str:
    """``Speakers: A (X), B; Chair: C``: one line, each role once, in order of appearance."""
    roles: dict[str, list[str]] = {}
    for role, label in _people(people):
        roles.setdefault(role, []).append(label)
    return "; ".join((f"{role}s" if len(names) > 1 and not role.endswith("s") else role) + ": " + ", ".join(names)
                     for role, names in roles.items())


@dataclass(frozen=True)
class _Day:
    """Where a day's times are: its date and the zone's offset at noon. A time on that
    date at that offset is written as ``<time>10:00</time>``; the script adds them back."""

    date: date
    offset: str  # "+01:00"
    zone: ZoneInfo


def _day(value: date, zone: ZoneInfo) -> _Day:
    return _Day(value, datetime.combine(value, dt_time(12), zone).isoformat()[-6:], zone)


def _time(value: datetime | None, day: _Day) -> dict[str, str] | None:
    if value is None:
        return None
    local = value.astimezone(day.zone)
    text = timefmt.time_of_day(local.time())
    hhmm = local.isoformat(timespec="minutes")[11:16]  # the machine form, for <time datetime>
    if local.date() != day.date or local.isoformat()[-6:] != day.offset:
        # After midnight, or across a clock change: the whole instant.
        return {"iso": local.isoformat(timespec="minutes"), "text": text}
    return {"iso": "" if text == hhmm else hhmm, "text": text}


def _item_view(item: Item, session: Session, day: _Day, documents: dict[str, list[Document]]) -> dict[str, object]:
    people = _people_line(item.people)
    if not people and item.speakers:
        people = "Speakers: " + ", ".join(item.speakers)
    return {
        "number": item.number,
        "title": item.title,
        "start": _time(item.starts_at, day),
        "end": _time(item.ends_at, day),
        "room": item.room if item.room != session.room else "",  # the session's room is written once, above
        "people": people,
        "sub_points": list(item.sub_points),
        "description": item.description,
        "documents": documents.get(item.number.casefold(), []) if item.number else [],
    }


def _session_view(
    session: Session, index: int, day: _Day, now_key: str | None, documents: dict[str, list[Document]]
) -> dict[str, object]:
    return {
        "id": f"s{index}",
        "title": session.title,
        "start": _time(session.starts_at, day),
        "end": _time(session.ends_at, day),
        "room": session.room,
        "people": _people_line(session.people),
        "agenda_items": [_item_view(i, session, day, documents) for i in session.items],
        "now": session.key == now_key,
    }


def current_session(meeting: Meeting, now: datetime) -> str | None:
    """The key of the session under way at ``now`` (the latest to have started), if any."""
    found = None
    for session in meeting.sessions:
        if session.starts_at and session.ends_at and session.starts_at <= now < session.ends_at:
            found = session.key
    return found


def _day_heading(value: date) -> str:
    return timefmt.day_label_with_year(value)


def _dates(meeting: Meeting) -> str:
    start, end = meeting.start_date, meeting.end_date
    return _day_heading(start) if start == end else timefmt.date_range(start, end)


def render(meeting: Meeting, links: Links, now: datetime | None, *, plain: bool = False) -> str:
    """The page as HTML text; ``now`` None marks no session as under way. ``plain`` writes
    times and people as bare text, for print (``render_print``)."""
    zone = ZoneInfo(meeting.timezone)
    now_key = current_session(meeting, now) if now is not None else None
    by_item: dict[str, list[Document]] = {}
    for document in meeting.documents:
        if document.item:
            by_item.setdefault(document.item.casefold(), []).append(document)
    index = 0
    days = []
    for day in meeting.days:
        where = _day(day.date, zone)
        sessions = []
        for session in day.sessions:
            index += 1
            sessions.append(_session_view(session, index, where, now_key, by_item))
        days.append({"id": f"d{day.date.isoformat()}", "date": day.date.isoformat(), "offset": where.offset,
                     "heading": _day_heading(day.date), "short": timefmt.short_day(day.date), "sessions": sessions})
    return _ENV.get_template("agenda.html").render(
        meeting=meeting,
        dates=_dates(meeting),
        zone=meeting.timezone,
        zone_label=zone_label(meeting.timezone),
        people=_people(meeting.people),
        days=days,
        documents=meeting.documents,
        links=links,
        under_way=now_key is not None,
        plain=plain,
    )


def render_print(meeting: Meeting, links: Links) -> str:
    """The page as the PDF prints it: no session marked (a PDF outlives the moment it was
    made) and the same words with fewer elements, which WeasyPrint lays out one by one
    (for 1,000 talks, bare times take a third off its time)."""
    return render(meeting, links, None, plain=True)


def render_missing() -> str:
    return _ENV.get_template("missing.html").render()


def render_preparing(seconds: int) -> str:
    """Where a PDF will be once it is made: a page that reloads itself."""
    return _ENV.get_template("preparing.html").render(seconds=seconds)
