"""Announcements of applied changes, delivered after the change commits, by whoever can.

The rows (claimed with a compare-and-set, so two workers never deliver the same row)
are store/outbox.py's; the delivery loop is here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from store.outbox import PendingAnnouncement, announced_after, claim, finish, last_announcement_id

__all__ = ["PendingAnnouncement", "announced_after", "deliver_pending", "last_announcement_id"]


def deliver_pending(
    db_factory: sessionmaker[DBSession], now: datetime, deliver: Callable[[PendingAnnouncement], None]
) -> list[PendingAnnouncement]:
    """Claim and deliver what is pending; a failed delivery is recorded and retried later."""
    delivered = []
    for item in claim(db_factory, now):
        try:
            deliver(item)
        except Exception as exc:  # one meeting's channel failing must not hold the others back
            finish(db_factory, item.id, now, error=f"{type(exc).__name__}: {exc}")
            continue
        finish(db_factory, item.id, now)
        delivered.append(item)
    return delivered
