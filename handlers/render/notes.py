"""The rapporteur's notes and draft report in Slack: the list of notes (with a menu beside
each for those who may file or drop them) and the draft as a message."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from bot.rapporteur.draft import DraftReport
from bot.rapporteur.notes import Note
from handlers.render.blocks import (
    NOTE_MENU_ACTION,
    OPTION_CHARS,
    SECTION_CHARS,
    Message,
    Part,
    context,
    escape,
    fallback_of,
    header,
    pack,
    sections,
    simple,
    truncate,
)
from store.values import Meeting

LISTED = 40  # with a menu each, a section block each: under Slack's 50 a message
# A menu beside each note: general and drop always, then the items of the note's own session
# (every item of a meeting in each of 40 menus was 589 kB, and cut general and drop off
# past 98 items); any other item with `/agenda notes move N ITEM`.
MENU_OPTIONS = 25
KIND_LABELS = {"agreed": "#agreed", "action": "#action", "info": "#info", "conclusion": "#conclusion",
               "note": "note"}

DRAFT_COMMENT = "The draft, to edit and then publish with `/agenda report publish`."


def _note_line(note: Note) -> str:
    link = f" · <{note.permalink}|message>" if note.permalink.startswith("https://") else ""
    owner = f" — <@{note.owner}>" if note.owner else ""
    return (f"`{note.id}` {KIND_LABELS.get(note.kind, note.kind)} {escape(note.text)}{owner} "
            f"· {escape(note.where)} · <@{note.author}>{link}")


def listing(meeting: Meeting, notes: list[Note], item: str, *, editable: bool) -> list[Message]:
    """The notes, one a line; for those who may change them, a menu beside each (file under
    another item, or drop)."""
    about = f" on item {escape(item)}" if item else ""
    if not notes:
        return simple(f"No notes{about} yet for {meeting.title}. Start a line with #agreed, #action, #info or "
                      "#conclusion in the meeting's channel, or use “Add to rapporteur notes” on a message.")
    head = f"*Rapporteur's notes{about} — {escape(meeting.title)}* ({len(notes)})"
    shown = notes[:LISTED]
    if editable:
        parts = sections(head) + [_note_with_menu(n, _menu_options(meeting, n)) for n in shown]
    else:
        parts = sections("\n".join([head] + [_note_line(n) for n in shown]))
    if len(notes) > LISTED:
        parts.append(context(f"…and {len(notes) - LISTED} more: `/agenda notes ITEM` lists one item's."))
    if editable:
        parts.append(context("The menu beside a note files it under another item or drops it; or "
                             "`/agenda notes move N ITEM` (or `general`), `/agenda notes drop N`."))
    return pack(parts)


def _menu_options(meeting: Meeting, note: Note) -> list[tuple[str, str]]:
    """The items of the note's session (of the whole meeting when it is small), as many as
    the menu holds, then general and drop, which are never cut."""
    everything = meeting.items()
    near = [i for s, i in everything if s.key == note.session_key] if len(everything) > MENU_OPTIONS - 2 else []
    labels: dict[str, str] = {}
    for item in near or [i for _, i in everything]:  # an item continued in a later session is offered once
        if item.number:
            labels.setdefault(item.number, item.label)
    targets = [(f"File under {label}", number) for number, label in labels.items()]
    return targets[:MENU_OPTIONS - 2] + [("File under general", "general"), ("Drop from the report", "drop")]


def _note_with_menu(note: Note, options: list[tuple[str, str]]) -> Part:
    menu = StaticSelectElement(
        action_id=NOTE_MENU_ACTION,
        placeholder=PlainTextObject(text="Move or drop"),
        options=[Option(text=PlainTextObject(text=truncate(label, OPTION_CHARS)), value=f"{note.id}:{target}")
                 for label, target in options],
    )
    line = _note_line(note)
    return Part.of(SectionBlock(text=MarkdownTextObject(text=truncate(line, SECTION_CHARS)), accessory=menu),
                   fallback_of(line))


def draft_messages(draft: DraftReport) -> list[Message]:
    """The draft in Slack: items with notes in full, the others named in one line."""
    parts = [header(f"Draft rapporteur's report — {draft.meeting}")]
    quiet: list[str] = []
    for section in draft.sections:
        if section.empty:
            quiet.append(section.number or section.heading)
            continue
        lines = [f"*{escape(section.heading)}*"]
        lines += [f"• {escape(p)}" for p in section.points]
        lines += [f"• Agreed: {escape(a)}" for a in section.agreed]
        lines += [f"• Action: {escape(a.text)} — <@{a.owner}>" for a in section.actions]
        parts += sections("\n".join(lines))
    if quiet:
        parts.append(context(escape("No notes yet on: " + ", ".join(quiet))))
    parts.append(context(f"{draft.note_count} notes · the Markdown and Word files follow · "
                         "`/agenda notes` to check them, `/agenda report publish` when the report is final"))
    return pack(parts)
