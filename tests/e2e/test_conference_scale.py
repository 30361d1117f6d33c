"""Conference-size agendas through every surface, against a fake Slack that refuses what
Slack refuses (tests/slack_limits.py): no call may fail, and nothing may be lost.

The fixtures (tests/conference.py) are shaped like two real conferences (138 and 162 talks
over four days in several rooms) and a generated 3,000-item agenda.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.app import SlackApp
from bot.clock import FixedClock
from bot.reminders.settings import set_rapporteur
from handlers.listeners.common.organizing import proposals
from handlers.render.blocks import SHOW_MORE_ACTION
from handlers.render.budget import (
    ANSWER_MESSAGES,
    MESSAGE_TEXT_CHARS,
    VIEW_BYTES,
    json_bytes,
    text_chars,
)
from handlers.render.organizer import CONFIRM_ACTION, preview_messages
from handlers.slack.replies import post
from handlers.slack.state import link_channel
from store.agenda import save_meeting
from store.db import transaction
from store.exporters import to_yaml
from store.organizers import add_organizer
from store.values import Meeting
from tests.conference import community, congress, thousands
from tests.e2e.conftest import (
    ALICE,
    BOB,
    CHANNEL,
    SlackSender,
    block_texts,
    buttons,
    load_payload,
    make_block_action,
    make_channel_message,
    make_command,
    make_dm,
    make_home_opened,
    make_mention,
)
from tests.fake_slack import Call, FakeSlack
from tests.slack_limits import MESSAGE_TEXT_LIMIT, VIEW_BYTES_LIMIT

CONFERENCES: dict[str, Callable[[], Meeting]] = {"138 talks": congress, "162 talks": community,
                                                 "3,000 items": thousands}


@pytest.fixture(params=list(CONFERENCES))
def conference(request: pytest.FixtureRequest, slack_app: SlackApp, clock: FixedClock) -> Meeting:
    """The conference saved, linked to CHANNEL, BOB an organizer, ALICE its rapporteur; the clock
    in its second day's first session."""
    meeting = CONFERENCES[request.param]()
    with transaction(slack_app.deps.db_factory) as db:
        save_meeting(db, meeting, author="test", source="test")
        add_organizer(db, meeting.slug, BOB, by="test")
        set_rapporteur(db, meeting.slug, ALICE, by=BOB)
    link_channel(slack_app.deps.db_factory, meeting.slug, CHANNEL)
    slack_app.deps.people.choose_meeting(ALICE, meeting.slug)
    slack_app.deps.people.choose_meeting(BOB, meeting.slug)
    second = meeting.days[1].sessions[0].starts_at
    assert second is not None
    clock.set(second + timedelta(minutes=5))
    return meeting


def settled(slack_app: SlackApp, fake: FakeSlack) -> list[Call]:
    assert slack_app.pool.wait_idle(20)
    return fake.calls


def assert_all_accepted(calls: list[Call]) -> None:
    refused = [(c.method, c.answer.get("error"), c.answer.get("errors")) for c in calls if not c.ok]
    assert refused == []
    for call in calls:
        if "blocks" in call.args:
            assert text_chars(call.args["blocks"]) <= MESSAGE_TEXT_CHARS < MESSAGE_TEXT_LIMIT
        if "view" in call.args:
            assert json_bytes(call.args["view"]) <= VIEW_BYTES + 30_000 < VIEW_BYTES_LIMIT  # with the edit menu


def follow_show_more(slack: SlackSender, fake: FakeSlack, slack_app: SlackApp, method: str,
                     channel: str = CHANNEL, **click: Any) -> list[Call]:
    """Every page of the answer last sent with ``method``: click Show more until there is none."""
    answers = [c for c in settled(slack_app, fake) if c.method == method]
    seen = list(answers)
    while SHOW_MORE_ACTION in buttons(seen[-1]):
        before = len(fake.calls_to(method))
        value = buttons(seen[-1])[SHOW_MORE_ACTION]["value"]
        slack.interaction(make_block_action(SHOW_MORE_ACTION, value, channel=channel, **click))
        fake.wait_for(method, count=before + 1)
        settled(slack_app, fake)
        page = fake.calls_to(method)[before:]
        assert 1 <= len(page) <= ANSWER_MESSAGES
        seen += page
    return seen


def test_every_day_of_the_agenda_arrives_whole_in_pages(
    conference: Meeting, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    for day in conference.days:
        fake_slack.clear()
        slack.command(make_command(f"{day.date:%d %B}", user=ALICE, channel=CHANNEL))
        fake_slack.wait_one("chat.postEphemeral")
        first = [c for c in settled(slack_app, fake_slack) if c.method == "chat.postEphemeral"]
        assert len(first) <= ANSWER_MESSAGES
        pages = follow_show_more(slack, fake_slack, slack_app, "chat.postEphemeral")
        assert_all_accepted(fake_slack.calls)
        said = "\n".join(block_texts(c.args["blocks"]) for c in pages)
        for session in day.sessions:
            for item in session.items:
                assert said.count(f"{item.number}. {item.title}") == 1, item.label  # each once, none lost


def test_questions_in_a_channel_and_a_dm_are_answered_within_every_limit(
    conference: Meeting, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    for question in ("what is on the agenda?", "what's next?", "what is happening now?", "tomorrow"):
        slack.event(make_mention(question, user=ALICE, channel=CHANNEL))
        slack.event(make_dm(question, user=ALICE))
    slack.command(make_command("", user=ALICE, channel=CHANNEL))
    slack.command(make_command("docs", user=ALICE, channel=CHANNEL))
    calls = settled(slack_app, fake_slack)
    answers = [c for c in calls if c.method in ("chat.postMessage", "chat.postEphemeral")]
    assert len(answers) >= 10
    assert_all_accepted(calls)


def test_the_home_shows_a_day_at_a_time_and_every_day_can_be_picked(
    conference: Meeting, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    slack.event(make_home_opened(BOB))  # an organizer: the Home has the Edit menu too
    home = fake_slack.wait_one("views.publish")
    settled(slack_app, fake_slack)
    days = [b for b in home.args["view"]["blocks"] if b["type"] == "actions"
            and any(e.get("action_id", "").startswith("home_day") for e in b["elements"])]
    whole = not days
    if whole:  # it fits: every session on one Home
        said = block_texts(home.args["view"]["blocks"])
        assert all(s.title in said for s in conference.sessions)
    else:
        picks = [e for e in days[0]["elements"]]
        assert [e["value"] for e in picks] == [d.date.isoformat() for d in conference.days if d.sessions]
        for pick in picks:
            before = len(fake_slack.calls_to("views.publish"))
            click = make_block_action(pick["action_id"], pick["value"], user=BOB)
            click["container"] = {"type": "view", "view_id": "V0HOME0001"}
            slack.interaction(click)
            shown = fake_slack.wait_for("views.publish", count=before + 1)[-1]
            day = next(d for d in conference.days if d.date.isoformat() == pick["value"])
            said = block_texts(shown.args["view"]["blocks"])
            assert day.sessions[0].title in said
            menu = [e for b in shown.args["view"]["blocks"] if b["type"] == "actions"
                    for e in b["elements"] if e.get("action_id") == "home_edit_session"]
            assert menu and len(menu[0]["options"]) <= 100
            if len(conference.sessions) > 100:
                assert all(o["value"].startswith(pick["value"]) for o in menu[0]["options"])
    assert_all_accepted(settled(slack_app, fake_slack))


def test_the_editor_opens_on_a_big_session_within_limits(
    conference: Meeting, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    biggest = max(conference.sessions, key=lambda s: len(s.items))
    place = next(n for d in conference.days for n, s in enumerate(d.sessions) if s is biggest)
    pick = load_payload("block_actions_home_select")
    pick["user"]["id"] = BOB
    pick["actions"][0].update(action_id="home_edit_session", selected_option={
        "text": {"type": "plain_text", "text": biggest.title},
        "value": f"{biggest.day.isoformat()}#{place}|{conference.slug}"})
    slack.interaction(pick)
    modal = fake_slack.wait_one("views.open").args["view"]
    fields = [b["element"].get("initial_value") or "" for b in modal["blocks"]
              if b["block_id"].startswith("session_items")]
    assert "\n".join(fields).splitlines() == [i.label for i in biggest.items]
    assert_all_accepted(settled(slack_app, fake_slack))


def test_a_which_meeting_answer_is_replaced_within_chat_updates_limit(
    conference: Meeting, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    # A DM where the bot cannot tell the meeting offers a button per meeting; the pick
    # replaces that message with chat.update (4,000 characters of text at most).
    value = json.dumps({"k": "c", "t": "", "m": conference.slug, "a": int(datetime(2031, 1, 1).timestamp())})
    click = make_block_action("pick_meeting:0", value, channel="D0ALICEBOT", ephemeral=False,
                              message_ts="1700000000.000100")
    slack.interaction(click)
    updated = fake_slack.wait_one("chat.update")
    settled(slack_app, fake_slack)
    assert len(updated.args["text"]) <= 4000
    assert_all_accepted(fake_slack.calls)


def test_the_notes_list_for_an_editor_keeps_every_menu_within_limits(
    conference: Meeting, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp, clock: FixedClock
) -> None:
    said_at = int(clock.now().timestamp())  # during the session: notes are filed under it
    for n in range(40):
        slack.event(make_channel_message(f"#agreed point {n} of the discussion", user=BOB, channel=CHANNEL,
                                         ts=f"{said_at}.{n:06d}"))
    assert fake_slack.wait_count("reactions.add", 40, timeout=120)  # 40 notes on a 3,000-item agenda, a busy CI
    settled(slack_app, fake_slack)
    before = len(fake_slack.calls)
    slack.command(make_command("notes", user=BOB, channel=CHANNEL))
    fake_slack.wait_one("chat.postEphemeral", lambda c: fake_slack.calls.index(c) >= before)
    listed = [c for c in settled(slack_app, fake_slack)[before:] if c.method == "chat.postEphemeral"]
    menus = [e for c in listed for b in c.args["blocks"] if b.get("accessory", {}).get("type") == "static_select"
             for e in [b["accessory"]]]
    assert len(menus) == 40
    for menu in menus:  # general and drop are never cut off, however many items the meeting has
        assert [o["value"].split(":")[1] for o in menu["options"][-2:]] == ["general", "drop"]
        assert len(menu["options"]) <= 25
    assert_all_accepted(fake_slack.calls)


def test_a_whole_agenda_reimported_previews_in_a_few_valid_messages(
    conference: Meeting, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    # Every item renamed: as many changes as the agenda has items.
    renamed = dataclasses.replace(conference, days=tuple(
        dataclasses.replace(day, sessions=tuple(
            dataclasses.replace(s, items=tuple(dataclasses.replace(i, title=i.title + " (revised)") for i in s.items))
            for s in day.sessions))
        for day in conference.days))
    preview = proposals(slack_app.deps).preview_import(conference.slug, to_yaml(renamed), "agenda.yaml", BOB,
                                                       source="test")
    assert len(preview.changes) >= len(conference.items())
    messages = preview_messages(preview)
    assert len(messages) <= 3
    post(slack_app.deps.clients.base, BOB, messages)
    sent = fake_slack.calls_to("chat.postMessage")
    assert CONFIRM_ACTION in buttons(sent[-1])
    assert "more changes" in "\n".join(block_texts(c.args["blocks"]) for c in sent)
    assert_all_accepted(fake_slack.calls)


def test_the_day_before_reminder_of_a_conference_is_one_valid_message(
    conference: Meeting, fake_slack: FakeSlack, slack_app: SlackApp, clock: FixedClock
) -> None:
    first = conference.days[0].date
    clock.set(datetime(first.year, first.month, first.day, 12, tzinfo=ZoneInfo(conference.timezone))
              - timedelta(days=1))
    slack_app.deps.sync_reminders(conference.slug)
    clock.set(clock.now() + timedelta(hours=5, minutes=1))  # 17:01 the day before
    reminder = fake_slack.wait_one("chat.postMessage", lambda c: "metadata" in c.args, timeout=20)
    settled(slack_app, fake_slack)
    assert reminder.ok and reminder.args["channel"] == CHANNEL
    assert_all_accepted(fake_slack.calls)
