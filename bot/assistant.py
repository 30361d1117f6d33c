"""The core's front door: every transport (Slack, console, CLI) asks through here.

It picks the meeting a question is about (the one asked for, one the question
names, the channel's, or the only/current/next one), loads it as values with
its answering index (cached per revision, so a busy channel does not reload
the agenda for every question), binds full-text search to the database
session and the meeting, and hands everything to the question engine.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import metrics
from bot.answers import Answer, answer_question
from bot.answers.index import MeetingIndex, build_index
from bot.answers.normalize import COMMON, fold, words_of
from bot.clock import Clock
from store import models
from store import search as store_search
from store.agenda import MeetingSummary, list_meetings, load_meeting
from store.search import Hit
from store.values import Meeting

log = logging.getLogger(__name__)

# Meetings kept in memory at once; a store with a thousand meetings should not
# hold them all, and the ones being asked about stay warm.
CACHE_SIZE = 128

# Words in many meeting titles that say nothing about which meeting is meant.
_GENERIC = COMMON | {
    "meeting", "meetings", "session", "conference", "forum", "workshop", "international", "united",
    "nations", "annual", "second", "first", "third", "on", "of", "the", "and", "for", "expert", "experts",
}


@dataclass(frozen=True)
class _Directory:
    """Which title words point at which meeting: built from the meeting list, cached."""

    summaries: tuple[MeetingSummary, ...]
    words: dict[str, frozenset[str]]  # distinctive word -> slugs

    def named(self, question: str) -> tuple[MeetingSummary | None, bool]:
        """The meeting a question names, and whether it named it strongly (slug or two words)."""
        folded = fold(question)
        by_slug = {m.slug: m for m in self.summaries}
        for m in self.summaries:
            if re.search(rf"(?<![\w-]){re.escape(m.slug)}(?![\w-])", folded):
                return m, True
        votes: Counter[str] = Counter()
        for word in set(words_of(question)):
            for slug in self.words.get(word, ()):
                votes[slug] += 1
        if not votes:
            return None, False
        ranked = votes.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None, False
        slug, score = ranked[0]
        return by_slug[slug], score >= 2


def _directory(summaries: list[MeetingSummary]) -> _Directory:
    per_meeting: dict[str, set[str]] = {}
    for m in summaries:
        words = {w for w in words_of(m.title) if len(w) >= 3 and w not in _GENERIC}
        words |= {w for w in words_of(m.venue) if len(w) >= 4 and w not in _GENERIC}
        words.add(str(m.start_date.year))
        per_meeting[m.slug] = words
    df = Counter(w for words in per_meeting.values() for w in words)
    # A word in more than a third of the titles is no way to tell meetings apart.
    limit = max(1, len(summaries) // 3)
    index: dict[str, set[str]] = {}
    for slug, words in per_meeting.items():
        for w in words:
            if df[w] <= limit:
                index.setdefault(w, set()).add(slug)
    return _Directory(tuple(summaries), {w: frozenset(s) for w, s in index.items()})


class Assistant:
    def __init__(self, db_factory: sessionmaker[DBSession], clock: Clock) -> None:
        self.db_factory = db_factory
        self.clock = clock
        self._cache: OrderedDict[str, tuple[int, Meeting, MeetingIndex]] = OrderedDict()
        self._directory: tuple[tuple[int, int], _Directory] | None = None
        self._lock = threading.Lock()

    def _entry(self, db: DBSession, slug: str) -> tuple[Meeting, MeetingIndex] | None:
        revision = db.scalar(select(models.Meeting.revision).where(models.Meeting.slug == slug))
        if revision is None:
            return None
        with self._lock:
            cached = self._cache.get(slug)
            if cached and cached[0] == revision:
                self._cache.move_to_end(slug)
                return cached[1], cached[2]
        # Bodies come along: without a search index they are where passages are found.
        meeting = load_meeting(db, slug, with_bodies=True)
        if meeting is None:
            return None
        index = build_index(meeting)
        with self._lock:
            self._cache[slug] = (revision, meeting, index)
            self._cache.move_to_end(slug)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return meeting, index

    def _cached_index(self, meeting: Meeting) -> MeetingIndex | None:
        with self._lock:
            cached = self._cache.get(meeting.slug)
        return cached[2] if cached and cached[1] is meeting else None

    def meeting(self, db: DBSession, slug: str) -> Meeting | None:
        entry = self._entry(db, slug)
        return entry[0] if entry else None

    def ask(
        self,
        question: str,
        *,
        meeting: str | None = None,
        channel: str | None = None,
        viewer_zone: str | None = None,
        now: datetime | None = None,
    ) -> Answer:
        started = time.perf_counter()
        answer = self._answer(question, meeting=meeting, channel=channel, viewer_zone=viewer_zone, now=now)
        # Every transport asks through here, so /metrics counts Slack's questions and the console's.
        metrics.observe_answer(answer.intent, started)
        return answer

    def _answer(
        self,
        question: str,
        *,
        meeting: str | None,
        channel: str | None,
        viewer_zone: str | None,
        now: datetime | None,
    ) -> Answer:
        now = now or self.clock.now()
        try:
            with self.db_factory() as db:
                chosen = self.choose_meeting(db, slug=meeting, channel=channel, now=now, question=question)
                if isinstance(chosen, Answer):
                    return chosen
                index = self._cached_index(chosen)

                def search(query: str, limit: int) -> list[Hit]:
                    return store_search.search(db, query, meeting_slug=chosen.slug, limit=limit)

                return answer_question(
                    question, chosen, now=now, viewer_zone=viewer_zone, search=search, index=index
                )
        except Exception:
            # The boundary: whoever asked gets an apology, never a traceback.
            log.exception("could not answer %r", question)
            return Answer(
                "error",
                "Sorry, something went wrong; the organizers have been notified.",
                meeting,
            )

    def _named(self, db: DBSession, question: str) -> tuple[MeetingSummary | None, bool, list[MeetingSummary]]:
        """The meeting a question names (by slug or title words), from a cached directory."""
        count, total = db.execute(
            select(func.count(models.Meeting.id), func.coalesce(func.sum(models.Meeting.revision), 0))
        ).one()
        signature = (int(count), int(total))
        with self._lock:
            cached = self._directory
        if cached is None or cached[0] != signature:
            cached = (signature, _directory(list_meetings(db)))
            with self._lock:
                self._directory = cached
        directory = cached[1]
        if len(directory.summaries) < 2:
            return None, False, list(directory.summaries)
        found, strong = directory.named(question)
        return found, strong, list(directory.summaries)

    def choose_meeting(
        self,
        db: DBSession,
        *,
        slug: str | None,
        channel: str | None,
        now: datetime,
        question: str | None = None,
    ) -> Meeting | Answer:
        """The meeting a question is about, or an Answer saying why we cannot tell.

        An explicit ``slug`` wins; then a meeting the question names (over a
        channel's own meeting only when named plainly: its slug or two of its
        title words); then the channel's; then the only, current or next one.
        """
        if slug:
            found = self.meeting(db, slug)
            if found:
                return found
            known = ", ".join(m.slug for m in list_meetings(db)) or "none yet"
            return Answer("no_meeting", f"There is no meeting “{slug}”. Known meetings: {known}.")
        named: MeetingSummary | None = None
        strong = False
        summaries: list[MeetingSummary] | None = None
        if question:
            named, strong, summaries = self._named(db, question)
        if channel:
            linked = db.scalar(select(models.Meeting.slug).where(models.Meeting.channel_id == channel))
            if linked and not (named and strong and named.slug != linked):
                return self.meeting(db, linked)  # type: ignore[return-value]
        if named is not None:
            return self.meeting(db, named.slug)  # type: ignore[return-value]
        summaries = summaries if summaries is not None else list_meetings(db)
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
