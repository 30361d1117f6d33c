"""The final report becomes a meeting document, and the channel is told.

Whichever way it comes (a file the rapporteur uploads in Slack, the draft as
it stands, or ``agendabot doc add --category "rapporteur's report"``), it is
stored by ``add_document`` like any document (a revision, full-text search
of its body) and an announcement row is written in the same transaction, so
the running bot tells the channel (bot/organizers/outbox.py), even when the
report came from the command line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session as DBSession

from bot.i18n import translator
from store.agenda import load_meeting, save_meeting
from store.documents import DocumentAdded, DocumentError
from store.extract import extract_text
from store.languages import meeting_language
from store.outbox import queue as queue_announcement
from store.values import Document, ItemKind, Meeting

REPORT_CATEGORY = "rapporteur's report"


def is_report_category(category: str) -> bool:
    """"rapporteur's report", "Rapporteur report", "rapporteurs-report": all the same shelf."""
    folded = category.casefold()
    return "rapporteur" in folded and "report" in folded


def report_item(meeting: Meeting) -> str:
    """The number of the rapporteur's report item, if the agenda has one."""
    return next((i.number for _, i in meeting.items() if i.kind is ItemKind.RAPPORTEUR_REPORT and i.number), "")


def report_title(meeting: Meeting) -> str:
    return f"Rapporteur's report — {meeting.title}"


@dataclass(frozen=True)
class Published:
    title: str
    created: bool
    revision: int | None  # None when the same report was already stored
    announcement: str


def announce(db: DBSession, meeting: Meeting, title: str, *, created: bool, revision: int | None,
             author: str, now: datetime) -> str:
    """Queue the channel's message about a published report (in the caller's transaction)."""
    # In the meeting's language, like every channel message; the command stays out of the msgid.
    _ = translator(meeting_language(db, meeting.slug)).gettext
    said = (_("The rapporteur's report for {meeting} is published: “{title}”.") if created
            else _("The rapporteur's report for {meeting} is updated: “{title}”."))
    text = (said.format(meeting=meeting.title, title=title) + "\n"
            + _("Ask me about it, e.g. “what was agreed on remittances?” or {command}.").format(
                command="`/agenda docs`"))
    queue_announcement(db, meeting.slug, revision or 0, text, author or "cli", now)
    return text


def announce_added(db: DBSession, added: DocumentAdded, *, author: str, now: datetime) -> str | None:
    """After ``agendabot doc add``: tell the channel when a rapporteur's report was stored or changed."""
    meeting = load_meeting(db, added.meeting)
    if meeting is None or added.revision is None or not is_report_category(added.category):
        return None
    return announce(db, meeting, added.title, created=added.created, revision=added.revision, author=author, now=now)


def publish(db: DBSession, meeting: Meeting, data: bytes, filename: str, *, link: str, author: str,
            now: datetime) -> Published:
    """Store a file (an upload, or the draft's Markdown) as the meeting's rapporteur's report.

    Not through ``add_document``'s guessing: a symbol cited near the top of the report
    must not make it overwrite that document. An earlier report is replaced (same title).
    Raises ``DocumentError`` (nothing changed) for a file without text.
    """
    extracted = extract_text(data, filename=filename)
    if not extracted.text.strip():
        raise DocumentError("the file has no text I can read (a scanned PDF needs OCR first)", source=filename)
    title = report_title(meeting)
    current = load_meeting(db, meeting.slug, with_bodies=True) or meeting
    before = next((d for d in current.documents if d.key == "title:" + title.casefold()), None)
    document = Document(title=title, category=REPORT_CATEGORY, url=link, body=extracted.text,
                        item=report_item(current))
    others = tuple(d for d in current.documents if d.key != document.key)
    outcome = save_meeting(db, dataclasses.replace(current, documents=(*others, document)), author=author,
                           source=f"rapporteur's report {filename}", replace_documents=True)
    created = before is None
    text = announce(db, current, title, created=created, revision=outcome.revision, author=author, now=now) \
        if outcome.revision is not None else ""
    return Published(title, created, outcome.revision, text)
