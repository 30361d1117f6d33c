"""Understanding the question: words, document symbols and known phrases as concepts."""

from __future__ import annotations

import re
import unicodedata

from store.symbols import find_symbols

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

