"""Slack's published limits, checked the way Slack checks them.

The fake Slack server (``tests/fake_slack.py``) answers with these checks, so a payload that
Slack would refuse is refused in every test too; ``check_manifest`` holds the app manifest to
the structural limits of Slack's manifest schema without needing the schema file itself (CI
validates against the schema as well, from ``../shared/slack``).
"""

from __future__ import annotations

import json
import re
from typing import Any

# --- the app manifest ----------------------------------------------------------------------------

_URL = re.compile(r"^https?://")
# (path, min length, max length) for the strings of the manifest the app uses.
_MANIFEST_STRINGS: tuple[tuple[str, int, int], ...] = (
    ("display_information.name", 1, 35),
    ("display_information.description", 1, 140),
    ("display_information.long_description", 175, 4000),
    ("display_information.background_color", 4, 7),
    ("features.bot_user.display_name", 1, 80),
    ("settings.event_subscriptions.request_url", 1, 3500),
    ("settings.interactivity.request_url", 1, 3500),
)


def _get(manifest: dict[str, Any], path: str) -> Any:
    node: Any = manifest
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _length(problems: list[str], where: str, value: Any, low: int, high: int) -> None:
    if not isinstance(value, str):
        problems.append(f"{where}: a string is required")
    elif not low <= len(value) <= high:
        problems.append(f"{where}: {len(value)} characters; {low} to {high} allowed")


def check_manifest(manifest: dict[str, Any]) -> list[str]:
    """What Slack's manifest schema would refuse in ``manifest`` (empty if nothing)."""
    problems: list[str] = []
    if _get(manifest, "display_information.name") is None:
        problems.append("display_information.name is required")
    for path, low, high in _MANIFEST_STRINGS:
        value = _get(manifest, path)
        if value is not None:
            _length(problems, path, value, low, high)
    for path in ("settings.event_subscriptions.request_url", "settings.interactivity.request_url"):
        value = _get(manifest, path)
        if isinstance(value, str) and not _URL.match(value):
            problems.append(f"{path}: not an http(s) URL")
    shortcuts = _get(manifest, "features.shortcuts") or []
    if len(shortcuts) > 10:
        problems.append("features.shortcuts: at most 10")
    for i, shortcut in enumerate(shortcuts):
        where = f"features.shortcuts.{i}"
        _length(problems, f"{where}.name", shortcut.get("name"), 1, 24)
        _length(problems, f"{where}.callback_id", shortcut.get("callback_id"), 1, 255)
        _length(problems, f"{where}.description", shortcut.get("description"), 1, 150)
        if shortcut.get("type") not in ("message", "global"):
            problems.append(f"{where}.type: message or global")
    commands = _get(manifest, "features.slash_commands") or []
    if len(commands) > 50:
        problems.append("features.slash_commands: at most 50")
    for i, command in enumerate(commands):
        where = f"features.slash_commands.{i}"
        _length(problems, f"{where}.command", command.get("command"), 2, 32)
        if not str(command.get("command") or "").startswith("/"):
            problems.append(f"{where}.command: must start with /")
        _length(problems, f"{where}.description", command.get("description"), 1, 2000)
        if "usage_hint" in command:
            _length(problems, f"{where}.usage_hint", command["usage_hint"], 1, 1000)
        if "url" in command and not _URL.match(str(command["url"])):
            problems.append(f"{where}.url: not an http(s) URL")
    for path in ("oauth_config.scopes.bot", "oauth_config.scopes.user"):
        scopes = _get(manifest, path) or []
        if len(scopes) > 255:
            problems.append(f"{path}: at most 255")
        for scope in scopes:
            _length(problems, f"{path} {scope!r}", scope, 1, 50)
    events = _get(manifest, "settings.event_subscriptions.bot_events") or []
    if len(events) > 100:
        problems.append("settings.event_subscriptions.bot_events: at most 100")
    for event in events:
        _length(problems, f"bot_events {event!r}", event, 1, 50)
    for url in _get(manifest, "oauth_config.redirect_urls") or []:
        _length(problems, "oauth_config.redirect_urls", url, 1, 2500)
    return problems


# --- messages and views --------------------------------------------------------------------------
# Numbers as Slack documents them (or, for the cumulative text, as it has been seen to refuse);
# deliberately not imported from handlers/render/budget.py, so a wrong margin there fails a test.

MESSAGE_TEXT_LIMIT = 11_000  # block text in all; Slack: msg_blocks_too_long near 11-13k
UPDATE_TEXT_LIMIT = 4_000  # chat.update's ``text``
POST_TEXT_LIMIT = 40_000  # chat.postMessage / chat.postEphemeral ``text``
VIEW_BYTES_LIMIT = 250_000
SELECT_OPTIONS_LIMIT = 100
OPTION_TEXT_LIMIT = 75
OPTION_VALUE_LIMIT = 150
INPUT_VALUE_LIMIT = 3000
PLACEHOLDER_LIMIT = 150


class LimitError(ValueError):
    """A payload Slack refuses with ``code`` (not ``invalid_blocks``)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


def block_text(node: Any) -> int:
    """Characters of text in blocks: every text object's ``text``, however deep."""
    if isinstance(node, list):
        return sum(block_text(n) for n in node)
    if not isinstance(node, dict):
        return 0
    own = len(node["text"]) if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str) else 0
    return own + sum(block_text(v) for v in node.values() if isinstance(v, (dict, list)))


def check_message_size(method: str, args: dict[str, Any]) -> None:
    """``msg_too_long`` and ``msg_blocks_too_long`` where Slack gives them."""
    text = str(args.get("text") or "")
    limit = UPDATE_TEXT_LIMIT if method == "chat.update" else POST_TEXT_LIMIT
    if len(text) > limit:
        raise LimitError("msg_too_long", f"text of {len(text)} characters; at most {limit} in {method}")
    blocks = args.get("blocks")
    if isinstance(blocks, list) and block_text(blocks) > MESSAGE_TEXT_LIMIT:
        raise LimitError("msg_blocks_too_long", f"blocks hold {block_text(blocks)} characters of text")


def check_view_size(view: Any) -> None:
    size = len(json.dumps(view, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    if size > VIEW_BYTES_LIMIT:
        raise LimitError("view_too_large", f"view of {size} bytes; at most {VIEW_BYTES_LIMIT}")


def element_problems(element: dict[str, Any]) -> list[str]:
    """What Slack refuses in a select, menu or input element (buttons are checked by the fake)."""
    problems: list[str] = []
    kind = element.get("type")
    if kind in ("static_select", "multi_static_select", "overflow", "radio_buttons", "checkboxes"):
        options = list(element.get("options") or [])
        for group in element.get("option_groups") or []:
            options += group.get("options") or []
        cap = 5 if kind == "overflow" else 10 if kind in ("radio_buttons", "checkboxes") else SELECT_OPTIONS_LIMIT
        if not options or len(options) > cap:
            problems.append(f"{kind} with {len(options)} options; 1 to {cap}")
        for option in options:
            text = (option.get("text") or {}).get("text") or ""
            if not text or len(text) > OPTION_TEXT_LIMIT:
                problems.append(f"option text of {len(text)} characters; 1 to {OPTION_TEXT_LIMIT}")
            if len(str(option.get("value") or "")) > OPTION_VALUE_LIMIT:
                problems.append(f"option value over {OPTION_VALUE_LIMIT} characters")
    if kind == "plain_text_input":
        if len(str(element.get("initial_value") or "")) > INPUT_VALUE_LIMIT:
            problems.append(f"input initial_value over {INPUT_VALUE_LIMIT} characters")
        if int(element.get("max_length") or 0) > INPUT_VALUE_LIMIT:
            problems.append(f"input max_length over {INPUT_VALUE_LIMIT}")
    placeholder = (element.get("placeholder") or {}).get("text") or ""
    if len(placeholder) > PLACEHOLDER_LIMIT:
        problems.append(f"placeholder over {PLACEHOLDER_LIMIT} characters")
    return problems


def block_element_problems(blocks: Any) -> list[str]:
    """``element_problems`` for every element of every block (accessories, actions, inputs)."""
    problems: list[str] = []
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict):
            continue
        elements = [block.get("accessory"), block.get("element"), *(block.get("elements") or [])]
        for element in elements:
            if isinstance(element, dict):
                problems += element_problems(element)
    return problems
