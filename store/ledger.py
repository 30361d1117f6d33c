"""Which Slack events were already answered, so that Slack's retries never get a second answer.

Checked on every event before it is acknowledged, so it runs on plain DBAPI cursors
with statements compiled once (see ``EventLedger``); that is why it lives here, with
the other persistence, and not beside the listeners.

Times are the wall clock's: cache expiry and retry windows run on real time even when
a test pretends it is October 2003 for the agenda.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import Engine, Table, delete, event
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import ConnectionPoolEntry

from store import models
from store.db import make_engine

log = logging.getLogger(__name__)

SEEN_EVENTS_KEPT = timedelta(hours=1)  # Slack's last retry comes about 5 minutes after the first try
PRUNE_EVERY = timedelta(minutes=5)
# SQLite: the ledger's own commits never checkpoint the WAL; a thread beside them does, after
# this many commits (each adds a few pages: a WAL kept well under the 1,000 pages at which
# SQLite would checkpoint it inside the next commit of any other connection).
CHECKPOINT_EVERY = 100


class Clock(Protocol):
    """What the ledger needs of a clock (bot.clock's clocks fit)."""

    def now(self) -> datetime: ...


class _WallClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class EventLedger:
    """Event ids already handled, so that Slack's retries never produce a second answer.

    Checked on every event before it is acknowledged, so it must be cheap: one
    ``INSERT … ON CONFLICT DO NOTHING`` on an engine of its own whose commits
    skip the disk flush (see ``ledger_engine``), compiled once and run on a plain
    pooled cursor. SQLAlchemy's execution layer took about 0.4 ms of an event's
    0.6 ms on a server idle between events (its code drops out of the CPU caches),
    paid before every answer.
    """

    def __init__(self, engine: Engine, clock: Clock | None = None, keep: timedelta = SEEN_EVENTS_KEPT,
                 checkpoint_every: int = CHECKPOINT_EVERY) -> None:
        self.engine = engine
        self.checkpoint_every = checkpoint_every
        self._commits = 0  # since the last checkpoint was started (counted under _claiming)
        self._checkpointing: threading.Thread | None = None
        self.clock: Clock = clock or _WallClock()
        self.keep = keep
        self._pruned_at: datetime | None = None
        self._lock = threading.Lock()
        self._claiming = threading.Lock()
        self._pending: list[_Claim] = []  # claims waiting for the next statement
        self._writing = False  # a claim's thread is writing a batch
        table = _seen_table()
        inserts: dict[str, Callable[[Table], PgInsert | SqliteInsert]] = {
            "sqlite": sqlite_insert,
            "postgresql": pg_insert,
        }
        insert = inserts.get(engine.dialect.name)
        self._insert = insert
        # Other databases: the primary key refuses a repeat (``_record_portably``).
        self._native = insert is not None
        self._sql = ""  # one event; RETURNING says whether the row went in (rowcount is not kept everywhere)
        self._order: tuple[str, ...] | None = None
        self._bind_seen_at = table.c.seen_at.type.bind_processor(engine.dialect)
        if insert is not None:
            plain = insert(table).on_conflict_do_nothing()
            compiled = plain.returning(table.c.event_id).compile(dialect=engine.dialect)
            self._sql = str(compiled)
            self._order = tuple(compiled.positiontup or ()) if compiled.positional else None

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
                self._commits += 1
                due = self._commits >= self.checkpoint_every and self.engine.dialect.name == "sqlite"
                if due and (self._checkpointing is None or not self._checkpointing.is_alive()):
                    self._commits = 0
                    self._checkpointing = threading.Thread(target=self._checkpoint, name="ledger-checkpoint",
                                                           daemon=True)
                    self._checkpointing.start()

    def _checkpoint(self) -> None:
        """Copy the WAL into the database (and let the next writer start it over), beside the
        claims rather than in one: SQLite runs an automatic checkpoint inside the commit that
        crosses its threshold, and with its fsyncs that claim, and every claim queued behind
        it, waited 10 to 40 ms on a busy disk (the slowest answers at 200 events a second).
        PASSIVE: it takes no lock a claim needs, and stops short of frames in use."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception:  # the next one tries again; until then the WAL only grows
            log.warning("the event ledger's WAL checkpoint failed", exc_info=True)

    def wait_checkpointed(self, timeout: float | None = None) -> None:
        """Until a checkpoint in progress (if any) is done; for tests and shutdown."""
        if self._checkpointing is not None:
            self._checkpointing.join(timeout)

    def _record_many(self, event_ids: Sequence[str], now: datetime) -> set[str]:
        """Insert ``event_ids``; those that were not there before."""
        keys = list(dict.fromkeys(event_ids))
        if len(keys) == 1:
            return set(keys) if self._record(keys[0], now) else set()
        if self._insert is None:  # not self._native
            return {key for key in keys if self._record_portably(key, now)}
        table = _seen_table()
        statement = self._insert(table).values([{"event_id": k, "seen_at": now} for k in keys])
        with self.engine.begin() as connection:
            return set(connection.execute(statement.on_conflict_do_nothing().returning(table.c.event_id)).scalars())

    def _record(self, event_id: str, now: datetime) -> bool:
        if not self._native:
            return self._record_portably(event_id, now)
        with self._cursor() as cursor:
            cursor.execute(self._sql, self._params(event_id, now))
            return cursor.fetchone() is not None

    def _record_portably(self, event_id: str, now: datetime) -> bool:
        try:
            with self.engine.begin() as connection:
                connection.execute(_seen_table().insert(), {"event_id": event_id, "seen_at": now})
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
    def _relax(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        cursor = dbapi_connection.cursor()
        if dialect == "sqlite":
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA wal_autocheckpoint=0")  # EventLedger checkpoints off the claims' path
        elif dialect == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
            dbapi_connection.commit()
        cursor.close()

    return engine


def _seen_table() -> Table:
    # A declarative model's __table__ is a Table; SQLAlchemy declares the wider FromClause.
    return cast(Table, models.SeenEvent.__table__)
