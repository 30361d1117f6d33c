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


def person_languages(db: DBSession, users: Iterable[str]) -> dict[str, str]:
    """Each of ``users``' Slack locale (``fr-FR``) as stored with their facts; people we know
    nothing of are left out. A row keyed ``TEAM/U1`` (one deployment, many workspaces) is U1's."""
    wanted = {u for u in users if u}
    if not wanted:
        return {}
    rows = db.execute(select(models.SlackUser.user_id, models.SlackUser.locale)
                      .where(models.SlackUser.locale.is_not(None)))
    found: dict[str, str] = {}
    for key, locale in rows:
        user = key.rsplit("/", 1)[-1]
        if user in wanted and locale:
            found[user] = locale
    return found
