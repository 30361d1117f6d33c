"""Organizers' requests that are not agenda changes: who organizes a meeting (and changing
that), and the agenda's revisions. Agenda changes themselves are previewed and
confirmed through ``bot.organizers.Proposals``. Who may is the caller's check."""

from __future__ import annotations

from collections.abc import Sequence

from bot.requests.meeting import Services
from store.agenda import RevisionInfo, history
from store.db import transaction
from store.organizers import add_organizer, organizers, remove_organizer


def revisions(services: Services, slug: str) -> list[RevisionInfo]:
    with services.db_factory() as db:
        return history(db, slug)


def organizers_of(services: Services, slug: str) -> list[str]:
    with services.db_factory() as db:
        return organizers(db, slug)


def change_organizers(services: Services, slug: str, *, add: bool, users: Sequence[str], by: str) -> list[str]:
    """Add or remove ``users``; the organizers afterwards."""
    with transaction(services.db_factory) as db:
        for user in users:
            if add:
                add_organizer(db, slug, user, by=by)
            else:
                remove_organizer(db, slug, user)
        return organizers(db, slug)
