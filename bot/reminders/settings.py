"""What organizers and participants decide about reminders, in the store.

The policy, the rapporteur and personal subscriptions per meeting; and the
planner's inputs loaded from them. Every change bumps the meeting's
``reminder_settings.version`` so the firing process notices it (see
``fingerprints``) even when another process made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session as DBSession

from bot.reminders.planner import PlanInputs, Subscription, Target, TargetKind
from bot.reminders.policy import PolicyError, ReminderPolicy, parse_duration, parse_policy
from store import models
from store.agenda import load_meeting
from store.numerals import same_number
from store.values import Item, Meeting, Session


class ReminderSettingsError(ValueError):
    """A request we cannot carry out; the message is for the person who asked."""


def _meeting_row(db: DBSession, slug: str) -> models.Meeting:
    row = db.scalar(select(models.Meeting).where(models.Meeting.slug == slug))
    if row is None:
        raise ReminderSettingsError(f"There is no meeting “{slug}”.")
    return row


def _settings_row(db: DBSession, meeting_id: int, *, create: bool) -> models.ReminderSettings | None:
    row = db.get(models.ReminderSettings, meeting_id)
    if row is None and create:
        row = models.ReminderSettings(meeting_id=meeting_id, version=0)
        db.add(row)
    return row


def _bump(db: DBSession, meeting_id: int) -> models.ReminderSettings:
    row = _settings_row(db, meeting_id, create=True)
    assert row is not None
    row.version = (row.version or 0) + 1
    return row


def _policy_of(row: models.ReminderSettings | None, meeting: models.Meeting) -> ReminderPolicy:
    default = ReminderPolicy.default(meeting.reminder_lead_minutes)
    if row is None or not row.policy:
        return default
    try:
        return parse_policy(row.policy, default)
    except PolicyError:
        # Only our own canonical text is stored; if that ever fails to read, reminders must still go.
        return default


def get_policy(db: DBSession, slug: str) -> ReminderPolicy:
    row = _meeting_row(db, slug)
    return _policy_of(_settings_row(db, row.id, create=False), row)


def set_policy(db: DBSession, slug: str, text: str, *, by: str = "") -> ReminderPolicy:
    """Apply an organizer's policy text (``15m,1d``) on top of the current policy."""
    row = _meeting_row(db, slug)
    current = _policy_of(_settings_row(db, row.id, create=False), row)
    try:
        policy = parse_policy(text, current)
    except PolicyError as exc:
        raise ReminderSettingsError(str(exc)) from None
    settings = _bump(db, row.id)
    settings.policy = policy.text
    settings.policy_set_by = by
    db.flush()
    return policy


def get_rapporteur(db: DBSession, slug: str) -> str | None:
    row = _meeting_row(db, slug)
    settings = _settings_row(db, row.id, create=False)
    return settings.rapporteur_user_id if settings else None


def set_rapporteur(db: DBSession, slug: str, user_id: str | None, *, by: str = "") -> None:
    """Name the meeting's rapporteur (a Slack user id), or clear it with None."""
    row = _meeting_row(db, slug)
    settings = _bump(db, row.id)
    settings.rapporteur_user_id = user_id
    settings.rapporteur_set_by = by
    db.flush()


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
    row = _meeting_row(db, slug)
    if lead_minutes < 0 or lead_minutes > 7 * 24 * 60:
        raise ReminderSettingsError("A reminder can come from 0 minutes to 7 days before.")
    existing = db.scalar(
        select(models.ReminderSubscription).where(
            models.ReminderSubscription.meeting_id == row.id,
            models.ReminderSubscription.user_id == user,
            models.ReminderSubscription.target_kind == str(target.kind),
            models.ReminderSubscription.target_key == target.key,
            models.ReminderSubscription.lead_minutes == lead_minutes,
        )
    )
    if existing is None:
        existing = models.ReminderSubscription(
            meeting_id=row.id,
            user_id=user,
            target_kind=str(target.kind),
            target_key=target.key,
            target_label=target.label,
            lead_minutes=lead_minutes,
            user_tz=user_tz,
        )
        db.add(existing)
        _bump(db, row.id)
        db.flush()
    return _info(existing, slug)


def _info(row: models.ReminderSubscription, slug: str) -> SubscriptionInfo:
    return SubscriptionInfo(
        id=row.id,
        meeting=slug,
        user=row.user_id,
        target=Target(TargetKind(row.target_kind), row.target_key, row.target_label),
        lead_minutes=row.lead_minutes,
        user_tz=row.user_tz,
    )


def list_subscriptions(
    db: DBSession, *, slug: str | None = None, user: str | None = None
) -> list[SubscriptionInfo]:
    query = select(models.ReminderSubscription, models.Meeting.slug).join(
        models.Meeting, models.Meeting.id == models.ReminderSubscription.meeting_id
    )
    if slug is not None:
        query = query.where(models.Meeting.slug == slug)
    if user is not None:
        query = query.where(models.ReminderSubscription.user_id == user)
    rows = db.execute(query.order_by(models.ReminderSubscription.id))
    return [_info(sub, meeting_slug) for sub, meeting_slug in rows]


def cancel_subscription(db: DBSession, subscription_id: int, *, user: str) -> bool:
    """Cancel one of ``user``'s own reminders; False when there is no such reminder of theirs."""
    row = db.get(models.ReminderSubscription, subscription_id)
    if row is None or row.user_id != user:
        return False
    meeting_id = row.meeting_id
    db.delete(row)
    _bump(db, meeting_id)
    db.flush()
    return True


def load_inputs(db: DBSession, slug: str) -> PlanInputs | None:
    """Everything the planner needs for one meeting, or None when there is no such meeting."""
    row = db.scalar(select(models.Meeting).where(models.Meeting.slug == slug))
    if row is None:
        return None
    meeting = load_meeting(db, slug)
    assert meeting is not None
    settings = _settings_row(db, row.id, create=False)
    subs = db.scalars(
        select(models.ReminderSubscription)
        .where(models.ReminderSubscription.meeting_id == row.id)
        .order_by(models.ReminderSubscription.id)
    )
    return PlanInputs(
        meeting=meeting,
        policy=_policy_of(settings, row),
        channel_id=row.channel_id,
        rapporteur=settings.rapporteur_user_id if settings else None,
        subscriptions=tuple(
            Subscription(
                user=s.user_id,
                target=Target(TargetKind(s.target_kind), s.target_key, s.target_label),
                lead_minutes=s.lead_minutes,
                id=s.id,
                user_tz=s.user_tz,
            )
            for s in subs
        ),
    )


Fingerprint = tuple[int, int, str | None]


def fingerprints(db: DBSession, slug: str | None = None) -> dict[str, Fingerprint]:
    """Per meeting: (agenda revision, settings version, channel) — any change means re-plan."""
    query = select(
        models.Meeting.slug,
        models.Meeting.revision,
        models.ReminderSettings.version,
        models.Meeting.channel_id,
    ).outerjoin(models.ReminderSettings, models.ReminderSettings.meeting_id == models.Meeting.id)
    if slug is not None:
        query = query.where(models.Meeting.slug == slug)
    return {s: (rev, ver or 0, ch) for s, rev, ver, ch in db.execute(query)}


# --- understanding "remind me before item V" -----------------------------------------------


_ITEM_WORDS = re.compile(r"^(?:agenda\s+)?item\s+(?P<n>\S+)$", re.IGNORECASE)
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def find_target(meeting: Meeting, text: str, now: datetime | None = None) -> Target:
    """``item V``, ``V``, ``the afternoon session``, ``afternoon session on thursday`` -> a Target.

    A session title that occurs on several days means the next one from ``now``
    unless a day is named. Raises ReminderSettingsError naming the choices.
    """
    words = re.sub(r"\s+", " ", text.strip().strip("?.!")).strip()
    words = re.sub(r"^(?:the|before|for)\s+", "", words, flags=re.IGNORECASE)
    if not words:
        raise ReminderSettingsError("Say which item or session, e.g. “item V” or “afternoon session”.")
    match = _ITEM_WORDS.match(words)
    number = match.group("n") if match else words
    items = _items_numbered(meeting, number)
    if items:
        return Target.for_item(items[0])
    if match:
        known = ", ".join(dict.fromkeys(i.number for _, i in meeting.items() if i.number))
        raise ReminderSettingsError(f"There is no item {number}. Items: {known}.")
    return Target.for_session(_find_session(meeting, words, now))


def _items_numbered(meeting: Meeting, number: str) -> list[Item]:
    # "item 5" is item V, as everywhere else (store.numerals is the one place that says so).
    return [i for _, i in meeting.items() if i.number and same_number(i.number, number)]


def _find_session(meeting: Meeting, words: str, now: datetime | None) -> Session:
    low = words.casefold()
    day = None
    for name in _DAY_NAMES:
        if re.search(rf"\b(?:on\s+)?{name}\b", low):
            day = name
            low = re.sub(rf"\s*\b(?:on\s+)?{name}\b", "", low).strip()
    low = re.sub(r"\bsession\b", "", low).strip() or low
    candidates = [
        s for s in meeting.sessions if low and low in s.title.casefold()
    ]
    if day:
        candidates = [s for s in candidates if s.day.strftime("%A").casefold() == day]
    if not candidates:
        titles = ", ".join(dict.fromkeys(s.title for s in meeting.sessions))
        raise ReminderSettingsError(f"I can't find “{words}” on the agenda. Sessions: {titles}.")
    if len(candidates) > 1 and now is not None:
        zone = ZoneInfo(meeting.timezone)
        later = [s for s in candidates if s.starts_at and s.starts_at >= now.astimezone(zone)]
        if later:
            return later[0]
    return candidates[0]


def parse_lead(text: str | None, default_minutes: int) -> int:
    """A person's lead (``10m``, ``10 minutes``, ``1h``) in minutes; the default when none is given."""
    if not text or not text.strip():
        return default_minutes
    try:
        return parse_duration(text)
    except PolicyError as exc:
        raise ReminderSettingsError(str(exc)) from None
