"""A meeting's language: the one its channel reminders and announcements are written in."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DBSession

from store import models

DEFAULT_LANGUAGE = "en"


def meeting_language(db: DBSession, slug: str) -> str:
    """The meeting's language (``en`` for an unknown meeting: the source language)."""
    found = db.scalar(select(models.Meeting.language).where(models.Meeting.slug == slug))
    return found or DEFAULT_LANGUAGE


def set_meeting_language(db: DBSession, slug: str, language: str) -> bool:
    """Sets it; False when there is no such meeting. The caller owns the transaction."""
    result = db.execute(update(models.Meeting).where(models.Meeting.slug == slug).values(language=language))
    return bool(getattr(result, "rowcount", 0))
