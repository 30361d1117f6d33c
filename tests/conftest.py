"""Shared fixtures: a fresh, migrated database per test, on SQLite and (when
AGENDABOT_TEST_POSTGRES_URL is set, as .ci/run does) on PostgreSQL too.

Migrating once per run and copying the result keeps a fresh database per test
cheap: a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from store.db import make_engine, make_sessionmaker, upgrade

FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_URL = os.environ.get("AGENDABOT_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
# One template per test run, so two runs on one server never drop each other's.
TEMPLATE_DB = f"agendabot_test_template_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:  # fold the WAL back so a file copy is complete
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _admin_engine() -> Engine:
    return create_engine(make_url(POSTGRES_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {TEMPLATE_DB}"))
    url = make_url(POSTGRES_URL).set(database=TEMPLATE_DB).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield TEMPLATE_DB
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh database at the newest migration."""
    if request.param == "sqlite":
        target = tmp_path / "agendabot.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"agendabot_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_factory(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def db(db_factory: sessionmaker[Session]) -> Iterator[Session]:
    with db_factory() as session:
        yield session


# Threads of a started reminder service (bot/reminders): none may outlive the test that started it.
REMINDER_THREADS = ("reminder-service", "reminder-runner", "reminder-retry", "reminder-post", "APScheduler")


@pytest.fixture(autouse=True)
def no_reminder_threads_left() -> Iterator[None]:
    """Fails a test that started an app (``build`` + ``start``, ``serve``, ``bot.wsgi``) or a reminder runner
    and did not close it: its scheduler would keep firing into the next test's database."""
    yield
    alive = [t.name for t in threading.enumerate() if t.name.startswith(REMINDER_THREADS)]
    assert not alive, f"reminder threads still running after the test: {alive}"
