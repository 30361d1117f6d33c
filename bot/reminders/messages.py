"""What a reminder says, as plain text and values (Block Kit is built from the values in handlers/).

Wording is computed from the moment of sending, not from the plan: a
reminder sent late after a restart says "started 5 minutes ago", never
"starts in 15 minutes".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.reminders.notifier import LATE_THRESHOLD, ReminderMessage
from bot.reminders.planner import PlannedReminder, ReminderKind, Subscription, TargetKind
from bot.timefmt import clock, day_label, duration_words, span, when, zone_label
from store.values import Document, Meeting, Session


def relative(event_at: datetime, now: datetime, verb: str = "starts") -> str:
    """``starts in 15 minutes`` / ``is starting now`` / ``started 5 minutes ago``."""
    seconds = (event_at.astimezone(UTC) - now.astimezone(UTC)).total_seconds()
    if abs(seconds) < 30:
        return "is starting now" if verb == "starts" else f"{verb} now"
    if seconds > 0:
        return f"{verb} in {duration_words(timedelta(seconds=seconds))}"
    past = {"starts": "started", "begins": "began"}.get(verb, verb)
    return f"{past} {duration_words(timedelta(seconds=seconds))} ago"


def _session_span(session: Session, meeting: Meeting, viewer_zone: str | None = None) -> str:
    text = span(session.starts_at, session.ends_at, meeting.timezone, viewer_zone)
    if viewer_zone is None or "your time" not in text:
        text += f" {zone_label(meeting.timezone)} time"
    return text


def _session_documents(session: Session, meeting: Meeting) -> tuple[Document, ...]:
    numbers = {i.number.casefold() for i in session.items if i.number}
    return tuple(d for d in meeting.documents if d.item and d.item.casefold() in numbers)


def _items_lines(session: Session) -> list[str]:
    return [f"• {item.label}" for item in session.items] or ["(no items listed)"]


def _documents_lines(documents: tuple[Document, ...]) -> list[str]:
    if not documents:
        return []
    return ["Documents:"] + [
        f"• {d.symbol} — {d.title}" if d.symbol else f"• {d.title}" for d in documents
    ]


def _late_note(reminder: PlannedReminder, now: datetime) -> str:
    late = now.astimezone(UTC) - reminder.due_utc
    if late < LATE_THRESHOLD:
        return ""
    return f"This reminder is {duration_words(late)} late: agendabot was not running when it was due."


def compose(
    reminder: PlannedReminder,
    meeting: Meeting,
    now: datetime,
    *,
    viewer_zone: str | None = None,
) -> ReminderMessage:
    """The message for ``reminder`` if it were sent at ``now``."""
    sub = reminder.subscription
    viewer_zone = viewer_zone or (sub.user_tz if sub else None)
    late_by = max(timedelta(0), now.astimezone(UTC) - reminder.due_utc)
    builder = {
        ReminderKind.DAY_BEFORE: _day_before,
        ReminderKind.SESSION: _session,
        ReminderKind.RAPPORTEUR_REPORT: _report,
        ReminderKind.RAPPORTEUR_DM: _rapporteur_dm,
        ReminderKind.PERSONAL: _personal,
    }[reminder.kind]
    title, body, sessions = builder(reminder, meeting, now, viewer_zone)
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
        late_note=_late_note(reminder, now),
        reminder_id=reminder.id,
    )


Built = tuple[str, list[str], tuple[Session, ...]]


def _day_before(r: PlannedReminder, m: Meeting, now: datetime, _vz: str | None) -> Built:
    zone = ZoneInfo(m.timezone)
    first: date = r.day or m.start_date
    days = (first - now.astimezone(zone).date()).days
    lead = {0: "Today", 1: "Tomorrow"}.get(days, f"In {days} days")
    title = f"{lead}: {m.title} — {day_label(first)}"
    where = f"{m.venue} · " if m.venue else ""
    body = [f"{where}times in {zone_label(m.timezone)} time"]
    sessions = tuple(s for d in m.days if d.date == first for s in d.sessions)
    for s in sessions:
        body.append(f"{span(s.starts_at, s.ends_at, m.timezone)}  {s.title}")
        body += [f"    {line}" for line in _items_lines(s)]
    if not sessions:
        body.append("No sessions are listed for that day yet.")
    return title, body, sessions


def _session(r: PlannedReminder, m: Meeting, now: datetime, vz: str | None) -> Built:
    s = r.session
    assert s is not None
    room = f" · {s.room}" if s.room else ""
    title = f"{s.title} {relative(r.event_at, now)} — {_session_span(s, m, vz)}{room}"
    body = _items_lines(s) + _documents_lines(_session_documents(s, m))
    return title, body, (s,)


def _report(r: PlannedReminder, m: Meeting, now: datetime, vz: str | None) -> Built:
    s, item = r.session, r.item
    assert s is not None and item is not None
    if r.at_session_start:
        title = f"{item.label} is on this session's agenda: {s.title}, {_session_span(s, m, vz)}"
        body = [f"The session {relative(r.event_at, now)}."] if abs(now - r.event_at) >= LATE_THRESHOLD else []
    else:
        own = span(item.starts_at, item.ends_at, m.timezone, vz)
        title = f"{item.label} {relative(r.event_at, now)} ({own}, {s.title})"
        body = []
    return title, body, (s,)


def _rapporteur_dm(r: PlannedReminder, m: Meeting, now: datetime, vz: str | None) -> Built:
    s, item = r.session, r.item
    assert s is not None and item is not None
    at = when(r.event_at, m.timezone, vz)
    title = f"You are the rapporteur: {item.label} is in the {s.title}, which {relative(r.event_at, now)} ({at})."
    body = [f"Time to have the report ready. {m.title}, {day_label(s.day)}."]
    if item.starts_at is not None:
        body.append(f"The report itself is listed at {clock(item.starts_at, m.timezone)}.")
    return title, body, (s,)


def _personal(r: PlannedReminder, m: Meeting, now: datetime, vz: str | None) -> Built:
    s = r.session
    assert s is not None
    at = when(r.event_at, m.timezone, vz)
    if r.target_kind is TargetKind.SESSION:
        title = f"Your reminder: {s.title} {relative(r.event_at, now)} ({at})."
        body = _items_lines(s)
    elif r.at_session_start and r.item is not None:
        title = (
            f"Your reminder: {r.item.label} is on the agenda of the {s.title}, "
            f"which {relative(r.event_at, now)} ({at})."
        )
        body = []
    else:
        assert r.item is not None
        title = f"Your reminder: {r.item.label} {relative(r.event_at, now)} ({at}, {s.title})."
        body = []
    return title, [*body, m.title], (s,)


def compose_change_notice(
    key: str,
    meeting: Meeting,
    subscription: Subscription,
    old_due: datetime,
    new: PlannedReminder | None,
    now: datetime,
) -> ReminderMessage:
    """A DM to someone whose personal reminder moved or went away with the agenda."""
    vz = subscription.user_tz
    lead = timedelta(minutes=subscription.lead_minutes)
    old_event = old_due.astimezone(UTC) + lead
    label = subscription.target.label or "the session you asked about"
    if new is None:
        title = f"Agenda change: {label} is no longer on the agenda of {meeting.title}; your reminder is cancelled."
        body: list[str] = []
    else:
        name = new.session.title if new.target_kind is TargetKind.SESSION and new.session else new.target
        title = (
            f"Agenda change: {name} now starts at {when(new.event_at, meeting.timezone, vz)}, "
            f"{day_label(new.event_at.astimezone(ZoneInfo(meeting.timezone)).date())} "
            f"(it was {when(old_event, meeting.timezone, vz)})."
        )
        if new.due_utc > now.astimezone(UTC):
            body = [f"Your reminder moves with it: {when(new.due, meeting.timezone, vz)}."]
        else:
            body = ["That is too soon for your reminder, so it will not come."]
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
