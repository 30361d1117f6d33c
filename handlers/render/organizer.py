"""Block Kit for the organizer workflow: previews with Confirm/Cancel, history, the modals.

Everything from the store or from people is escaped, as in handlers/render/blocks.py,
whose packing (Slack's limits, plain-text fallbacks) these go through.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.i18n import N_
from bot.organizers import Applied, Preview, Refused
from bot.reminders.wording import Say
from bot.timefmt import clock_or, day_month, short_day, short_moment
from handlers.render.blocks import (
    MESSAGE_TEXT_CHARS,
    OPTION_CHARS,
    SELECT_OPTIONS,
    VIEW_BLOCKS,
    Message,
    Part,
    context,
    escape,
    header,
    pack,
    sections,
    simple,
    truncate,
)
from handlers.render.zone_picker import ZONE_PROMPT, zone_menu
from store.agenda import RevisionInfo
from store.values import Meeting, Session

CONFIRM_ACTION = "proposal_confirm"  # value: the proposal id
CANCEL_ACTION = "proposal_cancel"
HOME_EDIT_ACTION = "home_edit_session"  # an option value: see _session_ref
IMPORT_MODAL = "agenda_import_modal"
IMPORT_BLOCK = "agenda_text"
IMPORT_INPUT = "agenda_text_input"
EDIT_MODAL = "session_edit_modal"
EDIT_START_BLOCK, EDIT_START_INPUT = "session_start", "session_start_input"
EDIT_END_BLOCK, EDIT_END_INPUT = "session_end", "session_end_input"
EDIT_ITEMS_BLOCK, EDIT_ITEMS_INPUT = "session_items", "session_items_input"
# A plain-text input holds at most 3,000 characters: a long session's items are spread over
# several fields, each filled to at most EDIT_FIELD_FILL so a few lines can be typed in.
EDIT_FIELD_CHARS = 3000
PASTE_CHARS = 3000  # the same cap on the pasted agenda
EDIT_FIELD_FILL = 2500
EDIT_MAX_FIELDS = 60  # 60 full fields stay far below a view's 250 kB and 100 blocks

STALE_NOTE = N_("The agenda changed since your preview. Here is your change as it would apply now:")
EXPIRED_NOTE = N_("That preview was more than an hour old. Here is your change as it would apply now:")
HISTORY_SHOWN = 20
# A whole agenda's import can list thousands of changes: a preview shows what fits about two
# messages (handlers/render/budget.py) and counts the rest, so Confirm is never many messages away.
CHANGES_CHARS = 2 * MESSAGE_TEXT_CHARS - 2000


def change_lines(texts: Sequence[str], budget: int = CHANGES_CHARS, say: Say | None = None) -> str:
    """One escaped line a change, as many as ``budget`` characters hold, then how many more."""
    lines: list[str] = []
    used = 0
    for text in texts:
        line = f"• {escape(text)}"
        if lines and used + len(line) + 1 > budget:
            _ = say or Say.of(None)
            lines.append(_("…and {count} more changes.").format(count=len(texts) - len(lines)))
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def mention(user: str) -> str:
    """``<@U123>`` for Slack user ids; other authors ("cli", "agendabot") as written."""
    return f"<@{user}>" if user[:1] in ("U", "W") and user.isalnum() and user.isupper() else escape(user or "-")


def preview_messages(preview: Preview, language: str | None = None) -> list[Message]:
    """A change's preview with Confirm and Cancel; our words in the reader's ``language`` (the
    change lines, from store/diff/preview.py, are English for now)."""
    _ = say = Say.of(language)
    if preview.proposal_id is None:
        note = _(STALE_NOTE) + "\n" if preview.stale else ""
        return simple(note + _("That changes nothing: the agenda of {title} already reads like this.").format(
            title=preview.meeting_title))
    parts: list[Part] = []
    if preview.stale or preview.expired:
        parts += sections(f"*{escape(_(STALE_NOTE) if preview.stale else _(EXPIRED_NOTE))}*")
    parts.append(header(_("Preview: {title}").format(title=preview.meeting_title)))
    parts += sections(change_lines([c.text for c in preview.changes], say=say))
    if preview.warnings:
        shown = "\n".join(f"⚠ {escape(w)}" for w in preview.warnings[:10])
        more = ("\n" + _("…and {count} more warnings").format(count=len(preview.warnings) - 10)
                if len(preview.warnings) > 10 else "")
        parts += sections(shown + more)
    if preview.note:
        parts += sections(escape(preview.note))
    parts.append(context(_("Nothing changes until you confirm · from revision {revision} · {source}").format(
        revision=preview.base_revision, source=escape(preview.source))))
    buttons = ActionsBlock(elements=[
        ButtonElement(text=_("Confirm"), action_id=CONFIRM_ACTION, value=preview.proposal_id, style="primary"),
        ButtonElement(text=say.tr.pgettext("button", "Cancel"), action_id=CANCEL_ACTION, value=preview.proposal_id),
    ])
    trailer = [Part.of(buttons, "")]
    if preview.zone_unknown:  # asked next to Confirm, so nobody confirms UTC times unawares
        trailer[:0] = [*sections(f"*{ZONE_PROMPT}*"), Part.of(zone_menu(preview.proposal_id), "")]
    return pack(parts, trailer)


def applied_messages(applied: Applied, channel: str | None, language: str | None = None) -> list[Message]:
    # Only numbers and a channel id go in unescaped: nothing a person typed.
    _ = say = Say.of(language)
    done = (_("Done: saved as revision {revision} and announced in {channel}.") if channel
            else _("Done: saved as revision {revision}; no channel is linked to announce it in."))
    changes = change_lines([c.text for c in applied.changes], say=say)
    return pack(sections(done.format(revision=applied.revision, channel=f"<#{channel}>") + f"\n{changes}"))


def refused_messages(refused: Refused, language: str | None = None) -> list[Message]:
    """Why nothing changed; the fixed sentences (``N_`` in bot/organizers/proposals.py) in ``language``."""
    return simple(Say.of(language)(refused.text))


def announcement_messages(text: str, author: str) -> list[Message]:
    head, _, rest = text.partition("\n")
    lines = rest.splitlines()
    kept: list[str] = []
    for line in lines:  # a channel gets about two messages, never dozens
        if kept and sum(len(k) + 1 for k in kept) + len(line) > CHANGES_CHARS:
            kept.append(f"…and {len(lines) - len(kept)} more lines.")
            break
        kept.append(line)
    rest = "\n".join(kept)
    parts = sections(f"*{escape(head)}*\n{escape(rest)}" if rest else escape(head))
    parts.append(context(f"Changed by {mention(author)} · `/agenda history` lists every change"))
    return pack(parts)


def organizers_messages(meeting_title: str, organizers: Sequence[str], note: str = "") -> list[Message]:
    listed = ", ".join(mention(u) for u in organizers) or "none yet"
    text = (f"{escape(note)}\n" if note else "") + (
        f"Organizers of {escape(meeting_title)}: {listed}. Workspace admins may always change it too.\n"
        "`/agenda organizers add @someone` · `/agenda organizers remove @someone`")
    return pack(sections(text))


def history_messages(meeting: Meeting, revisions: Sequence[RevisionInfo], language: str | None = None) -> list[Message]:
    _ = Say.of(language)
    shown = list(revisions)[-HISTORY_SHOWN:]
    lines = []
    for rev in reversed(shown):
        tail = " " + _("(+{count} more)").format(count=rev.more_changes) if rev.more_changes else ""
        when = short_moment(rev.created_at, meeting.timezone)
        lines.append(f"*{rev.number}* · {when} · {mention(rev.author)} · {escape(rev.source or '-')}\n"
                     f"      {escape(truncate(rev.first_change, 300))}{tail}")
    parts = [header(_("History: {title}").format(title=meeting.title))] + sections(
        "\n".join(lines) or _("No revisions yet."))
    older = len(revisions) - len(shown)
    note = _("{count} older revisions not shown · ").format(count=older) if older > 0 else ""
    parts.append(context(note + _("times in the meeting's zone · {command} previews restoring one").format(
        command="`/agenda rollback N`")))
    return pack(parts)


def import_modal(slug: str, channel: str) -> dict[str, Any]:
    field = InputBlock(
        block_id=IMPORT_BLOCK,
        label="The whole agenda",
        # Slack keeps at most 3,000 characters of a text field: a conference's agenda is far
        # longer, and only the file upload takes it whole.
        hint=f"Up to {PASTE_CHARS:,} characters (Slack's limit for this field), in any format agendabot "
             "imports. A longer agenda: close this and upload the file here or in our DM instead.",
        element=PlainTextInputElement(action_id=IMPORT_INPUT, multiline=True, max_length=PASTE_CHARS,
                                      placeholder="Paste the agenda here"),
    )
    view = View(type="modal", callback_id=IMPORT_MODAL, title="Update the agenda", submit="Preview",
                close="Close", private_metadata=json.dumps({"m": slug, "c": channel}), blocks=[field])
    return view.to_dict()


def _clock(value: datetime | None, zone: str) -> str:
    return clock_or(value, zone, "")


def items_block_id(index: int) -> str:
    """The block of the editor's ``index``-th items field (the first keeps the old id)."""
    return EDIT_ITEMS_BLOCK if index == 0 else f"{EDIT_ITEMS_BLOCK}.{index}"


def item_fields(session: Session) -> list[str] | None:
    """The session's items, one a line, spread over fields that each fit an input; None when
    they cannot all be shown (a line longer than a field, or more fields than a modal holds):
    an editor missing a line would cancel that item on submit."""
    lines = [f"{i.number}. {i.title}" if i.number else i.title for i in session.items]
    fields: list[str] = []
    for line in lines:
        if len(line) > EDIT_FIELD_CHARS:
            return None
        if fields and len(fields[-1]) + 1 + len(line) <= EDIT_FIELD_FILL:
            fields[-1] += "\n" + line
        else:
            fields.append(line)
    if len(fields) > EDIT_MAX_FIELDS:
        return None
    return fields or [""]


def session_edit_modal(meeting: Meeting, session: Session) -> dict[str, Any] | None:
    """The session's editor, every item in it; None when its items cannot all fit a modal."""
    fields = item_fields(session)
    if fields is None:
        return None

    def time_input(block: str, action: str, label: str, value: str) -> InputBlock:
        return InputBlock(block_id=block, label=label, optional=True,
                          element=PlainTextInputElement(action_id=action, initial_value=value or None,
                                                        placeholder="15:30"))

    blocks = [
        time_input(EDIT_START_BLOCK, EDIT_START_INPUT, "Starts at", _clock(session.starts_at, meeting.timezone)),
        time_input(EDIT_END_BLOCK, EDIT_END_INPUT, "Ends at", _clock(session.ends_at, meeting.timezone)),
    ]
    for index, text in enumerate(fields):
        first = index == 0
        blocks.append(InputBlock(
            block_id=items_block_id(index), optional=True,
            label="Items, one a line" if first else f"Items, continued ({index + 1} of {len(fields)})",
            hint="“V. Title”; a line left out is cancelled, a new line is added." if first else None,
            element=PlainTextInputElement(action_id=EDIT_ITEMS_INPUT, multiline=True, max_length=EDIT_FIELD_CHARS,
                                          initial_value=text or None)))
    title = truncate(f"{session.title} {day_month(session.day)}", 24)
    # "n": how many items fields were shown; a submission must bring every one of them back.
    view = View(type="modal", callback_id=EDIT_MODAL, title=title, submit="Preview", close="Close",
                private_metadata=json.dumps({"m": meeting.slug, "s": session.key, "n": len(fields)}), blocks=blocks)
    return view.to_dict()


def _session_ref(meeting: Meeting, session: Session) -> str:
    # Day and place in the day, then the slug: within an option value's 150 characters even
    # for long titles (a Home is redrawn after every change, so the place stays current).
    place = next(n for n, s in enumerate(next(d for d in meeting.days if d.date == session.day).sessions)
                 if s is session)
    return f"{session.day.isoformat()}#{place}|{meeting.slug}"


def session_from_ref(value: str) -> tuple[str, str, int] | None:
    """(slug, ISO day, place in the day) from an Edit menu value; None if unreadable."""
    head, _, slug = value.partition("|")
    day, _, place = head.partition("#")
    return (slug, day, int(place)) if slug and day and place.isdigit() else None


def with_edit_menu(view: dict[str, Any], meeting: Meeting, day: date | None = None) -> dict[str, Any]:
    """An organizer's App Home: an "Edit a session…" menu under the Home's own buttons. A
    meeting of more sessions than a menu holds lists those of ``day`` (the day the Home shows,
    picked with its day buttons): day first, then session."""
    sessions = meeting.sessions
    if len(sessions) > SELECT_OPTIONS:
        sessions = tuple(s for s in sessions if s.day == day)[:SELECT_OPTIONS]
    options = [Option(text=truncate(f"{short_day(s.day)} · {s.title}", OPTION_CHARS), value=_session_ref(meeting, s))
               for s in sessions]
    if not options:
        return view
    menu = ActionsBlock(elements=[StaticSelectElement(placeholder="Edit a session…", action_id=HOME_EDIT_ACTION,
                                                      options=options)]).to_dict()
    blocks = list(view.get("blocks", []))
    at = next((n + 1 for n, b in enumerate(blocks) if b.get("type") == "actions"), min(len(blocks), 2))
    blocks.insert(at, menu)
    return {**view, "blocks": blocks[:VIEW_BLOCKS]}
