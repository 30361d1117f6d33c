"""The WSGI entry point for production: ``gunicorn 'bot.wsgi:app'``.

``app`` is built from the environment when it is first looked up (gunicorn
does that as each worker boots), not when this module is imported, so tools
can import it without a Slack token. Building applies the migrations and
checks the token with ``auth.test`` against ``SLACK_API_URL``.

With several workers, run ``agendabot db upgrade`` once before starting
them, so they do not all migrate at the same moment. Every worker starts the
reminder service; only the one holding the reminder lock fires reminders
(PostgreSQL advisory lock, or a lock file beside a SQLite database), and
another takes over when it exits. ``shutdown()`` stops what was started; it
runs when the worker exits.
"""

from __future__ import annotations

import atexit
import threading
from typing import Any

from bot.app import SlackApp, WebApp, build, configure_logging, missing_settings, tune_for_latency
from bot.config import Settings

_lock = threading.Lock()
# Its own lock: ``app`` is built while ``_lock`` is held.
_started_lock = threading.Lock()
_started: list[SlackApp] = []


def create_app(settings: Settings | None = None) -> WebApp:
    settings = settings or Settings.from_env()
    problem = missing_settings(settings, socket_mode=False)
    if problem:
        raise RuntimeError(problem)
    configure_logging()
    slack = build(settings)
    tune_for_latency()  # after building, so the start-up objects are frozen
    slack.start()
    with _started_lock:
        _started.append(slack)
    return slack.web


@atexit.register
def shutdown() -> None:
    """Stop the reminder service and close what ``create_app`` built (as the worker exits,
    and in tests)."""
    with _started_lock:
        started, _started[:] = list(_started), []
    for slack in started:
        slack.close()


def __getattr__(name: str) -> Any:
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    with _lock:
        if "app" not in globals():
            globals()["app"] = create_app()
    return globals()["app"]
