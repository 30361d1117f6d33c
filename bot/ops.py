"""The operator's endpoints: ``/healthz`` (liveness), ``/readyz`` (readiness), ``/metrics``.

- ``/healthz``: the process answers and the database does (``SELECT 1``).
  A load balancer or orchestrator restarts a process that fails it.
- ``/readyz``: the process should get traffic: the database answers, its
  schema is at the newest migration this code knows (a worker started
  before ``agendabot db upgrade`` finished, or code older than the schema, is
  not ready), and the Slack side is configured. The body also says which
  process answered and whether it runs the reminder scheduler, so an operator
  (and the multi-worker test) can see that exactly one does.
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
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from bot import metrics
from store.db import alembic_config

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"

StartResponse = Callable[..., Any]


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
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            log.warning("health check: the database does not answer: %s", exc)
            return "503 Service Unavailable", {"ok": False, "database": type(exc).__name__}
        return "200 OK", {"ok": True, "database": "ok"}

    def ready(self) -> tuple[str, dict[str, Any]]:
        checks: dict[str, str] = {}
        try:
            with self.engine.connect() as connection:
                current = frozenset(MigrationContext.configure(connection).get_current_heads())
            checks["database"] = "ok"
            checks["migrations"] = "ok" if current == self.heads else (
                f"at {', '.join(sorted(current)) or 'nothing'}; this code needs {', '.join(sorted(self.heads))}"
            )
        except SQLAlchemyError as exc:
            log.warning("readiness check: the database does not answer: %s", exc)
            checks["database"] = type(exc).__name__
            checks["migrations"] = "unknown"
        checks["slack"] = "ok" if self.slack_configured() else "not configured"
        ok = all(value == "ok" for value in checks.values())
        body: dict[str, Any] = {
            "ok": ok, **checks, "process": self.process, "reminders": self.reminders_role(),
        }
        try:
            body.update(self.details())
        except SQLAlchemyError as exc:
            log.warning("readiness check: could not read the details: %s", exc)
        return ("200 OK" if ok else "503 Service Unavailable"), body


def _json(start_response: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]
