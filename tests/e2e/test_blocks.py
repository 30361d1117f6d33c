"""Block Kit rendering within Slack's limits, checked by the fake's validator too."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.answers import Answer
from bot.app import SlackApp
from handlers.render.blocks import (
    MESSAGE_BLOCKS,
    SECTION_CHARS,
    SHOW_MORE_ACTION,
    VIEW_BLOCKS,
    answer_messages,
    escape,
    fit_value,
    pack,
    sections,
    share_trailer,
    split_text,
)
from handlers.render.budget import ANSWER_MESSAGES
from handlers.render.home import home_view
from handlers.slack.payloads import Replay, ReplayKind
from handlers.slack.state import link_channel
from store.agenda import save_meeting
from store.db import transaction
from store.values import Day, Document, Item, Meeting
from store.values import Session as AgendaSession
from tests.e2e.conftest import (
    ALICE,
    CHANNEL,
    SlackSender,
    block_texts,
    buttons,
    make_block_action,
    make_command,
    make_home_opened,
)
from tests.fake_slack import MESSAGE_BLOCK_LIMIT, FakeSlack, check_blocks

ZONE = ZoneInfo("Europe/Vienna")


def big_meeting(sessions_per_day: int = 80, items: int = 3, title_words: int = 5, slug: str = "big-2024") -> Meeting:
    """A conference-sized agenda: many sessions a day, long titles."""
    days = []
    for d in range(3):
        day = date(2024, 5, 6) + timedelta(days=d)
        sessions = []
        for s in range(sessions_per_day):
            start = datetime(day.year, day.month, day.day, 8, 0, tzinfo=ZONE) + timedelta(minutes=10 * s)
            sessions.append(AgendaSession(
                title=f"Track session {s + 1} " + "word " * title_words,
                day=day, starts_at=start, ends_at=start + timedelta(minutes=10), room=f"Room {s % 7}",
                items=tuple(Item(title=f"Talk {s}-{i} " + "about things " * title_words, number=f"{s}.{i}",
                                 ordinal=i + 1) for i in range(items)),
            ))
        days.append(Day(day, tuple(sessions)))
    docs = tuple(Document(title=f"Paper {n} " + "long title " * 10, symbol=f"BIG/2024/{n}", url=f"https://example.org/{n}")
                 for n in range(120))
    return Meeting(slug=slug, title="A very big conference", timezone="Europe/Vienna",
                   start_date=date(2024, 5, 6), end_date=date(2024, 5, 8), days=tuple(days), documents=docs)



def test_sections_are_built_once_per_text_and_each_caller_gets_a_list_of_its_own() -> None:
    first = sections("*Agenda* & what follows")
    first.append(sections("something else")[0])
    again = sections("*Agenda* & what follows")
    assert len(again) == 1 and again[0] is first[0]  # the same checked block, not rebuilt
    assert again[0].block == {"type": "section", "text": {"type": "mrkdwn", "text": "*Agenda* & what follows"}}

def test_split_text_cuts_at_line_ends_within_the_limit() -> None:
    text = "\n".join(f"line {n} " + "x" * 90 for n in range(100))
    pieces = split_text(text)
    assert all(len(p) <= SECTION_CHARS for p in pieces)
    assert "\n".join(pieces) == text
    assert all(p.startswith("line ") for p in pieces)


def test_a_single_enormous_line_is_cut_hard() -> None:
    pieces = split_text("y" * 7000)
    assert [len(p) for p in pieces] == [3000, 3000, 1000]


def test_pack_keeps_every_message_within_50_blocks_and_puts_the_trailer_last() -> None:
    parts = [p for n in range(120) for p in sections(f"part {n}")]
    trailer = share_trailer(Replay(ReplayKind.COMMAND, "tomorrow"))
    messages = pack(parts, trailer)
    assert [len(m.blocks) for m in messages] == [50, 50, 21]
    assert messages[-1].blocks[-1]["type"] == "actions"
    assert all(m.text.strip() for m in messages)
    for m in messages:
        check_blocks(list(m.blocks), MESSAGE_BLOCK_LIMIT)


def test_the_trailer_moves_to_a_new_message_when_the_last_is_full() -> None:
    messages = pack([p for n in range(50) for p in sections(f"part {n}")], share_trailer(Replay(ReplayKind.QUESTION, "q")))
    assert [len(m.blocks) for m in messages] == [50, 1]
    assert messages[1].text  # even a message holding only a button has a fallback


def test_a_huge_answer_is_split_across_messages() -> None:
    text = "\n".join(f"• line {n}: " + "z" * 200 for n in range(1000))
    messages = answer_messages(Answer("agenda", text))
    assert len(messages) > 1
    for m in messages:
        check_blocks(list(m.blocks), MESSAGE_BLOCKS)
        assert len(m.blocks) <= MESSAGE_BLOCKS
    joined = "\n".join(block_texts(list(m.blocks)) for m in messages)
    assert "line 0:" in joined and "line 999:" in joined


def test_text_from_people_cannot_ping_a_channel() -> None:
    messages = answer_messages(Answer("agenda", "Meet <!channel> & <@U123> at <https://x.example|here>"))
    section = messages[0].blocks[0]["text"]["text"]
    assert "<!channel>" not in section and "&lt;!channel&gt;" in section and "&amp;" in section
    assert "<!channel>" not in messages[0].text
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"


def test_which_meeting_answers_offer_one_button_per_meeting() -> None:
    answer = Answer("which_meeting", "Which meeting do you mean?", choices=("one", "two"))
    message = answer_messages(answer, Replay(ReplayKind.QUESTION, "agenda"))[0]
    actions = [b for b in message.blocks if b["type"] == "actions"][0]
    assert [e["text"]["text"] for e in actions["elements"]] == ["one", "two"]
    assert [json.loads(e["value"])["m"] for e in actions["elements"]] == ["one", "two"]
    assert len({e["action_id"] for e in actions["elements"]}) == 2


def test_button_values_stay_within_2000_characters() -> None:
    value = fit_value(Replay(ReplayKind.QUESTION, "why " * 1000, "slug"))
    assert value is not None and len(value) <= 2000
    assert json.loads(value)["t"].startswith("why why")


def test_home_view_of_a_huge_meeting_stays_within_100_blocks_and_keeps_today() -> None:
    meeting = big_meeting()
    now = datetime(2024, 5, 8, 9, 0, tzinfo=ZONE)
    view = home_view(meeting, [], now=now, today=now.date(), viewer_zone="Asia/Tokyo")
    assert view["type"] == "home"
    check_blocks(view["blocks"], VIEW_BLOCKS, in_view=True)
    text = block_texts(view["blocks"])
    assert "Wednesday 8 May 2024" in text  # today survived; earlier days made room
    assert "Happening now" in text


@pytest.fixture
def big(db_factory: sessionmaker[Session], sample: Meeting) -> Meeting:
    meeting = big_meeting()
    with transaction(db_factory) as db:
        save_meeting(db, meeting, author="test", source="test")
    return meeting


def test_a_long_day_arrives_as_several_valid_messages(
    big: Meeting, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    link_channel(slack_app.deps.db_factory, big.slug, CHANNEL)  # the channel's meeting is the big one
    slack.command(make_command("7 may", user=ALICE, channel=CHANNEL))

    first = fake_slack.wait_one("chat.postEphemeral")
    assert slack_app.pool.wait_idle(10)
    answers = fake_slack.calls_to("chat.postEphemeral")
    assert 2 <= len(answers) <= ANSWER_MESSAGES and first in answers
    # The first page ends with "Show more"; each click brings the next page, the last without it.
    while SHOW_MORE_ACTION in buttons(answers[-1]):
        before = len(fake_slack.calls_to("chat.postEphemeral"))
        slack.interaction(make_block_action(SHOW_MORE_ACTION, buttons(answers[-1])[SHOW_MORE_ACTION]["value"]))
        fake_slack.wait_for("chat.postEphemeral", count=before + 1)
        assert slack_app.pool.wait_idle(10)
        answers = fake_slack.calls_to("chat.postEphemeral")
    assert all(c.ok and len(c.args["blocks"]) <= MESSAGE_BLOCKS and c.args["text"] for c in answers)
    joined = "\n".join(block_texts(c.args["blocks"]) for c in answers)
    assert "Tuesday 7 May 2024" in joined
    assert "Track session 1 " in joined and "Track session 80 " in joined
    assert [joined.count(f"Track session {n} ") for n in range(1, 81)] == [1] * 80  # each once, none lost


def test_the_big_home_is_accepted_by_slack(
    big: Meeting, slack: SlackSender, fake_slack: FakeSlack, slack_app: SlackApp
) -> None:
    slack_app.deps.people.choose_meeting(ALICE, big.slug)
    slack.event(make_home_opened())
    published = fake_slack.wait_one("views.publish")
    assert len(published.args["view"]["blocks"]) <= VIEW_BLOCKS
    assert "A very big conference" in block_texts(published.args["view"]["blocks"])

