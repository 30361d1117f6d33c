"""Events API listeners: mentions, direct messages, marked lines in a meeting's channel,
App Home opened, files shared.

Bolt acknowledges events before these run (process_before_response=False), so each
does its work on the listener pool after the ack. Bolt runs the first ``message``
listener that matches, trying them in the order registered here.
"""

from __future__ import annotations

from slack_bolt import App

from handlers.listeners.events import files, home, messages, notes


def register(app: App) -> None:
    # Mentions first of all: Bolt tries the listeners in order, each at the cost of building
    # its arguments. The rapporteur's marked lines before the DM listener, which would
    # otherwise take every message event.
    app.event("app_mention")(messages.answer_mention)
    app.event("message", matchers=[notes.in_a_channel])(notes.marked_lines)
    app.event("message")(messages.answer_direct_message)
    app.event("app_home_opened")(home.show_home)
    app.event("file_shared")(files.agenda_file)
