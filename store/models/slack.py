"""Slack state: events already seen, users' names and zones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, utcnow


class SeenEvent(Base):
    """An Events API delivery already handled: Slack retries (X-Slack-Retry-Num) are dropped.

    Bolt does not deduplicate, and a retry may reach another worker, so the
    store (not process memory) decides. Rows older than an hour are pruned:
    Slack stops retrying long before that.
    """

    __tablename__ = "seen_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SlackUser(Base):
    """What we know of a Slack user: ``users.info`` facts cached until ``fetched_at`` + TTL.

    ``meeting_slug`` is the meeting the person chose (DMs and App Home default
    to it); ``home_meeting`` is the meeting their App Home shows now, so an
    agenda change knows whose Home to republish.
    """

    __tablename__ = "slack_users"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), default="")
    tz: Mapped[str | None] = mapped_column(String(64))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    meeting_slug: Mapped[str | None] = mapped_column(String(120))
    home_meeting: Mapped[str | None] = mapped_column(String(120), index=True)
    # Their Slack locale ("fr-FR"; migration 0011): the language of what is said to them.
    locale: Mapped[str | None] = mapped_column(String(16))
