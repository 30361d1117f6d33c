"""Documents named on the page: symbols in items, and lists under headings."""

from __future__ import annotations

import re

from store.symbols import find_symbols, is_symbol
from store.values import Document

ITEM_DOCUMENT_CATEGORY = "Documents"
EMPTY_PARENS = re.compile(r"\(\s*\)")
_PARENTHESIZED = re.compile(r"\(([^()]*)\)")
_JOINERS = frozenset({"and", "&", "-", ":", "\u2013", "\u2014"})
_LONG_RUN = re.compile(r"\S{80,}")


def documents_in(text: str, category: str, item: str, *, listed: bool) -> list[Document]:
    """One Document per symbol in ``text``; titled by the text around the symbols.

    A list entry without a symbol is still a document (its link was stripped),
    but a sub-point without one is only a sub-point.
    """
    symbols = symbols_in(text)
    title = _title_without_symbols(text)
    if not symbols:
        return [Document(title=title, category=category)] if title and listed else []
    return [
        Document(title=title or symbol, symbol=symbol, category=category, item=item)
        for symbol in symbols
    ]


def symbols_in(text: str) -> list[str]:
    # No symbol is 80 characters without a space; dropping such runs first keeps
    # find_symbols linear (its URL pattern backtracks over long runs of non-spaces).
    return find_symbols(_LONG_RUN.sub(" ", text))


def _title_without_symbols(text: str) -> str:
    """ "Report on migration (A/58/98)" -> "Report on migration"; "A/58/98: Report" -> "Report"."""

    def drop_symbols(match: re.Match[str]) -> str:
        inside = match.group(1)
        rest = inside
        for part in re.split(r"\s*(?:,|;|\band\b)\s*", inside):
            if part and is_symbol(part):
                rest = rest.replace(part, "", 1)
        return "" if not re.sub(r"[\s,;]|\band\b", "", rest) else match.group(0)

    words = _PARENTHESIZED.sub(drop_symbols, text).split()
    # Leading symbols and what joins them ("A/58/98 and A/58/99 - Reports") are not the title.
    lead = 0
    while lead < len(words) and (
        is_symbol(words[lead].strip(":,;.")) or words[lead].lower() in _JOINERS
    ):
        lead += 1
    if any(is_symbol(w.strip(":,;.")) for w in words[:lead]):
        words = words[lead:]
    return " ".join(words).strip(" ,;:-")
