"""Waiting for a file: ``/agenda import`` and ``/agenda report publish`` say a file is
coming; the next one the person shares there is taken for that purpose. Times are
the wall clock's (the wait is for the person's next upload, whatever moment the
answers pretend it is)."""

from __future__ import annotations

from datetime import datetime

from bot.requests.meeting import Services
from store.db import transaction
from store.uploads import await_upload, take_upload


def expect(services: Services, user: str, channel: str, slug: str, until: datetime, *,
           purpose: str = "agenda") -> None:
    with transaction(services.db_factory) as db:
        await_upload(db, user, channel, slug, until, purpose=purpose)


def take(services: Services, user: str, channel: str, now: datetime, *, purpose: str = "agenda") -> str | None:
    """The meeting a file just shared is for, when one was expected (used up)."""
    with transaction(services.db_factory) as db:
        return take_upload(db, user, channel, now, purpose=purpose)
