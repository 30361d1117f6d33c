"""Slack state kept in the store: what we know of people, which channel belongs to which
meeting. Which events were answered is store/ledger.py's (re-exported here for bot/app.py).

Times here are the wall clock's (the composition root passes it in), not the
meeting clock the answers use: a test may pretend it is October 2003 for
the agenda while cache expiry and retry windows run on real time.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import workspace
from bot.clock import Clock
from bot.permissions import CachedAdminCheck
from handlers.slack.clients import Clients, as_clients
from store import slack_users as users
from store.db import transaction
from store.ledger import EventLedger, ledger_engine

log = logging.getLogger(__name__)

__all__ = ["EventLedger", "People", "Person", "ledger_engine", "link_channel"]

PEOPLE_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class Person:
    user_id: str
    tz: str | None = None
    is_admin: bool = False  # workspace admin or owner
    meeting: str | None = None  # the meeting they chose, if it still exists
    locale: str | None = None  # their Slack locale ("fr-FR"): the language said to them


def _valid_zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


class People:
    """``users.info`` facts, read once and kept in the store (and in memory) for a day.

    Asked in the current request's workspace (bot.workspace), with that workspace's
    client. Serving many workspaces, a person is kept per workspace (row and memory
    key ``TEAM/USER``): one Enterprise Grid user id seen from two workspaces is
    admin in one and not the other, and chooses a meeting in each.
    """

    def __init__(self, client: WebClient | Clients, db_factory: sessionmaker[DBSession],
                 clock: Clock, ttl: timedelta = PEOPLE_TTL) -> None:
        self.clients = as_clients(client)
        self.db_factory = db_factory
        self.clock = clock
        self.ttl = ttl
        self._memory: dict[str, tuple[datetime, Person]] = {}
        self._lock = threading.Lock()
        # For permission checks: asked afresh, but at most once a minute per person, so an
        # admin's promotion or demotion takes effect within a minute (bot/permissions.py).
        self.is_admin = CachedAdminCheck(lambda user: self.get(user, fresh=True).is_admin, self.clock)

    @property
    def client(self) -> WebClient:
        """The current workspace's client."""
        return self.clients.current()

    def get(self, user_id: str, *, fresh: bool = False) -> Person:
        """What we know of ``user_id``; ``fresh`` asks Slack again (for permission checks)."""
        now = self.clock.now()
        key = _person_key(user_id)
        if not fresh:
            with self._lock:
                remembered = self._memory.get(key)
            if remembered and now - remembered[0] < self.ttl:
                return remembered[1]
        with self.db_factory() as db:
            row = users.get_user(db, key)
        stale = row is None or fresh or now - row.fetched_at >= self.ttl
        if stale:
            row = self._fetch(user_id, key, row, now, must=fresh)
        if row is None:
            return Person(user_id)
        person = self._person(user_id, row)
        with self._lock:
            self._memory[key] = (row.fetched_at, person)
        return person

    def _fetch(self, user_id: str, key: str, row: users.StoredUser | None, now: datetime,
               must: bool) -> users.StoredUser | None:
        try:
            user = self.client.users_info(user=user_id, include_locale=True)["user"]
        except SlackApiError as exc:
            if must:
                raise
            # Answer in the meeting's zone rather than not at all; try again next time.
            log.warning("users.info %s failed (%s); using what we have", user_id, exc.response.get("error"))
            return row
        try:
            return self._store(key, user, now)
        except IntegrityError:
            # Two first questions from one person at once (two threads or workers): the
            # other stored the row first; store over it, as fresh as theirs.
            return self._store(key, user, now)

    def _store(self, key: str, user: dict[str, Any], now: datetime) -> users.StoredUser:
        with transaction(self.db_factory) as db:
            return users.save_facts(
                db, key, team_id=str(user.get("team_id") or ""), tz=_valid_zone(user.get("tz")),
                is_admin=bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")),
                now=now, locale=str(user.get("locale") or "")[:16] or None)

    def _person(self, user_id: str, row: users.StoredUser) -> Person:
        meeting = row.meeting_slug
        if meeting:
            # Only a meeting of this workspace (a CLI import may move one).
            with self.db_factory() as db:
                exists = users.meeting_visible(db, meeting, workspace.current())
            meeting = meeting if exists else None
        return Person(user_id, row.tz, row.is_admin, meeting, row.locale)

    def choose_meeting(self, user_id: str, slug: str) -> None:
        """Remember the meeting someone picked: their DMs and App Home default to it."""
        self._set(user_id, meeting_slug=slug)

    def showing_home(self, user_id: str, slug: str | None) -> None:
        self._set(user_id, home_meeting=slug)

    def home_viewers(self, slug: str) -> list[str]:
        """Who is looking at ``slug`` in their App Home, in the current workspace."""
        with self.db_factory() as db:
            return users.home_viewers(db, slug, _person_key(""))

    def _set(self, user_id: str, **values: str | None) -> None:
        key = _person_key(user_id)
        try:
            with transaction(self.db_factory) as db:
                users.remember(db, key, fields=tuple(values), **values)
        except IntegrityError:
            # An upsert: someone's first App Home opens, arriving at once on two threads or
            # workers, both found no row and both inserted it; the row is there now: update it.
            with transaction(self.db_factory) as db:
                users.remember(db, key, fields=tuple(values), **values)
        if "meeting_slug" in values:  # the one remembered field set here (Person has no Home meeting)
            with self._lock:
                self._memory.pop(key, None)


def _person_key(user_id: str) -> str:
    """A person's key in ``slack_users`` and in memory: the user id, prefixed with the
    workspace when serving many (``T0123/U0456``; ids are at most 11 characters each)."""
    team = workspace.current()
    return f"{team}/{user_id}" if team else user_id


def link_channel(
    db_factory: sessionmaker[DBSession], slug: str, channel: str, team: str | None = None
) -> users.LinkedMeeting | None:
    """Make ``channel`` the meeting's channel (a channel belongs to one meeting at a time);
    None when there is no meeting ``slug`` in workspace ``team`` (None: in any)."""
    with transaction(db_factory) as db:
        return users.link_channel(db, slug, channel, team)
