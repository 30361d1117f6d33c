"""The event ledger's claims never wait for a WAL checkpoint: a thread beside them does it."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.db import make_engine, upgrade
from store.ledger import EventLedger, ledger_engine


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def frames_in_wal(url: str) -> int:
    """Pages written to the WAL since it last started over (a PASSIVE checkpoint reports them)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _busy, frames, _copied = connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
            return int(frames)
    finally:
        engine.dispose()


def test_claims_do_not_checkpoint_the_wal_themselves(url):
    ledger = EventLedger(ledger_engine(url), checkpoint_every=10**9)
    for n in range(1200):
        assert ledger.first_time(f"Ev{n}")
    # SQLite alone checkpoints (and starts the WAL over) in the commit that passes 1,000 pages.
    assert frames_in_wal(url) >= 1200
    ledger.engine.dispose()


def test_the_ledger_checkpoints_beside_its_claims(url):
    ledger = EventLedger(ledger_engine(url), checkpoint_every=50)
    for n in range(600):
        assert ledger.first_time(f"Ev{n}")
        ledger.wait_checkpointed()

    assert frames_in_wal(url) < 600  # started over after the last checkpoint, not 600 commits long
    assert not ledger.first_time("Ev42")  # and every claim is still there
    ledger.engine.dispose()
