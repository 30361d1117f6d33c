"""What each meeting's reminder jobs were last synced to (``reminder_syncs``).

The rows are written in the same transaction as the APScheduler jobs they
describe (bot/reminders/aps.py), so these functions take the job store's
connection rather than a session.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Connection, Table, select

from store import models

_TABLE = cast(Table, models.ReminderSync.__table__)


def synced(conn: Connection) -> dict[str, tuple[str, dict[str, float]]]:
    """Meeting slug -> (fingerprint, reminder id -> due timestamp) of its last sync."""
    rows = conn.execute(select(_TABLE.c.meeting_slug, _TABLE.c.fingerprint, _TABLE.c.jobs))
    return {slug: (fp, dict(jobs or {})) for slug, fp, jobs in rows}


def mark_synced(conn: Connection, slug: str, fingerprint: str, jobs: dict[str, float], now: datetime) -> None:
    conn.execute(_TABLE.delete().where(_TABLE.c.meeting_slug == slug))
    conn.execute(_TABLE.insert().values(meeting_slug=slug, fingerprint=fingerprint, jobs=jobs, synced_at=now))


def forget(conn: Connection, slug: str) -> None:
    conn.execute(_TABLE.delete().where(_TABLE.c.meeting_slug == slug))
