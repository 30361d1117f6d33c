"""deploy/slack-manifest.yml agrees with the code: the events the app listens to,
the command it registers, the path it serves, the scopes its calls need."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.app import BOT_SCOPES, EVENTS_PATH, REDIRECT_PATH
from bot.requests.grammar import usage_hint
from tests.slack_limits import check_manifest

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "slack-manifest.yml"

# Web API methods the app calls, and the bot scope each needs.
SCOPES_FOR_CALLS = {
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    "users.info": "users:read",
    "conversations.info": "channels:read",
    "files.info": "files:read",  # and the file's url_private download (organizers' uploads)
    "conversations.open": "im:write",  # the DM a personal or rapporteur reminder goes to
    # Reminders look for their delivery key after a crash: channels public and private, and DMs.
    "conversations.history": "channels:history groups:history im:history",
    "reactions.add": "reactions:write",  # the checkmark on a rapporteur's note
    "files.getUploadURLExternal": "files:write",  # the draft report's files
    "files.completeUploadExternal": "files:write",
    "chat.getPermalink": None,  # a note's link: no scope needed
}
SCOPES_FOR_EVENTS = {
    "app_mention": "app_mentions:read", "message.im": "im:history", "app_home_opened": None,
    "file_shared": "files:read", "message.channels": "channels:history",
    "message.groups": "groups:history",
    # "Add to Slack": Bolt deletes the workspace's installation (no scope needed).
    "app_uninstalled": None, "tokens_revoked": None,
}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_every_url_is_the_events_path(manifest: dict[str, Any]) -> None:
    urls = [
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
        *[c["url"] for c in manifest["features"]["slash_commands"]],
    ]
    assert urls and all(u == f"https://YOUR-HOST{EVENTS_PATH}" for u in urls)


def test_events_and_scopes_match_what_the_app_does(manifest: dict[str, Any]) -> None:
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == set(SCOPES_FOR_EVENTS)
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {s for v in [*SCOPES_FOR_CALLS.values(), *SCOPES_FOR_EVENTS.values()] if v for s in v.split()}
    needed |= {"commands"}
    assert needed <= scopes
    # Exact: nothing granted that no call or event needs, besides the Messages tab's im:read.
    assert scopes - needed == {"im:read"}


def test_the_command_and_home_are_declared(manifest: dict[str, Any]) -> None:
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/agenda"
    assert command["should_escape"] is True  # mentions arrive as user ids (organizers add @someone)
    assert command["usage_hint"] == usage_hint()  # the grammar's table (tests/test_requests_grammar.py)
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert "socket_mode_enabled" in manifest["settings"]
    for sub in ("notes [ITEM]", "notes move N ITEM", "notes drop N", "now ITEM", "report draft", "report publish"):
        assert sub in command["usage_hint"]


def test_the_message_shortcut_is_declared_with_the_callback_the_app_listens_to(manifest: dict[str, Any]) -> None:
    from handlers.listeners.events.notes import SHORTCUT

    (shortcut,) = manifest["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", SHORTCUT)
    assert shortcut["name"] == "Add to rapporteur notes"


def test_add_to_slack_asks_for_the_manifests_scopes_and_comes_back_to_the_app(manifest: dict[str, Any]) -> None:
    assert set(BOT_SCOPES) == set(manifest["oauth_config"]["scopes"]["bot"])
    assert manifest["oauth_config"]["redirect_urls"] == [f"https://YOUR-HOST{REDIRECT_PATH}"]


def test_the_manifest_keeps_to_slacks_schema_limits(manifest: dict[str, Any]) -> None:
    assert check_manifest(manifest) == []


def test_a_shortcut_name_longer_than_slack_allows_is_refused(manifest: dict[str, Any]) -> None:
    # The name the app once shipped with: Slack refused to create the app from it.
    too_long = copy.deepcopy(manifest)
    too_long["features"]["shortcuts"][0]["name"] = "Add to the rapporteur's notes"
    assert check_manifest(too_long) == ["features.shortcuts.0.name: 29 characters; 1 to 24 allowed"]
