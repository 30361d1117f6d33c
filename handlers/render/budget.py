"""Slack's limits on everything the app sends, in one place, with the margins we keep.

Block Kit is built in ``handlers/render/blocks.py`` and ``handlers/render/organizer.py``;
both take their limits from here, and ``tests/slack_limits.py`` makes the fake
Slack refuse what Slack refuses, so a payload over any of these fails a test.

Slack documents most limits per element (section text 3,000 characters, header
150, button and option text 75, a select's 100 options, a view's 100 blocks and
250 kB). One it does not publish: a message whose blocks hold about 12,000
characters of text in all is refused with ``msg_blocks_too_long``; we keep to
8,000. The fallback ``text`` may be 40,000 characters in ``chat.postMessage``
but only 4,000 in ``chat.update``; every message keeps to the smaller, so any
message can later replace another.
"""

from __future__ import annotations

import json
from typing import Any

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_CHARS = 3000
FIELD_CHARS = 2000
HEADER_CHARS = 150
BUTTON_CHARS = 75
VALUE_CHARS = 2000  # a button's value
OPTION_CHARS = 75
OPTION_VALUE_CHARS = 150
SELECT_OPTIONS = 100
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
MODAL_TITLE_CHARS = 24
INPUT_CHARS = 3000  # a plain-text input's value

# Slack refuses a message's blocks near 12,000 characters of text (msg_blocks_too_long),
# sometimes sooner (11,341 has been refused, its containers counting too, it seems).
SLACK_MESSAGE_TEXT_CHARS = 11_000  # what the fake Slack refuses: stricter than seen
MESSAGE_TEXT_CHARS = 8_000  # ours
# chat.update refuses ``text`` over 4,000 characters, chat.postMessage over 40,000.
UPDATE_TEXT_CHARS = 4_000
POST_TEXT_CHARS = 40_000
FALLBACK_CHARS = 3_900  # ours, for every message: a notification needs no more
# A view (App Home, modal) may be 250 kB of JSON.
SLACK_VIEW_BYTES = 250_000
VIEW_BYTES = 200_000  # ours

# An answer longer than this many messages is paged ("Show more").
ANSWER_MESSAGES = 3


def text_chars(node: Any) -> int:
    """Characters of text in blocks: every text object's ``text``, however deep."""
    if isinstance(node, list):
        return sum(text_chars(n) for n in node)
    if not isinstance(node, dict):
        return 0
    own = len(node["text"]) if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str) else 0
    return own + sum(text_chars(v) for k, v in node.items() if isinstance(v, (dict, list)))


def json_bytes(value: Any) -> int:
    """The size of ``value`` as Slack receives it (compact JSON, UTF-8)."""
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
