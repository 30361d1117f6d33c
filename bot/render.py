"""The agenda as plain text, for the terminal, the CLI and Slack's fallback text."""

from __future__ import annotations

from datetime import date, datetime

from bot.timefmt import day_label_with_year, span
from store.values import Item, Meeting, Session


def render_item(item: Item, meeting: Meeting, viewer_zone: str | None = None) -> list[str]:
    own_time = f" ({span(item.starts_at, item.ends_at, meeting.timezone, viewer_zone)})" if item.starts_at else ""
    lines = [f"  {item.label}{own_time}"]
    lines += [f"      • {point}" for point in item.sub_points]
    if item.speakers:
        lines.append(f"      with {', '.join(item.speakers)}")
    return lines


def session_heading(session: Session, meeting: Meeting, viewer_zone: str | None = None) -> str:
    room = f" — {session.room}" if session.room else ""
    return f"{span(session.starts_at, session.ends_at, meeting.timezone, viewer_zone)}  {session.title}{room}"


def render_session(
    session: Session, meeting: Meeting, viewer_zone: str | None = None, now: datetime | None = None
) -> list[str]:
    happening = (
        now is not None
        and session.starts_at is not None
        and session.ends_at is not None
        and session.starts_at <= now < session.ends_at
    )
    marker = "▶ " if happening else ""
    lines = [f"{marker}{session_heading(session, meeting, viewer_zone)}"]
    for item in session.items:
        lines += render_item(item, meeting, viewer_zone)
    if not session.items:
        lines.append("  (no items listed)")
    return lines


def render_documents(meeting: Meeting) -> list[str]:
    lines: list[str] = []
    for doc in meeting.documents:
        name = f"{doc.symbol} — {doc.title}" if doc.symbol else doc.title
        for_item = f" (item {doc.item})" if doc.item else ""
        lines.append(f"  • {name}{for_item}")
    return lines


def render_agenda(
    meeting: Meeting,
    *,
    day: date | None = None,
    viewer_zone: str | None = None,
    now: datetime | None = None,
    with_documents: bool = True,
) -> str:
    """The whole agenda (or one day of it) as a person would print it."""
    lines = [meeting.title]
    where = f"{meeting.venue} · " if meeting.venue else ""
    lines.append(
        f"{where}{day_label_with_year(meeting.start_date)} – {day_label_with_year(meeting.end_date)}"
        f" · times in {meeting.timezone}"
    )
    days = [d for d in meeting.days if day is None or d.date == day]
    if day is not None and not days:
        lines += ["", f"No sessions on {day_label_with_year(day)}."]
    for d in days:
        lines += ["", day_label_with_year(d.date)]
        for session in d.sessions:
            lines += render_session(session, meeting, viewer_zone, now)
    if with_documents and meeting.documents and day is None:
        lines += ["", "Documents"] + render_documents(meeting)
    return "\n".join(lines)
