"""An agenda file uploaded to the bot: in a DM, or in a channel after ``/agenda import``.

The file is fetched with the bot token (``files.info``, then its private
URL), read by the same importers as ``agendabot import``, and answered with
a preview, or with the file's errors and their line numbers; nothing changes
before Confirm. Files shared in channels without ``/agenda import`` are
people's business, not ours, and are left alone.
"""

from __future__ import annotations

import logging
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.clock import SystemClock
from bot.organizers.uploads import take_upload
from handlers.blocks import Message, simple
from handlers.deps import Deps
from handlers.organizer_blocks import preview_messages
from handlers.organizing import allowed, proposals, refusal, show
from store.db import transaction
from store.importers.common import decode
from store.values import AgendaImportError

log = logging.getLogger(__name__)

MAX_BYTES = 5_000_000  # agendas are small; a 50 MB video is not one
DOWNLOAD_TIMEOUT = 10


class FileRefused(Exception):
    """A file we will not read; the message is for the person who shared it."""


def download(client: WebClient, info: dict[str, Any]) -> bytes:
    """The file's bytes, asked for with the bot token, but only from Slack (or SLACK_API_URL's host):
    the token must never go to whatever host a file record names."""
    url = str(info.get("url_private_download") or info.get("url_private") or "")
    host = urlsplit(url).hostname
    if not url or host not in {"files.slack.com", urlsplit(client.base_url).hostname}:
        raise FileRefused("I can only read files uploaded to Slack itself.")
    if int(info.get("size") or 0) > MAX_BYTES:
        raise FileRefused("That file is too large for an agenda (5 MB at most).")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:  # noqa: S310 (host checked above)
        data = response.read(MAX_BYTES + 1)
        if "text/html" in response.headers.get("Content-Type", "") and b"<html" in data[:200].lower():
            # Slack answers an unauthorised file URL with its sign-in page.
            raise FileRefused("Slack did not let me read that file (does the app have the files:read scope?).")
    if len(data) > MAX_BYTES:
        raise FileRefused("That file is too large for an agenda (5 MB at most).")
    return data


def _problem(name: str, exc: AgendaImportError) -> list[Message]:
    where = f"line {exc.line}: " if exc.line else ""
    return simple(f"I could not read {name} as an agenda — {where}{exc.message}. Nothing was changed; "
                  "fix the file and upload it again.")


def register(app: App, deps: Deps) -> None:
    @app.event("file_shared")
    def agenda_file(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        user, channel = str(event.get("user_id") or ""), str(event.get("channel_id") or "")
        file_id = str(event.get("file_id") or (event.get("file") or {}).get("id") or "")
        if not user or not file_id or user == context.bot_user_id:
            return
        with transaction(deps.db_factory) as db:
            slug = take_upload(db, user, channel, SystemClock().now())
        if slug is None and not channel.startswith("D"):
            return
        if not allowed(deps, user, slug):
            with deps.db_factory() as db:
                meeting = deps.assistant.meeting(db, slug) if slug else None
            show(client, None, channel, user, refusal(deps, meeting) if meeting else simple(
                "Only organizers of a meeting and workspace admins can update agendas. Nothing was changed."))
            return
        info = client.files_info(file=file_id)["file"]
        name = str(info.get("name") or "the file")
        try:
            text = decode(download(client, info))
            preview = proposals(deps).preview_import(slug, text, name, user)
        except FileRefused as exc:
            show(client, None, channel, user, simple(str(exc)))
            return
        except AgendaImportError as exc:
            show(client, None, channel, user, _problem(name, exc))
            return
        if slug is None and not allowed(deps, user, preview.slug):
            # A DM upload names its meeting itself; it may be one this person does not organize.
            if preview.proposal_id:
                proposals(deps).cancel(preview.proposal_id, user)
            with deps.db_factory() as db:
                meeting = deps.assistant.meeting(db, preview.slug)
            show(client, None, channel, user, refusal(deps, meeting) if meeting else simple("Nothing was changed."))
            return
        show(client, None, channel, user, preview_messages(preview))
