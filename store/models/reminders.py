"""Reminders: settings, subscriptions, deliveries and the scheduler's own state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, utcnow


class ReminderSettings(Base):
    """A meeting's reminder policy and rapporteur, as organizers set them.

    ``policy`` is the canonical policy text ("15m,1d,report=on,rapporteur=2h");
    None means the default built from the meeting's ``reminder_lead_minutes``.
    ``version`` goes up on every change to the policy, the rapporteur or the
    meeting's subscriptions, so the process that fires reminders can notice a
    change made by another process with one cheap query.
    """

    __tablename__ = "reminder_settings"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    policy: Mapped[str | None] = mapped_column(Text)
    policy_set_by: Mapped[str] = mapped_column(Text, default="")
    rapporteur_user_id: Mapped[str | None] = mapped_column(String(32))
    rapporteur_set_by: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ReminderSubscription(Base):
    """A personal reminder: ``user_id`` wants a DM ``lead_minutes`` before a session or item.

    ``target_key`` is the session's key (day|title|room) or the item's number
    (casefolded); ``target_label`` is how the target read when it was chosen,
    for listing it after the agenda has changed under it.
    """

    __tablename__ = "reminder_subscriptions"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id", "target_kind", "target_key", "lead_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    target_kind: Mapped[str] = mapped_column(String(16))
    target_key: Mapped[str] = mapped_column(String(400))
    target_label: Mapped[str] = mapped_column(Text, default="")
    lead_minutes: Mapped[int] = mapped_column(Integer)
    user_tz: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReminderDelivery(Base):
    """One reminder sent (or not) once: ``key`` is the reminder's id plus its due time.

    The unique key is what makes delivery exactly-once: a row is claimed as
    "sending" before the post, so a second attempt for the same key finds it.
    """

    __tablename__ = "reminder_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    reminder_id: Mapped[str] = mapped_column(String(191), index=True)
    meeting_slug: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column()
    destination: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), index=True)  # planned|sending|sent|failed|skipped
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str] = mapped_column(Text, default="")
    late_seconds: Mapped[int | None] = mapped_column(Integer)
    # Wall-clock times: when the row was claimed bounds the search of the channel's history.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None]


class ReminderSchedulerState(Base):
    """How far the firing process got: on start, reminders due since then were missed."""

    __tablename__ = "reminder_scheduler_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    watermark: Mapped[datetime | None]
    holder: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ReminderSync(Base):
    """What the persistent job store was last synced to, per meeting.

    ``fingerprint`` is the planner's version with the agenda revision and the
    settings version; ``jobs`` maps the job ids written then to their due time
    (UTC seconds). A restart re-plans only meetings whose fingerprint changed or
    whose future jobs are not all in the store, so start-up does not load every
    meeting.
    """

    __tablename__ = "reminder_sync"

    meeting_slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(200))
    jobs: Mapped[dict[str, Any]] = mapped_column()
    synced_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
