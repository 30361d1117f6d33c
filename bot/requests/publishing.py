"""The agenda beyond the chat, as requests: calendar links, who may open the agenda page,
following a published schedule. Each function opens its own transaction; ``now`` is the
wall clock's (links and their expiry are real time). Who may is the caller's check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import publishing
from bot import sync as schedule_sync
from bot.requests.meeting import Services
from store.db import transaction
from store.schedule_sources import SourceStatus


def calendar_links(services: Services, slug: str, user: str, now: datetime) -> publishing.Links:
    """The page, the meeting's feed and ``user``'s own feed (made on first asking)."""
    with transaction(services.db_factory) as db:
        return publishing.links(db, slug, user, now=now)


def revoke_personal(services: Services, slug: str, user: str, now: datetime) -> int:
    """Retire ``user``'s personal calendar link; how many there were."""
    with transaction(services.db_factory) as db:
        return publishing.revoke(db, slug, user, now=now)


@dataclass(frozen=True)
class NewLink:
    page: str  # the page's new secret address
    public: bool  # the page is also open by its own address


def new_secret_link(services: Services, slug: str, now: datetime) -> NewLink:
    """Replace the meeting's secret link (personal links stay)."""
    with transaction(services.db_factory) as db:
        publishing.revoke(db, slug, now=now)
        public = publishing.is_public(db, slug)
        token = publishing.link_token(db, slug, now=now)
    return NewLink(f"{publishing.public_url()}/m/{token}", public)


def set_page_public(services: Services, slug: str, public: bool, now: datetime) -> publishing.Links:
    with transaction(services.db_factory) as db:
        publishing.set_public(db, slug, public)
        return publishing.links(db, slug, now=now)


def followed(services: Services, slug: str) -> SourceStatus | None:
    """The published schedule the meeting follows, and how following it goes."""
    with services.db_factory() as db:
        return next((s for s in schedule_sync.statuses(db) if s.slug == slug), None)


def follow(services: Services, slug: str, url: str, *, trusted: bool, interval: timedelta, author: str,
           now: datetime) -> None:
    with transaction(services.db_factory) as db:
        schedule_sync.follow(db, slug, url, trusted=trusted, interval=interval, author=author, now=now)


def unfollow(services: Services, slug: str) -> bool:
    with transaction(services.db_factory) as db:
        return schedule_sync.unfollow(db, slug)
