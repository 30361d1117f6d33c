"""Routing: which kind of question is this? Ordered rules, first match answers.

The order is the explanation. Each rule looks for something a person would
notice first when reading the question:

1. small talk (the whole message is "thanks", "help", "hello");
2. a document symbol ("A/58/98") — nothing else is spelt like that;
3. outcomes ("what was agreed on remittances?", "actions on item V?") when the
   rapporteur's notes or the published report have them;
   an item named by number or kind ("item IX", "the keynote"), with
   "documents for …" and "after/before …" as variations;
4. a question about the meeting itself (where, who, what for, zone);
5. a time expression ("tomorrow morning", "now", "next", "at 3pm", "lunch");
6. "agenda" / "programme" on its own: the whole agenda;
7. the meeting's dates ("when does the meeting start?");
8. a topic, matched on the meeting's words (and full-text search): items,
   document titles or passages, whichever fits the question and scores best;
9. otherwise an honest "I don't know" with the closest matches and a hint.
"""

from __future__ import annotations

import dataclasses
import logging

from rapidfuzz import fuzz, process, utils

from bot.answers import (
    documents,
    items,
    meeting_facts,
    outcomes,
    people,
    places,
    schedule,
    smalltalk,
    status,
)
from bot.answers.answer import Answer, Passage
from bot.answers.citing import occurrences_of
from bot.answers.context import Ask
from bot.answers.index import Occurrence, Unit
from bot.answers.items import KIND_WORDS
from bot.answers.targets import MEETING_NOUNS, numbered
from bot.answers.weighing import text_words
from store.search import Hit
from store.symbols import normalize_symbol
from store.values import Document

log = logging.getLogger(__name__)

AGENDA_WORDS = ("agenda", "programme", "program", "schedule", "timetable", "full agenda", "whole agenda", "what is on")
ITEM_THRESHOLD = 0.5
DOC_THRESHOLD = 0.5
PASSAGE_THRESHOLD = 0.45


# Who, where and status name a fact and a target; the whole question decides (targets.py).
FACT_RULES = (status.answer_status, people.answer_who, people.answer_person, places.answer_where)


def route(ask: Ask) -> Answer:
    q = ask.query
    if q.symbols:
        return documents.answer_symbols(ask)
    answer = smalltalk.find_smalltalk(ask)
    if answer:
        return answer
    ref = items.find_item_ref(ask)
    # What was agreed or given as actions, when the notes or the published report know.
    answer = outcomes.answer_outcomes(ask, ref)
    if answer is not None:
        return answer
    for rule in FACT_RULES:
        answer = rule(ask)
        if answer is not None:
            return answer
    doc_words = q.has(*documents.DOC_WORDS) and not q.has("rapporteur", "rapporteurs")
    answer = _item_variation(ask, ref, doc_words)
    if answer is not None:
        return answer
    # A session named by its whole title ("the closing plenary") is that session,
    # even when a word of it ("closing") also names a kind of item.
    named = ask.index.sessions_named(q.tokens)
    if named and (ref is None or ref.how == "kind") and not items.relation(ask):
        return schedule.answer_named_sessions(ask, named)
    return _by_fact_time_or_topic(ask, ref, doc_words)


def _item_variation(ask: Ask, ref: items.ItemRef | None, doc_words: bool) -> Answer | None:
    """An item named by number or kind: missing, its documents, or what comes before/after it."""
    if ref is None:
        return None
    if ref.missing_number or not ref.occurrences:
        return items.missing_item(ask, ref)
    if doc_words and ref.how == "number":
        return documents.answer_item_documents(ask, ref)
    direction = items.relation(ask)
    if direction:
        return items.answer_relative(ask, ref, direction)
    return None


def _by_fact_time_or_topic(ask: Ask, ref: items.ItemRef | None, doc_words: bool) -> Answer:
    fact = meeting_facts.find_fact(ask)
    if fact is not None and fact.intent != "dates":
        return fact
    if ref is not None:
        return items.describe_item(ask, list(ref.occurrences))
    answer = schedule.answer_time(ask) if ask.time else None
    if answer is not None:
        return answer
    if ask.query.has(*AGENDA_WORDS) and not topic_stems(ask):
        return schedule.answer_agenda(ask)
    if fact is not None:
        return fact
    if doc_words and not topic_stems(ask, drop_doc_words=True):
        return documents.answer_all_documents(ask)
    answer = answer_topic(ask, items.relation(ask))
    return answer if answer is not None else not_found(ask)


def topic_stems(ask: Ask, drop_doc_words: bool = False) -> list[str]:
    # A kind of item ("the opening", "the keynote") is the item's business when the agenda
    # has one; otherwise it is a word of the topic ("High-level opening").
    q = ask.query.tokens
    tokens = tuple(
        t for i, t in enumerate(q)
        if not (t in KIND_WORDS and ask.index.by_kind.get(KIND_WORDS[t]))
        and (t not in AGENDA_WORDS or ask.index.in_phrase(q, i))
        and t not in ("before", "after", "following", "follows", "preceding", "comes")
        and not (drop_doc_words and t in documents.DOC_WORDS)
    )
    return ask.index.topic_stems(tokens)



def _search(ask: Ask, text: str) -> list[Hit]:
    if ask.search is None:
        return []
    try:
        return list(ask.search(text, 10))
    except Exception:
        # Search is an aid, never a reason to fail: the local index answers alone.
        log.warning("search failed for %r; answering from the agenda alone", text, exc_info=True)
        return []


def _hit_items(ask: Ask, hits: list[Hit]) -> list[tuple[float, Occurrence]]:
    out: list[tuple[float, Occurrence]] = []
    for rank, hit in enumerate(h for h in hits if h.kind == "item"):
        occs = ask.index.find_number(hit.ref) if hit.ref else None
        if not occs:
            occs = [o for o in ask.index.occurrences if o.item.title.casefold() == hit.title.casefold()]
        if occs:
            out.append((ITEM_THRESHOLD - 0.01 * rank, occs[0]))
    return out


def _hit_documents(ask: Ask, hits: list[Hit]) -> list[Document]:
    out: list[Document] = []
    for hit in hits:
        if hit.kind != "document":
            continue
        doc = ask.index.documents_by_symbol.get(normalize_symbol(hit.ref)) if "/" in hit.ref else None
        if doc is None:
            doc = next((d for d in ask.meeting.documents if d.title.casefold() in (hit.ref.casefold(), hit.title.casefold())), None)
        if doc is not None and doc not in out:
            out.append(doc)
    return out


def answer_topic(ask: Ask, direction: int) -> Answer | None:
    stems = topic_stems(ask)
    if not stems:
        return None
    answer = _answer_topic(ask, direction, stems)
    if answer is None or answer.intent not in ("topic", "item"):
        return answer
    # Say which words found nothing, so a partial match is not taken for a full one.
    unknown = [
        t for t in ask.query.tokens
        if ask.index.topic_stems((t,)) and not ask.index.knows(ask.index.topic_stems((t,))[0])
    ]
    if unknown and _only_the_meeting_noun(ask, unknown):
        return None  # "the press conference": only "conference" matched, and any meeting is one
    if unknown:
        said = ", ".join(f"“{t}”" for t in unknown)
        note = ask.tr.gettext("(Nothing on the agenda mentions {words}.)").format(words=said)
        answer = dataclasses.replace(answer, text=f"{answer.text}\n{note}")
    return answer


def _only_the_meeting_noun(ask: Ask, unknown: list[str]) -> bool:
    """Whether the topic is an unknown kind of meeting ("press conference", "donor meeting"):
    a word the agenda lacks right before a meeting noun, and no other word of it matched."""
    t = ask.query.tokens
    modified = any(t[i] in unknown and t[i + 1] in MEETING_NOUNS for i in range(len(t) - 1))
    matched = [w for w in t if w not in unknown and w not in MEETING_NOUNS and ask.index.topic_stems((w,))]
    return modified and not matched


@dataclasses.dataclass(frozen=True)
class _Ranking:
    """How well each kind of unit matches the topic of a question, and what full-text search found."""

    topic: str
    stems: list[str]
    ranked: list[tuple[float, Unit]]
    item_ranked: list[tuple[float, Unit]]
    doc_ranked: list[tuple[float, Unit]]
    session_ranked: list[tuple[float, Unit]]
    doc_cue: bool
    passage_cue: bool
    hits: list[Hit] | None = None

    @property
    def best_item(self) -> float:
        return self.item_ranked[0][0] if self.item_ranked else 0.0

    @property
    def best_doc(self) -> float:
        return self.doc_ranked[0][0] if self.doc_ranked else 0.0

    @property
    def best_session(self) -> float:
        return self.session_ranked[0][0] if self.session_ranked else 0.0

    @property
    def best_passage(self) -> float:
        return next((s for s, u in self.ranked if u.kind == "passage"), 0.0)


def _rank(ask: Ask, stems: list[str]) -> _Ranking:
    q = ask.query
    skip = set(KIND_WORDS) | set(documents.DOC_WORDS) | set(documents.PASSAGE_CUES) | {
        "before", "after", "comes", "following", "participants", "they"}
    ranked = ask.index.score(stems)
    r = _Ranking(
        topic=" ".join(t for t in q.tokens if ask.index.topic_stems((t,)) and t not in skip),
        stems=stems,
        ranked=ranked,
        item_ranked=[(s, u) for s, u in ranked if u.kind == "item"],
        doc_ranked=[(s, u) for s, u in ranked if u.kind == "document"],
        session_ranked=[(s, u) for s, u in ranked if u.kind == "session"],
        doc_cue=q.has(*documents.DOC_WORDS),
        passage_cue=q.has(*documents.PASSAGE_CUES),
    )
    # Search only where the meeting's own words fall short: it costs a database
    # round trip, and pages come with local passages too (bodies keep their form feeds).
    weak_passages = r.passage_cue and r.best_passage < PASSAGE_THRESHOLD
    short = r.best_item < ITEM_THRESHOLD or weak_passages or (r.doc_cue and r.best_doc < DOC_THRESHOLD)
    if ask.search is not None and short:
        return dataclasses.replace(r, hits=_search(ask, q.raw if not q.symbols else r.topic))
    return r


def _answer_topic(ask: Ask, direction: int, stems: list[str]) -> Answer | None:
    r = _rank(ask, stems)
    if direction and r.best_item >= ITEM_THRESHOLD:
        occ = r.item_ranked[0][1].occurrences
        ref = items.ItemRef(_said(ask, occ[0]), tuple(occ), "topic")
        return items.answer_relative(ask, ref, direction)
    # "When is the fisheries report?" asks when its item is taken up, not for the paper.
    asks_when = ask.query.has("when", "what time")
    if r.doc_cue and r.best_doc >= DOC_THRESHOLD and r.best_doc >= r.best_item - 0.1 and not r.passage_cue and not (
        asks_when and r.best_item >= ITEM_THRESHOLD
    ):
        return _documents_answer(ask, r.doc_ranked, r.best_doc)
    if r.passage_cue or _passages_first(r):
        answer = _passages_answer(ask, r)
        if answer is not None:
            return answer
    if r.best_session >= ITEM_THRESHOLD and r.best_session >= r.best_item:
        return _sessions_answer(ask, r.session_ranked, r.item_ranked, r.best_session)
    if r.best_item >= ITEM_THRESHOLD:
        cut = max(ITEM_THRESHOLD, r.best_item * 0.75)
        # "dynamiques 6" among seven "Dynamiques (n)": the one with the number.
        picked = numbered([(s, u) for s, u in r.item_ranked if s >= cut], ask.query.tokens)
        chosen = [(s, u.occurrences[0]) for s, u in picked][:4]
        return items.answer_topic_items(ask, chosen, r.topic)
    if r.best_doc >= DOC_THRESHOLD + 0.1:
        return _documents_answer(ask, r.doc_ranked, r.best_doc)
    return _search_answer(ask, r)


def _passages_first(r: _Ranking) -> bool:
    """Whether the documents' sentences answer before the agenda: when no item or document
    fits and no session fits better ("when is the geospatial session?" is the session,
    though a note says to bring a laptop to it), or when a sentence covers clearly more
    of the question than any item ("when does the bus leave for the field visit?")."""
    if r.best_item < ITEM_THRESHOLD and r.best_doc < DOC_THRESHOLD:
        return not (r.best_session >= ITEM_THRESHOLD and r.best_session >= r.best_passage)
    return r.best_passage >= 0.8 and r.best_passage >= max(r.best_item, r.best_session) + 0.25


def _passages_answer(ask: Ask, r: _Ranking) -> Answer | None:
    """Passages on the topic: in the document the question names, else from search, else local ones."""
    found = _in_named_document(ask, r.stems, r.doc_ranked) if r.passage_cue else []
    if not found and r.hits:
        found = documents.passages_from_hits(ask, r.hits, r.ranked)
    if not found and r.best_passage >= PASSAGE_THRESHOLD:
        found = documents.local_passages(r.ranked, PASSAGE_THRESHOLD)
    found = _on_topic(ask, found, r.stems)
    if found:
        return documents.answer_passages(ask, found[:3], r.topic)
    return None


def _search_answer(ask: Ask, r: _Ranking) -> Answer | None:
    """Nothing local fits well: let full-text search (stemming, synonyms) speak."""
    if not r.hits:
        return None
    found_items = _hit_items(ask, r.hits)
    if found_items:
        return items.answer_topic_items(ask, found_items[:4], r.topic)
    found_docs = _hit_documents(ask, r.hits)
    if found_docs:
        return documents.describe_document(ask, found_docs[0])
    return None


def _on_topic(ask: Ask, passages: list[Passage], stems: list[str]) -> list[Passage]:
    """The passages that speak of the question's topic, not only of its cue: for "what was
    agreed on remittances?" a sentence where something else was agreed is no answer."""
    cues = set(ask.index.topic_stems(tuple(c for c in documents.PASSAGE_CUES if " " not in c)))
    topic = set(stems) - cues
    if not topic:
        return passages
    return [p for p in passages if topic & set(ask.index.topic_stems(tuple(text_words(p.text))))]


def _in_named_document(ask: Ask, stems: list[str], doc_ranked: list[tuple[float, Unit]]) -> list[Passage]:
    """"What does the guidance say about X": passages about X in the document named by its title."""
    if not doc_ranked or doc_ranked[0][1].document is None:
        return []
    unit = doc_ranked[0][1]
    naming = [s for s in stems if unit.weights.get(s, 0.0) >= 1.0]
    rest = [s for s in stems if s not in naming]
    if not naming or not rest:
        return []
    ranked = [(score, u) for score, u in ask.index.score(rest, kinds=("passage",)) if u.document == unit.document]
    return documents.local_passages(ranked, PASSAGE_THRESHOLD)


def _said(ask: Ask, occ: Occurrence) -> str:
    if occ.item.number:
        return ask.tr.gettext("item {number}").format(number=occ.item.number)
    return ask.tr.gettext("the talk “{title}”").format(title=occ.item.title)


def _sessions_answer(
    ask: Ask, session_ranked: list[tuple[float, Unit]], item_ranked: list[tuple[float, Unit]], best: float
) -> Answer:
    """A topic that names whole sessions ("talks about integration"), plus matching items elsewhere."""
    chosen = [u.session for s, u in session_ranked if s >= best * 0.75 and u.session is not None][:3]
    lines: list[str] = []
    for session in chosen:
        lines += ask.session_block(session)
    others = [
        u.occurrences[0] for s, u in item_ranked
        if s >= ITEM_THRESHOLD and u.occurrences[0].session not in chosen
    ][:3]
    if others:
        lines.append(ask.tr.gettext("Also:"))
        for occ in others:
            title = f"{ask.index.show(occ.item.number)}. {occ.item.title}" if occ.item.number else occ.item.title
            lines.append(f"• {title}: {ask.occurrence_place(occ)}")
    items_found = tuple(i for s in chosen for i in s.items) + tuple(o.item for o in others)
    sessions = tuple(chosen) + tuple(o.session for o in others if o.session not in chosen)
    return Answer("topic", "\n".join(lines), ask.meeting.slug, sessions=sessions, items=items_found)


def _documents_answer(ask: Ask, doc_ranked: list[tuple[float, Unit]], best: float) -> Answer:
    close = [u.document for s, u in doc_ranked if s >= best * 0.9 and u.document is not None][:3]
    if len(close) == 1:
        return documents.describe_document(ask, close[0])
    lines = [ask.tr.gettext("These documents match:")] + [f"• {documents.name(d)}" + _item_day(ask, d) for d in close]
    return Answer("documents", "\n".join(lines), ask.meeting.slug, documents=tuple(close))


def _item_day(ask: Ask, doc: Document) -> str:
    """" (item 13, Tuesday 21 June)": which item a listed document is for, and its day."""
    if not doc.item:
        return ""
    occs = occurrences_of(ask.index, doc)
    if not occs:
        return ask.tr.gettext(" (item {number})").format(number=doc.item)
    return ask.tr.gettext(" (item {number}, {day})").format(number=doc.item, day=ask.day(occs[0].session.day))


def not_found(ask: Ask) -> Answer:
    text = ask.query.text
    close: list[str] = []
    if text:
        close = [
            m[0] for m in process.extract(
                text, ask.index.suggestions, scorer=fuzz.token_set_ratio, processor=utils.default_process,
                limit=3, score_cutoff=60,
            )
        ]
    lead = "I don't know that one."
    if close:
        lead += " Closest matches: " + "; ".join(close) + "."
    return Answer(
        "not_found", lead + " Try “agenda”, “what's next?” or “help”.", ask.meeting.slug,
        suggestions=tuple(close) or ("agenda", "help"),
    )

