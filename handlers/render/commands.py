"""The ``/agenda`` grammar as Slack shows it: ``/agenda help`` and a subcommand's usage.

Both are drawn from the one table (``bot/requests/grammar.py``), so a new row is
in the help, the dispatcher and the manifest at once. The words are the person's
language (``tr``); how a command is typed stays as Slack takes it.
"""

from __future__ import annotations

from bot.i18n import N_, Translator, translator
from bot.permissions import WHO_MAY, Action, Role
from bot.requests.grammar import SUBCOMMANDS, Subcommand

_WHO = {Role.RAPPORTEUR: N_("the rapporteur"), Role.ORGANIZER: N_("organizers"), Role.ADMIN: N_("workspace admins")}
_ENGLISH = translator()


def notes_howto(tr: Translator = _ENGLISH) -> str:
    # The tags are typed as they are in every language; the shortcut is named as Slack shows it.
    return tr.gettext(
        "Rapporteur's notes: start a line in the meeting's channel with {tags}, or use “{shortcut}” on a message."
    ).format(tags=tr.gettext("{first} or {last}").format(first="#agreed, #action, #info", last="#conclusion"),
             shortcut="Add to rapporteur notes")


NOTES_HOWTO = notes_howto()


def command(form: str) -> str:
    """How a subcommand is typed, as code: ``/agenda item N``."""
    return f"`/agenda {form}`" if form else "`/agenda`"


def who_may(action: Action, tr: Translator = _ENGLISH) -> str:
    """"" for anyone; otherwise who, in words: "organizers, workspace admins"."""
    roles = WHO_MAY[action]
    if roles == frozenset(Role):
        return ""
    return ", ".join(tr.gettext(label) for role, label in _WHO.items() if role in roles)


def help_line(row: Subcommand, tr: Translator = _ENGLISH) -> str:
    forms = " · ".join(command(form) for form in row.usage)
    who = who_may(row.action, tr)
    return f"{forms} {tr.gettext(row.summary)}" + (f" ({who})" if who else "")


def help_text(tr: Translator = _ENGLISH) -> str:
    """Every subcommand, one line each, in the table's order."""
    return "\n".join([*(help_line(row, tr) for row in SUBCOMMANDS), notes_howto(tr)])


def usage_text(row: Subcommand, tr: Translator = _ENGLISH) -> str:
    """For a subcommand typed without its argument."""
    if row.example:
        return tr.gettext("Usage: {command}, for example {example}").format(
            command=command(row.usage[0]), example=command(row.example))
    return tr.gettext("Usage: {command}").format(command=command(row.usage[0]))
