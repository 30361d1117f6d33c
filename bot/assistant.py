"""The core's front door: every transport (Slack, console, CLI) asks through here.

It picks the meeting a question is about (the one asked for, one the question
names, the channel's, or the only/current/next one), loads it as values with
its answering index (cached per revision, so a busy channel does not reload
the agenda for every question), binds full-text search to the database
session and the meeting, and hands everything to the question engine.

The meeting list, channel links and revisions are cached too, and checked
before each question with one read of the store's change marker (migration
0006), so a question about a cached meeting costs a single small query and
still sees any change another process committed.

When one deployment serves several Slack workspaces, a question sees only the
meetings of the workspace it comes from (``bot.workspace.current()``): the
cached list is cut into one list per workspace, in memory, so scoping costs no
query either.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from bot import metrics, workspace
from bot.answers import Answer, answer_question
from bot.answers.documents import DOC_WORDS
from bot.answers.index import QUESTION_WORDS, MeetingIndex, build_index
from bot.answers.lexicon import translate
from bot.answers.normalize import COMMON, fold, words_of
from bot.clock import Clock
from bot.i18n import Translator, translator
from bot.rapporteur.notes import Note, list_notes
from bot.words import Command, Words, plain
from store import models
from store import search as store_search
from store.agenda import (
    GenerationReader,
    MeetingSummary,
    list_meetings,
    load_meeting,
    meetings_generation,
)
from store.search import Hit
from store.symbols import find_symbols
from store.values import Meeting

log = logging.getLogger(__name__)

# Meetings kept in memory at once; a store with a thousand meetings should not
# hold them all, and the ones being asked about stay warm.
CACHE_SIZE = 128

# Words in many meeting titles that say nothing about which meeting is meant; and
# the words a question uses to ask for a kind of answer ("report", "documents",
# "agenda"), which a title may hold ("Meeting report: ...") without being named by them.
_GENERIC = COMMON | QUESTION_WORDS | frozenset(DOC_WORDS) | {
    "meeting", "meetings", "session", "conference", "forum", "workshop", "international", "united",
    "nations", "annual", "second", "first", "third", "on", "of", "the", "and", "for", "expert", "experts",
    "programme", "program", "draft", "provisional",
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
        # French and Spanish words read as the English titles' (bot/answers/lexicon): "Ginebra".
        for word in set(translate(words_of(question))):
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


@dataclass(frozen=True)
class _Catalog:
    """The meeting list as of one generation of the store: all that choosing a meeting needs."""

    generation: int | None
    summaries: tuple[MeetingSummary, ...]
    by_slug: dict[str, MeetingSummary]
    by_channel: dict[str, str]  # channel -> slug
    directory: _Directory
    # One workspace's part of this list, made on first use; a lost race only builds one twice.
    _teams: dict[str, _Catalog] = field(default_factory=dict, compare=False, repr=False)

    def scoped(self, team: str | None) -> _Catalog:
        """The catalog of workspace ``team``'s meetings alone (None: all of them)."""
        if team is None:
            return self
        part = self._teams.get(team)
        if part is None:
            part = _catalog(self.generation, [m for m in self.summaries if m.team_id == team])
            self._teams[team] = part
        return part


def _catalog(generation: int | None, summaries: list[MeetingSummary]) -> _Catalog:
    by_channel: dict[str, str] = {}
    for m in summaries:
        if m.channel_id:
            by_channel.setdefault(m.channel_id, m.slug)
    return _Catalog(generation, tuple(summaries), {m.slug: m for m in summaries}, by_channel, _directory(summaries))


@dataclass(frozen=True)
class _Entry:
    """A meeting as values with its answering index, at the revision the catalog named."""

    revision: int
    meeting: Meeting
    index: MeetingIndex


class Assistant:
    """Answers questions; safe to share between threads.

    Per process it keeps the meeting list (with channel links and revisions)
    and the most asked meetings with their indexes. Before every question one
    primary-key read of the store's change marker (``meetings_generation``,
    set by triggers on every write to ``meetings``, whoever writes) says whether
    the list is still current; a meeting is reloaded when the list gives it a
    new revision. So a change made by another process shows in the next answer,
    and a question about a cached meeting costs one small query.
    """

    def __init__(self, db_factory: sessionmaker[DBSession], clock: Clock) -> None:
        self.db_factory = db_factory
        self.clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._catalog: _Catalog | None = None
        self._lock = threading.Lock()  # guards _entries; never held across a query
        # One thread loads a meeting while the others wait for it: after an agenda change
        # a busy channel would otherwise load and index the same revision many times over.
        self._loading = threading.Lock()
        bind = db_factory.kw.get("bind")
        self._marker = GenerationReader(bind) if isinstance(bind, Engine) else None

    # --- the caches ------------------------------------------------------------------------

    @staticmethod
    def _shareable(db: DBSession) -> bool:
        """Whether what ``db`` reads may go into the shared caches.

        Only a session that has neither begun a transaction nor holds changes: one
        in the middle of a transaction may see its own uncommitted writes, and
        caching those would outlive a rollback.
        """
        return not (db.in_transaction() or db.new or db.dirty or db.deleted)

    def _current_catalog(self, db: DBSession, shareable: bool) -> _Catalog:
        """The current catalog of the asking workspace's meetings."""
        # The marker first, the list second: a write committed in between makes the
        # list newer than its label, so the next question reloads it; never the reverse.
        generation = meetings_generation(db)
        cached = self._catalog
        if cached is not None and generation is not None and cached.generation == generation:
            return cached.scoped(workspace.current())
        catalog = _catalog(generation, list_meetings(db))
        if shareable:
            self._catalog = catalog
        return catalog.scoped(workspace.current())

    def _cached_entry(self, summary: MeetingSummary) -> _Entry | None:
        with self._lock:
            cached = self._entries.get(summary.slug)
            if cached is not None and cached.revision == summary.revision:
                self._entries.move_to_end(summary.slug)
                return cached
        return None

    def _entry(self, db: DBSession, summary: MeetingSummary, shareable: bool) -> _Entry | None:
        cached = self._cached_entry(summary)
        if cached is not None:
            return cached
        if not shareable:
            return self._load(db, summary)
        with self._loading:
            cached = self._cached_entry(summary)  # loaded while this thread waited
            if cached is not None:
                return cached
            entry = self._load(db, summary)
            if entry is not None:
                with self._lock:
                    self._entries[summary.slug] = entry
                    self._entries.move_to_end(summary.slug)
                    while len(self._entries) > CACHE_SIZE:
                        self._entries.popitem(last=False)
            return entry

    @staticmethod
    def _load(db: DBSession, summary: MeetingSummary) -> _Entry | None:
        # Bodies come along: without a search index they are where passages are found.
        # Loaded after the catalog was read, the values are at least that revision; a
        # newer one is labelled older and so reloaded at the next question, never kept.
        meeting = load_meeting(db, summary.slug, with_bodies=True)
        return _Entry(summary.revision, meeting, build_index(meeting)) if meeting is not None else None

    # --- asking ----------------------------------------------------------------------------

    def meeting(self, db: DBSession, slug: str) -> Meeting | None:
        shareable = self._shareable(db)
        summary = self._current_catalog(db, shareable).by_slug.get(slug)
        entry = self._entry(db, summary, shareable) if summary is not None else None
        return entry.meeting if entry is not None else None

    def ask(
        self,
        question: str,
        *,
        meeting: str | None = None,
        channel: str | None = None,
        viewer_zone: str | None = None,
        now: datetime | None = None,
        language: str | None = None,
    ) -> Answer:
        """The answer to ``question``, the bot's own sentences in ``language`` (en, fr, es; issue 17)."""
        started = time.perf_counter()
        answer = self._answer(question, meeting=meeting, channel=channel, viewer_zone=viewer_zone, now=now,
                              language=language)
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
        language: str | None = None,
    ) -> Answer:
        now = now or self.clock.now()
        try:
            chosen = self._from_caches(slug=meeting, channel=channel, now=now, question=question, language=language)
            if chosen is None:
                # One session for the marker, the list and the load; it goes back to the pool
                # before the engine runs, since most answers need the database no further.
                with self.db_factory() as db:
                    chosen = self._choose(db, True, slug=meeting, channel=channel, now=now, question=question,
                                          language=language)
            if isinstance(chosen, Answer):
                return chosen
            slug = chosen.meeting.slug
            with _LazySearch(self.db_factory, slug) as search:
                return answer_question(
                    question, chosen.meeting, now=now, viewer_zone=viewer_zone, search=search, index=chosen.index,
                    notes=lambda: self._notes(slug), language=language,
                )
        except Exception:
            # The boundary: whoever asked gets an apology, never a traceback.
            log.exception("could not answer %r", question)
            return Answer(
                "error",
                translator(language).gettext("Sorry, something went wrong; the organizers have been notified."),
                meeting,
            )

    def _symbol_owner(self, question: str, slugs: frozenset[str], db: DBSession | None = None) -> str | None:
        """The one meeting among ``slugs`` that has a document the question cites ("EB152/2"), if only one has."""
        symbols = find_symbols(question)
        if not symbols:
            return None
        query = (
            select(models.Meeting.slug).join(models.Document, models.Document.meeting_id == models.Meeting.id)
            .where(models.Document.symbol_key.in_(symbols))
        )
        if db is not None:
            found = set(db.scalars(query)) & slugs
        else:
            with self.db_factory() as own:
                found = set(own.scalars(query)) & slugs
        return found.pop() if len(found) == 1 else None

    def _notes(self, slug: str) -> list[Note]:
        # Read afresh for each question that asks for outcomes: notes change between agenda
        # revisions, so the per-revision cache cannot hold them.
        with self.db_factory() as db:
            return list_notes(db, slug)

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
        chosen = self._choose(db, self._shareable(db), slug=slug, channel=channel, now=now, question=question)
        return chosen if isinstance(chosen, Answer) else chosen.meeting

    def _from_caches(
        self, *, slug: str | None, channel: str | None, now: datetime, question: str | None,
        language: str | None = None,
    ) -> _Entry | Answer | None:
        """The choice made from memory after one read of the store's change marker, or None
        when the caches are not current (then the caller reads and loads through a session)."""
        catalog = self._catalog
        if self._marker is None or catalog is None or catalog.generation is None:
            return None
        if self._marker.read() != catalog.generation:
            return None
        picked = _pick(
            catalog.scoped(workspace.current()), slug=slug, channel=channel, now=now, question=question,
            owner=lambda slugs: self._symbol_owner(question or "", slugs), tr=translator(language),
        )
        return picked if isinstance(picked, Answer) else self._cached_entry(picked)

    def _choose(
        self,
        db: DBSession,
        shareable: bool,
        *,
        slug: str | None,
        channel: str | None,
        now: datetime,
        question: str | None,
        language: str | None = None,
    ) -> _Entry | Answer:
        catalog = self._current_catalog(db, shareable)
        tr = translator(language)
        picked = _pick(
            catalog, slug=slug, channel=channel, now=now, question=question,
            owner=lambda slugs: self._symbol_owner(question or "", slugs, db), tr=tr,
        )
        if isinstance(picked, Answer):
            return picked
        found = self._entry(db, picked, shareable)
        # Gone between the list and the load: deleted by someone else just now.
        return found if found is not None else _unknown(picked.slug, catalog, tr)


def _pick(
    catalog: _Catalog, *, slug: str | None, channel: str | None, now: datetime, question: str | None,
    owner: Callable[[frozenset[str]], str | None] | None = None, tr: Translator | None = None,
) -> MeetingSummary | Answer:
    """choose_meeting's rules on the meeting list (see there); ``owner`` finds the one meeting
    holding a document the question cites, which wins over the current or next meeting."""
    _ = (tr or translator(None)).gettext
    if slug:
        summary = catalog.by_slug.get(slug)
        return summary if summary is not None else _unknown(slug, catalog, tr)
    named: MeetingSummary | None = None
    strong = False
    if question and len(catalog.summaries) >= 2:
        named, strong = catalog.directory.named(question)
    if channel:
        linked = catalog.by_channel.get(channel)
        if linked and not (named and strong and named.slug != linked):
            return catalog.by_slug[linked]
    if named is not None:
        return named
    cited = owner(frozenset(catalog.by_slug)) if owner is not None and question and len(catalog.summaries) >= 2 else None
    if cited is not None:
        return catalog.by_slug[cited]
    summaries = list(catalog.summaries)
    if not summaries:
        said = Words.of(_("There are no meetings yet. An organizer can add one with"), " ",
                        Command("agendabot import FILE", whole=False), ".")
        return Answer("no_meeting", plain(said), words=said)
    picked = default_meeting(summaries, now)
    if picked is None:
        return Answer(
            "which_meeting",
            _("Which meeting do you mean? {meetings}").format(
                meetings=", ".join(_("“{title}” ({slug})").format(title=m.title, slug=m.slug) for m in summaries)),
            choices=tuple(m.slug for m in summaries),
        )
    return picked


def _unknown(slug: str, catalog: _Catalog, tr: Translator | None = None) -> Answer:
    _ = (tr or translator(None)).gettext
    known = ", ".join(m.slug for m in catalog.summaries) or _("none yet")
    return Answer("no_meeting", _("There is no meeting “{slug}”. Known meetings: {known}.").format(slug=slug, known=known))


class _LazySearch:
    """Full-text search bound to one meeting, opening its database session on first use.

    Most questions are answered from the meeting's own words and never search,
    so they should not pay for a session; a question that searches twice uses one.
    """

    def __init__(self, db_factory: sessionmaker[DBSession], slug: str) -> None:
        self.db_factory = db_factory
        self.slug = slug
        self._db: DBSession | None = None

    def __call__(self, query: str, limit: int) -> list[Hit]:
        if self._db is None:
            self._db = self.db_factory()
        return store_search.search(self._db, query, meeting_slug=self.slug, limit=limit)

    def __enter__(self) -> _LazySearch:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._db is not None:
            self._db.close()


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
