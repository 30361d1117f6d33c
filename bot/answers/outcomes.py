"""What was agreed, decided or given as actions: from the rapporteur's notes and the
published rapporteur's report ("what was agreed on remittances?", "what actions on
item V?", "what did the report say about trafficking?").

It answers only when the question asks for outcomes and the notes or the report
have something on its topic; otherwise it steps aside, and the other rules (the
documents' passages among them) answer as before. A note counts as on a topic
when the topic's words are in its text or in its item's title, so a note taken
during item V is found by "remittances" even if it never says the word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answers.answer import Answer, Passage
from bot.answers.context import Ask
from bot.answers.items import ItemRef
from bot.answers.normalize import COMMON, words_of
from bot.rapporteur.marks import NoteKind
from bot.rapporteur.notes import Note
from bot.rapporteur.publish import is_report_category
from bot.words import Hint, Words, plain
from bot.words import lines as words_lines
from store.values import Document

AGREED_CUES = ("agreed", "agree", "agreement", "decided", "decide", "decision", "decisions", "conclusion",
               "conclusions", "concluded", "conclude", "outcome", "outcomes")
ACTION_CUES = ("action", "actions", "follow up", "todo", "to do", "tasks", "task")
# Saying verbs only: "the report of the Secretary-General" is a document question, not this.
REPORT_CUES = ("report say", "report says", "report said", "report mention", "report mentions",
               "rapporteur say", "rapporteur said", "rapporteur says", "in the report")
# "Programme of Action", "plan of action", "call to action": names, not actions to take.
_NAMED_ACTION = re.compile(r"\b(?:of|to|for) actions?\b")
CUE_WORDS = frozenset(w for cue in AGREED_CUES + ACTION_CUES + REPORT_CUES for w in cue.split()) | {
    "rapporteur", "rapporteurs", "report", "reports", "noted", "notes", "note", "item", "items", "owner", "owners",
    "who", "whom", "any", "were", "was", "there", "on", "about", "regarding", "concerning",
}
MAX_LINES = 8
_LABEL = re.compile(r"^\(?([A-Za-z0-9]{1,6})[.)]\s")  # "V. Remittances", "(e) Return migration"


@dataclass(frozen=True)
class _Wanted:
    kinds: frozenset[str]
    report: bool  # passages of the published report count too


def _wanted(ask: Ask) -> _Wanted | None:
    q = ask.query
    if q.has(*ACTION_CUES) and not _NAMED_ACTION.search(q.text):
        return _Wanted(frozenset({NoteKind.ACTION}), report=True)
    if q.has(*AGREED_CUES):
        return _Wanted(frozenset({NoteKind.AGREED, NoteKind.CONCLUSION}), report=True)
    if q.has(*REPORT_CUES) or q.has("rapporteur", "rapporteurs") and q.has("say", "said", "says", "noted"):
        return _Wanted(frozenset(NoteKind), report=True)
    return None


def _stem(word: str) -> str:
    # Enough of a word to meet its plural and its -ing/-ed forms ("remittances" ~ "remittance").
    return word if len(word) <= 4 else word[: max(4, len(word) - 3)]


def _topic(ask: Ask) -> list[str]:
    return [_stem(t) for t in ask.query.tokens if len(t) >= 3 and t not in CUE_WORDS and t not in COMMON]


def _matches(text: str, stems: Sequence[str]) -> int:
    words = words_of(text)
    return sum(1 for s in stems if any(w.startswith(s) for w in words))


def _report(ask: Ask) -> Document | None:
    found = [d for d in ask.meeting.documents if is_report_category(d.category) and d.body.strip()]
    return found[-1] if found else None


def _heading_like(lines: list[str]) -> bool:
    # A report typed in Word or as text: a short line alone, not a sentence, heads what follows.
    return len(lines) == 1 and len(lines[0]) < 80 and not lines[0].endswith((".", ":", ";", "?", "!"))


def _report_passages(doc: Document, stems: Sequence[str], numbers: Sequence[str]) -> list[str]:
    """Paragraphs of the report on the topic; a paragraph under an item's heading counts as on it."""
    found: list[str] = []
    heading = ""
    for block in re.split(r"\n\s*\n|\f", doc.body):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        if lines[0].startswith("#") or _heading_like(lines):
            heading = lines[0].lstrip("# ")
            lines = lines[1:]
        text = " ".join(lines)
        if not text:
            continue
        label = _LABEL.match(heading)
        under = label.group(1).casefold() if label else ""
        on_item = bool(numbers) and under in numbers
        if on_item or (stems and _matches(f"{heading} {text}", stems)):
            found.append(text if len(text) <= 400 else text[:399] + "…")
    return found


def _item_numbers(ref: ItemRef | None) -> list[str]:
    """The numbers of an item named by number ("item V").

    "The rapporteur" names an item by kind, but in "what did the rapporteur
    say about X?" it is who speaks, not what about.
    """
    if ref is None or ref.how != "number" or not ref.occurrences:
        return []
    return [o.item.number.casefold() for o in ref.occurrences if o.item.number]


def _chosen_notes(notes: Sequence[Note], wanted: _Wanted, numbers: list[str], stems: list[str]) -> list[Note]:
    def on_topic(n: Note) -> bool:
        if numbers:
            return n.item_number.casefold() in numbers
        return bool(stems) and bool(_matches(f"{n.text} {n.item_title}", stems))

    return [n for n in notes if n.kind in wanted.kinds and on_topic(n)]


def _notes_lines(chosen: list[Note], wanted: _Wanted, topic: str) -> list[Words | str]:
    if not chosen:
        return []
    if wanted.kinds == {NoteKind.ACTION}:
        label = "Actions"
    else:
        label = "Agreed" if NoteKind.INFO not in wanted.kinds else "Noted"
    lines: list[Words | str] = [f"{label} on {topic}, from the rapporteur's notes:"]
    for note in chosen[:MAX_LINES]:
        owner = f" (owner: {note.owner_name or note.owner})" if note.kind == NoteKind.ACTION else ""
        where = f" [item {note.item_number}]" if note.item_number else ""
        lines.append(f"• {note.text}{owner}{where}")
    if len(chosen) > MAX_LINES:
        lines.append(Words.of(f"…and {len(chosen) - MAX_LINES} more (", Hint.NOTES, " lists them)."))
    return lines


def answer_outcomes(ask: Ask, ref: ItemRef | None) -> Answer | None:
    wanted = _wanted(ask)
    if wanted is None or ask.notes is None:
        return None
    numbers = _item_numbers(ref)
    stems = [] if numbers else _topic(ask)
    if not numbers and not stems:
        return None
    chosen = _chosen_notes(ask.notes(), wanted, numbers, stems)
    report = _report(ask) if wanted.report else None
    passages = _report_passages(report, stems, numbers) if report is not None else []
    if not chosen and not passages:
        return None
    topic = ref.said if numbers and ref else " ".join(t for t in ask.query.tokens
                                                     if len(t) >= 3 and t not in CUE_WORDS and t not in COMMON)
    lines = _notes_lines(chosen, wanted, topic)
    if passages and report is not None:
        lines.append(f"The rapporteur's report (“{report.title}”) says:")
        lines += [f"• “{p}”" for p in passages[:3]]
    said = words_lines(*lines)
    return Answer(
        "outcomes", plain(said), ask.meeting.slug, words=said,
        documents=(report,) if passages and report is not None else (),
        passages=tuple(Passage(report, p) for p in passages[:3]) if report is not None else (),
    )
