"""United Nations document symbols: find them in text and normalise them.

A symbol is a series of slash-separated parts: ``A/58/98``, ``E/CN.9/2004/2``,
``A/RES/58/208``, ``A/58/98/Rev.1``. People type them in any case and with
stray spaces (``a / 58 / 98``); we compare them in one canonical spelling.
"""

from __future__ import annotations

import re

# A first part of letters (the organ: A, E, S, ST, TD, UNEP...), then parts of
# letters, digits and dots. A digit must appear somewhere, or "and/or" would
# count as a symbol.
_SYMBOL = re.compile(
    r"(?<![\w/])([A-Za-z]{1,8}(?:\.\d+)?(?:\s*/\s*[A-Za-z0-9][A-Za-z0-9.\-]*)+)"
)
_SUFFIX_WORDS = {"REV": "Rev", "CORR": "Corr", "ADD": "Add", "AMEND": "Amend", "SUMMARY": "Summary"}
_AMENDMENT = re.compile(r"/(?:Rev|Corr|Amend)\.\d+$")


def _canonical_part(part: str) -> str:
    head, dot, tail = part.partition(".")
    word = _SUFFIX_WORDS.get(head.upper())
    if word and dot:
        return f"{word}.{tail}"
    return part.upper()


def normalize_symbol(text: str) -> str:
    """``' a / 58 / 98 / rev.1 '`` -> ``'A/58/98/Rev.1'``."""
    parts = [p.strip() for p in text.strip().strip(".,;:()").split("/")]
    return "/".join(_canonical_part(p) for p in parts if p)


def is_symbol(text: str) -> bool:
    m = _SYMBOL.fullmatch(text.strip())
    return bool(m) and any(ch.isdigit() for ch in text)


def find_symbols(text: str) -> list[str]:
    """Every symbol in ``text``, normalised, in order of appearance, once each."""
    found: list[str] = []
    for m in _SYMBOL.finditer(text):
        raw = m.group(1).rstrip(".-")
        if not any(ch.isdigit() for ch in raw) or raw.count("/") < 1:
            continue
        symbol = normalize_symbol(raw)
        if symbol not in found:
            found.append(symbol)
    return found


def base_symbol(symbol: str) -> str | None:
    """The document a revision, corrigendum or amendment belongs to, if any.

    ``A/58/98/Rev.1`` -> ``A/58/98``; ``A/58/98`` -> ``None``.
    """
    canonical = normalize_symbol(symbol)
    m = _AMENDMENT.search(canonical)
    return canonical[: m.start()] if m else None
