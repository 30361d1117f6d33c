"""The operator's endpoints: ``/healthz`` (liveness), ``/readyz`` (readiness), ``/metrics``.

- ``/healthz``: the process answers and the database takes a write: a
  heartbeat row is upserted and committed (a ``SELECT 1`` succeeds on a full
  disk, a read-only replica or a write lock held for good, while every answer
  that records something fails). A load balancer or orchestrator restarts a
  process that fails it.
- ``/readyz``: the process should get traffic: the database answers and takes
  a write, its schema is at the newest migration this code knows (a worker
  started before ``agendabot db upgrade`` finished, or code older than the
  schema, is not ready), the Slack side is configured, and the reminder
  scheduler, where this process leads, really fires (``scheduler``: its loop
  is alive and its heartbeat fresh; the supervisor restarts it otherwise). The body also says which process answered and
  whether it runs the reminder scheduler, so an operator (and the
  multi-worker test) can see that exactly one does.
- ``/metrics``: Prometheus text, every worker's values added up.

Nothing here knows Slack: the composition root passes in whether the Slack
side is configured and who leads the reminders.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, cast

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, Table, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot import metrics
from store import models
from store.db import alembic_config

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"

StartResponse = Callable[..., Any]
# The row every health check writes; the scheduler's own state lives under other names.
PROBE_ROW = "health-probe"
# Roles the reminder side reports; any other is a failing check ("stalled").
FINE_ROLES = ("leader", "standby", "off")


def migration_heads(engine: Engine) -> frozenset[str]:
    """The newest revisions among the migrations shipped with this code."""
    return frozenset(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


class Ops:
    """Answers the three paths above; ``handle`` returns None for any other request."""

    def __init__(
        self,
        engine: Engine,
        *,
        slack_configured: Callable[[], bool],
        reminders_role: Callable[[], str] = lambda: "off",
        details: Callable[[], dict[str, Any]] = dict,
    ) -> None:
        self.engine = engine
        self.slack_configured = slack_configured
        self.reminders_role = reminders_role
        self.details = details  # more to report that does not decide readiness (followed schedules)
        # Read once: the migration files do not change while the process runs.
        self.heads = migration_heads(engine)
        self.process = f"{socket.gethostname()}:{os.getpid()}"

    def handle(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes] | None:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        path = environ.get("PATH_INFO")
        if path == HEALTH_PATH:
            return _json(start_response, *self.health())
        if path == READY_PATH:
            return _json(start_response, *self.ready())
        if path == METRICS_PATH:
            body = metrics.render()
            start_response("200 OK", [("Content-Type", metrics.CONTENT_TYPE), ("Content-Length", str(len(body)))])
            return [body]
        return None

    def health(self) -> tuple[str, dict[str, Any]]:
        database = self._probe_write("health check")
        ok = database == "ok"
        return ("200 OK" if ok else "503 Service Unavailable"), {"ok": ok, "database": database}

    def ready(self) -> tuple[str, dict[str, Any]]:
        checks: dict[str, str] = {"database": self._probe_write("readiness check")}
        try:
            with self.engine.connect() as connection:
                current = frozenset(MigrationContext.configure(connection).get_current_heads())
            checks["migrations"] = "ok" if current == self.heads else (
                f"at {', '.join(sorted(current)) or 'nothing'}; this code needs {', '.join(sorted(self.heads))}"
            )
        except SQLAlchemyError as exc:
            log.warning("readiness check: the database does not answer: %s", exc)
            checks["migrations"] = "unknown"
        checks["slack"] = "ok" if self.slack_configured() else "not configured"
        role = self.reminders_role()
        checks["scheduler"] = "ok" if role in FINE_ROLES else role
        ok = all(value == "ok" for value in checks.values())
        body: dict[str, Any] = {"ok": ok, **checks, "process": self.process, "reminders": role}
        try:
            body.update(self.details())
        except SQLAlchemyError as exc:
            log.warning("readiness check: could not read the details: %s", exc)
        return ("200 OK" if ok else "503 Service Unavailable"), body

    def _probe_write(self, what: str) -> str:
        """"ok" when the database commits a one-row write; else the error's name (the log has the rest).

        A committed upsert, not a rolled-back insert: SQLite in WAL mode keeps an
        uncommitted change in memory, so only a commit meets a full disk.
        """
        try:
            self._upsert_probe()
        except IntegrityError:
            try:  # another worker inserted the row between our update and insert
                self._upsert_probe()
            except SQLAlchemyError as exc:
                return self._write_failed(what, exc)
        except SQLAlchemyError as exc:
            return self._write_failed(what, exc)
        return "ok"

    def _upsert_probe(self) -> None:
        # A declarative model's __table__ is a Table; SQLAlchemy declares the wider FromClause.
        table = cast(Table, models.ReminderSchedulerState.__table__)
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            changed = connection.execute(
                update(table).where(table.c.name == PROBE_ROW).values(holder=self.process, updated_at=now)
            ).rowcount
            if not changed:
                connection.execute(table.insert().values(name=PROBE_ROW, holder=self.process, updated_at=now))

    def _write_failed(self, what: str, exc: SQLAlchemyError) -> str:
        log.warning("%s: the database does not take a write: %s", what, exc)
        return type(exc).__name__


def _json(start_response: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]
