"""What every Slack request passes before its listener, and what happens when one fails.

Each is a ``Middleware`` class rather than a function: Bolt inspects a function
middleware's signature on every request to inject its arguments.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse, Respond
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from bot import logging_setup, workspace
from handlers.deps import DEPS, Deps
from handlers.slack import inbound
from handlers.slack.clients import request_workspace
from handlers.slack.payloads import request_id
from handlers.slack.pool import RUN_IF
from handlers.slack.replies import PerhapsPosted, apologize
from handlers.slack.state import EventLedger

log = logging.getLogger("agendabot.app")

VERIFIED = "agendabot_verified"  # in a request's context once Bolt's checks let it through


def install(bolt: App, deps: Deps, *, socket_mode: bool, per_team: bool) -> None:
    """The middlewares in the order they must run, and the error handler."""
    bolt.use(ProvideDeps(deps))
    bolt.use(TagRequest())
    if socket_mode:
        bolt.use(RefuseMalformedEvents())
    if per_team:
        bolt.use(ScopeTeam())
    bolt.use(AnswerOnce(deps.ledger, per_team=per_team))
    bolt.error(on_error)


class ProvideDeps(Middleware):
    """Put the app's services in each request's context, where the module-level listeners
    of handlers/listeners/ find them (``handlers.deps.deps_of``)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        req.context[DEPS] = self.deps
        next()
        return None


class AnswerOnce(Middleware):
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


TOKEN_FILTER = _TokenFromClientIsFine()


class TagRequest(Middleware):
    """Name the request by Slack's id (event, trigger, envelope), or a new one.

    Set, not scoped to ``next()``: Bolt submits the listeners after the middleware
    chain returns, and they must inherit the id. Over HTTP ``WebApp`` restores the
    previous value when the request ends; in Socket Mode the next request sets its own.
    A ``Middleware`` rather than a function, as is ``AnswerOnce``: Bolt inspects a
    function middleware's signature on every request to inject its arguments.
    """

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        # The first of our middlewares: Bolt's own (signature verification, authorization) let
        # this request through, so an error from here on may be apologised for (``on_error``).
        req.context[VERIFIED] = True
        rid = request_id(req.body)
        logging_setup.request_id_var.set(rid if rid != "unknown" else logging_setup.new_request_id())
        next()
        return None


class RefuseMalformedEvents(Middleware):
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


def nothing() -> None:
    """Acknowledge an event there is nothing to do about."""


class ScopeTeam(Middleware):
    """Serving many workspaces: run the listeners as the request's workspace (bot.workspace).

    Set, not scoped, for the reason ``TagRequest`` gives; ``WebApp`` restores it.
    """

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        workspace.TEAM.set(request_workspace(req.context.team_id, req.body))
        workspace.ENTERPRISE.set(req.context.enterprise_id)  # Grid: how its token is found
        next()
        return None


def on_error(
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
