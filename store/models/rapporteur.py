"""The rapporteur's desk: notes and the item being discussed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base


class RapporteurNote(Base):
    """A message marked for the report (``#agreed`` …, or the message shortcut).

    The agenda item is kept as its number and title as they read when the note
    was taken, not as an ``agenda_items`` row: every agenda save re-creates
    those rows, and a note must outlive the edit. ``session_key`` is the
    session's stable key (day|title|room). ``part`` tells apart the marked
    lines of one message (0 for a whole message taken by the shortcut), so a
    repeated event or a second click stores nothing twice. ``status``:
    active|dropped (dropped notes stay, for the record, but leave the report).
    """

    __tablename__ = "rapporteur_notes"
    __table_args__ = (UniqueConstraint("meeting_id", "channel_id", "message_ts", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # agreed|action|info|conclusion|note
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(32))
    owner: Mapped[str] = mapped_column(String(32), default="")  # an action's owner (a user id)
    owner_name: Mapped[str] = mapped_column(Text, default="")  # their name then, for the files
    channel_id: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str] = mapped_column(String(32))
    part: Mapped[int] = mapped_column(Integer, default=0)
    permalink: Mapped[str] = mapped_column(Text, default="")
    item_number: Mapped[str] = mapped_column(String(32), default="")
    item_title: Mapped[str] = mapped_column(Text, default="")
    session_key: Mapped[str] = mapped_column(String(400), default="")
    session_title: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    noted_at: Mapped[datetime] = mapped_column()
    changed_by: Mapped[str] = mapped_column(String(32), default="")
    changed_at: Mapped[datetime | None]


class RapporteurCurrentItem(Base):
    """The item under discussion in a session, as an organizer said (``/agenda now ITEM``)."""

    __tablename__ = "rapporteur_current_items"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    session_key: Mapped[str] = mapped_column(String(400), primary_key=True)
    item_number: Mapped[str] = mapped_column(String(32))
    item_title: Mapped[str] = mapped_column(Text, default="")
    set_by: Mapped[str] = mapped_column(String(32), default="")
    set_at: Mapped[datetime] = mapped_column()
