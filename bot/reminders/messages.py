"""What a reminder says, as plain text and values (Block Kit is built from the values in handlers/).

Wording is computed from the moment of sending, not from the plan: a
reminder sent late after a restart says "started 5 minutes ago", never
"starts in 15 minutes".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import N_
from bot.reminders.notifier import LATE_THRESHOLD, ReminderMessage
from bot.reminders.planner import (
    PlanInputs,
    PlannedReminder,
    ReminderKind,
    Subscription,
    TargetKind,
)
from bot.reminders.wording import Say
from bot.timefmt import zone_label
from store.values import Document, Meeting, Session

_ENGLISH = Say.of(None)


def relative(event_at: datetime, now: datetime, say: Say = _ENGLISH) -> str:
    """``starts in 15 minutes`` / ``is starting now`` / ``started 5 minutes ago``."""
    return say.relative(event_at, now)


def reader_language(reminder: PlannedReminder, inputs: PlanInputs) -> str | None:
    """The language ``reminder`` is written in: a channel reads the meeting's, a DM its reader's
    (their Slack locale; English when we do not know it, as for their questions)."""
    if reminder.destination.kind != "dm":
        return inputs.language
    if reminder.subscription is not None:
        return reminder.subscription.language
    return inputs.rapporteur_language


def _session_span(session: Session, meeting: Meeting, say: Say, viewer_zone: str | None = None) -> str:
    text = say.span(session.starts_at, session.ends_at, meeting.timezone, viewer_zone)
    if text == say.span(session.starts_at, session.ends_at, meeting.timezone, None):
        text = say.zone_time(text, meeting.timezone)  # no "your time" part: name the meeting's zone
    return text


def _session_documents(session: Session, meeting: Meeting) -> tuple[Document, ...]:
    numbers = {i.number.casefold() for i in session.items if i.number}
    return tuple(d for d in meeting.documents if d.item and d.item.casefold() in numbers)


def _items_lines(session: Session, say: Say) -> list[str]:
    _ = say
    return [f"• {item.label}" for item in session.items] or [_("(no items listed)")]


def _documents_lines(documents: tuple[Document, ...], say: Say) -> list[str]:
    _ = say
    if not documents:
        return []
    return [_("Documents:")] + [
        f"• {d.symbol} — {d.title}" if d.symbol else f"• {d.title}" for d in documents
    ]


def _late_note(reminder: PlannedReminder, now: datetime, say: Say) -> str:
    _ = say
    late = now.astimezone(UTC) - reminder.due_utc
    if late < LATE_THRESHOLD:
        return ""
    return _("This reminder is {duration} late: agendabot was not running when it was due.").format(
        duration=say.duration(late))


def compose(
    reminder: PlannedReminder,
    meeting: Meeting,
    now: datetime,
    *,
    viewer_zone: str | None = None,
    language: str | None = None,
) -> ReminderMessage:
    """The message for ``reminder`` if it were sent at ``now``, in ``language`` (English when None)."""
    sub = reminder.subscription
    viewer_zone = viewer_zone or (sub.user_tz if sub else None)
    say = Say.of(language)
    late_by = max(timedelta(0), now.astimezone(UTC) - reminder.due_utc)
    builder = {
        ReminderKind.DAY_BEFORE: _day_before,
        ReminderKind.SESSION: _session,
        ReminderKind.RAPPORTEUR_REPORT: _report,
        ReminderKind.RAPPORTEUR_DM: _rapporteur_dm,
        ReminderKind.PERSONAL: _personal,
    }[reminder.kind]
    title, body, sessions = builder(reminder, meeting, now, viewer_zone, say)
    session = reminder.session
    documents = _session_documents(session, meeting) if session else ()
    return ReminderMessage(
        key=reminder.key,
        kind=str(reminder.kind),
        title=title,
        body="\n".join(body),
        meeting=meeting,
        session=session,
        item=reminder.item,
        sessions=sessions,
        documents=documents,
        event_at=reminder.event_at,
        due=reminder.due,
        late_by=late_by,
        late_note=_late_note(reminder, now, say),
        reminder_id=reminder.id,
    )


Built = tuple[str, list[str], tuple[Session, ...]]
_LEADS = {0: N_("Today"), 1: N_("Tomorrow")}


def _day_before(r: PlannedReminder, m: Meeting, now: datetime, _vz: str | None, say: Say) -> Built:
    _ = say
    zone = ZoneInfo(m.timezone)
    first: date = r.day or m.start_date
    days = (first - now.astimezone(zone).date()).days
    lead = say(_LEADS[days]) if days in _LEADS else _("In {count} days").format(count=days)
    title = _("{lead}: {meeting} — {day}").format(lead=lead, meeting=m.title, day=say.day(first))
    where = f"{m.venue} · " if m.venue else ""
    body = [where + _("times in {zone} time").format(zone=zone_label(m.timezone))]
    sessions = tuple(s for d in m.days if d.date == first for s in d.sessions)
    for s in sessions:
        body.append(f"{say.span(s.starts_at, s.ends_at, m.timezone, None)}  {s.title}")
        body += [f"    {line}" for line in _items_lines(s, say)]
    if not sessions:
        body.append(_("No sessions are listed for that day yet."))
    return title, body, sessions


def _session(r: PlannedReminder, m: Meeting, now: datetime, vz: str | None, say: Say) -> Built:
    s = r.session
    assert s is not None
    room = f" · {s.room}" if s.room else ""
    title = f"{s.title} {say.relative(r.event_at, now)} — {_session_span(s, m, say, vz)}{room}"
    body = _items_lines(s, say) + _documents_lines(_session_documents(s, m), say)
    return title, body, (s,)


def _report(r: PlannedReminder, m: Meeting, now: datetime, vz: str | None, say: Say) -> Built:
    _ = say
    s, item = r.session, r.item
    assert s is not None and item is not None
    if r.at_session_start:
        title = _("{item} is on this session's agenda: {session}, {span}").format(
            item=item.label, session=s.title, span=_session_span(s, m, say, vz))
        late = abs(now - r.event_at) >= LATE_THRESHOLD
        body = [_("The session {when}.").format(when=say.relative(r.event_at, now))] if late else []
    else:
        own = say.span(item.starts_at, item.ends_at, m.timezone, vz)
        title = f"{item.label} {say.relative(r.event_at, now)} ({own}, {s.title})"
        body = []
    return title, body, (s,)


def _rapporteur_dm(r: PlannedReminder, m: Meeting, now: datetime, vz: str | None, say: Say) -> Built:
    _ = say
    s, item = r.session, r.item
    assert s is not None and item is not None
    at = say.when(r.event_at, m.timezone, vz)
    title = _("You are the rapporteur: {item} is in the {session}, which {when} ({at}).").format(
        item=item.label, session=s.title, when=say.relative(r.event_at, now), at=at)
    body = [_("Time to have the report ready. {meeting}, {day}.").format(meeting=m.title, day=say.day(s.day))]
    if item.starts_at is not None:
        body.append(_("The report itself is listed at {time}.").format(time=say.clock(item.starts_at, m.timezone)))
    return title, body, (s,)


def _personal(r: PlannedReminder, m: Meeting, now: datetime, vz: str | None, say: Say) -> Built:
    _ = say
    s = r.session
    assert s is not None
    at = say.when(r.event_at, m.timezone, vz)
    rel = say.relative(r.event_at, now)
    if r.target_kind is TargetKind.SESSION:
        title = _("Your reminder: {session} {when} ({at}).").format(session=s.title, when=rel, at=at)
        body = _items_lines(s, say)
    elif r.at_session_start and r.item is not None:
        title = _("Your reminder: {item} is on the agenda of the {session}, which {when} ({at}).").format(
            item=r.item.label, session=s.title, when=rel, at=at)
        body = []
    else:
        assert r.item is not None
        title = _("Your reminder: {item} {when} ({at}, {session}).").format(
            item=r.item.label, when=rel, at=at, session=s.title)
        body = []
    return title, [*body, m.title], (s,)


def compose_change_notice(
    key: str,
    meeting: Meeting,
    subscription: Subscription,
    old_due: datetime,
    new: PlannedReminder | None,
    now: datetime,
    *,
    language: str | None = None,
) -> ReminderMessage:
    """A DM to someone whose personal reminder moved or went away with the agenda, in ``language``."""
    vz = subscription.user_tz
    say = Say.of(language)
    _ = say
    tz = meeting.timezone
    lead = timedelta(minutes=subscription.lead_minutes)
    old_event = old_due.astimezone(UTC) + lead
    label = subscription.target.label or _("the session you asked about")
    if new is None:
        title = _("Agenda change: {target} is no longer on the agenda of {meeting}; your reminder is cancelled."
                    ).format(target=label, meeting=meeting.title)
        body: list[str] = []
    else:
        name = new.session.title if new.target_kind is TargetKind.SESSION and new.session else new.target
        title = _("Agenda change: {target} now starts at {when}, {day} (it was {was}).").format(
            target=name, when=say.when(new.event_at, tz, vz),
            day=say.day(new.event_at.astimezone(ZoneInfo(tz)).date()), was=say.when(old_event, tz, vz))
        if new.due_utc > now.astimezone(UTC):
            body = [_("Your reminder moves with it: {when}.").format(when=say.when(new.due, tz, vz))]
        else:
            body = [_("That is too soon for your reminder, so it will not come.")]
    return ReminderMessage(
        key=key,
        kind="change_notice",
        title=title,
        body="\n".join(body),
        meeting=meeting,
        session=new.session if new else None,
        item=new.item if new else None,
        event_at=new.event_at if new else None,
        reminder_id=new.id if new else "",
    )
