"""Everything Slack: thin listeners that turn a payload into a call on the core.

Pipeline: Slack -> Bolt (signature check, our retry filter) -> a listener in
``events/``, ``commands/``, ``actions/`` or ``views/`` (ack, parse into a
small value from ``payloads``) -> ``answering`` (Assistant.ask, or the
meeting's values for agenda views) -> ``blocks`` (Block Kit, Slack's limits)
-> ``replies`` (chat.postMessage / postEphemeral / views.publish).
"""

from __future__ import annotations

from slack_bolt import App

from handlers import actions, commands, events, views
from handlers.actions import notes as note_menus
from handlers.actions import proposals
from handlers.deps import Deps
from handlers.events import files
from handlers.views import organize


def register(app: App, deps: Deps) -> None:
    """Attach every listener to ``app``."""
    for package in (events, commands, actions, views):
        package.register(app, deps)
    # The organizer workflow (issue 6): uploads, Confirm/Cancel/Edit, its modals.
    for module in (files, proposals, organize):
        module.register(app, deps)
    note_menus.register(app, deps)
