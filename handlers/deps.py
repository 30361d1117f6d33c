"""What every listener may use, built once by the composition root (bot/app.py)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.assistant import Assistant
from bot.clock import Clock
from bot.permissions import Action, Refusal
from bot.reminders import ReminderService
from bot.requests.meeting import refusal
from handlers.slack.clients import Clients
from handlers.slack.home import Homes
from handlers.slack.state import People
from handlers.web.pdf import PdfMaker
from store.ledger import EventLedger

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deps:
    assistant: Assistant
    clock: Clock  # the clock answers are given by ("what's next?")
    db_factory: sessionmaker[DBSession]
    people: People
    ledger: EventLedger
    homes: Homes
    reminders: ReminderService
    # The wall clock: what expires (previews, upload waits, claims, links) expires on it,
    # whatever moment ``clock`` pretends answers are given at.
    wall_clock: Clock
    # Each workspace's client, for work done outside a request of that workspace (announcements).
    clients: Clients | None = None
    # Makes PDFs off the request (``/agenda pdf``; the page's PDF shares it); None: synchronously.
    pdfs: PdfMaker | None = None

    def sync_reminders(self, slug: str) -> None:
        """Call after changing a meeting (agenda, channel, policy, rapporteur, subscriptions)
        here, so its reminder jobs follow at once.

        A failure is only logged: the change is already committed, and the process that
        fires reminders notices every change on its own within seconds.
        """
        try:
            self.reminders.sync(slug)
        except Exception:
            log.exception("could not re-plan the reminders of %s now; the next poll will", slug)


DEPS = "agendabot_deps"  # the key under which each request's context carries the Deps


def deps_of(context: Mapping[str, Any]) -> Deps:
    """The app's services, as ``ProvideDeps`` (handlers/slack/middleware.py) put them in
    the request's context; a test passes ``{DEPS: deps}`` as the context."""
    deps = context[DEPS]
    assert isinstance(deps, Deps), f"the request context carries no Deps under {DEPS!r}"
    return deps


def refused(deps: Deps, user: str, slug: str | None, action: Action) -> Refusal | None:
    """None when ``user`` may do ``action`` with meeting ``slug``; else what to tell them
    (``handlers/render/refusals.py`` words it). Slack is asked whether ``user`` is a
    workspace admin (``users.info``, cached for a minute) only when the store is not enough."""
    return refusal(deps, user, slug, action, deps.people.is_admin)
