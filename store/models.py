"""The database schema as SQLAlchemy 2 typed models.

Times are stored in UTC (SQLite keeps no offsets) and come back aware; the
meeting's zone is applied when rows are turned into values (store/agenda.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; attach a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[str]: JSON}


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
    reminder_lead_minutes: Mapped[int] = mapped_column(Integer, default=15)
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


# --- Slack state (issue 4) ------------------------------------------------------------------


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


# --- Reminders (issue 5) --------------------------------------------------------------------


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


# --- Organizers (issue 6) -------------------------------------------------------------------


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


# --- Rapporteur's desk (issue 7) ------------------------------------------------------------


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


# --- The agenda beyond Slack (issue 18, migration 0010) ------------------------------------


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
