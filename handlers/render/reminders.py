"""Reminders as Slack shows them: the planned ones (who gets what, when, where), someone's own
(with Cancel buttons), and the replies of the reminder requests."""

from __future__ import annotations

from slack_sdk.models.blocks import ButtonElement, MarkdownTextObject, SectionBlock

from bot.i18n import N_, translator
from bot.reminders.listing import Listing
from bot.reminders.planner import Destination, PlannedReminder, ReminderKind
from bot.reminders.views import MyReminders, target_words
from bot.reminders.wording import Say
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
    ReminderKind.DAY_BEFORE: N_("preview of day one"),
    ReminderKind.SESSION: N_("before"),
    ReminderKind.RAPPORTEUR_REPORT: N_("the rapporteur's report"),
    ReminderKind.RAPPORTEUR_DM: N_("DM to the rapporteur to prepare"),
    ReminderKind.PERSONAL: N_("your reminder before"),
}


def next_up(listing: Listing, user: str, viewer_zone: str | None, language: str | None = None) -> str:
    """The next few planned reminders, in mrkdwn (agenda text escaped, our own mentions not), in ``language``."""
    _ = say = Say.of(language)
    # Other people's personal reminders are theirs: not listed to everyone who asks.
    shown = [r for r in listing.reminders if r.kind is not ReminderKind.PERSONAL or _for(r, user)]
    if not shown:
        return _("Nothing more is planned for this meeting.")
    zone = listing.inputs.meeting.timezone
    lines = [_("Next:")] + [_planned_line(r, zone, viewer_zone, say) for r in shown[:PLANNED_SHOWN]]
    if len(shown) > PLANNED_SHOWN:
        lines.append(_("… and {count} more ({command} lists them all).").format(
            count=len(shown) - PLANNED_SHOWN, command="`agendabot reminders`"))
    return "\n".join(lines)


def _for(reminder: PlannedReminder, user: str) -> bool:
    return reminder.destination == Destination.dm(user)


def _planned_line(r: PlannedReminder, zone: str, viewer_zone: str | None, say: Say) -> str:
    _ = say
    dest = r.destination
    where = (f"<#{dest.id}>" if dest.kind == "channel" else _("DM {person}").format(person=f"<@{dest.id}>")
             if dest.kind == "dm" else escape(_(dest.reason) if dest.reason else _("nowhere")))
    return f"• {_due(r, zone, viewer_zone, say)}: {_what(r, zone, say)} → {where}"


def _due(r: PlannedReminder, zone: str, viewer_zone: str | None, say: Say) -> str:
    return escape(f"{say.short_day(r.due.date())} {say.when(r.due, zone, viewer_zone)}")


def _what(r: PlannedReminder, zone: str, say: Say) -> str:
    kind = KIND_WORDS.get(r.kind)
    return say.phrase(say(kind) if kind else str(r.kind), escape(_target(r, zone, say)))


def _target(r: PlannedReminder, zone: str, say: Say) -> str:
    """The planner's label in the reader's words: its day, time and "item" are ours, titles the agenda's."""
    _ = say
    if r.session is None:
        return _("day one, {day}").format(day=say.short_day(r.day)) if r.day is not None else r.target
    start = f" {say.clock(r.session.starts_at, zone)}" if r.session.starts_at else ""
    session = f"{r.session.title}, {say.short_day(r.session.day)}{start}"
    if r.item is None:
        return session
    name = target_words(f"item {r.item.label}", say) if r.item.number else r.item.title
    return f"{name} ({session})"


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
