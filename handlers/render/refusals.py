"""A permission refusal (bot/permissions.py) in Slack's words: what was refused, who can help.

One renderer for every surface, so that who may and what a refused person is told
change together. Each action keeps the sentence people (and tests) already know.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.permissions import Action, Refusal
from bot.requests.notes import NotNoted, Taken
from handlers.render.blocks import Message, escape, pack, sections
from handlers.render.organizer import mention

_WHAT: Mapping[Action, str] = {
    Action.SET_REMINDERS: "change the reminders",
    Action.SET_RAPPORTEUR: "name the rapporteur",
    Action.SEE_FAILED_REMINDERS: "see failed reminders",
    Action.SET_CURRENT_ITEM: "say which item is under discussion",
    Action.MOVE_NOTE: "move or drop notes",
    Action.DRAFT_REPORT: "draft or publish the report",
    Action.PUBLISH_REPORT: "draft or publish the report",
    Action.PUBLISH_PAGE: "publish its agenda page",
    Action.FOLLOW_SCHEDULE: "make it follow a published schedule",
}
_REMINDERS = (Action.SET_REMINDERS, Action.SET_RAPPORTEUR, Action.SEE_FAILED_REMINDERS)
_NOTES = (Action.MOVE_NOTE, Action.DRAFT_REPORT, Action.PUBLISH_REPORT)


def refusal_text(refusal: Refusal) -> str:
    """The refusal as Slack mrkdwn (the title escaped, organizers mentioned)."""
    action, title = refusal.action, escape(refusal.meeting_title or refusal.slug)
    what = _WHAT.get(action, "change its agenda")
    who = ", ".join(mention(u) for u in refusal.organizers)
    if action in _REMINDERS:
        return (f"Only workspace admins and owners can {what} for {title}, besides its organizers"
                f"{f' ({who})' if who else ''}. Ask one of them, or see what is planned with `/agenda reminders`.")
    if action is Action.LINK_CHANNEL:
        return ("Only workspace admins and owners can link a channel to a meeting. "
                f"Ask one of them to run `/agenda link {escape(refusal.slug)}` here.")
    if action is Action.SET_CURRENT_ITEM:
        return f"Only the organizers of {title} can {what}."
    if action in _NOTES:
        return f"Only the organizers and the rapporteur of {title} can {what}. Nothing was changed."
    if refusal.meeting_title is None:
        return "Only organizers of a meeting and workspace admins can update agendas. Nothing was changed."
    ask = (f"Ask one of its organizers ({who}) or a workspace admin." if who
           else "Ask a workspace admin: they can make the change, or add you with `/agenda organizers add @you`.")
    return f"Only the organizers of {title} can {what}. {ask} Nothing was changed."


def refusal_messages(refusal: Refusal) -> list[Message]:
    return pack(sections(refusal_text(refusal)))


def not_noted_text(taken: Taken) -> str:
    """Why a message offered as notes was not noted, for the person who offered it."""
    if taken.refused is NotNoted.OUTSIDE_DAYS:
        return f"That message is from outside the days of {taken.meeting_title}; it was not noted."
    return "This channel is not linked to a meeting (`/agenda link SLUG`), so it has no rapporteur's notes."
