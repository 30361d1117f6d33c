"""``/agenda import`` in a channel: remember that the person's next file there is an agenda.

Kept in the store, not in memory, because the file's event may reach another
worker than the command did.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session as DBSession

from store import models


def await_upload(db: DBSession, user: str, channel: str, slug: str, until: datetime, *,
                 purpose: str = "agenda") -> None:
    """``purpose``: "agenda" (``/agenda import``) or "report" (``/agenda report publish``)."""
    row = db.get(models.AgendaUploadWait, (user, channel))
    if row is None:
        row = models.AgendaUploadWait(user_id=user, channel_id=channel)
        db.add(row)
    row.meeting_slug = slug
    row.expires_at = until
    row.purpose = purpose
    db.flush()


def take_upload(db: DBSession, user: str, channel: str, now: datetime, *, purpose: str = "agenda") -> str | None:
    """The meeting a file from ``user`` in ``channel`` is for, if they announced one for
    ``purpose``; used up (a wait for another purpose is left alone)."""
    row = db.get(models.AgendaUploadWait, (user, channel))
    if row is None or row.purpose != purpose:
        return None
    slug = row.meeting_slug if row.expires_at > now else None
    db.execute(delete(models.AgendaUploadWait).where(
        models.AgendaUploadWait.user_id == user, models.AgendaUploadWait.channel_id == channel))
    return slug
