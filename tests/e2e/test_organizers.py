"""Organizers end to end: signed requests in, the fake Slack's Web API (and file URLs) out.

Covers who may (organizers, admins, refusals), quick edits through preview and
Confirm, an uploaded agenda (files.info + url_private with the bot token), a
broken file's line numbers, the pasted-text modal, concurrent Confirms,
history and rollback from Slack and from the CLI, and what follows a change:
the channel's announcement, App Homes republished, reminders rescheduled
(a personal reminder holder's DM).
"""

from __future__ import annotations

import json
import re
import threading
import time
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from benchmarks.generate_pdf import agenda_pdf
from bot.cli import main as cli_main
from bot.reminders.planner import Target
from bot.reminders.settings import add_subscription
from handlers.render.organizer import CANCEL_ACTION, CONFIRM_ACTION
from handlers.slack.state import link_channel
from store import models
from store.agenda import history, load_meeting
from store.db import transaction
from tests.e2e.conftest import (
    ADMIN,
    ALICE,
    BOB,
    CHANNEL,
    block_texts,
    buttons,
    load_payload,
    make_block_action,
    make_command,
    make_home_opened,
    shown,
)
from tests.fake_slack import Call
from tests.helpers import ROOT, SAMPLE
from tests.recording_notifier import ny

SLUG = "coordination-meeting-2003"
BOB_DM = "D0BOBBOT01"
CAROL = "U0CAROL01"  # a second organizer
HOOK = "https://hooks.slack.com/actions/T0AGENDA1/1066230950/ZYXWVUzyxwvu9876543210"


@pytest.fixture
def organizers(slack_app, fake_slack, db_factory):
    """The sample meeting linked to CHANNEL; BOB and CAROL made organizers by the admin, in Slack."""
    fake_slack.add_user(CAROL, tz="America/New_York", name="carol")
    link_channel(db_factory, SLUG, CHANNEL)
    return slack_app


def _command(slack, fake_slack, text: str, user: str, channel: str = CHANNEL) -> Call:
    before = len(fake_slack.calls)
    assert slack.command(make_command(text, user=user, channel=channel)).status == 200
    return fake_slack.wait_one(
        "chat.postEphemeral",
        lambda c: c.args.get("user") == user and fake_slack.calls.index(c) >= before,
    )


def _confirm(slack, fake_slack, preview: Call, user: str, action: str = CONFIRM_ACTION) -> Call:
    """Click a preview's button; what replaced the preview (through its response_url)."""
    value = buttons(preview)[action]["value"]
    before = len(fake_slack.calls_to("response_url"))
    payload = make_block_action(action, value, user=user, channel=preview.args["channel"], response_url=HOOK)
    assert slack.interaction(payload).status == 200
    return fake_slack.wait_for("response_url", count=before + 1)[-1]


def _make_organizers(slack, fake_slack) -> None:
    reply = _command(slack, fake_slack, f"organizers add <@{BOB}|bob> <@{CAROL}|carol>", ADMIN)
    assert f"<@{BOB}>, <@{CAROL}>" in block_texts(reply.args["blocks"])


def _announcements(fake_slack, count: int = 1) -> list[Call]:
    return fake_slack.wait_for(
        "chat.postMessage", lambda c: c.args.get("channel") == CHANNEL and "Agenda update" in shown(c), count=count)


def test_a_quick_edit_is_previewed_confirmed_announced_and_reschedules(
    organizers, slack, fake_slack, db_factory
) -> None:
    with transaction(db_factory) as db:  # Alice wants a DM before Thursday afternoon
        meeting = load_meeting(db, SLUG)
        add_subscription(db, SLUG, ALICE, Target.for_session(meeting.days[1].sessions[1]), 10, user_tz="Asia/Tokyo")
    assert organizers.deps.reminders.wait_until_leader(10)
    organizers.deps.sync_reminders(SLUG)
    slack.event(make_home_opened(ALICE))  # Alice's App Home shows the meeting
    fake_slack.wait_one("views.publish", lambda c: c.args["user_id"] == ALICE)
    _make_organizers(slack, fake_slack)

    preview = _command(slack, fake_slack, "move afternoon session to 15:30 16 October", BOB)
    assert "Preview: Second Coordination Meeting" in shown(preview)
    assert "Afternoon session on Thu 16 Oct now 15:30–18:30 (was 15:00–18:00)." in shown(preview)
    assert set(buttons(preview)) == {CONFIRM_ACTION, CANCEL_ACTION}
    with db_factory() as db:
        assert len(history(db, SLUG)) == 1  # nothing changes before Confirm
    fake_slack.clear()

    done = _confirm(slack, fake_slack, preview, BOB)
    assert done.args["replace_original"] in (True, "true")
    assert f"Done: saved as revision 2 and announced in <#{CHANNEL}>." in block_texts(done.args["blocks"])
    [announced] = _announcements(fake_slack)
    assert "The afternoon session on Thursday now starts at 15:30 (was 15:00)." in shown(announced)
    assert f"Changed by <@{BOB}>" in block_texts(announced.args["blocks"])
    home = fake_slack.wait_one("views.publish", lambda c: c.args["user_id"] == ALICE)
    assert "15:30" in block_texts(home.args["view"]["blocks"])
    notice = fake_slack.wait_one("chat.postMessage", lambda c: "Agenda change" in shown(c))
    assert notice.args["channel"] == ALICE  # a user id: Slack posts in the app's DM with them
    assert "Afternoon session now starts at 15:30" in shown(notice)
    assert organizers.deps.reminders.sync(SLUG).touched == 0  # the jobs already moved
    with db_factory() as db:
        latest = history(db, SLUG)[-1]
        thursday = load_meeting(db, SLUG).days[1].sessions[1]
    assert (latest.number, latest.author, latest.source) == (2, BOB, "slack move")
    assert thursday.starts_at == ny("2003-10-16 15:30")


def test_non_organizers_are_refused_with_whom_to_ask_and_nothing_changes(
    organizers, slack, fake_slack, db_factory
) -> None:
    _make_organizers(slack, fake_slack)
    for text in ("cancel item VI", "rollback 1", "organizers add <@U0ALICE01|alice>", "import"):
        reply = _command(slack, fake_slack, text, ALICE)
        said = block_texts(reply.args["blocks"])
        assert "Only the organizers of Second Coordination Meeting on International Migration" in said, text
        assert f"(<@{BOB}>, <@{CAROL}>)" in said and "Nothing was changed." in said
    assert not fake_slack.calls_to("views.open")
    with db_factory() as db:
        assert len(history(db, SLUG)) == 1
        assert db.scalar(select(models.AgendaProposal.id)) is None
        assert db.scalar(select(models.AgendaUploadWait.user_id)) is None
    # Anyone may see who organizes and what changed.
    listed = _command(slack, fake_slack, "organizers", ALICE)
    assert "Workspace admins may always change it too" in block_texts(listed.args["blocks"])
    past = _command(slack, fake_slack, "history", ALICE)
    assert "*1* · " in block_texts(past.args["blocks"])


def test_cancel_leaves_the_agenda_alone_and_a_bad_edit_says_how(organizers, slack, fake_slack, db_factory) -> None:
    _make_organizers(slack, fake_slack)
    preview = _command(slack, fake_slack, "rename item V “Remittances”", BOB)
    assert "Item V renamed from" in shown(preview)
    cancelled = _confirm(slack, fake_slack, preview, BOB, CANCEL_ACTION)
    assert "Cancelled; nothing changed." in shown(cancelled)
    again = _confirm(slack, fake_slack, preview, BOB)
    assert "cancelled or replaced; nothing changed" in shown(again)
    bad = _command(slack, fake_slack, "move item XX to 16:00", BOB)
    assert "There is no item XX" in shown(bad)
    with db_factory() as db:
        assert len(history(db, SLUG)) == 1


def _file_shared(file_id: str, user: str, channel: str) -> dict[str, Any]:
    body = load_payload("event_file_shared")
    body["event"].update(file_id=file_id, user_id=user, channel_id=channel, file={"id": file_id})
    body["event_id"] = f"Ev{file_id}{channel}"
    return body


def _pasteable(agenda: str) -> str:
    """The agenda without its comments, overview and documents: short enough to paste."""
    agenda = agenda.split("\ndocuments:")[0] + "\n"
    agenda = "\n".join(line for line in agenda.splitlines() if not line.startswith("#")) + "\n"
    return re.sub(r"  overview: >-\n(    .*\n)+", "", agenda)


def test_the_import_modal_says_the_paste_limit_and_refuses_a_longer_agenda(
    organizers, slack, fake_slack, db_factory
) -> None:
    _make_organizers(slack, fake_slack)
    _command(slack, fake_slack, "import", BOB)
    modal = fake_slack.wait_one("views.open")
    [field] = modal.args["view"]["blocks"]
    assert field["element"]["max_length"] == 3000 and field["element"]["multiline"] is True
    assert "Up to 3,000 characters" in field["hint"]["text"] and "upload the file" in field["hint"]["text"]

    payload = load_payload("view_submission_import")
    payload["user"]["id"] = BOB
    payload["view"]["state"]["values"]["agenda_text"]["agenda_text_input"]["value"] = _changed_agenda().decode()
    answer = slack.interaction(payload).json()
    assert answer["response_action"] == "errors"
    assert answer["errors"]["agenda_text"].startswith("That is 5,5")  # not cut short and imported
    assert "Upload the file instead" in answer["errors"]["agenda_text"]
    with db_factory() as db:
        assert len(history(db, SLUG)) == 1


def _changed_agenda() -> bytes:
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace('start: "15:00"\n        end: "18:00"', 'start: "15:30"\n        end: "18:30"', 1)
    text = text.replace("{number: VI, title:", "{number: VIa, title:")
    text = text.replace("- {number: X, title: Conclusions", "- {number: X, title: Conclusions and next steps, kind: "
                        "conclusions}\n          - {number: XA, title: Conclusions")
    return text.encode("utf-8")


def test_an_uploaded_agenda_in_a_dm_is_fetched_previewed_and_applied(
    organizers, slack, fake_slack, db_factory
) -> None:
    _make_organizers(slack, fake_slack)
    fake_slack.add_file("F0AGENDA01", "agenda.yaml", _changed_agenda(), user=BOB)
    assert slack.event(_file_shared("F0AGENDA01", BOB, BOB_DM)).status == 200
    preview = fake_slack.wait_one("chat.postEphemeral", lambda c: c.args.get("channel") == BOB_DM)
    [download] = fake_slack.calls_to("file_download")
    assert download.ok and download.token == fake_slack.bot_token
    assert fake_slack.calls_to("files.info")[0].args["file"] == "F0AGENDA01"
    said = shown(preview)
    assert "Afternoon session on Wed 15 Oct now 15:30–18:30 (was 15:00–18:00)." in said
    assert "Item VIa. Panel discussion" in said and "Item VI. Panel discussion" in said
    with db_factory() as db:
        assert len(history(db, SLUG)) == 1

    done = _confirm(slack, fake_slack, preview, BOB)
    assert "Done: saved as revision 2" in shown(done)
    [announced] = _announcements(fake_slack)
    assert "The afternoon session on Wednesday now starts at 15:30 (was 15:00)." in shown(announced)
    with db_factory() as db:
        latest = history(db, SLUG)[-1]
        numbers = [i.number for _, i in load_meeting(db, SLUG).items()]
    assert (latest.author, latest.source) == (BOB, "slack import file agenda.yaml")
    assert "VIa" in numbers and "VI" not in numbers


def test_an_uploaded_pdf_agenda_is_read_as_a_document(organizers, slack, fake_slack) -> None:
    _make_organizers(slack, fake_slack)
    _command(slack, fake_slack, "import", BOB)
    fake_slack.add_file("F0AGENDAPDF", "organization-of-work.pdf", agenda_pdf(2, first_day=date(2003, 10, 15), rows=3),
                        user=BOB)
    slack.event(_file_shared("F0AGENDAPDF", BOB, CHANNEL))
    preview = fake_slack.wait_one("chat.postEphemeral", lambda c: c.args.get("user") == BOB and buttons(c))
    assert "Agenda item 1.1" in shown(preview)


def test_an_uploaded_web_page_agenda_is_read_not_taken_for_slacks_sign_in_page(organizers, slack, fake_slack) -> None:
    _make_organizers(slack, fake_slack)
    _command(slack, fake_slack, "import", BOB)
    lines = (ROOT / "tests" / "fixtures" / "agendas" / "coordination-2003.txt").read_text(encoding="utf-8").splitlines()
    page = "<html><head><title>Programme</title></head><body>" + "".join(f"<p>{line}</p>" for line in lines)
    fake_slack.add_file("F0AGENDAWEB", "programme.html", (page + "</body></html>").encode(), user=BOB,
                        filetype="html", mimetype="text/html")
    slack.event(_file_shared("F0AGENDAWEB", BOB, CHANNEL))
    preview = fake_slack.wait_one(
        "chat.postEphemeral", lambda c: c.args.get("user") == BOB and "Upload the new agenda" not in shown(c))
    assert buttons(preview), shown(preview)


def test_a_broken_file_gets_its_line_and_changes_nothing(organizers, slack, fake_slack, db_factory) -> None:
    _make_organizers(slack, fake_slack)
    broken = SAMPLE.read_text(encoding="utf-8").replace('start: "15:00"', 'start: "25:00"', 1)
    fake_slack.add_file("F0BROKEN01", "agenda.yaml", broken.encode(), user=BOB)
    slack.event(_file_shared("F0BROKEN01", BOB, BOB_DM))
    reply = fake_slack.wait_one("chat.postEphemeral", lambda c: c.args.get("channel") == BOB_DM)
    assert "I could not read agenda.yaml as an agenda — line 46:" in shown(reply)
    assert "'25:00' is not a time" in shown(reply) and "Nothing was changed" in shown(reply)
    assert not buttons(reply)
    with db_factory() as db:
        assert len(history(db, SLUG)) == 1 and db.scalar(select(models.AgendaProposal.id)) is None


def test_a_hostile_upload_is_refused_in_slack_with_its_reason(organizers, slack, fake_slack, db_factory) -> None:
    # A YAML alias (the stuff of alias bombs) in an otherwise good agenda: refused, and said so.
    text = SAMPLE.read_text(encoding="utf-8").replace("{number: I,", "&first {number: I,", 1) + "x: *first\n"
    fake_slack.add_file("F0HOSTILE1", "agenda.yaml", text.encode(), user=BOB)
    _make_organizers(slack, fake_slack)
    slack.event(_file_shared("F0HOSTILE1", BOB, BOB_DM))
    reply = fake_slack.wait_one("chat.postEphemeral", lambda c: c.args.get("channel") == BOB_DM)
    assert "I could not read agenda.yaml as an agenda — line" in shown(reply)
    assert "YAML anchors (&first) are not accepted" in shown(reply) and "Nothing was changed" in shown(reply)
    with db_factory() as db:
        assert len(history(db, SLUG)) == 1 and db.scalar(select(models.AgendaProposal.id)) is None


def test_a_file_slack_will_not_serve_is_refused_in_slack_not_with_a_traceback(
    organizers, slack, fake_slack, db_factory
) -> None:
    fake_slack.add_file("F0GONE0001", "agenda.yaml", b"agendabot: 1", user=BOB)
    del fake_slack.file_contents["F0GONE0001"]  # deleted between the event and the download: 404
    _make_organizers(slack, fake_slack)
    slack.event(_file_shared("F0GONE0001", BOB, BOB_DM))
    reply = fake_slack.wait_one("chat.postEphemeral", lambda c: c.args.get("channel") == BOB_DM)
    assert "Slack did not let me read that file (HTTP 404)" in shown(reply)
    with db_factory() as db:
        assert len(history(db, SLUG)) == 1 and db.scalar(select(models.AgendaProposal.id)) is None


def test_a_stranger_uploading_in_a_dm_is_refused_without_reading_the_file(organizers, slack, fake_slack) -> None:
    fake_slack.add_file("F0STRANGE1", "agenda.yaml", _changed_agenda(), user=ALICE)
    slack.event(_file_shared("F0STRANGE1", ALICE, "D0ALICEBOT"))
    reply = fake_slack.wait_one("chat.postEphemeral", lambda c: c.args.get("user") == ALICE)
    assert "Only organizers of a meeting and workspace admins can update agendas" in shown(reply)
    assert not fake_slack.calls_to("file_download") and not fake_slack.calls_to("files.info")


def test_import_in_the_channel_takes_the_next_file_or_pasted_text(organizers, slack, fake_slack, db_factory) -> None:
    _make_organizers(slack, fake_slack)
    # Files shared in the channel are none of the bot's business ...
    fake_slack.add_file("F0CHAT0001", "holiday.txt", b"photos", user=BOB)
    slack.event(_file_shared("F0CHAT0001", BOB, CHANNEL))
    # ... until the organizer says the next one is the agenda.
    told = _command(slack, fake_slack, "import", BOB)
    assert "Upload the new agenda of Second Coordination Meeting" in shown(told)
    modal = fake_slack.wait_one("views.open")
    assert modal.args["view"]["callback_id"] == "agenda_import_modal"
    assert not fake_slack.calls_to("files.info")
    fake_slack.add_file("F0AGENDA02", "agenda.yaml", _changed_agenda(), user=BOB)
    slack.event(_file_shared("F0AGENDA02", BOB, CHANNEL))
    preview = fake_slack.wait_one("chat.postEphemeral", lambda c: c.args.get("user") == BOB and buttons(c))
    assert preview.args["channel"] == CHANNEL and "now 15:30–18:30" in shown(preview)

    # The pasted text (Slack keeps 3,000 characters of it): an error shows in the modal, by its
    # field, with the line.
    payload = load_payload("view_submission_import")
    field = payload["view"]["state"]["values"]["agenda_text"]["agenda_text_input"]
    field["value"] = _pasteable(_changed_agenda().decode()).replace('start: "15:30"', 'start: "25:00"', 1)
    answer = slack.interaction(payload)
    assert answer.status == 200
    errors = answer.json()
    assert errors["response_action"] == "errors" and errors["errors"]["agenda_text"].startswith("Line 29: ")
    field["value"] = _pasteable(_changed_agenda().decode()).replace("Keynote speech", "Keynote address")
    assert slack.interaction(payload).status == 200
    pasted = fake_slack.wait_one("chat.postEphemeral", lambda c: "Keynote address" in shown(c))
    done = _confirm(slack, fake_slack, pasted, BOB)
    assert "Done: saved as revision 2" in shown(done)
    with db_factory() as db:
        assert history(db, SLUG)[-1].source == "slack import pasted text"


def test_two_organizers_confirm_at_once_and_the_second_gets_a_fresh_preview(
    organizers, slack, fake_slack, db_factory
) -> None:
    _make_organizers(slack, fake_slack)
    bobs = _command(slack, fake_slack, "move afternoon session on thursday to 15:30", BOB)
    carols = _command(slack, fake_slack, "move afternoon session on thursday to 16:00", CAROL)
    start = threading.Barrier(2)
    results: dict[str, int] = {}

    def click(preview: Call, user: str) -> None:
        payload = make_block_action(CONFIRM_ACTION, buttons(preview)[CONFIRM_ACTION]["value"], user=user,
                                    channel=CHANNEL, response_url=HOOK)
        start.wait()
        results[user] = slack.interaction(payload).status

    threads = [threading.Thread(target=click, args=pair) for pair in ((bobs, BOB), (carols, CAROL))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {BOB: 200, CAROL: 200}
    replies = fake_slack.wait_for("response_url", count=2)
    done = [r for r in replies if "Done: saved as revision 2" in shown(r)]
    fresh = [r for r in replies if "The agenda changed since your preview" in shown(r)]
    assert len(done) == 1 and len(fresh) == 1
    assert CONFIRM_ACTION in buttons(fresh[0])
    with db_factory() as db:
        assert [r.number for r in history(db, SLUG)] == [1, 2]
    assert len(_announcements(fake_slack)) == 1


def test_history_and_rollback_from_slack_go_through_the_preview(organizers, slack, fake_slack, db_factory) -> None:
    _make_organizers(slack, fake_slack)
    _confirm(slack, fake_slack, _command(slack, fake_slack, "cancel item VI", BOB), BOB)
    _announcements(fake_slack)
    past = block_texts(_command(slack, fake_slack, "history", BOB).args["blocks"])
    assert "*2* · " in past and f"<@{BOB}> · slack cancel" in past and "Item VI. Panel discussion" in past
    preview = _command(slack, fake_slack, "rollback 1", CAROL)
    assert "Item VI. Panel discussion" in shown(preview) and "added to Afternoon session" in shown(preview)
    _confirm(slack, fake_slack, preview, CAROL)
    announced = _announcements(fake_slack, count=2)[-1]
    assert "is added to the afternoon session on Wednesday" in shown(announced)
    with db_factory() as db:
        latest = history(db, SLUG)[-1]
    assert (latest.number, latest.author, latest.source) == (3, CAROL, "slack rollback to 1")


def test_a_rollback_from_the_cli_is_announced_by_the_running_bot(
    organizers, slack, fake_slack, db_factory, settings, capsys
) -> None:
    _make_organizers(slack, fake_slack)
    _confirm(slack, fake_slack, _command(slack, fake_slack, "cancel item VI", BOB), BOB)
    _announcements(fake_slack)
    assert cli_main(["rollback", "1", "--meeting", SLUG], settings) == 0
    out = capsys.readouterr().out
    assert "Restored revision 1 as revision 3." in out and "announce" in out
    announced = _announcements(fake_slack, count=2)[-1]
    assert "is added to the afternoon session on Wednesday" in shown(announced)
    assert "Changed by cli" in block_texts(announced.args["blocks"])
    with db_factory() as db:
        latest = history(db, SLUG)[-1]
    assert (latest.author, latest.source) == ("cli", "cli rollback")
    deadline = time.monotonic() + 10  # marked sent once Homes and reminders have followed
    while time.monotonic() < deadline:
        with db_factory() as db:
            status = db.scalars(select(models.AgendaAnnouncement.status).order_by(models.AgendaAnnouncement.id)).all()
        if status == ["sent", "sent"]:
            break
        time.sleep(0.05)
    assert status == ["sent", "sent"]


def _edit_submission(user: str, metadata: str, start: str, end: str, items: str) -> dict[str, Any]:
    payload = load_payload("view_submission_import")
    payload["user"]["id"] = user
    payload["view"].update(callback_id="session_edit_modal", private_metadata=metadata, state={"values": {
        "session_start": {"session_start_input": {"type": "plain_text_input", "value": start}},
        "session_end": {"session_end_input": {"type": "plain_text_input", "value": end}},
        "session_items": {"session_items_input": {"type": "plain_text_input", "value": items}},
    }})
    return payload


def test_an_organizer_edits_a_session_from_app_home(organizers, slack, fake_slack, db_factory) -> None:
    _make_organizers(slack, fake_slack)
    slack.event(make_home_opened(ALICE))
    slack.event(make_home_opened(BOB))
    alices = fake_slack.wait_one("views.publish", lambda c: c.args["user_id"] == ALICE)
    bobs = fake_slack.wait_one("views.publish", lambda c: c.args["user_id"] == BOB)
    assert "home_edit_session" not in json.dumps(alices.args["view"])  # participants see no editor
    [menu] = [e for b in bobs.args["view"]["blocks"] if b["type"] == "actions"
              for e in b["elements"] if e["action_id"] == "home_edit_session"]
    option = next(o for o in menu["options"] if o["text"]["text"] == "Wed 15 Oct · Afternoon session")

    pick = load_payload("block_actions_home_select")
    pick["user"]["id"] = BOB
    pick["actions"][0].update(action_id="home_edit_session", selected_option=option)
    assert slack.interaction(pick).status == 200
    modal = fake_slack.wait_one("views.open").args["view"]
    assert modal["callback_id"] == "session_edit_modal"
    fields = {b["block_id"]: b["element"].get("initial_value") for b in modal["blocks"]}
    assert fields["session_start"] == "15:00" and fields["session_end"] == "18:00"
    assert fields["session_items"].splitlines()[0] == "V. Presentation and discussion on workers' remittances"

    bad = slack.interaction(_edit_submission(BOB, modal["private_metadata"], "half past three", "18:00", ""))
    assert bad.json() == {"response_action": "errors",
                          "errors": {"session_start": "Write a time such as 15:30 or 3:30pm."}}
    items = fields["session_items"].replace("V. Presentation and discussion on workers' remittances", "V. Remittances")
    assert slack.interaction(_edit_submission(BOB, modal["private_metadata"], "15:30", "18:00", items)).status == 200
    preview = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == BOB and buttons(c))
    assert "Afternoon session on Wed 15 Oct now 15:30–18:00" in shown(preview)
    assert "Item V renamed from" in shown(preview)

    click = make_block_action(CONFIRM_ACTION, buttons(preview)[CONFIRM_ACTION]["value"], user=BOB,
                              channel=preview.answer["channel"], ephemeral=False, message_ts=preview.answer["ts"],
                              response_url=HOOK)
    assert slack.interaction(click).status == 200
    done = fake_slack.wait_one("chat.update")
    assert done.args["ts"] == preview.answer["ts"] and "Done: saved as revision 2" in shown(done)
    [announced] = _announcements(fake_slack)
    assert "The afternoon session on Wednesday now starts at 15:30 (was 15:00)." in shown(announced)
    with db_factory() as db:
        latest = history(db, SLUG)[-1]
    assert (latest.author, latest.source) == (BOB, "slack edit")


def test_organizers_may_also_link_the_meeting_to_a_channel(organizers, slack, fake_slack, db_factory) -> None:
    _make_organizers(slack, fake_slack)
    reply = _command(slack, fake_slack, f"link {SLUG}", BOB, channel="C0OTHER001")
    assert "is now linked to Second Coordination Meeting" in shown(reply)
    with transaction(db_factory) as db:
        assert db.scalar(select(models.Meeting.channel_id)) == "C0OTHER001"
    refused = _command(slack, fake_slack, f"link {SLUG}", ALICE, channel="C0OTHER002")
    assert "Only workspace admins and owners" in shown(refused)


def test_help_lists_the_organizer_commands(organizers, slack, fake_slack) -> None:
    said = shown(_command(slack, fake_slack, "help", ALICE))
    for command in ("/agenda move SESSION|ITEM to TIME [DAY]", "/agenda import", "/agenda rollback N"):
        assert command in said


def test_the_bot_token_goes_only_to_slack_hosts_and_oversized_files_are_refused(fake_slack) -> None:
    from slack_sdk import WebClient

    from handlers.listeners.events.files import MAX_BYTES, FileRefused, download

    client = WebClient(token=fake_slack.bot_token, base_url=fake_slack.base_url)
    info = fake_slack.add_file("F0OK000001", "agenda.txt", b"Day 1", user=BOB)
    assert download(client, info) == b"Day 1"
    with pytest.raises(FileRefused, match="uploaded to Slack itself"):
        download(client, {**info, "url_private_download": "https://evil.example/agenda.txt"})
    assert [c.token for c in fake_slack.calls_to("file_download")] == [fake_slack.bot_token]
    with pytest.raises(FileRefused, match="too large"):
        download(client, {**info, "size": MAX_BYTES + 1})
    stranger = WebClient(token="xoxb-not-ours", base_url=fake_slack.base_url)
    with pytest.raises(Exception, match="403"):  # Slack refuses the file to another token
        download(stranger, info)
