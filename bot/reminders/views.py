"""What "/agenda reminders" and "reminders mine" show, as values every transport renders.

The wording is here, once; who a person is and how a command is written is each
transport's (``bot/words.py``): Slack mentions the rapporteur and sets the
commands in code type, the console writes them plainly. Slack puts a Cancel
button beside each of someone's reminders from ``MyReminder.number``, not by
reading the text back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.i18n import N_
from bot.reminders.ledger import DeliveryRecord
from bot.reminders.listing import Listing
from bot.reminders.policy import format_minutes
from bot.reminders.wording import Say
from bot.timefmt import utc_stamp
from bot.words import Hint, Person, Words, lines


@dataclass(frozen=True)
class PolicyView:
    """A meeting's reminder policy, its rapporteur, deliveries that failed, what is planned next."""

    policy: str  # as organizers write it: "15m,1d"
    description: str  # the policy in a sentence or two
    rapporteur: Person | None
    failed: tuple[DeliveryRecord, ...] = ()
    listing: Listing | None = None  # the request layer adds it; None where nothing is planned
    language: str = "en"  # the reader's

    def words(self) -> Words:
        _ = Say.of(self.language)
        rows: list[Words | str] = [_("Reminders for this meeting ({policy}):").format(policy=self.policy),
                                   self.description]
        rows.append(
            Words.of(_("Rapporteur: "), self.rapporteur) if self.rapporteur
            else Words.of(_("Rapporteur: not set ("), Hint.SET_RAPPORTEUR, ")")
        )
        rows.append(Words.of(_("Change with "), Hint.SET_REMINDERS,
                             _(" (leads before each session, days for a preview).")))
        if self.failed:
            rows.append(_("Not delivered (Slack kept refusing):"))
            rows += [_("• {kind} due {due} to {destination}: {error}").format(
                kind=f.kind, due=utc_stamp(f.due, " UTC"), destination=f.destination, error=f.error)
                for f in self.failed]
        return lines(*rows)


@dataclass(frozen=True)
class MyReminder:
    """One personal reminder: ``number`` cancels it; ``next_at`` says when it comes next, in words."""

    number: int
    lead_minutes: int
    target: str
    meeting: str | None  # shown when someone's reminders may span meetings
    next_at: str | None  # "next at 10:45 on Thu 16 Oct"; None when nothing more is to come
    language: str = "en"  # the reader's: the words around the target are in it

    @property
    def text(self) -> str:
        """The line after its number: "15m before item V (cpd37): next at …"."""
        _ = say = Say.of(self.language)
        of = f" ({self.meeting})" if self.meeting else ""
        return _("{lead} {before_target}{meeting}: {next}").format(
            lead=lead_words(self.lead_minutes, say), before_target=before_target(self.target, say), meeting=of,
            next=self.next_at or _("nothing more to come"))


def lead_words(minutes: int, say: Say) -> str:
    """English keeps the compact ``1h30m`` people type; French and Spanish spell the lead out."""
    return format_minutes(minutes) if say.language == "en" else say.duration(timedelta(minutes=minutes))


def target_words(label: str, say: Say) -> str:
    """A stored target label in the reader's words: ``item V`` is ours, a session's title is the agenda's."""
    _ = say
    if label.startswith("item "):
        return _("item {number}").format(number=label.removeprefix("item "))
    return label


def before_target(label: str, say: Say) -> str:
    """``before item V`` / ``avant le point V`` / ``antes del tema V``: whole, as the article binds."""
    if label.startswith("item "):
        return say.tr.pgettext("reminder", "before item {number}").format(number=label.removeprefix("item "))
    return say.tr.pgettext("reminder", "before {target}").format(target=label)


NO_REMINDERS = N_("You have no personal reminders. Try “remind me before item V”.")


@dataclass(frozen=True)
class MyReminders:
    """Someone's personal reminders ("reminders mine"), after an optional note ("Cancelled: …")."""

    reminders: tuple[MyReminder, ...]
    note: Words | str = ""
    language: str = "en"

    @property
    def heading(self) -> str:
        _ = Say.of(self.language)
        return _("Your reminders:") if self.reminders else _(NO_REMINDERS)

    def plain(self) -> str:
        rows = [self.heading] + [f"• [{r.number}] {r.text}" for r in self.reminders]
        return "\n".join([str(self.note), *rows] if self.note else rows)
