"""``/agenda calendar``, ``/agenda pdf``, ``/agenda publish page on|off`` and ``/agenda sync``:
the agenda beyond Slack (issue 18). Replies are ephemeral; links and files go by DM.

- ``/agenda calendar`` — a DM with the page, the meeting's feed and the person's own feed
  (their reminders' sessions and items); ``/agenda calendar revoke`` retires their link.
- ``/agenda pdf`` — the agenda page as an A4 PDF, in a DM; made in the background
  (``deps.pdfs``) when it takes longer than a reply may wait, and sent when ready.
- ``/agenda publish page on|off`` (organizers) — the page and feed open to anyone with
  the address, or only through the secret link (the default); ``newlink`` replaces the
  meeting's secret link (personal links stay).
- ``/agenda sync URL [trusted] [every 10m]``, ``/agenda sync now|off`` (organizers) — follow
  a published schedule (bot/sync.py); ``/agenda sync`` says how it goes.
"""

from __future__ import annotations

import hashlib
import logging
from concurrent.futures import Future, wait

from slack_bolt import Respond
from slack_sdk import WebClient

from bot import sync as schedule_sync
from bot.fetch import FetchError
from bot.i18n import Translator
from bot.requests import organize
from bot.requests import publishing as published
from handlers.deps import Deps
from handlers.listeners.common.organizing import meeting_or_say, show
from handlers.render import usage
from handlers.render.blocks import Message, Part, context, escape, said, simple
from handlers.render.organizer import preview_messages
from handlers.slack.payloads import SlashCommand
from handlers.slack.replies import post
from handlers.web import PDF_WAIT_SECONDS, page
from store.values import Meeting

log = logging.getLogger(__name__)

# Under agenda answers: where the page, the PDF and the calendars are (links are personal: by DM).
CALENDAR_HINT = context(usage.CALENDAR)


def calendar_hint(tr: Translator) -> Part:
    return CALENDAR_HINT if tr.language == "en" else context(usage.calendar_hint(tr))


def run(deps: Deps, client: WebClient, respond: Respond, cmd: SlashCommand) -> None:
    found = meeting_or_say(deps, client, respond, cmd)
    if found is None:
        return
    head, _, rest = cmd.text.strip().partition(" ")
    head, rest = head.lower(), rest.strip()
    if head == "calendar":
        reply = _calendar(deps, client, cmd, found, rest)
    elif head == "pdf":
        reply = _pdf(deps, client, cmd, found)
    elif head == "publish":
        reply = _publish(deps, found, rest.split()[1:] if rest else [])
    else:
        reply = _sync(deps, cmd, found, rest)
    show(client, respond, cmd.channel, cmd.user, reply)


def _dm(client: WebClient, user: str) -> str:
    return str(client.conversations_open(users=user)["channel"]["id"])


def _calendar(deps: Deps, client: WebClient, cmd: SlashCommand, meeting: Meeting, rest: str) -> list[Message]:
    now = deps.wall_clock.now()
    if rest.lower() == "revoke":
        count = published.revoke_personal(deps, meeting.slug, cmd.user, now)
        return simple(usage.CALENDAR_REVOKED if count else "You had no personal calendar link to revoke.")
    links = published.calendar_links(deps, meeting.slug, cmd.user, now)
    text = usage.calendar_links(meeting.title, links)
    post(client, _dm(client, cmd.user), simple(text))
    return simple("I sent you the links to the page and the calendars in a direct message.")


def _pdf(deps: Deps, client: WebClient, cmd: SlashCommand, meeting: Meeting) -> list[Message]:
    html = page.render_print(meeting, page.Links(feed=f"{meeting.slug}.ics", pdf=f"{meeting.slug}.pdf"))

    def send(data: bytes) -> None:
        client.files_upload_v2(
            channel=_dm(client, cmd.user),
            initial_comment=f"The agenda of {meeting.title}, A4.",
            file_uploads=[{"content": data, "filename": f"{meeting.slug}.pdf", "title": meeting.title}],
        )

    if deps.pdfs is None:
        from handlers.web.pdf import html_to_pdf

        send(html_to_pdf(html))
        return simple("The agenda as a PDF is in your direct messages.")
    # Keyed by the HTML itself: the same agenda asked twice is made once.
    job = deps.pdfs.request(("slack", hashlib.sha256(html.encode()).hexdigest()), lambda: html)
    wait([job], timeout=PDF_WAIT_SECONDS)  # a typical agenda's is made by then
    if job.done() and job.exception() is None:
        send(job.result())
        return simple("The agenda as a PDF is in your direct messages.")

    def deliver(done: Future[bytes]) -> None:
        try:
            send(done.result())
        except Exception:
            log.exception("could not send the PDF of %s", meeting.slug)
            post(client, _dm(client, cmd.user), simple(usage.pdf_failed(meeting.title)))

    job.add_done_callback(deliver)
    return simple(f"The PDF of {meeting.title} is being prepared; I will send it to your direct messages "
                  "as soon as it is ready.")


def _publish(deps: Deps, meeting: Meeting, words: list[str]) -> list[Message]:
    if len(words) != 1 or words[0].lower() not in ("on", "off", "newlink"):
        return simple(usage.PUBLISH_PAGE)
    if words[0].lower() == "newlink":
        new = published.new_secret_link(deps, meeting.slug, deps.wall_clock.now())
        note = " (the page is public too, by its own address)" if new.public else ""
        return simple(f"The old secret link of {meeting.title} no longer works; the new one is {new.page}{note}.")
    public = words[0].lower() == "on"
    links = published.set_page_public(deps, meeting.slug, public, deps.wall_clock.now())
    if public:
        return simple(f"The agenda page of {meeting.title} is public: {links.page}")
    return simple(f"The agenda page of {meeting.title} opens only through its secret link: {links.page}")


def _sync(deps: Deps, cmd: SlashCommand, meeting: Meeting, rest: str) -> list[Message]:
    words = rest.split()
    checker = schedule_sync.Checker(deps.db_factory, on_preview=lambda o: None)
    try:
        if not words:
            s = published.followed(deps, meeting.slug)
            if s is None:
                return simple(usage.NOT_FOLLOWING)
            state = f"failing ({s.failures}×): {s.error}" if s.failures else "fine"
            return simple(f"Following {s.url} ({'trusted' if s.trusted else 'changes previewed'}); {state}.")
        if words[0].lower() == "off":
            done = published.unfollow(deps, meeting.slug)
            return simple("Stopped following the schedule." if done else "This meeting followed no schedule.")
        if words[0].lower() == "now":
            return _outcome(checker.check(meeting.slug))
        # Slack sends a pasted link as <url> or <url|label>.
        url, options = words[0].strip("<>").split("|")[0], [w.lower() for w in words[1:]]
        trusted = "trusted" in options
        interval = schedule_sync.DEFAULT_INTERVAL
        if "every" in options and options.index("every") + 1 < len(options):
            interval = schedule_sync.parse_interval(options[options.index("every") + 1])
        if not checker.allow_private:
            schedule_sync.check_public(url)
        published.follow(deps, meeting.slug, url, trusted=trusted, interval=interval, author=cmd.user,
                         now=deps.wall_clock.now())
        outcome = checker.check(meeting.slug)
    except schedule_sync.SyncError as exc:
        return said(exc.words)
    except FetchError as exc:
        return simple(str(exc))
    how = "applied as they come" if trusted else "previewed for an organizer to confirm"
    return [*simple(f"Following {url}; its changes will be {how}."), *_outcome(outcome)]


def _outcome(outcome: schedule_sync.Outcome) -> list[Message]:
    if outcome.preview is not None:
        return preview_messages(outcome.preview)
    if outcome.status == "failed":
        return simple(f"The schedule could not be used: {outcome.text}. I will try again later.")
    return simple(outcome.text)


def send_preview(deps: Deps, client: WebClient, outcome: schedule_sync.Outcome) -> None:
    """A followed schedule changed: its preview (Confirm/Cancel) to each organizer by DM."""
    assert outcome.preview is not None
    names = organize.organizers_of(deps, outcome.slug)
    for user in names:
        post(client, _dm(client, user), [*simple(f"*{escape(outcome.preview.meeting_title)}*, from its published schedule: "
                                                 + outcome.text), *preview_messages(outcome.preview)])
