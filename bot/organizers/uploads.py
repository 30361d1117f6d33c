"""``/agenda import`` in a channel: remember that the person's next file there is an agenda.

Kept in the store, not in memory, because the file's event may reach another
worker than the command did.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session as DBSession

from store import models


def await_upload(db: DBSession, user: str, channel: str, slug: str, until: datetime) -> None:
    row = db.get(models.AgendaUploadWait, (user, channel))
    if row is None:
        row = models.AgendaUploadWait(user_id=user, channel_id=channel)
        db.add(row)
    row.meeting_slug = slug
    row.expires_at = until
    db.flush()


def take_upload(db: DBSession, user: str, channel: str, now: datetime) -> str | None:
    """The meeting a file from ``user`` in ``channel`` updates, if they announced one; used up."""
    row = db.get(models.AgendaUploadWait, (user, channel))
    if row is None:
        return None
    slug = row.meeting_slug if row.expires_at > now else None
    db.execute(delete(models.AgendaUploadWait).where(
        models.AgendaUploadWait.user_id == user, models.AgendaUploadWait.channel_id == channel))
    return slug
