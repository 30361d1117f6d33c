"""What the engine precomputes for one meeting, once per revision.

A question should cost work in proportion to itself, not to the agenda: the
vocabulary for typo mending, item numbers in every spelling, documents by
symbol and by item, and a small inverted index over item texts, document
titles and body passages are built here once and reused for every question
about the same Meeting value.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from bot.answers.normalize import COMMON, STOPWORDS, Corrector, Query, stem, words_of
from bot.answers.timeexpr import TimeRef
from bot.answers.weighing import acronyms, glosses, sentences, weigh
from bot.timefmt import day_label
from store.numerals import int_to_roman as _int_to_roman
from store.numerals import roman_to_int
from store.symbols import find_symbols, normalize_symbol
from store.values import Document, Item, ItemKind, Meeting, Role, Session

# Words that say what kind of answer is wanted, not what it is about; they do
# not count when matching a topic.
QUESTION_WORDS = frozenset(
    """
    when where what which who how why session sessions item items agenda point points discuss
    discussed discussing discussion cover covers covered covering talk talks talking about topic
    topics time happen happens happening take place scheduled planned day days meeting
    anything something there come comes up deal deals dealt address addressed addresses
    document documents paper papers doc docs say says said mention mentions mentioned find read
    text passage part cover one ones we they will is are meet meets held take takes place located
    start starts begin begins end ends finish finishes
    list available provided copy copies
    """.split()
)

def int_to_roman(n: int) -> str:
    """Lower-case, as the index keeps its keys: ``9`` -> ``"ix"``."""
    return _int_to_roman(n).lower()


def clean_number(number: str) -> str:
    """How an item number is compared: ``"(b)"`` -> ``"b"``, ``"IX."`` -> ``"ix"``."""
    return number.strip().strip(".").strip("()").strip().casefold().replace(" ", "")


@dataclass(frozen=True)
class Occurrence:
    """An item where it sits: its session and its place in the programme."""

    session: Session
    item: Item
    position: int


@dataclass
class Unit:
    """Something a topic can match: an item (all its sessions), a document, a passage."""

    kind: str  # "item" | "session" | "document" | "passage"
    label: str
    weights: dict[str, float]
    bigrams: frozenset[tuple[str, str]]
    occurrences: tuple[Occurrence, ...] = ()
    document: Document | None = None
    text: str = ""
    page: int | None = None
    session: Session | None = None


@dataclass
class MeetingIndex:
    meeting: Meeting
    zone: ZoneInfo
    sessions: tuple[Session, ...]
    occurrences: tuple[Occurrence, ...]
    by_number: dict[str, list[Occurrence]]
    numbers: list[str]  # distinct item numbers as written, in programme order
    style: str  # "roman" | "letters" | "arabic" | "none"
    by_kind: dict[ItemKind, list[Occurrence]]
    documents_by_symbol: dict[str, Document]
    documents_by_item: dict[str, list[Document]]
    units: list[Unit]
    postings: dict[str, list[tuple[int, float]]]
    idf: dict[str, float]
    corrector: Corrector
    suggestions: list[str]
    rooms: list[str]
    title_words: frozenset[str] = field(default_factory=frozenset)
    venue_words: frozenset[str] = field(default_factory=frozenset)
    sorted_stems: list[str] = field(default_factory=list)
    # Every pair of stems that follow each other in a title: "programme committee" is a
    # name here even though "programme" alone asks for the agenda.
    phrases: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    # The engine's readings of questions asked about this meeting (engine.py): the same
    # question at the same revision reads the same, and busy meetings hear the same few.
    readings: dict[tuple[str, date], tuple[Query, TimeRef]] = field(default_factory=dict, repr=False, compare=False)

    # --- items -------------------------------------------------------------------------

    def number_candidates(self, token: str) -> list[str]:
        """Every spelling under which the meeting may list the item a person called ``token``."""
        from bot.vocabulary import NUMBER_WORDS, ORDINAL_WORDS

        t = clean_number(token)
        out = [t]
        n: int | None = None
        if t.isdigit():
            n = int(t)
        elif t in NUMBER_WORDS:
            n = NUMBER_WORDS[t]
        elif t in ORDINAL_WORDS:
            n = ORDINAL_WORDS[t]
        elif re.fullmatch(r"\d+(st|nd|rd|th)", t):
            n = int(t[:-2])
        elif self.style != "letters":
            n = roman_to_int(t)
        if n is not None and n > 0:
            out.append(str(n))
            if n < 4000:  # Roman numerals stop there; "item 999999999999999" is simply not there
                out.append(int_to_roman(n))
            if n <= 26:
                out.append(chr(ord("a") + n - 1))
        return list(dict.fromkeys(out))

    def find_number(self, token: str) -> list[Occurrence] | None:
        for candidate in self.number_candidates(token):
            found = self.by_number.get(candidate)
            if found:
                return found
        return None

    def display_number(self, token: str) -> str:
        """How to write back a number the agenda does not have: in the agenda's own style."""
        candidates = self.number_candidates(token)
        t = clean_number(token)
        if self.style == "roman":
            roman = next((c for c in candidates if roman_to_int(c)), None)
            return roman.upper() if roman else token
        if self.style == "letters":
            if not (len(t) == 1 and t.isalpha()):
                return t  # "item 12": say it back as it was said
            return f"({t})"
        return t

    def show(self, number: str) -> str:
        """An item number as the answer writes it: "IX", "4", or "(b)" for a lettered agenda."""
        if self.style == "letters" and number:
            return f"({clean_number(number)})"
        return number

    def number_range(self) -> str:
        if not self.numbers:
            return ""
        first, last = self.numbers[0], self.numbers[-1]
        if self.style == "letters":
            return f"({clean_number(first)})–({clean_number(last)})"
        return f"{first}–{last}"

    def group(self, occurrence: Occurrence) -> list[Occurrence]:
        """All the sessions an item is taken up in (an item continued later, like VIII)."""
        number = clean_number(occurrence.item.continues or occurrence.item.number)
        if number and number in self.by_number:
            return self.by_number[number]
        return [occurrence]

    # --- topics ------------------------------------------------------------------------

    def _prefixed(self, stem_: str) -> list[str]:
        if len(stem_) < 7:
            return []
        head = stem_[:7]
        i = bisect.bisect_left(self.sorted_stems, head)
        out = []
        while i < len(self.sorted_stems) and self.sorted_stems[i].startswith(head):
            out.append(self.sorted_stems[i])
            i += 1
        return out

    def _by_prefix(self, stem_: str) -> list[tuple[int, float]]:
        best: dict[int, float] = {}
        for other in self._prefixed(stem_):
            for unit_id, weight in self.postings[other]:
                best[unit_id] = max(best.get(unit_id, 0.0), 0.8 * weight)
        return list(best.items())

    def knows(self, stem_: str) -> bool:
        """Whether any item, document or passage has this stem (or one sharing a long prefix)."""
        return stem_ in self.postings or bool(self._prefixed(stem_))

    def sessions_named(self, tokens: tuple[str, ...]) -> list[Session]:
        """Sessions whose whole title the question says ("the closing plenary", "poster session").

        Titles that are only a part of the day ("Morning session") are left to
        the time rules, which know which morning is meant.
        """
        padded = f" {' '.join(tokens)} "
        found = []
        for s in self.sessions:
            words = words_of(s.title)
            if len(words) < 2 or any(p in words for p in ("morning", "afternoon", "evening")):
                continue
            if f" {' '.join(words)} " in padded:
                found.append(s)
        return found

    def room_in(self, tokens: tuple[str, ...]) -> str | None:
        """The room a question names ("in room 2", "Hall A"), when the meeting has several."""
        if len(self.rooms) < 2:
            return None
        padded = f" {' '.join(tokens)} "
        for room in self.rooms:
            if f" {' '.join(words_of(room))} " in padded:
                return room
        return None

    def in_phrase(self, tokens: tuple[str, ...], i: int) -> bool:
        """Whether a word and a neighbour are a phrase of this agenda ("programme committee",
        "joint meeting"): then the word is part of a name, not a request or a filler."""
        here = stem(tokens[i])
        before = (stem(tokens[i - 1]), here) if i > 0 else None
        after = (here, stem(tokens[i + 1])) if i + 1 < len(tokens) else None
        return before in self.phrases or after in self.phrases

    def topic_stems(self, tokens: tuple[str, ...]) -> list[str]:
        # A question word is a topic word inside a name of this agenda ("the joint meeting").
        return list(
            dict.fromkeys(
                stem(t) for i, t in enumerate(tokens)
                if t not in STOPWORDS and not t.isdigit() and len(t) > 1
                and (t not in QUESTION_WORDS or self._named_with(tokens, i))
            )
        )

    def _named_with(self, tokens: tuple[str, ...], i: int) -> bool:
        plain = [
            j for j in (i - 1, i + 1)
            if 0 <= j < len(tokens) and tokens[j].isalpha() and tokens[j] not in QUESTION_WORDS | STOPWORDS
        ]
        return any((stem(tokens[min(i, j)]), stem(tokens[max(i, j)])) in self.phrases for j in plain)

    def score(self, stems: list[str], kinds: tuple[str, ...] = ("item", "session", "document", "passage")) -> list[tuple[float, Unit]]:
        """Units ranked by how much of the question's topic they cover (0..1, plus phrase bonus)."""
        if not stems:
            return []
        # A word no unit has weighs little: it is more likely filler than the topic.
        weights = [self.idf.get(s, 0.7) for s in stems]
        total = sum(weights)
        acc: dict[int, float] = defaultdict(float)
        for s, w in zip(stems, weights, strict=True):
            postings = self.postings.get(s)
            if postings is None:
                # No unit has this stem: take stems sharing a long prefix, a little less
                # surely ("deregistration" finds "deregister").
                postings = self._by_prefix(s)
                w = self.idf.get(s, max((self.idf.get(t, 0.7) for t in self._prefixed(s)), default=0.7))
                weights[stems.index(s)] = w
                total = sum(weights)
            for unit_id, field_weight in postings:
                acc[unit_id] += w * field_weight
        pairs = list(zip(stems, stems[1:], strict=False))
        ranked = []
        for unit_id, value in acc.items():
            unit = self.units[unit_id]
            if unit.kind not in kinds:
                continue
            bonus = 0.1 * sum(1 for p in pairs if p in unit.bigrams)
            ranked.append((value / total + bonus, unit))
        ranked.sort(key=lambda pair: (-pair[0], pair[1].kind != "item"))
        return ranked


def _style(numbers: list[str]) -> str:
    cleaned = [clean_number(n) for n in numbers if n]
    if not cleaned:
        return "none"
    if all(len(c) == 1 and c.isalpha() for c in cleaned) and cleaned[0] == "a":
        return "letters"
    if all(roman_to_int(c) for c in cleaned):
        return "roman"
    return "arabic"


def _occurrences(sessions: tuple[Session, ...]) -> list[Occurrence]:
    occurrences: list[Occurrence] = []
    for session in sessions:
        for item in session.items:
            occurrences.append(Occurrence(session, item, len(occurrences)))
    return occurrences


def _by_number(occurrences: list[Occurrence]) -> tuple[dict[str, list[Occurrence]], list[str]]:
    """Occurrences by item number (a continued item under its first number), and the numbers as written."""
    by_number: dict[str, list[Occurrence]] = {}
    numbers: list[str] = []
    for occ in occurrences:
        key = clean_number(occ.item.continues or occ.item.number)
        if not key:
            continue
        if key not in by_number:
            by_number[key] = []
            numbers.append(occ.item.continues or occ.item.number)
        by_number[key].append(occ)
    return by_number, numbers


def _by_kind(occurrences: list[Occurrence]) -> dict[ItemKind, list[Occurrence]]:
    by_kind: dict[ItemKind, list[Occurrence]] = defaultdict(list)
    for occ in occurrences:
        if not occ.item.continues:
            by_kind[occ.item.kind].append(occ)
    return dict(by_kind)


def _documents_by_item(
    meeting: Meeting, occurrences: list[Occurrence], documents_by_symbol: dict[str, Document]
) -> tuple[dict[str, list[Document]], dict[str, list[str]]]:
    """Documents by the item they belong to, and (by document key) the sub-points that cite them.

    A sub-point that cites a symbol ("(a) Report of the Director (EB152/2)")
    ties that document to its item even when the document list does not.
    """
    documents_by_item: dict[str, list[Document]] = defaultdict(list)
    aliases: dict[str, list[str]] = defaultdict(list)
    for d in meeting.documents:
        if d.item:
            documents_by_item[clean_number(d.item)].append(d)
    for occ in occurrences:
        for point in occ.item.sub_points:
            for symbol in find_symbols(point):
                doc = documents_by_symbol.get(symbol)
                if doc is None:
                    continue
                aliases[doc.key].append(point)
                key = clean_number(occ.item.number)
                if key and doc not in documents_by_item[key]:
                    documents_by_item[key].append(doc)
    return dict(documents_by_item), aliases


def _item_units(occurrences: list[Occurrence], by_number: dict[str, list[Occurrence]]) -> list[Unit]:
    """One unit per item, however many sessions take it up."""
    units: list[Unit] = []
    seen_groups: set[str] = set()
    for occ in occurrences:
        key = clean_number(occ.item.continues or occ.item.number)
        if key and key in seen_groups:
            continue
        if key:
            seen_groups.add(key)
        group = tuple(by_number.get(key, [occ])) if key else (occ,)
        first = group[0].item
        weights, bigrams = weigh(
            [(first.title, 1.0), (" ".join(first.sub_points), 0.8), (first.description, 0.6),
             (" ".join(first.speakers), 0.9), (glosses(first.title), 0.9)]
        )
        units.append(Unit("item", first.label, weights, bigrams, occurrences=group))
    return units


def _session_units(sessions: tuple[Session, ...]) -> list[Unit]:
    units: list[Unit] = []
    for s in sessions:
        # Titles name topics ("Parallel session 3A: Integration"); so does a keynote given there.
        roles = " ".join(str(p.role) for p in s.people if p.role == Role.KEYNOTE)
        weights, bigrams = weigh([(s.title, 1.0), (roles, 0.8), (acronyms(s.title), 0.9), (glosses(s.title), 0.9)])
        units.append(Unit("session", s.title, weights, bigrams, session=s))
    return units


def _document_units(meeting: Meeting, aliases: dict[str, list[str]]) -> list[Unit]:
    """Each document, then each sentence of its body as a passage."""
    units: list[Unit] = []
    for d in meeting.documents:
        weights, bigrams = weigh([(d.title, 1.0), (" ".join(aliases.get(d.key, ())), 0.9), (d.category, 0.3)])
        units.append(Unit("document", d.symbol or d.title, weights, bigrams, document=d))
        for sentence, page in sentences(d.body):
            if sentence.rstrip(".").casefold() == d.title.casefold():
                continue  # the title repeated at the top of the text says nothing new
            weights, bigrams = weigh([(sentence, 1.0)])
            units.append(Unit("passage", d.symbol or d.title, weights, bigrams, document=d, text=sentence, page=page))
    return units


def _postings(units: list[Unit]) -> tuple[dict[str, list[tuple[int, float]]], dict[str, float]]:
    """The inverted index (stem -> units and weights) and each stem's idf."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for unit_id, unit in enumerate(units):
        for word, w in unit.weights.items():
            postings[word].append((unit_id, w))
    n = max(len(units), 1)
    idf = {s: math.log(1 + n / len(p)) + 0.2 for s, p in postings.items()}
    return dict(postings), idf


def _vocabulary_words(texts: list[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        found.update(w for w in words_of(text) if w.isalpha() and len(w) >= 3)
    return found


def _corrector(meeting: Meeting, occurrences: list[Occurrence]) -> Corrector:
    """Typo mending towards the agenda's own words first, then the documents' bodies."""
    sessions = meeting.sessions
    agenda_words = _vocabulary_words(
        [meeting.title, meeting.venue, meeting.organizer, meeting.overview]
        + [s.title for s in sessions] + [s.room for s in sessions]
        + [o.item.title for o in occurrences] + [p for o in occurrences for p in o.item.sub_points]
        + [sp for o in occurrences for sp in o.item.speakers]
        + [d.title for d in meeting.documents] + [d.category for d in meeting.documents]
    )
    body_words = _vocabulary_words([d.body for d in meeting.documents])
    return Corrector(agenda_words, extra=body_words - agenda_words)


def _suggestion(unit: Unit) -> str | None:
    if unit.kind == "item":
        item = unit.occurrences[0].item
        return f"item {item.number}: {item.title}" if item.number else item.title
    if unit.kind == "document":
        assert unit.document is not None
        return f"{unit.document.symbol} — {unit.document.title}" if unit.document.symbol else unit.document.title
    return None


def _suggestions(units: list[Unit], sessions: tuple[Session, ...]) -> list[str]:
    """What "I don't know" may offer as closest matches: items, documents, then sessions."""
    suggestions = [s for s in map(_suggestion, units) if s is not None]
    suggestions.extend(f"{s.title} ({day_label(s.day)})" for s in sessions)
    return suggestions


def build_index(meeting: Meeting) -> MeetingIndex:
    sessions = meeting.sessions
    occurrences = _occurrences(sessions)
    by_number, numbers = _by_number(occurrences)
    documents_by_symbol = {normalize_symbol(d.symbol): d for d in meeting.documents if d.symbol}
    documents_by_item, aliases = _documents_by_item(meeting, occurrences, documents_by_symbol)
    units = _item_units(occurrences, by_number) + _session_units(sessions) + _document_units(meeting, aliases)
    postings, idf = _postings(units)
    return MeetingIndex(
        meeting=meeting, zone=ZoneInfo(meeting.timezone), sessions=sessions, occurrences=tuple(occurrences),
        by_number=by_number, numbers=numbers, style=_style(numbers), by_kind=_by_kind(occurrences),
        documents_by_symbol=documents_by_symbol, documents_by_item=documents_by_item,
        units=units, postings=postings, idf=idf, corrector=_corrector(meeting, occurrences),
        suggestions=_suggestions(units, sessions),
        rooms=list(dict.fromkeys(s.room for s in sessions if s.room)),
        title_words=frozenset(w for w in words_of(meeting.title) if w not in COMMON),
        venue_words=frozenset(words_of(meeting.venue)) | frozenset(words_of(meeting.organizer)),
        sorted_stems=sorted(postings),
        phrases=frozenset().union(*(u.bigrams for u in units if u.kind != "passage")),
    )


# Indexes by Meeting identity: the Assistant keeps one Meeting value per
# revision, so identity is the revision. A weak reference lets an index go
# when its meeting does.
_CACHE: dict[int, tuple[weakref.ref[Meeting], MeetingIndex]] = {}
_CACHE_LOCK = threading.Lock()


def index_for(meeting: Meeting) -> MeetingIndex:
    key = id(meeting)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0]() is meeting:
            return hit[1]
    index = build_index(meeting)

    # The cache and lock are bound now: at interpreter exit module globals may be gone.
    def forget(_: object, key: int = key, cache: dict[int, tuple[weakref.ref[Meeting], MeetingIndex]] = _CACHE,
               lock: threading.Lock = _CACHE_LOCK) -> None:
        with lock:
            cache.pop(key, None)

    with _CACHE_LOCK:
        _CACHE[key] = (weakref.ref(meeting, forget), index)
    return index
