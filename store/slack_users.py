"""What the store keeps for the Slack side: people's ``users.info`` facts and choices, and
which channel belongs to which meeting. Rows in, values out; when to ask Slack again is
handlers/slack/state.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DBSession

from store import models

NEVER = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class StoredUser:
    key: str  # the user id, prefixed ``TEAM/`` when one deployment serves many workspaces
    tz: str | None
    is_admin: bool
    fetched_at: datetime
    meeting_slug: str | None = None  # the meeting they chose
    home_meeting: str | None = None  # the meeting their App Home shows
    locale: str | None = None  # their Slack locale, "fr-FR"


@dataclass(frozen=True)
class LinkedMeeting:
    slug: str
    title: str
    channel_id: str


def _value(row: models.SlackUser) -> StoredUser:
    return StoredUser(row.user_id, row.tz, row.is_admin, row.fetched_at, row.meeting_slug, row.home_meeting,
                      row.locale)


def get_user(db: DBSession, key: str) -> StoredUser | None:
    row = db.get(models.SlackUser, key)
    return _value(row) if row is not None else None


def save_facts(db: DBSession, key: str, *, team_id: str, tz: str | None, is_admin: bool,
               now: datetime, locale: str | None = None) -> StoredUser:
    """Store what ``users.info`` said (keeping the person's choices)."""
    row = db.get(models.SlackUser, key) or models.SlackUser(user_id=key)
    row.team_id, row.tz, row.is_admin, row.fetched_at = team_id, tz, is_admin, now
    row.locale = locale
    db.add(row)
    db.flush()
    return _value(row)


def remember(db: DBSession, key: str, *, meeting_slug: str | None = None, home_meeting: str | None = None,
             fields: tuple[str, ...]) -> None:
    """Set the named ``fields`` (``meeting_slug``, ``home_meeting``) of a person's row; a person
    not fetched yet gets a row whose old ``fetched_at`` makes the next read ask Slack."""
    row = db.get(models.SlackUser, key)
    if row is None:
        row = models.SlackUser(user_id=key, fetched_at=NEVER)
        db.add(row)
    if "meeting_slug" in fields:
        row.meeting_slug = meeting_slug
    if "home_meeting" in fields:
        row.home_meeting = home_meeting
    db.flush()


def meeting_visible(db: DBSession, slug: str, team: str | None) -> bool:
    """Whether meeting ``slug`` exists, in workspace ``team`` when given."""
    query = select(models.Meeting.id).where(models.Meeting.slug == slug)
    if team is not None:
        query = query.where(models.Meeting.team_id == team)
    return db.scalar(query) is not None


def home_viewers(db: DBSession, slug: str, prefix: str) -> list[str]:
    """Whose App Home shows ``slug``, among keys starting with ``prefix``; without it."""
    query = select(models.SlackUser.user_id).where(models.SlackUser.home_meeting == slug)
    if prefix:
        query = query.where(models.SlackUser.user_id.startswith(prefix, autoescape=True))
    return [key.removeprefix(prefix) for key in db.scalars(query)]


def channel_of(db: DBSession, slug: str) -> str | None:
    """The channel meeting ``slug`` is linked to, if any."""
    return db.scalar(select(models.Meeting.channel_id).where(models.Meeting.slug == slug))


def link_channel(db: DBSession, slug: str, channel: str, team: str | None) -> LinkedMeeting | None:
    """Make ``channel`` the meeting's channel (a channel belongs to one meeting at a time);
    None when there is no meeting ``slug`` in workspace ``team`` (None: in any)."""
    query = select(models.Meeting).where(models.Meeting.slug == slug)
    if team is not None:
        query = query.where(models.Meeting.team_id == team)
    meeting = db.scalar(query)
    if meeting is None:
        return None
    db.execute(update(models.Meeting).where(models.Meeting.channel_id == channel).values(channel_id=None))
    meeting.channel_id = channel
    db.flush()
    return LinkedMeeting(meeting.slug, meeting.title, channel)
