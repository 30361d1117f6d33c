"""A meeting's organizers, as the store keeps them (``/agenda organizers add @someone``).

Only the facts: who may do what with them is bot/permissions.py's to say.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DBSession

from store import models
from store.db import rowcount


def _meeting_id(db: DBSession, slug: str) -> int | None:
    return db.scalar(select(models.Meeting.id).where(models.Meeting.slug == slug))


def meeting_exists(db: DBSession, slug: str) -> bool:
    return _meeting_id(db, slug) is not None


def meeting_title(db: DBSession, slug: str) -> str | None:
    return db.scalar(select(models.Meeting.title).where(models.Meeting.slug == slug))


def organizers(db: DBSession, slug: str) -> list[str]:
    """The meeting's organizers, first added first."""
    meeting_id = _meeting_id(db, slug)
    if meeting_id is None:
        return []
    return list(db.scalars(
        select(models.MeetingOrganizer.user_id)
        .where(models.MeetingOrganizer.meeting_id == meeting_id)
        .order_by(models.MeetingOrganizer.added_at, models.MeetingOrganizer.user_id)
    ))


def is_organizer(db: DBSession, slug: str, user: str) -> bool:
    return user in organizers(db, slug)


def organizes_any(db: DBSession, user: str, team: str | None) -> bool:
    """Whether ``user`` organizes some meeting: of workspace ``team`` when one deployment serves
    many (None: any), so organizing in one workspace grants nothing in another."""
    query = select(models.MeetingOrganizer.user_id).where(models.MeetingOrganizer.user_id == user)
    if team is not None:
        query = query.join(models.Meeting, models.Meeting.id == models.MeetingOrganizer.meeting_id).where(
            models.Meeting.team_id == team)
    return db.scalar(query.limit(1)) is not None


def add_organizer(db: DBSession, slug: str, user: str, *, by: str) -> bool:
    """Make ``user`` an organizer; False when they already were (or there is no such meeting)."""
    meeting_id = _meeting_id(db, slug)
    if meeting_id is None or db.get(models.MeetingOrganizer, (meeting_id, user)) is not None:
        return False
    db.add(models.MeetingOrganizer(meeting_id=meeting_id, user_id=user, added_by=by))
    db.flush()
    return True


def remove_organizer(db: DBSession, slug: str, user: str) -> bool:
    meeting_id = _meeting_id(db, slug)
    if meeting_id is None:
        return False
    result = db.execute(delete(models.MeetingOrganizer).where(
        models.MeetingOrganizer.meeting_id == meeting_id, models.MeetingOrganizer.user_id == user))
    return bool(rowcount(result))

