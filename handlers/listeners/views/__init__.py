"""Modal submissions: "Ask a question" from App Home, an organizer's pasted agenda and
session editor."""

from __future__ import annotations

from slack_bolt import App

from handlers.listeners.views import ask, organize
from handlers.render.blocks import ASK_MODAL
from handlers.render.organizer import EDIT_MODAL, IMPORT_MODAL


def register(app: App) -> None:
    app.view(ASK_MODAL)(ask.ask_from_home)
    app.view(IMPORT_MODAL)(organize.pasted_agenda)
    app.view(EDIT_MODAL)(organize.edited_session)
