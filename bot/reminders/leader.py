"""Which process fires reminders: exactly one per database.

PostgreSQL: the process holding a session-level advisory lock on a dedicated
connection. When it dies, PostgreSQL drops its connection and the lock with
it (at once on a crash or SIGKILL, within ~25 s via TCP keepalives if its
host vanishes); the others try again every few seconds and one takes over.

SQLite: one process per database file, by design (SQLite is for a single
host). An exclusive ``flock`` on ``<database>.reminders.lock`` enforces it, so a
second `agendabot serve` on the same file answers questions but fires no
reminders, and takes over if the first one stops. An in-memory database is
one process by construction.
"""

from __future__ import annotations

import hashlib
import logging
import os
from typing import IO, Any, Protocol

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# One lock per purpose, per database (advisory locks are scoped to the database).
LOCK_KEY = int.from_bytes(hashlib.sha1(b"agendabot:reminders").digest()[:8], "big", signed=True)


class Leadership(Protocol):
    def try_acquire(self) -> bool: ...
    def still_held(self) -> bool: ...
    def release(self) -> None: ...


class SoleLeadership:
    """Always the leader: an in-memory database, or a caller that knows it is alone."""

    def try_acquire(self) -> bool:
        return True

    def still_held(self) -> bool:
        return True

    def release(self) -> None:
        pass


class PostgresLeadership:
    def __init__(self, engine: Engine, key: int = LOCK_KEY) -> None:
        connect_args: dict[str, Any] = {
            # Notice a vanished peer in about 10 + 5 * 3 = 25 s, inside the 30 s take-over promise.
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "application_name": "agendabot-reminders",
        }
        # Its own engine without a pool: the lock lives and dies with exactly this connection.
        self._engine = create_engine(engine.url, poolclass=NullPool, connect_args=connect_args)
        self._key = key
        self._conn: Connection | None = None

    def try_acquire(self) -> bool:
        try:
            if self._conn is None:
                self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = bool(self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key}).scalar())
        except Exception:
            log.warning("could not reach PostgreSQL for the reminder lock; will retry", exc_info=True)
            self._drop()
            return False
        return got

    def still_held(self) -> bool:
        if self._conn is None:
            return False
        try:
            # A session-level advisory lock lasts as long as its session: a live connection holds it.
            self._conn.execute(text("SELECT 1"))
        except Exception:
            log.warning("lost the connection holding the reminder lock", exc_info=True)
            self._drop()
            return False
        return True

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
            except Exception:
                log.debug("unlock failed; closing the connection releases it anyway", exc_info=True)
        self._drop()
        self._engine.dispose()

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                log.debug("closing the lock connection failed", exc_info=True)
        self._conn = None


class FileLeadership:
    def __init__(self, path: str) -> None:
        self.path = path
        self._file: IO[bytes] | None = None

    def try_acquire(self) -> bool:
        import fcntl

        if self._file is not None:
            return True
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open for as long as we lead
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def still_held(self) -> bool:
        return self._file is not None

    def release(self) -> None:
        if self._file is not None:
            import fcntl

            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def leadership_for(engine: Engine) -> Leadership:
    """The right lock for the app's database."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        return PostgresLeadership(engine)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and os.name == "posix":
            return FileLeadership(os.path.abspath(database) + ".reminders.lock")
    return SoleLeadership()
