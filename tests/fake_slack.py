"""A Slack-compatible fake of the Web API: a real HTTP server on loopback.

The app under test talks to it through slack-sdk exactly as it talks to
Slack (``SLACK_API_URL`` points here), so what the tests see is what Slack
would have received. The fake checks what Slack checks and a little more:

- the bearer token (``invalid_auth`` otherwise; the app-level token is good
  only for ``apps.connections.open``, as on Slack);
- form-encoded, query-string and JSON bodies (slack-sdk uses all three);
- payload shapes and Block Kit limits, answering ``invalid_blocks`` like Slack:
  at most 50 blocks a message and 100 a view, section text up to 3,000
  characters, header text up to 150, button labels 75 and values 2,000;
- stricter than Slack: a message must carry a non-empty ``text`` fallback
  (Slack only warns; we promised screen readers and notifications a text);
- the limits of ``tests/slack_limits.py``, answered with Slack's own errors:
  ``msg_blocks_too_long`` past 11,000 characters of block text in a message,
  ``msg_too_long`` for ``text`` over 4,000 in ``chat.update`` (40,000
  elsewhere), ``view_too_large`` past 250 kB, ``invalid_blocks`` for a select
  of more than 100 options or an option, input or placeholder over its limit.

Every call is recorded (thread-safe) with its arrival time; ``wait_for``
blocks on a Condition until a matching call arrives, so tests never sleep.
``fail_next`` makes the next N calls of a method answer 429 with
Retry-After, or 500, as Slack does under load; with ``accepted=True`` the call
takes effect first (a message is kept) and only the answer is an error, the
case that makes a blind retry post twice.

Faults, per method and per channel (``slack.faults``, a ``SlackFaults``):
``ratelimit`` answers 429 with Retry-After; ``server_error`` answers 500 with
the message kept or not; ``timeout`` sits on the request (longer than the
client waits) and, if ``kept``, carries it out only afterwards, as Slack can
after its caller has given up; ``drop`` closes the connection without an
answer. Each lasts ``count`` calls or until removed, so a test or benchmark
can hold an outage for as long as it likes.

Several workspaces: ``add_workspace(team, code)`` lets ``oauth.v2.access``
(authenticated with the app's client id and secret, as Slack does) exchange
``code`` for a bot token of that team's own. A token acts in its own team
only: a channel, DM or user of another team is ``channel_not_found`` or
``user_not_found``, as on Slack. ``revoke`` makes a token ``token_revoked``.
Enterprise Grid: ``add_workspace(..., enterprise=E)`` is a workspace of
organization E installing the app for itself (the answer names both);
``add_org_install(E, code, teams=...)`` an org-wide install (``team`` null,
``is_enterprise_install`` true) whose one token acts in every workspace of E
and lists them in ``auth.teams.list``.

Messages keep their ``metadata`` (the reminders' delivery key travels there);
``conversations.history`` returns it only when asked with
``include_all_metadata``, as Slack does, and ``conversations.open`` gives each
user a DM channel (``D`` + the rest of the user id).

Files go up as Slack's own upload flow has them: ``files.getUploadURLExternal``
hands out an upload URL on this server, the bytes are POSTed there (exactly the
announced length), and ``files.completeUploadExternal`` shares them in a
channel; ``shared_files`` keeps what was shared, content included.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.slack_limits import (
    LimitError,
    block_element_problems,
    check_message_size,
    check_view_size,
)

BOT_TOKEN = "xoxb-fake-bot-token"
APP_TOKEN = "xapp-fake-app-token"
TEAM_ID = "T0AGENDA1"
BOT_USER_ID = "U0AGENDABOT"
BOT_ID = "B0AGENDABOT"
APP_ID = "A0AGENDABOT"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "fake-client-secret"

MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
SECTION_TEXT_LIMIT = 3000
HEADER_TEXT_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
BLOCK_TYPES = {
    "section", "header", "context", "actions", "divider", "image", "input", "rich_text",
    "file", "video", "markdown",
}


@dataclass(frozen=True)
class Call:
    """One request the app made: the Web API method (or ``response_url``), its arguments."""

    method: str
    args: dict[str, Any]
    token: str
    at: float  # time.monotonic() on arrival, comparable with the sender's clock
    status: int
    answer: dict[str, Any]
    path: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.answer.get("ok"))


@dataclass
class _Failure:
    status: int
    remaining: int
    retry_after: int
    when: Callable[[dict[str, Any]], bool] | None = None
    accepted: bool = False


@dataclass
class _Hold:
    gate: threading.Event
    when: Callable[[dict[str, Any]], bool] | None = None


@dataclass
class _Handled:
    status: int
    answer: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class BlockError(ValueError):
    pass


def check_blocks(blocks: Any, limit: int, *, in_view: bool = False) -> None:
    """Raise BlockError where Slack would answer ``invalid_blocks``."""
    if not isinstance(blocks, list):
        raise BlockError("blocks must be a list")
    if len(blocks) > limit:
        raise BlockError(f"{len(blocks)} blocks; at most {limit}")
    block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"block {index}"
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            raise BlockError(f"{where}: unknown block type")
        if "block_id" in block:
            if block["block_id"] in block_ids or len(block["block_id"]) > 255:
                raise BlockError(f"{where}: duplicate or long block_id")
            block_ids.add(block["block_id"])
        kind = block["type"]
        if kind == "section":
            text = block.get("text")
            fields = block.get("fields")
            if text is None and not fields:
                raise BlockError(f"{where}: section needs text or fields")
            if text is not None:
                _check_text(text, SECTION_TEXT_LIMIT, where)
            for f in fields or []:
                _check_text(f, 2000, where)
            if fields and len(fields) > 10:
                raise BlockError(f"{where}: more than 10 fields")
            if "accessory" in block:
                _check_element(block["accessory"], where)
        elif kind == "header":
            text = block.get("text") or {}
            if text.get("type") != "plain_text":
                raise BlockError(f"{where}: header text must be plain_text")
            _check_text(text, HEADER_TEXT_LIMIT, where)
        elif kind == "context":
            elements = block.get("elements") or []
            if not elements or len(elements) > 10:
                raise BlockError(f"{where}: context needs 1-10 elements")
            for e in elements:
                if e.get("type") in ("mrkdwn", "plain_text"):
                    _check_text(e, SECTION_TEXT_LIMIT, where)
        elif kind == "actions":
            elements = block.get("elements") or []
            if not elements or len(elements) > 25:
                raise BlockError(f"{where}: actions needs 1-25 elements")
            action_ids = [e.get("action_id") for e in elements if e.get("action_id")]
            if len(action_ids) != len(set(action_ids)):
                raise BlockError(f"{where}: duplicate action_id")
            for e in elements:
                _check_element(e, where)
        elif kind == "input":
            if not in_view:
                raise BlockError(f"{where}: input blocks belong in views")
            _check_text(block.get("label") or {}, 2000, where)
    problems = block_element_problems(blocks)
    if problems:
        raise BlockError(problems[0])


def _check_text(text: Any, limit: int, where: str) -> None:
    if not isinstance(text, dict) or text.get("type") not in ("mrkdwn", "plain_text"):
        raise BlockError(f"{where}: text object expected")
    value = text.get("text")
    if not isinstance(value, str) or not value:
        raise BlockError(f"{where}: empty text")
    if len(value) > limit:
        raise BlockError(f"{where}: text of {len(value)} characters; at most {limit}")


def _check_element(element: Any, where: str) -> None:
    if not isinstance(element, dict) or "type" not in element:
        raise BlockError(f"{where}: element without type")
    if element["type"] == "button":
        _check_text(element.get("text"), BUTTON_TEXT_LIMIT, where)
        if element["text"].get("type") != "plain_text":
            raise BlockError(f"{where}: button text must be plain_text")
        if len(element.get("value", "")) > BUTTON_VALUE_LIMIT:
            raise BlockError(f"{where}: button value too long")
        if element.get("url") is None and not element.get("action_id"):
            raise BlockError(f"{where}: button needs an action_id")


def _decode_json_fields(args: dict[str, Any]) -> dict[str, Any]:
    """Form-encoded calls carry blocks and views as JSON strings; decode them as Slack does."""
    for key in ("blocks", "attachments", "view", "metadata"):
        value = args.get(key)
        if isinstance(value, str):
            try:
                args[key] = json.loads(value)
            except ValueError:
                args[key] = {"__invalid_json__": value}
    return args


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Many connections arrive at once under the benchmark's 200/s. A class attribute, since the
    # constructor calls listen(): set afterwards, the backlog stayed at socketserver's 5, and a
    # connection that found it full waited for the client's SYN retry, a second later.
    request_queue_size = 128


class FakeSlack:
    """Start with ``FakeSlack().start()``; point ``SLACK_API_URL`` at ``base_url``."""

    def __init__(
        self,
        *,
        bot_token: str = BOT_TOKEN,
        app_token: str = APP_TOKEN,
        team_id: str = TEAM_ID,
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.tokens: dict[str, str] = {bot_token: team_id}  # bot token -> its team
        self.revoked: set[str] = set()
        self._codes: dict[str, tuple[str, str, str]] = {}  # OAuth code -> (team or "", installer, enterprise)
        self.enterprise_of: dict[str, str] = {}  # Grid: workspace -> its organization
        self._issued = itertools.count(1)
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.file_contents: dict[str, bytes] = {}
        # files.getUploadURLExternal -> POST to the upload URL -> files.completeUploadExternal
        self._uploads: dict[str, dict[str, Any]] = {}  # file id -> filename, length, bytes once posted
        self.shared_files: list[dict[str, Any]] = []  # completed uploads, with channel and content
        self._kept: dict[str, list[dict[str, Any]]] = {}  # channel -> messages, oldest first
        self.socket_url: str | None = None
        self._calls: list[Call] = []
        self._changed = threading.Condition()
        self._failures: dict[str, _Failure] = {}
        self.faults = SlackFaults()
        self.rate_limits: RateLimits | None = None  # see enforce_rate_limits
        self._holds: dict[str, _Hold] = {}
        self._ok_counts: dict[str, int] = {}
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._serve(self)

            def do_POST(self) -> None:
                fake._serve(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the recorded calls are the log

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="fake-slack", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def enforce_rate_limits(self, seconds: Callable[[], float] = time.monotonic) -> RateLimits:
        """From now on answer 429 past Slack's tiers and posting pace (``RateLimits``)."""
        self.rate_limits = RateLimits(seconds)
        return self.rate_limits

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the fake first"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, key: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{key}"

    # --- the workspace -----------------------------------------------------------------------

    def add_workspace(self, team_id: str, code: str, *, installer: str = "", enterprise: str = "") -> None:
        """A workspace whose admin will approve the app: ``oauth.v2.access`` with ``code``
        answers with a new bot token for ``team_id`` (of Grid organization ``enterprise``)."""
        self._codes[code] = (team_id, installer, enterprise)
        if enterprise:
            self.enterprise_of[team_id] = enterprise

    def add_org_install(self, enterprise: str, code: str, *, teams: list[str], installer: str = "") -> None:
        """An org-wide install of Grid organization ``enterprise`` over its workspaces ``teams``:
        ``code`` is exchanged for one token of the organization."""
        self._codes[code] = ("", installer, enterprise)
        for team in teams:
            self.enterprise_of[team] = enterprise

    def token_of(self, team_id: str) -> str:
        """The newest bot token issued for ``team_id`` (an org-wide one: for its enterprise id)."""
        return [t for t, team in self.tokens.items() if team == team_id][-1]

    def revoke(self, token: str) -> None:
        self.revoked.add(token)

    def add_user(
        self,
        user_id: str,
        *,
        tz: str = "America/New_York",
        is_admin: bool = False,
        is_owner: bool = False,
        name: str = "",
        team: str = "",
    ) -> dict[str, Any]:
        user = {
            "id": user_id,
            "team_id": team or self.team_id,
            "name": name or user_id.lower(),
            "real_name": name or user_id,
            "deleted": False,
            "tz": tz,
            "tz_label": tz,
            "tz_offset": 0,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "is_bot": False,
            "profile": {"display_name": name or user_id, "real_name": name or user_id},
        }
        self.users[user_id] = user
        return user

    def add_file(self, file_id: str, name: str, content: bytes, *, user: str = "", filetype: str = "text",
                 mimetype: str = "text/plain") -> dict[str, Any]:
        """A file someone uploaded: ``files.info`` describes it, and its ``url_private`` (on this
        server) serves ``content`` to the bot token only, as Slack's file URLs do."""
        url = f"http://127.0.0.1:{self.port}/files/{self.team_id}-{file_id}/{name}"
        info = {
            "id": file_id, "name": name, "title": name, "user": user, "filetype": filetype,
            "mimetype": mimetype, "size": len(content), "url_private": url,
            "url_private_download": url + "?download=1", "is_external": False,
        }
        self.files[file_id] = info
        self.file_contents[file_id] = content
        return info

    def add_channel(self, channel_id: str, *, name: str = "", is_member: bool = True, team: str = "") -> None:
        self.channels[channel_id] = {
            "id": channel_id,
            "team_id": team or self.team_id,
            "name": name or channel_id.lower(),
            "is_channel": channel_id.startswith("C"),
            "is_im": channel_id.startswith("D"),
            "is_private": channel_id.startswith("G"),
            "is_member": is_member,
        }

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        count: int = 1,
        retry_after: int = 0,
        when: Callable[[dict[str, Any]], bool] | None = None,
        accepted: bool = False,
    ) -> None:
        """The next ``count`` calls of ``method`` (matching ``when``) answer ``status``;
        a 429 carries Retry-After as Slack's does. ``accepted``: the call is carried out
        all the same (Slack kept the message, then its answer was lost)."""
        with self._changed:
            self._failures[method] = _Failure(status, count, retry_after, when, accepted)

    def hold(self, method: str, *, when: Callable[[dict[str, Any]], bool] | None = None) -> threading.Event:
        """Calls of ``method`` (matching ``when``) wait until the returned gate is set:
        a Slack that is slow to answer, released by the test rather than by a timer."""
        gate = threading.Event()
        with self._changed:
            self._holds[method] = _Hold(gate, when)
        return gate

    # --- what arrived ------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self._changed:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def answers(self) -> list[Call]:
        """Successful calls that put something in front of a person."""
        shown = ("chat.postMessage", "chat.postEphemeral", "chat.update", "views.publish", "response_url")
        return [c for c in self.calls if c.method in shown and c.ok]

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        *,
        timeout: float = 10.0,
        count: int = 1,
    ) -> list[Call]:
        """Block until ``count`` successful calls of ``method`` match; raise AssertionError on timeout."""
        deadline = time.monotonic() + timeout

        def matching() -> list[Call]:
            return [
                c for c in self._calls
                if c.method == method and c.ok and (predicate is None or predicate(c))
            ]

        with self._changed:
            while len(found := matching()) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.status, c.answer.get("error")) for c in self._calls]
                    raise AssertionError(
                        f"waited {timeout}s for {count} {method} call(s); got {len(found)}. Calls: {seen}"
                    )
                self._changed.wait(left)
            return found[:count]

    def wait_one(
        self, method: str, predicate: Callable[[Call], bool] | None = None, *, timeout: float = 10.0
    ) -> Call:
        return self.wait_for(method, predicate, timeout=timeout)[0]

    def wait_count(self, method: str, count: int, *, timeout: float = 10.0) -> bool:
        """Until ``count`` successful calls of ``method`` have arrived in all; O(1) per
        arrival, for benchmarks that send thousands."""
        with self._changed:
            return self._changed.wait_for(lambda: self._ok_counts.get(method, 0) >= count, timeout)

    def history(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages kept (oldest first) in ``channel``, or in every channel, with their metadata."""
        with self._changed:
            if channel is not None:
                return [dict(m) for m in self._kept.get(channel, [])]
            return [dict(m) for ms in self._kept.values() for m in ms]

    def clear(self) -> None:
        with self._changed:
            self._calls.clear()
            self._ok_counts.clear()

    # --- serving -----------------------------------------------------------------------------

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        url = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        if url.path.startswith("/upload/v1/") and request.command == "POST":
            # File bytes, not a form, whatever Content-Type the uploader sent.
            handled = self._receive_upload(url.path.removeprefix("/upload/v1/"), raw)
            self._record(Call("file_upload", {"bytes": len(raw)}, "", arrived, handled.status, handled.answer,
                              url.path))
            self._reply(request, handled)
            return
        args: dict[str, Any] = dict(parse_qsl(url.query))
        content_type = request.headers.get("Content-Type", "")
        if raw and content_type.startswith("application/json"):
            try:
                args.update(json.loads(raw))
            except ValueError:
                self._reply(request, _Handled(200, {"ok": False, "error": "invalid_json"}))
                return
        elif raw:
            args.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        args = _decode_json_fields(args)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() if auth else str(args.pop("token", ""))

        if url.path.startswith("/response/"):
            method = "response_url"
            handled = self._response_url(args)
        elif url.path.startswith("/api/"):
            method = url.path.removeprefix("/api/")
            self._wait_if_held(method, args)
            fault = self.faults.take(method, args)
            if fault is not None:
                self.faults.serve(self, request, fault, method, args, token, arrived)
                return
            handled = self._failure(method, args, token) or self._api(method, args, token)
        elif url.path.startswith("/files/") and request.command == "GET":
            self._serve_file(request, url.path, token, arrived)
            return

        else:
            method = url.path
            handled = _Handled(404, {"ok": False, "error": "unknown_path"})

        self._record(Call(method, args, token, arrived, handled.status, handled.answer, url.path))
        self._reply(request, handled)

    def _record(self, call: Call) -> None:
        with self._changed:
            self._calls.append(call)
            if call.ok:
                self._ok_counts[call.method] = self._ok_counts.get(call.method, 0) + 1
            self._changed.notify_all()

    def _serve_file(self, request: BaseHTTPRequestHandler, path: str, token: str, arrived: float) -> None:
        file_id = path.removeprefix("/files/").split("/", 1)[0].removeprefix(f"{self.team_id}-")
        content = self.file_contents.get(file_id)
        # Slack answers a file URL without the bot token with its sign-in page, not the file.
        status = 200 if content is not None and token == self.bot_token else 404 if content is None else 403
        call = Call("file_download", {"file": file_id}, token, arrived, status, {"ok": status == 200}, path)
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()
        body = content if status == 200 and content is not None else b"<html>sign in</html>"
        request.send_response(status)
        # A file is served as the type it was uploaded as (a saved web page is text/html too).
        served = str(self.files.get(file_id, {}).get("mimetype") or "application/octet-stream")
        request.send_header("Content-Type", served if status == 200 else "text/html")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def _receive_upload(self, file_id: str, raw: bytes) -> _Handled:
        """The upload URL files.getUploadURLExternal handed out: the bytes, exactly ``length`` of them.
        Slack's upload host needs no token (the URL is the secret) and answers in plain text."""
        with self._changed:
            pending = self._uploads.get(file_id)
            if pending is None or "content" in pending:
                return _Handled(404, {"ok": False, "error": "unknown_upload"})
            if len(raw) != pending["length"]:
                return _Handled(400, {"ok": False, "error": f"expected {pending['length']} bytes, got {len(raw)}"})
            pending["content"] = raw
        return _Handled(200, {"ok": True})

    def _reply(self, request: BaseHTTPRequestHandler, handled: _Handled) -> None:
        body = json.dumps(handled.answer).encode()
        request.send_response(handled.status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        for name, value in handled.headers.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)

    def _wait_if_held(self, method: str, args: dict[str, Any]) -> None:
        with self._changed:
            held = self._holds.get(method)
        if held is not None and (held.when is None or held.when(args)):
            held.gate.wait(timeout=60)

    def _failure(self, method: str, args: dict[str, Any], token: str) -> _Handled | None:
        with self._changed:
            failure = self._failures.get(method)
            if failure is None or failure.remaining <= 0:
                return None
            if failure.when is not None and not failure.when(args):
                return None
            failure.remaining -= 1
        if failure.accepted:
            self._api(method, args, token)  # done, but the caller will never hear so
        if failure.status == HTTPStatus.TOO_MANY_REQUESTS:
            return _Handled(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(failure.retry_after)})
        return _Handled(failure.status, {"ok": False, "error": "fatal_error"})

    def _api(self, method: str, args: dict[str, Any], token: str) -> _Handled:
        if method == "oauth.v2.access":  # the app's credentials, not a token
            return _Handled(200, self._oauth_v2_access(args, token.removeprefix("Basic ").strip()))
        if not token:
            return _Handled(200, {"ok": False, "error": "not_authed"})
        if method == "apps.connections.open":
            if token != self.app_token:
                return _Handled(200, {"ok": False, "error": "invalid_auth"})
            if not self.socket_url:
                return _Handled(200, {"ok": False, "error": "socket_mode_not_available"})
            return _Handled(200, {"ok": True, "url": self.socket_url})
        if token in self.revoked:
            return _Handled(200, {"ok": False, "error": "token_revoked"})
        team = self.tokens.get(token)
        if team is None:
            return _Handled(200, {"ok": False, "error": "invalid_auth"})
        foreign = self._foreign(args, team)
        if foreign:
            return _Handled(200, {"ok": False, "error": foreign})
        if self.rate_limits is not None:
            wait = self.rate_limits.check(method, args, team)
            if wait > 0:
                # Slack's Retry-After is whole seconds, at least one.
                return _Handled(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(max(1, math.ceil(wait)))})
        if method == "auth.test":
            return _Handled(200, self._m_auth_test(args, team))
        if method == "auth.teams.list":
            return _Handled(200, self._m_auth_teams_list({**args, "__team__": team}))
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return _Handled(200, {"ok": False, "error": "unknown_method"})
        try:
            return _Handled(200, handler(args))
        except BlockError as exc:
            return _Handled(200, {"ok": False, "error": "invalid_blocks", "errors": [str(exc)]})
        except LimitError as exc:
            return _Handled(200, {"ok": False, "error": exc.code, "errors": [str(exc)]})

    def _response_url(self, args: dict[str, Any]) -> _Handled:
        try:
            self._check_message(args)
        except BlockError as exc:
            return _Handled(200, {"ok": False, "error": "invalid_blocks", "errors": [str(exc)]})
        except (_ApiError, LimitError) as exc:
            return _Handled(200, {"ok": False, "error": exc.code})
        return _Handled(200, {"ok": True})

    # --- workspaces ----------------------------------------------------------------------------

    def _team_of_user(self, user: str) -> str | None:
        known = self.users.get(user)
        return str(known["team_id"]) if known else None

    def _foreign(self, args: dict[str, Any], team: str) -> str:
        """The error Slack gives a token used on another team's channel or user; '' if none."""
        channel = str(args.get("channel") or "")
        if channel:
            known = self.channels.get(channel)
            owner = known.get("team_id") if known else None
            if owner is None and channel.startswith("D"):
                owner = self._team_of_user("U" + channel[1:])  # conversations.open's DM ids
            if owner is not None and not self._reaches(team, owner):
                return "channel_not_found"
        for key in ("user", "user_id", "users"):
            owner = self._team_of_user(str(args.get(key) or ""))
            if owner is not None and not self._reaches(team, owner):
                return "user_not_found"
        return ""

    def _reaches(self, token_team: str, owner: str) -> bool:
        """A token reaches its own team's things; an org-wide token, its workspaces'."""
        return owner == token_team or self.enterprise_of.get(owner) == token_team

    def _oauth_v2_access(self, args: dict[str, Any], credentials: str) -> dict[str, Any]:
        """Slack's code exchange: client id and secret as HTTP Basic auth (slack-sdk's way) or
        form fields; each code works once."""
        client = f"{args.get('client_id', '')}:{args.get('client_secret', '')}"
        try:
            client = base64.b64decode(credentials).decode() if credentials else client
        except ValueError:
            pass
        if client != f"{CLIENT_ID}:{CLIENT_SECRET}":
            return {"ok": False, "error": "invalid_client_id"}
        with self._changed:
            found = self._codes.pop(str(args.get("code") or ""), None)
        if found is None:
            return {"ok": False, "error": "invalid_code"}
        team, installer, enterprise = found
        # An org-wide token belongs to the organization: it is recorded under the enterprise id.
        token = f"xoxb-{team or enterprise}-{next(self._issued)}"
        with self._changed:
            self.tokens[token] = team or enterprise
        return {
            "ok": True, "app_id": APP_ID, "access_token": token, "token_type": "bot",
            "scope": "chat:write,commands", "bot_user_id": self.bot_user_id,
            "team": {"id": team, "name": f"Team {team}"} if team else None,
            "enterprise": {"id": enterprise, "name": f"Org {enterprise}"} if enterprise else None,
            "is_enterprise_install": not team,
            "authed_user": {"id": installer or "U0INSTALL1"},
        }

    # --- methods -----------------------------------------------------------------------------

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _check_message(self, args: dict[str, Any], method: str = "chat.postMessage") -> None:
        if not str(args.get("text") or "").strip():
            raise _ApiError("no_text")
        if "blocks" in args:
            check_blocks(args["blocks"], MESSAGE_BLOCK_LIMIT)
        check_message_size(method, args)

    def _check_channel(self, args: dict[str, Any]) -> str:
        channel = str(args.get("channel") or "")
        if not channel:
            raise _ApiError("channel_not_found")
        known = self.channels.get(channel)
        if known is not None and not known["is_member"]:
            raise _ApiError("not_in_channel")
        return channel

    def _guarded(self, fn: Callable[[dict[str, Any]], dict[str, Any]], args: dict[str, Any]) -> dict[str, Any]:
        try:
            return fn(args)
        except _ApiError as exc:
            return {"ok": False, "error": exc.code}

    def _m_auth_test(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        org_wide = team in self.enterprise_of.values() and team not in self.enterprise_of
        answer = {
            "ok": True,
            "url": "https://agendabot-test.slack.com/",
            "team": "Agendabot Test",
            "user": "agendabot",
            "team_id": team,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": org_wide,
        }
        enterprise = team if org_wide else self.enterprise_of.get(team)
        if enterprise:
            answer["enterprise_id"] = enterprise
        return answer

    def _m_auth_teams_list(self, args: dict[str, Any]) -> dict[str, Any]:
        """The workspaces a token can act in: an org-wide token's organization's, one a page."""
        token_team = str(args.get("__team__") or "")
        teams = sorted(t for t, org in self.enterprise_of.items() if org == token_team) or [token_team]
        start = int(str(args.get("cursor") or "0") or 0)
        page = teams[start:start + 1]  # one a page, so the client's paging is exercised
        following = str(start + 1) if start + 1 < len(teams) else ""
        return {"ok": True, "teams": [{"id": t, "name": f"Team {t}"} for t in page],
                "response_metadata": {"next_cursor": following}}

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        def post(a: dict[str, Any]) -> dict[str, Any]:
            channel = self._check_channel(a)
            if channel[0] in "UW":  # a user id: Slack posts in the app's DM with them
                channel = "D" + channel[1:]
            self._check_message(a)
            ts = self._next_ts()
            message = {"type": "message", "text": a["text"], "user": self.bot_user_id, "bot_id": self.bot_id, "ts": ts}
            if a.get("thread_ts"):
                message["thread_ts"] = a["thread_ts"]
            if isinstance(a.get("metadata"), dict):
                message["metadata"] = a["metadata"]
            with self._changed:
                self._kept.setdefault(channel, []).append(message)
            return {"ok": True, "channel": channel, "ts": ts, "message": message}

        return self._guarded(post, args)

    def _m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        def post(a: dict[str, Any]) -> dict[str, Any]:
            self._check_channel(a)
            if not a.get("user"):
                raise _ApiError("user_not_in_channel")
            self._check_message(a)
            return {"ok": True, "message_ts": self._next_ts()}

        return self._guarded(post, args)

    def _m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        def update(a: dict[str, Any]) -> dict[str, Any]:
            channel = self._check_channel(a)
            if not a.get("ts"):
                raise _ApiError("message_not_found")
            self._check_message(a, "chat.update")
            return {"ok": True, "channel": channel, "ts": a["ts"], "text": a["text"]}

        return self._guarded(update, args)

    def _m_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        def publish(a: dict[str, Any]) -> dict[str, Any]:
            if not a.get("user_id"):
                raise _ApiError("invalid_arguments")
            view = self._check_view(a, "home")
            return {"ok": True, "view": {"id": "V" + self._next_ts().replace(".", ""), **view}}

        return self._guarded(publish, args)

    def _m_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        def open_(a: dict[str, Any]) -> dict[str, Any]:
            if not a.get("trigger_id"):
                raise _ApiError("invalid_trigger_id")
            view = self._check_view(a, "modal")
            return {"ok": True, "view": {"id": "V" + self._next_ts().replace(".", ""), **view}}

        return self._guarded(open_, args)

    def _check_view(self, args: dict[str, Any], kind: str) -> dict[str, Any]:
        view = args.get("view")
        if not isinstance(view, dict) or view.get("type") != kind:
            raise _ApiError("invalid_arguments")
        if kind == "modal":
            _check_text(view.get("title"), 24, "modal title")
            for key in ("submit", "close"):
                if key in view:
                    _check_text(view[key], 24, f"modal {key}")
        check_blocks(view.get("blocks", []), VIEW_BLOCK_LIMIT, in_view=True)
        check_view_size(view)
        return view

    def _m_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user") or ""))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        if str(args.get("include_locale")).lower() not in ("true", "1"):  # as Slack: only when asked
            user = {k: v for k, v in user.items() if k != "locale"}
        return {"ok": True, "user": user}

    def _m_conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        known = self.channels.get(channel) or {
            "id": channel, "name": channel.lower(), "is_channel": channel.startswith("C"),
            "is_im": channel.startswith("D"), "is_private": False, "is_member": True,
        }
        return {"ok": True, "channel": known}

    def _m_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        oldest = float(args.get("oldest") or 0)
        with_metadata = str(args.get("include_all_metadata")).lower() in ("true", "1")
        messages = [
            {k: v for k, v in m.items() if k != "metadata" or with_metadata}
            for m in reversed(self.history(str(args.get("channel") or "")))
            # Whole seconds: a ts here is wall-clock seconds and a counter, not microseconds.
            if int(float(m["ts"])) >= int(oldest)
        ]
        return {"ok": True, "messages": messages, "has_more": False}

    def _m_conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        """A thread: its parent (when kept) and its replies, oldest first, as Slack lists them."""
        parent, oldest = str(args.get("ts") or ""), float(args.get("oldest") or 0)
        with_metadata = str(args.get("include_all_metadata")).lower() in ("true", "1")
        messages = [
            {k: v for k, v in m.items() if k != "metadata" or with_metadata}
            for m in self.history(str(args.get("channel") or ""))
            if (m["ts"] == parent or m.get("thread_ts") == parent) and int(float(m["ts"])) >= int(oldest)
        ]
        return {"ok": True, "messages": messages, "has_more": False}

    def _m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = str(args.get("users") or "")
        if not users or users[0] not in "UW" or "," in users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": "D" + users[1:]}}

    def _m_files_info(self, args: dict[str, Any]) -> dict[str, Any]:
        found = self.files.get(str(args.get("file") or ""))
        return {"ok": True, "file": found} if found else {"ok": False, "error": "file_not_found"}

    def _m_chat_getPermalink(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = args.get("channel"), args.get("message_ts")
        if not channel or not ts:
            return {"ok": False, "error": "message_not_found"}
        link = f"https://agendabot-test.slack.com/archives/{channel}/p{str(ts).replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": link}

    def _m_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        filename, length = str(args.get("filename") or ""), str(args.get("length") or "")
        if not filename or not length.isdigit() or int(length) <= 0:
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ts):09d}"
        with self._changed:
            self._uploads[file_id] = {"filename": filename, "length": int(length)}
        return {"ok": True, "file_id": file_id, "upload_url": f"http://127.0.0.1:{self.port}/upload/v1/{file_id}"}

    def _m_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        try:
            files = json.loads(args.get("files") or "")
        except ValueError:
            return {"ok": False, "error": "invalid_arguments"}
        if not isinstance(files, list) or not files or not all(isinstance(f, dict) and f.get("id") for f in files):
            return {"ok": False, "error": "invalid_arguments"}
        channel = str(args.get("channel_id") or "")
        done = []
        with self._changed:
            for f in files:
                pending = self._uploads.get(str(f["id"]))
                if pending is None or "content" not in pending:
                    return {"ok": False, "error": "file_not_found"}  # never uploaded, as Slack says
            for f in files:
                pending = self._uploads.pop(str(f["id"]))
                info = {"id": f["id"], "name": pending["filename"], "title": f.get("title") or pending["filename"],
                        "size": pending["length"], "channels": [channel] if channel else []}
                self.files[str(f["id"])] = info
                self.file_contents[str(f["id"])] = pending["content"]
                self.shared_files.append({**info, "channel": channel, "content": pending["content"],
                                          "initial_comment": args.get("initial_comment") or ""})
                done.append(info)
        return {"ok": True, "files": done}

    def _m_reactions_add(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("channel") or not args.get("timestamp") or not args.get("name"):
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True}


# --- faults -----------------------------------------------------------------------------------


RATELIMIT, SERVER_ERROR, TIMEOUT, DROP = "ratelimit", "server_error", "timeout", "drop"


@dataclass
class SlackFault:
    """One way calls of ``method`` (to ``channel``, or any) go wrong, ``count`` times or until removed.

    ``kept``: the call takes effect all the same (a message is posted), though its caller
    hears an error or nothing. For a ``timeout`` that happens only when the server stops
    sitting on the request: after ``seconds``, or when ``release()`` is called.
    """

    kind: str
    method: str
    channel: str | None = None
    kept: bool = False
    retry_after: int = 1
    seconds: float = 30.0
    count: int | None = None  # None: until removed
    hits: int = 0
    released: threading.Event = field(default_factory=threading.Event)
    served: threading.Event = field(default_factory=threading.Event)  # a call it met has been dealt with

    def applies(self, method: str, args: dict[str, Any]) -> bool:
        if method != self.method or (self.count is not None and self.hits >= self.count):
            return False
        return self.channel is None or str(args.get("channel") or args.get("users") or "") == self.channel

    def release(self) -> None:
        """A held ``timeout`` ends now (its call is carried out if ``kept``)."""
        self.released.set()


class SlackFaults:
    """The faults a ``FakeSlack`` injects; the first that applies to a call wins."""

    def __init__(self) -> None:
        self._faults: list[SlackFault] = []
        self._cond = threading.Condition()

    def add(self, fault: SlackFault) -> SlackFault:
        with self._cond:
            self._faults.append(fault)
        return fault

    def ratelimit(self, method: str, *, retry_after: int = 1, channel: str | None = None,
                  count: int | None = None) -> SlackFault:
        return self.add(SlackFault(RATELIMIT, method, channel, retry_after=retry_after, count=count))

    def server_error(self, method: str, *, kept: bool, channel: str | None = None,
                     count: int | None = None) -> SlackFault:
        return self.add(SlackFault(SERVER_ERROR, method, channel, kept=kept, count=count))

    def timeout(self, method: str, *, seconds: float, kept: bool = False, channel: str | None = None,
                count: int | None = None) -> SlackFault:
        return self.add(SlackFault(TIMEOUT, method, channel, kept=kept, seconds=seconds, count=count))

    def drop(self, method: str, *, kept: bool = False, channel: str | None = None,
             count: int | None = None) -> SlackFault:
        return self.add(SlackFault(DROP, method, channel, kept=kept, count=count))

    def remove(self, fault: SlackFault) -> None:
        with self._cond:
            if fault in self._faults:
                self._faults.remove(fault)
        fault.release()

    def clear(self) -> None:
        with self._cond:
            faults, self._faults = self._faults, []
        for fault in faults:
            fault.release()

    def take(self, method: str, args: dict[str, Any]) -> SlackFault | None:
        """The fault this call meets, counted as a hit; None when it goes through."""
        with self._cond:
            for fault in self._faults:
                if fault.applies(method, args):
                    fault.hits += 1
                    self._cond.notify_all()
                    return fault
        return None

    def wait_hits(self, fault: SlackFault, hits: int, timeout: float = 10.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: fault.hits >= hits, timeout)

    def serve(self, fake: FakeSlack, request: BaseHTTPRequestHandler, fault: SlackFault, method: str,
              args: dict[str, Any], token: str, arrived: float) -> None:
        """Answer one call as ``fault`` says."""
        if fault.kind == TIMEOUT:
            fault.released.wait(fault.seconds)
        answer = fake._api(method, args, token) if fault.kept else None
        kept = answer is not None and answer.status == 200 and bool(answer.answer.get("ok"))
        if fault.kind == RATELIMIT:
            handled = _Handled(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(fault.retry_after)})
        elif fault.kind == SERVER_ERROR:
            handled = _Handled(500, {"ok": False, "error": "fatal_error"})
        else:  # TIMEOUT, DROP: the caller hears nothing
            handled = _Handled(0, {"ok": False, "error": fault.kind, "kept": kept})
        fake._record(Call(method, args, token, arrived, handled.status, handled.answer, request.path))
        fault.served.set()
        if handled.status:
            try:
                fake._reply(request, handled)
            except OSError:
                pass  # the caller gave up first
            return
        request.close_connection = True
        try:
            request.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


# --- rate limits (opt-in: ``fake.enforce_rate_limits()``) ----------------------------------

# Slack's tiers (the Web API rate-limit guide): calls a minute per method per workspace, and
# the burst Slack tolerates above the pace. Methods not listed are not limited here.
TIER_PER_MINUTE = {2: 20, 3: 50, 4: 100}
TIER_BURST = {2: 5, 3: 15, 4: 25}
METHOD_TIERS = {
    "views.publish": 4, "views.open": 4, "views.update": 4, "users.info": 4, "chat.postEphemeral": 4,
    "conversations.history": 3, "conversations.replies": 3, "conversations.open": 3, "conversations.info": 3,
    "chat.update": 3,
}
# chat.postMessage is special: about one a second per channel with short bursts, and an
# app-wide cap Slack calls "several hundred per minute" (600 here).
POST_PER_CHANNEL, POST_CHANNEL_BURST = 1.0, 3
POST_PER_MINUTE, POST_BURST = 600, 30


class _Bucket:
    """GCRA: a call conforms when it comes no earlier than ``burst - 1`` intervals before its
    theoretical arrival time."""

    def __init__(self, per_second: float, burst: int) -> None:
        self.interval = 1.0 / per_second
        self.burst = burst
        self.tat = 0.0

    def wait(self, now: float) -> float:
        """0 when a call now conforms (and it is counted); else seconds until one would."""
        earliest = self.tat - (self.burst - 1) * self.interval
        if now < earliest:
            return earliest - now
        self.tat = max(self.tat, now) + self.interval
        return 0.0


class RateLimits:
    """Answers 429 with Retry-After to a call past its method's tier, a post past its channel's
    pace or the app-wide posting cap. ``seconds`` is the time it counts in (a benchmark on an
    accelerated clock passes the same speed-up the app's pacer runs at)."""

    def __init__(self, seconds: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._buckets: dict[tuple[str, ...], _Bucket] = {}
        self._lock = threading.Lock()
        self.refused: list[tuple[str, str]] = []  # (method, channel or "") of every 429 given

    def _bucket(self, key: tuple[str, ...], per_second: float, burst: int) -> _Bucket:
        found = self._buckets.get(key)
        if found is None:
            found = self._buckets[key] = _Bucket(per_second, burst)
        return found

    def check(self, method: str, args: dict[str, Any], team: str) -> float:
        """0 when the call may proceed; else the Retry-After in (the counter's) seconds."""
        with self._lock:
            now = self.seconds()
            if method == "chat.postMessage":
                channel = str(args.get("channel") or "")
                buckets = [self._bucket(("post", team), POST_PER_MINUTE / 60, POST_BURST),
                           self._bucket(("post", team, channel), POST_PER_CHANNEL, POST_CHANNEL_BURST)]
            elif method in METHOD_TIERS:
                tier = METHOD_TIERS[method]
                buckets = [self._bucket((method, team), TIER_PER_MINUTE[tier] / 60, TIER_BURST[tier])]
            else:
                return 0.0
            waits = [_peek(b, now) for b in buckets]  # counted only when every bucket lets it through
            if max(waits) > 0:
                self.refused.append((method, str(args.get("channel") or "")))
                return max(waits)
            for b in buckets:
                b.wait(now)
            return 0.0


def _peek(bucket: _Bucket, now: float) -> float:
    return max(0.0, bucket.tat - (bucket.burst - 1) * bucket.interval - now)


class _ApiError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
