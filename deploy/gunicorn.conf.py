"""gunicorn settings for agendabot: ``gunicorn --config deploy/gunicorn.conf.py 'bot.wsgi:app'``.

gunicorn runs this file in the master before any worker exists, which is
what both settings here need:

- Prometheus multiprocess mode. Each worker counts in its own process, so
  prometheus_client must know, before a worker first imports it, where the
  workers keep their values (``PROMETHEUS_MULTIPROC_DIR``); ``GET /metrics``
  on any worker then adds them all up. The directory is emptied when gunicorn
  starts (values from an earlier run would be counted again) and
  ``child_exit`` tells prometheus_client a worker is gone.
- JSON logs (``AGENDABOT_LOG_FORMAT=json``): gunicorn's own lines (start-up,
  worker boots and deaths, the access log) in the same one-object-a-line
  format as the app's.

The worker count comes from ``--workers`` or ``WEB_CONCURRENCY`` (gunicorn
reads it itself); all workers answer Slack and exactly one of them fires
reminders (the PostgreSQL advisory lock in bot/reminders/leader.py).
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from typing import Any

_created_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _created_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="agendabot-metrics-")
METRICS_DIR = os.environ["PROMETHEUS_MULTIPROC_DIR"]

# Answers wait on Slack and the database: let a slow call finish rather than kill the worker.
timeout = 60
graceful_timeout = 30

if os.environ.get("AGENDABOT_LOG_FORMAT", "").strip().lower() == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "bot.logging_setup.JsonFormatter"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
            "stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        },
        "root": {"level": "INFO", "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        },
    }


def on_starting(server: Any) -> None:
    os.makedirs(METRICS_DIR, exist_ok=True)
    for stale in glob.glob(os.path.join(METRICS_DIR, "*.db")):
        os.remove(stale)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    if _created_dir:
        shutil.rmtree(METRICS_DIR, ignore_errors=True)
