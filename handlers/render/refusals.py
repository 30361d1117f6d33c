"""A permission refusal (bot/permissions.py) in Slack's words: what was refused, who can help.

One renderer for every surface, so that who may and what a refused person is told
change together. Each action keeps the sentence people (and tests) already know.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.i18n import N_, Translator, translator
from bot.permissions import Action, Refusal
from bot.requests.notes import NotNoted, Taken
from handlers.render.blocks import Message, escape, pack, sections
from handlers.render.organizer import mention

_WHAT: Mapping[Action, str] = {
    Action.SET_REMINDERS: N_("change the reminders"),
    Action.SET_RAPPORTEUR: N_("name the rapporteur"),
    Action.SEE_FAILED_REMINDERS: N_("see failed reminders"),
    Action.SET_CURRENT_ITEM: N_("say which item is under discussion"),
    Action.MOVE_NOTE: N_("move or drop notes"),
    Action.DRAFT_REPORT: N_("draft or publish the report"),
    Action.PUBLISH_REPORT: N_("draft or publish the report"),
    Action.PUBLISH_PAGE: N_("publish its agenda page"),
    Action.FOLLOW_SCHEDULE: N_("make it follow a published schedule"),
}
_ANY_CHANGE = N_("change its agenda")
_REMINDERS = (Action.SET_REMINDERS, Action.SET_RAPPORTEUR, Action.SEE_FAILED_REMINDERS)
_NOTES = (Action.MOVE_NOTE, Action.DRAFT_REPORT, Action.PUBLISH_REPORT)
_ENGLISH = translator()


def refusal_text(refusal: Refusal, tr: Translator = _ENGLISH) -> str:
    """The refusal as Slack mrkdwn (the title escaped, organizers mentioned), in ``tr``'s language."""
    _ = tr.gettext
    action, title = refusal.action, escape(refusal.meeting_title or refusal.slug)
    what = _(_WHAT.get(action, _ANY_CHANGE))
    who = ", ".join(mention(u) for u in refusal.organizers)
    if action in _REMINDERS:
        return _("Only workspace admins and owners can {what} for {title}, besides its organizers{who}. "
                 "Ask one of them, or see what is planned with {command}.").format(
            what=what, title=title, who=f" ({who})" if who else "", command="`/agenda reminders`")
    if action is Action.LINK_CHANNEL:
        return _("Only workspace admins and owners can link a channel to a meeting. "
                 "Ask one of them to run {command} here.").format(command=f"`/agenda link {escape(refusal.slug)}`")
    if action is Action.SET_CURRENT_ITEM:
        return _("Only the organizers of {title} can {what}.").format(title=title, what=what)
    if action in _NOTES:
        return _("Only the organizers and the rapporteur of {title} can {what}. Nothing was changed.").format(
            title=title, what=what)
    if refusal.meeting_title is None:
        return _("Only organizers of a meeting and workspace admins can update agendas. Nothing was changed.")
    ask = (_("Ask one of its organizers ({who}) or a workspace admin.").format(who=who) if who
           else _("Ask a workspace admin: they can make the change, or add you with {command}.").format(
               command="`/agenda organizers add @you`"))
    return _("Only the organizers of {title} can {what}. {ask} Nothing was changed.").format(
        title=title, what=what, ask=ask)


def refusal_messages(refusal: Refusal, tr: Translator = _ENGLISH) -> list[Message]:
    return pack(sections(refusal_text(refusal, tr)))


def not_noted_text(taken: Taken, tr: Translator = _ENGLISH) -> str:
    """Why a message offered as notes was not noted, for the person who offered it."""
    if taken.refused is NotNoted.OUTSIDE_DAYS:
        return tr.gettext("That message is from outside the days of {title}; it was not noted.").format(
            title=taken.meeting_title)
    return tr.gettext("This channel is not linked to a meeting ({command}), so it has no rapporteur's notes.").format(
        command="`/agenda link SLUG`")
