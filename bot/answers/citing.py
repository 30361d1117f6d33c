"""Which item a document belongs to when several items share its number.

A joint meeting inside a session numbers its own items: item 3 on Monday and
item 3 of Wednesday's joint meeting are two items, and a document filed "for
item 3" belongs to the one whose text cites its symbol. When no item of that
number cites it, it belongs to all of them, as filed.
"""

from __future__ import annotations

from bot.answers.index import MeetingIndex, Occurrence, clean_number
from store.symbols import find_symbols, normalize_symbol
from store.values import Document


def _cites(occ: Occurrence, symbol: str) -> bool:
    item = occ.item
    text = "\n".join((item.title, *item.sub_points, item.description))
    return symbol in find_symbols(text)


def occurrences_of(index: MeetingIndex, doc: Document) -> list[Occurrence]:
    """The occurrences of the item a document is for, best first: those citing it."""
    occs = index.by_number.get(clean_number(doc.item), []) if doc.item else []
    if len(occs) < 2 or not doc.symbol:
        return occs
    symbol = normalize_symbol(doc.symbol)
    citing = [o for o in occs if _cites(o, symbol)]
    return citing or occs


def documents_of(index: MeetingIndex, occ: Occurrence) -> list[Document]:
    """The documents of an item occurrence: those filed for its number, less those cited
    only by another item of the same number."""
    key = clean_number(occ.item.continues or occ.item.number)
    docs = index.documents_by_item.get(key, []) if key else []
    return [d for d in docs if occ in occurrences_of(index, d)]
