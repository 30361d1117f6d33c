"""Slack's published limits, checked the way Slack checks them.

The fake Slack server (``tests/fake_slack.py``) answers with these checks, so a payload that
Slack would refuse is refused in every test too; ``check_manifest`` holds the app manifest to
the structural limits of Slack's manifest schema without needing the schema file itself (CI
validates against the schema as well, from ``../shared/slack``).
"""

from __future__ import annotations

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
