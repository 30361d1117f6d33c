"""The reminder requests people make, answered in words: what a Slack listener calls.

Each function takes the store, the meeting and who asks, changes what must
change, and returns the reply — text, ``Words`` naming people and commands, or
a view value (``bot/reminders/views.py``) — or raises ReminderSettingsError
with a reply that says what would work. Listeners stay thin: parse the command,
call one of these, render the text, and call ``ReminderService.sync(slug)``
after a change so the jobs follow at once (a process that does not fire
reminders can skip that: the one that does notices within seconds).

    /agenda reminders                 -> show_policy
    /agenda reminders set 15m,1d      -> change_policy
    /agenda rapporteur @user          -> name_rapporteur
    /agenda remind me ITEM|SESSION [LEAD], "remind me before item V" -> remind_me
    (a "Remind me" button under a session)  -> remind_me_of_session
    /agenda reminders mine            -> my_reminders
    (a Cancel button on one of them)  -> cancel_mine
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session as DBSession

from bot.i18n import N_
from bot.reminders.ledger import DeliveryRecord
from bot.reminders.planner import PlanInputs, Target, TargetKind, plan, upcoming
from bot.reminders.settings import (
    ReminderSettingsError,
    add_subscription,
    cancel_subscription,
    find_target,
    get_policy,
    get_rapporteur,
    list_subscriptions,
    load_inputs,
    parse_lead,
    set_policy,
    set_rapporteur,
)
from bot.reminders.views import (
    MyReminder,
    MyReminders,
    PolicyView,
    before_target,
    lead_words,
    target_words,
)
from bot.reminders.wording import Say
from bot.words import Hint, Person, Words


def show_policy(
    db: DBSession, slug: str, failed: list[DeliveryRecord] | None = None, *, language: str | None = None
) -> PolicyView:
    """The meeting's reminders, the rapporteur, and any deliveries that failed, in ``language``."""
    policy = get_policy(db, slug)
    rapporteur = get_rapporteur(db, slug)
    lang = Say.of(language).language
    return PolicyView(policy.text, policy.describe(lang), Person(rapporteur) if rapporteur else None,
                      tuple(failed or ()), language=lang)


def change_policy(db: DBSession, slug: str, text: str, *, by: str, language: str | None = None) -> str:
    _ = Say.of(language)
    policy = set_policy(db, slug, text, by=by)
    return _("Reminders updated ({policy}):").format(policy=policy.text) + "\n" + policy.describe(language)


def name_rapporteur(
    db: DBSession, slug: str, user: str | None, *, by: str, language: str | None = None
) -> Words | str:
    _ = say = Say.of(language)
    set_rapporteur(db, slug, user, by=by)
    if user is None:
        return _("The meeting has no rapporteur now; nobody will be reminded to prepare the report.")
    lead = get_policy(db, slug).rapporteur_lead
    when_text = (_("{lead} before the report's session").format(lead=lead_words(lead, say)) if lead is not None
                 else _("never (rapporteur=off)"))
    return Words.of(Person(user), _(" is the rapporteur; they will get a reminder {when}.").format(when=when_text))


def remind_me(
    db: DBSession,
    slug: str,
    user: str,
    target_text: str,
    lead_text: str | None,
    *,
    now: datetime,
    user_tz: str | None = None,
    language: str | None = None,
) -> str:
    """``remind me 10 minutes before the afternoon session``: store it, say when it will come.

    ``language`` is the asker's (their locale): the reply and its errors are in it."""
    _ = say = Say.of(language)
    inputs = load_inputs(db, slug)
    if inputs is None:
        raise ReminderSettingsError(_("There is no meeting “{slug}”.").format(slug=slug))
    target = find_target(inputs.meeting, target_text, now, language=say.language)
    return _subscribe(db, inputs, user, target, lead_text, now=now, user_tz=user_tz, say=say)


def remind_me_of_session(
    db: DBSession,
    slug: str,
    user: str,
    session_key: str,
    lead_text: str | None = None,
    *,
    now: datetime,
    user_tz: str | None = None,
    language: str | None = None,
) -> str:
    """A "Remind me" button under a session: the session is known exactly (``Session.key``),
    so no words need understanding, even where two sessions share a title."""
    _ = say = Say.of(language)
    inputs = load_inputs(db, slug)
    if inputs is None:
        raise ReminderSettingsError(_("There is no meeting “{slug}”.").format(slug=slug))
    session = next((s for s in inputs.meeting.sessions if s.key == session_key), None)
    if session is None:
        raise ReminderSettingsError(Words.of(
            _("That session is no longer on the agenda; ask "), Hint.AGENDA, _(" for the current one.")))
    return _subscribe(db, inputs, user, Target.for_session(session), lead_text, now=now, user_tz=user_tz, say=say)


def _subscribe(
    db: DBSession,
    inputs: PlanInputs,
    user: str,
    target: Target,
    lead_text: str | None,
    *,
    now: datetime,
    user_tz: str | None,
    say: Say,
) -> str:
    _ = say
    slug = inputs.meeting.slug
    lead = parse_lead(lead_text, inputs.meeting.reminder_lead_minutes, language=say.language)
    sub = add_subscription(db, slug, user, target, lead, user_tz=user_tz)
    fresh = load_inputs(db, slug)  # read again: with the subscription just added
    mine = [
        r for r in upcoming(plan(fresh), now)
        if r.subscription is not None and r.subscription.id == sub.id
    ] if fresh else []
    zone = inputs.meeting.timezone
    label = target_words(_label(target, inputs, say), say)
    if not mine:
        return _("Noted, but {target} has no time on the agenda yet (or it has passed); "
                   "I can't remind you of it.").format(target=label)
    times = ", ".join(say.when(r.due, zone, user_tz) for r in mine)
    return _("I'll remind you by DM {lead} {before_target}: at {times}.").format(
        lead=lead_words(lead, say), before_target=before_target(_label(target, inputs, say), say), times=times)


def _label(target: Target, inputs: PlanInputs | None, say: Say) -> str:
    """The stored label, but a session's day in the reader's words (``Thu 16 Oct``, ``jeu. 16 oct.``)."""
    session = next((s for s in inputs.meeting.sessions if s.key == target.key), None) if inputs else None
    if target.kind is not TargetKind.SESSION or session is None:
        return target.label
    return f"{session.title}, {say.short_day(session.day)}"


def my_reminders(db: DBSession, user: str, *, now: datetime, language: str | None = None) -> MyReminders:
    """Someone's personal reminders, worded in their ``language``."""
    _ = say = Say.of(language)
    found: list[MyReminder] = []
    for s in list_subscriptions(db, user=user):
        inputs = load_inputs(db, s.meeting)
        due = [
            r for r in upcoming(plan(inputs), now) if r.subscription is not None and r.subscription.id == s.id
        ] if inputs else []
        zone = inputs.meeting.timezone if inputs else "UTC"
        next_at = _("next at {time} on {day}").format(
            time=say.when(due[0].due, zone, s.user_tz),
            day=say.short_day(due[0].due.astimezone(ZoneInfo(zone)).date())) if due else None
        found.append(MyReminder(s.id, s.lead_minutes, _label(s.target, inputs, say), s.meeting, next_at,
                                say.language))
    return MyReminders(tuple(found), language=say.language)


CANCELLED = N_("Cancelled: you won't get that reminder.")
NOT_YOURS = Words.of("That is not one of your reminders (see ", Hint.REMINDERS_MINE, ").")  # the console's


def cancel_mine(db: DBSession, user: str, subscription_id: int, *, language: str | None = None) -> Words | str:
    _ = Say.of(language)
    if cancel_subscription(db, subscription_id, user=user):
        return _(CANCELLED)
    return Words.of(_("That is not one of your reminders (see "), Hint.REMINDERS_MINE, _(")."))
