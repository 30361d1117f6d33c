"""Putting rendered messages in front of people, and apologising when something broke.

A message posted with ``post`` is never sent twice blindly. A server error or a
lost answer from Slack does not say whether Slack kept the message (it sometimes
does), so slack-sdk's own retries are off for these posts (``one_attempt``, read
by the retry handlers ``make_client`` gives the client). After a server error the
conversation is read for the message, by a marker in its metadata, and it is
posted again only if it is not there; after a timeout Slack may still be
storing it, so it is left alone (``PerhapsPosted``) and nobody is apologised to
for an answer that may well arrive.
"""

from __future__ import annotations

import contextvars
import logging
import socket
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from handlers.render.blocks import Message, apology

log = logging.getLogger(__name__)

# chat.postEphemeral and chat.postMessage need the bot in the conversation; these say it is not.
NOT_THERE = {"not_in_channel", "channel_not_found", "user_not_in_channel"}


MARKER_EVENT = "agendabot_post"  # metadata event type: the marker that finds a post again
LOOK_BACK_SECONDS = 120  # how far back a conversation is read for a post that may have been kept
POST_ATTEMPTS = 3  # after server errors, each followed by a look for the message

_ONE_ATTEMPT: contextvars.ContextVar[bool] = contextvars.ContextVar("agendabot_one_attempt", default=False)


class PerhapsPosted(Exception):
    """Slack may have kept a message without saying so; posting it again could show it twice."""


@contextmanager
def one_attempt() -> Iterator[None]:
    """Calls made inside are not retried by slack-sdk after Slack may have acted on them."""
    token = _ONE_ATTEMPT.set(True)
    try:
        yield
    finally:
        _ONE_ATTEMPT.reset(token)


def _never_sent(error: Exception | None) -> bool:
    """The request cannot have reached Slack: no connection was made."""
    return isinstance(error, URLError) and isinstance(error.reason, ConnectionRefusedError | socket.gaierror)


class ServerErrorRetry(ServerErrorRetryHandler):
    """slack-sdk's retry after a 5xx, except for a call made in ``one_attempt``."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        if _ONE_ATTEMPT.get():
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


class ConnectionErrorRetry(ConnectionErrorRetryHandler):
    """slack-sdk's retry after a connection error; in ``one_attempt`` only when the
    request never left (a refused connection), not when its answer was lost."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        if _ONE_ATTEMPT.get() and not _never_sent(error):
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


def _lost_answer(error: BaseException) -> bool:
    """Sent, and then no answer: Slack may be keeping the message this very moment."""
    if isinstance(error, URLError):
        return isinstance(error.reason, TimeoutError | ConnectionResetError)
    return isinstance(error, TimeoutError | ConnectionResetError | RemoteDisconnected)


def post(client: WebClient, channel: str, messages: Sequence[Message], *, thread_ts: str = "") -> None:
    for message in messages:
        _post_once(client, channel, message, thread_ts)


def _post_once(client: WebClient, channel: str, message: Message, thread_ts: str) -> None:
    marker = uuid.uuid4().hex
    kwargs: dict[str, Any] = {
        "channel": channel, "thread_ts": thread_ts or None,
        "metadata": {"event_type": MARKER_EVENT, "event_payload": {"id": marker}}, **message.as_kwargs(),
    }
    began = time.time()
    for attempt in range(1, POST_ATTEMPTS + 1):
        try:
            with one_attempt():
                client.chat_postMessage(**kwargs)
            return
        except SlackApiError as exc:
            if exc.response.status_code < 500:
                raise
            log.warning("chat.postMessage in %s: Slack answered %d (attempt %d); looking for the message",
                        channel, exc.response.status_code, attempt)
            # A server error is Slack's last word on the request: the message is kept by now or never.
            if _kept(client, channel, thread_ts, marker, since=began - LOOK_BACK_SECONDS):
                log.info("chat.postMessage in %s: Slack kept it after all", channel)
                return
            if attempt == POST_ATTEMPTS:
                raise
        except OSError as exc:  # URLError, timeouts, resets
            if _lost_answer(exc):
                raise PerhapsPosted(f"chat.postMessage in {channel}: no answer from Slack ({exc})") from exc
            raise


def _kept(client: WebClient, channel: str, thread_ts: str, marker: str, *, since: float) -> bool:
    """Whether the message marked ``marker`` is in the conversation (or its thread)."""
    try:
        if thread_ts:
            found = client.conversations_replies(channel=channel, ts=thread_ts, oldest=f"{since:.6f}",
                                                 include_all_metadata=True, limit=200)
        else:
            found = client.conversations_history(channel=channel, oldest=f"{since:.6f}",
                                                 include_all_metadata=True, limit=200)
    except (SlackApiError, OSError) as exc:
        raise PerhapsPosted(f"could not read {channel} to see whether a post was kept: {exc}") from exc
    return any(
        ((m.get("metadata") or {}).get("event_payload") or {}).get("id") == marker
        for m in found.get("messages") or []
    )


def post_ephemeral(
    client: WebClient, respond: Respond | None, channel: str, user: str, messages: Sequence[Message],
    *, thread_ts: str = "",
) -> None:
    """Only ``user`` sees these; through the command's response_url when the bot is not there.

    An ephemeral message cannot be looked for afterwards, so one whose answer was lost
    is left alone (``PerhapsPosted``: no apology before it); after a server error
    slack-sdk retries it, since a second copy is seen by one person, once."""
    try:
        for message in messages:
            client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts or None,
                                      **message.as_kwargs())
    except OSError as exc:
        if _lost_answer(exc):
            raise PerhapsPosted(f"chat.postEphemeral in {channel}: no answer from Slack ({exc})") from exc
        raise
    except SlackApiError as exc:
        if respond is None or exc.response.get("error") not in NOT_THERE:
            raise
        for message in messages:
            respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())


def post_in_channel(
    client: WebClient, respond: Respond | None, channel: str, messages: Sequence[Message]
) -> None:
    """Everyone in ``channel`` sees these (a shared answer)."""
    try:
        post(client, channel, messages)
    except SlackApiError as exc:
        if respond is None or exc.response.get("error") not in NOT_THERE:
            raise
        for message in messages:
            respond(response_type="in_channel", replace_original=False, **message.as_kwargs())


def apologize(client: WebClient, body: dict[str, Any], respond: Respond | None) -> None:
    """Tell whoever was waiting that we failed, where they were waiting (never a traceback)."""
    event = body.get("event") or {}
    messages = apology()
    if event.get("type") in ("app_mention", "message") and event.get("channel"):
        thread = event.get("thread_ts") or (event.get("ts") if event.get("type") == "app_mention" else "")
        post(client, event["channel"], messages, thread_ts=thread or "")
    elif body.get("command") and body.get("channel_id"):
        post_ephemeral(client, respond, body["channel_id"], body["user_id"], messages)
    elif body.get("response_url") and respond is not None:
        respond(response_type="ephemeral", replace_original=False, **messages[0].as_kwargs())
    elif (body.get("user") or {}).get("id"):
        post(client, body["user"]["id"], messages)  # a DM: clicks in App Home, modal submissions
