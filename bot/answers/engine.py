"""Question -> Answer for one meeting: the engine's single entry point.

It reads the question once (normalize, time expressions), hands it to the
ordered rules in intents.py and never raises: whatever goes wrong inside
becomes an honest answer, because a participant in a meeting should get a
reply, not silence.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.answers.answer import Answer
from bot.answers.context import Ask, NotesFn, SearchFn
from bot.answers.index import MeetingIndex, index_for
from bot.answers.intents import route
from bot.answers.normalize import Query, normalize
from bot.answers.timeexpr import TimeRef, parse_time
from bot.i18n import translator
from store.values import Meeting

log = logging.getLogger(__name__)


def answer_question(
    question: str,
    meeting: Meeting,
    *,
    now: datetime,
    viewer_zone: str | None = None,
    search: SearchFn | None = None,
    index: MeetingIndex | None = None,
    notes: NotesFn | None = None,
    language: str | None = None,
) -> Answer:
    """Answer ``question`` about ``meeting`` as of ``now`` (aware), for a reader in ``viewer_zone``.

    ``search(query, limit)`` is full-text search bound to this meeting; without
    it the engine matches topics on the meeting's own words. ``index`` is the
    meeting's precomputed index (built and cached here when not given). ``notes()``
    gives the rapporteur's notes, for "what was agreed on …?" (bot/answers/outcomes.py).
    ``language`` (en, fr, es; English for anything else) is the language of the bot's own
    sentences; agenda content stays as written.
    """
    try:
        ix = index if index is not None and index.meeting is meeting else index_for(meeting)
        local_now = now.astimezone(ix.zone)
        query, time_ref = _read(ix, question, local_now)
        ask = Ask(
            meeting=meeting, index=ix, query=query, time=time_ref,
            now=local_now, viewer_zone=viewer_zone if viewer_zone != meeting.timezone else None,
            search=search, room=ix.room_in(query.tokens), notes=notes, tr=translator(language),
        )
        return route(ask)
    except Exception:
        log.exception("the answers engine failed on %r", question)
        return Answer(
            "error",
            "Sorry, I could not work that one out. Try “agenda”, “what's next?” or “help”.",
            meeting.slug,
            suggestions=("agenda", "help"),
        )


# Distinct questions remembered per meeting revision; past this the memory starts over.
READINGS_KEPT = 2048


def _read(ix: MeetingIndex, question: str, local_now: datetime) -> tuple[Query, TimeRef]:
    """The question read (normalize) and its time words (parse_time), once per distinct
    question and day: they depend on the question, the meeting's words (its index, one
    per revision) and the day only, never on the hour. About a third of the engine's time
    on a server idle between questions; busy meetings hear the same questions again."""
    key = (question, local_now.date())
    reading = ix.readings.get(key)
    if reading is None:
        query = normalize(question, ix.corrector)
        reading = (query, parse_time(query, ix.meeting, local_now))
        if len(ix.readings) >= READINGS_KEPT:
            ix.readings.clear()
        ix.readings[key] = reading
    return reading
