"""The composition root: settings in, a running Slack app out.

This is the only module in ``bot/`` (with ``bot/wsgi.py``) that knows Slack:
it builds the Web API client (pointed at ``SLACK_API_URL`` *before* Bolt's
constructor calls ``auth.test`` through it), the Bolt ``App``, the store and
the core, hands them to the listeners in ``handlers/``, and picks the
transport: Socket Mode when ``SLACK_APP_TOKEN`` is set, otherwise HTTP
(``POST /slack/events``, ``GET /healthz``) on a small threaded WSGI server
here, or under gunicorn through ``bot.wsgi:app``.

Reminders fire from a ``ReminderService`` built here with the Slack notifier
and the app's clock; ``SlackApp.start()`` starts it (``serve`` and
``bot.wsgi`` do, for every transport) and ``close()`` stops it. Listeners
that change a meeting call ``Deps.sync_reminders(slug)``.

With ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` set, one deployment serves
every workspace that installs it ("Add to Slack": ``GET /slack/install`` and
``GET /slack/oauth_redirect``, Bolt's OAuth flow with slack-sdk's SQLAlchemy
stores on the app's own database). Each request then runs as its workspace
(``bot.workspace``), and reminders and announcements use the bot token of
their meeting's workspace (``handlers.workspaces.Clients``).

Every request is acknowledged before the work: events are acked by Bolt as
they arrive, commands and clicks call ``ack()`` first, and the answers are
computed on the listener pool. The pool is larger than Bolt's default of 5
because slack-sdk's rate-limit retry sleeps in the calling thread, and one
rate-limited channel must not stall everyone else's answers.
"""

from __future__ import annotations

import contextvars
import gc
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App, BoltRequest, BoltResponse, Respond
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_bolt.middleware import Middleware
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

import handlers
from bot import logging_setup, workspace
from bot.assistant import Assistant
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.ops import Ops
from bot.reminders import ReminderService
from bot.sync import Checker, Follower, readiness
from handlers.api_errors import CountSlackErrors
from handlers.commands.web import send_preview
from handlers.deps import Deps
from handlers.home import Homes
from handlers.notes import DraftWithReminder, draft_sender
from handlers.notifier import SlackNotifier, WorkspaceNotifier
from handlers.organizing import Announcer
from handlers.payloads import request_id
from handlers.replies import apologize
from handlers.state import EventLedger, People, ledger_engine
from handlers.web import WebAgenda
from handlers.workspaces import CachedInstallationStore, Clients
from store.db import make_engine, make_sessionmaker, upgrade

log = logging.getLogger("agendabot.app")

LISTENER_THREADS = 32
SLACK_TIMEOUT_SECONDS = 10
EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
OAUTH_STATE_SECONDS = 600  # how long an "Add to Slack" link stays good
# What "Add to Slack" asks for: deploy/slack-manifest.yml's bot scopes (tests/e2e/test_manifest.py).
BOT_SCOPES = (
    "app_mentions:read", "channels:read", "chat:write", "commands", "im:history", "im:read", "im:write",
    "channels:history", "groups:history", "users:read", "files:read", "files:write", "reactions:write",
)


class ListenerPool(ThreadPoolExecutor):
    """Bolt's listener executor that can also say when all submitted work is done,
    so a shutdown finishes the answers it has acknowledged."""

    def __init__(self, max_workers: int = LISTENER_THREADS) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="slack-listener")
        self._busy = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._busy += 1
        try:
            # Run in a copy of the submitter's context, so the answer's log lines carry
            # the request id the web layer set (threads do not inherit context variables).
            future = super().submit(contextvars.copy_context().run, fn, *args, **kwargs)
        except BaseException:
            self._finished(None)
            raise
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: Future[Any] | None) -> None:
        with self._idle:
            self._busy -= 1
            if self._busy == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """True once nothing is queued or running; False if ``timeout`` passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)


def make_client(settings: Settings) -> WebClient:
    return WebClient(
        # None in OAuth mode: each workspace has its own (handlers/workspaces.py).
        token=None if settings.oauth else settings.slack_bot_token or None,
        base_url=settings.slack_api_url,  # Settings guarantees the trailing "/" slack-sdk needs
        timeout=SLACK_TIMEOUT_SECONDS,
        retry_handlers=[
            CountSlackErrors(),  # first: it sees every failed attempt, then lets the others decide
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


class WebApp:
    """The WSGI application: Slack's requests to Bolt; ``/healthz``, ``/readyz`` and
    ``/metrics`` to ``bot.ops``. Each request runs under its own request id."""

    def __init__(self, bolt: App, engine: Engine, ops: Ops | None = None, *, per_team: bool = False,
                 pages: WebAgenda | None = None) -> None:
        self.slack = SlackRequestHandler(bolt, path=EVENTS_PATH)  # also /slack/install, /slack/oauth_redirect
        self.pages = pages  # /m/: the agenda page, PDF and calendar feeds (handlers/web)
        self.engine = engine
        self.ops = ops or Ops(engine, slack_configured=lambda: True)
        # Serving many workspaces, a request sees no meeting until ``_ScopeTeam`` says whose
        # it is (a worker thread's previous request must not lend it its workspace).
        self.team: str | None = "" if per_team else None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        # A generated id until Bolt's middleware (``_TagRequest``) knows Slack's own.
        with logging_setup.request_context(logging_setup.new_request_id()), workspace.scoped(self.team):
            handled = self.ops.handle(environ, start_response)
            if handled is None and self.pages is not None:
                handled = self.pages.handle(environ, start_response)
            if handled is not None:
                return handled
            return self.slack(environ, start_response)

    def health(self) -> tuple[str, dict[str, Any]]:
        return self.ops.health()


@dataclass
class SlackApp:
    """Everything ``build`` made, so callers can serve it and shut it down cleanly."""

    bolt: App
    deps: Deps
    web: WebApp
    pool: ListenerPool
    engine: Engine
    announcer: Announcer | None = None  # delivers agenda-change announcements (also the CLI's)
    first_deliveries: _FirstDeliveries | None = None  # the ledger's batch writer
    follower: Follower | None = None  # keeps followed schedules current (/agenda sync)

    def start(self) -> None:
        """Start what runs beside the requests: the reminder service (it fires only in the
        process that holds the reminder lock; the others answer and keep trying the lock)."""
        self.deps.reminders.start()
        if self.announcer is not None:
            self.announcer.start()
        if self.follower is not None:
            self.follower.start()

    def close(self, timeout: float = 10.0) -> None:
        if not self.pool.wait_idle(timeout):
            log.warning("stopping with answers still in progress")
        # After the answers (they may re-plan a meeting), before the engine it uses is disposed.
        if self.announcer is not None:
            self.announcer.stop(timeout)
        if self.follower is not None:
            self.follower.stop(timeout)
        self.deps.reminders.stop(timeout)
        self.pool.shutdown(wait=False, cancel_futures=True)
        if self.first_deliveries is not None:
            self.first_deliveries.stop()
        self.engine.dispose()
        self.deps.ledger.engine.dispose()


class _FirstDeliveries:
    """Records first deliveries in the ledger in batches, on one thread of its own.

    The writer waits ``window`` seconds after the first id of a batch and then
    writes every id that came in meanwhile in one transaction: at 200 events a
    second that is one round trip for ten events instead of ten, each of which
    took the GIL from the answers running beside it. Slack's first retry comes
    3 s after its delivery, long after the batch is written, and a retry that
    reaches this process sooner waits for its batch (``wait``).
    """

    def __init__(self, ledger: EventLedger, window: float = 0.05) -> None:
        self.ledger = ledger
        self.window = window
        self._lock = threading.Condition()
        self._batch: list[str] = []
        self._done = threading.Event()  # set when the batch now filling is written
        self._waiting: dict[str, threading.Event] = {}
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="event-ledger", daemon=True)
        self._thread.start()

    def add(self, event_id: str) -> None:
        with self._lock:
            self._batch.append(event_id)
            self._waiting[event_id] = self._done
            if len(self._batch) == 1:
                self._lock.notify()

    def wait(self, event_id: str, timeout: float) -> None:
        """Return once ``event_id`` (if this process is recording it) is in the ledger."""
        with self._lock:
            done = self._waiting.get(event_id)
        if done is not None:
            done.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Write what is pending and end the writer."""
        with self._lock:
            self._stopping = True
            self._lock.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._batch or self._stopping)
                stopping = self._stopping
            if not stopping:
                time.sleep(self.window)  # let the batch fill; nothing waits on it but retries
            with self._lock:
                batch, done = self._batch, self._done
                self._batch, self._done = [], threading.Event()
            try:
                self.ledger.record(batch)
            except Exception:
                log.exception("could not record %d events; a retry of them would be answered again", len(batch))
            finally:
                done.set()
                with self._lock:
                    for event_id in batch:
                        self._waiting.pop(event_id, None)
            if stopping:
                return


class _RetryFilter(Middleware):
    """Drop Slack's repeated deliveries of an event (on any worker), without making
    the first delivery's ack wait for the database.

    Slack retries an event (``X-Slack-Retry-Num``) only when our ack was late or
    lost, so a first delivery over HTTP is recorded in the ledger in the
    background (``_FirstDeliveries``) and acked at once; only a retry (and Socket
    Mode, whose envelopes do not say) checks the ledger before the ack. A retry
    that reaches this process while its first delivery is still being recorded
    waits for that record. Under load the ledger's round trips, each waiting for
    the GIL on return, were most of an ack's time.
    """

    def __init__(self, ledger: EventLedger, *, per_team: bool = False) -> None:
        self.ledger = ledger
        self.per_team = per_team  # serving many workspaces: key each event by its team too
        self.first_deliveries = _FirstDeliveries(ledger)

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            next()
            return None
        event_id = f"{body.get('team_id') or ''}/{event_id}" if self.per_team else str(event_id)
        if req.mode == "http" and not req.headers.get("x-slack-retry-num"):
            self.first_deliveries.add(event_id)
            next()
            return None
        self.first_deliveries.wait(event_id, SLACK_TIMEOUT_SECONDS)
        if not self.ledger.first_time(event_id):
            log.info("dropped a repeated delivery of event %s", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None


class _TokenFromClientIsFine(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN is unused when it is also given a client; ours
    carries that very token (and SLACK_API_URL), so the warning would only alarm admins."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_TOKEN_FILTER = _TokenFromClientIsFine()


class _TagRequest(Middleware):
    """Name the request by Slack's id (event, trigger, envelope), or a new one.

    Set, not scoped to ``next()``: Bolt submits the listeners after the middleware
    chain returns, and they must inherit the id. Over HTTP ``WebApp`` restores the
    previous value when the request ends; in Socket Mode the next request sets its own.
    A ``Middleware`` rather than a function, as is ``_RetryFilter``: Bolt inspects a
    function middleware's signature on every request to inject its arguments.
    """

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        rid = request_id(req.body)
        logging_setup.request_id_var.set(rid if rid != "unknown" else logging_setup.new_request_id())
        next()
        return None


def _nothing() -> None:
    """Acknowledge an event there is nothing to do about."""


class _ScopeTeam(Middleware):
    """Serving many workspaces: run the listeners as the request's workspace (bot.workspace).

    Set, not scoped, for the reason ``_TagRequest`` gives; ``WebApp`` restores it.
    """

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        workspace.TEAM.set(req.context.team_id or "")
        next()
        return None


def _oauth_settings(settings: Settings, engine: Engine) -> tuple[OAuthSettings, CachedInstallationStore]:
    """Bolt's "Add to Slack" flow on the app's own database (tables of migration 0008)."""
    installations = CachedInstallationStore(settings.slack_client_id, engine)
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri or None,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installations,
        # The bot token is all it uses: one cached find_bot per request, not two queries.
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=OAUTH_STATE_SECONDS, engine=engine),
        state_expiration_seconds=OAUTH_STATE_SECONDS,
    )
    # Without this Bolt calls auth.test with the workspace's token before every request.
    oauth.authorize.cache_enabled = True  # type: ignore[attr-defined]
    return oauth, installations


def _on_error(error: Exception, body: dict[str, Any], client: WebClient, respond: Respond | None) -> None:
    rid = request_id(body)
    log.exception("request %s failed", rid, exc_info=error)
    try:
        apologize(client, body, respond)
    except Exception:
        log.exception("request %s: could not even apologise", rid)


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    listener_threads: int = LISTENER_THREADS,
) -> SlackApp:
    """Store (migrated), core, Web API client, Bolt app and listeners, wired together."""
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    clock = clock or SystemClock()
    client = make_client(settings)
    pool = ListenerPool(listener_threads)
    logging.getLogger("slack_bolt.App").addFilter(_TOKEN_FILTER)
    oauth, installations = _oauth_settings(settings, engine) if settings.oauth else (None, None)
    bolt = App(
        name="agendabot",
        client=client,
        signing_secret=settings.slack_signing_secret,
        process_before_response=False,
        listener_executor=pool,
        oauth_settings=oauth,
    )
    clients = Clients(client, installations.bot_token if installations is not None else None)
    assistant = Assistant(factory, clock)
    people = People(clients, factory)
    # The app's clock: a test's fixed clock drives reminders as it drives answers.
    # Each reminder goes out with its meeting's workspace token, and the rapporteur's
    # brings the draft report along (handlers/notes.py).
    base = WorkspaceNotifier(clients, factory) if clients.per_team else SlackNotifier(client)
    notifier = DraftWithReminder(base, draft_sender(factory, clock, clients))
    reminders = ReminderService(engine, notifier, clock=clock)
    deps = Deps(
        assistant=assistant,
        clock=clock,
        db_factory=factory,
        people=people,
        ledger=EventLedger(ledger_engine(settings.database_url)),
        homes=Homes(clients, assistant, people, factory, clock),
        reminders=reminders,
        clients=clients,
    )
    bolt.use(_TagRequest())
    if clients.per_team:
        bolt.use(_ScopeTeam())
    retries = _RetryFilter(deps.ledger, per_team=clients.per_team)
    bolt.use(retries)
    bolt.error(_on_error)
    handlers.register(bolt, deps)
    if clients.per_team:
        # tokens_revoked and app_uninstalled delete the workspace's installation.
        bolt.enable_token_revocation_listeners()
    else:
        # The manifest subscribes to them for "Add to Slack"; one workspace's app has nothing to forget.
        for name in ("tokens_revoked", "app_uninstalled"):
            bolt.event(name)(_nothing)
    ops = Ops(
        engine,
        slack_configured=lambda: bool((settings.oauth or client.token) and settings.slack_signing_secret),
        reminders_role=lambda: "leader" if reminders.is_leader else "standby",
        details=lambda: {"schedules": readiness(factory)},
    )
    web = WebApp(bolt, engine, ops, per_team=clients.per_team, pages=WebAgenda(factory, clock))
    checker = Checker(factory, on_preview=lambda outcome: send_preview(deps, clients.current(), outcome))
    return SlackApp(bolt, deps, web, pool, engine, Announcer(clients, deps), retries.first_deliveries,
                    Follower(checker))


# --- transports ----------------------------------------------------------------------------


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # The default backlog of 5 drops connections when Slack sends a burst.
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s - %s", self.address_string(), format % args)


def make_http_server(app: Callable[..., Iterable[bytes]], host: str = "0.0.0.0", port: int = 3000) -> WSGIServer:
    """A threaded WSGI server for development and tests (production runs gunicorn)."""
    return make_server(host, port, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)


def tune_for_latency() -> None:
    """Process settings for a server whose threads mostly wait on Slack and the database.

    A thread that wants the GIL waits up to the switch interval (5 ms by
    default) while another computes; at 1 ms an answer's thread gets it back
    sooner. Freezing what start-up allocated keeps the collector from
    re-scanning it (the models, Bolt, SQLAlchemy's caches) on every pass.
    """
    sys.setswitchinterval(0.001)
    gc.collect()
    gc.freeze()


def configure_logging() -> None:
    """Text for a person at a terminal; one JSON object a line with AGENDABOT_LOG_FORMAT=json."""
    logging_setup.configure_logging()


def missing_settings(settings: Settings, *, socket_mode: bool) -> str | None:
    """A one-line reason the app cannot start, or None."""
    if bool(settings.slack_client_id) != bool(settings.slack_client_secret):
        return "set both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information → App Credentials), or neither"
    if settings.oauth and socket_mode:
        return "SLACK_CLIENT_ID (\"Add to Slack\") serves HTTP only; unset SLACK_APP_TOKEN or use `serve --http`"
    if not settings.slack_bot_token and not settings.oauth:
        return "SLACK_BOT_TOKEN is not set (the bot token, xoxb-…, from the app's OAuth & Permissions page)"
    if not socket_mode and not settings.slack_signing_secret:
        return "SLACK_SIGNING_SECRET is not set (Basic Information → App Credentials); HTTP requests cannot be verified"
    return None


def serve(settings: Settings, *, http: bool = False, port: int = 3000, stop: threading.Event | None = None) -> int:
    """Run until ``stop`` is set (or SIGTERM/Ctrl-C); the exit status."""
    configure_logging()
    socket_mode = bool(settings.slack_app_token) and not http
    problem = missing_settings(settings, socket_mode=socket_mode)
    if problem:
        sys.stderr.write(f"agendabot: {problem}\n")
        return 2
    try:
        slack = build(settings)
    except BoltError as exc:  # auth.test refused the token, or Slack is unreachable
        sys.stderr.write(f"agendabot: Slack did not accept the bot token: {exc}\n")
        return 1
    tune_for_latency()
    slack.start()
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if socket_mode:
            _run_socket_mode(slack, settings, stop)
        else:
            _run_http(slack, port, stop)
    except KeyboardInterrupt:
        pass
    finally:
        slack.close()
    return 0


def _run_socket_mode(slack: SlackApp, settings: Settings, stop: threading.Event) -> None:
    # The builtin client asks apps.connections.open through app.client, so SLACK_API_URL applies.
    handler = SocketModeHandler(slack.bolt, settings.slack_app_token)
    handler.connect()
    log.info("agendabot is connected to Slack over Socket Mode")
    try:
        stop.wait()
    finally:
        handler.close()


def _run_http(slack: SlackApp, port: int, stop: threading.Event) -> None:
    server = make_http_server(slack.web, "0.0.0.0", port)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), name="http", daemon=True)
    thread.start()
    log.info("agendabot listening on http://0.0.0.0:%d%s", server.server_port, EVENTS_PATH)
    try:
        stop.wait()
    finally:
        server.shutdown()
        server.server_close()
