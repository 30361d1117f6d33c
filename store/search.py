"""Full-text search over agenda items, documents and document passages.

One interface, two backends: SQLite FTS5 and PostgreSQL full-text search. The
tables, views and triggers are made by migration 0002 (read its docstring for
the schema); this module turns a question into a safe query for either
backend and turns rows into ``Hit`` values.

Keeping the index current
- Items and documents (titles, numbers, symbols ...): database triggers, so
  every writer is covered, ORM or not.
- Passages (document bodies split into paragraph-sized pieces): splitting
  needs Python, so an ORM event on ``models.Document`` (registered when this
  module is imported; store/agenda.py imports it) rewrites a document's
  passages whenever it is inserted or its body changes. The database itself
  deletes stale passages (a trigger on ``documents.body`` and foreign-key
  cascades), so a writer that bypasses the ORM leaves passages missing, never
  wrong; ``reindex_document`` / ``reindex_all`` fill them in after such bulk
  loads.

Queries
- The question is cut into words (anything but letters and digits separates
  them, so no user character ever reaches the query syntax), document symbols
  are kept whole, stop words dropped, and each remaining word or known phrase
  becomes a *concept*: the word with its synonyms (``SYNONYMS``). Stemming is
  the backends' (Porter / Snowball English).
- Concepts are ANDed, alternatives within one ORed; when that finds nothing
  the concepts are ORed, so a long question still finds something.
- SQLite: every alternative is a double-quoted FTS5 phrase. PostgreSQL: every
  alternative goes through ``websearch_to_tsquery`` as a bound parameter, and
  the pieces are combined with ``||`` / ``&&``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, event, inspect, text
from sqlalchemy.orm import Mapper
from sqlalchemy.orm import Session as DBSession

from store import models
from store.symbols import find_symbols


@dataclass(frozen=True)
class Hit:
    """One search result. ``ref`` is an item number or a document symbol (or title).

    For passages, ``ref``/``title`` name the document, ``page`` is the page the
    passage is on (1 for documents without pages), ``snippet`` is a window of
    the passage around the matched words and ``text`` the whole passage.
    ``item`` is the agenda item a document (or passage) belongs to, if known.
    """

    kind: Literal["item", "document", "passage"]
    meeting_slug: str
    ref: str
    title: str
    snippet: str
    score: float
    page: int | None = None
    text: str = ""
    item: str = ""


# -- passages -------------------------------------------------------------------

# Small enough that a passage answers one question and fits a chat message,
# large enough to carry its own context.
PASSAGE_MIN_WORDS = 60
PASSAGE_MAX_WORDS = 120


@dataclass(frozen=True)
class Passage:
    page: int
    ordinal: int
    text: str


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\v]*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


def _pieces(paragraph: str) -> list[list[str]]:
    """A paragraph as runs of words no longer than PASSAGE_MAX_WORDS."""
    words = paragraph.split()
    if len(words) <= PASSAGE_MAX_WORDS:
        return [words] if words else []
    pieces: list[list[str]] = []
    for sentence in _SENTENCE_END.split(paragraph):
        sentence_words = sentence.split()
        for start in range(0, len(sentence_words), PASSAGE_MAX_WORDS):
            pieces.append(sentence_words[start : start + PASSAGE_MAX_WORDS])
    return [p for p in pieces if p]


def split_passages(body: str) -> list[Passage]:
    """Cut a document body into passages of about 60-120 words.

    Pages are separated by form feeds ("\\f"); a passage never spans two
    pages, so its page is exact: 1 + the number of form feeds before it.
    Paragraphs (blank-line separated) are packed together until a passage has
    PASSAGE_MIN_WORDS (so a heading joins the text under it); longer
    paragraphs are cut at sentence ends. Whitespace is normalised; no word
    is lost or repeated.
    """
    passages: list[Passage] = []
    for page_number, page in enumerate(body.split("\f"), start=1):
        current: list[str] = []
        for paragraph in _PARAGRAPH_BREAK.split(page):
            for piece in _pieces(paragraph):
                if current and (
                    len(current) >= PASSAGE_MIN_WORDS
                    or len(current) + len(piece) > PASSAGE_MAX_WORDS
                ):
                    passages.append(Passage(page_number, len(passages) + 1, " ".join(current)))
                    current = []
                current.extend(piece)
        if current:
            passages.append(Passage(page_number, len(passages) + 1, " ".join(current)))
    return passages


_DELETE_PASSAGES = text("DELETE FROM search_passages WHERE document_id = :document_id")
_INSERT_PASSAGE = text(
    "INSERT INTO search_passages (document_id, meeting_id, page, ordinal, text)"
    " VALUES (:document_id, :meeting_id, :page, :ordinal, :text)"
)


def _write_passages(connection: Connection, document_id: int, meeting_id: int, body: str) -> int:
    connection.execute(_DELETE_PASSAGES, {"document_id": document_id})
    rows = [
        {"document_id": document_id, "meeting_id": meeting_id, "page": p.page,
         "ordinal": p.ordinal, "text": p.text}
        for p in split_passages(body or "")
    ]
    if rows:
        connection.execute(_INSERT_PASSAGE, rows)
    return len(rows)


def index_document_passages(db: DBSession, document: models.Document) -> int:
    """(Re)write the passages of one document row; returns how many.

    Writers through the ORM need not call this (the Document events below
    do); it is for code that changed a body behind the ORM's back.
    """
    if document.id is None:
        db.flush()
    return _write_passages(db.connection(), document.id, document.meeting_id, document.body)


def reindex_document(db: DBSession, document_id: int) -> int:
    """Re-split the stored body of document ``document_id``; 0 if there is none."""
    row = db.connection().execute(
        text("SELECT meeting_id, body FROM documents WHERE id = :id"), {"id": document_id}
    ).first()
    if row is None:
        return 0
    return _write_passages(db.connection(), document_id, row.meeting_id, row.body)


def reindex_all(db: DBSession) -> None:
    """Rebuild every search index from the tables (after bulk loads behind the ORM)."""
    connection = db.connection()
    if connection.dialect.name == "sqlite":
        # Empty and refill from the content views (as migration 0002 does, and
        # for the same reason not with 'rebuild'); this also repairs any drift.
        for table, columns in (
            ("search_items", "number, title, sub_points, description, speakers, kind, meeting"),
            ("search_documents", "symbol, title, category, meeting"),
        ):
            connection.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
            connection.exec_driver_sql(
                f"INSERT INTO {table}(rowid, {columns}) SELECT id, {columns} FROM {table}_content"
            )
    else:
        connection.exec_driver_sql(
            "INSERT INTO search_items (item_id, meeting_id, vector)"
            " SELECT i.id, i.meeting_id, search_item_vector(i) FROM agenda_items i"
            " ON CONFLICT (item_id) DO UPDATE"
            " SET meeting_id = EXCLUDED.meeting_id, vector = EXCLUDED.vector"
        )
        connection.exec_driver_sql(
            "INSERT INTO search_documents (document_id, meeting_id, vector)"
            " SELECT d.id, d.meeting_id, search_document_vector(d) FROM documents d"
            " ON CONFLICT (document_id) DO UPDATE"
            " SET meeting_id = EXCLUDED.meeting_id, vector = EXCLUDED.vector"
        )
    connection.exec_driver_sql("DELETE FROM search_passages")
    ids = connection.execute(text("SELECT id FROM documents WHERE body <> '' ORDER BY id")).scalars().all()
    # Bodies are read a few hundred at a time: a large store's do not fit in memory at once.
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        rows = connection.execute(
            text("SELECT id, meeting_id, body FROM documents WHERE id IN :ids ORDER BY id").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": chunk},
        )
        batch = [
            {"document_id": document_id, "meeting_id": meeting_id, "page": p.page,
             "ordinal": p.ordinal, "text": p.text}
            for document_id, meeting_id, body in rows
            for p in split_passages(body)
        ]
        if batch:
            connection.execute(_INSERT_PASSAGE, batch)


@event.listens_for(models.Document, "after_insert")
def _document_inserted(_mapper: Mapper[Any], connection: Connection, target: models.Document) -> None:
    if target.body:
        _write_passages(connection, target.id, target.meeting_id, target.body)


@event.listens_for(models.Document, "after_update")
def _document_updated(_mapper: Mapper[Any], connection: Connection, target: models.Document) -> None:
    # after_update fires for any change to the row; re-split only when the
    # text (or the meeting it is scoped by) changed.
    attrs = inspect(target).attrs
    if attrs.body.history.has_changes() or attrs.meeting_id.history.has_changes():
        _write_passages(connection, target.id, target.meeting_id, target.body)


# -- understanding the question -------------------------------------------------------

# Equivalent words and phrases; a query word found here matches any of its
# group. Stemming already covers plurals and verb forms, so each entry needs
# one spelling (the lookup below forgives a plural "s").
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("remittances", "money sent home", "money transfers", "transfers"),
    ("undocumented", "irregular", "illegal", "unauthorized", "unauthorised", "clandestine"),
    ("trafficking", "smuggling"),
    ("rapporteur", "report"),
    ("closing", "close", "end", "wrap up"),
    ("opening", "open", "start", "welcome"),
    ("globalization", "globalisation"),
    ("keynote", "keynote speech", "keynote address"),
    ("conclusions", "findings", "outcome", "recommendations"),
    ("security", "safety"),
    ("refugees", "asylum seekers"),
    ("labour", "labor"),
    ("organization", "organisation"),
    ("programme", "program"),
)

# Words that say nothing about what is sought: question words, auxiliaries,
# pronouns, articles, and PostgreSQL's English stop words (which it would
# drop anyway; dropping them on SQLite too keeps the two backends alike).
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been
    before being below between both but by can cannot could couldn d did didn do does
    doesn doing don down during each few for from further had hadn has hasn have haven
    having he her here hers herself him himself his how i if in into is isn it its itself
    just ll m me more most mustn my myself no nor not now o of off on once only or other
    our ours ourselves out over own re s same shan she should shouldn so some such t than
    that the their theirs them themselves then there these they this those through to too
    under until up ve very was wasn we were weren what when where which while who whom why
    will with won would wouldn y you your yours yourself yourselves
    discuss discussed discussing talk talked talking tell show find know please going get
    let us want wanted look looking anything something
    """.split()
)

# Words that name the kind of thing asked about rather than the thing: dropped
# when the question has other words, kept when they are all it has.
GENERIC_WORDS = frozenset("agenda item items meeting meetings session sessions point points topic".split())

# A long pasted text must not turn into a query over hundreds of terms.
MAX_CONCEPTS = 12
_MAX_WORD_LENGTH = 64

_WORD = re.compile(r"[^\W_]+")


def _fold(word: str) -> str:
    """Forgive a plural when looking words up in SYNONYMS (stemming does the rest)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(_fold(w) for w in _WORD.findall(phrase.casefold()))


_GROUPS: dict[tuple[str, ...], tuple[str, ...]] = {
    _phrase_key(phrase): group for group in SYNONYMS for phrase in group
}
_LONGEST_PHRASE = max(len(k) for k in _GROUPS)


def _remove_run(words: list[str], run: list[str]) -> list[str]:
    for start in range(len(words) - len(run) + 1):
        if words[start : start + len(run)] == run:
            return words[:start] + words[start + len(run) :]
    return words


def query_concepts(query: str) -> list[tuple[str, ...]]:
    """The question as concepts, each a tuple of alternative phrases (all lower case).

    ``"when do we discuss money sent home?"`` ->
    ``[("money sent home", "remittances", "money transfers", "transfers")]``.
    Alternatives are words and spaces only, or a normalised document symbol
    (letters, digits, "/", "." and "-").
    """
    query = unicodedata.normalize("NFKC", query)
    words = [w.casefold() for w in _WORD.findall(query)]
    concepts: list[tuple[str, ...]] = []
    for symbol in find_symbols(query):
        concepts.append((symbol.casefold(),))
        # The symbol's own parts ("a", "58", "98") are not separate concepts.
        words = _remove_run(words, _WORD.findall(symbol.casefold()))
    words = [w for w in words if len(w) <= _MAX_WORD_LENGTH]
    keys = [_fold(w) for w in words]
    found: list[tuple[str, ...]] = []
    generic: list[tuple[str, ...]] = []
    position = 0
    while position < len(words):
        for size in range(min(_LONGEST_PHRASE, len(words) - position), 0, -1):
            group = _GROUPS.get(tuple(keys[position : position + size]))
            if group is not None and (size > 1 or words[position] not in STOP_WORDS):
                own = " ".join(words[position : position + size])
                found.append((own, *(p for p in group if _phrase_key(p) != _phrase_key(own))))
                position += size
                break
        else:
            word = words[position]
            if word in GENERIC_WORDS:
                generic.append((word,))
            elif word not in STOP_WORDS:
                found.append((word,))
            position += 1
    for concept in found or generic:
        if concept not in concepts:
            concepts.append(concept)
    return concepts[:MAX_CONCEPTS]


# -- querying -------------------------------------------------------------------------

_MARK_START, _MARK_END = "\ue000", "\ue001"  # private-use characters: not in real agendas
_MARKS = re.compile(f"[{_MARK_START}{_MARK_END}]")


def _best_snippet(candidates: Iterable[str | None], fallback: str) -> str:
    """The first candidate in which the backend marked a matched word, unmarked."""
    for candidate in candidates:
        if candidate and _MARK_START in candidate:
            return _MARKS.sub("", candidate).strip()
    return fallback


# A matched title this short is shown whole: a cut title reads worse than a long one.
_WHOLE_TITLE_WORDS = 24


def _titled_snippet(title: str, marked_title: str | None, others: Iterable[str | None]) -> str:
    """The whole title when the match is in it, else the best other field, else the title."""
    if marked_title and _MARK_START in marked_title:
        if len(title.split()) <= _WHOLE_TITLE_WORDS:
            return title
        return _MARKS.sub("", marked_title).strip()
    return _best_snippet(others, title)


def _fts5_query(concepts: Sequence[tuple[str, ...]], columns: str, meeting_id: int | None, op: str) -> str:
    # Every alternative is a quoted FTS5 string (quotes doubled), so user text
    # never becomes an operator, a column name or a prefix query.
    groups = [
        "(" + " OR ".join('"' + alt.replace('"', '""') + '"' for alt in concept) + ")"
        for concept in concepts
    ]
    expression = "{" + columns + "} : (" + f" {op} ".join(groups) + ")"
    if meeting_id is not None:
        expression = f'meeting : "m{meeting_id}" AND {expression}'
    return expression


def _tsqueries(concepts: Sequence[tuple[str, ...]], params: dict[str, Any]) -> tuple[str, str]:
    """SQL for the all-concepts and any-concept tsqueries.

    The user's words only ever travel as bound parameters, each through
    websearch_to_tsquery as a quoted phrase.
    """
    groups = []
    for concept in concepts:
        alternatives = []
        for alt in concept:
            name = f"q{len(params)}"
            params[name] = '"' + alt + '"'
            alternatives.append(f"websearch_to_tsquery('english', :{name})")
        groups.append("(" + " || ".join(alternatives) + ")")
    return "(" + " && ".join(groups) + ")", "(" + " || ".join(groups) + ")"


_ITEM_COLUMNS = "number title sub_points description speakers kind"

# Snippets: FTS5 counts tokens, ts_headline words.
_HEADLINE = f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords=24, MinWords=8, ShortWord=2"
_PASSAGE_HEADLINE = f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords=32, MinWords=16, ShortWord=2"


def _sqlite_items(db: DBSession, match: str, limit: int) -> list[Hit]:
    # ORDER BY rank is answered inside FTS5 (rank = the bm25 weights set in
    # migration 0002), so snippets are only made for the rows returned.
    rows = db.execute(
        text(
            "WITH top AS ("
            " SELECT rowid AS id, rank,"
            "  snippet(search_items, 1, :s, :e, '…', 16) AS s_title,"
            "  snippet(search_items, 2, :s, :e, '…', 16) AS s_sub,"
            "  snippet(search_items, 3, :s, :e, '…', 16) AS s_desc,"
            "  snippet(search_items, 4, :s, :e, '…', 16) AS s_speakers"
            " FROM search_items WHERE search_items MATCH :q ORDER BY rank LIMIT :n)"
            " SELECT top.*, i.number, i.title, m.slug FROM top"
            " JOIN agenda_items i ON i.id = top.id JOIN meetings m ON m.id = i.meeting_id"
            " ORDER BY top.rank"
        ),
        {"q": match, "n": limit, "s": _MARK_START, "e": _MARK_END},
    )
    return [
        Hit("item", r.slug, r.number or r.title, r.title,
            _titled_snippet(r.title, r.s_title, (r.s_sub, r.s_desc, r.s_speakers)), -r.rank)
        for r in rows
    ]


def _sqlite_documents(db: DBSession, match: str, limit: int) -> list[Hit]:
    rows = db.execute(
        text(
            "WITH top AS ("
            " SELECT rowid AS id, rank, snippet(search_documents, 1, :s, :e, '…', 24) AS s_title"
            " FROM search_documents WHERE search_documents MATCH :q ORDER BY rank LIMIT :n)"
            " SELECT top.*, d.symbol, d.title, d.item_number, m.slug FROM top"
            " JOIN documents d ON d.id = top.id JOIN meetings m ON m.id = d.meeting_id"
            " ORDER BY top.rank"
        ),
        {"q": match, "n": limit, "s": _MARK_START, "e": _MARK_END},
    )
    return [
        Hit("document", r.slug, r.symbol or r.title, r.title,
            _titled_snippet(r.title, r.s_title, ()), -r.rank, item=r.item_number)
        for r in rows
    ]


def _sqlite_passages(db: DBSession, match: str, limit: int) -> list[Hit]:
    rows = db.execute(
        text(
            "WITH top AS ("
            " SELECT rowid AS id, rank, snippet(search_passages_fts, 0, :s, :e, '…', 32) AS snip"
            " FROM search_passages_fts WHERE search_passages_fts MATCH :q ORDER BY rank LIMIT :n)"
            " SELECT top.*, p.page, p.text, d.symbol, d.title, d.item_number, m.slug FROM top"
            " JOIN search_passages p ON p.id = top.id JOIN documents d ON d.id = p.document_id"
            " JOIN meetings m ON m.id = p.meeting_id ORDER BY top.rank"
        ),
        {"q": match, "n": limit, "s": _MARK_START, "e": _MARK_END},
    )
    return [
        Hit("passage", r.slug, r.symbol or r.title, r.title,
            _best_snippet((r.snip,), r.text), -r.rank, page=r.page, text=r.text, item=r.item_number)
        for r in rows
    ]


_Kind = Literal["item", "document", "passage"]
_KIND_ORDER = {"item": 0, "document": 1, "passage": 2}


def _sqlite_run(db: DBSession, concepts: Sequence[tuple[str, ...]], kinds: Sequence[_Kind],
                meeting_id: int | None, op: Literal["AND", "OR"], limit: int) -> list[Hit]:
    hits: list[Hit] = []
    if "item" in kinds:
        hits += _sqlite_items(db, _fts5_query(concepts, _ITEM_COLUMNS, meeting_id, op), limit)
    if "document" in kinds:
        hits += _sqlite_documents(db, _fts5_query(concepts, "symbol title category", meeting_id, op), limit)
    if "passage" in kinds:
        hits += _sqlite_passages(db, _fts5_query(concepts, "text", meeting_id, op), limit)
    return hits


def _sqlite_search(db: DBSession, concepts: Sequence[tuple[str, ...]], kinds: Sequence[_Kind],
                   meeting_slug: str | None, limit: int) -> list[Hit]:
    meeting_id = None
    if meeting_slug is not None:
        meeting_id = db.execute(
            text("SELECT id FROM meetings WHERE slug = :slug"), {"slug": meeting_slug}
        ).scalar()
        if meeting_id is None:
            return []
    hits = _sqlite_run(db, concepts, kinds, meeting_id, "AND", limit)
    if not hits and len(concepts) > 1:
        hits = _sqlite_run(db, concepts, kinds, meeting_id, "OR", limit)
    return hits


# PostgreSQL takes two round trips: the first parses the words into tsqueries
# (and finds the meeting), the second runs every kind at once with the
# tsquery as a parameter. So each websearch_to_tsquery is parsed once, not
# once per use, and the second statement's text depends only on the kinds and
# the scope, which lets psycopg prepare it after a few questions: planning,
# not execution, was most of the time of a scoped search. Each branch ranks on
# the index alone and runs ts_headline (slow) only on the rows it keeps; with
# a meeting, its B-tree index narrows to that meeting's rows (~40 items).
# Normalisation 1 divides a rank by 1 + log(length), so a focused title beats
# a long one that mentions the same words (as bm25 does on SQLite).
_TSQ = "CAST(:tsq AS tsquery)"
_PG_BRANCHES: dict[_Kind, str] = {
    "item": f"""(SELECT 'item' AS kind, top.score, m.slug, i.number AS ref, i.title,
            '' AS item, CAST(NULL AS integer) AS page, '' AS body,
            ts_headline('english', i.title, {_TSQ}, :h) AS s1,
            ts_headline('english', coalesce((SELECT string_agg(v, ' · ')
                FROM json_array_elements_text(i.sub_points) v), ''), {_TSQ}, :h) AS s2,
            ts_headline('english', i.description, {_TSQ}, :h) AS s3
        FROM (SELECT s.item_id AS id, ts_rank_cd(s.vector, {_TSQ}, 1) AS score
              FROM search_items s WHERE s.vector @@ {_TSQ} {{scope}}
              ORDER BY score DESC, s.item_id LIMIT :n) top
        JOIN agenda_items i ON i.id = top.id JOIN meetings m ON m.id = i.meeting_id)""",
    "document": f"""(SELECT 'document' AS kind, top.score, m.slug, d.symbol AS ref, d.title,
            d.item_number AS item, CAST(NULL AS integer) AS page, '' AS body,
            ts_headline('english', d.title, {_TSQ}, :h) AS s1,
            CAST(NULL AS text) AS s2, CAST(NULL AS text) AS s3
        FROM (SELECT s.document_id AS id, ts_rank_cd(s.vector, {_TSQ}, 1) AS score
              FROM search_documents s WHERE s.vector @@ {_TSQ} {{scope}}
              ORDER BY score DESC, s.document_id LIMIT :n) top
        JOIN documents d ON d.id = top.id JOIN meetings m ON m.id = d.meeting_id)""",
    "passage": f"""(SELECT 'passage' AS kind, top.score, m.slug, d.symbol AS ref, d.title,
            d.item_number AS item, p.page, p.text AS body,
            ts_headline('english', p.text, {_TSQ}, :hp) AS s1,
            CAST(NULL AS text) AS s2, CAST(NULL AS text) AS s3
        FROM (SELECT s.id, ts_rank_cd(s.vector, {_TSQ}, 1) AS score
              FROM search_passages s WHERE s.vector @@ {_TSQ} {{scope}}
              ORDER BY score DESC, s.id LIMIT :n) top
        JOIN search_passages p ON p.id = top.id JOIN documents d ON d.id = p.document_id
        JOIN meetings m ON m.id = p.meeting_id)""",
}


def _postgres_hit(r: Any) -> Hit:
    score = float(r.score)
    if r.kind == "item":
        snippet = _titled_snippet(r.title, r.s1, (r.s2, r.s3))
        return Hit("item", r.slug, r.ref or r.title, r.title, snippet, score)
    if r.kind == "document":
        snippet = _titled_snippet(r.title, r.s1, ())
        return Hit("document", r.slug, r.ref or r.title, r.title, snippet, score, item=r.item)
    return Hit("passage", r.slug, r.ref or r.title, r.title, _best_snippet((r.s1,), r.body), score,
               page=r.page, text=r.body, item=r.item)


def _postgres_search(db: DBSession, concepts: Sequence[tuple[str, ...]], kinds: Sequence[_Kind],
                     meeting_slug: str | None, limit: int) -> list[Hit]:
    params: dict[str, Any] = {"slug": meeting_slug}
    all_words, any_word = _tsqueries(concepts, params)
    first = db.execute(
        text(
            f"SELECT CAST({all_words} AS text) AS all_words, CAST({any_word} AS text) AS any_word,"
            " (SELECT id FROM meetings WHERE slug = :slug) AS meeting_id"
        ),
        params,
    ).one()
    if (meeting_slug is not None and first.meeting_id is None) or not first.all_words:
        return []  # no such meeting, or only words PostgreSQL ignores
    scope = "AND s.meeting_id = :meeting_id" if meeting_slug is not None else ""
    statement = text(" UNION ALL ".join(_PG_BRANCHES[k].format(scope=scope) for k in kinds))
    values = {"meeting_id": first.meeting_id, "n": limit, "h": _HEADLINE, "hp": _PASSAGE_HEADLINE}
    hits = [_postgres_hit(r) for r in db.execute(statement, {**values, "tsq": first.all_words})]
    if not hits and first.any_word != first.all_words:
        hits = [_postgres_hit(r) for r in db.execute(statement, {**values, "tsq": first.any_word})]
    return hits


def _dedupe(hits: Iterable[Hit], limit: int) -> list[Hit]:
    """Best first; one hit per item, per document, and per document page.

    An item continued in a later session (two rows numbered VIII) is one
    item to the person asking.
    """
    ordered = sorted(hits, key=lambda h: (-h.score, _KIND_ORDER[h.kind], h.meeting_slug, h.ref))
    seen: set[tuple[str, str, str, int | None]] = set()
    kept: list[Hit] = []
    for hit in ordered:
        key = (hit.kind, hit.meeting_slug, hit.ref, hit.page)
        if key not in seen:
            seen.add(key)
            kept.append(hit)
        if len(kept) == limit:
            break
    return kept


def _search(db: DBSession, query: str, kinds: Sequence[_Kind], meeting_slug: str | None, limit: int) -> list[Hit]:
    if limit <= 0:
        return []
    concepts = query_concepts(query)
    if not concepts:
        return []
    if db.autoflush:  # text() queries do not autoflush; pending ORM writes must be searchable
        db.flush()
    # Extra rows per kind leave room for the duplicates _dedupe drops.
    fetch = limit * 2 + 4
    if db.get_bind().dialect.name == "sqlite":
        hits = _sqlite_search(db, concepts, kinds, meeting_slug, fetch)
    else:
        hits = _postgres_search(db, concepts, kinds, meeting_slug, fetch)
    return _dedupe(hits, limit)


def search(db: DBSession, query: str, *, meeting_slug: str | None = None, limit: int = 10) -> list[Hit]:
    """Agenda items, documents and passages matching ``query``, best first.

    Scoped to one meeting by slug, or across all meetings when None. Any
    string is a valid query: it never raises for what the user typed.
    """
    return _search(db, query, ("item", "document", "passage"), meeting_slug, limit)


def passages(db: DBSession, query: str, *, meeting_slug: str | None = None, limit: int = 3) -> list[Hit]:
    """Only the passages of document bodies that best answer ``query`` (with their pages)."""
    return _search(db, query, ("passage",), meeting_slug, limit)


__all__ = [
    "GENERIC_WORDS",
    "PASSAGE_MAX_WORDS",
    "PASSAGE_MIN_WORDS",
    "STOP_WORDS",
    "SYNONYMS",
    "Hit",
    "Passage",
    "index_document_passages",
    "passages",
    "query_concepts",
    "reindex_all",
    "reindex_document",
    "search",
    "split_passages",
]
