"""A meeting's language: the one its channel reminders and announcements are written in."""

from __future__ import annotations

from collections.abc import Iterable

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


def person_languages(db: DBSession, users: Iterable[str], team: str | None = None) -> dict[str, str]:
    """Each of ``users``' Slack locale (``fr-FR``) as stored with their facts; people we know
    nothing of are left out. When one deployment serves many workspaces a person's row is
    keyed ``TEAM/U1``: ``team`` is the meeting's workspace."""
    keys = {f"{team}/{u}" if team else u: u for u in users if u}
    if not keys:
        return {}
    rows = db.execute(select(models.SlackUser.user_id, models.SlackUser.locale)
                      .where(models.SlackUser.user_id.in_(keys), models.SlackUser.locale.is_not(None)))
    return {keys[key]: locale for key, locale in rows if locale}
