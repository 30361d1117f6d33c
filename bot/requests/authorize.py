"""Who may make an ``/agenda`` request: the grammar row's ``action``, checked once.

Every transport (the Slack dispatcher, the console) asks ``authorize`` after it knows
which meeting the request is about and before it carries the request out, so the
families that carry requests out never check the row's action again. A request no row
took (a day, a question) or whose row needs ``Action.ASK`` is anyone's to make.
"""

from __future__ import annotations

from bot.permissions import Action, AdminCheck, Refusal
from bot.requests.grammar import AgendaRequest, Sub
from bot.requests.meeting import Services, refusal


def action_of(request: AgendaRequest) -> Action:
    """What the person must be allowed to make ``request`` (its row's, else asking). A row
    missing its argument only shows how it is typed: anyone may see that."""
    if request.command is None or request.sub is Sub.USAGE:
        return Action.ASK
    return request.command.action


def authorize(services: Services, who: str, request: AgendaRequest, slug: str | None,
              is_admin: AdminCheck) -> Refusal | None:
    """None when ``who`` may make ``request`` about meeting ``slug``; else the refusal to show.
    ``is_admin`` (a platform call) is asked only when the store's role is not enough."""
    action = action_of(request)
    if action is Action.ASK:
        return None
    return refusal(services, who, slug, action, is_admin)
