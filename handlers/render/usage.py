"""What the Slack listeners say when a command needs writing another way, or points to the next one.

The sentences with `/agenda …` hints and mrkdwn live here, with the rest of Slack's
rendering, so the listeners only decide which one to say.
"""

from __future__ import annotations

from bot.i18n import N_, Translator
from bot.publishing import Links

NOTES_CHANGE = ("Write `/agenda notes move N ITEM` or `/agenda notes drop N`, "
                "with N a note's number from `/agenda notes`.")
NOTES_MENU_STALE = "That menu is out of date; `/agenda notes` shows the notes again."
LINK_IN_CHANNEL = "Run `/agenda link SLUG` in the channel you want to link to the meeting."
CALENDAR = "The whole agenda on the web, as a PDF and in your calendar: `/agenda calendar`"


def calendar_hint(tr: Translator) -> str:
    """``CALENDAR`` in the person's words; the command stays as typed."""
    return tr.gettext("The whole agenda on the web, as a PDF and in your calendar: {command}").format(
        command="`/agenda calendar`")
CALENDAR_REVOKED = "Your personal calendar link no longer works; `/agenda calendar` makes a new one."
PUBLISH_PAGE = ("Write `/agenda publish page on` (anyone with the address), `/agenda publish page off` "
                "(only through the secret link) or `/agenda publish page newlink` (the old secret link "
                "stops working).")
NOT_FOLLOWING = ("This meeting follows no published schedule. Write `/agenda sync URL` "
                 "(add `trusted` to apply its changes without asking, `every 30m` to set how often).")
ORGANIZERS = "Write `/agenda organizers add @someone` or `/agenda organizers remove @someone`."
ROLLBACK = "Write `/agenda rollback N` with a revision number from `/agenda history`."


def upload_report(title: str, minutes: int) -> str:
    return (f"Upload the final report of {title} here within {minutes} minutes (Word, PDF, Markdown or "
            "text). It becomes a meeting document and the channel is told. "
            "Or `/agenda report publish draft` publishes the draft as it stands.")


def too_many_items(title: str) -> str:
    return (f"“{title}” has too many items to edit in one form without losing any. "
            "Change it with `/agenda move`, `/agenda cancel ITEM` and `/agenda rename ITEM \"Title\"`, "
            "or `/agenda import` the whole agenda.")


def calendar_links(title: str, links: Links) -> str:
    return (
        f"*{title}* beyond Slack:\n"
        f"• The agenda page: {links.page}\n"
        f"• The whole agenda in your calendar (subscribe to it, it updates itself): {links.feed}\n"
        f"• Only what you asked reminders for, ringing when you asked: {links.personal_feed}\n"
        "Your personal link is yours alone; `/agenda calendar revoke` retires it."
    )


def pdf_failed(title: str) -> str:
    return f"I could not make the PDF of {title}; please try `/agenda pdf` again later."


def no_revision(title: str, number: int) -> str:
    return f"{title} has no revision {number}; see `/agenda history`."
REST_OF_AGENDA = "The rest of the agenda: `/agenda DAY` or the App Home."
NO_MEETINGS = "There are no meetings yet. An organizer can add one with `agendabot import FILE`."
SEVERAL_MEETINGS = N_("Several meetings are on. Choose the one to show here.")


def no_meetings(tr: Translator) -> str:
    return tr.gettext("There are no meetings yet. An organizer can add one with {command}.").format(
        command="`agendabot import FILE`")
