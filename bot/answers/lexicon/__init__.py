"""French and Spanish questions read with the English rules: a lexicon per language.

The answers engine's rules look for English words ("when", "session",
"tomorrow"). A French or Spanish question is mapped word by word (and phrase
by phrase, longest first) onto those words before the rules see it, so every
rule works in the three languages at once and stays in one place. Both
tables apply to every question: their words are not English words, so an
English question passes through untouched. Accents are folded before this
step (the normalizer's job), and a word that is neither known to the engine
nor in a table is matched to the nearest table word ("reunoin" is
"reunion"): typos are mended in French and Spanish too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from bot.answers.lexicon import es, fr

TABLES = {"fr": fr.PHRASES, "es": es.PHRASES}
# A typo is mended towards a table word only from this length on, and only when close:
# short French and Spanish words are too alike ("sala", "sale", "salle").
_TYPO_MIN_LENGTH = 5
_TYPO_CUTOFF = 80


@dataclass(frozen=True)
class Lexicon:
    """Phrases (tuples of folded words) -> the engine's words, for one or more languages."""

    phrases: dict[tuple[str, ...], tuple[str, ...]]
    longest: int
    typo_choices: tuple[str, ...]

    def words(self) -> frozenset[str]:
        """Every word a table reads: not typos, whatever the engine knows."""
        return frozenset(w for key in self.phrases for w in key)


def parse_table(text: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    """``"apres midi = afternoon"`` lines -> ``{("apres", "midi"): ("afternoon",)}``."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in text.strip().splitlines():
        source, _, target = line.partition("=")
        key = tuple(source.split())
        if not key or key in table:
            raise ValueError(f"lexicon line {line!r}: empty or repeated")
        table[key] = tuple(target.split())
    return table


@cache
def lexicon(languages: tuple[str, ...] = ("fr", "es")) -> Lexicon:
    """The tables of ``languages`` merged; the first language wins a shared word."""
    phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
    for language in reversed(languages):
        phrases.update(parse_table(TABLES[language]))
    singles = sorted(k[0] for k in phrases if len(k) == 1 and len(k[0]) >= _TYPO_MIN_LENGTH)
    return Lexicon(phrases, max(len(k) for k in phrases), tuple(singles))


def translate(tokens: Sequence[str], known: Callable[[str], bool] = lambda _: False) -> list[str]:
    """French and Spanish question words in ``tokens`` replaced by the engine's English words.

    ``known(word)`` says a word means something as it is (an English word, one of the
    meeting's): it is never taken for a typo of a table word.
    """
    lex = lexicon()
    # Typos are mended only in a question that is plainly French or Spanish already (a word
    # of the tables as typed): in an English one, "presents" is not a typo of "presente".
    words = _table_words()
    theirs = any(len(t) >= 2 and t in words and not known(t) for t in tokens)
    mended = [_mend(t, lex, known) for t in tokens] if theirs else list(tokens)
    out: list[str] = []
    i = 0
    while i < len(mended):
        for size in range(min(lex.longest, len(mended) - i), 0, -1):
            replacement = lex.phrases.get(tuple(mended[i : i + size]))
            if replacement is not None:
                out.extend(replacement)
                i += size
                break
        else:
            word = mended[i]
            out.append(_cognate(word) if theirs and not known(word) else word)
            i += 1
    # "ou" is "or" and, without its accent, "where": a question opening with it asks where.
    if out and out[0] == "ou":
        out[0] = "where"
    return out


@cache
def _table_words() -> frozenset[str]:
    return lexicon().words()


def _mend(word: str, lex: Lexicon, known: Callable[[str], bool]) -> str:
    if len(word) < _TYPO_MIN_LENGTH or not word.isalpha() or word in _table_words() or known(word):
        return word
    best = process.extractOne(word, lex.typo_choices, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF)
    return best[0] if best is not None else word


# Spelling the agendas' English words take in Spanish and French: "migración" and
# "sécurité" mean the agenda's "migration" and "security". Only for a word no table reads,
# in a question that is plainly French or Spanish (see translate): an English "invite" stays.
_COGNATES = (("ciones", "tions"), ("cion", "tion"), ("ite", "ity"))


def _cognate(word: str) -> str:
    for ending, english in _COGNATES:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + english
    return word
