"""Month and weekday words in the languages agendas come in, from dateparser's locale data.

One shared vocabulary instead of hand-written lists: dateparser knows the full
names and the usual abbreviations ("Sept", "janv", "mié"). English wins where
two languages spell a word alike ("mar" is March, not the Spanish "martes"),
and words under three letters are left out: "ma", "di" or "lu" are far more
often something else than a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dateparser.languages.loader import default_loader

# English first: it wins every clash. Then the languages a second version of a
# page usually comes in (UN: French, Spanish; venues: German, Italian, Portuguese).
LANGUAGES = ("en", "fr", "es", "de", "it", "pt")
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NAMES = tuple(key.capitalize() for key in _WEEKDAY_KEYS)


@dataclass(frozen=True)
class Word:
    value: int  # month 1-12 or weekday 0-6
    language: str


@dataclass(frozen=True)
class Vocabulary:
    months: dict[str, Word]
    weekdays: dict[str, Word]
    fillers: frozenset[str]  # words dates are written with ("of", "de", "le"): skipped


@cache
def vocabulary() -> Vocabulary:
    months: dict[str, Word] = {}
    weekdays: dict[str, Word] = {}
    fillers: set[str] = set()
    for code in LANGUAGES:
        info = default_loader.get_locale(code).info
        for table, keys in ((months, _MONTH_KEYS), (weekdays, _WEEKDAY_KEYS)):
            for value, key in enumerate(keys, start=1 if table is months else 0):
                words = [w.casefold().rstrip(".") for w in info.get(key, ())]
                full = max(words, key=len, default="")
                for folded in words:
                    if not _kept(folded, full, code) or folded in months or folded in weekdays:
                        continue
                    table[folded] = Word(value, code)
    # Ordinal suffixes ("23rd", "1er") are split from their number by the tokenizer;
    # the rest are the small words dates are written with ("9 de mayo de 2005").
    fillers.update({"st", "nd", "rd", "th", "er", "the", "of", "on", "from", "de", "del", "le"})
    return Vocabulary(months, weekdays, frozenset(fillers))


def _kept(word: str, full: str, language: str) -> bool:
    """English abbreviations are safe; another language's three-letter ones
    ("die", "son", "sex", "mit") are English words far more often than dates."""
    if len(word) < 3:
        return False
    return language == "en" or word == full or len(word) >= 4 or not word.isascii()


def month(word: str) -> Word | None:
    return vocabulary().months.get(word.casefold().rstrip("."))


def weekday(word: str) -> Word | None:
    return vocabulary().weekdays.get(word.casefold().rstrip("."))


def is_filler(word: str) -> bool:
    return word.casefold() in vocabulary().fillers


def month_name(value: int) -> str:
    return _MONTH_KEYS[value - 1].capitalize()
