"""``/agenda reminders|rapporteur|remind me`` and "remind me …" in words.

Thin: the request was parsed (``bot.reminders.requests``), the reminder
core (``bot/reminders/commands.py``) does the work and words the reply; here
we pick the meeting, check who may change it, render, and re-plan the
meeting's reminders after a change (``Deps.sync_reminders``). Every reply
goes only to the person who asked.
"""

from __future__ import annotations

from slack_sdk import WebClient

from bot.answers import Answer
from bot.permissions import Action
from bot.reminders.listing import Listing
from bot.reminders.planner import Destination, PlannedReminder, ReminderKind
from bot.reminders.requests import ReminderAction, ReminderRequest
from bot.reminders.settings import ReminderSettingsError
from bot.requests import reminders
from bot.requests.meeting import Asker, choose
from bot.timefmt import short_day, when
from handlers.answering import asker
from handlers.deps import Deps, refused
from handlers.payloads import SessionRef, SlashCommand
from handlers.render.blocks import (
    Message,
    answer_parts,
    escape,
    my_reminders_parts,
    pack,
    reminder_text_parts,
    sections,
    simple,
)
from handlers.render.refusals import refusal_messages

PLANNED_SHOWN = 5
KIND_WORDS = {
    ReminderKind.DAY_BEFORE: "preview of day one",
    ReminderKind.SESSION: "before",
    ReminderKind.RAPPORTEUR_REPORT: "the rapporteur's report",
    ReminderKind.RAPPORTEUR_DM: "DM to the rapporteur to prepare",
    ReminderKind.PERSONAL: "your reminder before",
}


def command(deps: Deps, client: WebClient, cmd: SlashCommand, request: ReminderRequest) -> list[Message]:
    return reply(deps, client, asker(deps, cmd.user, cmd.channel), request)


def reply(deps: Deps, client: WebClient, who: Asker, request: ReminderRequest) -> list[Message]:
    """Carry out one reminder request for ``who``; the messages that answer it."""
    if request.action is ReminderAction.USAGE:
        return simple(f"Usage: {request.text}")
    if request.action is ReminderAction.MINE:
        return mine(deps, who)
    if request.action is ReminderAction.CANCEL:
        return cancel(deps, who, request.number or 0)
    meeting = choose(deps, who)  # as /agenda picks it
    if isinstance(meeting, Answer):
        return pack(answer_parts(meeting))  # which meeting, or none yet: no buttons to replay
    slug = meeting.slug
    try:
        if request.action is ReminderAction.SHOW:
            return show(deps, client, who, slug)
        if request.action is ReminderAction.REMIND_ME:
            text = reminders.remind(deps, who, slug, request.text, request.lead)
        elif refusal := refused(deps, who.user, slug, Action.SET_RAPPORTEUR if request.action is
                                ReminderAction.RAPPORTEUR else Action.SET_REMINDERS):
            return refusal_messages(refusal)
        elif request.action is ReminderAction.SET:
            text = reminders.set_policy(deps, who, slug, request.text)
        else:
            text = reminders.set_rapporteur(deps, who, slug, request.user)
    except ReminderSettingsError as exc:
        return simple(str(exc))
    deps.sync_reminders(slug)
    return pack(reminder_text_parts(text))


def remind_me_of(deps: Deps, who: Asker, session: SessionRef) -> list[Message]:
    """The "Remind me" button under a session."""
    try:
        text = reminders.remind_of_session(deps, who, session.meeting, session.session)
    except ReminderSettingsError as exc:
        return simple(str(exc))
    deps.sync_reminders(session.meeting)
    return pack(reminder_text_parts(text))


def show(deps: Deps, client: WebClient, who: Asker, slug: str) -> list[Message]:
    """The policy, the rapporteur, what comes next; failed deliveries to those who can act on them."""
    sees_failed = refused(deps, who.user, slug, Action.SEE_FAILED_REMINDERS) is None
    view = reminders.policy_view(deps, who, slug, sees_failed=sees_failed)
    assert view is not None  # the meeting was just found
    return pack(reminder_text_parts(view.policy) + sections(_next_up(view.listing, who)))


def mine(deps: Deps, who: Asker, note: str = "") -> list[Message]:
    text = reminders.mine(deps, who)
    head = reminder_text_parts(note) if note else []
    return pack(head + my_reminders_parts(text))


def cancel(deps: Deps, who: Asker, number: int) -> list[Message]:
    """Cancel one of ``who``'s reminders; the answer, then what is left (with their buttons)."""
    cancelled = reminders.cancel(deps, who, number)
    if cancelled.meeting is not None:
        deps.sync_reminders(cancelled.meeting)
    return mine(deps, who, note=cancelled.text)


def _next_up(listing: Listing, who: Asker) -> str:
    """The next few planned reminders, in mrkdwn (agenda text escaped, our own mentions not)."""
    # Other people's personal reminders are theirs: not listed to everyone who asks.
    shown = [r for r in listing.reminders if r.kind is not ReminderKind.PERSONAL or _for(r, who.user)]
    if not shown:
        return "Nothing more is planned for this meeting."
    zone = listing.inputs.meeting.timezone
    lines = ["Next:"] + [_planned_line(r, zone, who.zone) for r in shown[:PLANNED_SHOWN]]
    if len(shown) > PLANNED_SHOWN:
        lines.append(f"… and {len(shown) - PLANNED_SHOWN} more (`agendabot reminders` lists them all).")
    return "\n".join(lines)


def _for(reminder: PlannedReminder, user: str) -> bool:
    return reminder.destination == Destination.dm(user)


def _planned_line(r: PlannedReminder, zone: str, viewer_zone: str | None) -> str:
    dest = r.destination
    where = (f"<#{dest.id}>" if dest.kind == "channel" else f"DM <@{dest.id}>" if dest.kind == "dm"
             else escape(dest.reason or "nowhere"))
    return f"• {_due(r, zone, viewer_zone)}: {_what(r)} → {where}"


def _due(r: PlannedReminder, zone: str, viewer_zone: str | None) -> str:
    return escape(f"{short_day(r.due.date())} {when(r.due, zone, viewer_zone)}")


def _what(r: PlannedReminder) -> str:
    return f"{KIND_WORDS.get(r.kind, str(r.kind))} {escape(r.target)}"
