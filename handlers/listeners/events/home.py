"""App Home opened: the person's Home tab is drawn (``handlers/slack/home.py``)."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext

from handlers.deps import deps_of


def show_home(event: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    if event.get("tab", "home") == "home":  # the Messages tab needs nothing from us
        deps.homes.opened(str(event["user"]))
