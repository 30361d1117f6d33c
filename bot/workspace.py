"""Which Slack workspace the current request comes from, for everything that reads meetings.

One deployment may serve many workspaces (``SLACK_CLIENT_ID``; bot/app.py).
In that mode a Bolt middleware sets ``TEAM`` to the request's team id before
the listeners run, and the listener pool runs each listener in a copy of that
context (as it does for the request id), so the Assistant, App Home, channel
links and organizer uploads see only that workspace's meetings without every
listener passing the team along by hand.

``None`` (the default, and always in single-workspace mode, the CLI and the
console) means unscoped: every meeting, exactly as before workspaces existed.
Background work that acts for a meeting (reminders, announcements) runs
``scoped(team_of_meeting)`` itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

TEAM: ContextVar[str | None] = ContextVar("agendabot_team", default=None)
# The Enterprise Grid organization the request comes from, if any: an org-wide install's
# token is found by it (handlers/slack/clients.py); None outside Grid and outside requests.
ENTERPRISE: ContextVar[str | None] = ContextVar("agendabot_enterprise", default=None)


def current() -> str | None:
    """The team id whose meetings may be seen now; None: all of them."""
    return TEAM.get()


def enterprise() -> str | None:
    """The Enterprise Grid organization of the current request's workspace, if known."""
    return ENTERPRISE.get()


@contextmanager
def scoped(team: str | None, enterprise: str | None = None) -> Iterator[None]:
    """Run the block as workspace ``team`` (None: unscoped), of Grid org ``enterprise`` if any."""
    token = TEAM.set(team)
    org = ENTERPRISE.set(enterprise)
    try:
        yield
    finally:
        ENTERPRISE.reset(org)
        TEAM.reset(token)


def visible(team_of_meeting: str, team: str | None) -> bool:
    """Whether a meeting of ``team_of_meeting`` may be seen from ``team``."""
    return team is None or team_of_meeting == team
