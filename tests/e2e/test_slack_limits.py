"""The fake Slack refuses what Slack refuses, with Slack's own error codes, so that no change
can send a payload over a limit unnoticed; and the app's budget keeps under every one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.render.blocks import pack, sections
from handlers.render.budget import FALLBACK_CHARS, MESSAGE_BLOCKS, MESSAGE_TEXT_CHARS, text_chars
from tests.fake_slack import BOT_TOKEN, FakeSlack

CHANNEL = "C0LIMITS01"


@pytest.fixture
def client() -> Iterator[WebClient]:
    with FakeSlack() as fake:
        yield WebClient(token=BOT_TOKEN, base_url=fake.base_url)


def section(chars: int) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": "x" * chars}}


def refused(call: Any) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return str(caught.value.response["error"])


def test_blocks_too_long_in_all_are_refused_though_each_is_within_its_own_limit(client: WebClient) -> None:
    four = [section(2900) for _ in range(4)]  # 11,600 characters of block text
    assert refused(lambda: client.chat_postMessage(channel=CHANNEL, text="t", blocks=four)) == "msg_blocks_too_long"
    assert client.chat_postMessage(channel=CHANNEL, text="t", blocks=four[:3])["ok"]


def test_chat_update_refuses_text_over_4000_characters_where_a_post_takes_it(client: WebClient) -> None:
    long_text = "y" * 4001
    posted = client.chat_postMessage(channel=CHANNEL, text=long_text)
    assert posted["ok"]
    assert refused(lambda: client.chat_update(channel=CHANNEL, ts=posted["ts"], text=long_text)) == "msg_too_long"
    assert refused(lambda: client.chat_postMessage(channel=CHANNEL, text="z" * 40_001)) == "msg_too_long"


def test_a_select_of_more_than_100_options_is_invalid_blocks(client: WebClient) -> None:
    def menu(count: int) -> list[dict[str, Any]]:
        options = [{"text": {"type": "plain_text", "text": f"Option {n}"}, "value": str(n)} for n in range(count)]
        return [{"type": "actions", "elements": [{"type": "static_select", "action_id": "pick", "options": options,
                                                  "placeholder": {"type": "plain_text", "text": "Pick"}}]}]

    assert client.chat_postMessage(channel=CHANNEL, text="t", blocks=menu(100))["ok"]
    assert refused(lambda: client.chat_postMessage(channel=CHANNEL, text="t", blocks=menu(101))) == "invalid_blocks"


def test_a_view_over_250_kb_is_too_large(client: WebClient) -> None:
    blocks = [section(2900) for _ in range(90)]  # 100 blocks allowed, but 261 kB
    view = {"type": "home", "blocks": blocks}
    assert refused(lambda: client.views_publish(user_id="U0LIMITS01", view=view)) == "view_too_large"
    assert client.views_publish(user_id="U0LIMITS01", view={"type": "home", "blocks": blocks[:80]})["ok"]


def test_pack_keeps_every_message_within_the_budget_and_loses_nothing() -> None:
    text = "\n".join(f"• line {n} " + "word " * 30 for n in range(2000))
    messages = pack(sections(text))
    assert all(len(m.blocks) <= MESSAGE_BLOCKS for m in messages)
    assert all(text_chars(list(m.blocks)) <= MESSAGE_TEXT_CHARS for m in messages)
    assert all(len(m.text) <= FALLBACK_CHARS for m in messages)
    joined = "\n".join(b["text"]["text"] for m in messages for b in m.blocks)
    assert joined.splitlines() == text.splitlines()
