"""Organizers change agendas: who may, quick edits, preview and confirm, announcements.

- who may: bot/permissions.py (organizers are kept in store/organizers.py).
- ``edits``: ``/agenda move|cancel|rename|doc add`` and the Edit modal parsed into values
  (``edit_types``), whose target is found by ``finding`` and applied by ``applying``.
- ``proposals``: preview -> pending change -> Confirm, refused when the agenda moved.
- ``announce``: the sentences a channel is told after a change, worded from the change
  values of the one diff engine (store/diff/), as the organizer's preview is.
- ``outbox``: those announcements, delivered after commit by the running bot.

Nothing here knows Slack: handlers/ turns payloads into these calls.
"""

from bot.organizers.edits import Edit, EditError, apply_edit, parse_edit
from bot.organizers.proposals import Applied, ConfirmOutcome, Preview, Proposals, Refused

__all__ = [
    "Applied",
    "ConfirmOutcome",
    "Edit",
    "EditError",
    "Preview",
    "Proposals",
    "Refused",
    "apply_edit",
    "parse_edit",
]
