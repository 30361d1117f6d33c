"""Modal submissions: the "Ask a question" modal opened from App Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from handlers.deps import deps_of
from handlers.listeners.common.answering import asker, language_of, pages, question
from handlers.render.blocks import ASK_BLOCK, ASK_INPUT, escape, sections
from handlers.slack.payloads import Submission
from handlers.slack.replies import post


def ask_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps = deps_of(context)
    submitted = Submission.parse(body, ASK_BLOCK, ASK_INPUT)
    tr = language_of(deps, submitted.user)
    if not submitted.value:
        ack(response_action="errors", errors={ASK_BLOCK: tr.gettext("Type a question first.")})
        return
    ack()  # closes the modal; the answer arrives in the person's DM with the bot
    who = asker(deps, submitted.user, None, meeting=submitted.metadata or None)
    rendered = question(deps, who, submitted.value)
    asked = sections("*{}* {}".format(tr.gettext("You asked:"), escape(submitted.value)))
    post(client, submitted.user, pages(rendered, head=asked))
