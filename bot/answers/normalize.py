"""A question as the rules read it: lower case, plain quotes, words split, typos mended.

People type fast in chat: "whats in the aftrenoon sesion", "A / 58 / 98",
"rapporteurs report". Everything after this module sees one spelling, so the
rules can stay simple. Typos are mended only towards words that can matter
for an answer: the meeting's own vocabulary and a small domain lexicon; a word
we already know (or one too short to judge) is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.answers.lexicon import translate
from bot.vocabulary import MONTHS, WEEKDAY_SHORTHANDS, WEEKDAYS
from store.symbols import symbol_spans

# Words the rules themselves look for. A typo is mended towards these as well
# as towards the meeting's words.
LEXICON = frozenset(
    """
    today tomorrow yesterday tonight morning afternoon evening night noon midday midnight
    now next later currently happening upcoming coming moment right
    lunch lunchtime break breaks coffee pause recess
    session sessions agenda programme program schedule timetable item items point points
    document documents paper papers report reports resolution resolutions background link links
    keynote opening closing rapporteur rapporteurs conclusions conclusion panel presentation
    review discussion discussions discuss discussed cover covers covered talk talks speaker speakers
    venue location address place building room rooms hall
    organizer organiser organizers organisers organize organise organized organised organizes
    organises host hosts hosted hosting runs running
    timezone zone purpose about overview goal goals aim aims objective objectives
    start starts started begin begins beginning begun end ends ended finish finishes finished over close closes
    concluded underway left remaining rest
    first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth last final
    one two three four five six seven eight nine ten eleven twelve
    day days week meeting conference workshop forum colloquium symposium seminar congress what when where which who how why long many
    help thanks thank hello please anything something there
    after before following previous comes come
    chairs chairperson cochair cochairs vicechair vicechairs moderator moderators moderates facilitator
    facilitators facilitates presenter presenters presenting panelist panelists panellist panellists
    discussant discussants
    """.split()
) | frozenset(WEEKDAYS) | frozenset(MONTHS)

# Common words that must never be "mended" into a meeting word (their own
# spelling is right; "cover" is not a typo of "covers").
COMMON = frozenset(
    """
    a an the is are was were be been being am do does did done doing have has had having
    i me my we us our you your he she it its they them their this that these those
    what whats when where which who whom whose why how
    in on at to for of from by with about into onto over under up down out off as than then
    and or but not no nor so if also too very just only any all some each every both either
    can could will would shall should may might must let lets get gets got go goes going went
    tell show give find know say said says see look need want like please thanks thank
    there here again more most much many few other another same such own
    time times clock oclock am pm hour hours minute minutes min mins
    item items session day days meeting yes ok okay hi hey hello yo bye good great cool nice
    happen happens happened held hold take takes taking place places planned scheduled
    discuss discussed discussing talk talking about cover covers covering covered mention
    mentioned mentions say says agreed agree conclude concluded recommend recommended
    first last next previous same whole full entire list lists listed
    date dates week weeks month year years hour today tonight early late soon already still yet
    room rooms floor entrance exit toilet toilets restroom map parking hotel taxi train bus airport
    speak speaks speaking speaker speakers slides slide badge badges password wifi network upload
    register registration food dinner breakfast drinks visa passport language languages english
    french spanish russian arabic chinese online zoom stream streaming recording video remote join
    attend participants participant delegates delegate chair chairs moderator presenter question
    questions answer dress code cancel cancelled canceled postponed moved changed change update
    updates latest new old long short big small who whom people person someone anyone everyone
    """.split()
)

STOPWORDS = frozenset(
    """
    a an the is are was were be been being am do does did doing have has had
    i me my we us our you your he she it its they them their this that these those
    what whats when where which who whom why how in on at to for of from by with into onto
    up out as than then and or but not no so if also too very just only any all some each
    can could will would shall should may might must let lets get got go goes going
    tell show give find know see look need want like please there here again more most
    much many other another such own there's
    """.split()
)

# Phrases people use for the words an agenda uses. Applied to the token stream,
# longest first, so "money sent home" reads as "remittances".
PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("money", "sent", "home"): ("remittances",),
    ("money", "transfers"): ("remittances",),
    ("irregular", "migration"): ("undocumented", "migration"),
    ("illegal", "migration"): ("undocumented", "migration"),
    ("irregular", "migrants"): ("undocumented", "migrants"),
    ("illegal", "migrants"): ("undocumented", "migrants"),
    ("sg",): ("secretary", "general"),
    ("sgs",): ("secretary", "general"),
    ("ga",): ("general", "assembly"),
    ("un",): ("united", "nations"),
    ("wrap", "up"): ("closing",),
    ("wrapup",): ("closing",),
    ("time", "zone"): ("timezone",),
    ("tz",): ("timezone",),
    ("programme", "of", "work"): ("agenda",),
    ("organisation", "of", "work"): ("agenda",),
    ("organization", "of", "work"): ("agenda",),
    ("key", "note"): ("keynote",),
    # Chat shorthand, read before typos are mended (they are too short to mend).
    ("tmrw",): ("tomorrow",), ("tmr",): ("tomorrow",), ("tmrow",): ("tomorrow",), ("tmw",): ("tomorrow",),
    ("2moro",): ("tomorrow",), ("2morrow",): ("tomorrow",), ("2mrw",): ("tomorrow",), ("tomoz",): ("tomorrow",),
    ("2day",): ("today",), ("tdy",): ("today",), ("2nite",): ("tonight",), ("tonite",): ("tonight",),
    ("ystrdy",): ("yesterday",), ("yday",): ("yesterday",),
    ("aftn",): ("afternoon",), ("arvo",): ("afternoon",), ("aft",): ("afternoon",), ("pm", "session"): ("afternoon", "session"),
    ("mrng",): ("morning",), ("morn",): ("morning",),
    ("mtg",): ("meeting",), ("mtgs",): ("meetings",), ("rm",): ("room",), ("rms",): ("rooms",),
    ("mod",): ("moderator",), ("mods",): ("moderators",), ("demo",): ("demonstration",),
    ("addr",): ("address",), ("sess",): ("session",), ("sesh",): ("session",),
    ("rn",): ("right", "now"), ("atm",): ("at", "the", "moment"),
    ("pls",): ("please",), ("plz",): ("please",), ("pw",): ("password",), ("pwd",): ("password",),
    ("wen",): ("when",), ("wat",): ("what",), ("wats",): ("what", "is"), ("wot",): ("what",),
    ("whn",): ("when",), ("wer",): ("where",), ("wher",): ("where",),
    ("r",): ("are",), ("u",): ("you",), ("b4",): ("before",), ("nxt",): ("next",),
    **{(short,): (WEEKDAYS[day],) for short, day in WEEKDAY_SHORTHANDS.items()},
    ("dg",): ("director", "general"), ("dgs",): ("director", "general"),
    ("vice", "chair"): ("vicechair",), ("vice", "chairs"): ("vicechairs",), ("vice", "chairperson"): ("vicechair",),
    ("co", "chair"): ("cochair",), ("co", "chairs"): ("cochairs",),
}

# Words of those phrases (both sides) are known as they are: "irregular" is not a
# typo of "regular", nor "undocumented" of "document".
_PHRASE_WORDS = frozenset(w for pair in PHRASES.items() for words in pair for w in words)

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'", "`": "'",
                         "\u2013": "-", "\u2014": "-", "\u2212": "-"})
_CONTRACTION = re.compile(r"\b(what|where|when|who|how|that|there|here|it)'?s\b")
_POSSESSIVE = re.compile(r"(\w)'s\b|(\w)s'(?=\W|$)")
_NOT = re.compile(r"n't\b")
_OCLOCK = re.compile(r"\bo\s*'?\s*clock\b")
_AMPM = re.compile(r"\b(\d{1,2}(?:[:.]\d{2})?)\s*([ap])\.?\s*m\b\.?")
_HOUR_H = re.compile(r"\b(\d{1,2})h(\d{2})?\b")
# Names spelt with digits after a short prefix ("H1N1", "G20", "COP15") stay one word, as
# the agenda's words do.
_TOKEN = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[:.]\d{2}(?!\d)|\d+(?:st|nd|rd|th)?|\([a-z0-9]{1,4}\)"
                    r"|[^\W\d_]{1,3}\d[^\W_]*|[^\W\d_]+")
_ROMAN = re.compile(r"^[ivxlc]+$")
# Shorthand spelt with a digit, which the tokenizer would split ("2moro" -> "2", "moro").
_DIGIT_SHORTHAND = re.compile(r"\b(2moro+w?|2morrow|2mrw|2mro|2day|2nite|b4)\b")
_DIGIT_WORDS = {"2day": "today", "2nite": "tonight", "b4": "before"}


def _english(word: str) -> bool:
    return word in LEXICON or word in COMMON


@dataclass(frozen=True)
class Query:
    """A question read once: what the rules match against."""

    raw: str
    tokens: tuple[str, ...]
    symbols: tuple[str, ...] = ()
    corrections: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    def has(self, *words: str) -> bool:
        """Any of these words (or space-separated phrases) among the tokens."""
        padded = f" {self.text} "
        return any(f" {w} " in padded for w in words)


def fold(text: str) -> str:
    """Lower case, plain quotes and dashes, no accents: one spelling to compare
    ("séance", "seance" and "SÉANCE" are one word, in a question as in an agenda)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def words_of(text: str) -> list[str]:
    """The lower-case words of a title or body, split at hyphens and slashes."""
    return re.findall(r"[^\W_]+", fold(text).replace("'s", ""))


def _apply_phrases(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    longest = max(len(k) for k in PHRASES)
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            replacement = PHRASES.get(tuple(tokens[i : i + size]))
            if replacement is not None:
                out.extend(replacement)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


class Corrector:
    """Mends typos towards a known vocabulary; remembers what it decided.

    Built once per meeting (the vocabulary is the meeting's words plus the
    lexicon), so a question costs a dictionary look-up per word and a fuzzy
    search only for the words it has never seen.
    """

    def __init__(self, vocabulary: Iterable[str], extra: Iterable[str] = ()) -> None:
        vocabulary = frozenset(vocabulary)
        extra = frozenset(extra)
        self.known = vocabulary | extra | LEXICON | COMMON | _PHRASE_WORDS
        # Mend towards the agenda's words first; the words of document bodies
        # only when nothing on the agenda is close (they are many and noisy).
        self._choices = sorted(w for w in vocabulary | LEXICON if len(w) >= 4 and w.isalpha())
        self._extra = sorted(w for w in extra if len(w) >= 4 and w.isalpha())
        self._memo: dict[str, str] = {}

    def mend(self, word: str) -> str:
        if word in self.known or len(word) < 4 or not word.isalpha() or _ROMAN.match(word):
            return word
        cached = self._memo.get(word)
        if cached is not None:
            return cached
        fixed = self._closest(word, self._choices) or self._closest(word, self._extra) or word
        if len(self._memo) < 4096:  # bounded: questions are open-ended
            self._memo[word] = fixed
        return fixed

    @staticmethod
    def _closest(word: str, choices: list[str]) -> str | None:
        # Short words need a closer match: one slip in four letters is a lot.
        cutoff = 80 if len(word) >= 5 else 75
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is None:
            return None
        candidate = best[0]
        if len(word) < 5 and candidate[0] != word[0]:
            return None
        return candidate


def normalize(question: str, corrector: Corrector | None = None) -> Query:
    """Read ``question`` into a :class:`Query`: symbols apart, words split and mended."""
    raw = question or ""
    # Symbols are taken out first: their digits and slashes are not times or items.
    spans = symbol_spans(raw)
    symbols = tuple(dict.fromkeys(symbol for _, _, symbol in spans))
    text = unicodedata.normalize("NFKC", raw)
    for start, end, _ in reversed(spans):
        text = text[:start] + " " + text[end:]
    text = fold(text)
    text = _DIGIT_SHORTHAND.sub(lambda m: _DIGIT_WORDS.get(m.group(1), "tomorrow"), text)
    text = _CONTRACTION.sub(r"\1 is", text)
    text = _NOT.sub(" not", text)
    text = _OCLOCK.sub(" oclock", text)
    text = _AMPM.sub(lambda m: f"{m.group(1)} {m.group(2)}m", text)
    text = _HOUR_H.sub(lambda m: f"{m.group(1)}:{m.group(2) or '00'}", text)
    text = _POSSESSIVE.sub(lambda m: (m.group(1) or m.group(2) + "s"), text)
    tokens = _TOKEN.findall(text)
    tokens = [t.replace(".", ":") if re.fullmatch(r"\d{1,2}\.\d{2}", t) else t for t in tokens]
    # French and Spanish question words become the rules' English ones (bot/answers/lexicon).
    tokens = translate(tokens, corrector.known.__contains__ if corrector is not None else _english)
    tokens = _apply_phrases(tokens)
    corrections: dict[str, str] = {}
    if corrector is not None:
        mended = []
        for t in tokens:
            fixed = corrector.mend(t)
            if fixed != t:
                corrections[t] = fixed
            mended.append(fixed)
        tokens = mended
    tokens = _apply_phrases(tokens)
    return Query(raw=raw, tokens=tuple(tokens), symbols=symbols, corrections=corrections)


_SUFFIXES = (
    ("ational", "ate"), ("ization", "ize"), ("isation", "ize"), ("ations", "ate"), ("ation", "ate"),
    ("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"),
    ("ions", ""), ("ion", ""), ("ers", "er"), ("ed", ""), ("es", "e"), ("s", ""),
)


_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")


def stem(word: str) -> str:
    """A light stemmer: enough that "discussion", "discuss" and "discussed" meet.

    Not linguistics; it only has to treat the question and the agenda alike.
    """
    if _ORDINAL.match(word):
        return word.rstrip("stndrh")  # "51st" and a misspelt "51th" are the same meeting
    if len(word) <= 4 or not word.isalpha():
        return word
    if word.endswith("ss"):
        return word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word
