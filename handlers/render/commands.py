"""The ``/agenda`` grammar as Slack shows it: ``/agenda help`` and a subcommand's usage.

Both are drawn from the one table (``bot/requests/grammar.py``), so a new row is
in the help, the dispatcher and the manifest at once.
"""

from __future__ import annotations

from bot.permissions import WHO_MAY, Action, Role
from bot.requests.grammar import SUBCOMMANDS, Subcommand

_WHO = {Role.RAPPORTEUR: "the rapporteur", Role.ORGANIZER: "organizers", Role.ADMIN: "workspace admins"}

NOTES_HOWTO = (
    "Rapporteur's notes: start a line in the meeting's channel with #agreed, #action, #info or #conclusion, "
    "or use “Add to rapporteur notes” on a message."
)


def command(form: str) -> str:
    """How a subcommand is typed, as code: ``/agenda item N``."""
    return f"`/agenda {form}`" if form else "`/agenda`"


def who_may(action: Action) -> str:
    """"" for anyone; otherwise who, in words: "organizers, workspace admins"."""
    roles = WHO_MAY[action]
    if roles == frozenset(Role):
        return ""
    return ", ".join(label for role, label in _WHO.items() if role in roles)


def help_line(row: Subcommand) -> str:
    forms = " · ".join(command(form) for form in row.usage)
    who = who_may(row.action)
    return f"{forms} {row.summary}" + (f" ({who})" if who else "")


def help_text() -> str:
    """Every subcommand, one line each, in the table's order."""
    return "\n".join([*(help_line(row) for row in SUBCOMMANDS), NOTES_HOWTO])


def usage_text(row: Subcommand) -> str:
    """For a subcommand typed without its argument."""
    example = f", for example {command(row.example)}" if row.example else ""
    return f"Usage: {command(row.usage[0])}{example}"
