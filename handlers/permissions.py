"""Who may change a meeting from Slack: one function, so that widening the rule is one edit.

For now workspace admins and owners may (``users.info`` is_admin/is_owner,
asked afresh: a permission must not come from a day-old cache); the
organizers issue adds each meeting's own organizers here.
"""

from __future__ import annotations

from slack_sdk import WebClient

from handlers.deps import Deps


def can_organize(deps: Deps, client: WebClient, user: str, meeting: str | None) -> bool:
    """Whether ``user`` may change ``meeting``'s settings (reminders, rapporteur, channel).

    ``client`` and ``meeting`` are not consulted yet; they are here so that a rule that
    needs them (the meeting's organizers, a user group) changes no caller.
    """
    return deps.people.get(user, fresh=True).is_admin


def refusal(what: str, meeting_title: str) -> str:
    """What someone who may not is told; beside ``can_organize`` so the two change together."""
    return (f"Only workspace admins and owners can {what} for {meeting_title}. "
            "Ask one of them, or see what is planned with `/agenda reminders`.")
