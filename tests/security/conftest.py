"""The app over real HTTP against the fake Slack (tests/e2e/conftest.py's fixtures), and a
local listener standing in for any host a hostile ``response_url`` could name."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.e2e.conftest import (  # noqa: F401  (fixtures, found by name)
    _make_block_action,
    _make_command,
    _make_dm,
    _make_mention,
    app_url,
    clock,
    fake_slack,
    sample,
    settings,
    signed_post,
    slack,
    slack_app,
    socket_settings,
)
from tests.e2e.test_workspaces import (  # noqa: F401  (fixtures of two installed workspaces)
    base,
    installed,
    meetings,
    multi_app,
    oauth_settings,
    workspaces,
)


class Listener:
    """An HTTP server that records every request made to it and answers 200."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, str]] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                hits.append((self.command, self.path))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _record  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"


@pytest.fixture
def listener() -> Iterator[Listener]:
    hook = Listener()
    hook.thread.start()
    try:
        yield hook
    finally:
        hook.server.shutdown()
        hook.server.server_close()
