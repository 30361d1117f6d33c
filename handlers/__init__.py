"""The Slack transport (and, in ``web/``, the agenda's web pages): it only translates.

A request comes in through ``slack/`` (the WSGI server or Socket Mode, the
middlewares, the listener pool), reaches a module-level listener in
``listeners/{events,commands,actions,views,shortcuts}`` that turns the payload
into a value (``payloads``) and asks the request layer (``bot/requests``) or the
core; the reply values go to ``render/`` (Block Kit, mrkdwn, Slack's limits) and
out through ``slack/replies.py``. ``answering``, ``reminders``, ``rapporteur``,
``notes`` and ``organizing`` are the Slack side shared by several kinds of
listener. The README's Architecture section has the flow on one page.
"""

from __future__ import annotations

from slack_bolt import App

from handlers.listeners import actions, commands, events, shortcuts, views


def register(app: App) -> None:
    """Attach every listener to ``app``; each package registers its own modules."""
    for package in (events, commands, actions, views, shortcuts):
        package.register(app)
