"""The composition root: settings in, a running Slack app out.

This is the only module in ``bot/`` (with ``bot/wsgi.py``) that knows Slack. It
composes, and does nothing else: the store (migrated), the core (``Assistant``,
``ReminderService``), the Slack side from ``handlers/slack/`` (the Web API client,
pointed at ``SLACK_API_URL`` *before* Bolt's constructor calls ``auth.test``
through it; the middlewares; the listener pool; the WSGI application) and the
listeners of ``handlers/``; then it picks the transport: Socket Mode when
``SLACK_APP_TOKEN`` is set, otherwise HTTP (``POST /slack/events``, ``GET
/healthz``) on the threaded server of ``handlers/slack/server.py``, or under
gunicorn through ``bot.wsgi:app``.

Reminders fire from a ``ReminderService`` built here with the Slack notifier
and the app's clock; ``SlackApp.start()`` starts it (``serve`` and
``bot.wsgi`` do, for every transport) and ``close()`` stops it. Listeners
that change a meeting call ``Deps.sync_reminders(slug)``.

With ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` set, one deployment serves
every workspace that installs it ("Add to Slack", ``handlers/slack/oauth.py``).
Each request then runs as its workspace (``bot.workspace``), and reminders and
announcements use the bot token of their meeting's workspace
(``handlers.slack.clients.Clients``).

Every request is acknowledged before the work: events are acked by Bolt as
they arrive, commands and clicks call ``ack()`` first, and the answers are
computed on the listener pool (``handlers/slack/pool.py``).
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from sqlalchemy import Engine

import handlers
from bot import logging_setup
from bot.assistant import Assistant
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.i18n import choose as i18n_choose
from bot.ops import Ops
from bot.reminders import ReminderService
from bot.reminders.pacing import Pacer
from bot.sync import Checker, Follower, readiness
from handlers.deps import Deps
from handlers.listeners.commands.web import send_preview
from handlers.listeners.common.notes import DraftWithReminder, draft_sender
from handlers.slack import middleware
from handlers.slack.announcer import Announcer
from handlers.slack.clients import Clients, make_client
from handlers.slack.home import Homes
from handlers.slack.notifier import SlackNotifier, WorkspaceNotifier
from handlers.slack.oauth import BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH, oauth_settings
from handlers.slack.pool import LISTENER_THREADS, ListenerPool
from handlers.slack.server import EVENTS_PATH, WebApp, make_http_server
from handlers.slack.state import EventLedger, People, ledger_engine
from handlers.web import PdfMaker, RenderCache, WebAgenda
from handlers.web.pdf import ChildProcessPdf
from store.db import make_engine, make_sessionmaker, upgrade

# Importable from here too: the names the deployment and its tests know the app by.
__all__ = ["BOT_SCOPES", "EVENTS_PATH", "INSTALL_PATH", "REDIRECT_PATH", "SlackApp", "WebApp", "build",
           "make_http_server", "missing_settings", "serve"]

log = logging.getLogger("agendabot.app")

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
        # The language detector's models take about a second to load: now, beside the
        # requests, rather than inside the first French or Spanish question's answer.
        threading.Thread(target=i18n_choose.preload, name="language-models", daemon=True).start()
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
        if self.deps.pdfs is not None:
            self.deps.pdfs.close()
        self.deps.reminders.stop(timeout)
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.engine.dispose()
        self.deps.ledger.engine.dispose()


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
    logging.getLogger("slack_bolt.App").addFilter(middleware.TOKEN_FILTER)
    oauth, installations = oauth_settings(settings, engine) if settings.oauth else (None, None)
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
    wall_clock = SystemClock()  # what expires, expires on it (handlers/deps.py)
    people = People(clients, factory, wall_clock)
    # The app's clock: a test's fixed clock drives reminders as it drives answers.
    # Each reminder goes out with its meeting's workspace token, and the rapporteur's
    # brings the draft report along (handlers/listeners/common/notes.py).
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
        wall_clock=wall_clock,
        clients=clients,
        pdfs=PdfMaker(ChildProcessPdf()),  # one per process, shared by /agenda pdf and the page's PDF
    )
    middleware.install(bolt, deps, socket_mode=bool(settings.slack_app_token), per_team=clients.per_team)
    handlers.register(bolt)
    if clients.per_team:
        # tokens_revoked and app_uninstalled delete the workspace's installation.
        bolt.enable_token_revocation_listeners()
    else:
        # The manifest subscribes to them for "Add to Slack"; one workspace's app has nothing to forget.
        for name in ("tokens_revoked", "app_uninstalled"):
            bolt.event(name)(middleware.nothing)
    ops = Ops(
        engine,
        slack_configured=lambda: bool((settings.oauth or client.token) and settings.slack_signing_secret),
        reminders_role=reminders.role,  # leader, standby, or stalled (a 503)
        details=lambda: {"schedules": readiness(factory)},
    )
    web = WebApp(bolt, engine, ops, per_team=clients.per_team, signing_secret=settings.slack_signing_secret,
                 pages=WebAgenda(factory, clock, cache=RenderCache(), pdfs=deps.pdfs))
    checker = Checker(factory, on_preview=lambda outcome: send_preview(deps, clients.current(), outcome))
    return SlackApp(bolt, deps, web, pool, engine, Announcer(clients, deps), Follower(checker))


# --- transports ----------------------------------------------------------------------------


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
