"""Personal reminders asked in French or Spanish, read as the English request the parser knows.

"rappelle-moi 10 minutes avant le point V" and "recuérdame antes de la sesión
de la tarde" become "remind me 10 minutes before item v" and "remind me
before afternoon session" through the answers' lexicon, so
bot/reminders/requests.py stays one grammar. Anything else comes back as typed.
"""

from __future__ import annotations

import re

from bot.answers.lexicon import translate
from bot.answers.normalize import COMMON, LEXICON, fold

_REMIND_ME = re.compile(
    r"^\s*(?:rappel+e[sz]?|pr[eé]vien[sz]|pr[eé]venez|recu[eé]rd[ae]|av[ií]s[ae])[\s-]*(?:moi|me)\b"
    r"|^\s*(?:recu[eé]rdame|recu[eé]rdeme|av[ií]same|av[ií]seme)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")
# Units of a lead time, which the question lexicon reads otherwise ("heure" is "time" there).
_UNITS = {"heure": "hours", "heures": "hours", "hora": "hours", "horas": "hours", "minuto": "minutes",
          "minutos": "minutes", "jour": "days", "jours": "days", "dia": "days", "dias": "days"}
# Words the reminder grammar does without: "before the point V" is "before item V".
_DROPPED = frozenset({"the", "of", "a"})


def english_reminder(text: str) -> str:
    """``text`` as an English "remind me …" when it asks for a reminder in French or Spanish."""
    if not _REMIND_ME.match(text):
        return text
    words = [_UNITS.get(w, w) for w in _WORD.findall(fold(text))]
    english = translate(words, lambda w: w in LEXICON or w in COMMON or w in _UNITS.values())
    return " ".join("item" if w == "point" else w for w in english if w not in _DROPPED)
