"""Document passages, and keeping the search index current (see the package docstring).

The ORM events at the bottom are registered when this module is imported (the
package imports it; store/agenda.py imports the package).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, event, inspect, text
from sqlalchemy.orm import Mapper
from sqlalchemy.orm import Session as DBSession

from store import models

# Small enough that a passage answers one question and fits a chat message,
# large enough to carry its own context.
PASSAGE_MIN_WORDS = 60
PASSAGE_MAX_WORDS = 120


@dataclass(frozen=True)
class Passage:
    page: int
    ordinal: int
    text: str


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\v]*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


def _pieces(paragraph: str) -> list[list[str]]:
    """A paragraph as runs of words no longer than PASSAGE_MAX_WORDS."""
    words = paragraph.split()
    if len(words) <= PASSAGE_MAX_WORDS:
        return [words] if words else []
    pieces: list[list[str]] = []
    for sentence in _SENTENCE_END.split(paragraph):
        sentence_words = sentence.split()
        for start in range(0, len(sentence_words), PASSAGE_MAX_WORDS):
            pieces.append(sentence_words[start : start + PASSAGE_MAX_WORDS])
    return [p for p in pieces if p]


def split_passages(body: str) -> list[Passage]:
    """Cut a document body into passages of about 60-120 words.

    Pages are separated by form feeds ("\\f"); a passage never spans two
    pages, so its page is exact: 1 + the number of form feeds before it.
    Paragraphs (blank-line separated) are packed together until a passage has
    PASSAGE_MIN_WORDS (so a heading joins the text under it); longer
    paragraphs are cut at sentence ends. Whitespace is normalised; no word
    is lost or repeated.
    """
    passages: list[Passage] = []
    for page_number, page in enumerate(body.split("\f"), start=1):
        current: list[str] = []
        for paragraph in _PARAGRAPH_BREAK.split(page):
            for piece in _pieces(paragraph):
                if current and (
                    len(current) >= PASSAGE_MIN_WORDS
                    or len(current) + len(piece) > PASSAGE_MAX_WORDS
                ):
                    passages.append(Passage(page_number, len(passages) + 1, " ".join(current)))
                    current = []
                current.extend(piece)
        if current:
            passages.append(Passage(page_number, len(passages) + 1, " ".join(current)))
    return passages


_DELETE_PASSAGES = text("DELETE FROM search_passages WHERE document_id = :document_id")
_INSERT_PASSAGE = text(
    "INSERT INTO search_passages (document_id, meeting_id, page, ordinal, text)"
    " VALUES (:document_id, :meeting_id, :page, :ordinal, :text)"
)


def _write_passages(connection: Connection, document_id: int, meeting_id: int, body: str) -> int:
    connection.execute(_DELETE_PASSAGES, {"document_id": document_id})
    rows = [
        {"document_id": document_id, "meeting_id": meeting_id, "page": p.page,
         "ordinal": p.ordinal, "text": p.text}
        for p in split_passages(body or "")
    ]
    if rows:
        connection.execute(_INSERT_PASSAGE, rows)
    return len(rows)


def index_document_passages(db: DBSession, document: models.Document) -> int:
    """(Re)write the passages of one document row; returns how many.

    Writers through the ORM need not call this (the Document events below
    do); it is for code that changed a body behind the ORM's back.
    """
    if document.id is None:
        db.flush()
    return _write_passages(db.connection(), document.id, document.meeting_id, document.body)


def reindex_document(db: DBSession, document_id: int) -> int:
    """Re-split the stored body of document ``document_id``; 0 if there is none."""
    row = db.connection().execute(
        text("SELECT meeting_id, body FROM documents WHERE id = :id"), {"id": document_id}
    ).first()
    if row is None:
        return 0
    return _write_passages(db.connection(), document_id, row.meeting_id, row.body)


def reindex_all(db: DBSession) -> None:
    """Rebuild every search index from the tables (after bulk loads behind the ORM)."""
    connection = db.connection()
    if connection.dialect.name == "sqlite":
        # Empty and refill from the content views (as migration 0002 does, and
        # for the same reason not with 'rebuild'); this also repairs any drift.
        for table, columns in (
            ("search_items", "number, title, sub_points, description, speakers, kind, meeting"),
            ("search_documents", "symbol, title, category, meeting"),
        ):
            connection.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
            connection.exec_driver_sql(
                f"INSERT INTO {table}(rowid, {columns}) SELECT id, {columns} FROM {table}_content"
            )
    else:
        connection.exec_driver_sql(
            "INSERT INTO search_items (item_id, meeting_id, vector)"
            " SELECT i.id, i.meeting_id, search_item_vector(i) FROM agenda_items i"
            " ON CONFLICT (item_id) DO UPDATE"
            " SET meeting_id = EXCLUDED.meeting_id, vector = EXCLUDED.vector"
        )
        connection.exec_driver_sql(
            "INSERT INTO search_documents (document_id, meeting_id, vector)"
            " SELECT d.id, d.meeting_id, search_document_vector(d) FROM documents d"
            " ON CONFLICT (document_id) DO UPDATE"
            " SET meeting_id = EXCLUDED.meeting_id, vector = EXCLUDED.vector"
        )
    connection.exec_driver_sql("DELETE FROM search_passages")
    ids = connection.execute(text("SELECT id FROM documents WHERE body <> '' ORDER BY id")).scalars().all()
    # Bodies are read a few hundred at a time: a large store's do not fit in memory at once.
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        rows = connection.execute(
            text("SELECT id, meeting_id, body FROM documents WHERE id IN :ids ORDER BY id").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": chunk},
        )
        batch = [
            {"document_id": document_id, "meeting_id": meeting_id, "page": p.page,
             "ordinal": p.ordinal, "text": p.text}
            for document_id, meeting_id, body in rows
            for p in split_passages(body)
        ]
        if batch:
            connection.execute(_INSERT_PASSAGE, batch)


@event.listens_for(models.Document, "after_insert")
def _document_inserted(_mapper: Mapper[Any], connection: Connection, target: models.Document) -> None:
    if target.body:
        _write_passages(connection, target.id, target.meeting_id, target.body)


@event.listens_for(models.Document, "after_update")
def _document_updated(_mapper: Mapper[Any], connection: Connection, target: models.Document) -> None:
    # after_update fires for any change to the row; re-split only when the
    # text (or the meeting it is scoped by) changed.
    attrs = inspect(target).attrs
    if attrs.body.history.has_changes() or attrs.meeting_id.history.has_changes():
        _write_passages(connection, target.id, target.meeting_id, target.body)
