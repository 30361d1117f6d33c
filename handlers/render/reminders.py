"""Reminders as Slack shows them: the planned ones (who gets what, when, where), someone's own
(with Cancel buttons), and the replies of the reminder requests."""

from __future__ import annotations

from slack_sdk.models.blocks import ButtonElement, MarkdownTextObject, SectionBlock

from bot.i18n import translator
from bot.reminders.listing import Listing
from bot.reminders.planner import Destination, PlannedReminder, ReminderKind
from bot.reminders.views import MyReminders
from bot.timefmt import short_day, when
from bot.words import Words
from handlers.render.blocks import (
    CANCEL_REMINDER_ACTION,
    SECTION_CHARS,
    Part,
    escape,
    sections,
    truncate,
)
from handlers.render.words import mrkdwn

PLANNED_SHOWN = 5


KIND_WORDS = {
    ReminderKind.DAY_BEFORE: "preview of day one",
    ReminderKind.SESSION: "before",
    ReminderKind.RAPPORTEUR_REPORT: "the rapporteur's report",
    ReminderKind.RAPPORTEUR_DM: "DM to the rapporteur to prepare",
    ReminderKind.PERSONAL: "your reminder before",
}


def next_up(listing: Listing, user: str, viewer_zone: str | None) -> str:
    """The next few planned reminders, in mrkdwn (agenda text escaped, our own mentions not)."""
    # Other people's personal reminders are theirs: not listed to everyone who asks.
    shown = [r for r in listing.reminders if r.kind is not ReminderKind.PERSONAL or _for(r, user)]
    if not shown:
        return "Nothing more is planned for this meeting."
    zone = listing.inputs.meeting.timezone
    lines = ["Next:"] + [_planned_line(r, zone, viewer_zone) for r in shown[:PLANNED_SHOWN]]
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


def reminder_text_parts(words: Words | str) -> list[Part]:
    return sections(mrkdwn(words))


def my_reminders_parts(mine: MyReminders) -> list[Part]:
    """Someone's reminders, each with a Cancel button that carries its number."""
    parts = (reminder_text_parts(mine.note) if mine.note else []) + reminder_text_parts(mine.heading)
    cancel = translator(mine.language).pgettext("button", "Cancel")
    for reminder in mine.reminders:
        line = f"• [{reminder.number}] {reminder.text}"
        button = ButtonElement(text=cancel, action_id=CANCEL_REMINDER_ACTION, value=str(reminder.number))
        block = SectionBlock(text=MarkdownTextObject(text=truncate(escape(line), SECTION_CHARS)), accessory=button)
        parts.append(Part.of(block, line))
    return parts
