"""The meeting's words, read one way everywhere: days, clock times, item numbers, mentions.

Answers, reminder requests, organizer edits, rapporteur's notes and the
``/agenda`` grammar all name days ("thu", "tomorrow", "16 October"), times
("15h30", "3:30 pm", "noon") and items ("item 5" is item V). They read them
here, so that a word means the same thing whichever way it was typed in.
Plain functions on strings and values: no Slack, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from store.numerals import number_value, same_number
from store.values import Item, Meeting

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
)
# Weekdays as chat shortens them, for a reader that sees one word at a time (the answers'
# normalizer); "sat" and "sun" are English words first, so they are left out.
WEEKDAY_SHORTHANDS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4}
# Day references relative to today, longest first so "the day after tomorrow" wins over "tomorrow".
RELATIVE_DAYS = (
    ("the day after tomorrow", 2), ("day after tomorrow", 2), ("the day before yesterday", -2),
    ("today", 0), ("tonight", 0), ("tomorrow", 1), ("yesterday", -1),
)
NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}
ITEM_WORDS = ("item", "agenda-item", "point", "no.", "no", "nr", "#")

_CLOCK = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?\s*(?P<suffix>am|pm|a\.m\.?|p\.m\.?|h|o'?clock)?$", re.IGNORECASE
)
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
# One word naming a person: Slack's "<@U123|ana>", or "@U123" as plain text leaves a mention.
_USER_WORD = re.compile(r"^(?:<@|@)([UW][A-Z0-9]{2,})(?:\|[^>]*)?>?$")


# --- days ---------------------------------------------------------------------------------


def weekday_number(word: str) -> int | None:
    """``thu``, ``Thurs.``, ``thursday`` -> 3 (Monday is 0); None for anything else."""
    word = word.lower().strip(".,;:!?")
    if len(word) < 3:
        return None
    return next((i for i, name in enumerate(WEEKDAYS) if name.startswith(word)), None)


def month_number(word: str) -> int | None:
    """``oct``, ``Sept.``, ``october`` -> 10; None for anything else."""
    word = word.lower().strip(".,;:!?")
    if len(word) < 3:
        return None
    return next((i for i, name in enumerate(MONTHS, start=1) if name.startswith(word)), None)


@dataclass(frozen=True)
class DayRef:
    """A day as typed: days from today, a weekday (0 = Monday) or a date (year optional)."""

    text: str = ""
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    offset: int | None = None

    def resolve(self, dates: Sequence[date], today: date | None, default_year: int) -> date | None:
        """The date meant, among a meeting's ``dates``: a weekday is the next such meeting day
        from ``today`` (the first when none is left, or with no today); None when it names
        no date at all (31 February, "tomorrow" with no today)."""
        if self.offset is not None:
            return today + timedelta(days=self.offset) if today is not None else None
        if self.weekday is not None:
            matching = [d for d in sorted(dates) if d.weekday() == self.weekday]
            later = [d for d in matching if today is None or d >= today]
            if later or matching:
                return (later or matching)[0]
            if today is None:
                return None
            return today + timedelta(days=(self.weekday - today.weekday()) % 7)
        if self.month is None or self.day is None:
            return None
        try:
            return date(self.year or default_year, self.month, self.day)
        except ValueError:
            return None


def parse_day(text: str, *, relative: bool = True) -> DayRef | None:
    """``today``, ``tomorrow``, ``the day after tomorrow`` (when ``relative``), ``thursday``/``thu``,
    ``2003-10-16``, ``16 October [2003]``, ``Oct 16``, ``on Thursday 16 October``; None otherwise."""
    folded = " ".join(text.lower().replace(",", " ").split())
    if relative:
        for phrase, offset in RELATIVE_DAYS:
            if folded == phrase:
                return DayRef(text, offset=offset)
    words = [w for w in folded.split() if w not in ("on", "the")]
    if len(words) > 1 and weekday_number(words[0]) is not None:
        words = words[1:]  # "Thursday 16 October": the date says it all
    if len(words) == 1:
        weekday = weekday_number(words[0])
        if weekday is not None:
            return DayRef(text, weekday=weekday)
        try:
            d = date.fromisoformat(words[0])
        except ValueError:
            return None
        return DayRef(text, month=d.month, day=d.day, year=d.year)
    if len(words) in (2, 3):
        year = None
        if len(words) == 3:
            if not (words[2].isdigit() and len(words[2]) == 4):
                return None
            year = int(words[2])
        first, second = _ordinal(words[0].rstrip(".")), _ordinal(words[1].rstrip("."))
        if first.isdigit() and month_number(second):
            return DayRef(text, month=month_number(second), day=int(first), year=year)
        if second.isdigit() and month_number(first):
            return DayRef(text, month=month_number(first), day=int(second), year=year)
    return None


def _ordinal(word: str) -> str:
    """``16th`` -> ``16``."""
    return word[:-2] if word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th") else word


def weekday_in(words: Sequence[str]) -> tuple[int, int] | None:
    """The first weekday among ``words`` (inside a longer phrase, so only whole names and
    the usual shorthands: "sun" in a title is more likely the sun): (its position, its number)."""
    for position, word in enumerate(words):
        word = word.lower().strip(".,;:!?")
        if word in WEEKDAYS:
            return position, WEEKDAYS.index(word)
        if word in WEEKDAY_SHORTHANDS:
            return position, WEEKDAY_SHORTHANDS[word]
    return None


# --- clock times --------------------------------------------------------------------------


def parse_clock(text: str, *, bare_hour: bool = False) -> time | None:
    """``15:30``, ``9.05``, ``3pm``, ``3:30 p.m.``, ``15h``, ``15h30``, ``3 o'clock``, ``noon``.

    A bare ``15`` is more likely an item number than a time: it is an hour only
    when ``bare_hour`` says the words around it made that clear ("at 15").
    """
    text = text.strip().lower()
    if text in NAMED_TIMES:
        return NAMED_TIMES[text]
    m = _CLOCK.match(text.replace("oclock", "o'clock"))
    if not m:
        return None
    hour, minute = int(m.group("h")), int(m.group("m") or 0)
    suffix = (m.group("suffix") or "").replace(".", "")
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif m.group("m") is None and not suffix and not bare_hour:
        return None
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


# --- items --------------------------------------------------------------------------------


# Numbers people spell out, in questions ("item five", "the third session"): one table for
# the answers engine and every command.
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}


def item_number(text: str) -> str | None:
    """``item V``, ``item 5``, ``item five``, ``no. 5``, ``#5``, ``V``, ``5`` -> the number as typed
    (a number word as its digits); None when the words are not an item number (a title, say).
    After "item", any word is a number ("item 4a")."""
    words = text.strip().strip("?!").split()
    if len(words) == 2 and words[0].lower() in ITEM_WORDS:
        typed = words[1].strip(".:#")
        spelled = NUMBER_WORDS.get(typed.lower())
        return str(spelled) if spelled is not None else typed or None
    if len(words) == 1 and number_value(words[0].strip(".:#")) is not None:
        return words[0].strip(".:#")
    return None


def items_numbered(meeting: Meeting, number: str, first: Iterable[Item] = ()) -> list[Item]:
    """The items numbered ``number`` ("item 5" is item V: store.numerals says how), those of
    ``first`` (a session being discussed) ahead of the rest."""
    seen: list[Item] = []
    for item in [*first, *(i for _, i in meeting.items())]:
        if item.number and (item.number.casefold() == number.casefold() or same_number(item.number, number)):
            if item not in seen:
                seen.append(item)
    return seen


def find_item(meeting: Meeting, text: str, first: Iterable[Item] = ()) -> Item | None:
    """The item ``text`` names by number (``item V``, ``item 5``, ``5``); None when it names none."""
    number = item_number(text)
    if number is None:
        return None
    found = items_numbered(meeting, number, first)
    return found[0] if found else None


# --- mentions -----------------------------------------------------------------------------


def mentioned_users(text: str) -> list[str]:
    """The user ids of Slack's ``<@U123>``/``<@U123|ana>`` mentions in ``text``, in order."""
    return _MENTION.findall(text)


def replace_mentions(
    text: str, name: Callable[[str], str] = lambda user: f"@{user}", *, drop: str | None = None
) -> str:
    """Slack's mentions rewritten as ``name(user id)`` (``@U123`` by default), the user ``drop``
    (the bot itself, in a question) removed."""
    def one(match: re.Match[str]) -> str:
        user = match.group(1)
        return "" if user == drop else name(user)

    return _MENTION.sub(one, text)


def user_word(word: str) -> str | None:
    """The user id when ``word`` is one person (``<@U123|ana>``, ``@U123``); None otherwise."""
    match = _USER_WORD.match(word.strip())
    return match.group(1) if match else None


# --- /agenda in French and Spanish (issue 17) ---------------------------------------------

# The subcommand words people type in French and Spanish -> the English words of the grammar.
COMMAND_WORDS = {
    "aide": "help", "ayuda": "help",
    "maintenant": "now", "ahora": "now",
    "suivant": "next", "ensuite": "next", "siguiente": "next", "despues": "next",
    "point": "item", "tema": "item", "punto": "item",
    "documents": "docs", "documentos": "docs",
    "chercher": "search", "recherche": "search", "buscar": "search", "busca": "search",
    "question": "ask", "demande": "ask", "pregunta": "ask", "preguntar": "ask",
}
# Day words, for "/agenda demain", "/agenda jeudi 16 octobre", "/agenda 16 de octubre".
DAY_WORDS = {
    "aujourd'hui": "today", "aujourdhui": "today", "hoy": "today",
    "demain": "tomorrow", "manana": "tomorrow", "hier": "yesterday", "ayer": "yesterday",
    "apres-demain": "day after tomorrow", "pasado": "day after",
    **dict(zip(("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"), WEEKDAYS, strict=True)),
    **dict(zip(("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"), WEEKDAYS, strict=True)),
    **dict(zip(("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
                "octobre", "novembre", "decembre"), MONTHS, strict=True)),
    **dict(zip(("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                "octubre", "noviembre", "diciembre"), MONTHS, strict=True)),
}
# Little words of a French or Spanish date that English leaves out ("16 de octubre", "le 16").
_DATE_FILLERS = frozenset({"de", "del", "le", "el"})


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def english_command(text: str) -> str:
    """``/agenda`` typed in French or Spanish, in the grammar's English words: ``aide`` ->
    ``help``, ``jeudi 16 octobre`` -> ``thursday 16 october``, ``mañana`` -> ``tomorrow``.
    An English command, or a question, comes back as it was."""
    words = text.split()
    if not words:
        return text
    head = _plain(words[0])
    if head in COMMAND_WORDS:
        return " ".join([COMMAND_WORDS[head], *words[1:]])
    if head in DAY_WORDS or head.isdigit():
        plain = [_plain(w) for w in words]
        if not all(w in DAY_WORDS or w in _DATE_FILLERS or w.isdigit() for w in plain):
            return text  # "demain matin ?" is a question, for the answers engine
        return " ".join(DAY_WORDS.get(w, w) for w in plain if w not in _DATE_FILLERS)
    return text
