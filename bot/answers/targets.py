"""What part of the meeting a question is about: the meeting itself, a session or an item.

"Who chairs the joint meeting?", "which room is the privacy track in?", "is
item 8 over?", "has the board started?" all name a target before asking a
fact about it. Who, where and status answers share this one reading, so "the
joint meeting" is the same session whichever fact is asked.

The order is the explanation: an item by number ("item 8"); a session by its
whole title ("the NGO forum") or its number ("session 4"); a kind of item
("the keynote", "the panel"); a topic the question shares with item or
session titles ("the fisheries evaluation", "the AMR briefing"); otherwise,
when the question names the meeting or nothing at all, the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answers import items
from bot.answers.context import Ask
from bot.answers.index import Occurrence, Unit
from bot.answers.normalize import stem, words_of
from store.values import Session

# A topic must cover this much of an item or session title to name it.
TARGET_THRESHOLD = 0.5

# Words that say which fact is asked, or who asks; never what the target is.
FACT_WORDS = frozenset(
    """
    who whom whose where which what when is are was were has have had did does do the a an of in on at
    for to by room rooms venue place located location held hold there it this that
    started start starts begun begin begins finished finish finishes ended end ends over done concluded
    yet still now right running under way underway happening going
    chair chairs chaired chairing chairperson chairman chairwoman president presides presiding
    cochair cochairs vicechair vicechairs
    moderator moderators moderates moderated moderating mc
    facilitator facilitators facilitates facilitated facilitating leads leading lead runs running run
    speaker speakers speaks speaking speak talk talks talking giving gives give present presents
    presenting presenter presenters presented presentation presentations panelist panelists panellist
    panellists rapporteur rapporteurs discussant discussants person people name names
    we i you our us me my please and or
    """.split()
)


@dataclass(frozen=True)
class Target:
    """The meeting, or sessions, or an item's occurrences, and how to name them."""

    kind: str  # "meeting" | "session" | "item"
    label: str
    sessions: tuple[Session, ...] = ()
    occurrences: tuple[Occurrence, ...] = field(default=())

    @property
    def is_meeting(self) -> bool:
        return self.kind == "meeting"


def meeting_target(ask: Ask) -> Target:
    return Target("meeting", ask.meeting.title)


def item_target(ask: Ask, occurrences: tuple[Occurrence, ...]) -> Target:
    _ = ask.tr.gettext
    first = occurrences[0].item
    label = _("item {number}, {title}").format(number=ask.index.show(first.number), title=first.title) if (
        first.number) else f"“{first.title}”"
    titles = list(dict.fromkeys(o.item.title for o in occurrences if not o.item.continues))
    if not first.number and len(titles) > 1:
        label = _(" and ").join(f"“{t}”" for t in titles[:3])
    return Target("item", label, tuple(dict.fromkeys(o.session for o in occurrences)), occurrences)


def session_target(ask: Ask, sessions: list[Session]) -> Target:
    _ = ask.tr.gettext
    first = sessions[0]
    if len({s.day for s in sessions}) == 1 and len(sessions) == 1:
        label = _("the {title} ({day})").format(title=first.title, day=ask.day(first.day))
    else:
        label = _("the {title}").format(title=first.title)
    return Target("session", label, tuple(sessions))


def content_tokens(ask: Ask, extra: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The question's words that may name a target: not fact words, not the meeting's own name."""
    own = ask.index.title_words | ask.index.venue_words
    q = ask.query.tokens
    return tuple(
        t for i, t in enumerate(q)
        if t not in FACT_WORDS and t not in extra
        and ((t not in own and t not in MEETING_NOUNS) or _names_a_part(ask, q, i, own))
    )


def _names_a_part(ask: Ask, q: tuple[str, ...], i: int, own: frozenset[str]) -> bool:
    """A word of the meeting's own name, or a meeting noun, that names a part of it with a
    neighbour ("the joint meeting", "Dynamiques 4"); not with another word of the name
    ("the IPCC scoping meeting" is the meeting)."""
    if not ask.index.in_phrase(q, i):
        return False
    neighbours = [q[j] for j in (i - 1, i + 1) if 0 <= j < len(q)]
    return any(n not in own and n not in MEETING_NOUNS and n not in FACT_WORDS for n in neighbours)


MEETING_NOUNS = frozenset(
    "meeting meetings conference workshop event forum summit congress symposium seminar colloquium session sessions"
    " board committee camp".split()
)


def _numbered_session(ask: Ask) -> list[Session]:
    """"session 4": the sessions whose title starts "Session 4"."""
    t = ask.query.tokens
    for i, tok in enumerate(t[:-1]):
        if tok == "session" and t[i + 1].isdigit():
            found = [s for s in ask.index.sessions if words_of(s.title)[:2] == ["session", t[i + 1]]]
            if found:
                return found
    return []


def _glued(ask: Ask, words: tuple[str, ...]) -> tuple[str, ...]:
    """"bog 2" as the agenda writes it, "BOG2", when the agenda has that word."""
    out: list[str] = []
    for word in words:
        if out and word.isdigit() and out[-1].isalpha() and stem(out[-1] + word) in ask.index.postings:
            out[-1] += word
        else:
            out.append(word)
    return tuple(out)


def _title_words(unit: Unit) -> set[str]:
    if unit.session is not None:
        return set(words_of(unit.session.title))
    return set(words_of(unit.occurrences[0].item.title)) if unit.occurrences else set()


def numbered(ranked: list[tuple[float, Unit]], words: tuple[str, ...]) -> list[tuple[float, Unit]]:
    """"Roundtable 2" among three roundtables: the titles that have the number, when any has."""
    numbers = {w for w in words if w.isdigit()}
    if not numbers:
        return ranked
    return [(s, u) for s, u in ranked if numbers & _title_words(u)] or ranked


# Fact words that are also things a session may be called after ("the presentations").
_THINGS = ("presentation", "presentations", "talk", "talks", "panelists", "panellists")


def _thing_named(ask: Ask) -> Target:
    """"Have the presentations started?": the session whose title is that thing, else the meeting."""
    stems = ask.index.topic_stems(tuple(t for t in ask.query.tokens if t in _THINGS))
    ranked = [(s, u) for s, u in ask.index.score(stems, kinds=("item", "session")) if s >= 1.0] if stems else []
    return _unit_target(ask, ranked, 0) if ranked else meeting_target(ask)


def find_target(ask: Ask, extra: frozenset[str] = frozenset(), *, things: bool = False) -> Target | None:
    """The target the question names; the meeting when it names none; None when its words
    name something that is neither (a topic of the documents, say: left to the topic rules).
    """
    ref = items.find_item_ref(ask)
    if ref is not None and ref.how == "number" and ref.occurrences:
        return item_target(ask, ref.occurrences)
    named = ask.index.sessions_named(ask.query.tokens) or _numbered_session(ask)
    if named:
        return session_target(ask, named)
    if ref is not None and ref.how == "kind" and ref.occurrences:
        return item_target(ask, ref.occurrences)
    words = _glued(ask, content_tokens(ask, extra))
    stems = ask.index.topic_stems(words)
    if not stems:
        return _thing_named(ask) if things else meeting_target(ask)
    ranked = [(s, u) for s, u in ask.index.score(stems, kinds=("item", "session")) if s >= TARGET_THRESHOLD]
    ranked = numbered(ranked, words)
    if not ranked:
        return None
    return _unit_target(ask, ranked, 0)


def _unit_target(ask: Ask, ranked: list[tuple[float, Unit]], i: int) -> Target:
    best, unit = ranked[i]
    if unit.kind == "session" and unit.session is not None:
        same = [u.session for s, u in ranked[i:] if u.kind == "session" and s >= best and u.session is not None]
        return session_target(ask, same)
    # Items the words fit equally well ("the plenary": a short one and a long one) are all meant.
    tied = [o for s, u in ranked[i:] if u.kind == "item" and s >= best for o in u.occurrences]
    return item_target(ask, tuple(dict.fromkeys(tied)) or unit.occurrences)


def other_targets(ask: Ask, extra: frozenset[str] = frozenset()) -> list[Target]:
    """The runners-up of a topic target, best first: for a role nobody holds on the best one
    ("BOG1" is in a later session's title, its facilitators under the first session)."""
    words = _glued(ask, content_tokens(ask, extra))
    stems = ask.index.topic_stems(words)
    if not stems:
        return []
    ranked = [(s, u) for s, u in ask.index.score(stems, kinds=("item", "session")) if s >= TARGET_THRESHOLD]
    return [_unit_target(ask, ranked, i) for i in range(1, min(len(ranked), 4))]
