"""How the index weighs a text: its stems (with hyphenated words also joined: "Wi-Fi" is
"wifi"), its word pairs, its sentences, and the acronyms of a title ("PFA" for the
"Programme, Financial and Administrative Section")."""

from __future__ import annotations

import re

from bot.answers.normalize import STOPWORDS, stem, words_of
from store.search import PASSAGE_MAX_WORDS

# Trailing nouns an acronym leaves out: the "PFA section" is the "Programme, Financial and
# Administrative Section".
_GENERIC_TAIL = frozenset("section sections session sessions segment committee group meeting panel".split())
_HYPHENATED = re.compile(r"\b([A-Za-z]{1,12})-([A-Za-z]{1,12})\b")


def acronyms(title: str) -> str:
    """The acronyms a title may be called by, as words: "pfa pfas" (three letters or more)."""
    words = [w for w in words_of(title) if w not in STOPWORDS and w.isalpha()]
    out = []
    if len(words) >= 3:
        out.append("".join(w[0] for w in words))
    short = words[:-1] if words and words[-1] in _GENERIC_TAIL else []
    if len(short) >= 3:
        out.append("".join(w[0] for w in short))
    return " ".join(out)


# Words of French and Spanish agendas with the English a participant asks in ("when is the
# closing dinner?" of a "Dîner de clôture"): weighed as aliases of a title, a little less surely.
_GLOSSES = (
    (r"d[iî]ner|cena", "dinner"), (r"d[ée]jeuner|almuerzo", "lunch"), (r"cl[ôo]ture|clausura", "closing"),
    (r"ouverture|apertura|inauguraci[óo]n", "opening"), (r"accueil|bienvenida", "welcome"),
    (r"pause|descanso", "break"), (r"caf[ée]", "coffee"), (r"visite|visita", "visit"), (r"mus[ée]e|museo", "museum"),
    (r"s[ée]ance|sesi[óo]n", "session"), (r"atelier|taller", "workshop"), (r"table ronde|mesa redonda", "roundtable"),
    (r"pl[ée]ni[èe]re|plenaria", "plenary"), (r"soir[ée]e|noche", "evening"), (r"c[óo]ctel|cocktail", "reception"),
    (r"bio|biol[óo]gico|org[áa]nico", "organic"), (r"restauration|restauraci[óo]n", "catering"),
    (r"charte|carta", "charter"), (r"ruralidad|rural", "rural"), (r"mesas? de trabajo", "working table group"),
    (r"conf[ée]rence|conferencia|ponencia", "talk lecture"), (r"conclusiones", "conclusions"),
)
# Plurals too ("Ateliers", "talleres", "ruralidades").
_GLOSSES_PLURAL = tuple((f"(?:{pattern})(?:e?s)?", word) for pattern, word in _GLOSSES)
_GLOSS = re.compile(r"(?<!\w)(" + "|".join(f"(?:{p})" for p, _ in _GLOSSES_PLURAL) + r")(?!\w)", re.IGNORECASE)
_ENGLISH = [(re.compile(f"^(?:{pattern})$", re.IGNORECASE), word) for pattern, word in _GLOSSES_PLURAL]


def glosses(title: str) -> str:
    """The English words for the French and Spanish agenda words of a title, as one text."""
    found = [m.group(0) for m in _GLOSS.finditer(title)]
    return " ".join(next(word for rx, word in _ENGLISH if rx.match(f)) for f in found)


def text_words(text: str) -> list[str]:
    """A text's words, hyphenated ones also joined ("Wi-Fi": "wi", "fi", "wifi")."""
    return words_of(text) + words_of(_joined(text))


def _joined(text: str) -> str:
    """Hyphenated words joined, as people type them in a chat: "Wi-Fi" -> "WiFi"."""
    return " ".join(a + b for a, b in _HYPHENATED.findall(text))


def weigh(fields: list[tuple[str, float]]) -> tuple[dict[str, float], frozenset[tuple[str, str]]]:
    weights: dict[str, float] = {}
    bigrams: set[tuple[str, str]] = set()
    for text, weight in fields:
        stems = [stem(w) for w in words_of(text) if w not in STOPWORDS]
        for s in stems + [stem(w) for w in words_of(_joined(text))]:
            if weights.get(s, 0.0) < weight:
                weights[s] = weight
        bigrams.update(zip(stems, stems[1:], strict=False))
    return weights, frozenset(bigrams)


def sentences(body: str) -> list[tuple[str, int | None]]:
    """A body split into sentences, each with its page when the text has page breaks.

    A "sentence" is at most PASSAGE_MAX_WORDS words, as the store's passages
    are: a text without full stops (a table, a list, a scanned page) would
    otherwise be one sentence and be quoted whole.
    """
    pages = body.split("\f")
    paged = len(pages) > 1
    out: list[tuple[str, int | None]] = []
    for number, page in enumerate(pages, start=1):
        flat = re.sub(r"\s+", " ", page).strip()
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(])", flat):
            words = sentence.split(" ")
            for start in range(0, len(words), PASSAGE_MAX_WORDS):
                piece = " ".join(words[start : start + PASSAGE_MAX_WORDS])
                if len(piece) > 20:
                    out.append((piece, number if paged else None))
    return out
