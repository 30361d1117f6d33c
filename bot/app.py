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
their meeting's workspace (``handlers.slack.clients.Clients``).

Every request is acknowledged before the work: events are acked by Bolt as
they arrive, commands and clicks call ``ack()`` first, and the answers are
computed on the listener pool. The pool is larger than Bolt's default of 5
because slack-sdk's rate-limit retry sleeps in the calling thread, and one
rate-limited channel must not stall everyone else's answers.
"""

from __future__ import annotations

import contextvars
import gc
import io
import json
import logging
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse, Respond
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_bolt.middleware import Middleware
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

import handlers
from bot import logging_setup, workspace
from bot.assistant import Assistant
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.ops import Ops
from bot.reminders import ReminderService
from bot.reminders.pacing import Pacer
from bot.sync import Checker, Follower, readiness
from handlers.commands.web import send_preview
from handlers.deps import Deps
from handlers.home import Homes
from handlers.notes import DraftWithReminder, draft_sender
from handlers.organizing import Announcer
from handlers.payloads import request_id
from handlers.slack import inbound
from handlers.slack.api_errors import CountSlackErrors
from handlers.slack.clients import (
    CachedInstallationStore,
    Clients,
    PacedWebClient,
    request_workspace,
)
from handlers.slack.inbound import Refusal
from handlers.slack.notifier import SlackNotifier, WorkspaceNotifier
from handlers.slack.replies import ConnectionErrorRetry, PerhapsPosted, ServerErrorRetry, apologize
from handlers.slack.state import EventLedger, People, ledger_engine
from handlers.web import WebAgenda
from store.db import make_engine, make_sessionmaker, upgrade

log = logging.getLogger("agendabot.app")

LISTENER_THREADS = 32
SLACK_TIMEOUT_SECONDS = 10
EVENTS_PATH = "/slack/events"
VERIFIED = "agendabot_verified"  # in a request's context once Bolt's checks let it through
# A task submitted to the listener pool runs only if this (when set) says so: ``_AnswerOnce``.
RUN_IF: contextvars.ContextVar[Callable[[], bool] | None] = contextvars.ContextVar("agendabot_run_if", default=None)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
OAUTH_STATE_SECONDS = 600  # how long an "Add to Slack" link stays good
# What "Add to Slack" asks for: deploy/slack-manifest.yml's bot scopes (tests/e2e/test_manifest.py).
BOT_SCOPES = (
    "app_mentions:read", "channels:read", "chat:write", "commands", "im:history", "im:read", "im:write",
    "channels:history", "groups:history", "users:read", "files:read", "files:write", "reactions:write",
)


class ListenerPool(Executor):
    """Bolt's listener executor: up to ``max_workers`` daemon threads, started as needed.

    Daemon threads, unlike ThreadPoolExecutor's (which the interpreter joins at exit),
    so a listener stuck on a Slack call or a database lock cannot keep the process
    alive after SIGTERM: ``SlackApp.close`` waits a bounded time for the answers in
    progress (``wait_idle``), then the process ends. Each task runs in a copy of the
    submitter's context, so its log lines carry the request id the web layer set,
    and only if that context's ``RUN_IF`` (when set) says so.
    """

    def __init__(self, max_workers: int = LISTENER_THREADS) -> None:
        self._max_workers = max_workers
        self._queue: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self._idle_threads = threading.Semaphore(0)  # released by a worker as it finishes a task
        self._threads: list[threading.Thread] = []
        self._busy = 0  # tasks submitted and not yet finished
        self._idle = threading.Condition()
        self._closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._idle:
            if self._closed:
                raise RuntimeError("the listener pool is shut down")
            self._busy += 1
            self._queue.put(_Task(future, contextvars.copy_context(), fn, args, kwargs))
            if not self._idle_threads.acquire(timeout=0) and len(self._threads) < self._max_workers:
                thread = threading.Thread(target=self._work, name=f"slack-listener_{len(self._threads)}", daemon=True)
                self._threads.append(thread)
                thread.start()
        return future

    def _work(self) -> None:
        while (task := self._queue.get()) is not None:
            try:
                if task.future.set_running_or_notify_cancel():
                    try:
                        result = task.context.run(_run_if_allowed, task)
                    except BaseException as exc:  # the future carries it, as ThreadPoolExecutor's do
                        task.future.set_exception(exc)
                    else:
                        task.future.set_result(result)
            finally:
                self._finished()
                self._idle_threads.release()

    def _finished(self) -> None:
        with self._idle:
            self._busy -= 1
            if self._busy == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """True once nothing is queued or running; False if ``timeout`` passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._idle:
            self._closed = True
            threads = list(self._threads)
        if cancel_futures:
            while True:
                try:
                    task = self._queue.get_nowait()
                except queue.Empty:
                    break
                if task is not None:
                    task.future.cancel()
                    self._finished()
        for _ in threads:
            self._queue.put(None)
        if wait:
            for thread in threads:
                thread.join()


def _run_if_allowed(task: _Task) -> Any:
    """The task, in its own context, if that context's ``RUN_IF`` allows it (once: work
    the task submits in turn inherits no condition)."""
    allowed = RUN_IF.get()
    if allowed is not None:
        RUN_IF.set(None)
        if not allowed():
            return None
    return task.fn(*task.args, **task.kwargs)


@dataclass(frozen=True)
class _Task:
    future: Future[Any]
    context: contextvars.Context
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


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


class WebApp:
    """The WSGI application: Slack's requests to Bolt; ``/healthz``, ``/readyz`` and
    ``/metrics`` to ``bot.ops``. Each request runs under its own request id."""

    def __init__(self, bolt: App, engine: Engine, ops: Ops | None = None, *, per_team: bool = False,
                 signing_secret: str = "", pages: WebAgenda | None = None) -> None:
        self.slack = SlackRequestHandler(bolt, path=EVENTS_PATH)  # also /slack/install, /slack/oauth_redirect
        self.pages = pages  # /m/: the agenda page, PDF and calendar feeds (handlers/web)
        self.engine = engine
        self.ops = ops or Ops(engine, slack_configured=lambda: True)
        # Serving many workspaces, a request sees no meeting until ``_ScopeTeam`` says whose
        # it is (a worker thread's previous request must not lend it its workspace).
        self.team: str | None = "" if per_team else None
        self.signing_secret = signing_secret  # none: every request to EVENTS_PATH is refused

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        # A generated id until Bolt's middleware (``_TagRequest``) knows Slack's own.
        with logging_setup.request_context(logging_setup.new_request_id()), workspace.scoped(self.team):
            handled = self.ops.handle(environ, start_response)
            if handled is None and self.pages is not None:
                handled = self.pages.handle(environ, start_response)
            if handled is not None:
                return handled
            if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == EVENTS_PATH:
                refused = self._at_the_door(environ)
                if refused is not None:
                    return _refuse(start_response, refused)
            return self.slack(environ, start_response)

    def _at_the_door(self, environ: dict[str, Any]) -> Refusal | None:
        """Verify Slack's signature, then the body's shape, before Bolt sees the request
        (handlers/slack/inbound.py); the body is put back for Bolt to read."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return Refusal(400, "bad Content-Length")
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        headers = {
            "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
            "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE"),
        }
        refused = inbound.check_signature(self.signing_secret, body, headers) or inbound.check_shape(
            environ.get("CONTENT_TYPE", ""), body
        )
        if refused is not None:
            # One line, no traceback, nothing of the body: it may be anyone's.
            log.warning("refused a request to %s: %s (%d)", EVENTS_PATH, refused.reason, refused.status)
        return refused

    def health(self) -> tuple[str, dict[str, Any]]:
        return self.ops.health()


def _refuse(start_response: Callable[..., Any], refused: Refusal) -> list[bytes]:
    body = json.dumps({"error": refused.reason}).encode()
    reason = {400: "Bad Request", 401: "Unauthorized"}.get(refused.status, "Refused")
    start_response(f"{refused.status} {reason}",
                   [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


@dataclass
class SlackApp:
    """Everything ``build`` made, so callers can serve it and shut it down cleanly."""

    bolt: App
    deps: Deps
    web: WebApp
    pool: ListenerPool
    engine: Engine
    announcer: Announcer | None = None  # delivers agenda-change announcements (also the CLI's)
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
        self.deps.homes.close()
        self.deps.reminders.stop(timeout)
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.engine.dispose()
        self.deps.ledger.engine.dispose()


class _AnswerOnce(Middleware):
    """Answer each delivery once, wherever and in whatever order its copies land.

    Every delivery is claimed in the ledger (one ``INSERT … ON CONFLICT DO NOTHING``,
    seen by every worker) on its listener thread, before its listener runs: a copy
    whose claim finds the row is acked and dropped. So a retry that overtakes its
    delayed original is answered and the original dropped, and a signed request sent
    twice is answered once: events by their id, other HTTP requests (commands,
    clicks) by their signature, which Slack makes afresh for each request it sends.
    The claim is not made here, before the ack: a ledger held by another writer must
    not make Slack's 3 seconds run out.
    """

    def __init__(self, ledger: EventLedger, *, per_team: bool = False) -> None:
        self.ledger = ledger
        self.per_team = per_team  # serving many workspaces: key each event by its team too

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        key = self._key(req)
        # Set for every request, so a thread's previous request never lends it its claim.
        auto_acked = req.body.get("type") == "event_callback"
        RUN_IF.set(None if key is None else _Claim(self.ledger, key, None if auto_acked else req.context.ack))
        next()
        return None

    def _key(self, req: BoltRequest) -> str | None:
        body = req.body
        if body.get("type") == "event_callback" and body.get("event_id"):
            event_id = str(body["event_id"])
            return f"{body.get('team_id') or ''}/{event_id}" if self.per_team else event_id
        if req.mode == "http":
            signature = req.headers.get("x-slack-signature", [""])[0]
            # "v0=" and 64 hex digits; 60 of them keep the key within the column's 64.
            return f"sig/{signature[3:63]}" if signature.startswith("v0=") else None
        return None


@dataclass(frozen=True)
class _Claim:
    """A delivery's claim in the ledger, made by the listener thread before the answer."""

    ledger: EventLedger
    key: str
    ack: Ack | None  # commands and clicks: acked here when their listener will not run

    def __call__(self) -> bool:
        try:
            first = self.ledger.first_time(self.key)
        except Exception:  # a database fault: answering twice beats not answering
            log.exception("could not claim delivery %s; answering it unclaimed", self.key)
            return True
        if not first:
            log.info("dropped a repeated delivery %s", self.key)
            if self.ack is not None:
                self.ack()
        return first


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
    A ``Middleware`` rather than a function, as is ``_AnswerOnce``: Bolt inspects a
    function middleware's signature on every request to inject its arguments.
    """

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        # The first of our middlewares: Bolt's own (signature verification, authorization) let
        # this request through, so an error from here on may be apologised for (``_on_error``).
        req.context[VERIFIED] = True
        rid = request_id(req.body)
        logging_setup.request_id_var.set(rid if rid != "unknown" else logging_setup.new_request_id())
        next()
        return None


class _RefuseMalformedEvents(Middleware):
    """An event without the fields its listener reads is dropped before any listener runs.

    Over HTTP ``WebApp`` already refused it (400); Socket Mode envelopes come here only.
    """

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        if req.body.get("type") == "event_callback":
            refused = inbound.check_event(req.body.get("event"))
            if refused is not None:
                # Acked (Socket Mode acks only a 200), so that it is not sent again.
                log.warning("dropped an event: %s", refused.reason)
                return BoltResponse(status=200, body="")
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
        workspace.TEAM.set(request_workspace(req.context.team_id, req.body))
        workspace.ENTERPRISE.set(req.context.enterprise_id)  # Grid: how its token is found
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
    # Bolt declares the base Authorize; OAuth's is an InstallationStoreAuthorize, which has this.
    oauth.authorize.cache_enabled = True  # type: ignore[attr-defined]
    return oauth, installations


def _on_error(
    error: Exception, body: dict[str, Any], client: WebClient, respond: Respond | None, context: BoltContext,
) -> None:
    rid = request_id(body) if isinstance(body, dict) else "unknown"
    if not context.get(VERIFIED):
        # Failed before Bolt's own checks were through: the body is anyone's, and names
        # no one we may post to, DM or fetch (handlers/slack/inbound.py turns these away first).
        log.warning("request %s failed before it was verified: %s", rid, type(error).__name__)
        return
    if isinstance(error, PerhapsPosted):
        # The answer may be on its way; an apology now would come before it.
        log.warning("request %s: %s", rid, error)
        return
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
    clients = Clients(client, installations)
    assistant = Assistant(factory, clock)
    people = People(clients, factory)
    # The app's clock: a test's fixed clock drives reminders as it drives answers.
    # Each reminder goes out with its meeting's workspace token, and the rapporteur's
    # brings the draft report along (handlers/notes.py).
    base = WorkspaceNotifier(clients, factory) if clients.per_team else SlackNotifier(client)
    notifier = DraftWithReminder(base, draft_sender(factory, clock, clients))
    # Paced as Slack counts: one post a second per channel, 300 a minute in all (bot/reminders/pacing.py).
    reminders = ReminderService(engine, notifier, clock=clock, pacer=Pacer())
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
    if settings.slack_app_token:
        bolt.use(_RefuseMalformedEvents())
    if clients.per_team:
        bolt.use(_ScopeTeam())
    bolt.use(_AnswerOnce(deps.ledger, per_team=clients.per_team))
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
        reminders_role=reminders.role,  # leader, standby, or stalled (a 503)
        details=lambda: {"schedules": readiness(factory)},
    )
    web = WebApp(bolt, engine, ops, per_team=clients.per_team, signing_secret=settings.slack_signing_secret,
                 pages=WebAgenda(factory, clock))
    checker = Checker(factory, on_preview=lambda outcome: send_preview(deps, clients.current(), outcome))
    return SlackApp(bolt, deps, web, pool, engine, Announcer(clients, deps), Follower(checker))


# --- transports ----------------------------------------------------------------------------


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # The default backlog of 5 drops connections when Slack sends a burst.
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s - %s", self.address_string(), format % args)


def make_http_server(app: Callable[..., Iterable[bytes]], host: str = "127.0.0.1", port: int = 3000) -> WSGIServer:
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


def serve(settings: Settings, *, http: bool = False, host: str = "127.0.0.1", port: int = 3000,
          stop: threading.Event | None = None) -> int:
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
            _run_http(slack, host, port, stop)
    except KeyboardInterrupt:
        pass
    finally:
        slack.close()
    return 0


def _run_socket_mode(slack: SlackApp, settings: Settings, stop: threading.Event) -> None:
    # The builtin client asks apps.connections.open through app.client, so SLACK_API_URL applies.
    handler = SocketModeHandler(slack.bolt, settings.slack_app_token)
    handler.connect()  # type: ignore[no-untyped-call]  # slack-bolt leaves it unannotated
    log.info("agendabot is connected to Slack over Socket Mode")
    try:
        stop.wait()
    finally:
        handler.close()  # type: ignore[no-untyped-call]  # slack-bolt leaves it unannotated


def _run_http(slack: SlackApp, host: str, port: int, stop: threading.Event) -> None:
    server = make_http_server(slack.web, host, port)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), name="http", daemon=True)
    thread.start()
    log.info("agendabot listening on http://%s:%d%s", host, server.server_port, EVENTS_PATH)
    try:
        stop.wait()
    finally:
        server.shutdown()
        server.server_close()
