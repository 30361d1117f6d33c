"""Item 15 of issue 12 over Socket Mode: an event without the fields its listener reads
is acked and dropped there too, with one log line and no traceback."""

from __future__ import annotations

import logging
import threading

import pytest

from bot.app import serve
from bot.config import Settings
from tests.e2e.conftest import make_mention
from tests.e2e.test_transports import SocketModeServer
from tests.fake_slack import FakeSlack


def test_a_mention_without_a_channel_is_dropped_over_socket_mode(
    socket_settings: Settings, fake_slack: FakeSlack, sample: object, caplog: pytest.LogCaptureFixture,
) -> None:
    slack_side = SocketModeServer()
    fake_slack.socket_url = slack_side.url
    stop = threading.Event()
    runner = threading.Thread(target=serve, args=(socket_settings,), kwargs={"stop": stop}, daemon=True)
    broken = make_mention("when is lunch?")
    del broken["event"]["channel"]
    with caplog.at_level(logging.INFO):
        runner.start()
        try:
            slack_side.send("events_api", broken, "c8f2f8c3-0000-4000-8000-000000000001")
            assert slack_side.ack()["envelope_id"] == "c8f2f8c3-0000-4000-8000-000000000001"
            slack_side.send("events_api", make_mention("when is lunch?"), "c8f2f8c3-0000-4000-8000-000000000002")
            assert slack_side.ack()["envelope_id"] == "c8f2f8c3-0000-4000-8000-000000000002"
            fake_slack.wait_one("chat.postMessage")
        finally:
            stop.set()
            runner.join(timeout=20)
            slack_side.close()

    assert len(fake_slack.answers()) == 1
    # The app's own records (the Socket Mode stand-in's server logs its closing).
    assert [r.getMessage() for r in caplog.records if r.exc_info and not r.name.startswith("websockets")] == []
    assert any("app_mention event without channel" in r.getMessage() for r in caplog.records)
