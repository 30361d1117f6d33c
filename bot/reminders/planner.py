"""The planner: agenda + policy + subscriptions -> the reminders to send, with stable ids.

Pure: no database, no clock, no Slack. The same inputs give the same
reminders with the same ids, which is what lets the scheduler touch only the
jobs that changed and lets deliveries be recorded under a unique key.

Ids read as ``{slug}/{kind}/{target}/{lead}``: a session's part is its day and
title (its identity across revisions, see ``Session.key``), so a session that
moves keeps its ids and its jobs are rescheduled rather than replaced.

Due times are computed on the UTC time line: an aware datetime in a zone
subtracts wall-clock time, which is an hour off across a daylight-saving
change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.i18n import N_
from bot.reminders.policy import ReminderPolicy, format_minutes
from bot.timefmt import key_stamp, short_day, time_of_day
from store.values import Item, ItemKind, Meeting, Session

MAX_ID_LENGTH = 191  # APScheduler's job id column
# Bump when ids or due times would come out differently for the same input: every
# meeting's jobs are then rebuilt on the next start instead of trusted.
PLAN_VERSION = 1


class ReminderKind(StrEnum):
    DAY_BEFORE = "day_before"
    SESSION = "session"
    RAPPORTEUR_REPORT = "rapporteur_report"
    RAPPORTEUR_DM = "rapporteur_dm"
    PERSONAL = "personal"


class TargetKind(StrEnum):
    DAY = "day"
    SESSION = "session"
    ITEM = "item"


@dataclass(frozen=True)
class Destination:
    """Where a reminder goes: a channel, a user's DM, or nowhere yet (and why)."""

    kind: str  # "channel" | "dm" | "none"
    id: str = ""
    reason: str = ""

    @classmethod
    def channel(cls, channel_id: str | None) -> Destination:
        return cls("channel", channel_id) if channel_id else cls("none", reason=N_("no channel linked"))

    @classmethod
    def dm(cls, user_id: str | None, missing: str = N_("no rapporteur set")) -> Destination:
        return cls("dm", user_id) if user_id else cls("none", reason=missing)

    @property
    def routed(self) -> bool:
        return self.kind != "none"

    def __str__(self) -> str:
        if self.kind == "channel":
            return f"channel {self.id}"
        if self.kind == "dm":
            return f"DM {self.id}"
        return self.reason or "nowhere"

    @property
    def code(self) -> str:
        """Compact form for the deliveries table: ``channel:C123``, ``dm:U123``, ``none``."""
        return f"{self.kind}:{self.id}" if self.routed else "none"

    @classmethod
    def from_code(cls, code: str) -> Destination:
        kind, _, ident = code.partition(":")
        if kind in ("channel", "dm") and ident:
            return cls(kind, ident)
        return cls("none", reason=N_("no destination"))


@dataclass(frozen=True)
class Target:
    """What a personal reminder is about: a session (by key) or an item (by number)."""

    kind: TargetKind
    key: str
    label: str = ""

    @classmethod
    def for_session(cls, session: Session) -> Target:
        return cls(TargetKind.SESSION, session.key, f"{session.title}, {short_day(session.day)}")

    @classmethod
    def for_item(cls, item: Item) -> Target:
        key = item.number.casefold() if item.number else "title:" + item.title.casefold()
        return cls(TargetKind.ITEM, key, f"item {item.label}" if item.number else item.title)


@dataclass(frozen=True)
class Subscription:
    """Someone asked for a DM ``lead_minutes`` before ``target``."""

    user: str
    target: Target
    lead_minutes: int
    id: int = 0
    user_tz: str | None = None
    language: str | None = None  # their Slack locale ("es-ES"): their DMs are written in it


@dataclass(frozen=True)
class PlanInputs:
    meeting: Meeting
    policy: ReminderPolicy
    channel_id: str | None = None
    rapporteur: str | None = None
    subscriptions: tuple[Subscription, ...] = ()
    language: str = "en"  # the meeting's: its channel reminders are written in it
    rapporteur_language: str | None = None  # the rapporteur's locale, for their DMs


@dataclass(frozen=True)
class PlannedReminder:
    id: str
    kind: ReminderKind
    due: datetime  # aware, in the meeting's zone
    meeting: str  # slug
    destination: Destination
    event_at: datetime  # what the reminder is about starts then
    lead: timedelta
    target: str  # the target as a person reads it
    target_kind: TargetKind
    session: Session | None = None
    item: Item | None = None
    day: date | None = None
    subscription: Subscription | None = None
    # True when an item has no time of its own and the reminder is for its session.
    at_session_start: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """The delivery key: this reminder at this due time, sent at most once."""
        return delivery_key(self.id, self.due)

    @property
    def due_utc(self) -> datetime:
        return self.due.astimezone(UTC)


def delivery_key(reminder_id: str, due: datetime) -> str:
    return f"{reminder_id}@{key_stamp(due.astimezone(UTC))}"


def _slugify(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:limit].rstrip("-") or "untitled"


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _session_tokens(sessions: Sequence[Session]) -> dict[str, str]:
    """Readable, unique id parts per session key: ``2003-10-15-morning-session``."""
    tokens: dict[str, str] = {}
    for s in sessions:
        token = f"{s.day.isoformat()}-{_slugify(s.title)}"
        if s.occurrence > 1:  # the second "Coffee break": as its title "(2)" once made it
            token += f"-{s.occurrence}"
        if s.room:
            token += f"@{_slugify(s.room, 20)}"
        tokens.setdefault(s.key, token)
    counts: dict[str, int] = {}
    for t in tokens.values():
        counts[t] = counts.get(t, 0) + 1
    # Titles cut to 40 characters can collide; the key's hash keeps those apart.
    return {k: (t if counts[t] == 1 else f"{t}-{_short_hash(k)}") for k, t in tokens.items()}


def _item_token(item: Item) -> str:
    if item.number:
        return "item-" + (re.sub(r"[^A-Za-z0-9.]+", "-", item.number).strip("-") or _short_hash(item.number))
    return f"item-{_slugify(item.title, 24)}"


def _fit_id(slug: str, rest: str) -> str:
    """Keep ids within APScheduler's 191 characters, the slug always readable in front."""
    whole = f"{slug}/{rest}"
    if len(whole) <= MAX_ID_LENGTH:
        return whole
    return f"{slug}/{rest.split('/', 1)[0]}/h{hashlib.sha1(rest.encode('utf-8')).hexdigest()}"


def _before(moment: datetime, minutes: int, zone: ZoneInfo) -> datetime:
    return (moment.astimezone(UTC) - timedelta(minutes=minutes)).astimezone(zone)


def _session_label(session: Session, zone: ZoneInfo) -> str:
    when = f" {time_of_day(session.starts_at.astimezone(zone).time())}" if session.starts_at else ""
    return f"{session.title}, {short_day(session.day)}{when}"


def _item_label(item: Item, session: Session, zone: ZoneInfo) -> str:
    name = f"item {item.label}" if item.number else item.title
    return f"{name} ({_session_label(session, zone)})"


def _item_time(item: Item, session: Session) -> tuple[datetime | None, bool]:
    """An item's own time, else its session's start (and say which)."""
    if item.starts_at is not None:
        return item.starts_at, False
    return session.starts_at, True


def _matches(target: Target, session: Session, item: Item | None) -> bool:
    if target.kind is TargetKind.SESSION:
        return item is None and session.key == target.key
    if target.kind is TargetKind.ITEM and item is not None:
        return Target.for_item(item).key == target.key
    return False


def plan(inputs: PlanInputs) -> list[PlannedReminder]:
    """Every reminder of the meeting, past and future, ordered by due time."""
    meeting, policy = inputs.meeting, inputs.policy
    zone = ZoneInfo(meeting.timezone)
    slug = meeting.slug
    sessions = meeting.sessions
    tokens = _session_tokens(sessions)
    out: list[PlannedReminder] = []
    channel = Destination.channel(inputs.channel_id)

    first_day = meeting.days[0].date if meeting.days else meeting.start_date
    day_one = meeting.days[0] if meeting.days else None
    day_one_starts = [s.starts_at for s in (day_one.sessions if day_one else ()) if s.starts_at]
    for preview in policy.previews:
        # Wall-clock 17:00 on the day before is what is meant, so this one is built in the zone.
        due = datetime.combine(first_day - timedelta(days=preview.days), preview.at, tzinfo=zone)
        event = min(day_one_starts) if day_one_starts else datetime.combine(first_day, preview.at, tzinfo=zone)
        out.append(
            PlannedReminder(
                id=_fit_id(slug, f"day_before/{first_day.isoformat()}/{preview.token}"),
                kind=ReminderKind.DAY_BEFORE,
                due=due,
                meeting=slug,
                destination=channel,
                event_at=event,
                lead=event.astimezone(UTC) - due.astimezone(UTC),
                target=f"day one, {short_day(first_day)}",
                target_kind=TargetKind.DAY,
                day=first_day,
            )
        )

    for session in sessions:
        token = tokens[session.key]
        if session.starts_at is not None:
            for lead in policy.session_leads:
                out.append(
                    PlannedReminder(
                        id=_fit_id(slug, f"session/{token}/{format_minutes(lead)}"),
                        kind=ReminderKind.SESSION,
                        due=_before(session.starts_at, lead, zone),
                        meeting=slug,
                        destination=channel,
                        event_at=session.starts_at,
                        lead=timedelta(minutes=lead),
                        target=_session_label(session, zone),
                        target_kind=TargetKind.SESSION,
                        session=session,
                    )
                )
        for item in session.items:
            if item.kind is not ItemKind.RAPPORTEUR_REPORT:
                continue
            at, at_start = _item_time(item, session)
            if at is None:
                continue  # neither the item nor its session has a time: nothing to plan from
            itoken = _item_token(item)
            if policy.report:
                out.append(
                    PlannedReminder(
                        id=_fit_id(slug, f"rapporteur_report/{token}/{itoken}"),
                        kind=ReminderKind.RAPPORTEUR_REPORT,
                        due=at.astimezone(zone),
                        meeting=slug,
                        destination=channel,
                        event_at=at,
                        lead=timedelta(0),
                        target=_item_label(item, session, zone),
                        target_kind=TargetKind.ITEM,
                        session=session,
                        item=item,
                        at_session_start=at_start,
                    )
                )
            if policy.rapporteur_lead is not None:
                anchor = session.starts_at or at
                out.append(
                    PlannedReminder(
                        id=_fit_id(
                            slug,
                            f"rapporteur_dm/{token}/{itoken}/{format_minutes(policy.rapporteur_lead)}",
                        ),
                        kind=ReminderKind.RAPPORTEUR_DM,
                        due=_before(anchor, policy.rapporteur_lead, zone),
                        meeting=slug,
                        destination=Destination.dm(inputs.rapporteur),
                        event_at=anchor,
                        lead=timedelta(minutes=policy.rapporteur_lead),
                        target=_item_label(item, session, zone),
                        target_kind=TargetKind.ITEM,
                        session=session,
                        item=item,
                        at_session_start=at_start,
                    )
                )

    out.extend(_personal(inputs, tokens, zone))
    return _dedupe(sorted(out, key=lambda r: (r.due_utc, list(ReminderKind).index(r.kind), r.id)))


def _personal(inputs: PlanInputs, tokens: dict[str, str], zone: ZoneInfo) -> Iterable[PlannedReminder]:
    meeting = inputs.meeting
    for sub in inputs.subscriptions:
        user_part = re.sub(r"[^A-Za-z0-9]+", "-", sub.user) or "user"
        for session in meeting.sessions:
            candidates: list[Item | None] = [None, *session.items]
            for item in candidates:
                if not _matches(sub.target, session, item):
                    continue
                if item is None:
                    at, at_start = session.starts_at, False
                    label, tkind = _session_label(session, zone), TargetKind.SESSION
                    rest = f"personal/{user_part}/{tokens[session.key]}/{format_minutes(sub.lead_minutes)}"
                else:
                    at, at_start = _item_time(item, session)
                    label, tkind = _item_label(item, session, zone), TargetKind.ITEM
                    rest = (
                        f"personal/{user_part}/{tokens[session.key]}/{_item_token(item)}"
                        f"/{format_minutes(sub.lead_minutes)}"
                    )
                if at is None:
                    continue
                yield PlannedReminder(
                    id=_fit_id(meeting.slug, rest),
                    kind=ReminderKind.PERSONAL,
                    due=_before(at, sub.lead_minutes, zone),
                    meeting=meeting.slug,
                    destination=Destination.dm(sub.user, missing=N_("no user")),
                    event_at=at,
                    lead=timedelta(minutes=sub.lead_minutes),
                    target=label,
                    target_kind=tkind,
                    session=session,
                    item=item,
                    subscription=sub,
                    at_session_start=at_start,
                )


def _dedupe(reminders: list[PlannedReminder]) -> list[PlannedReminder]:
    """Ids must be unique; the seed's duplicated item number gets ``~2`` on its second use."""
    seen: dict[str, int] = {}
    out = []
    for r in sorted(reminders, key=lambda r: (r.id, r.due_utc)):
        n = seen.get(r.id, 0) + 1
        seen[r.id] = n
        if n > 1:
            r = replace(r, id=f"{r.id}~{n}")
        out.append(r)
    return sorted(out, key=lambda r: (r.due_utc, list(ReminderKind).index(r.kind), r.id))


def upcoming(reminders: Iterable[PlannedReminder], now: datetime) -> list[PlannedReminder]:
    """The reminders due at ``now`` or later."""
    moment = now.astimezone(UTC)
    return [r for r in reminders if r.due_utc >= moment]


def missing_targets(inputs: PlanInputs) -> list[Subscription]:
    """Subscriptions whose session or item is no longer on the agenda."""
    meeting = inputs.meeting
    gone = []
    for sub in inputs.subscriptions:
        found = any(
            _matches(sub.target, s, i) for s in meeting.sessions for i in (None, *s.items)
        )
        if not found:
            gone.append(sub)
    return gone
