"""Many workspaces, one deployment: each workspace's bot token, and a Web API client per workspace.

In a single-workspace install (``SLACK_BOT_TOKEN``) ``Clients`` hands out the
app's one client whatever the workspace. With "Add to Slack"
(``SLACK_CLIENT_ID``) every workspace has its own bot token in slack-sdk's
installation tables (migration 0008); ``Clients.for_team`` makes a client
with that token, pointed at ``SLACK_API_URL`` with the app client's timeout
and retry handlers, for the work no Slack request hands a client to:
reminders, agenda-change announcements, App Homes, ``users.info``.

Enterprise Grid: a workspace of an organization may have the app installed on
its own (a row with both the enterprise and the team) or through an org-wide
install (one row for the enterprise, no team). Team ids are unique across
Slack, so a workspace's own install is found by its team alone; failing that,
its organization's org-wide install, the organization being the request's
(``bot.workspace.enterprise``), one learned earlier, or, for work outside any
request (reminders after a restart), the org install whose ``auth.teams.list``
names the team.

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
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import and_, desc, select

from bot import workspace
from bot.config import Settings
from bot.reminders.pacing import Pacer, Rate
from handlers.slack.api_errors import CountSlackErrors
from handlers.slack.replies import ConnectionErrorRetry, ServerErrorRetry

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
        self._enterprises: dict[str, str] = {}  # team -> its Grid organization, as seen
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

    def bot_token(self, team: str, enterprise: str | None = None) -> str | None:
        """The bot token that acts in workspace ``team``: its own install (Grid or not), else
        the org-wide install of its organization when that is known; None otherwise."""
        bot = self._workspace_bot(team)
        enterprise = enterprise or self._learned(team)
        if bot is None and enterprise:
            bot = self.find_bot(enterprise_id=enterprise, team_id=None, is_enterprise_install=True)
            if bot is not None:
                self.learn(team, enterprise)
        return bot.bot_token if bot is not None else None

    def org_tokens(self) -> list[tuple[str, str]]:
        """(enterprise, bot token) of every org-wide install, newest token per organization."""
        c = self.bots.c
        query = (select(c.enterprise_id, c.bot_token)
                 .where(and_(c.client_id == self.client_id, c.is_enterprise_install.is_(True),
                             c.enterprise_id.is_not(None), c.bot_token.is_not(None)))
                 .order_by(desc(c.installed_at)))
        newest: dict[str, str] = {}
        with self.engine.connect() as conn:
            for enterprise, token in conn.execute(query):
                newest.setdefault(enterprise, token)
        return list(newest.items())

    def learn(self, team: str, enterprise: str) -> None:
        """Remember that ``team`` belongs to Grid organization ``enterprise``."""
        with self._lock:
            self._enterprises[team] = enterprise

    def _learned(self, team: str) -> str | None:
        with self._lock:
            return self._enterprises.get(team)

    def _workspace_bot(self, team: str) -> Bot | None:
        """The newest install made in ``team`` itself, whatever its organization."""
        key = ("*", team)
        now = self._clock()
        with self._lock:
            remembered = self._bots.get(key)
        if remembered is not None and now - remembered[0] < self.ttl:
            return remembered[1]
        c = self.bots.c
        query = (self.bots.select()
                 .where(and_(c.client_id == self.client_id, c.team_id == team, c.bot_token.is_not(None)))
                 .order_by(desc(c.installed_at)).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        bot = self.build_bot_entity(row) if row is not None else None
        if bot is not None:
            with self._lock:
                self._bots[key] = (now, bot)
        return bot


class TokenSource(Protocol):
    """Where ``Clients`` finds each workspace's bot token (``CachedInstallationStore``)."""

    def bot_token(self, team: str, enterprise: str | None = None) -> str | None: ...

    def org_tokens(self) -> list[tuple[str, str]]: ...

    def learn(self, team: str, enterprise: str) -> None: ...


class Clients:
    """The Web API client to act in a workspace with.

    ``installations`` is None in a single-workspace install: then every workspace gets
    ``base``. Otherwise each team's client carries that team's bot token; one is
    kept per token, so a re-install (a new token) gets a new client.
    """

    def __init__(self, base: WebClient, installations: TokenSource | None = None, *,
                 ttl: float = INSTALLATION_TTL, clock: Callable[[], float] = time.monotonic) -> None:
        self.base = base
        self.installations = installations
        self.ttl = ttl
        self._clock = clock
        self._made: dict[str, WebClient] = {}
        self._org_teams: dict[str, tuple[float, frozenset[str]]] = {}  # org token -> its workspaces
        self._lock = threading.Lock()

    @property
    def per_team(self) -> bool:
        return self.installations is not None

    def for_team(self, team: str | None, enterprise: str | None = None) -> WebClient:
        """``team``'s client; raises NotInstalled when the app has no token there."""
        if self.installations is None:
            return self.base
        token = self._token(team, enterprise) if team else None  # serving many, no workspace has no token
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
        return self.for_team(workspace.current(), workspace.enterprise())

    def _token(self, team: str, enterprise: str | None) -> str | None:
        assert self.installations is not None
        token = self.installations.bot_token(team, enterprise)
        if token or enterprise:
            return token
        # Outside a request nothing says which organization ``team`` is in: ask each
        # org-wide install which workspaces it is in (remembered for ``ttl``).
        for org, org_token in self.installations.org_tokens():
            if team in self._workspaces_of(org_token):
                self.installations.learn(team, org)
                return org_token
        return None

    def _workspaces_of(self, token: str) -> frozenset[str]:
        now = self._clock()
        with self._lock:
            remembered = self._org_teams.get(token)
        if remembered is not None and now - remembered[0] < self.ttl:
            return remembered[1]
        teams: set[str] = set()
        client = copy_client(self.base, token)
        cursor = ""
        try:
            while True:
                page = client.auth_teams_list(cursor=cursor or None, limit=1000)
                teams.update(str(t.get("id")) for t in page.get("teams") or [])
                cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "")
                if not cursor:
                    break
        except SlackApiError:
            return frozenset()  # a revoked org token: not installed, and asked again next time
        found = frozenset(teams)
        with self._lock:
            self._org_teams[token] = (now, found)
        return found


def request_workspace(context_team: str | None, body: dict[str, Any]) -> str:
    """The workspace a request comes from. Bolt's context names the installation's team,
    which an org-wide install does not have (its events authorize the organization): then
    the envelope's own ``team_id`` (or the event's ``team``) says where it happened."""
    if context_team:
        return context_team
    event = body.get("event")
    found = body.get("team_id") or (event.get("team") if isinstance(event, dict) else None)
    return found if isinstance(found, str) else ""


# Slack's rate tiers for the methods the app calls in numbers (calls a minute per method per
# workspace: Tier 3 50+, Tier 4 100+), with a burst kept under what Slack tolerates. Past
# them Slack answers 429; the retry handlers would honour its Retry-After, but a redraw of
# a thousand Homes should never meet one, so calls wait their turn here first.
TIER_BUDGETS: dict[str, Rate] = {
    "views.publish": Rate(100 / 60, burst=20),  # Tier 4
    "users.info": Rate(100 / 60, burst=20),  # Tier 4
    "conversations.history": Rate(50 / 60, burst=10),  # Tier 3
}


class SlackBudgets:
    """Per-method pacers shared by every client of a deployment, keyed by bot token (one
    workspace's budget is not another's)."""

    def __init__(self, budgets: dict[str, Rate] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._pacers = {m: Pacer(rate, overall=None) for m, rate in (budgets or TIER_BUDGETS).items()}
        self._sleep = sleep

    def wait(self, method: str, token: str | None) -> float:
        """Block until a call of ``method`` is within its budget; the seconds waited."""
        pacer = self._pacers.get(method)
        if pacer is None:
            return 0.0
        wait = pacer.reserve(token or "")
        if wait > 0:
            self._sleep(wait)
        return max(wait, 0.0)


class PacedWebClient(WebClient):
    """A WebClient whose tiered calls wait for their budget (``SlackBudgets``) before going."""

    def __init__(self, *args: Any, budgets: SlackBudgets | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budgets = budgets or SlackBudgets()

    def api_call(self, api_method: str, **kwargs: Any) -> Any:
        self.budgets.wait(api_method, self.token)
        return super().api_call(api_method, **kwargs)


def copy_client(base: WebClient, token: str, retry_handlers: list[Any] | None = None) -> WebClient:
    """``base`` with another token (and, if given, other retry handlers): same API URL and
    timeout, and the same tier budgets when ``base`` keeps them."""
    return PacedWebClient(
        token=token,
        base_url=base.base_url,
        timeout=base.timeout,
        retry_handlers=list(base.retry_handlers if retry_handlers is None else retry_handlers),
        budgets=base.budgets if isinstance(base, PacedWebClient) else None,
    )


def as_clients(client: WebClient | Clients) -> Clients:
    """Listeners' helpers take either one client (single workspace, tests) or ``Clients``."""
    return client if isinstance(client, Clients) else Clients(client)


SLACK_TIMEOUT_SECONDS = 10


def make_client(settings: Settings) -> WebClient:
    # Paced by Slack's tiers (handlers/slack/clients.py); the handlers below honour Retry-After.
    return PacedWebClient(
        # None in OAuth mode: each workspace has its own (handlers/slack/clients.py).
        token=None if settings.oauth else settings.slack_bot_token or None,
        base_url=settings.slack_api_url,  # Settings guarantees the trailing "/" slack-sdk needs
        timeout=SLACK_TIMEOUT_SECONDS,
        retry_handlers=[
            CountSlackErrors(),  # first: it sees every failed attempt, then lets the others decide
            # Both skip calls that may have been acted on when their caller says so (handlers/slack/replies.py).
            ConnectionErrorRetry(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetry(max_retry_count=2),
        ],
    )
