"""App Home's controls: a day's tab, the meeting menu, "Ask a question"."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.i18n import translator
from handlers.deps import deps_of
from handlers.render.home import ask_modal
from handlers.slack.payloads import Click

log = logging.getLogger(__name__)


def choose_home_day(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    try:
        day = date.fromisoformat(click.value)
    except ValueError:
        log.warning("home day button with an unreadable value %r", click.value)
        return
    deps.homes.show_day(click.user, day)


def choose_home_meeting(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    click = Click.parse(body)
    deps.people.choose_meeting(click.user, click.value)
    deps.homes.publish_home(click.user)


def open_ask_modal(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    click = Click.parse(body)
    tr = translator(deps_of(context).people.get(click.user).locale)
    client.views_open(trigger_id=click.trigger_id, view=ask_modal(click.value, tr))
