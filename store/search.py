"""Full-text search over agenda items and document bodies.

One interface, two backends: SQLite FTS5 and PostgreSQL full-text search.
(Being written: the signature below is the contract the answers engine uses.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session as DBSession


@dataclass(frozen=True)
class Hit:
    """One search result. ``ref`` is an item number or a document symbol (or title)."""

    kind: Literal["item", "document", "passage"]
    meeting_slug: str
    ref: str
    title: str
    snippet: str
    score: float
    page: int | None = None


def search(db: DBSession, query: str, *, meeting_slug: str | None = None, limit: int = 10) -> list[Hit]:
    return []
