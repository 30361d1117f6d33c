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


def _time(value: datetime | None, zone: ZoneInfo) -> dict[str, str] | None:
    if value is None:
        return None
    local = value.astimezone(zone)
    return {"iso": local.isoformat(), "text": timefmt.time_of_day(local.time())}


def _item_view(item: Item, zone: ZoneInfo, documents: dict[str, list[Document]]) -> dict[str, object]:
    people = _people(item.people)
    if not people and item.speakers:
        people = [("Speakers", ", ".join(item.speakers))]
    return {
        "number": item.number,
        "title": item.title,
        "kind": item.kind.value,
        "start": _time(item.starts_at, zone),
        "end": _time(item.ends_at, zone),
        "room": item.room,
        "people": people,
        "sub_points": list(item.sub_points),
        "description": item.description,
        "documents": documents.get(item.number.casefold(), []) if item.number else [],
    }


def _session_view(
    session: Session, index: int, zone: ZoneInfo, now_key: str | None, documents: dict[str, list[Document]]
) -> dict[str, object]:
    return {
        "id": f"s{index}",
        "title": session.title,
        "start": _time(session.starts_at, zone),
        "end": _time(session.ends_at, zone),
        "room": session.room,
        "people": _people(session.people),
        "agenda_items": [_item_view(i, zone, documents) for i in session.items],
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


def render(meeting: Meeting, links: Links, now: datetime | None) -> str:
    """The page as HTML text; ``now`` None marks no session as under way (a PDF, which
    outlives the moment it was made)."""
    zone = ZoneInfo(meeting.timezone)
    now_key = current_session(meeting, now) if now is not None else None
    by_item: dict[str, list[Document]] = {}
    for document in meeting.documents:
        if document.item:
            by_item.setdefault(document.item.casefold(), []).append(document)
    index = 0
    days = []
    for day in meeting.days:
        sessions = []
        for session in day.sessions:
            index += 1
            sessions.append(_session_view(session, index, zone, now_key, by_item))
        days.append({"id": f"d{day.date.isoformat()}", "heading": _day_heading(day.date), "sessions": sessions})
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
    )


def render_missing() -> str:
    return _ENV.get_template("missing.html").render()


def render_preparing(seconds: int) -> str:
    """Where a PDF will be once it is made: a page that reloads itself."""
    return _ENV.get_template("preparing.html").render(seconds=seconds)
