"""The fake checks what Slack checks: if it let bad payloads through, the end-to-end
tests would prove nothing. Driven with slack-sdk, as the app drives it."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import SectionBlock

from tests.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack


@pytest.fixture
def client(fake_slack: FakeSlack) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=fake_slack.base_url)  # no retry handlers: see every answer


def error_of(call: Any) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return str(caught.value.response["error"])


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_tokens_are_checked(fake_slack: FakeSlack) -> None:
    wrong = WebClient(token="xoxb-wrong", base_url=fake_slack.base_url)
    assert error_of(lambda: wrong.auth_test()) == "invalid_auth"
    app_level = WebClient(token=APP_TOKEN, base_url=fake_slack.base_url)
    assert error_of(lambda: app_level.chat_postMessage(channel="C1", text="x")) == "invalid_auth"
    assert error_of(lambda: WebClient(token=BOT_TOKEN, base_url=fake_slack.base_url)
                    .apps_connections_open(app_token=BOT_TOKEN)) == "invalid_auth"
    request = urllib.request.Request(fake_slack.base_url + "auth.test", data=b"", method="POST")
    with urllib.request.urlopen(request) as response:  # no token at all
        assert json.load(response) == {"ok": False, "error": "not_authed"}


def test_block_kit_limits(client: WebClient) -> None:
    ok = client.chat_postMessage(channel="C1", text="fine", blocks=[section("a")] * 50)
    assert ok["ok"]
    assert error_of(lambda: client.chat_postMessage(channel="C1", text="x", blocks=[section("a")] * 51)) \
        == "invalid_blocks"
    assert error_of(lambda: client.chat_postMessage(channel="C1", text="x", blocks=[section("a" * 3001)])) \
        == "invalid_blocks"
    header = {"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}
    assert error_of(lambda: client.chat_postMessage(channel="C1", text="x", blocks=[header])) == "invalid_blocks"
    unknown = {"type": "sparkles"}
    assert error_of(lambda: client.chat_postMessage(channel="C1", text="x", blocks=[unknown])) == "invalid_blocks"
    assert SectionBlock(text="ok").to_dict()["type"] == "section"


def test_messages_need_a_channel_a_text_and_ephemerals_a_user(client: WebClient) -> None:
    with pytest.warns(UserWarning, match="text"):  # slack-sdk warns too; Slack itself would accept it
        assert error_of(lambda: client.chat_postMessage(channel="C1", text="", blocks=[section("a")])) == "no_text"
    assert error_of(lambda: client.chat_postMessage(channel="", text="x")) == "channel_not_found"
    assert error_of(lambda: client.api_call("chat.postEphemeral", json={"channel": "C1", "text": "x"})) \
        == "user_not_in_channel"
    assert client.chat_postEphemeral(channel="C1", user="U1", text="x")["ok"]


def test_views_must_be_of_their_kind(client: WebClient) -> None:
    assert client.views_publish(user_id="U1", view={"type": "home", "blocks": [section("a")]})["ok"]
    assert error_of(lambda: client.views_publish(user_id="U1", view={"type": "modal", "blocks": []})) \
        == "invalid_arguments"
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "t" * 25}, "blocks": []}
    assert error_of(lambda: client.views_open(trigger_id="t", view=modal)) == "invalid_blocks"
    assert error_of(lambda: client.views_publish(user_id="U1", view={"type": "home", "blocks": [section("a")] * 101})) \
        == "invalid_blocks"


def test_failures_on_demand(fake_slack: FakeSlack, client: WebClient) -> None:
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C1", text="x")
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "7"
    fake_slack.fail_next("chat.postMessage", status=500, count=2)
    for _ in range(2):
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel="C1", text="x")
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [429, 500, 500, 200]


def test_the_other_methods(fake_slack: FakeSlack, client: WebClient) -> None:
    fake_slack.add_user("U1", tz="Europe/Zurich", is_admin=True)
    assert client.users_info(user="U1")["user"]["tz"] == "Europe/Zurich"  # a GET with a query string
    assert error_of(lambda: client.users_info(user="U404")) == "user_not_found"
    posted = client.chat_postMessage(channel="C1", text="hello", thread_ts="1.1")
    assert client.conversations_history(channel="C1")["messages"][0]["text"] == "hello"
    assert client.chat_update(channel="C1", ts=posted["ts"], text="edited")["text"] == "edited"
    assert client.chat_getPermalink(channel="C1", message_ts=posted["ts"])["permalink"].endswith(
        posted["ts"].replace(".", ""))
    assert client.reactions_add(channel="C1", timestamp=posted["ts"], name="eyes")["ok"]
    assert error_of(lambda: client.files_info(file="F404")) == "file_not_found"
    fake_slack.files["F1"] = {"id": "F1", "name": "agenda.yaml"}
    assert client.files_info(file="F1")["file"]["name"] == "agenda.yaml"
    fake_slack.add_channel("C2", name="general", is_member=False)
    assert client.conversations_info(channel="C2")["channel"]["name"] == "general"
    assert error_of(lambda: client.chat_postMessage(channel="C2", text="x")) == "not_in_channel"
    fake_slack.socket_url = "ws://127.0.0.1:1/link"
    assert client.apps_connections_open(app_token=APP_TOKEN)["url"] == "ws://127.0.0.1:1/link"


def test_form_encoded_bodies_with_json_blocks(fake_slack: FakeSlack) -> None:
    form = f"token={BOT_TOKEN}&channel=C1&text=hi&blocks=" + urllib.request.quote(json.dumps([section("a")]))
    request = urllib.request.Request(fake_slack.base_url + "chat.postMessage", data=form.encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request) as response:
        assert json.load(response)["ok"]
    call = fake_slack.calls_to("chat.postMessage")[0]
    assert call.args["blocks"] == [section("a")] and call.token == BOT_TOKEN


def test_wait_for_times_out_with_what_did_arrive(fake_slack: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel="C1", text="x")
    with pytest.raises(AssertionError, match="chat.postMessage"):
        fake_slack.wait_for("views.publish", timeout=0.2)


def test_metadata_is_kept_and_returned_only_when_asked_for(fake_slack: FakeSlack, client: WebClient) -> None:
    meta = {"event_type": "agendabot_reminder", "event_payload": {"key": "k1"}}
    client.chat_postMessage(channel="C1", text="with a key", metadata=meta)
    client.chat_postMessage(channel="C2", text="elsewhere")
    plain = client.conversations_history(channel="C1")["messages"]
    assert [m["text"] for m in plain] == ["with a key"] and "metadata" not in plain[0]
    full = client.conversations_history(channel="C1", include_all_metadata=True)["messages"]
    assert full[0]["metadata"] == meta
    assert client.conversations_history(channel="C1", oldest="9999999999")["messages"] == []
    assert [m["text"] for m in fake_slack.history()] == ["with a key", "elsewhere"]


def test_a_dm_channel_per_user(client: WebClient) -> None:
    assert client.conversations_open(users="U0ALICE01")["channel"]["id"] == "D0ALICE01"
    assert error_of(lambda: client.conversations_open(users="C1")) == "user_not_found"


def test_a_failure_after_the_message_was_kept(fake_slack: FakeSlack, client: WebClient) -> None:
    fake_slack.fail_next("chat.postMessage", status=500, accepted=True)
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C1", text="kept anyway")
    assert caught.value.response.status_code == 500
    assert [m["text"] for m in fake_slack.history("C1")] == ["kept anyway"]
    fake_slack.fail_next("chat.postMessage", status=500)
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C1", text="lost")
    assert [m["text"] for m in fake_slack.history("C1")] == ["kept anyway"]
