"""Shortcuts: "Add to rapporteur notes" on any message."""

from __future__ import annotations

from slack_bolt import App

from handlers.listeners.shortcuts import notes


def register(app: App) -> None:
    app.shortcut(notes.SHORTCUT)(notes.add_to_notes)
