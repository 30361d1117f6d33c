"""``/agenda`` for organizers: move, cancel, rename, doc add, import, organizers, history, rollback.

Each change is previewed (only the organizer sees it) with Confirm and
Cancel; nothing changes before Confirm. Anyone may list organizers and the
history; only organizers and workspace admins may change anything (the grammar
row's action, checked by the dispatcher before ``run``).
"""

from __future__ import annotations

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.organizers import EditError, parse_edit
from bot.requests import organize, uploads
from bot.vocabulary import user_word
from handlers.deps import Deps
from handlers.listeners.common.organizing import (
    UPLOAD_WAIT,
    meeting_or_say,
    proposals,
    show,
)
from handlers.render import usage
from handlers.render.blocks import Message, said, simple
from handlers.render.organizer import (
    history_messages,
    import_modal,
    organizers_messages,
    preview_messages,
)
from handlers.slack.payloads import SlashCommand
from store.values import Meeting


def run(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand) -> None:
    head = cmd.text.split()[0].lower()
    found = meeting_or_say(deps, client, respond, cmd)
    if found is None:
        return
    meeting = found
    rest = cmd.text.split(None, 1)[1] if len(cmd.text.split()) > 1 else ""
    if head.startswith("organi"):
        reply = _organizers(deps, cmd, meeting, rest)
    elif head == "history":
        reply = history_messages(meeting, organize.revisions(deps, meeting.slug), deps.people.get(cmd.user).locale)
    elif head == "rollback":
        reply = _rollback(deps, cmd, meeting, rest)
    elif head == "import":
        reply = _import(deps, client, cmd, meeting)
    else:
        try:
            edit = parse_edit(cmd.text)
            reply = preview_messages(proposals(deps).preview_edit(meeting.slug, edit, cmd.user),
                                     deps.people.get(cmd.user).locale)
        except EditError as exc:
            reply = said(exc.words)
    show(client, respond, cmd.channel, cmd.user, reply)


def _organizers(deps: Deps, cmd: SlashCommand, meeting: Meeting, rest: str) -> list[Message]:
    words = rest.split()
    if not words:
        return organizers_messages(meeting.title, organize.organizers_of(deps, meeting.slug))
    action = words[0].lower()
    users = [user for w in words[1:] if (user := user_word(w))]
    if action not in ("add", "remove") or not users or len(users) != len(words) - 1:
        return simple(usage.ORGANIZERS)
    listed = organize.change_organizers(deps, meeting.slug, add=action == "add", users=users, by=cmd.user)
    note = ("Added." if action == "add" else "Removed.")
    return organizers_messages(meeting.title, listed, note)


def _rollback(deps: Deps, cmd: SlashCommand, meeting: Meeting, rest: str) -> list[Message]:
    if not rest.strip().isdigit():
        return simple(usage.ROLLBACK)
    preview = proposals(deps).preview_rollback(meeting.slug, int(rest), cmd.user)
    if preview is None:
        return simple(usage.no_revision(meeting.title, int(rest)))
    return preview_messages(preview, deps.people.get(cmd.user).locale)


def _import(deps: Deps, client: WebClient, cmd: SlashCommand, meeting: Meeting) -> list[Message]:
    uploads.expect(deps, cmd.user, cmd.channel, meeting.slug, deps.wall_clock.now() + UPLOAD_WAIT)
    if cmd.trigger_id:
        client.views_open(trigger_id=cmd.trigger_id, view=import_modal(meeting.slug, cmd.channel))
    return simple(
        f"Upload the new agenda of {meeting.title} here within 10 minutes (any format agendabot imports), "
        "or paste it (up to 3,000 characters) in the window that opened. "
        "You will see what changes before anything does."
    )
