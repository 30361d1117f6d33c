"""Slack's HTTP requests at the door: signature first, then shape, before Bolt sees them.

Nothing in a request may be acted on before its signature is known good: not
its channel (an apology posted there), not its user (a DM), not its
``response_url`` (a fetch anywhere). slack-sdk's verifier raises on a
timestamp that is not a number or a signature that is not ASCII, and Bolt
hands that exception to the error handler together with the unverified body;
here any such header is simply a bad signature (401).

A signed body Bolt cannot read, or an event without the fields its listener
needs, is refused with 400 and one log line: the same body would fail again
on every retry, and a listener must never start on it (it would fail after
the ack, with a traceback, and apologise).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

MAX_SKEW_SECONDS = 300  # Slack's own rule: older (or newer) signatures are replays
VERSION = "v0"

# What each event we act on must carry (strings), so its listener never meets a hole.
REQUIRED_EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "app_mention": ("channel", "ts"),
    "message": ("channel", "ts"),
    "app_home_opened": ("user",),
}


@dataclass(frozen=True)
class Refusal:
    """Why a request is turned away at the door, and with which HTTP status."""

    status: int
    reason: str


def signature_is_valid(secret: str, body: bytes, timestamp: str | None, signature: str | None,
                       now: float | None = None) -> bool:
    """Slack's v0 signature (HMAC-SHA256 of ``v0:{timestamp}:{body}``), checked without
    ever raising: a missing, non-numeric or stale timestamp, or a signature that is not
    ASCII hex, is just not valid."""
    if not secret or not timestamp or not signature:
        return False
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > MAX_SKEW_SECONDS:
        return False
    if not signature.isascii():
        return False
    digest = hmac.new(secret.encode(), f"{VERSION}:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"{VERSION}={digest}".encode(), signature.encode())


def check_signature(secret: str, body: bytes, headers: Mapping[str, str | None]) -> Refusal | None:
    """None when Slack signed this request; ``headers`` keyed in lower case."""
    if signature_is_valid(secret, body, headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature")):
        return None
    return Refusal(401, "invalid signature")


def check_shape(content_type: str, body: bytes) -> Refusal | None:
    """None when Bolt can read the body and its listeners find what they need."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "body is not UTF-8")
    if content_type.startswith("application/json"):
        return _check_json(text)
    if content_type.startswith("application/x-www-form-urlencoded"):
        return _check_form(text)
    return Refusal(400, f"unexpected content type {content_type or '(none)'}")


def _check_json(text: str) -> Refusal | None:
    try:
        body = json.loads(text)
    except ValueError:
        return Refusal(400, "body is not JSON")
    if not isinstance(body, dict):
        return Refusal(400, "body is not a JSON object")
    if body.get("type") == "event_callback":
        return check_event(body.get("event"))
    return None


def check_event(event: Any) -> Refusal | None:
    """An Events API ``event``: an object with a type, and the fields its listener reads."""
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return Refusal(400, "event is not an object with a type")
    for name in REQUIRED_EVENT_FIELDS.get(event["type"], ()):
        if not isinstance(event.get(name), str) or not event[name]:
            return Refusal(400, f"{event['type']} event without {name}")
    return None


def _check_form(text: str) -> Refusal | None:
    fields = parse_qs(text, keep_blank_values=True)
    if "payload" not in fields:
        return None  # a slash command: Bolt reads the fields it needs with .get
    try:
        payload = json.loads(fields["payload"][0])
    except ValueError:
        return Refusal(400, "payload is not JSON")
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        return Refusal(400, "payload is not an object with a type")
    return None
