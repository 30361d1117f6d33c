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
from bot.reminders.wording import Say
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


def _note_line(note: Note, say: Say) -> str:
    _ = say
    message = _("message")  # the link to the note's Slack message
    link = f" · <{note.permalink}|{message}>" if note.permalink.startswith("https://") else ""
    owner = f" — <@{note.owner}>" if note.owner else ""
    return (f"`{note.id}` {KIND_LABELS.get(note.kind, note.kind)} {escape(note.text)}{owner} "
            f"· {escape(where(note, say))} · <@{note.author}>{link}")


def where(note: Note, say: Say) -> str:
    """``Note.where`` in the reader's words: the item (or session) a note is filed under."""
    _ = say
    if note.item_number:
        return _("item {number}").format(number=note.item_number)
    if note.session_title:
        return _("{session} (no item)").format(session=note.session_title)
    return _("general")


def listing(meeting: Meeting, notes: list[Note], item: str, *, editable: bool,
            language: str | None = None) -> list[Message]:
    """The notes, one a line; for those who may change them, a menu beside each (file under
    another item, or drop). The bot's words are in the reader's ``language``."""
    _ = say = Say.of(language)
    if not notes:
        empty = (_("No notes on item {item} yet for {title}.") if item else _("No notes yet for {title}."))
        return simple(empty.format(item=item, title=meeting.title) + " " + _(
            "Start a line with #agreed, #action, #info or #conclusion in the meeting's channel, "
            "or use “Add to rapporteur notes” on a message."))
    title = (_("Rapporteur's notes on item {item} — {title}") if item else _("Rapporteur's notes — {title}"))
    head = f"*{title.format(item=escape(item), title=escape(meeting.title))}* ({len(notes)})"
    shown = notes[:LISTED]
    if editable:
        parts = sections(head) + [_note_with_menu(n, _menu_options(meeting, n, say), say) for n in shown]
    else:
        parts = sections("\n".join([head] + [_note_line(n, say) for n in shown]))
    if len(notes) > LISTED:
        parts.append(context(_("…and {count} more: {command} lists one item's.").format(
            count=len(notes) - LISTED, command="`/agenda notes ITEM`")))
    if editable:
        parts.append(context(_("The menu beside a note files it under another item or drops it; or {move} "
                               "(or {general}), {drop}.").format(
            move="`/agenda notes move N ITEM`", general="`general`", drop="`/agenda notes drop N`")))
    return pack(parts)


def _menu_options(meeting: Meeting, note: Note, say: Say) -> list[tuple[str, str]]:
    """The items of the note's session (of the whole meeting when it is small), as many as
    the menu holds, then general and drop, which are never cut."""
    _ = say
    everything = meeting.items()
    near = [i for s, i in everything if s.key == note.session_key] if len(everything) > MENU_OPTIONS - 2 else []
    labels: dict[str, str] = {}
    for item in near or [i for _s, i in everything]:  # an item continued in a later session is offered once
        if item.number:
            labels.setdefault(item.number, item.label)
    targets = [(_("File under {item}").format(item=label), number) for number, label in labels.items()]
    return targets[:MENU_OPTIONS - 2] + [(_("File under general"), "general"), (_("Drop from the report"), "drop")]


def _note_with_menu(note: Note, options: list[tuple[str, str]], say: Say) -> Part:
    _ = say
    menu = StaticSelectElement(
        action_id=NOTE_MENU_ACTION,
        placeholder=PlainTextObject(text=_("Move or drop")),
        options=[Option(text=PlainTextObject(text=truncate(label, OPTION_CHARS)), value=f"{note.id}:{target}")
                 for label, target in options],
    )
    line = _note_line(note, say)
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
