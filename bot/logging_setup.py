"""Logs for people (text, the default) or for a log pipeline (one JSON object a line).

``AGENDABOT_LOG_FORMAT=json`` (set in deploy/) turns every record into one
line with ``time``, ``level``, ``logger``, ``message``, ``request_id`` and,
for exceptions, ``exc_info``. The request id lives in a context variable:
the web layer sets one per request (Slack's event or trigger id when there
is one), and the listener pool runs each task in a copy of the submitting
context, so a line logged while answering carries the id of the request
that asked.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

FORMAT_ENV = "AGENDABOT_LOG_FORMAT"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

request_id_var: ContextVar[str | None] = ContextVar("agendabot_request_id", default=None)


def current_request_id() -> str | None:
    return request_id_var.get()


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


@contextmanager
def request_context(request_id: str) -> Iterator[str]:
    """Log lines inside the block (and tasks submitted from it) carry ``request_id``."""
    token = request_id_var.set(request_id)
    try:
        yield request_id
    finally:
        request_id_var.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (newlines in messages are escaped by JSON)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_format(env: Mapping[str, str] | None = None) -> str:
    """``json`` or ``text`` from the environment; anything unknown is text."""
    env = os.environ if env is None else env
    return "json" if env.get("AGENDABOT_LOG_FORMAT", "").strip().lower() == "json" else "text"


def make_formatter(fmt: str) -> logging.Formatter:
    return JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT)


def configure_logging(fmt: str | None = None, level: int = logging.INFO) -> None:
    """Give the root logger one stderr handler in the chosen format, unless someone
    (pytest, gunicorn's config, an embedding program) already set up logging."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(make_formatter(fmt or log_format()))
    root.addHandler(handler)
    root.setLevel(level)
