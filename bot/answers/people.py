"""Who: chairs, moderators, facilitators, speakers, panelists, the rapporteur; and one person's part.

"Who chairs the joint meeting?", "who are the panelists?", "rapporteur?",
"when does Dr Adeyemi speak?", "what is Henrik Larsen presenting?". The
people are the ones the agenda names on the meeting, its sessions and its
items (store.values.Person). Nobody is invented: when the agenda names no one
in a role, the answer says so and names whom it does name there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.answers import documents
from bot.answers.answer import Answer
from bot.answers.context import Ask
from bot.answers.normalize import normalize, words_of
from bot.answers.targets import Target, content_tokens, find_target, meeting_target, other_targets
from bot.answers.wording import role_name as role_said
from bot.i18n import Translator
from store.values import ItemKind, Person, Role, Session

_CHAIRS = (Role.CHAIR, Role.CO_CHAIR)
_SPEAKING = (Role.SPEAKER, Role.PRESENTER, Role.KEYNOTE, Role.PANELIST, Role.DISCUSSANT)
_LEADING = (Role.CHAIR, Role.CO_CHAIR, Role.MODERATOR, Role.FACILITATOR)

# A word of the question -> the roles it asks for, and how to name them.
ROLE_WORDS: dict[str, tuple[tuple[Role, ...], str]] = {}
for _words, _roles, _name in (
    ("chair chairs chaired chairing chairperson chairman chairwoman president presides presiding", _CHAIRS, "chair"),
    ("cochair cochairs", (Role.CO_CHAIR, Role.CHAIR), "co-chair"),
    ("vicechair vicechairs", (Role.VICE_CHAIR,), "vice-chair"),
    ("moderator moderators moderates moderated moderating mc", (Role.MODERATOR,), "moderator"),
    ("facilitator facilitators facilitates facilitated facilitating", (Role.FACILITATOR,), "facilitator"),
    ("leads leading runs running", _LEADING, "lead"),
    ("speaker speakers speaks speaking speak talk talks talking giving gives", _SPEAKING, "speaker"),
    ("present presents presenting presenter presenters presented", (Role.PRESENTER, Role.SPEAKER, Role.KEYNOTE), "presenter"),
    ("panelist panelists panellist panellists", (Role.PANELIST,), "panelist"),
    ("rapporteur rapporteurs", (Role.RAPPORTEUR,), "rapporteur"),
    ("discussant discussants", (Role.DISCUSSANT,), "discussant"),
):
    for _w in _words.split():
        ROLE_WORDS[_w] = (_roles, _name)
_PLURALS = frozenset(
    "chairs cochairs vicechairs moderators facilitators speakers presenters panelists panellists rapporteurs"
    " discussants".split()
)
# "Who hosts / organizes this?" asks for the organizer, a fact of the meeting (meeting_facts).
ORGANIZER_WORDS = (
    "organizer", "organiser", "organizers", "organisers", "organizes", "organises", "organized", "organised",
    "organize", "organise", "host", "hosts", "hosting", "hosted", "convened", "convenes", "convener", "convenor",
)
_HONORIFICS = frozenset("dr prof professor mr mrs ms miss he sir dame amb ambassador".split())
_ROLE_NAMES = {
    Role.CHAIR: "chair", Role.CO_CHAIR: "co-chair", Role.VICE_CHAIR: "vice-chair", Role.MODERATOR: "moderator",
    Role.FACILITATOR: "facilitator", Role.SPEAKER: "speaker", Role.PRESENTER: "presenter",
    Role.PANELIST: "panelist", Role.DISCUSSANT: "discussant", Role.KEYNOTE: "keynote speaker",
    Role.RAPPORTEUR: "rapporteur", Role.OTHER: "",
}


def plain(text: str) -> str:
    """Lower case without accents: "Tomás" and "tomas" are one name in a chat."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name_words(name: str) -> list[str]:
    return [w for w in words_of(plain(name)) if w not in _HONORIFICS]


@dataclass(frozen=True)
class Place:
    """Where a person is named: the meeting (no session), a session, or an item in a session."""

    person: Person
    session: Session | None = None
    item_title: str = ""
    item_number: str = ""


def all_places(ask: Ask) -> list[Place]:
    out = [Place(p) for p in ask.meeting.people]
    for s in ask.index.sessions:
        out += [Place(p, s) for p in s.people]
        for i in s.items:
            out += [Place(p, s, i.title, i.number) for p in i.people]
    return out


def _label(tr: Translator, place: Place, *, with_role: bool) -> str:
    role = _ROLE_NAMES.get(place.person.role, "")
    return place.person.label + (f" ({role_said(tr, role)})" if with_role and role else "")


def _where(ask: Ask, place: Place) -> str:
    s = place.session
    if s is None:
        return ""
    room = f" ({s.room})" if s.room else ""
    if place.item_title:
        item = next(i for i in s.items if i.title == place.item_title)
        start, end = (item.starts_at, item.ends_at) if item.starts_at else (s.starts_at, s.ends_at)
        return f"{s.title}{room}, {ask.day(s.day)}, {ask.span(start, end)}"
    return f"{s.title}{room}, {ask.day(s.day)}, {ask.span(s.starts_at, s.ends_at)}"


def named_people(ask: Ask) -> list[Person]:
    """The people the question names by surname or whole name."""
    asked = {plain(t) for t in ask.query.tokens} | {plain(w) for w in words_of(ask.query.raw)}
    # A surname alone must look like one ("Park", not "where can I park?") or come with a role word.
    capitalized = {plain(w) for w in re.findall(r"\b[A-Z][\w'-]+", ask.query.raw)} | {
        plain(w) for w in re.findall(r"(?:dr|prof|mr|mrs|ms)\.?\s+(\w+)", ask.query.raw, re.I)}
    by_role = asked_roles(ask) is not None or ask.query.has("speak", "speaks", "speaking", "presenting", "present")
    found: dict[str, Person] = {}
    for place in all_places(ask):
        words = _name_words(place.person.name)
        if words and words[-1] in asked and len(words[-1]) >= 3 and (words[-1] in capitalized or by_role):
            found.setdefault(place.person.name, place.person)
        elif len(words) >= 2 and all(w in asked for w in words):
            found.setdefault(place.person.name, place.person)
    return list(found.values())


def _by_affiliation(ask: Ask, words: tuple[str, ...]) -> list[Place]:
    """"Who is the secretary of the convention?": the person whose affiliation says it all."""
    stems = ask.index.topic_stems(words)
    if not stems:
        return []
    out = []
    for place in all_places(ask):
        have = set(ask.index.topic_stems(tuple(words_of(plain(place.person.affiliation)))))
        if set(stems) <= have:
            out.append(place)
    return out


def asked_roles(ask: Ask) -> tuple[tuple[Role, ...], str, bool] | None:
    if ask.query.has("keynote speaker", "keynote speakers"):
        return (Role.KEYNOTE, Role.SPEAKER), "keynote speaker", ask.query.has("keynote speakers")
    for t in ask.query.tokens:
        if t in ROLE_WORDS:
            roles, name = ROLE_WORDS[t]
            return roles, name, t in _PLURALS
    if "keynote" in ask.query.tokens:
        return (Role.KEYNOTE, Role.SPEAKER), "keynote speaker", False
    return None


def is_who_question(ask: Ask) -> bool:
    q = ask.query
    if q.has("who", "whom", "whose", "name of the", "names of the"):
        return True
    # "rapporteur?", "chair?": a role alone is a who question
    rest = [t for t in q.tokens if t not in ("the", "is", "what", "please")]
    return len(rest) == 1 and rest[0] in ROLE_WORDS


def _places_in(ask: Ask, target: Target) -> tuple[list[Place], list[Place]]:
    """The people named on the target itself, and those of its parts (a session's items)."""
    places = all_places(ask)
    if target.is_meeting:
        return [p for p in places if p.session is None], [p for p in places if p.session is not None]
    if target.kind == "session":
        own = [p for p in places if p.session in target.sessions and not p.item_title]
        parts = [p for p in places if p.session in target.sessions and p.item_title]
        return own, parts
    titles = {o.item.title for o in target.occurrences}
    inner = _untimed_parts(target) - titles
    own = [p for p in places if p.session in target.sessions and p.item_title in titles]
    around = [p for p in places if p.session in target.sessions and (not p.item_title or p.item_title in inner)]
    return own, around


def _untimed_parts(target: Target) -> set[str]:
    """The untimed items right after a timed one: parts of it ("Panel" and its speakers under
    "09:00-10:00 High-level Panel"), so their people are its people."""
    found: set[str] = set()
    for o in target.occurrences:
        if o.item.starts_at is None:
            continue
        following = o.session.items[o.session.items.index(o.item) + 1:]
        for item in following:
            if item.starts_at is not None:
                break
            found.add(item.title)
    return found


def _now_target(ask: Ask) -> Target | None:
    """"Who is speaking in Hall A now?": the items under way (in the room named)."""
    running = [s for s in ask.in_room(list(ask.index.sessions))
               if s.starts_at and s.ends_at and s.starts_at <= ask.now < s.ends_at]
    occs = tuple(
        o for o in ask.index.occurrences if o.session in running
        and (o.item.starts_at is None or o.item.starts_at <= ask.now < (o.item.ends_at or o.session.ends_at or ask.now))
    )
    if not occs:
        return None
    return Target("item", ask.tr.gettext("what is on now"), tuple(running), occs)


def _in_role(places: list[Place], roles: tuple[Role, ...]) -> list[Place]:
    by_name: dict[str, Place] = {}
    for role in roles:  # the roles in the order asked: a chair before a co-chair
        for p in places:
            if p.person.role == role:
                by_name.setdefault(p.person.name, p)
    return list(by_name.values())


def _names(tr: Translator, places: list[Place], *, with_role: bool = False) -> str:
    labels = list(dict.fromkeys(_label(tr, p, with_role=with_role) for p in places))
    return ", ".join(labels[:-1]) + tr.gettext(" and ") + labels[-1] if len(labels) > 1 else labels[0]


def _affiliation_lines(ask: Ask, places: list[Place]) -> Answer:
    return Answer("who", "\n".join(
        _label(ask.tr, p, with_role=True) + (f": {_where(ask, p)}" if p.session else "") for p in places
    ), ask.meeting.slug)


def _who_without_role(ask: Ask) -> Answer | None:
    """"who is the secretary of the convention?", "who's on the panel?": anyone named there."""
    by_affiliation = _by_affiliation(ask, content_tokens(ask))
    if by_affiliation:
        return _affiliation_lines(ask, by_affiliation)
    target = find_target(ask)
    if target is None or target.is_meeting:
        return None  # "who organizes this?" and the like: a fact of the meeting
    own, parts = _places_in(ask, target)
    found = own + parts
    if not found:
        return _nobody(ask, target, "", [])
    text = ask.tr.gettext("For {what}: {names}.").format(what=target.label, names=_names(ask.tr, found, with_role=True))
    return Answer("who", text, ask.meeting.slug, sessions=target.sessions)


def _role_target(ask: Ask, role_name: str, room_words: frozenset[str], words: tuple[str, ...]) -> Target:
    """What a role question is about: a session or item it names, else (what is on now in) the meeting."""
    keynote = frozenset({"keynote"}) if role_name == "keynote speaker" and not words else frozenset()
    target = find_target(ask, room_words | keynote)
    if target is None:
        target = meeting_target(ask)
    if target.is_meeting and ask.time.now and role_name != "lead":
        target = _now_target(ask) or target
    return target


def _holders(ask: Ask, target: Target, wanted: tuple[Role, ...]) -> tuple[list[Place], list[Place]]:
    """Who holds the roles for the target, and everyone named around it (for "it names …")."""
    own, around = _places_in(ask, target)
    found = _in_role(own, wanted) or _in_role(around, wanted)
    if not found and target.is_meeting:
        # Session chairs stand in for a meeting chair the agenda does not name.
        found = _in_role(all_places(ask), wanted)
    if not found and not target.is_meeting and wanted != (Role.RAPPORTEUR,) and set(wanted) & set(_CHAIRS):
        # A session's chair is the meeting's chair when the session names none.
        found = _in_role([p for p in all_places(ask) if p.session is None], wanted)
    return found, own + around


def answer_who(ask: Ask) -> Answer | None:
    """A who question, or None when the question is not one this module answers."""
    if not is_who_question(ask) or ask.query.has(*ORGANIZER_WORDS):
        return None
    roles = asked_roles(ask)
    if roles is None:
        return _who_without_role(ask)
    wanted, role_name, plural = roles
    room_words = frozenset(words_of(ask.room)) if ask.room else frozenset()
    words = content_tokens(ask, room_words | (frozenset({"keynote"}) if role_name == "keynote speaker" else frozenset()))
    if words:
        # The role asked, except "who runs the evaluation office?": whoever the affiliation says heads it.
        by_affiliation = _in_role(_by_affiliation(ask, words), tuple(Role) if role_name == "lead" else wanted)
        if by_affiliation:
            return _affiliation_lines(ask, by_affiliation)
    target = _role_target(ask, role_name, room_words, words)
    if target.is_meeting and role_name == "lead":
        return None  # "who's running this?": the organizer
    if role_name == "keynote speaker" and target.is_meeting and not ask.index.by_kind.get(ItemKind.KEYNOTE):
        wanted = (Role.KEYNOTE,)  # no keynote on the agenda: any speaker is not its keynote speaker
    target, found, named = _holders_here_or_next(ask, target, wanted, room_words)
    if not found:
        said = _said_in_text(ask, target, role_name, words)
        if said:
            return Answer("who", said, ask.meeting.slug, sessions=target.sessions)
        return _nobody(ask, target, role_said(ask.tr, role_name, plural=plural) if role_name else "", named)
    text = _who_text(ask, target, found, role_name, plural)
    if plural and target.is_meeting:
        text += _also_in_text(ask, target, role_name, found)
    return Answer("who", text, ask.meeting.slug, sessions=target.sessions)


def _holders_here_or_next(
    ask: Ask, target: Target, wanted: tuple[Role, ...], room_words: frozenset[str]
) -> tuple[Target, list[Place], list[Place]]:
    """The role's holders on the target, else on the next best target that has some."""
    found, named = _holders(ask, target, wanted)
    if not found and not target.is_meeting:
        for other in other_targets(ask, room_words):
            holders, around = _holders(ask, other, wanted)
            if holders:
                return other, holders, around
    return target, found, named


def _also_in_text(ask: Ask, target: Target, role_name: str, found: list[Place]) -> str:
    """"Who are the moderators?": also one the agenda's text names for the role, not as a person."""
    said = _said_in_text(ask, target, role_name, ())
    return "\n" + said if said and not any(p.person.name in said for p in found) else ""


def _who_text(ask: Ask, target: Target, found: list[Place], role_name: str, plural: bool) -> str:
    if len(found) == 1 or not any(p.session for p in found):
        where = ""
        first = found[0]
        if first.session is not None and target.is_meeting:
            where = f" ({_where(ask, first)})"
        elif not target.is_meeting:
            where = f" — {target.label}"
            if target.sessions:
                s = target.sessions[0]
                room = f", {s.room}" if s.room else ""
                where += f" ({ask.day(s.day)}{room})"
        return f"{_names(ask.tr, found, with_role=True)}{where}."
    lines = [f"• {_label(ask.tr, p, with_role=True)}: {_where(ask, p)}" if p.session
             else f"• {_label(ask.tr, p, with_role=True)}" for p in found]
    return "\n".join([ask.tr.gettext("For {what}:").format(what=target.label), *lines])


# A person's name as agendas write it: two capitalised words ("Kenji Morita").
_A_NAME = re.compile(r"\b[A-Z][\w'-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w'-]+")


def _said_in_text(ask: Ask, target: Target, role_name: str, words: tuple[str, ...]) -> str:
    """Who the agenda's own text names for the role or the topic, when nobody holds it as a person:
    "Co-Chairs of the IPCC TFI (Kenji Morita and Farhan Qureshi)", "Government of Australia (Claire Whitford)"."""
    role_words = {w for w, (_, name) in ROLE_WORDS.items() if name == role_name}
    own = set(ask.index.topic_stems(tuple(words_of(target.label)))) if not target.is_meeting else set()
    topic = set(ask.index.topic_stems(words)) - own
    occurrences = target.occurrences or tuple(
        o for o in ask.index.occurrences if target.is_meeting or o.session in target.sessions)
    for occ in occurrences:
        for line in (*occ.item.sub_points, *occ.item.description.splitlines()):
            tokens = normalize(line).tokens
            on_role = bool(role_words & set(tokens))
            on_topic = bool(topic) and topic <= set(ask.index.topic_stems(tokens))
            if (on_role or on_topic) and _A_NAME.search(line):
                return ask.tr.gettext("The agenda says, under “{title}” ({place}): “{line}”.").format(
                    title=occ.item.title, place=ask.occurrence_place(occ), line=line.strip())
    return ""


def _nobody(ask: Ask, target: Target, role_name: str, others: list[Place]) -> Answer:
    _ = ask.tr.gettext
    where = "" if target.is_meeting else _(" for {what}").format(what=target.label)
    said = _("The agenda names no {role}{where}.") if role_name else _("The agenda names nobody{where}.")
    text = said.format(role=role_name, where=where)
    if others:
        text += _(" It names {names}.").format(names=_names(ask.tr, others, with_role=True))
    # A line of its own under the item may say who without naming a person ("KICTANet MAG Team").
    notes = [o.item.description.strip() for o in target.occurrences if 0 < len(o.item.description.strip()) <= 200]
    if notes:
        text += _(" Under it the agenda notes: “{note}”.").format(note=notes[0])
    return Answer("who", text, ask.meeting.slug, sessions=target.sessions)


def answer_person(ask: Ask) -> Answer | None:
    """"When does Dr Adeyemi speak?", "what is Henrik Larsen presenting?": where a named person appears."""
    q = ask.query
    if q.has(*documents.PASSAGE_CUES):
        return None
    people = named_people(ask)
    if not people:
        return None
    _ = ask.tr.gettext
    lines: list[str] = []
    sessions: list[Session] = []
    for person in people:
        places = [p for p in all_places(ask) if p.person.name == person.name]
        for p in places:
            role = _ROLE_NAMES.get(p.person.role, "")
            if p.session is None:
                said = _("{name}: {role} of {meeting}.") if role else _("{name}: named of {meeting}.")
                lines.append(said.format(name=person.label, role=role_said(ask.tr, role), meeting=ask.meeting.title))
                continue
            sessions.append(p.session)
            what = f"{ask.index.show(p.item_number)}. {p.item_title}" if p.item_number else (
                f"“{p.item_title}”" if p.item_title else _("the {title}").format(title=p.session.title))
            verb = role_said(ask.tr, role) if role else _("in")
            lines.append(f"{person.label}, {verb}: {what} — {_where(ask, p)}.")
    return Answer("person", "\n".join(lines), ask.meeting.slug, sessions=tuple(dict.fromkeys(sessions)))
