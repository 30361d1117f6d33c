"""An agenda file uploaded to the bot: in a DM, or in a channel after ``/agenda import``.

The file is fetched with the bot token (``files.info``, then its private
URL), read by the same importers as ``agendabot import``, and answered with
a preview, or with the file's errors and their line numbers; nothing changes
before Confirm. Files shared in channels without ``/agenda import`` are
people's business, not ours, and are left alone.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.permissions import Action, never_admin
from bot.requests import uploads
from bot.requests.meeting import meeting as meeting_named
from handlers.deps import Deps, deps_of, refused
from handlers.listeners.common.answering import language_of
from handlers.listeners.common.notes import published
from handlers.listeners.common.organizing import proposals, show
from handlers.render.blocks import Message, simple
from handlers.render.organizer import preview_messages
from handlers.render.refusals import refusal_messages
from store.values import AgendaImportError

log = logging.getLogger(__name__)

MAX_BYTES = 5_000_000  # agendas are small; a 50 MB video is not one
REPORT_MAX_BYTES = 20_000_000  # a report in Word with a few charts
DOWNLOAD_TIMEOUT = 10


class FileRefused(Exception):
    """A file we will not read; the message is for the person who shared it."""


def download(client: WebClient, info: dict[str, Any], limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, asked for with the bot token, but only from Slack (or SLACK_API_URL's host):
    the token must never go to whatever host a file record names."""
    url = str(info.get("url_private_download") or info.get("url_private") or "")
    host = urlsplit(url).hostname
    if not url or host not in {"files.slack.com", urlsplit(client.base_url).hostname}:
        raise FileRefused("I can only read files uploaded to Slack itself.")
    too_large = FileRefused(f"That file is too large ({limit // 1_000_000} MB at most).")
    if int(info.get("size") or 0) > limit:
        raise too_large
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:  # noqa: S310 (host checked above)
            data: bytes = response.read(limit + 1)
            if (_html_answer(response.headers.get("Content-Type", ""), data) and not _is_html_file(info)):
                # Slack answers an unauthorised file URL with its sign-in page; a saved
                # web page that someone uploaded is HTML too, and is read as such.
                raise FileRefused("Slack did not let me read that file (does the app have the files:read scope?).")
    except urllib.error.HTTPError as exc:
        raise FileRefused(f"Slack did not let me read that file (HTTP {exc.code}); "
                          "upload it again, or check that the app has the files:read scope.") from None
    except (urllib.error.URLError, OSError):  # timeouts and dropped connections included
        raise FileRefused("I could not download that file from Slack just now; please upload it again.") from None
    if len(data) > limit:
        raise too_large
    return data


def _html_answer(content_type: str, data: bytes) -> bool:
    return "text/html" in content_type and b"<html" in data[:200].lower()


def _is_html_file(info: dict[str, Any]) -> bool:
    """What the uploader shared was itself a web page (Slack's own record says so)."""
    return (str(info.get("filetype") or "").casefold() in {"html", "htm"}
            or str(info.get("mimetype") or "").casefold() == "text/html")


def _problem(name: str, exc: AgendaImportError) -> list[Message]:
    where = f"line {exc.line}: " if exc.line else ""
    return simple(f"I could not read {name} as an agenda — {where}{exc.message}. Nothing was changed; "
                  "fix the file and upload it again.")


def _report(deps: Deps, client: WebClient, slug: str, file_id: str, user: str) -> list[Message]:
    """The rapporteur's final report, uploaded after ``/agenda report publish``."""
    meeting = meeting_named(deps, slug)
    if meeting is None:
        return simple(f"The meeting {slug} is gone; nothing was published.")
    info = client.files_info(file=file_id)["file"]
    name = str(info.get("name") or "the file")
    try:
        data = download(client, info, limit=REPORT_MAX_BYTES)
    except FileRefused as exc:
        return simple(f"{exc} Nothing was published.")
    link = str(info.get("permalink") or info.get("url_private") or "")
    return published(deps, client, meeting, data, name, link=link, user=user)


def agenda_file(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    deps = deps_of(context)
    user, channel = str(event.get("user_id") or ""), str(event.get("channel_id") or "")
    file_id = str(event.get("file_id") or (event.get("file") or {}).get("id") or "")
    if not user or not file_id or user == context.bot_user_id:
        return
    # `/agenda report publish` asked for this file?
    report_for = uploads.take(deps, user, channel, deps.wall_clock.now(), purpose="report")
    if report_for is not None:
        show(client, None, channel, user, _report(deps, client, report_for, file_id, user))
        return
    slug = uploads.take(deps, user, channel, deps.wall_clock.now())
    if slug is None and not channel.startswith("D"):
        return
    if refusal := refused(deps, user, slug, Action.EDIT_AGENDA):
        show(client, None, channel, user, refusal_messages(refusal, language_of(deps, user)))
        return
    info = client.files_info(file=file_id)["file"]
    name = str(info.get("name") or "the file")
    try:
        # Bytes, not text: a PDF or Word agenda is read as a document (issue 13).
        preview = proposals(deps).preview_import(slug, download(client, info), name, user)
    except FileRefused as exc:
        show(client, None, channel, user, simple(str(exc)))
        return
    except AgendaImportError as exc:
        show(client, None, channel, user, _problem(name, exc))
        return
    if slug is None and (refusal := refused(deps, user, preview.slug, Action.EDIT_AGENDA)):
        # A DM upload names its meeting itself; it may be one this person does not organize.
        if preview.proposal_id:
            proposals(deps).cancel(preview.proposal_id, user, is_admin=never_admin)  # its author
        show(client, None, channel, user, refusal_messages(refusal, language_of(deps, user)))
        return
    show(client, None, channel, user, preview_messages(preview))
