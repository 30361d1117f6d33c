"""The agenda as plain text, for the terminal, the CLI and Slack's fallback text.

The words around the agenda are in ``tr``'s language (English by default); the
agenda's own titles, names and rooms stay as written.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.i18n import Translator, translator
from bot.timefmt import localized_day_with_year, localized_span_for
from store.values import Item, Meeting, Session

_ENGLISH = translator()


def _span(start: datetime | None, end: datetime | None, meeting: Meeting, viewer_zone: str | None,
          tr: Translator) -> str:
    return localized_span_for(start, end, meeting.timezone, viewer_zone, tr.language,
                              both=tr.gettext("{ours} {zone} time ({theirs} your time)"),
                              unknown=tr.gettext("time to be announced"))


def render_item(item: Item, meeting: Meeting, viewer_zone: str | None = None, tr: Translator = _ENGLISH) -> list[str]:
    own_time = f" ({_span(item.starts_at, item.ends_at, meeting, viewer_zone, tr)})" if item.starts_at else ""
    lines = [f"  {item.label}{own_time}"]
    lines += [f"      • {point}" for point in item.sub_points]
    if item.speakers:
        lines.append("      " + tr.gettext("with {speakers}").format(speakers=", ".join(item.speakers)))
    return lines


def session_heading(session: Session, meeting: Meeting, viewer_zone: str | None = None,
                    tr: Translator = _ENGLISH) -> str:
    room = f" — {session.room}" if session.room else ""
    return f"{_span(session.starts_at, session.ends_at, meeting, viewer_zone, tr)}  {session.title}{room}"


def render_session(
    session: Session, meeting: Meeting, viewer_zone: str | None = None, now: datetime | None = None,
    tr: Translator = _ENGLISH,
) -> list[str]:
    happening = (
        now is not None
        and session.starts_at is not None
        and session.ends_at is not None
        and session.starts_at <= now < session.ends_at
    )
    marker = "▶ " if happening else ""
    lines = [f"{marker}{session_heading(session, meeting, viewer_zone, tr)}"]
    for item in session.items:
        lines += render_item(item, meeting, viewer_zone, tr)
    if not session.items:
        lines.append("  ({})".format(tr.gettext("no items listed")))
    return lines


def render_documents(meeting: Meeting, tr: Translator = _ENGLISH) -> list[str]:
    lines: list[str] = []
    for doc in meeting.documents:
        name = f"{doc.symbol} — {doc.title}" if doc.symbol else doc.title
        for_item = " ({})".format(tr.gettext("item {item}").format(item=doc.item)) if doc.item else ""
        lines.append(f"  • {name}{for_item}")
    return lines


def render_agenda(
    meeting: Meeting,
    *,
    day: date | None = None,
    viewer_zone: str | None = None,
    now: datetime | None = None,
    with_documents: bool = True,
    tr: Translator = _ENGLISH,
) -> str:
    """The whole agenda (or one day of it) as a person would print it."""
    lang = tr.language
    lines = [meeting.title]
    where = f"{meeting.venue} · " if meeting.venue else ""
    times = tr.gettext("times in {zone}").format(zone=meeting.timezone)
    lines.append(f"{where}{localized_day_with_year(meeting.start_date, lang)} – "
                 f"{localized_day_with_year(meeting.end_date, lang)} · {times}")
    days = [d for d in meeting.days if day is None or d.date == day]
    if day is not None and not days:
        lines += ["", tr.gettext("No sessions on {day}.").format(day=localized_day_with_year(day, lang))]
    for d in days:
        lines += ["", localized_day_with_year(d.date, lang)]
        for session in d.sessions:
            lines += render_session(session, meeting, viewer_zone, now, tr)
    if with_documents and meeting.documents and day is None:
        lines += ["", tr.gettext("Documents")] + render_documents(meeting, tr)
    return "\n".join(lines)
