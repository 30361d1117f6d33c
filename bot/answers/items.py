"""Questions about agenda items: by number, by kind, by topic, and what comes after.

"item IX", "item 9", "agenda item four", "the ninth item", "item (b)";
"when is the rapporteur's report?", "the keynote", "the closing";
"when do we discuss human trafficking?"; "what comes after the keynote?".
An item taken up in two sessions (a continuation, like item VIII) is one
item with two places, and the answer names both.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers.answer import Answer
from bot.answers.citing import documents_of
from bot.answers.context import Ask
from bot.answers.index import Occurrence, clean_number
from bot.answers.normalize import words_of
from bot.answers.wording import kind_name, ordinal_item
from bot.vocabulary import NUMBER_WORDS, ORDINAL_WORDS
from store.numerals import roman_to_int
from store.values import ItemKind

# Words that name a kind of item, whatever its title says.
KIND_WORDS: dict[str, ItemKind] = {
    "keynote": ItemKind.KEYNOTE,
    "rapporteur": ItemKind.RAPPORTEUR_REPORT,
    "rapporteurs": ItemKind.RAPPORTEUR_REPORT,
    "opening": ItemKind.OPENING,
    "closing": ItemKind.CLOSING,
    "conclusions": ItemKind.CONCLUSIONS,
    "conclusion": ItemKind.CONCLUSIONS,
    "panel": ItemKind.PANEL,
}
_ITEM_WORDS = ("item", "items", "point", "points", "number", "no")
_LETTER = {chr(c) for c in range(ord("a"), ord("z") + 1)}


@dataclass(frozen=True)
class ItemRef:
    """An item a question points at, and how it pointed ("item IX", "the keynote")."""

    said: str  # as the person said it, for messages
    occurrences: tuple[Occurrence, ...]  # empty: no such item
    how: str  # "number" | "kind" | "topic" | "position"
    missing_number: str = ""  # "XII" when the question named an item that does not exist


def _looks_like_number(candidate: str) -> bool:
    bare = clean_number(candidate)
    return (
        bare.isdigit()
        or bare in NUMBER_WORDS
        or bare in ORDINAL_WORDS
        or bool(roman_to_int(bare))
        or (len(bare) == 1 and bare in _LETTER)
        or candidate.startswith("(")
    )


def _after_item_word(t: tuple[str, ...]) -> tuple[str, str] | None:
    """"item IX", "agenda item four", "item no. 9", "item (b)"."""
    for i, tok in enumerate(t):
        if tok not in ("item", "items", "point"):
            continue
        j = i + 1
        while j < len(t) and t[j] in ("number", "no", "nr", "num"):
            j += 1
        if j < len(t) and _looks_like_number(t[j]):
            return t[j], clean_number(t[j])
    return None


def _ordinal_item(t: tuple[str, ...]) -> tuple[str, str] | None:
    """"the ninth item", "the last item", "first item"."""
    for i, tok in enumerate(t[:-1]):
        if t[i + 1] in ("item", "point") and (tok in ORDINAL_WORDS or tok in ("last", "final")):
            return tok, tok
    return None


def _bare_label(ask: Ask, t: tuple[str, ...]) -> tuple[str, str] | None:
    """A label alone that the agenda has: "what is IX?" (two letters or more), "(b)" in a lettered agenda."""
    if ask.index.style == "roman":
        for tok in t:
            if len(tok) >= 2 and roman_to_int(tok) and clean_number(tok) in ask.index.by_number:
                return tok, tok
    if ask.index.style == "letters":
        for tok in t:
            if tok.startswith("(") and clean_number(tok) in ask.index.by_number:
                return tok, clean_number(tok)
    return None


def _number_token(ask: Ask) -> tuple[str, str] | None:
    """The item number a question says, as said and cleaned, else None."""
    t = ask.query.tokens
    return _after_item_word(t) or _ordinal_item(t) or _bare_label(ask, t)


def find_item_ref(ask: Ask) -> ItemRef | None:
    """An item named by number or by kind; None when the question names none that way."""
    found = _number_token(ask)
    index = ask.index
    _ = ask.tr.gettext
    if found and found[0] in ("first", "last", "final") and ask.time.day is not None:
        found = None  # "the first item tomorrow": a position on that day (schedule.answer_position)
    if found:
        said, bare = found
        if bare in ("last", "final"):
            key = clean_number(index.numbers[-1]) if index.numbers else ""
            return ItemRef(_("the last item"), tuple(index.by_number.get(key, ())), "position")
        if bare in ORDINAL_WORDS and said == bare and not index.numbers:
            pos = ORDINAL_WORDS[bare]
            firsts = [o for o in index.occurrences if not o.item.continues]
            return ItemRef(ordinal_item(ask.tr, bare), (firsts[pos - 1],) if pos <= len(firsts) else (), "position")
        occs = index.find_number(bare)
        if occs:
            occs = _one_item(ask, occs)
            number = index.show(occs[0].item.continues or occs[0].item.number)
            return ItemRef(_("item {number}").format(number=number), tuple(occs), "number")
        if not index.numbers:
            return ItemRef(_("item {number}").format(number=said), (), "number", missing_number=said)
        shown = index.display_number(bare)
        return ItemRef(_("item {number}").format(number=shown), (), "number", missing_number=shown)
    for word, kind in KIND_WORDS.items():
        if word in ask.query.tokens and index.by_kind.get(kind):
            occs = _which_of_kind(ask, index.by_kind[kind], word)
            return ItemRef(_("the {kind}").format(kind=kind_name(ask.tr, word)), tuple(index.group(occs[0])), "kind")
    return None


def _one_item(ask: Ask, occs: list[Occurrence]) -> list[Occurrence]:
    """One item among different items of one number: a joint meeting inside a session numbers
    its own items, so "item 2" is Monday's item 2 unless the question names the joint meeting.
    An occurrence with the first one's title, or marked as continuing, is the same item."""
    groups: list[list[Occurrence]] = []
    for o in occs:
        same = next((g for g in groups if o.item.continues or o.item.title.casefold() == g[0].item.title.casefold()), None)
        if same is not None:
            same.append(o)
        else:
            groups.append([o])
    if len(groups) < 2:
        return occs
    said = set(ask.query.tokens)
    return max(groups, key=lambda g: len(said & set(words_of(g[0].session.title)) - {"session"}))


def _which_of_kind(ask: Ask, occs: list[Occurrence], word: str) -> list[Occurrence]:
    """"The closing keynote" among two keynotes: the one whose session or title has the other words."""
    if len(occs) < 2:
        return occs
    others = {t for t in ask.query.tokens if t != word and len(t) > 3}
    for o in occs:
        if others & set(words_of(o.session.title + " " + o.item.title)):
            return [o]
    return occs


def _name(ask: Ask, occ: Occurrence) -> str:
    item = occ.item
    if not item.number:
        return f"“{item.title}”"
    return ask.tr.gettext("Item {number}, {title},").format(number=ask.index.show(item.number), title=item.title)


def _places(ask: Ask, group: list[Occurrence]) -> str:
    first = group[0]
    start = first.item.starts_at or first.session.starts_at
    end = first.item.ends_at or first.session.ends_at
    _ = ask.tr.gettext
    verb = ask.tense(start, end)
    place = ask.occurrence_place(first)
    if len(group) == 1:
        said = {"is": _("is in {place}."), "was": _("was in {place}."),
                "is under way now": _("is under way now in {place}.")}[verb]
        return said.format(place=place)
    rest = group[1:]
    last = rest[-1]
    later_verb = ask.tense(last.item.starts_at or last.session.starts_at, last.item.ends_at or last.session.ends_at)
    places = ", ".join(ask.occurrence_place(o) for o in rest)
    if verb == "was" and later_verb != "was":
        return _("was taken up in {place}, and continues in {places}.").format(place=place, places=places)
    said = {"is": _("is taken up in {count} sessions: {place}, and {places} (continued)."),
            "was": _("was taken up in {count} sessions: {place}, and {places} (continued)."),
            "is under way now": _("is under way now in {count} sessions: {place}, and {places} (continued).")}[verb]
    return said.format(count=len(group), place=place, places=places)


def describe_item(ask: Ask, group: list[Occurrence], *, intent: str = "item") -> Answer:
    _ = ask.tr.gettext
    first = group[0]
    item = first.item
    lines = [f"{_name(ask, first)} {_places(ask, group)}"]
    if item.sub_points:
        lines.append(_("It covers:"))
        lines += [f"• {p}" for p in item.sub_points]
    if item.speakers:
        lines.append(_("With {names}.").format(names=", ".join(item.speakers)))
    if item.description:
        lines.append(item.description)
    docs = documents_of(ask.index, first) if item.number else []
    if docs:
        listed = "; ".join(f"{d.symbol} — {d.title}" if d.symbol else d.title for d in docs)
        lines.append(_("Documents: {documents}.").format(documents=listed))
    return Answer(
        intent, "\n".join(lines), ask.meeting.slug,
        sessions=tuple(dict.fromkeys(o.session for o in group)),
        items=tuple(o.item for o in group), documents=tuple(docs),
    )


def missing_item(ask: Ask, ref: ItemRef) -> Answer:
    _ = ask.tr.gettext
    if not ask.index.numbers:
        return Answer(
            "not_found", _("This agenda does not number its items, so there is no {what}. Try its title or “agenda”.")
            .format(what=ref.said), ask.meeting.slug, suggestions=tuple(ask.index.suggestions[:3]),
        )
    return Answer(
        "not_found",
        _("There is no item {number}; the agenda runs {range}.").format(
            number=ref.missing_number, range=ask.index.number_range()),
        ask.meeting.slug,
        suggestions=tuple(_("item {number}").format(number=ask.index.show(n)) for n in ask.index.numbers[-3:]),
    )


def _neighbour(ask: Ask, group: list[Occurrence], direction: int) -> Occurrence | None:
    """The item after (or before) an item: same session first, then the room's next session."""
    index = ask.index
    anchor = group[-1] if direction > 0 else group[0]
    key = clean_number(anchor.item.continues or anchor.item.number) or str(anchor.position)
    session_items = [o for o in index.occurrences if o.session is anchor.session]
    pos = session_items.index(anchor)
    step = range(pos + direction, len(session_items) if direction > 0 else -1, direction)
    for j in step:
        cand = session_items[j]
        if cand.item.kind != ItemKind.BREAK and clean_number(cand.item.continues or cand.item.number) != key:
            return cand
    sessions = list(index.sessions)
    s_pos = sessions.index(anchor.session)
    order = sessions[s_pos + 1 :] if direction > 0 else list(reversed(sessions[:s_pos]))
    same_room = [s for s in order if s.room == anchor.session.room] if anchor.session.room else order
    for s in same_room or order:
        items = [o for o in index.occurrences if o.session is s and o.item.kind != ItemKind.BREAK]
        items = items if direction > 0 else list(reversed(items))
        for cand in items:
            if clean_number(cand.item.continues or cand.item.number) != key or not key:
                return cand
    return None


def answer_relative(ask: Ask, ref: ItemRef, direction: int) -> Answer:
    _ = ask.tr.gettext
    group = list(ref.occurrences)
    found = _neighbour(ask, group, direction)
    if found is None:
        edge = _("Nothing comes after {what}: it is the last item on the agenda.") if direction > 0 else _(
            "Nothing comes before {what}: it is the first item on the agenda.")
        return Answer("item", edge.format(what=ref.said), ask.meeting.slug, items=tuple(o.item for o in group))
    group = ask.index.group(found)
    item = found.item
    name = _("item {number}, {title}").format(number=ask.index.show(item.number), title=item.title) if (
        item.number) else f"“{item.title}”"
    places = _(" and ").join(ask.occurrence_place(o) for o in group)
    said = _("After {what} comes {name}, in {places}.") if direction > 0 else _(
        "Before {what} comes {name}, in {places}.")
    return Answer(
        "item", said.format(what=ref.said, name=name, places=places), ask.meeting.slug,
        sessions=tuple(dict.fromkeys(o.session for o in group)), items=tuple(o.item for o in group),
    )


def relation(ask: Ask) -> int:
    """+1 for "after the keynote", -1 for "before the closing", 0 otherwise."""
    q = ask.query
    if q.has("after lunch", "after the break", "before lunch", "before the break"):
        return 0
    if q.has("after that", "after this"):
        return 0  # "and after that?" asks what is next, not what follows an item
    if q.has("after", "following", "comes after", "follows"):
        return 1
    if q.has("before", "preceding", "precedes", "previous"):
        return -1
    return 0


def answer_topic_items(ask: Ask, ranked: list[tuple[float, Occurrence]], topic: str) -> Answer:
    """One or several items that match a topic."""
    groups: list[list[Occurrence]] = []
    seen: set[int] = set()
    for _, occ in ranked:
        group = ask.index.group(occ)
        if id(group[0]) in seen:
            continue
        seen.add(id(group[0]))
        groups.append(group)
    if len(groups) == 1:
        return describe_item(ask, groups[0], intent="topic")
    _ = ask.tr.gettext
    lines = [_("“{topic}” comes up in {count} items:").format(topic=topic, count=len(groups))]
    for group in groups:
        first = group[0]
        name = _("Item {number}, {title}").format(number=ask.index.show(first.item.number), title=first.item.title) if (
            first.item.number) else f"“{first.item.title}”"
        places = _("; and ").join(ask.occurrence_place(o) for o in group)
        lines.append(f"• {name}: {places}")
    occs = [o for g in groups for o in g]
    return Answer(
        "topic", "\n".join(lines), ask.meeting.slug,
        sessions=tuple(dict.fromkeys(o.session for o in occs)), items=tuple(o.item for o in occs),
    )
