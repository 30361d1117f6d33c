"""The ``/agenda`` slash command (``agenda``), and the modules that carry out its
subcommands: which one answers comes from the grammar's table (bot/requests/grammar.py)."""

from __future__ import annotations

from slack_bolt import App

from handlers.listeners.commands import agenda


def register(app: App) -> None:
    app.command("/agenda")(agenda.agenda)
