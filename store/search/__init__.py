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

The package: ``index`` (passages and keeping the index current), ``concepts``
(understanding the question), ``query`` (the two backends' queries and
``Hit``).
"""

from store.search.concepts import GENERIC_WORDS, STOP_WORDS, SYNONYMS, query_concepts
from store.search.index import (
    PASSAGE_MAX_WORDS,
    PASSAGE_MIN_WORDS,
    Passage,
    index_document_passages,
    reindex_all,
    reindex_document,
    split_passages,
)
from store.search.query import Hit, passages, search

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
