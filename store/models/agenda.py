"""The agenda: meetings, their days, sessions, items, people, documents and revisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.models.base import Base, utcnow
from store.values import DEFAULT_REMINDER_LEAD_MINUTES


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    # The Slack workspace the meeting belongs to (migration 0008); '' in a single-workspace install.
    team_id: Mapped[str] = mapped_column(String(32), default="", server_default="", index=True)
    title: Mapped[str] = mapped_column(Text)
    venue: Mapped[str] = mapped_column(Text, default="")
    organizer: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    overview: Mapped[str] = mapped_column(Text, default="")
    channel_id: Mapped[str | None] = mapped_column(String(32), index=True)
    reminder_lead_minutes: Mapped[int] = mapped_column(Integer, default=DEFAULT_REMINDER_LEAD_MINUTES)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # Page and feed open to anyone with the address (migration 0010); else only by secret link.
    web_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Channel reminders and announcements in this language (migration 0011; /agenda language).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    days: Mapped[list[Day]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Day.date"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Document.id"
    )
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Revision.number"
    )


class MeetingsGeneration(Base):
    """One row whose ``value`` changes in every transaction that writes ``meetings``.

    Database triggers (migration 0006) set it, so every writer is covered, the
    ORM or not. A process that caches the meeting list, the channel links and
    the revisions checks them all with one primary-key read: an unchanged value
    means nothing in ``meetings`` changed since. Readers only compare values for
    equality; each write takes a value never handed out before (a sequence on
    PostgreSQL, a 64-bit random number on SQLite), so even a rolled-back write
    cannot leave a value that a later, different state reuses.
    """

    __tablename__ = "meetings_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Day(Base):
    __tablename__ = "days"
    __table_args__ = (UniqueConstraint("meeting_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)

    meeting: Mapped[Meeting] = relationship(back_populates="days")
    sessions: Mapped[list[Session]] = relationship(
        back_populates="day", cascade="all, delete-orphan", order_by="Session.ordinal"
    )


class Session(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("days.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    room: Mapped[str] = mapped_column(Text, default="")
    # The identity its source gave it (an iCalendar UID; migration 0009), '' when none.
    uid: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]

    day: Mapped[Day] = relationship(back_populates="sessions")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="AgendaItem.ordinal"
    )


class AgendaItem(Base):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32), default="other")
    sub_points: Mapped[list[str]] = mapped_column(default=list)
    # The names of the item's people (the ``people`` rows), kept here for the search index
    # (migration 0002 indexes this column); ``people`` is what is read back.
    speakers: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    room: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    continues_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )

    session: Mapped[Session] = relationship(back_populates="items")
    continues: Mapped[AgendaItem | None] = relationship(remote_side=[id])


class AgendaPerson(Base):
    """Someone the agenda names (migration 0009): on the meeting when ``session_id`` and
    ``item_id`` are empty, else on that session or item. ``position`` keeps the agenda's order."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(32))
    affiliation: Mapped[str] = mapped_column(Text, default="")


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    symbol: Mapped[str] = mapped_column(String(120), default="")
    symbol_key: Mapped[str] = mapped_column(String(120), default="", index=True)
    title: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(64), default="document")
    url: Mapped[str] = mapped_column(Text, default="")
    # Pages of a PDF are separated by form feeds ("\f") so passages can cite a page.
    body: Mapped[str] = mapped_column(Text, default="")
    item_number: Mapped[str] = mapped_column(String(32), default="")
    base_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="documents")
    base: Mapped[Document | None] = relationship(remote_side=[id])


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    summary: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict[str, Any]] = mapped_column()

    meeting: Mapped[Meeting] = relationship(back_populates="revisions")
