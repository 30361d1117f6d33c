"""What the bot counts for Prometheus, and the text ``GET /metrics`` serves.

Nothing here knows Slack: the Slack side (handlers/slack/api_errors.py) and the core
(the Assistant, the reminder delivery) call these counters with plain values.

Under gunicorn every worker is its own process with its own counters. With
``PROMETHEUS_MULTIPROC_DIR`` set (deploy/gunicorn.conf.py sets it up before
the workers start), prometheus_client keeps each process's values in a file
there and ``render`` adds them up, so a scrape that lands on any worker sees
the whole server. Without it (``agendabot serve``, tests) the process's own
registry is the whole truth.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _multiprocess

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST

# A reminder posted more than this after its due time counts as late: APScheduler fires
# on the second, so anything later was caught up after a restart or waited for retries.
LATE_AFTER = timedelta(minutes=1)

QUESTIONS = Counter(
    "agendabot_questions_answered_total",
    "Questions answered, by the intent the engine recognised (error: the apology).",
    ["intent"],
)
# Answers take a few milliseconds when the agenda is cached and ~100 ms when a
# search or a cold load is involved; the buckets resolve both ends.
ANSWER_SECONDS = Histogram(
    "agendabot_answer_seconds",
    "Time from a question to its answer inside the core (meeting choice, engine, search).",
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
REMINDERS_SENT = Counter("agendabot_reminders_sent_total", "Reminders and notices posted.")
REMINDERS_LATE = Counter(
    "agendabot_reminders_late_total",
    "Reminders posted more than a minute after they were due (within the grace period).",
)
REMINDERS_SKIPPED = Counter(
    "agendabot_reminders_skipped_total",
    "Reminders recorded as not sent, by reason (too_late, unrouted, missed, stale).",
    ["reason"],
)
REMINDERS_FAILED = Counter(
    "agendabot_reminders_failed_total", "Reminders that failed for good (after their retries)."
)
SLACK_API_ERRORS = Counter(
    "agendabot_slack_api_errors_total",
    "Failed Slack Web API attempts (each retry counts), by method and error.",
    ["method", "error"],
)

SCHEDULE_SYNCS = Counter(
    "agendabot_schedule_sync_total",
    "Checks of followed schedules (/agenda sync), by result: not_modified, unchanged, "
    "nothing_to_change, applied, previewed, failed.",
    ["result"],
)


# One sample per live process (a ``pid`` label under gunicorn): 1 where reminders fire.
# Their sum should be exactly 1 per database; an alert on anything else catches both
# "nobody fires" and a split brain. ``liveall`` drops a worker's sample when it dies.
REMINDER_LEADER = Gauge(
    "agendabot_reminder_leader",
    "1 in the process that fires reminders, 0 in the processes standing by.",
    multiprocess_mode="liveall",
)


# Seconds since the reminder loop's last good pass, in the process that leads (NaN elsewhere).
# Alert when it grows past a minute: the scheduler is alive on paper only.
REMINDER_HEARTBEAT_AGE = Gauge(
    "agendabot_reminder_heartbeat_age_seconds",
    "Seconds since the reminder firing loop last finished a pass (NaN where reminders do not fire).",
    multiprocess_mode="liveall",
)

# Called just before each render, so that values which are states rather than counts
# (who fires reminders, and whether they really do) are read afresh at every scrape.
_render_hooks: list[Callable[[], None]] = []
_hooks_lock = threading.Lock()


def on_render(hook: Callable[[], None]) -> None:
    with _hooks_lock:
        if hook not in _render_hooks:
            _render_hooks.append(hook)


def remove_on_render(hook: Callable[[], None]) -> None:
    with _hooks_lock:
        if hook in _render_hooks:
            _render_hooks.remove(hook)


def observe_answer(intent: str, started: float) -> None:
    """Count one answer and its latency; ``started`` is a ``time.perf_counter()`` reading."""
    QUESTIONS.labels(intent=intent).inc()
    ANSWER_SECONDS.observe(time.perf_counter() - started)


def reminder_sent(late: timedelta | None) -> None:
    REMINDERS_SENT.inc()
    if late is not None and late > LATE_AFTER:
        REMINDERS_LATE.inc()


def reminder_skipped(reason: str) -> None:
    REMINDERS_SKIPPED.labels(reason=reason).inc()


def reminder_failed() -> None:
    REMINDERS_FAILED.inc()


def reminder_leader(leading: bool) -> None:
    REMINDER_LEADER.set(1 if leading else 0)


def reminder_heartbeat(age_seconds: float | None) -> None:
    REMINDER_HEARTBEAT_AGE.set(float("nan") if age_seconds is None else age_seconds)


def slack_api_error(method: str, error: str) -> None:
    SLACK_API_ERRORS.labels(method=method or "unknown", error=error or "unknown").inc()


def schedule_sync(result: str) -> None:
    SCHEDULE_SYNCS.labels(result=result).inc()


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_ENV) or None


def render() -> bytes:
    """The exposition text: every worker's values added up in multiprocess mode."""
    with _hooks_lock:
        hooks = list(_render_hooks)
    for hook in hooks:
        hook()
    if multiprocess_dir():
        registry = CollectorRegistry()
        # prometheus_client leaves this constructor unannotated.
        _multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)
