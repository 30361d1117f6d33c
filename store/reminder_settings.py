"""Reminder settings as the store keeps them: a meeting's policy text and rapporteur, and
personal subscriptions. Plain rows in, values out; what they mean (parsing the policy,
the planner's targets) is bot/reminders/settings.py's.

Every change bumps the meeting's ``reminder_settings.version``, so the process that
fires reminders notices it (``fingerprints``) even when another process made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DBSession

from store import models


@dataclass(frozen=True)
class MeetingSettings:
    """One meeting's reminder facts: its default lead, its channel, what organizers set."""

    meeting_id: int
    default_lead_minutes: int
    channel_id: str | None
    policy: str | None = None  # the canonical policy text; None: the default
    rapporteur: str | None = None
    version: int = 0


@dataclass(frozen=True)
class StoredSubscription:
    id: int
    meeting: str
    user: str
    target_kind: str
    target_key: str
    target_label: str
    lead_minutes: int
    user_tz: str | None


Fingerprint = tuple[int, int, str | None]


def settings_of(db: DBSession, slug: str) -> MeetingSettings | None:
    """None when there is no meeting ``slug``."""
    meeting = db.scalar(select(models.Meeting).where(models.Meeting.slug == slug))
    if meeting is None:
        return None
    row = db.get(models.ReminderSettings, meeting.id)
    return MeetingSettings(
        meeting.id, meeting.reminder_lead_minutes, meeting.channel_id,
        row.policy if row else None, row.rapporteur_user_id if row else None, (row.version or 0) if row else 0)


def rapporteur_of(db: DBSession, slug: str) -> str | None:
    return db.scalar(
        select(models.ReminderSettings.rapporteur_user_id)
        .join(models.Meeting, models.Meeting.id == models.ReminderSettings.meeting_id)
        .where(models.Meeting.slug == slug))


def _bump(db: DBSession, meeting_id: int) -> models.ReminderSettings:
    row = db.get(models.ReminderSettings, meeting_id)
    if row is None:
        row = models.ReminderSettings(meeting_id=meeting_id, version=0)
        db.add(row)
    row.version = (row.version or 0) + 1
    return row


def save_policy(db: DBSession, meeting_id: int, text: str, *, by: str) -> None:
    row = _bump(db, meeting_id)
    row.policy = text
    row.policy_set_by = by
    db.flush()


def save_rapporteur(db: DBSession, meeting_id: int, user_id: str | None, *, by: str) -> None:
    row = _bump(db, meeting_id)
    row.rapporteur_user_id = user_id
    row.rapporteur_set_by = by
    db.flush()


def _value(row: models.ReminderSubscription, slug: str) -> StoredSubscription:
    return StoredSubscription(row.id, slug, row.user_id, row.target_kind, row.target_key, row.target_label,
                              row.lead_minutes, row.user_tz)


def add_subscription(db: DBSession, slug: str, meeting_id: int, user: str, target_kind: str, target_key: str,
                     target_label: str, lead_minutes: int, user_tz: str | None) -> StoredSubscription:
    """The subscription, added unless the same one is there already (then nothing changes)."""
    existing = db.scalar(
        select(models.ReminderSubscription).where(
            models.ReminderSubscription.meeting_id == meeting_id,
            models.ReminderSubscription.user_id == user,
            models.ReminderSubscription.target_kind == target_kind,
            models.ReminderSubscription.target_key == target_key,
            models.ReminderSubscription.lead_minutes == lead_minutes,
        )
    )
    if existing is None:
        existing = models.ReminderSubscription(
            meeting_id=meeting_id, user_id=user, target_kind=target_kind, target_key=target_key,
            target_label=target_label, lead_minutes=lead_minutes, user_tz=user_tz,
        )
        db.add(existing)
        _bump(db, meeting_id)
        db.flush()
    return _value(existing, slug)


def subscriptions(db: DBSession, *, slug: str | None = None, user: str | None = None) -> list[StoredSubscription]:
    """Oldest first; of one meeting and/or one person when given."""
    query = select(models.ReminderSubscription, models.Meeting.slug).join(
        models.Meeting, models.Meeting.id == models.ReminderSubscription.meeting_id
    )
    if slug is not None:
        query = query.where(models.Meeting.slug == slug)
    if user is not None:
        query = query.where(models.ReminderSubscription.user_id == user)
    rows = db.execute(query.order_by(models.ReminderSubscription.id))
    return [_value(sub, meeting_slug) for sub, meeting_slug in rows]


def delete_subscription(db: DBSession, subscription_id: int, *, user: str) -> bool:
    """Delete one of ``user``'s own subscriptions; False when there is no such one of theirs."""
    row = db.get(models.ReminderSubscription, subscription_id)
    if row is None or row.user_id != user:
        return False
    meeting_id = row.meeting_id
    db.delete(row)
    _bump(db, meeting_id)
    db.flush()
    return True


def fingerprints(db: DBSession, slug: str | None = None) -> dict[str, Fingerprint]:
    """Per meeting: (agenda revision, settings version, channel) — any change means re-plan."""
    query = select(
        models.Meeting.slug,
        models.Meeting.revision,
        models.ReminderSettings.version,
        models.Meeting.channel_id,
    ).outerjoin(models.ReminderSettings, models.ReminderSettings.meeting_id == models.Meeting.id)
    if slug is not None:
        query = query.where(models.Meeting.slug == slug)
    return {s: (rev, ver or 0, ch) for s, rev, ver, ch in db.execute(query)}
