"""Who may change a meeting: its organizers (kept in the store) and workspace admins.

Whether someone is a workspace admin is the transport's to say (Slack's
``users.info``); these functions take it as ``is_admin`` so the rule itself
needs no Slack to test.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DBSession

from bot import workspace
from store import models


def _meeting_id(db: DBSession, slug: str) -> int | None:
    return db.scalar(select(models.Meeting.id).where(models.Meeting.slug == slug))


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


def organizes_any(db: DBSession, user: str) -> bool:
    """Whether ``user`` organizes some meeting: of the asking workspace's, when one deployment
    serves many (bot.workspace), so organizing in one workspace grants nothing in another."""
    query = select(models.MeetingOrganizer.user_id).where(models.MeetingOrganizer.user_id == user)
    team = workspace.current()
    if team is not None:
        query = query.join(models.Meeting, models.Meeting.id == models.MeetingOrganizer.meeting_id).where(
            models.Meeting.team_id == team)
    return db.scalar(query.limit(1)) is not None


def may_organize(db: DBSession, slug: str | None, user: str, *, is_admin: bool) -> bool:
    """Admins may always; for a new meeting (``slug`` None or unknown) whoever organizes one
    already may create it; otherwise only the meeting's organizers."""
    if is_admin:
        return True
    if slug is None or _meeting_id(db, slug) is None:
        return organizes_any(db, user)
    return is_organizer(db, slug, user)


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
    return bool(result.rowcount)  # type: ignore[attr-defined]

