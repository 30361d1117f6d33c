"""Where: the room of a session or an item, the rooms of a part of the day, a room itself.

"Which room is the joint meeting in?", "where is the technical briefing?",
"where r we meeting this aftn", "where is the next session?", "where's the
Alfama Lab?". The venue of the meeting itself stays a fact of the meeting
(meeting_facts.venue). When the agenda gives no room, the answer says so, and
adds what the documents say about the place when they say anything.
"""

from __future__ import annotations

from bot.answers import documents
from bot.answers.answer import Answer
from bot.answers.context import Ask
from bot.answers.normalize import words_of
from bot.answers.targets import Target, content_tokens, find_target
from bot.answers.timeexpr import meeting_dates
from bot.answers.timeline import part_view
from store.values import Session

PASSAGE_THRESHOLD = 0.45


def is_where_question(ask: Ask) -> bool:
    # "room?" alone (or "rm?") asks the same as "which room?".
    return ask.query.has("where", "which room", "what room", "room is", "which hall", "what hall", "located") or (
        ask.query.tokens in (("room",), ("rooms",)))


def _session_line(ask: Ask, s: Session) -> str:
    room = s.room or ask.tr.gettext("no room given")
    return f"• {s.title}: {room} — {ask.day(s.day)}, {ask.span(s.starts_at, s.ends_at)}"


def _about_place(ask: Ask, words: tuple[str, ...]) -> list[str]:
    """What the documents say about a place (a room, the lunch area): a sentence or two."""
    stems = ask.index.topic_stems(words)
    if not stems:
        return []
    ranked = [(s, u) for s, u in ask.index.score(stems, kinds=("passage",)) if s >= PASSAGE_THRESHOLD]
    says = ask.tr.gettext("“{title}” says: “{text}”")
    return [says.format(title=u.document.title, text=u.text) for _, u in ranked[:1] if u.document is not None]


def answer_where(ask: Ask) -> Answer | None:
    if not is_where_question(ask):
        return None
    q = ask.query
    by_time = _where_by_time(ask)
    if by_time is not None:
        return by_time
    if ask.room is not None and not content_tokens(ask, frozenset(words_of(ask.room))):
        # "where's the Alfama Lab?": a room of the meeting; the documents may say where it is.
        said = _about_place(ask, tuple(words_of(ask.room)))
        _ = ask.tr.gettext
        one_of = _("{room} is one of the rooms at {venue}.") if ask.meeting.venue else _("{room} is one of the rooms.")
        text = one_of.format(room=ask.room, venue=ask.meeting.venue) + ("\n" + said[0] if said else "")
        return Answer("where", text, ask.meeting.slug)
    if q.has(*documents.DOC_WORDS):
        return None  # "where is the SG's report?": a document, not a room
    target = find_target(ask, _room_words(ask))
    if target is not None and not target.is_meeting:
        return _answer_target(ask, target)
    # "where can I get lunch?", "where do I collect my badge?": what the documents say of the place.
    content = content_tokens(ask, frozenset({"get", "find", "collect", "go"}))
    said = _about_place(ask, content) if content else []
    if said:
        return Answer("where", said[0], ask.meeting.slug)
    return None


def _where_by_time(ask: Ask) -> Answer | None:
    """Where with no target but a time: "where are we this afternoon?", "where's the next one?", "which room?"."""
    # "where are we meeting this afternoon?", "where r we today", "where is tomorrow morning's meeting?"
    if ask.time and (ask.time.day or ask.time.part) and not content_tokens(ask):
        return _rooms_of_time(ask)
    if ask.time.next and not content_tokens(ask, frozenset({"next"})):
        upcoming = [s for s in ask.in_room(list(ask.index.sessions)) if s.starts_at and s.starts_at > ask.now]
        if upcoming:
            soonest = min(s.starts_at for s in upcoming if s.starts_at)
            chosen = [s for s in upcoming if s.starts_at == soonest]
            return _answer_sessions(ask, chosen, lead=ask.tr.gettext("Next:"))
    if ask.query.has("room", "rooms") and not content_tokens(ask, frozenset({"room", "rooms", "which", "what"})):
        # "which room?" alone: the rooms of today's programme.
        return _rooms_of_time(ask)
    return None


def _room_words(ask: Ask) -> frozenset[str]:
    return frozenset(words_of(ask.room)) if ask.room else frozenset()


def _rooms_of_time(ask: Ask) -> Answer | None:
    day = ask.time.day or ask.today
    if day not in meeting_dates(ask.meeting):
        return None
    sessions = [s for s in ask.in_room(list(ask.index.sessions)) if s.day == day]
    if ask.time.part:
        sessions = [v for s in sessions if (v := part_view(s, ask.time.part))]
    if not sessions:
        return None
    return _answer_sessions(ask, sessions, lead=ask.tr.gettext("{heading}:").format(heading=ask.day(day)))


def _answer_sessions(ask: Ask, sessions: list[Session], lead: str) -> Answer:
    _ = ask.tr.gettext
    rooms = {s.room for s in sessions if s.room}
    if len(rooms) == 1 and all(s.room for s in sessions):
        room = rooms.pop()
        the = _("the {title} ({span})")
        what = ", ".join(the.format(title=s.title, span=ask.span(s.starts_at, s.ends_at)) for s in sessions)
        venue = f", {ask.meeting.venue}" if ask.meeting.venue else ""
        text = _("{lead} {what} in {room}{venue}.").format(lead=lead, what=what, room=room, venue=venue)
        return Answer("where", text, ask.meeting.slug, sessions=tuple(sessions))
    lines = [lead] + [_session_line(ask, s) for s in sessions]
    return Answer("where", "\n".join(lines), ask.meeting.slug, sessions=tuple(sessions))


def _answer_target(ask: Ask, target: Target) -> Answer:
    _ = ask.tr.gettext
    lines: list[str] = []
    missing: list[str] = []
    if target.kind == "item":
        for o in target.occurrences:
            room = o.item.room or o.session.room
            start = o.item.starts_at or o.session.starts_at
            end = o.item.ends_at or (o.session.ends_at if not o.item.starts_at else None)
            when = f"{ask.day(o.session.day)}, {ask.span(start, end)}"
            if room:
                said = target.label if len(target.occurrences) == 1 or o.item.number else f"“{o.item.title}”"
                lines.append(_("{what} is in {room} ({session}, {when}).").format(
                    what=said[0].upper() + said[1:], room=room, session=o.session.title, when=when))
            else:
                missing.append(f"{o.session.title}, {when}")
    else:
        for s in target.sessions:
            when = f"{ask.day(s.day)}, {ask.span(s.starts_at, s.ends_at)}"
            if s.room:
                lines.append(_("The {title} is in {room} ({when}).").format(title=s.title, room=s.room, when=when))
            else:
                missing.append(_("the {title} ({span})").format(title=s.title, span=when))
    venue = _(" Venue: {venue}.").format(venue=ask.meeting.venue) if ask.meeting.venue else ""
    if missing:
        # With no room given, the meeting's venue is still where it is held.
        lines.append(_("The agenda gives no room for {what}: {places}.").format(
            what=target.label, places="; ".join(missing)) + venue)
        lines += _about_place(ask, content_tokens(ask))
    elif lines:
        lines[-1] += venue
    return Answer("where", "\n".join(lines), ask.meeting.slug, sessions=target.sessions)

