"""``/agenda notes``, ``/agenda now ITEM`` and ``/agenda report draft|publish``: the
rapporteur's desk. Every reply is ephemeral.

Anyone may list the notes; organizers (and workspace admins) and the meeting's
rapporteur may move or drop them, ask for the draft and publish the report;
only organizers may say which item is under discussion. Those are the grammar
rows' actions, checked by the dispatcher before ``run``; only the menu beside a
note (not an ``/agenda`` row) checks here.
"""

from __future__ import annotations

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.permissions import Action
from bot.rapporteur.attribution import session_at
from bot.rapporteur.markdown import render_markdown
from bot.rapporteur.notes import (
    NotesError,
)
from bot.reminders.wording import Say
from bot.requests import notes, uploads
from bot.requests.notes import draft_of
from handlers.deps import Deps, refused
from handlers.listeners.common.answering import language_of
from handlers.listeners.common.notes import published, send_draft
from handlers.listeners.common.organizing import UPLOAD_WAIT, meeting_or_say, show
from handlers.render import usage
from handlers.render.blocks import (
    Message,
    said,
    simple,
)
from handlers.render.notes import listing, where
from handlers.render.refusals import refusal_messages
from handlers.slack.payloads import SlashCommand
from store.values import Meeting


def run(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand) -> None:
    found = meeting_or_say(deps, client, respond, cmd)
    if found is None:
        return
    head, _sep, rest = cmd.text.strip().partition(" ")
    head, rest = head.lower(), rest.strip()
    say = Say.of(deps.people.get(cmd.user).locale)  # the asker's language
    try:
        if head == "now":
            reply = _now(deps, cmd, found, rest, say)
        elif head == "notes":
            reply = _notes(deps, cmd, found, rest, say)
        else:
            reply = _report(deps, client, cmd, found, rest, say)
    except NotesError as exc:
        reply = said(exc.words)
    show(client, respond, cmd.channel, cmd.user, reply)


def _may_edit(deps: Deps, user: str, meeting: Meeting) -> bool:
    return refused(deps, user, meeting.slug, Action.MOVE_NOTE) is None


def _now(deps: Deps, cmd: SlashCommand, meeting: Meeting, item: str, say: Say) -> list[Message]:
    _ = say
    now = deps.clock.now()
    session = session_at(meeting, now)
    if session is None:
        return simple(_("No session of {title} is on now, so there is no current item to set. "
                        "Notes taken between sessions are filed as general.").format(title=meeting.title))
    label = notes.set_current(deps, meeting, session, item, by=cmd.user, now=now)
    return simple(_("Now under discussion in the {session}: {label}. Notes marked from now on go under it.").format(
        session=session.title, label=label))


def _notes(deps: Deps, cmd: SlashCommand, meeting: Meeting, rest: str, say: Say) -> list[Message]:
    words = rest.split()
    action = words[0].lower() if words else ""
    if action in ("move", "drop"):
        return _change(deps, cmd.user, meeting, action, words[1:], say)
    found = notes.notes_of(deps, meeting, rest)
    return listing(meeting, found, rest, editable=_may_edit(deps, cmd.user, meeting) if found else False,
                   language=say.language)


def _change(deps: Deps, user: str, meeting: Meeting, action: str, args: list[str], say: Say) -> list[Message]:
    """Moves or drops a note; whether ``user`` may is the caller's check (once)."""
    _ = say
    wanted = 2 if action == "move" else 1
    if len(args) < wanted or not args[0].isdigit():
        return simple(usage.NOTES_CHANGE)
    number, now = int(args[0]), deps.clock.now()
    if action == "move":
        note = notes.move(deps, meeting, number, " ".join(args[1:]), by=user, now=now)
        return simple(_("Note {number} is now filed under {where}.").format(number=note.id, where=where(note, say)))
    note = notes.drop(deps, meeting, number, by=user, now=now)
    return simple(_("Note {number} is dropped from the report.").format(number=note.id))


def change_from_menu(deps: Deps, user: str, value: str) -> list[Message]:
    """A choice in the menu beside a note: ``"ID:NUMBER"``, ``"ID:general"`` or ``"ID:drop"``."""
    note_id, _sep, target = value.partition(":")
    _ = say = Say.of(deps.people.get(user).locale)
    if not note_id.isdigit() or not target:
        return simple(usage.NOTES_MENU_STALE)
    meeting = notes.meeting_of_note(deps, int(note_id))
    if meeting is None:
        return simple(_("There is no note {number} any more.").format(number=note_id))
    if refusal := refused(deps, user, meeting.slug, Action.MOVE_NOTE):  # a menu, not an /agenda row
        return refusal_messages(refusal, language_of(deps, user))
    try:
        done = _change(deps, user, meeting, "drop" if target == "drop" else "move",
                       [note_id] if target == "drop" else [note_id, target], say)
    except NotesError as exc:
        done = said(exc.words)
    return done + listing(meeting, notes.notes_of(deps, meeting), "", editable=True, language=say.language)


def _report(deps: Deps, client: WebClient, cmd: SlashCommand, meeting: Meeting, rest: str,
            say: Say) -> list[Message]:
    _ = say
    words = rest.lower().split()
    if words[0] == "draft":
        send_draft(deps.db_factory, deps.clock, client, meeting.slug, cmd.user)
        return simple(_("The draft report is in your DM with me, as a message and as Markdown and Word files."))
    if words[1:] == ["draft"]:
        return _publish_draft(deps, client, cmd, meeting)
    uploads.expect(deps, cmd.user, cmd.channel, meeting.slug, deps.wall_clock.now() + UPLOAD_WAIT, purpose="report")
    minutes = int(UPLOAD_WAIT.total_seconds() // 60)
    return simple(usage.upload_report(meeting.title, minutes))


def _publish_draft(deps: Deps, client: WebClient, cmd: SlashCommand, meeting: Meeting) -> list[Message]:
    draft = draft_of(deps.db_factory, meeting.slug, deps.clock.now())
    assert draft is not None  # the meeting was just found
    data = render_markdown(draft).encode()
    return published(deps, client, meeting, data, f"{draft.filename_stem}.md", link="", user=cmd.user)
