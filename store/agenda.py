"""Saving and loading meetings: values in, values out, one Revision per change.

An import replaces the agenda (days, sessions, items) and upserts the
documents it lists; documents it does not mention (an uploaded PDF, say) stay.
Saving the same agenda twice changes nothing and makes no revision.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import weakref
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session as DBSession

# Imported for its side effect: its ORM events keep document passages indexed
# whenever a document body is written (here or by any other writer).
import store.search  # noqa: F401
from store import models
from store.agenda_rows import StoredAgenda, read_agenda, write_agenda
from store.canonical import from_dict, to_dict
from store.db import rowcount
from store.diff import Change, diff_meetings
from store.symbols import base_symbol, normalize_symbol
from store.values import Document, Meeting

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SaveOutcome:
    slug: str
    revision: int | None  # None when nothing changed
    changes: tuple[Change, ...]
    created: bool


@dataclass(frozen=True)
class MeetingSummary:
    slug: str
    title: str
    start_date: date
    end_date: date
    timezone: str
    venue: str
    revision: int
    channel_id: str | None
    team_id: str = ""  # the Slack workspace it belongs to; '' in a single-workspace install


class ForeignMeeting(ValueError):
    """A write from one workspace on a slug that another workspace's meeting holds."""

    def __init__(self, slug: str) -> None:
        super().__init__(f"“{slug}” is taken by a meeting of another workspace; give this meeting another slug")
        self.slug = slug


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    author: str
    source: str
    created_at: datetime
    summary: str  # one change per line

    @property
    def first_change(self) -> str:
        return self.summary.splitlines()[0] if self.summary else "no changes"

    @property
    def more_changes(self) -> int:
        """How many changes follow the first, for "(+N more)" in one-line listings."""
        return max(0, len(self.summary.splitlines()) - 1)


def _meeting_row(db: DBSession, slug: str) -> models.Meeting | None:
    return db.scalar(select(models.Meeting).where(models.Meeting.slug == slug))


def _documents(db: DBSession, meeting_id: int, with_bodies: bool) -> list[Document]:
    rows = db.scalars(
        select(models.Document).where(models.Document.meeting_id == meeting_id).order_by(models.Document.id)
    )
    return [
        Document(
            title=r.title,
            symbol=r.symbol,
            category=r.category,
            url=r.url,
            body=r.body if with_bodies else "",
            item=r.item_number,
        )
        for r in rows
    ]


def _to_values(db: DBSession, row: models.Meeting, stored: StoredAgenda, with_bodies: bool) -> Meeting:
    return Meeting(
        slug=row.slug,
        title=row.title,
        timezone=row.timezone,
        start_date=row.start_date,
        end_date=row.end_date,
        venue=row.venue,
        organizer=row.organizer,
        overview=row.overview,
        days=stored.values,
        documents=tuple(_documents(db, row.id, with_bodies)),
        reminder_lead_minutes=row.reminder_lead_minutes,
        people=stored.people,
    )


def load_meeting(db: DBSession, slug: str, *, with_bodies: bool = False) -> Meeting | None:
    """The meeting as values; document bodies only when asked (they can be large)."""
    row = _meeting_row(db, slug)
    return _to_values(db, row, read_agenda(db, row.id, ZoneInfo(row.timezone)), with_bodies) if row else None


# In MeetingSummary's field order. Columns rather than whole rows: a store of a
# thousand meetings need not bring every overview along to list them.
_SUMMARY_COLUMNS = (
    models.Meeting.slug,
    models.Meeting.title,
    models.Meeting.start_date,
    models.Meeting.end_date,
    models.Meeting.timezone,
    models.Meeting.venue,
    models.Meeting.revision,
    models.Meeting.channel_id,
    models.Meeting.team_id,
)
_LIST = select(*_SUMMARY_COLUMNS).order_by(models.Meeting.start_date, models.Meeting.slug)
_GENERATION = select(models.MeetingsGeneration.value).where(models.MeetingsGeneration.id == 1)
_GENERATION_SQL = "SELECT value FROM meetings_generation WHERE id = 1"


def list_meetings(db: DBSession | Connection, team: str | None = None) -> list[MeetingSummary]:
    """Every meeting, or only workspace ``team``'s (None: all, as a single-workspace install sees them)."""
    query = _LIST if team is None else _LIST.where(models.Meeting.team_id == team)
    return [MeetingSummary(*row) for row in db.execute(query)]


def claim_for_team(db: DBSession, slug: str, team: str) -> bool:
    """Give a meeting of no workspace in particular to ``team`` (an operator's move, from the CLI,
    when one deployment starts serving many workspaces); False when it has a workspace or none exists."""
    result = db.execute(
        update(models.Meeting).where(models.Meeting.slug == slug, models.Meeting.team_id == "").values(team_id=team)
    )
    return bool(rowcount(result))


def team_of(db: DBSession, slug: str) -> str | None:
    """The workspace ``slug`` belongs to ('' for none in particular); None when there is no such meeting."""
    return db.scalar(select(models.Meeting.team_id).where(models.Meeting.slug == slug))


def meetings_generation(db: DBSession | Connection) -> int | None:
    """The store-wide change marker of ``meetings`` (migration 0006): equal values mean that
    no meeting was added, removed, revised or linked to a channel in between. None only
    on a database whose marker row is missing (then nothing may be assumed unchanged)."""
    return db.execute(_GENERATION).scalar()


class GenerationReader:
    """``meetings_generation`` read before every question, on a connection of its own.

    Through the pool the one SELECT comes with a pre-ping, a BEGIN and a
    ROLLBACK: four round trips on PostgreSQL (0.44 ms here), and on SQLite the
    pool's and SQLAlchemy's code is most of the time (0.25 ms on a server idle
    between questions). This connection stays open in autocommit and takes a
    plain cursor: one round trip (0.11 ms on PostgreSQL, 2 us on SQLite).

    One connection per process, shared under a lock (a read is short). When a
    read fails (the server restarted, the network dropped) the connection is
    dropped and ``read`` says None, "unknown": the caller takes the pooled path,
    whose pre-ping reconnects, and the next read opens a new connection.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._connection: Any = None  # the DBAPI connection
        self._pid = 0
        self._finalizer: weakref.finalize[..., Any] | None = None

    def read(self) -> int | None:
        with self._lock:
            try:
                connection = self._open()
                cursor = connection.cursor()
                try:
                    cursor.execute(_GENERATION_SQL)  # no parameters: one text for every driver
                    row = cursor.fetchone()
                finally:
                    cursor.close()
            except (DBAPIError, self.engine.dialect.loaded_dbapi.Error) as exc:
                log.warning("the meetings' change marker could not be read (%s); reading through the pool", exc)
                self._drop(close=True)
                return None
        return int(row[0]) if row is not None else None

    def close(self) -> None:
        with self._lock:
            self._drop(close=True)

    def _open(self) -> Any:
        if self._connection is not None and self._pid != os.getpid():
            # Opened before a fork: the socket is the parent's. Forget it, never close it here.
            self._drop(close=False)
        if self._connection is None:
            pooled = self.engine.raw_connection()  # a new connection, set up by the engine's events
            pooled.detach()  # ours for good: not the pool's to reset, count or hand out
            connection = pooled.dbapi_connection
            if connection is None:  # only once closed or invalidated, never when just made
                raise RuntimeError("a new pooled connection has no DBAPI connection")
            self.engine.dialect.set_isolation_level(connection, "AUTOCOMMIT")  # no BEGIN, no ROLLBACK
            self._connection, self._pid = connection, os.getpid()
            # Closed when this reader is collected, so an engine's owner need not know of it.
            self._finalizer = weakref.finalize(self, _close_quietly, connection)
        return self._connection

    def _drop(self, *, close: bool) -> None:
        if self._finalizer is not None:
            if close and self._pid == os.getpid():
                self._finalizer()
            else:
                self._finalizer.detach()
        self._connection, self._finalizer = None, None


def _close_quietly(connection: Any) -> None:
    try:
        connection.close()
    except Exception:  # already broken: nothing left to release
        log.debug("closing the marker's connection failed", exc_info=True)


def merge_documents(current: tuple[Document, ...], incoming: tuple[Document, ...]) -> tuple[Document, ...]:
    """Incoming documents replace their namesakes; the others are kept, in order."""
    by_key = {d.key: d for d in current}
    merged = list(current)
    for doc in incoming:
        before = by_key.get(doc.key)
        if before is None:
            merged.append(doc)
            by_key[doc.key] = doc
            continue
        # An agenda that only names a document must not wipe the text we extracted.
        kept = dataclasses.replace(doc, body=doc.body or before.body, url=doc.url or before.url)
        merged[merged.index(before)] = kept
        by_key[doc.key] = kept
    return tuple(merged)


def _strip_bodies(meeting: Meeting) -> Meeting:
    return dataclasses.replace(
        meeting, documents=tuple(dataclasses.replace(d, body="") for d in meeting.documents)
    )


def save_meeting(
    db: DBSession, meeting: Meeting, *, author: str = "", source: str = "", replace_documents: bool = False,
    team: str | None = None,
) -> SaveOutcome:
    """Store ``meeting`` as the new state of its slug, recording a Revision if anything changed.

    ``replace_documents`` (used by rollback) makes the document list exactly
    the given one instead of merging it into what is there. ``team`` is the
    workspace writing: a new meeting becomes its own, and an existing one of
    another workspace is refused (``ForeignMeeting``); None (the CLI without
    ``--team``, a single-workspace install) keeps an existing meeting's
    workspace and gives a new one none.
    """
    row = _meeting_row(db, meeting.slug)
    if row is not None and team is not None and row.team_id != team:
        raise ForeignMeeting(meeting.slug)
    stored = read_agenda(db, row.id, ZoneInfo(row.timezone)) if row is not None else StoredAgenda()
    current = _to_values(db, row, stored, with_bodies=True) if row is not None else None
    if current is not None and not replace_documents:
        meeting = dataclasses.replace(
            meeting, documents=merge_documents(current.documents, meeting.documents)
        )
    if current == meeting:
        return SaveOutcome(meeting.slug, None, (), created=False)
    changes = diff_meetings(current, meeting)
    created = row is None
    if row is None:
        row = models.Meeting(slug=meeting.slug, revision=0, team_id=team or "")
        db.add(row)
    row.title = meeting.title
    row.venue = meeting.venue
    row.organizer = meeting.organizer
    row.timezone = meeting.timezone
    row.start_date = meeting.start_date
    row.end_date = meeting.end_date
    row.overview = meeting.overview
    row.reminder_lead_minutes = meeting.reminder_lead_minutes
    db.flush()
    # Compared with what is stored, only the rows that differ are written (store/agenda_rows.py).
    write_agenda(db, row.id, stored, meeting)
    db.expire(row, ["days"])  # loaded afresh when next read
    _write_documents(db, row, meeting.documents)
    row.revision += 1
    db.add(
        models.Revision(
            meeting_id=row.id,
            number=row.revision,
            author=author,
            source=source,
            summary="\n".join(c.text for c in changes),
            snapshot=to_dict(_strip_bodies(meeting)),
        )
    )
    db.flush()
    return SaveOutcome(meeting.slug, row.revision, tuple(changes), created)


def _write_documents(db: DBSession, row: models.Meeting, documents: tuple[Document, ...]) -> None:
    existing = {
        (r.symbol_key or "title:" + r.title.casefold()): r
        for r in db.scalars(select(models.Document).where(models.Document.meeting_id == row.id))
    }
    wanted = {d.key for d in documents}
    for key, stale in existing.items():
        if key not in wanted:
            db.delete(stale)
    for doc in documents:
        doc_row = existing.get(doc.key)
        if doc_row is None:
            doc_row = models.Document(meeting_id=row.id)
            db.add(doc_row)
        doc_row.symbol = normalize_symbol(doc.symbol) if doc.symbol else ""
        doc_row.symbol_key = normalize_symbol(doc.symbol) if doc.symbol else ""
        doc_row.title = doc.title
        doc_row.category = doc.category
        doc_row.url = doc.url
        doc_row.body = doc.body
        doc_row.item_number = doc.item
    db.flush()
    _link_revisions_to_base(db, row.id)


def _link_revisions_to_base(db: DBSession, meeting_id: int) -> None:
    rows = list(db.scalars(select(models.Document).where(models.Document.meeting_id == meeting_id)))
    by_key = {r.symbol_key: r for r in rows if r.symbol_key}
    for r in rows:
        base = base_symbol(r.symbol_key) if r.symbol_key else None
        r.base = by_key.get(base) if base else None


def history(db: DBSession, slug: str) -> list[RevisionInfo]:
    row = db.scalar(select(models.Meeting).where(models.Meeting.slug == slug))
    if row is None:
        return []
    return [
        RevisionInfo(r.number, r.author, r.source, r.created_at, r.summary)
        for r in db.scalars(
            select(models.Revision)
            .where(models.Revision.meeting_id == row.id)
            .order_by(models.Revision.number)
        )
    ]


def revision_snapshot(db: DBSession, slug: str, number: int) -> Meeting | None:
    rev = db.scalar(
        select(models.Revision)
        .join(models.Meeting)
        .where(models.Meeting.slug == slug, models.Revision.number == number)
    )
    return from_dict(rev.snapshot, source=f"revision {number}") if rev else None


def rollback(db: DBSession, slug: str, number: int, *, author: str = "") -> SaveOutcome | None:
    """Restore revision ``number`` as a new revision (history is never rewritten)."""
    snapshot = revision_snapshot(db, slug, number)
    if snapshot is None:
        return None
    current = load_meeting(db, slug, with_bodies=True)
    bodies = {d.key: d.body for d in current.documents} if current else {}
    restored = dataclasses.replace(
        snapshot,
        documents=tuple(dataclasses.replace(d, body=bodies.get(d.key, "")) for d in snapshot.documents),
    )
    return save_meeting(db, restored, author=author, source=f"rollback to {number}", replace_documents=True)



__all__ = [
    "ForeignMeeting",
    "GenerationReader",
    "MeetingSummary",
    "RevisionInfo",
    "SaveOutcome",
    "claim_for_team",
    "history",
    "list_meetings",
    "load_meeting",
    "meetings_generation",
    "merge_documents",
    "revision_snapshot",
    "rollback",
    "save_meeting",
    "team_of",
]
