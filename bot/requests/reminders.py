"""Reminder requests (``bot/reminders/requests.py`` parses them) carried out for an Asker:
each function opens its own transaction and returns the core's reply (text, ``Words`` or a view). Who may
change a meeting's policy or rapporteur is the caller's check (it knows how to ask
whether someone is a workspace admin); re-planning after a change is too.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bot.reminders.commands import (
    cancel_mine,
    change_policy,
    my_reminders,
    name_rapporteur,
    remind_me,
    remind_me_of_session,
    show_policy,
)
from bot.reminders.ledger import SqlLedger
from bot.reminders.listing import planned_listing
from bot.reminders.settings import list_subscriptions
from bot.reminders.views import MyReminders, PolicyView
from bot.requests.meeting import Asker, Services
from bot.words import Words
from store.db import transaction


def remind(services: Services, who: Asker, slug: str, target: str, lead: str | None) -> str:
    """"remind me before item V 10m" (raises ReminderSettingsError with the reason)."""
    with transaction(services.db_factory) as db:
        return remind_me(db, slug, who.user, target, lead, now=who.now, user_tz=who.zone, language=who.locale)


def remind_of_session(services: Services, who: Asker, slug: str, session_key: str) -> str:
    """The "Remind me" button under a session."""
    with transaction(services.db_factory) as db:
        return remind_me_of_session(db, slug, who.user, session_key, now=who.now, user_tz=who.zone, language=who.locale)


def set_policy(services: Services, who: Asker, slug: str, text: str) -> str:
    with transaction(services.db_factory) as db:
        return change_policy(db, slug, text, by=who.user, language=who.locale)


def set_rapporteur(services: Services, who: Asker, slug: str, user: str | None) -> Words | str:
    with transaction(services.db_factory) as db:
        return name_rapporteur(db, slug, user, by=who.user, language=who.locale)


def policy_view(services: Services, who: Asker, slug: str, *, sees_failed: bool) -> PolicyView | None:
    """None when the meeting is gone; failed deliveries only for those who may act on them."""
    failed = SqlLedger(services.db_factory).failed(slug) if sees_failed else None
    with services.db_factory() as db:
        policy = show_policy(db, slug, failed, language=who.locale)
        listing = planned_listing(db, slug, who.now)
    return dataclasses.replace(policy, listing=listing) if listing is not None else None


def mine(services: Services, who: Asker) -> MyReminders:
    with services.db_factory() as db:
        return my_reminders(db, who.user, now=who.now, language=who.locale)


@dataclass(frozen=True)
class Cancelled:
    text: Words | str
    meeting: str | None  # whose reminders to re-plan; None when nothing was cancelled


def cancel(services: Services, who: Asker, number: int) -> Cancelled:
    """Cancel one of ``who``'s personal reminders."""
    with transaction(services.db_factory) as db:
        slug = next((s.meeting for s in list_subscriptions(db, user=who.user) if s.id == number), None)
        return Cancelled(cancel_mine(db, who.user, number, language=who.locale), slug)
