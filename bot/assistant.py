"""The core's front door: every transport (Slack, console, CLI) asks through here.

It picks the meeting a question is about, loads it as values (cached per
revision, so a busy channel does not reload the agenda for every question),
and hands both to the question engine.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot.answers import Answer, answer_question
from bot.clock import Clock
from store import models
from store.agenda import MeetingSummary, list_meetings, load_meeting
from store.values import Meeting

log = logging.getLogger(__name__)


class Assistant:
    def __init__(self, db_factory: sessionmaker[DBSession], clock: Clock) -> None:
        self.db_factory = db_factory
        self.clock = clock
        self._cache: dict[str, tuple[int, Meeting]] = {}
        self._lock = threading.Lock()

    def meeting(self, db: DBSession, slug: str) -> Meeting | None:
        revision = db.scalar(select(models.Meeting.revision).where(models.Meeting.slug == slug))
        if revision is None:
            return None
        with self._lock:
            cached = self._cache.get(slug)
        if cached and cached[0] == revision:
            return cached[1]
        meeting = load_meeting(db, slug)
        if meeting is not None:
            with self._lock:
                self._cache[slug] = (revision, meeting)
        return meeting

    def ask(
        self,
        question: str,
        *,
        meeting: str | None = None,
        channel: str | None = None,
        viewer_zone: str | None = None,
        now: datetime | None = None,
    ) -> Answer:
        now = now or self.clock.now()
        try:
            with self.db_factory() as db:
                chosen = self.choose_meeting(db, slug=meeting, channel=channel, now=now)
                if isinstance(chosen, Answer):
                    return chosen
                return answer_question(question, chosen, now=now, viewer_zone=viewer_zone)
        except Exception:
            # The boundary: whoever asked gets an apology, never a traceback.
            log.exception("could not answer %r", question)
            return Answer(
                "error",
                "Sorry, something went wrong; the organizers have been notified.",
                meeting,
            )

    def choose_meeting(
        self, db: DBSession, *, slug: str | None, channel: str | None, now: datetime
    ) -> Meeting | Answer:
        """The meeting a question is about, or an Answer saying why we cannot tell."""
        if slug:
            found = self.meeting(db, slug)
            if found:
                return found
            known = ", ".join(m.slug for m in list_meetings(db)) or "none yet"
            return Answer("no_meeting", f"There is no meeting “{slug}”. Known meetings: {known}.")
        if channel:
            linked = db.scalar(select(models.Meeting.slug).where(models.Meeting.channel_id == channel))
            if linked:
                return self.meeting(db, linked)  # type: ignore[return-value]
        summaries = list_meetings(db)
        if not summaries:
            return Answer(
                "no_meeting",
                "There are no meetings yet. An organizer can add one with `agendabot import FILE`.",
            )
        picked = default_meeting(summaries, now)
        if picked is None:
            choices = tuple(m.slug for m in summaries)
            return Answer(
                "which_meeting",
                "Which meeting do you mean? " + ", ".join(f"“{m.title}” ({m.slug})" for m in summaries),
                choices=choices,
            )
        return self.meeting(db, picked.slug)  # type: ignore[return-value]


def default_meeting(summaries: list[MeetingSummary], now: datetime) -> MeetingSummary | None:
    """The only meeting; else the one on now; else the next one; None when that is a tie."""
    if len(summaries) == 1:
        return summaries[0]
    today = now.date()
    current = [m for m in summaries if m.start_date <= today <= m.end_date]
    if len(current) == 1:
        return current[0]
    if current:
        return None
    upcoming = sorted((m for m in summaries if m.start_date > today), key=lambda m: m.start_date)
    if upcoming and (len(upcoming) == 1 or upcoming[0].start_date != upcoming[1].start_date):
        return upcoming[0]
    return None
