"""Slack state kept in the store: which events were answered, what we know of people,
which channel belongs to which meeting.

Times here are the wall clock's (``SystemClock`` by default), not the
meeting clock the answers use: a test may pretend it is October 2003 for
the agenda while cache expiry and retry windows run on real time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine, delete, event, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import workspace
from bot.clock import Clock, SystemClock
from handlers.workspaces import Clients, as_clients
from store import models
from store.db import make_engine, transaction

log = logging.getLogger(__name__)

SEEN_EVENTS_KEPT = timedelta(hours=1)  # Slack's last retry comes about 5 minutes after the first try
PRUNE_EVERY = timedelta(minutes=5)
PEOPLE_TTL = timedelta(hours=24)
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


class EventLedger:
    """Event ids already handled, so that Slack's retries never produce a second answer.

    Checked on every event before it is acknowledged, so it must be cheap: one
    ``INSERT … ON CONFLICT DO NOTHING`` on an engine of its own whose commits
    skip the disk flush (see ``ledger_engine``), compiled once and run on a plain
    pooled cursor. SQLAlchemy's execution layer took about 0.4 ms of an event's
    0.6 ms on a server idle between events (its code drops out of the CPU caches),
    paid before every answer.
    """

    def __init__(self, engine: Engine, clock: Clock | None = None, keep: timedelta = SEEN_EVENTS_KEPT) -> None:
        self.engine = engine
        self.clock = clock or SystemClock()
        self.keep = keep
        self._pruned_at: datetime | None = None
        self._lock = threading.Lock()
        self._claiming = threading.Lock()
        self._pending: list[_Claim] = []  # claims waiting for the next statement
        self._writing = False  # a claim's thread is writing a batch
        table = models.SeenEvent.__table__
        insert = {"sqlite": sqlite_insert, "postgresql": pg_insert}.get(engine.dialect.name)
        self._insert = insert
        # Other databases: the primary key refuses a repeat (``_record_portably``).
        self._native = insert is not None
        self._sql = ""  # one event; RETURNING says whether the row went in (rowcount is not kept everywhere)
        self._batch_sql = ""  # the same INSERT without RETURNING, for executemany
        self._order: tuple[str, ...] | None = None
        self._bind_seen_at = table.c.seen_at.type.bind_processor(engine.dialect)
        if insert is not None:
            plain = insert(table).on_conflict_do_nothing()
            compiled = plain.returning(table.c.event_id).compile(dialect=engine.dialect)
            self._sql = str(compiled)
            self._order = tuple(compiled.positiontup or ()) if compiled.positional else None
            self._batch_sql = str(plain.compile(dialect=engine.dialect))

    def first_time(self, event_id: str) -> bool:
        """Record ``event_id``; False when it was already recorded (by any worker).

        Claims made at the same moment on other threads share one round trip (group
        commit): alone, a claim is written at once; while one is being written, the
        claims arriving meanwhile wait for it and then go together in the next. At 200
        events a second that is a few statements instead of 200, each of which, on its
        return, waited for the GIL held by the answers beside it.
        """
        now = self.clock.now()
        me = _Claim(event_id)
        with self._claiming:
            self._pending.append(me)
            if not self._writing:
                self._writing = me.lead = True
        if not me.lead:
            me.wake.wait()  # until done, or until handed the lead (``_write_pending``)
        if not me.done:
            self._write_pending(now)
        self._prune_if_due(now)
        if me.error is not None:
            raise me.error
        return me.first

    def _write_pending(self, now: datetime) -> None:
        """As the leader: write every waiting claim in one statement, then hand over."""
        with self._claiming:
            batch, self._pending = self._pending, []
        try:
            inserted = self._record_many([c.key for c in batch], now)
            taken: set[str] = set()
            for claim in batch:  # a key twice in one batch: its first claim only
                claim.first = claim.key in inserted and claim.key not in taken
                taken.add(claim.key)
        except Exception as exc:
            for claim in batch:
                claim.error = exc
        finally:  # whatever happened, nobody is left waiting
            for claim in batch:
                claim.done = True
                claim.wake.set()
            with self._claiming:
                if self._pending:  # the next batch is led by its oldest claim
                    successor = self._pending[0]
                    successor.lead = True
                    successor.wake.set()
                else:
                    self._writing = False

    def _record_many(self, event_ids: Sequence[str], now: datetime) -> set[str]:
        """Insert ``event_ids``; those that were not there before."""
        keys = list(dict.fromkeys(event_ids))
        if len(keys) == 1:
            return set(keys) if self._record(keys[0], now) else set()
        if not self._native:
            return {key for key in keys if self._record_portably(key, now)}
        table = models.SeenEvent.__table__
        statement = self._insert(table).values([{"event_id": k, "seen_at": now} for k in keys])
        with self.engine.begin() as connection:
            return set(connection.execute(statement.on_conflict_do_nothing().returning(table.c.event_id)).scalars())

    def record(self, event_ids: Sequence[str]) -> None:
        """Record many first deliveries in one transaction (repeats are ignored).

        For the HTTP path, where a first delivery does not wait for its record:
        one round trip for a batch costs the answers running beside it far less
        GIL time than one per event.
        """
        if not event_ids:
            return
        now = self.clock.now()
        if self._native:
            with self._cursor() as cursor:
                cursor.executemany(self._batch_sql, [self._params(e, now) for e in event_ids])
        else:
            for event_id in event_ids:
                self._record_portably(event_id, now)
        self._prune_if_due(now)

    def _record(self, event_id: str, now: datetime) -> bool:
        if not self._native:
            return self._record_portably(event_id, now)
        with self._cursor() as cursor:
            cursor.execute(self._sql, self._params(event_id, now))
            return cursor.fetchone() is not None

    def _record_portably(self, event_id: str, now: datetime) -> bool:
        try:
            with self.engine.begin() as connection:
                connection.execute(models.SeenEvent.__table__.insert(), {"event_id": event_id, "seen_at": now})
        except IntegrityError:
            return False
        return True

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        """A plain cursor on a pooled connection, committed when the block ends without error."""
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()  # SQLite cannot commit while a RETURNING statement is open
            connection.commit()
        finally:
            connection.close()  # back to the pool, which rolls back anything not committed

    def _params(self, event_id: str, now: datetime) -> tuple[Any, ...] | dict[str, Any]:
        # The column type's own conversion (UTC, and text on SQLite), as SQLAlchemy would bind it.
        values = {"event_id": event_id, "seen_at": self._bind_seen_at(now) if self._bind_seen_at else now}
        return tuple(values[name] for name in self._order) if self._order is not None else values

    def prune(self, now: datetime | None = None) -> int:
        cutoff = (now or self.clock.now()) - self.keep
        with self.engine.begin() as connection:
            result = connection.execute(delete(models.SeenEvent).where(models.SeenEvent.seen_at < cutoff))
        return int(result.rowcount or 0)

    def _prune_if_due(self, now: datetime) -> None:
        with self._lock:
            if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
                return
            self._pruned_at = now
        self.prune(now)


@dataclass
class _Claim:
    """One thread's claim of one key, waiting to be written with others."""

    key: str
    wake: threading.Event = field(default_factory=threading.Event)
    lead: bool = False  # this claim's thread writes the next batch
    done: bool = False
    first: bool = False
    error: Exception | None = None


def ledger_engine(url: str) -> Engine:
    """An engine for the ledger whose commits do not wait for the disk.

    Losing the last few ledger rows to a power cut could at worst let one
    retry through; waiting for an fsync on every event would add milliseconds
    to every answer. SQLite in WAL mode stays consistent with synchronous=NORMAL;
    PostgreSQL's synchronous_commit=off keeps the same guarantee.
    """
    engine = make_engine(url)
    dialect = engine.dialect.name

    @event.listens_for(engine, "connect")
    def _relax(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        if dialect == "sqlite":
            cursor.execute("PRAGMA synchronous=NORMAL")
        elif dialect == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
            dbapi_connection.commit()
        cursor.close()

    return engine


@dataclass(frozen=True)
class Person:
    user_id: str
    tz: str | None = None
    is_admin: bool = False  # workspace admin or owner
    meeting: str | None = None  # the meeting they chose, if it still exists


def _valid_zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


class People:
    """``users.info`` facts, read once and kept in the store (and in memory) for a day.

    Asked in the current request's workspace (bot.workspace), with that workspace's
    client. Serving many workspaces, a person is kept per workspace (row and memory
    key ``TEAM/USER``): one Enterprise Grid user id seen from two workspaces is
    admin in one and not the other, and chooses a meeting in each.
    """

    def __init__(self, client: WebClient | Clients, db_factory: sessionmaker[DBSession],
                 clock: Clock | None = None, ttl: timedelta = PEOPLE_TTL) -> None:
        self.clients = as_clients(client)
        self.db_factory = db_factory
        self.clock = clock or SystemClock()
        self.ttl = ttl
        self._memory: dict[str, tuple[datetime, Person]] = {}
        self._lock = threading.Lock()

    @property
    def client(self) -> WebClient:
        """The current workspace's client."""
        return self.clients.current()

    def get(self, user_id: str, *, fresh: bool = False) -> Person:
        """What we know of ``user_id``; ``fresh`` asks Slack again (for permission checks)."""
        now = self.clock.now()
        key = _person_key(user_id)
        if not fresh:
            with self._lock:
                remembered = self._memory.get(key)
            if remembered and now - remembered[0] < self.ttl:
                return remembered[1]
        with transaction(self.db_factory) as db:
            row = db.get(models.SlackUser, key)
            stale = row is None or fresh or now - row.fetched_at >= self.ttl
        if stale:
            row = self._fetch(user_id, key, row, now, must=fresh)
        if row is None:
            return Person(user_id)
        person = self._person(user_id, row)
        with self._lock:
            self._memory[key] = (row.fetched_at, person)
        return person

    def _fetch(self, user_id: str, key: str, row: models.SlackUser | None, now: datetime,
               must: bool) -> models.SlackUser | None:
        try:
            user = self.client.users_info(user=user_id)["user"]
        except SlackApiError as exc:
            if must:
                raise
            # Answer in the meeting's zone rather than not at all; try again next time.
            log.warning("users.info %s failed (%s); using what we have", user_id, exc.response.get("error"))
            return row
        try:
            return self._store(key, user, now)
        except IntegrityError:
            # Two first questions from one person at once (two threads or workers): the
            # other stored the row first; store over it, as fresh as theirs.
            return self._store(key, user, now)

    def _write(self, key: str, values: dict[str, str | None]) -> None:
        with transaction(self.db_factory) as db:
            row = db.get(models.SlackUser, key)
            if row is None:
                # Not fetched yet: an old fetched_at makes the next get() ask users.info.
                row = models.SlackUser(user_id=key, fetched_at=NEVER)
                db.add(row)
            for name, value in values.items():
                setattr(row, name, value)

    def _store(self, key: str, user: dict[str, Any], now: datetime) -> models.SlackUser:
        with transaction(self.db_factory) as db:
            saved = db.get(models.SlackUser, key) or models.SlackUser(user_id=key)
            saved.team_id = str(user.get("team_id") or "")
            saved.tz = _valid_zone(user.get("tz"))
            saved.is_admin = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
            saved.fetched_at = now
            db.add(saved)
            db.flush()
            db.expunge(saved)
        return saved

    def _person(self, user_id: str, row: models.SlackUser) -> Person:
        meeting = row.meeting_slug
        if meeting:
            query = select(models.Meeting.id).where(models.Meeting.slug == meeting)
            team = workspace.current()
            if team is not None:  # only a meeting of this workspace (a CLI import may move one)
                query = query.where(models.Meeting.team_id == team)
            with self.db_factory() as db:
                exists = db.scalar(query)
            meeting = meeting if exists else None
        return Person(user_id, row.tz, row.is_admin, meeting)

    def choose_meeting(self, user_id: str, slug: str) -> None:
        """Remember the meeting someone picked: their DMs and App Home default to it."""
        self._set(user_id, meeting_slug=slug)

    def showing_home(self, user_id: str, slug: str | None) -> None:
        self._set(user_id, home_meeting=slug)

    def home_viewers(self, slug: str) -> list[str]:
        """Who is looking at ``slug`` in their App Home, in the current workspace."""
        prefix = _person_key("")
        query = select(models.SlackUser.user_id).where(models.SlackUser.home_meeting == slug)
        if prefix:
            query = query.where(models.SlackUser.user_id.startswith(prefix, autoescape=True))
        with self.db_factory() as db:
            return [key.removeprefix(prefix) for key in db.scalars(query)]

    def _set(self, user_id: str, **values: str | None) -> None:
        key = _person_key(user_id)
        try:
            self._write(key, values)
        except IntegrityError:
            # An upsert: someone's first App Home opens, arriving at once on two threads or
            # workers, both found no row and both inserted it; the row is there now: update it.
            self._write(key, values)
        if "meeting_slug" in values:  # the one remembered field set here (Person has no Home meeting)
            with self._lock:
                self._memory.pop(key, None)


def _person_key(user_id: str) -> str:
    """A person's key in ``slack_users`` and in memory: the user id, prefixed with the
    workspace when serving many (``T0123/U0456``; ids are at most 11 characters each)."""
    team = workspace.current()
    return f"{team}/{user_id}" if team else user_id


def link_channel(
    db_factory: sessionmaker[DBSession], slug: str, channel: str, team: str | None = None
) -> models.Meeting | None:
    """Make ``channel`` the meeting's channel (a channel belongs to one meeting at a time);
    None when there is no meeting ``slug`` in workspace ``team`` (None: in any)."""
    with transaction(db_factory) as db:
        query = select(models.Meeting).where(models.Meeting.slug == slug)
        if team is not None:
            query = query.where(models.Meeting.team_id == team)
        meeting = db.scalar(query)
        if meeting is None:
            return None
        db.execute(update(models.Meeting).where(models.Meeting.channel_id == channel).values(channel_id=None))
        meeting.channel_id = channel
        db.flush()
        db.expunge(meeting)
        return meeting
