"""The agenda beyond Slack: calendar links, the feed's events, schedule sources."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, utcnow


class CalendarLink(Base):
    """A secret ``/m/<token>`` link: the meeting's own (``user_id`` '') or one participant's
    personal feed. Revoking sets ``revoked_at``; a revoked token opens nothing."""

    __tablename__ = "calendar_links"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class FeedEvent(Base):
    """What one event of a meeting's calendar feed said last (``fingerprint``) and its
    SEQUENCE, raised only when the event itself changes."""

    __tablename__ = "feed_events"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    uid: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int] = mapped_column(Integer, default=0)


class ScheduleSource(Base):
    """A published schedule followed by ``/agenda sync URL``: its validators (``etag``,
    ``last_modified``), the hash of the last body read, and the back-off state."""

    __tablename__ = "schedule_sources"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    interval_seconds: Mapped[int] = mapped_column(Integer, default=600)
    author: Mapped[str] = mapped_column(Text, default="")
    etag: Mapped[str] = mapped_column(Text, default="")
    last_modified: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    failures: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime | None]
    ok_at: Mapped[datetime | None]
    next_at: Mapped[datetime | None]
