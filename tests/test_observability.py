"""Metrics, JSON logs and readiness from the core's side (no Slack here; the e2e
tests in tests/e2e/test_observability.py check the same through a running app)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context

import pytest
from alembic import command
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import metrics
from bot.assistant import Assistant
from bot.clock import FixedClock
from bot.logging_setup import JsonFormatter, log_format, request_context
from bot.ops import Ops
from bot.reminders import ClockDrivenRunner, Deliverer, RetryPolicy, SqlLedger
from bot.reminders.notifier import DeliveryError
from store import models
from store.agenda import save_meeting
from store.db import alembic_config, make_engine, transaction, upgrade
from tests.helpers import ROOT, sample_meeting
from tests.recording_notifier import Failure, RecordingNotifier, ny

FAST = RetryPolicy(attempts=2, base=0.01, max_delay=0.02)


def sample_value(name: str, labels: dict[str, str] | None = None) -> float:
    """A sample's value as ``GET /metrics`` would show it (0 when absent)."""
    for family in text_string_to_metric_families(metrics.render().decode()):
        for sample in family.samples:
            if sample.name == name and sample.labels == (labels or {}):
                return sample.value
    return 0.0


# --- logs -----------------------------------------------------------------------------------


def _json_lines(emit) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("agendabot.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_logs_are_one_object_a_line_with_the_request_id_and_the_traceback() -> None:
    def emit(logger: logging.Logger) -> None:
        with request_context("Ev0123456789"):
            try:
                raise ValueError("bad\nthing")
            except ValueError:
                logger.exception("could not answer %r", "what's next?\nreally")
        logger.warning("outside any request")

    first, second = _json_lines(emit)
    assert set(first) == {"time", "level", "logger", "message", "request_id", "exc_info"}
    assert first["level"] == "ERROR" and first["logger"] == "agendabot.test.json"
    assert first["message"] == "could not answer \"what's next?\\nreally\""
    assert first["request_id"] == "Ev0123456789"
    assert "ValueError: bad" in str(first["exc_info"]) and "Traceback" in str(first["exc_info"])
    assert str(first["time"]).endswith("+00:00")
    assert second["request_id"] is None and "exc_info" not in second


def test_the_request_id_follows_work_into_a_thread_given_its_context() -> None:
    # What handlers.slack.pool.ListenerPool does for every listener: run the task in a copy of the context.
    def emit(logger: logging.Logger) -> None:
        with request_context("Ev-answer"), ThreadPoolExecutor(1) as pool:
            pool.submit(copy_context().run, logger.info, "answered").result()
            pool.submit(logger.info, "without the context").result()

    seen = [line["request_id"] for line in _json_lines(emit)]
    assert seen == ["Ev-answer", None]


def test_log_format_is_text_unless_json_is_asked_for() -> None:
    assert log_format({}) == "text"
    assert log_format({"AGENDABOT_LOG_FORMAT": "JSON "}) == "json"
    assert log_format({"AGENDABOT_LOG_FORMAT": "yaml"}) == "text"


def test_agendabot_logs_json_when_told(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"AGENDABOT_LOG_FORMAT": "json", "AGENDABOT_DATABASE_URL": f"sqlite:///{tmp_path}/a.db", "PATH": ""}
    code = (
        "import logging; from bot.logging_setup import configure_logging; configure_logging(); "
        "logging.getLogger('agendabot.x').warning('hello %s', 'there')"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    entry = json.loads(line)
    assert entry["message"] == "hello there" and entry["level"] == "WARNING" and entry["logger"] == "agendabot.x"


# --- metrics from the core ------------------------------------------------------------------


@pytest.fixture
def sample(db_factory: sessionmaker[DBSession]) -> str:
    with transaction(db_factory) as db:
        save_meeting(db, sample_meeting(), author="test")
        db.execute(models.Meeting.__table__.update().values(channel_id="C1"))
    return "coordination-meeting-2003"


def test_answers_are_counted_by_intent_with_their_latency(db_factory, sample) -> None:
    assistant = Assistant(db_factory, FixedClock(ny("2003-10-15 11:00")))
    asked = sample_value("agendabot_answer_seconds_count")
    helps = sample_value("agendabot_questions_answered_total", {"intent": "help"})
    answer = assistant.ask("help")
    assistant.ask("when is the rapporteur's report?")
    assert answer.intent == "help"
    assert sample_value("agendabot_questions_answered_total", {"intent": "help"}) == helps + 1
    assert sample_value("agendabot_answer_seconds_count") == asked + 2
    assert sample_value("agendabot_answer_seconds_bucket", {"le": "+Inf"}) >= asked + 2


@pytest.fixture
def runners(db_factory: sessionmaker[DBSession]) -> Iterator[list[ClockDrivenRunner]]:
    made: list[ClockDrivenRunner] = []
    yield made
    for runner in made:  # their threads must not tick on into the next test's database
        runner.stop()
        runner.deliverer.close()


def _runner(db_factory, made, clock, notifier) -> ClockDrivenRunner:  # type: ignore[no-untyped-def]
    deliverer = Deliverer(db_factory, notifier, SqlLedger(db_factory), clock=clock, retry=FAST)
    made.append(ClockDrivenRunner(deliverer))
    return made[-1]


def test_reminders_are_counted_sent_late_skipped_and_failed(db_factory, sample, runners) -> None:
    before = {
        "sent": sample_value("agendabot_reminders_sent_total"),
        "late": sample_value("agendabot_reminders_late_total"),
        "too_late": sample_value("agendabot_reminders_skipped_total", {"reason": "too_late"}),
        "failed": sample_value("agendabot_reminders_failed_total"),
    }
    # On time: the morning session's reminder at 09:45.
    clock = FixedClock(ny("2003-10-15 09:30"))
    notifier = RecordingNotifier()
    runner = _runner(db_factory, runners, clock, notifier)
    runner.start()
    clock.set(ny("2003-10-15 09:45"))
    runner.run_due(wait=5)
    runner.deliverer.wait_idle(5)
    assert sample_value("agendabot_reminders_sent_total") == before["sent"] + 1
    assert sample_value("agendabot_reminders_late_total") == before["late"]

    # The afternoon session's (14:45) fails for good.
    notifier.failures.append(Failure(DeliveryError("channel_not_found", retryable=False)))
    clock.set(ny("2003-10-15 14:45"))
    runner.run_due(wait=5)
    runner.deliverer.wait_idle(5)
    assert sample_value("agendabot_reminders_failed_total") == before["failed"] + 1

    # Down from then until 15:05 the next day: everything due meanwhile but the
    # rapporteur's report (15:00, five minutes late) is beyond the grace period.
    clock.set(ny("2003-10-16 15:05"))
    second = _runner(db_factory, runners, clock, RecordingNotifier())
    second.start()
    second.deliverer.wait_idle(5)
    assert sample_value("agendabot_reminders_sent_total") == before["sent"] + 2
    assert sample_value("agendabot_reminders_late_total") == before["late"] + 1
    skipped = _statuses(db_factory).count("skipped")
    assert skipped >= 2
    assert sample_value("agendabot_reminders_skipped_total", {"reason": "too_late"}) == before["too_late"] + skipped
    statuses = _statuses(db_factory)
    assert (statuses.count("sent"), statuses.count("failed")) == (2, 1)  # the counters agree with the ledger


def _statuses(factory: sessionmaker[DBSession]) -> list[str]:
    with factory() as db:
        return list(db.scalars(select(models.ReminderDelivery.status)))


# --- readiness ------------------------------------------------------------------------------


def test_ready_when_migrated_reachable_and_configured(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        status, body = Ops(engine, slack_configured=lambda: True, reminders_role=lambda: "leader").ready()
        assert status == "200 OK"
        assert body["ok"] is True and body["migrations"] == "ok" and body["database"] == "ok"
        assert body["reminders"] == "leader" and body["process"].endswith(f":{os.getpid()}")
        status, body = Ops(engine, slack_configured=lambda: False).ready()
        assert status.startswith("503") and body["slack"] == "not configured"
    finally:
        engine.dispose()


def test_not_ready_on_a_schema_older_than_the_code(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        command.downgrade(alembic_config(engine), "-1")  # as if the code were deployed before migrating
        ops = Ops(engine, slack_configured=lambda: True)
        status, body = ops.ready()
        assert status.startswith("503")
        assert body["migrations"].startswith("at 0") and "this code needs" in body["migrations"]
        assert ops.health()[0] == "200 OK"  # alive all the same: restarting it would not help
        upgrade(engine)
        assert ops.ready()[0] == "200 OK"
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_not_ready_when_the_database_is_unreachable(backend: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # No server needed for either: a directory that does not exist, a port nobody listens on.
    url = {
        "sqlite": f"sqlite:///{tmp_path}/missing/dir/agendabot.db",
        "postgresql": "postgresql+psycopg://agendabot:agendabot@127.0.0.1:1/agendabot?connect_timeout=2",
    }[backend]
    engine = make_engine(url)
    try:
        status, body = Ops(engine, slack_configured=lambda: True).ready()
        assert status.startswith("503") and body["database"] == "OperationalError"
        assert body["migrations"] == "unknown"
        assert Ops(engine, slack_configured=lambda: True).health()[0].startswith("503")
    finally:
        engine.dispose()


def test_metrics_module_knows_no_slack() -> None:
    source = (ROOT / "bot" / "metrics.py").read_text() + (ROOT / "bot" / "ops.py").read_text()
    source += (ROOT / "bot" / "logging_setup.py").read_text()
    assert "slack_sdk" not in source and "slack_bolt" not in source
    # And importing them pulls in no Slack module either.
    code = "import sys, bot.metrics, bot.ops, bot.logging_setup; print([m for m in sys.modules if m.startswith('slack')])"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr

