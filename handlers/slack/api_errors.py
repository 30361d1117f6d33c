"""Counting failed Slack Web API calls, from inside slack-sdk's retry loop.

Bolt builds a fresh ``WebClient`` for every request, copying only the base
URL, token, timeout and *retry handlers* of the app's client, so a handler is
the one hook that sees every call the listeners make. slack-sdk asks each
handler about every response (even a 200 with ``"ok": false``) and every
connection error; this one answers "do not retry" after counting, so the real
retry handlers after it decide as before.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot import metrics


def _method(request: HttpRequest) -> str:
    return urlsplit(request.url).path.rsplit("/", 1)[-1]


def error_of(response: HttpResponse | None, error: Exception | None) -> str | None:
    """Slack's error code, ``http_<status>``, or the exception's name; None for a success."""
    if response is None:
        return type(error).__name__ if error is not None else None
    body = response.body or {}
    if response.status_code == 200:
        return None if body.get("ok", True) else str(body.get("error") or "unknown")
    return str(body.get("error") or f"http_{response.status_code}")


class CountSlackErrors(RetryHandler):
    """Put first among a client's retry handlers; it never retries anything itself."""

    def __init__(self) -> None:
        super().__init__(max_retry_count=0)

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        failed = error_of(response, error)
        if failed is not None:
            metrics.slack_api_error(_method(request), failed)
        return False
