"""Everything Slack: thin listeners that turn a payload into a call on the core.

Pipeline: Slack -> Bolt (signature check, our retry filter) -> a listener in
``events/``, ``commands/``, ``actions/`` or ``views/`` (ack, parse into a
small value from ``payloads``) -> ``answering`` (Assistant.ask, or the
meeting's values for agenda views) -> ``blocks`` (Block Kit, Slack's limits)
-> ``replies`` (chat.postMessage / postEphemeral / views.publish).
"""

from __future__ import annotations

from slack_bolt import App

from handlers.listeners import actions, commands, events, shortcuts, views


def register(app: App) -> None:
    """Attach every listener to ``app``; each package registers its own modules."""
    for package in (events, commands, actions, views, shortcuts):
        package.register(app)
