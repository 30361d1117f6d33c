"""The HTTP transport: one WSGI application for Slack's requests, the operators'
probes and the agenda's web pages, and a threaded server for development and tests
(production runs the same application under gunicorn, ``bot.wsgi:app``)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from bot import logging_setup, workspace
from bot.ops import Ops
from handlers.slack import inbound
from handlers.slack.inbound import Refusal
from handlers.web import WebAgenda

log = logging.getLogger("agendabot.app")

EVENTS_PATH = "/slack/events"


class WebApp:
    """The WSGI application: Slack's requests to Bolt; ``/healthz``, ``/readyz`` and
    ``/metrics`` to ``bot.ops``. Each request runs under its own request id."""

    def __init__(self, bolt: App, engine: Engine, ops: Ops | None = None, *, per_team: bool = False,
                 signing_secret: str = "", pages: WebAgenda | None = None) -> None:
        self.slack = SlackRequestHandler(bolt, path=EVENTS_PATH)  # also /slack/install, /slack/oauth_redirect
        self.pages = pages  # /m/: the agenda page, PDF and calendar feeds (handlers/web)
        self.engine = engine
        self.ops = ops or Ops(engine, slack_configured=lambda: True)
        # Serving many workspaces, a request sees no meeting until ``ScopeTeam`` says whose
        # it is (a worker thread's previous request must not lend it its workspace).
        self.team: str | None = "" if per_team else None
        self.signing_secret = signing_secret  # none: every request to EVENTS_PATH is refused

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        # A generated id until Bolt's middleware (``TagRequest``) knows Slack's own.
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
