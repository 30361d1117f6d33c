"""Many workspaces, one deployment: each workspace's bot token, and a Web API client per workspace.

In a single-workspace install (``SLACK_BOT_TOKEN``) ``Clients`` hands out the
app's one client whatever the workspace. With "Add to Slack"
(``SLACK_CLIENT_ID``) every workspace has its own bot token in slack-sdk's
installation tables (migration 0008); ``Clients.for_team`` makes a client
with that token, pointed at ``SLACK_API_URL`` with the app client's timeout
and retry handlers, for the work no Slack request hands a client to:
reminders, agenda-change announcements, App Homes, ``users.info``.

``CachedInstallationStore`` keeps ``find_bot`` answers in memory for a short
while: Bolt asks the store on every request, and a database round trip before
each answer would be paid on the hot path. Installing, re-installing and
uninstalling clear the cache in the process that sees them; other processes
(gunicorn workers) notice within ``INSTALLATION_TTL``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot import workspace

INSTALLATION_TTL = 60.0  # seconds a worker may go on using a token another worker saw revoked


class NotInstalled(LookupError):
    """No bot token for a workspace: the app was never added to it, or was removed."""


class CachedInstallationStore(SQLAlchemyInstallationStore):
    """slack-sdk's SQLAlchemy installation store, with ``find_bot`` remembered for ``ttl`` seconds."""

    def __init__(self, client_id: str, engine: Any, *, ttl: float = INSTALLATION_TTL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.ttl = ttl
        self._clock = clock
        self._bots: dict[tuple[str, str], tuple[float, Bot]] = {}
        self._lock = threading.Lock()

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        key = (enterprise_id or "", "" if is_enterprise_install else team_id or "")
        now = self._clock()
        with self._lock:
            remembered = self._bots.get(key)
        if remembered is not None and now - remembered[0] < self.ttl:
            return remembered[1]
        bot = super().find_bot(enterprise_id=enterprise_id, team_id=team_id,
                               is_enterprise_install=is_enterprise_install)
        if bot is not None:
            # Only tokens: a workspace that has just added the app through another worker
            # must not be refused here for a minute. Events come from installed workspaces,
            # so a miss is rare and may cost its query.
            with self._lock:
                self._bots[key] = (now, bot)
        return bot

    def forget(self) -> None:
        with self._lock:
            self._bots.clear()

    def save(self, installation: Installation) -> None:
        super().save(installation)
        self.forget()

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(bot)
        self.forget()

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        super().delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.forget()

    def delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                            user_id: str | None = None) -> None:
        super().delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
        self.forget()

    def bot_token(self, team: str) -> str | None:
        """The bot token installed in ``team``, if any."""
        bot = self.find_bot(enterprise_id=None, team_id=team)
        return bot.bot_token if bot is not None else None


class Clients:
    """The Web API client to act in a workspace with.

    ``token_of`` is None in a single-workspace install: then every workspace gets
    ``base``. Otherwise each team's client carries that team's bot token; one is
    kept per token, so a re-install (a new token) gets a new client.
    """

    def __init__(self, base: WebClient, token_of: Callable[[str], str | None] | None = None) -> None:
        self.base = base
        self.token_of = token_of
        self._made: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    @property
    def per_team(self) -> bool:
        return self.token_of is not None

    def for_team(self, team: str | None) -> WebClient:
        """``team``'s client; raises NotInstalled when the app has no token there."""
        if self.token_of is None:
            return self.base
        token = self.token_of(team) if team else None  # serving many, no workspace has no token
        if not token:
            raise NotInstalled(f"agendabot is not installed in workspace {team or '(none)'}")
        with self._lock:
            client = self._made.get(token)
            if client is None:
                client = copy_client(self.base, token)
                self._made[token] = client
        return client

    def current(self) -> WebClient:
        """The client of the workspace the current request comes from (bot.workspace)."""
        return self.for_team(workspace.current())


def copy_client(base: WebClient, token: str, retry_handlers: list[Any] | None = None) -> WebClient:
    """``base`` with another token (and, if given, other retry handlers): same API URL and timeout."""
    return WebClient(
        token=token,
        base_url=base.base_url,
        timeout=base.timeout,
        retry_handlers=list(base.retry_handlers if retry_handlers is None else retry_handlers),
    )


def as_clients(client: WebClient | Clients) -> Clients:
    """Listeners' helpers take either one client (single workspace, tests) or ``Clients``."""
    return client if isinstance(client, Clients) else Clients(client)
