"""The organizer modals: the pasted agenda (``/agenda import``) and a session's editor (App Home).

Text that cannot be read is answered inside the modal, next to the field, so
the organizer can fix it there; otherwise the modal closes and the preview
arrives where they were (the channel, ephemerally, or their DM with the bot).
"""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.organizers import EditError
from bot.organizers.edits import SessionEdit, parse_item_lines, parse_time
from bot.permissions import Action
from handlers.deps import deps_of, refused
from handlers.listeners.common.organizing import proposals, show
from handlers.render.organizer import (
    EDIT_END_BLOCK,
    EDIT_END_INPUT,
    EDIT_ITEMS_BLOCK,
    EDIT_ITEMS_INPUT,
    EDIT_MAX_FIELDS,
    EDIT_START_BLOCK,
    EDIT_START_INPUT,
    IMPORT_BLOCK,
    IMPORT_INPUT,
    PASTE_CHARS,
    items_block_id,
    preview_messages,
)
from handlers.render.words import slack_text
from handlers.slack.payloads import Submission
from handlers.slack.replies import post
from store.values import AgendaImportError


def _metadata(body: dict[str, Any]) -> dict[str, str]:
    try:
        return dict(json.loads((body.get("view") or {}).get("private_metadata") or "{}"))
    except ValueError:
        return {}


def pasted_agenda(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps = deps_of(context)
    submitted = Submission.parse(body, IMPORT_BLOCK, IMPORT_INPUT)
    where = _metadata(body)
    slug, channel = where.get("m", ""), where.get("c", "") or submitted.user
    if refused(deps, submitted.user, slug, Action.EDIT_AGENDA):
        ack(response_action="errors", errors={IMPORT_BLOCK: "Only the meeting's organizers can change it."})
        return
    if len(submitted.value) > PASTE_CHARS:
        # Slack itself should have stopped it at the field's max_length; never cut an agenda short.
        ack(response_action="errors", errors={IMPORT_BLOCK: (
            f"That is {len(submitted.value):,} characters; a pasted agenda holds at most {PASTE_CHARS:,}. "
            "Upload the file instead (here or in our DM). Nothing was changed.")})
        return
    try:
        preview = proposals(deps).preview_import(slug, submitted.value, "pasted text", submitted.user,
                                                 source="slack import pasted text")
    except AgendaImportError as exc:
        where_ = f"Line {exc.line}: " if exc.line else ""
        ack(response_action="errors", errors={IMPORT_BLOCK: f"{where_}{exc.message}"[:2000]})
        return
    ack()
    show(client, None, channel, submitted.user, preview_messages(preview))


def edited_session(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps = deps_of(context)
    values = ((body.get("view") or {}).get("state") or {}).get("values") or {}

    def field(block: str, action: str) -> str:
        return str(((values.get(block) or {}).get(action) or {}).get("value") or "").strip()

    user = str((body.get("user") or {}).get("id") or "")
    target = _metadata(body)
    try:
        shown = max(1, min(int(target.get("n") or 1), EDIT_MAX_FIELDS))
    except (TypeError, ValueError):
        shown = 1
    if any(items_block_id(i) not in values for i in range(shown)):
        # An item left out is cancelled: never read a partial form as "cancel the rest".
        ack(response_action="errors", errors={EDIT_ITEMS_BLOCK: "Part of the items did not come back; "
                                              "nothing was changed. Open the editor again."})
        return
    items = "\n".join(field(items_block_id(i), EDIT_ITEMS_INPUT) for i in range(shown))
    starts, ends = field(EDIT_START_BLOCK, EDIT_START_INPUT), field(EDIT_END_BLOCK, EDIT_END_INPUT)
    errors = {block: "Write a time such as 15:30 or 3:30pm." for block, text in
              ((EDIT_START_BLOCK, starts), (EDIT_END_BLOCK, ends)) if text and parse_time(text) is None}
    if errors:
        ack(response_action="errors", errors=errors)
        return
    if refused(deps, user, target.get("m"), Action.EDIT_AGENDA):
        ack(response_action="errors", errors={EDIT_ITEMS_BLOCK: "Only the meeting's organizers can change it."})
        return
    edit = SessionEdit(target.get("s", ""), parse_time(starts) if starts else None,
                       parse_time(ends) if ends else None,
                       parse_item_lines(items))
    try:
        preview = proposals(deps).preview_edit(target.get("m", ""), edit, user)
    except EditError as exc:
        ack(response_action="errors", errors={EDIT_ITEMS_BLOCK: slack_text(exc.words)})
        return
    ack()
    post(client, user, preview_messages(preview))  # from App Home: the preview waits in their DM
