"""The menu beside each note in ``/agenda notes``: file it under another item, or drop it.

The list it came from is ephemeral; the answer replaces it (through the
click's response_url) with what was done and the notes as they are now.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from handlers.deps import deps_of
from handlers.listeners.common.rapporteur import change_from_menu
from handlers.slack.payloads import Click


def note_menu(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    first, *rest = change_from_menu(deps, click.user, click.value)
    respond(response_type="ephemeral", replace_original=True, **first.as_kwargs())
    for message in rest:
        respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())
