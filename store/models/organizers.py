"""Organizers: who organizes what, proposed agendas, announcements, awaited uploads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base, utcnow


class MeetingOrganizer(Base):
    """A Slack user who may change a meeting's agenda (workspace admins always may)."""

    __tablename__ = "meeting_organizers"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    added_by: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgendaProposal(Base):
    """A previewed change waiting for Confirm: the whole new agenda and the revision it was
    computed from, so a Confirm after someone else's change is refused instead of undoing it.

    Keyed by slug rather than meeting id: a proposal may create a meeting.
    ``status``: pending|applied|cancelled|superseded; ``revision`` is the one it became.
    """

    __tablename__ = "agenda_proposals"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    meeting_slug: Mapped[str] = mapped_column(String(120), index=True)
    base_revision: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column()
    author: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    revision: Mapped[int | None] = mapped_column(Integer)


class AgendaAnnouncement(Base):
    """An applied change still to be told: written in the change's own transaction (an
    outbox), so a change made where there is no Slack client (the CLI) is announced, its
    Homes refreshed and its reminders moved by the running bot. ``status``:
    pending|sending|sent|failed."""

    __tablename__ = "agenda_announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_slug: Mapped[str] = mapped_column(String(120))
    revision: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(Text, default="")


class AgendaUploadWait(Base):
    """``/agenda import`` in a channel: that person's next file there is the meeting's agenda;
    with ``purpose`` "report" (``/agenda report publish``, migration 0007), its final
    rapporteur's report. One wait per person and channel: the last request wins."""

    __tablename__ = "agenda_upload_waits"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    meeting_slug: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column()
    purpose: Mapped[str] = mapped_column(String(16), default="agenda", server_default="agenda")
