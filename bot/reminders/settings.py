"""What organizers and participants decide about reminders.

The policy, the rapporteur and personal subscriptions per meeting, checked and
understood here and kept by store/reminder_settings.py; and the planner's inputs
loaded from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session as DBSession

from bot import vocabulary
from bot.reminders.planner import PlanInputs, Subscription, Target, TargetKind
from bot.reminders.policy import PolicyError, ReminderPolicy, parse_duration, parse_policy
from bot.reminders.wording import Say
from bot.words import WordsError
from store import reminder_settings as stored
from store.agenda import load_meeting, team_of
from store.languages import meeting_language, person_languages
from store.values import Meeting, Session


class ReminderSettingsError(WordsError):
    """A request we cannot carry out; the message (``words``) is for the person who asked."""


def _settings(db: DBSession, slug: str) -> stored.MeetingSettings:
    found = stored.settings_of(db, slug)
    if found is None:
        raise ReminderSettingsError(f"There is no meeting “{slug}”.")
    return found


def _policy_of(settings: stored.MeetingSettings) -> ReminderPolicy:
    default = ReminderPolicy.default(settings.default_lead_minutes)
    if not settings.policy:
        return default
    try:
        return parse_policy(settings.policy, default)
    except PolicyError:
        # Only our own canonical text is stored; if that ever fails to read, reminders must still go.
        return default


def get_policy(db: DBSession, slug: str) -> ReminderPolicy:
    return _policy_of(_settings(db, slug))


def set_policy(db: DBSession, slug: str, text: str, *, by: str = "") -> ReminderPolicy:
    """Apply an organizer's policy text (``15m,1d``) on top of the current policy."""
    settings = _settings(db, slug)
    try:
        policy = parse_policy(text, _policy_of(settings))
    except PolicyError as exc:
        raise ReminderSettingsError(str(exc)) from None
    stored.save_policy(db, settings.meeting_id, policy.text, by=by)
    return policy


def get_rapporteur(db: DBSession, slug: str) -> str | None:
    return _settings(db, slug).rapporteur


def set_rapporteur(db: DBSession, slug: str, user_id: str | None, *, by: str = "") -> None:
    """Name the meeting's rapporteur (a Slack user id), or clear it with None."""
    stored.save_rapporteur(db, _settings(db, slug).meeting_id, user_id, by=by)


@dataclass(frozen=True)
class SubscriptionInfo:
    id: int
    meeting: str
    user: str
    target: Target
    lead_minutes: int
    user_tz: str | None


def add_subscription(
    db: DBSession,
    slug: str,
    user: str,
    target: Target,
    lead_minutes: int,
    *,
    user_tz: str | None = None,
) -> SubscriptionInfo:
    """Remember that ``user`` wants a DM before ``target``; asking twice changes nothing."""
    settings = _settings(db, slug)
    if lead_minutes < 0 or lead_minutes > 7 * 24 * 60:
        raise ReminderSettingsError("A reminder can come from 0 minutes to 7 days before.")
    return _info(stored.add_subscription(db, slug, settings.meeting_id, user, str(target.kind), target.key,
                                         target.label, lead_minutes, user_tz))


def _target(sub: stored.StoredSubscription) -> Target:
    return Target(TargetKind(sub.target_kind), sub.target_key, sub.target_label)


def _info(sub: stored.StoredSubscription) -> SubscriptionInfo:
    return SubscriptionInfo(id=sub.id, meeting=sub.meeting, user=sub.user, target=_target(sub),
                            lead_minutes=sub.lead_minutes, user_tz=sub.user_tz)


def list_subscriptions(
    db: DBSession, *, slug: str | None = None, user: str | None = None
) -> list[SubscriptionInfo]:
    return [_info(sub) for sub in stored.subscriptions(db, slug=slug, user=user)]


def cancel_subscription(db: DBSession, subscription_id: int, *, user: str) -> bool:
    """Cancel one of ``user``'s own reminders; False when there is no such reminder of theirs."""
    return stored.delete_subscription(db, subscription_id, user=user)


def load_inputs(db: DBSession, slug: str) -> PlanInputs | None:
    """Everything the planner needs for one meeting, or None when there is no such meeting."""
    settings = stored.settings_of(db, slug)
    if settings is None:
        return None
    meeting = load_meeting(db, slug)
    assert meeting is not None
    subs = stored.subscriptions(db, slug=slug)
    locales = person_languages(db, [settings.rapporteur or "", *(s.user for s in subs)], team_of(db, slug))
    return PlanInputs(
        meeting=meeting,
        policy=_policy_of(settings),
        channel_id=settings.channel_id,
        rapporteur=settings.rapporteur,
        subscriptions=tuple(
            Subscription(user=s.user, target=_target(s), lead_minutes=s.lead_minutes, id=s.id, user_tz=s.user_tz,
                         language=locales.get(s.user))
            for s in subs
        ),
        language=meeting_language(db, slug),
        rapporteur_language=locales.get(settings.rapporteur or ""),
    )


# The store's, re-exported: the scheduler and service ask this module for them.
Fingerprint = stored.Fingerprint
fingerprints = stored.fingerprints


# --- understanding "remind me before item V" -----------------------------------------------


def find_target(meeting: Meeting, text: str, now: datetime | None = None, *, language: str | None = None) -> Target:
    """``item V``, ``V``, ``the afternoon session``, ``afternoon session on thursday`` -> a Target.

    A session title that occurs on several days means the next one from ``now``
    unless a day is named. Raises ReminderSettingsError naming the choices, in ``language``.
    """
    _ = say = Say.of(language)
    words = re.sub(r"\s+", " ", text.strip().strip("?.!")).strip()
    words = re.sub(r"^(?:the|before|for)\s+", "", words, flags=re.IGNORECASE)
    if not words:
        raise ReminderSettingsError(_("Say which item or session, e.g. “item V” or “afternoon session”."))
    named = vocabulary.item_number(words.removeprefix("agenda ").removeprefix("Agenda "))
    number = named or words
    items = vocabulary.items_numbered(meeting, number)
    if items:
        return Target.for_item(items[0])
    if named is not None and len(words.split()) > 1:  # "item 12" of an agenda that stops at XI
        known = ", ".join(dict.fromkeys(i.number for _, i in meeting.items() if i.number))
        raise ReminderSettingsError(_("There is no item {number}. Items: {known}.").format(number=number, known=known))
    return Target.for_session(_find_session(meeting, words, now, say))


def _find_session(meeting: Meeting, words: str, now: datetime | None, say: Say) -> Session:
    _ = say
    tokens = words.casefold().split()
    day = None
    found = vocabulary.weekday_in(tokens)
    if found is not None:
        position, day = found
        before = position - 1 if position and tokens[position - 1] == "on" else position
        tokens = tokens[:before] + tokens[position + 1:]
    low = " ".join(tokens)
    low = re.sub(r"\bsession\b", "", low).strip() or low
    candidates = [
        s for s in meeting.sessions if low and low in s.title.casefold()
    ]
    if day:
        candidates = [s for s in candidates if s.day.weekday() == day]
    if not candidates:
        titles = ", ".join(dict.fromkeys(s.title for s in meeting.sessions))
        raise ReminderSettingsError(
            _("I can't find “{words}” on the agenda. Sessions: {titles}.").format(words=words, titles=titles))
    if len(candidates) > 1 and now is not None:
        zone = ZoneInfo(meeting.timezone)
        later = [s for s in candidates if s.starts_at and s.starts_at >= now.astimezone(zone)]
        if later:
            return later[0]
    return candidates[0]


def parse_lead(text: str | None, default_minutes: int, *, language: str | None = None) -> int:
    """A person's lead (``10m``, ``10 minutes``, ``1h``) in minutes; the default when none is given."""
    if not text or not text.strip():
        return default_minutes
    try:
        minutes = parse_duration(text)
    except PolicyError:
        # parse_duration's one refusal, worded for the person who asked
        _ = Say.of(language)
        raise ReminderSettingsError(_(
            "“{text}” is not a length of time; write it like e.g. 15m, 2h, 1h30m or 1d").format(
            text=text.strip())) from None
    if minutes > 7 * 24 * 60:  # add_subscription's bound, said here in the asker's words
        _ = Say.of(language)
        raise ReminderSettingsError(_("A reminder can come from 0 minutes to 7 days before."))
    return minutes
