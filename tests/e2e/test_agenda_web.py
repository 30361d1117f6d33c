"""The agenda beyond Slack, end to end: ``/agenda calendar``, ``publish page``, ``pdf`` and
``sync`` through signed requests, and the links they give served by the same app and port
as ``/slack/events``."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import icalendar
import pytest

from bot.publishing import PUBLIC_URL_ENV
from bot.reminders.planner import Target
from bot.reminders.settings import add_subscription
from bot.sync import ALLOW_PRIVATE_ENV
from handlers.slack.state import link_channel
from store.db import transaction
from store.organizers import add_organizer
from tests.e2e.conftest import ADMIN, ALICE, CHANNEL, block_texts, http_request, make_command, shown
from tests.fake_slack import Call
from tests.helpers import SAMPLE

SLUG = "coordination-meeting-2003"


@pytest.fixture
def linked(slack_app, db_factory, app_url, monkeypatch):
    link_channel(db_factory, SLUG, CHANNEL)
    monkeypatch.setenv(PUBLIC_URL_ENV, app_url)
    return slack_app


def _ephemeral(slack, fake_slack, text: str, user: str) -> Call:
    before = len(fake_slack.calls)
    assert slack.command(make_command(text, user=user, channel=CHANNEL)).status == 200
    return fake_slack.wait_one(
        "chat.postEphemeral", lambda c: c.args.get("user") == user and fake_slack.calls.index(c) >= before)


def _links(text: str) -> list[str]:
    return [w.strip("<>.,") for w in text.split() if w.startswith(("http://", "<http://"))]


def test_agenda_calendar_sends_links_that_the_same_app_serves(linked, slack, fake_slack, db_factory, sample, app_url):
    afternoon = sample.days[0].sessions[1]
    with transaction(db_factory) as db:
        add_subscription(db, SLUG, ALICE, Target.for_session(afternoon), 20)
    reply = _ephemeral(slack, fake_slack, "calendar", ALICE)
    assert "direct message" in shown(reply)
    dm = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == "D" + ALICE[1:])
    page, feed, personal = _links(block_texts(dm.args["blocks"]))
    assert page.startswith(app_url + "/m/") and feed == page + ".ics"
    # Private by default: the meeting's own slug opens nothing, its secret link does.
    assert http_request(f"{app_url}/m/{SLUG}").status == 404
    opened = http_request(page)
    assert opened.status == 200 and sample.title in opened.body.decode()
    mine = icalendar.Calendar.from_ical(http_request(personal).body)
    assert [str(e["summary"]) for e in mine.walk("VEVENT")] == ["Afternoon session"]
    assert http_request(f"{app_url}/healthz").status == 200  # the operator's paths are untouched

    # Revoked, the personal link stops working; the meeting's link still does.
    _ephemeral(slack, fake_slack, "calendar revoke", ALICE)
    assert http_request(personal).status == 404
    assert http_request(page).status == 200


def test_only_organizers_publish_the_page(linked, slack, fake_slack, app_url):
    refused = _ephemeral(slack, fake_slack, "publish page on", ALICE)
    assert "organizer" in shown(refused).lower()
    assert http_request(f"{app_url}/m/{SLUG}").status == 404
    done = _ephemeral(slack, fake_slack, "publish page on", ADMIN)
    assert f"{app_url}/m/{SLUG}" in shown(done)
    assert http_request(f"{app_url}/m/{SLUG}").status == 200
    assert http_request(f"{app_url}/m/{SLUG}.ics").status == 200
    _ephemeral(slack, fake_slack, "publish page off", ADMIN)
    assert http_request(f"{app_url}/m/{SLUG}").status == 404

    # A secret link that went too far is replaced: the old one opens nothing, the new one does.
    _ephemeral(slack, fake_slack, "calendar", ALICE)
    dm = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == "D" + ALICE[1:])
    old_page = _links(block_texts(dm.args["blocks"]))[0]
    assert http_request(old_page).status == 200
    renewed = shown(_ephemeral(slack, fake_slack, "publish page newlink", ADMIN))
    new_page = _links(renewed)[0]
    assert new_page != old_page and http_request(new_page).status == 200
    assert http_request(old_page).status == 404


def test_agenda_pdf_arrives_by_dm(linked, slack, fake_slack):
    reply = _ephemeral(slack, fake_slack, "pdf", ALICE)
    assert "PDF" in shown(reply)
    fake_slack.wait_one("files.completeUploadExternal", timeout=60)  # at once, or when made
    shared = fake_slack.shared_files[-1]
    assert shared["channel"] == "D" + ALICE[1:] and shared["name"] == f"{SLUG}.pdf"
    assert shared["content"].startswith(b"%PDF")


def test_a_pdf_that_takes_long_is_promised_and_then_sent(linked, slack, fake_slack, monkeypatch):
    import handlers.listeners.commands.web as web_commands

    monkeypatch.setattr(web_commands, "PDF_WAIT_SECONDS", 0.0)  # as a 1,000-talk agenda would be
    before = len(fake_slack.shared_files)
    reply = _ephemeral(slack, fake_slack, "pdf", ALICE)
    assert "being prepared" in shown(reply) and len(fake_slack.shared_files) == before
    fake_slack.wait_one("files.completeUploadExternal", timeout=60)
    shared = fake_slack.shared_files[-1]
    assert shared["channel"] == "D" + ALICE[1:] and shared["content"].startswith(b"%PDF")
    # Asked again for the same agenda, it is sent at once: made once.
    assert "in your direct messages" in shown(_ephemeral(slack, fake_slack, "pdf", ALICE))


def test_agenda_sync_previews_a_changed_schedule_to_the_organizer(linked, slack, fake_slack, db_factory, app_url,
                                                                  monkeypatch):
    body = SAMPLE.read_bytes().replace(b'start: "15:00"', b'start: "15:30"', 1)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/yaml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/schedule.yaml"
        # By default an organizer may not name a private address (the test's server is one).
        refused = _ephemeral(slack, fake_slack, f"sync {url}", ADMIN)
        assert "not a public address" in shown(refused)
        monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
        linked.follower.checker.allow_private = True
        reply = _ephemeral(slack, fake_slack, f"sync <{url}|{url}>", ADMIN)  # as Slack escapes a link
        text = shown(reply)
        assert f"Following {url}" in text and "previewed" in text
        # Then the preview of the change, with its Confirm and Cancel buttons.
        preview = fake_slack.wait_one("chat.postEphemeral", lambda c: "15:30" in block_texts(c.args.get("blocks") or []))
        assert preview.args["user"] == ADMIN
        status = _ephemeral(slack, fake_slack, "sync", ADMIN)
        assert "changes previewed" in shown(status) and "fine" in shown(status)
        assert http_request(f"{app_url}/readyz").json()["schedules"] == {"followed": 1, "failing": {}}

        # Checked in the background, a later change goes to every organizer by DM.
        with transaction(db_factory) as db:
            add_organizer(db, SLUG, ALICE, by=ADMIN)
        body = body.replace(b'start: "15:30"', b'start: "16:00"', 1)
        assert linked.follower is not None
        assert linked.follower.checker.check(SLUG).status == "previewed"
        dms = fake_slack.wait_for("chat.postMessage", lambda c: c.args.get("channel") == "D" + ALICE[1:], count=2)
        told = "\n".join(block_texts(dm.args["blocks"]) for dm in dms)
        assert "published schedule" in told and "16:00" in told and "Confirm" in told
        # The schedule's server goes away: the failure shows in /readyz, the process stays ready.
        server.shutdown()
        server.server_close()
        assert linked.follower.checker.check(SLUG).status == "failed"
        ready = http_request(f"{app_url}/readyz")
        assert ready.status == 200 and SLUG in ready.json()["schedules"]["failing"]
        assert b'agendabot_schedule_sync_total{result="failed"}' in http_request(f"{app_url}/metrics").body
    finally:
        server.shutdown()
        server.server_close()


def test_agenda_answers_and_app_home_say_where_the_page_and_calendars_are(linked, slack, fake_slack):
    from tests.e2e.conftest import make_home_opened

    answer = _ephemeral(slack, fake_slack, "", ALICE)
    assert "`/agenda calendar`" in block_texts(answer.args["blocks"])
    assert slack.event(make_home_opened(ALICE)).status == 200
    home = fake_slack.wait_one("views.publish", lambda c: c.args.get("user_id") == ALICE)
    assert "`/agenda calendar`" in block_texts(json_view(home)["blocks"])


def json_view(call: Call) -> dict:
    import json

    view = call.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_gunicorn_serves_the_page_and_feed_beside_slack(settings, fake_slack, db_factory, sample, tmp_path):
    import sys
    import time

    from bot import publishing
    from tests.e2e.test_transports import Process, child_env
    from tests.helpers import ROOT

    with transaction(db_factory) as db:
        publishing.set_public(db, SLUG, True)
    env = child_env(settings)
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "metrics")
    process = Process([sys.executable, "-m", "gunicorn", "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                       "--bind", "127.0.0.1:0", "--workers", "2", "bot.wsgi:app"], env)
    try:
        port = int(process.wait_for_line(r"Listening at: http://127\.0\.0\.1:(\d+)").group(1))
        base = f"http://127.0.0.1:{port}"
        process.wait_for_line(r"Booting worker", timeout=30)
        page = http_request(f"{base}/m/{SLUG}", timeout=60)
        assert page.status == 200 and sample.title in page.body.decode()
        feed = http_request(f"{base}/m/{SLUG}.ics", timeout=60)
        assert feed.status == 200 and b"BEGIN:VCALENDAR" in feed.body
        # Whichever worker answers, an unchanged feed is the same bytes: 304 on its ETag.
        for _ in range(6):
            again = http_request(f"{base}/m/{SLUG}.ics", headers={"If-None-Match": feed.headers["etag"]}, timeout=60)
            assert again.status == 304
        # The PDF is made in a child process of the worker that was asked: promised, then served.
        deadline = time.monotonic() + 120
        pdf = http_request(f"{base}/m/{SLUG}.pdf", timeout=60)
        while pdf.status != 200:
            assert pdf.status == 503 and int(pdf.headers["retry-after"]) > 0 and time.monotonic() < deadline
            time.sleep(0.5)  # another process is at work: there is no clock to move
            pdf = http_request(f"{base}/m/{SLUG}.pdf", timeout=60)
        assert pdf.body.startswith(b"%PDF")
        assert http_request(f"{base}/slack/events", method="POST", body="{}").status in (401, 403)
    finally:
        process.stop()
