"""Querying either backend (SQLite FTS5, PostgreSQL) and turning rows into ``Hit`` values."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.orm import Session as DBSession

from store.search.concepts import query_concepts


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
