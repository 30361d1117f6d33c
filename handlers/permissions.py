"""Who may change a meeting from Slack: one function, so that widening the rule is one edit.

Workspace admins and owners (``users.info`` is_admin/is_owner, asked afresh:
a permission must not come from a day-old cache) and the meeting's own
organizers (``/agenda organizers add @someone``; bot/organizers/access.py).
"""

from __future__ import annotations

from bot.organizers.access import may_organize
from handlers.deps import Deps


def can_organize(deps: Deps, user: str, meeting: str | None) -> bool:
    """Whether ``user`` may change ``meeting``'s agenda and settings (reminders, rapporteur,
    channel). For no meeting (or an unknown one), whoever organizes any meeting may.

    The store is asked first, so an organizer costs no ``users.info`` call.
    """
    with deps.db_factory() as db:
        if may_organize(db, meeting, user, is_admin=False):
            return True
    return deps.people.get(user, fresh=True).is_admin


def refusal(what: str, meeting_title: str) -> str:
    """What someone who may not is told; beside ``can_organize`` so the two change together."""
    return (f"Only workspace admins and owners can {what} for {meeting_title}, besides its organizers. "
            "Ask one of them, or see what is planned with `/agenda reminders`.")
