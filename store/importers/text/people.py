"""People and rooms as data: "Chair: Ms. A, Kenya", "Panelists: X (UNDP), Y (ILO)",
"Opening remarks – Dr. X, FAO", "Room XIX", "Malaysia Room (B-227)", "Saal 1". Each
function reads one cleaned line or title; the assembler decides where it belongs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.importers.text import vocabulary
from store.importers.text.rooms import parse_room
from store.values import Person, Role

# Role words in English, French and Spanish (issue 17: agendas published in
# those languages name their people the same way).
_ROLE_WORDS: tuple[tuple[str, Role], ...] = (
    (r"co-?chair(?:s|person|persons|man|woman)?|co-?pr\u00e9sident(?:e|s|es)?|copresident(?:e|es)?",
     Role.CO_CHAIR),
    (r"vice-?chair(?:s|person|persons|man|woman)?|vice-?pr\u00e9sident(?:e|s|es)?|vicepresident(?:e|es)?",
     Role.VICE_CHAIR),
    (r"chair(?:s|person|persons|man|woman)?|chaired by|presiding|president|pr\u00e9sident(?:e|s|es)?"
     r"|pr\u00e9sid\u00e9 par|presidente|presidido por|presidida por", Role.CHAIR),
    (r"moderat(?:or|ors|ed by)|mod\u00e9rat(?:eur|eurs|rice|rices)|mod\u00e9r\u00e9 par"
     r"|moderador(?:a|es|as)?|moderado por", Role.MODERATOR),
    (r"facilitat(?:or|ors|ed by)|animat(?:eur|eurs|rice|rices|ion)|anim\u00e9 par"
     r"|facilitador(?:a|es|as)?", Role.FACILITATOR),
    (r"keynote(?: speakers?| address(?: by)?)?|conf\u00e9rence inaugurale|conferencia magistral",
     Role.KEYNOTE),
    (r"panel+ists?|panélistes?|panelistas?", Role.PANELIST),
    (r"discussants?|discutants?|comentaristas?", Role.DISCUSSANT),
    (r"presenters?|presented by|pr\u00e9sent\u00e9 par|presentado por", Role.PRESENTER),
    (r"speakers?|resource persons?|intervenant(?:e|s|es)?(?: et t\u00e9moignages)?"
     r"|orat(?:eur|eurs|rice|rices)|ponentes?|oradora?s?|oradores|expositor(?:a|es|as)?",
     Role.SPEAKER),
    (r"rapporteurs?|relator(?:a|es|as)?", Role.RAPPORTEUR),
    (r"responsables?|coordinat(?:or|ors|eur|eurs|rice|rices)|coordinador(?:a|es|as)?"
     r"|encargad[oa]s?", Role.OTHER),
)
_ROLE_LINE = re.compile(  # "Conference Moderator: X", "Session Chair - Y" too
    r"(?:[A-Z][a-z]+\s+)??("
    + "|".join(pattern for pattern, _ in _ROLE_WORDS)
    + r")\s*(?::|\s[-\u2013\u2014]|\s*\u2013)\s*(.+)",
    re.IGNORECASE,
)
_ROLE_TAIL = re.compile(
    r"(?:\s*:|\s+[\u2013\u2014-])\s+(?=(?:"
    + "|".join(pattern for pattern, _ in _ROLE_WORDS)
    + r")\s*(?::|\s[-\u2013\u2014]))",
    re.IGNORECASE,
)
# "Opening statement: Mr. X": a speaking part as a label, only before a colon and an
# honorific ("Opening remarks – Dr. X" is a row's title with its speaker).
_STATEMENT_LINE = re.compile(
    r"((?:opening|closing|welcome|welcoming|introductory|concluding)\s+"
    r"(?:statements?|remarks|address(?:es)?))\s*:\s*(.+)",
    re.IGNORECASE,
)
_BY_LINE = re.compile(
    r"(chaired by|moderated by|facilitated by|presented by)\s+(.+)", re.IGNORECASE
)
_HONORIFIC_WORDS = (
    r"(?:(?:His|Her|Their)\s+Excellency|H\.\s?E\.?|Dr|Mr|Mrs|Ms|Mme|Mlle|Prof|Professor|Hon|Amb"
    r"|Ambassador|Sir|Dame|Judge|Minister|Rev|Reverend|Father|Pastor|Rabbi|Imam|Bishop|Senator"
    r"|Mayor|Clerk|Council(?:l?or|member|woman|man)|Alderman|Commissioner"
    r"|Dra|Sr|Sra|Srta|Under-?[Ss]ecretary)"
)
# "Mr. X", "Mr X" and "Mr.X" (a copy that lost the space).
HONORIFIC = re.compile(_HONORIFIC_WORDS + r"(?:\.?\s+|\.)(?=[^\W\d_])(?!of\b|for\b|and\b)")
_HONORIFICS = re.compile(r"(?:" + _HONORIFIC_WORDS + r"(?:\.?\s+|\.(?=[A-Z])))+")
_PERSON_SPLIT = re.compile(r"\s*;\s*|\s+and\s+|\s*&\s*")
_PAREN_AFFILIATION = re.compile(r"(.+?)\s*\(([^()]{1,160})\)\s*$")
# "Neville Holder (Assistant Secretary General) Caricom": a function, then the affiliation.
_PAREN_THEN_BODY = re.compile(r"(.+?)\s*\(([^()]{1,160})\)\s+([A-Z][^()]{1,60})")


def role_of(word: str) -> Role:
    for pattern, role in _ROLE_WORDS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return role
    return Role.OTHER


@dataclass(frozen=True)
class RoleLine:
    role: Role
    people: tuple[Person, ...]


def parse_role_line(text: str) -> RoleLine | None:
    """ "Chair: Ms. A, Kenya", "Moderator – Mr. B (UNDP)", "Chaired by Dr. C"."""
    m = _ROLE_LINE.fullmatch(text) or _BY_LINE.fullmatch(text)
    if not m:
        said = _STATEMENT_LINE.fullmatch(text)
        if said is None or not HONORIFIC.match(said.group(2)):
            return None
        # "Opening statement: Mr. X, Director ...": who speaks, by what they say.
        people = parse_people(said.group(2), Role.SPEAKER)
        return RoleLine(Role.SPEAKER, people) if people else None
    role = role_of(m.group(1).strip())
    people = parse_people(m.group(2), role)
    return RoleLine(role, people) if people else None


def parse_people(text: str, role: Role) -> tuple[Person, ...]:
    """ "X (UNDP), Y (ILO)" or "Ms. A, Kenya" or "A; B, FAO" as people with that role."""
    text = text.strip().rstrip(".;")
    if not text or len(text) > 400:
        return ()
    if "(" in text:
        parts = [p for p in _AFTER_BRACKET.split(text) if p.strip()]
        parts = [p if p.endswith(")") or "(" not in p else p + ")" for p in parts]
    elif ";" in text:
        parts = _PERSON_SPLIT.split(text)
    elif _AND.search(text):
        parts = _split_on_and(_AND.sub(" and ", text))
        people = [_person(part, role) for part in parts]
        # "Keynote: A Resilient Internet for a Shared, Sustainable and Common Future":
        # a title with "and" in it, not two people, when one side names nobody.
        return tuple(p for p in people if p is not None) if None not in people else ()
    else:
        parts = [text]
    people = [_person(part, role) for part in parts]
    return tuple(p for p in people if p is not None)


# Words a job title starts with: "Director of Public Affairs, OECD" is a job at the OECD.
_JOB_TITLE = re.compile(
    r"(?:(?:deputy|assistant|vice|senior|acting|associate|executive|principal|chief|head|director"
    r"|secretary|under-secretary|minister|president|chair(?:man|woman|person)?|professor|manager"
    r"|officer|advis[eo]r|coordinator|co-ordinator|counsell?or|economist|analyst|sherpa|editor"
    r"|founder|co-founder|ceo|cto|lead|team leader|programme|program|project)\b)",
    re.IGNORECASE,
)


def affiliation_of(parts: list[str]) -> str:
    """What follows a name, as its affiliation: "Director of Public Affairs, OECD" is
    someone of the OECD; the job title (and its "for the Director-General") before the
    organisation is no affiliation. A job alone, or before a country, stays."""
    parts = [p.strip() for p in parts if p.strip()]
    while len(parts) > 1 and (_JOB_TITLE.match(parts[0]) or parts[0][:1].islower()):
        parts = parts[1:]
    return ", ".join(parts)


# Where one "Name (Body)" ends and the next begins: a comma, "and" (or "et", "y"),
# or nothing at all before a capital ("... (SRAL) Yannick Le Goff (DRAAF)").
_AFTER_BRACKET = re.compile(r"\)\s*(?:[,;]\s*|(?:and|et|y)\s+|(?=[A-Z\u00c0-\u00de]))")
# "and" in French and Spanish too: "Animation : A et B", "Ponentes: A y B".
_AND = re.compile(r" (?:and|et|y) (?=[A-Z\u00c0-\u00de])")


def _split_on_and(text: str) -> list[str]:
    """ "A and B": two people; but in "Andrew Gilmour, Director of Public Affairs and
    Communications, OECD" the "and" is inside one person's job title. An "and" after a
    comma splits only where a name (two capitalised words, or an honorific) follows."""
    parts: list[str] = []
    rest = text
    while True:
        head, sep, tail = rest.partition(" and ")
        if not sep:
            parts.append(head)
            return parts
        if "," in head and not re.match(
            _HONORIFIC_WORDS + r"\.?\s|[A-Z][\w'-]+\s+[A-Z][\w'-]+(?:\s*[,(]|$)", tail
        ):
            parts.append(f"{head} and {tail}")  # the "and" is inside this person's text
            return parts
        parts.append(head)
        rest = tail


def _person(text: str, role: Role) -> Person | None:
    text = text.strip(" ,;")
    m = _PAREN_AFFILIATION.fullmatch(text)
    if m:
        name, affiliation = m.group(1).strip(" ,"), m.group(2).strip()
    elif "," in text:
        name, *after = (part.strip() for part in text.split(","))
        affiliation = affiliation_of(after)
    else:
        name, affiliation = text, ""
    name = strip_honorifics(name)
    if not name or not any(ch.isalpha() for ch in name) or len(name.split()) > 8:
        return None
    if not _looks_like_name(name):
        return None  # "Keynote: Data for adaptation" names a talk, not a person
    return Person(name=name, role=role, affiliation=affiliation)


_PARTICLES = frozenset(
    "de da das do dos di du van von der den del della la le bin ibn al el y e".split()
)


def _looks_like_name(name: str) -> bool:
    """Every word capitalised but the particles ("Ramon A. de Rueda"), or one word ("X")."""
    words = [w for w in re.split(r"[\s]+", name) if any(ch.isalpha() for ch in w)]
    return all(w[0].isupper() or not w[0].isalpha() or w.casefold() in _PARTICLES for w in words)


def strip_honorifics(name: str) -> str:
    """ "H.E. Mr. Gavril Lupu" -> "Gavril Lupu": the title is how to address them, not who."""
    m = _HONORIFICS.match(name + " ")
    return name[m.end() :].strip() if m and m.end() <= len(name) else name.strip()


_SUFFIX = re.compile(r"(.+?,\s*(?:Jr|Sr|III|II)\.?)(?:,\s*(.*))?$")


def parse_person_line(text: str, role: Role = Role.SPEAKER) -> Person | None:
    """A line that starts with how to address someone: "H.E. Ms. A. Diallo, Deputy
    Secretary-General", "His Excellency Tomas E. Remenges, Jr., President"."""
    if not HONORIFIC.match(text + " ") or len(text.split()) > 40:
        return None
    body = text.strip().rstrip(",;")
    suffixed = _SUFFIX.match(body)
    if suffixed:
        name, affiliation = suffixed.group(1), suffixed.group(2) or ""
    else:
        m = _PAREN_AFFILIATION.fullmatch(body) or _PAREN_THEN_BODY.fullmatch(body)
        if m and "," not in m.group(1):
            name, affiliation = m.group(1), m.group(m.lastindex or 2)
        else:
            parts = re.split(r",\s*|\s+[-\u2013\u2014]\s+", body, maxsplit=1)
            name, affiliation = parts[0], parts[1] if len(parts) > 1 else ""
    name = strip_honorifics(name.strip())
    if not name or len(name.split()) > 8:
        return None
    return Person(name=name, role=role, affiliation=affiliation.strip(" ,;"))


_SPEAKER_AT = re.compile(
    r"(?:\s+(?:by\s+|[-\u2013\u2014]+\s+(?:by\s+)?)|:\s+)(?=" + _HONORIFIC_WORDS + r"(?:\.?\s+|\.)[A-Z])"
)
# Where the next of several people starts: "Mr A (X) Mr B (Y)", "Mr A Mr.B".
_NEXT_PERSON = re.compile(
    r"(?<=\))\s*(?:(?:and|et|y)\s+)?(?=" + _HONORIFIC_WORDS + r"(?:\.?\s|\.[A-Z]))"
    r"|\s+(?=(?:Mr|Mrs|Ms|Dr|Prof|Amb)(?:\.?\s|\.[A-Z]))"
)


def split_role_tail(title: str) -> tuple[str, tuple[Person, ...]]:
    """ "espace foire : Responsable : A. Ndour", "Working lunch - Chair: Dr. X": the
    people a role word names after the title, split from it."""
    for m in _ROLE_TAIL.finditer(title[:300]):
        found = parse_role_line(title[m.end() :].strip())
        if found is not None and m.start() > 0:
            return title[: m.start()].rstrip(), found.people
    return title, ()


_TRAILING_AND = re.compile(r"\s*(?:,|;|\band|\bet|\by)\s*$")


def split_speaker(title: str) -> tuple[str, tuple[Person, ...]]:
    """ "Opening remarks – Dr. X, FAO" -> ("Opening remarks", (X of FAO,)); also
    "Special Lecture by Dr. Y - President of Saga University".

    Only a name with an honorific after the dash or "by" is a speaker:
    "Session 2 - Policies" keeps its title.
    """
    m = _SPEAKER_AT.search(title[:300])
    if not m or m.start() == 0:
        return title, ()
    before = title[: m.start()]
    role = Role.KEYNOTE if re.search(r"\bkeynote\b", before, re.IGNORECASE) else Role.SPEAKER
    # "introduced by Mr Stefan Vigier (UNMAS) Mr Bill Howe (HI)": one person per honorific.
    parts: list[str] = []
    for part in (p for p in _NEXT_PERSON.split(title[m.end() :]) if p.strip()):
        if parts and _HONORIFICS.fullmatch(parts[-1].strip() + " "):
            parts[-1] = f"{parts[-1].strip()} {part}"  # "H.E." then "Ms. Anna Berg": one person
        else:
            parts.append(part)
    # "Dr A (WHO) and Mr B (UNICEF)": the "and" before the next honorific joins them
    people = [parse_person_line(_TRAILING_AND.sub("", part.strip()), role) for part in parts]
    if not people or any(p is None for p in people):
        return title, ()
    return title[: m.start()].strip(" -\u2013\u2014,;:"), tuple(p for p in people if p is not None)


_ROLE_HEADING = re.compile(
    r"(" + "|".join(pattern for pattern, _ in _ROLE_WORDS) + r")(?:\s+(?:address|speech))?\s*:?",
    re.IGNORECASE,
)


_ROLE_LABEL = re.compile(
    r"(?:" + "|".join(pattern for pattern, _ in _ROLE_WORDS) + r")\s*:", re.IGNORECASE
)


def starts_with_role(text: str) -> bool:
    """ "Chair: ...", "Intervenants : ...": a line led by a role label, whatever follows."""
    return _ROLE_LABEL.match(text) is not None


def role_heading(text: str) -> Role | None:
    """A line that names a role for the people on the lines after it:
    "Keynote address", "Panelists:"."""
    m = _ROLE_HEADING.fullmatch(text.strip())
    return role_of(m.group(1)) if m else None


_TRAILING_PARENS = re.compile(r"(.+?)\s*\(([^()]{2,120})\)\s*$")
# "(Contessa B)", "(Salon 3)": a bracketed name and a letter or number closing a row
# is the room it is held in, unless the word numbers a sequence ("(Part 2)").
_ROOM_DESIGNATOR = re.compile(
    r"(?!(?:Part|Phase|Annex|Session|Item|Group|Day|Module|Step|Round|Track|Version|Volume"
    r"|Chapter|Section|Article|Table|Figure|Option|Level|Grade|Class|Block|Unit|Week)\b)"
    r"[A-Z][a-z]{2,}\s(?:[A-Z]|[0-9]{1,3}[A-Z]?)"
)
_PLACE_WORDS = re.compile(
    r"\b(?:lunch|dinner|breakfast|cocktail|reception|coffee|tea|break|excursion|visit|tour)\b",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|de|da|van|von|der|del|la|le|bin|ibn))*"
)


def split_paren_people(title: str) -> tuple[str, tuple[Person, ...], str]:
    """ "Logistics (Froilan Castaño, FAO)" -> ("Logistics", (the person,), "");
    "Lunch break (Café Uno)" -> ("Lunch break", (), "Café Uno"): a trailing
    parenthesis names who speaks, or where a meal or a visit is."""
    m = _TRAILING_PARENS.fullmatch(title[:400])
    if not m:
        return title, (), ""
    before, inside = m.group(1).strip(), m.group(2).strip()
    if parse_room(inside) or _ROOM_DESIGNATOR.fullmatch(inside):
        return before, (), inside
    role_line = parse_role_line(inside)
    if role_line is not None:  # "Session 1: Scoping (Chair: Jim Skea)"
        return before, role_line.people, ""
    if _PLACE_WORDS.search(before):
        return (before, (), inside) if _NAME.fullmatch(inside) else (title, (), "")
    people = [_paren_person(part) for part in re.split(r"\s*;\s*|\s+and\s+", inside)]
    if not people or any(p is None for p in people):
        return title, (), ""
    return before, tuple(p for p in people if p is not None), ""


_BODY_WORDS = re.compile(
    r"\b(?:Bank|Organi[sz]ation|Ministry|University|Institute|Fund|Programme|Program|Office|Council"
    r"|Commission|Committee|Secretariat|Government|Department|Division|Agency|Association|Union"
    r"|Group|Network|Centre|Center|Foundation|Society|Forum|Nations|Team|Panel|Board"
    # offices and functions, not people: "(Help Desk)", "(Lead Partner)", "(Press Unit)"
    r"|Desk|Unit|Services?|Bureau|Partners?|Members|Staff|Delegation|Authority|Presidency)\b"
)


# Endings of abstract nouns in English, French, Spanish, Portuguese and German,
# which no personal name has: "Declaración", "Presentation", "Sociedad".
_ABSTRACT_NOUN = re.compile(
    r"\w(?:ci\u00f3n|si\u00f3n|tion|sion|\u00e7\u00e3o|miento|dad|idade|it\u00e4t|olog(?:ie|\u00eda|y))\b",
    re.IGNORECASE,
)


def _paren_person(text: str) -> Person | None:
    name, _, affiliation = text.partition(",")
    name = strip_honorifics(name.strip())
    words = name.split()
    if not 2 <= len(words) <= 6 or not _NAME.fullmatch(name) or any(ch.isdigit() for ch in text):
        return None
    if _BODY_WORDS.search(name):
        return None  # "(World Bank)": an organization, not a person
    if _ABSTRACT_NOUN.search(name):
        return None  # "(Lectura Declaración Observatorio)": what happens, not who
    if len(affiliation.split()) > 8:
        return None
    return Person(name=name, role=Role.SPEAKER, affiliation=affiliation.strip())


_INLINE_ROLE = re.compile(
    r"\b(co-?chairs?|chairs?|chaired by|moderators?|moderated by|facilitators?|facilitated by|speakers?"
    r"|panell?ists?|presenters?|presented by|discussants?|rapporteurs?)\s*:?\s+(?=[A-Z])",
    re.IGNORECASE,
)


def inline_people(text: str) -> tuple[Person, ...]:
    """People named after a role word inside a line: "Group A: English-speaking,
    facilitator Nadia Cerović"; "facilitators: A – NGOs of Group I; B – ..."."""
    found: list[Person] = []
    for m in _INLINE_ROLE.finditer(text[:1000]):
        role = role_of(m.group(1))
        rest = text[m.end() :]
        rest = re.split(r"(?<=[a-z\u00e0-\u017f])[.;]\s+(?=[A-Z][a-z]+\s+[a-z])", rest)[
            0
        ]  # up to the next sentence
        parts = re.split(r"\s*;\s*", rest) if ";" in rest else re.split(r"\s*,\s*|\s+and\s+", rest)
        for part in parts:
            pieces = re.split(r"\s+[-\u2013\u2014]\s+|\s+of\s+(?=[A-Z])", part, maxsplit=1)
            if len(pieces) == 1:
                pieces = re.split(r"\s*\(", part.rstrip(" )"), maxsplit=1)
            name = strip_honorifics(pieces[0].strip(" .,"))
            affiliation = pieces[1].strip() if len(pieces) > 1 else ""
            if (
                not 2 <= len(name.split()) <= 5
                or not _NAME.fullmatch(name)
                or _BODY_WORDS.search(name)
            ):
                break
            found.append(Person(name=name, role=role, affiliation=affiliation))
    return tuple(found)


_NAMED_ROLE = re.compile(
    r"\b(panel(?:l?ists?)?|discussants?|presenters?|keynote|moderators?|speakers?)\b", re.IGNORECASE
)


def role_named_in(title: str) -> Role | None:
    """ "Presentations by the Panelists": the people listed under it are panelists."""
    m = _NAMED_ROLE.search(title)  # and a "Panel" names its panelists
    return role_of(re.sub(r"(?i)^panel$", "panelists", m.group(1))) if m else None


NOT_A_NAME = re.compile(
    r"\b(?:Break|Coffee|Tea|Lunch|Dinner|Reception|Session|Opening|Closing|Registration|Welcome"
    r"|Plenary|Panel|Discussion|Keynote|Address|Remarks|Day|Room|Hall|Group|Workshop)\b"
)
_NAME_DASH = re.compile(
    r"([^\W\d_][\w.'\u2019-]*(?:\s+[^\W\d_][\w.'\u2019-]*){1,3})\s+[-\u2013\u2014]\s+(.{2,120})"
)


def parse_name_dash_function(text: str, role: Role = Role.SPEAKER) -> Person | None:
    """ "Angelo Guerra - OECD Secretary-General": a person and what they do."""
    m = _NAME_DASH.fullmatch(text.strip())
    if not m:
        return None
    name = strip_honorifics(m.group(1))
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[0].isupper() for w in words):
        return None
    if NOT_A_NAME.search(name) or _BODY_WORDS.search(name):
        return None
    return Person(name=name, role=role, affiliation=m.group(2).strip())


# Endings of the nouns topics are made of, and rarely of anyone's name.
TOPIC_NOUN = re.compile(
    r"(?:tions?|sions?|ions|ments?|ness|ity|ies|ics|ives|ances?|ences?|ces|ship|ism|ogy)$",
    re.IGNORECASE,
)


def parse_name_comma_affiliation(text: str, role: Role = Role.SPEAKER) -> Person | None:
    """ "Eleanor Shaw, QMUL", "Jerome Gaillard, London Business School": a line that
    is a name of two to four capitalised words and, after a comma, where they are
    from. Without the comma a bare "Coffee Break" could be anyone, so it is needed."""
    name, comma, after = text.strip().rstrip(".;").partition(",")
    name, affiliation = name.strip(), affiliation_of(after.split(","))
    words = name.split()
    if not comma or not affiliation or len(after.split()) > 14 or after.count(",") > 2:
        return None
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return None
    if NOT_A_NAME.search(name) or _BODY_WORDS.search(name) or not _NAME.fullmatch(name):
        return None
    if any(vocabulary.month(w) or vocabulary.weekday(w) for w in words):
        return None
    if any(TOPIC_NOUN.search(w) for w in words):
        return None  # "Regional Perspectives, Asia", "Country Experiences, Africa": topics
    if not affiliation[:1].isupper():
        return None
    return Person(name=name, role=role, affiliation=affiliation)


def parse_bare_name(text: str, role: Role = Role.SPEAKER) -> Person | None:
    """ "Dora Bastelli": two or three capitalised words that can only be a name. Alone
    this is too weak ("Coffee Break"); the caller needs the page to have named its
    talks by their speakers already."""
    name = text.strip().rstrip(".;")
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and not w.isupper() for w in words):
        return None
    if NOT_A_NAME.search(name) or _BODY_WORDS.search(name) or not _NAME.fullmatch(name):
        return None
    if any(vocabulary.month(w) or vocabulary.weekday(w) or TOPIC_NOUN.search(w) for w in words):
        return None
    return Person(name=name, role=role)


def parse_cell_person(text: str) -> Person | None:
    """A table cell that is someone: "Dr. A. Yusuf, UNEP", "Li Wei (Tsinghua)", "Ana Ruiz, FAO"."""
    person = parse_person_line(text) or _paren_person(text.strip())
    if person is not None:
        return person
    m = _PAREN_AFFILIATION.fullmatch(text.strip())
    name, _, affiliation = (m.group(1), "", m.group(2)) if m else text.partition(",")
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return None
    if NOT_A_NAME.search(name) or _BODY_WORDS.search(name) or not _NAME.fullmatch(name.strip()):
        return None
    return Person(name=name.strip(), role=Role.SPEAKER, affiliation=affiliation.strip())
