"""The rapporteur's desk end to end (issue 7): signed events, commands and shortcuts in,
the fake Slack's Web API out (reactions, permalinks, DMs, file uploads).

Covers notes taken during a session and filed under the right item as the clock
moves, what is ignored (other channels, bots, edits, unmarked talk), the message
shortcut, who may move and drop notes or set the current item, the draft for the
seed meeting from a scripted set of notes (message, Markdown and Word files through
files.getUploadURLExternal / files.completeUploadExternal), the draft that comes
with the rapporteur's reminder, and the published report: a meeting document, the
channel told, questions answered from it and from the notes.
"""

from __future__ import annotations

import copy
import io
import itertools
import time
import zipfile
from datetime import datetime
from typing import Any

import docx
import pytest
from sqlalchemy import select

from bot.cli import main as cli_main
from bot.clock import FixedClock
from bot.rapporteur.notes import list_notes
from bot.reminders.settings import set_rapporteur
from handlers.listeners.events.notes import SHORTCUT
from handlers.render.blocks import NOTE_MENU_ACTION
from handlers.slack.state import link_channel
from store import models
from store.agenda import load_meeting
from store.db import transaction
from store.organizers import add_organizer
from tests.e2e.conftest import (
    ADMIN,
    ALICE,
    BOB,
    CHANNEL,
    NEW_YORK,
    SlackSender,
    block_texts,
    load_payload,
    make_block_action,
    make_channel_message,
    make_command,
    make_mention,
    shown,
)
from tests.fake_slack import Call, FakeSlack

SLUG = "coordination-meeting-2003"
CAROL = "U0CAROL01"  # the rapporteur
OTHER_CHANNEL = "C0COFFEE01"
HOOK = "https://hooks.slack.com/app/T0AGENDA1/1066231000/abcdefABCDEF0123456789"
_ids = itertools.count(1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)


def message_shortcut(text: str, author: str, clicker: str, channel: str = CHANNEL) -> dict[str, Any]:
    payload = copy.deepcopy(load_payload("message_action_note"))
    ts = f"{int(time.time())}.{next(_ids):06d}"
    payload["user"]["id"] = clicker
    payload["channel"]["id"] = channel
    payload["message"].update(text=text, user=author, ts=ts)
    payload["message_ts"] = ts
    payload["response_url"] = HOOK
    return payload


@pytest.fixture
def desk(slack_app, fake_slack, db_factory, clock: FixedClock):  # type: ignore[no-untyped-def]
    """The sample meeting linked to CHANNEL; BOB organizes it and CAROL is its rapporteur."""
    fake_slack.add_user(CAROL, tz="America/New_York", name="carol")
    link_channel(db_factory, SLUG, CHANNEL)
    with transaction(db_factory) as db:
        add_organizer(db, SLUG, BOB, by=ADMIN)
        set_rapporteur(db, SLUG, CAROL, by=BOB)
    clock.set(at("2003-10-15 15:20"))  # the afternoon session, Wednesday
    return slack_app


def reply_to(slack: SlackSender, fake_slack: FakeSlack, text: str, user: str, channel: str = CHANNEL) -> str:
    before = len(fake_slack.calls)
    assert slack.command(make_command(text, user=user, channel=channel)).status == 200
    found = fake_slack.wait_one("chat.postEphemeral",
                                lambda c: c.args.get("user") == user and fake_slack.calls.index(c) >= before)
    return block_texts(found.args["blocks"])


def note_event(slack: SlackSender, fake_slack: FakeSlack, text: str, user: str = ALICE) -> str:
    """Post a marked message; wait for the bot's checkmark on it. The message's ts."""
    envelope = make_channel_message(text, user=user)
    assert slack.event(envelope).status == 200
    ts = envelope["event"]["ts"]
    reaction = fake_slack.wait_one("reactions.add", lambda c: c.args.get("timestamp") == ts)
    assert (reaction.args["channel"], reaction.args["name"]) == (CHANNEL, "white_check_mark")
    return ts


def active_notes(db_factory) -> list:  # type: ignore[no-untyped-def,type-arg]
    with db_factory() as db:
        return list_notes(db, SLUG)


def test_notes_in_the_channel_go_under_the_item_under_discussion_as_the_clock_moves(
    desk, slack, fake_slack, db_factory, clock
) -> None:
    # No item named yet: the afternoon session itself.
    note_event(slack, fake_slack, "#info Delegations arrived late from the lunch")
    assert "Only the organizers" in reply_to(slack, fake_slack, "now V", ALICE)
    assert "Now under discussion in the Afternoon session: V. Presentation and discussion on workers' remittances" \
        in reply_to(slack, fake_slack, "now 5", BOB)
    ts = note_event(slack, fake_slack, "Good point.\n#agreed harmonise remittance data\n"
                                       f"#action <@{BOB}> circulate a note on data sources")
    clock.set(at("2003-10-15 16:10"))
    reply_to(slack, fake_slack, "now item VI", BOB)
    note_event(slack, fake_slack, "#conclusion trafficking needs joint action", user=BOB)
    clock.set(at("2003-10-15 19:30"))  # between sessions, on a meeting day: general
    note_event(slack, fake_slack, "#info the reception is at 19:30")

    notes = active_notes(db_factory)
    assert [(n.kind, n.where) for n in notes] == [
        ("info", "Afternoon session (no item)"), ("agreed", "item V"), ("action", "item V"),
        ("conclusion", "item VI"), ("info", "general"),
    ]
    agreed, action = notes[1], notes[2]
    assert agreed.author == ALICE and agreed.text == "harmonise remittance data"
    assert agreed.permalink == f"https://agendabot-test.slack.com/archives/{CHANNEL}/p{ts.replace('.', '')}"
    assert (action.owner, action.owner_name, action.text) == (BOB, "bob", "@bob circulate a note on data sources")
    # No reply in the channel: the checkmark is the whole answer.
    assert not [c for c in fake_slack.calls_to("chat.postMessage") if c.args.get("channel") == CHANNEL]


def test_an_action_asks_slack_for_its_owners_name_once(desk, slack, fake_slack, db_factory) -> None:
    dave = "U0DAVE0001"
    fake_slack.add_user(dave, name="dave")
    note_event(slack, fake_slack, f"#action <@{dave}> to draft the letter\n#action <@{dave}> to send it")
    assert [(n.owner_name, n.text) for n in active_notes(db_factory)] == [
        ("dave", "@dave to draft the letter"), ("dave", "@dave to send it")]
    assert len([c for c in fake_slack.calls_to("users.info") if c.args.get("user") == dave]) == 1


def test_a_meeting_in_a_private_channel_gets_its_notes_too(desk, slack, fake_slack, db_factory) -> None:
    private = "G0DELEGATES"  # message.groups: Slack says channel_type "group"
    fake_slack.add_channel(private, name="delegates-only")
    link_channel(db_factory, SLUG, private)
    envelope = make_channel_message("#agreed the bureau meets at 8:30", channel=private, channel_type="group")
    assert slack.event(envelope).status == 200
    fake_slack.wait_one("reactions.add", lambda c: c.args["channel"] == private)
    assert [(n.kind, n.text) for n in active_notes(db_factory)] == [("agreed", "the bureau meets at 8:30")]


def test_other_channels_bots_edits_and_unmarked_talk_are_ignored(desk, slack, fake_slack, db_factory, clock) -> None:
    ignored = [
        make_channel_message("#agreed in the coffee channel", channel=OTHER_CHANNEL),
        make_channel_message("#agreed said by a bot", bot_id="B0OTHERBOT"),
        make_channel_message("#agreed edited", subtype="message_changed"),
        make_channel_message("we #agreed nothing yet"),
        make_channel_message("#agreed the bot's own words", user="U0AGENDABOT"),
    ]
    for envelope in ignored:
        assert slack.event(envelope).status == 200
    clock.set(at("2003-10-20 11:00"))  # after the meeting: marks are not taken
    assert slack.event(make_channel_message("#info too late")).status == 200
    assert desk.pool.wait_idle(10)
    assert active_notes(db_factory) == []
    assert not fake_slack.calls_to("reactions.add")
    assert not fake_slack.calls_to("chat.postMessage") and not fake_slack.calls_to("chat.postEphemeral")


def test_the_message_shortcut_adds_any_message_once(desk, slack, fake_slack, db_factory) -> None:
    reply_to(slack, fake_slack, "now V", BOB)
    payload = message_shortcut("Several delegations stressed the cost of sending remittances.", ALICE, BOB)
    assert payload["callback_id"] == SHORTCUT
    assert slack.interaction(payload).status == 200
    added = fake_slack.wait_one("response_url")
    note = active_notes(db_factory)[0]
    assert f"Added to the rapporteur's notes under item V (note {note.id})." in block_texts(added.args["blocks"])
    assert (note.kind, note.author, note.text) == ("note", ALICE, payload["message"]["text"])
    fake_slack.wait_one("reactions.add", lambda c: c.args["timestamp"] == payload["message"]["ts"])

    payload["trigger_id"] += "-again"  # clicked again: a new request, with its own trigger (not a replay)
    assert slack.interaction(payload).status == 200
    again = fake_slack.wait_for("response_url", count=2)[-1]
    assert "already in the rapporteur's notes" in block_texts(again.args["blocks"])
    elsewhere = message_shortcut("a message elsewhere", ALICE, BOB, channel=OTHER_CHANNEL)
    slack.interaction(elsewhere)
    refused = fake_slack.wait_for("response_url", count=3)[-1]
    assert "not linked to a meeting" in block_texts(refused.args["blocks"])
    assert len(active_notes(db_factory)) == 1


def test_only_organizers_and_the_rapporteur_move_or_drop_notes(desk, slack, fake_slack, db_factory) -> None:
    reply_to(slack, fake_slack, "now V", BOB)
    note_event(slack, fake_slack, "#agreed harmonise remittance data\n#info remittances reached 90 billion")
    first, second = active_notes(db_factory)

    listing = reply_to(slack, fake_slack, "notes", ALICE)  # anyone may read them
    assert f"`{first.id}` #agreed harmonise remittance data" in listing and "item V" in listing
    assert "notes move N ITEM" not in listing  # the how-to is for those who may
    refused = reply_to(slack, fake_slack, f"notes move {first.id} VI", ALICE)
    assert "Only the organizers and the rapporteur" in refused and "Nothing was changed." in refused
    reply_to(slack, fake_slack, f"notes drop {first.id}", ALICE)
    assert [n.item_number for n in active_notes(db_factory)] == ["V", "V"]

    assert f"Note {first.id} is now filed under item VI." in reply_to(
        slack, fake_slack, f"notes move {first.id} 6", CAROL)
    assert "There is no item XX" in reply_to(slack, fake_slack, f"notes move {second.id} XX", CAROL)
    assert f"Note {second.id} is dropped" in reply_to(slack, fake_slack, f"notes drop {second.id}", BOB)
    assert f"no note {second.id}" in reply_to(slack, fake_slack, f"notes drop {second.id}", BOB)
    assert "Write `/agenda notes move N ITEM`" in reply_to(slack, fake_slack, "notes move x", BOB)
    assert [(n.id, n.item_number) for n in active_notes(db_factory)] == [(first.id, "VI")]
    only_six = reply_to(slack, fake_slack, "notes VI", ALICE)
    assert "harmonise remittance data" in only_six and "notes move N ITEM" not in only_six
    assert "No notes on item V yet" in reply_to(slack, fake_slack, "notes V", ALICE)


def _script(slack, fake_slack, clock) -> None:  # type: ignore[no-untyped-def]
    reply_to(slack, fake_slack, "now V", BOB)
    note_event(slack, fake_slack, "#info Remittances reached 90 billion dollars\n#agreed harmonise remittance data\n"
                                  f"#action <@{BOB}> circulate a note on data sources")
    clock.set(at("2003-10-15 16:10"))
    reply_to(slack, fake_slack, "now VI", BOB)
    note_event(slack, fake_slack, "#conclusion trafficking needs joint action")


def _uploaded(fake_slack: FakeSlack, count: int) -> list[dict[str, Any]]:
    fake_slack.wait_for("files.completeUploadExternal", count=1)
    assert len(fake_slack.calls_to("files.getUploadURLExternal")) == count
    assert all(c.ok for c in fake_slack.calls_to("file_upload"))
    return fake_slack.shared_files


def test_the_draft_for_the_seed_meeting_in_the_rapporteurs_dm(desk, slack, fake_slack, clock) -> None:
    _script(slack, fake_slack, clock)
    assert "Only the organizers and the rapporteur" in reply_to(slack, fake_slack, "report draft", ALICE)
    assert "The draft report is in your DM" in reply_to(slack, fake_slack, "report draft", CAROL)

    dm = "D" + CAROL[1:]
    message = fake_slack.wait_one("chat.postMessage", lambda c: c.args["channel"] == dm)
    said = block_texts(message.args["blocks"])
    assert "Draft rapporteur's report — Second Coordination Meeting on International Migration" in said
    assert ("*V. Presentation and discussion on workers' remittances*\n• Remittances reached 90 billion dollars\n"
            f"• Agreed: harmonise remittance data\n• Action: @bob circulate a note on data sources — <@{BOB}>") in said
    assert "• Agreed: trafficking needs joint action" in said
    assert "No notes yet on: I, II, III, IV, VII, VIII, IX, X, XI" in said

    markdown, word = _uploaded(fake_slack, 2)
    assert (markdown["channel"], word["channel"]) == (dm, dm)
    assert markdown["name"] == f"{SLUG}-rapporteur-draft.md" and word["name"].endswith(".docx")
    text = markdown["content"].decode()
    assert ("## V. Presentation and discussion on workers' remittances\n\nPoints noted:\n"
            "- Remittances reached 90 billion dollars\n\nAgreed:\n- harmonise remittance data\n\nActions:\n"
            "- @bob circulate a note on data sources (owner: bob)") in text
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word["content"])).paragraphs]
    assert "trafficking needs joint action" in paragraphs
    assert "@bob circulate a note on data sources (owner: bob)" in paragraphs


def test_the_rapporteurs_reminder_brings_the_draft(desk, slack, fake_slack, clock) -> None:
    _script(slack, fake_slack, clock)
    desk.deps.sync_reminders(SLUG)
    clock.set(at("2003-10-16 13:00"))  # two hours before the report's session: the rapporteur's DM
    dm = "D" + CAROL[1:]
    reminder = fake_slack.wait_one("chat.postMessage", lambda c: c.args["channel"] == dm and "metadata" in c.args)
    assert "rapporteur" in shown(reminder).lower()
    draft = fake_slack.wait_one("chat.postMessage", lambda c: c.args["channel"] == dm and "Draft" in shown(c))
    assert "harmonise remittance data" in shown(draft)
    assert [f["name"].rsplit(".", 1)[1] for f in _uploaded(fake_slack, 2)] == ["md", "docx"]


def test_a_failed_draft_never_holds_the_reminder_back(desk, slack, fake_slack, clock, db_factory) -> None:
    fake_slack.fail_next("files.getUploadURLExternal", status=500, count=10)
    desk.deps.sync_reminders(SLUG)
    clock.set(at("2003-10-16 13:00"))
    fake_slack.wait_one("chat.postMessage", lambda c: c.args["channel"] == "D" + CAROL[1:] and "metadata" in c.args)
    assert desk.deps.reminders.deliverer.wait_idle(10)
    with db_factory() as db:
        statuses = {r.kind: r.status for r in db.scalars(select(models.ReminderDelivery))}
    assert statuses["rapporteur_dm"] == "sent"


def _file_shared(file_id: str, user: str, channel: str) -> dict[str, Any]:
    body = load_payload("event_file_shared")
    body["event"].update(file_id=file_id, user_id=user, channel_id=channel, file={"id": file_id})
    body["event_id"] = f"EvFILE{next(_ids):08d}"
    return body


REPORT = (b"Rapporteur's report\n\nV. Workers' remittances\n\n"
          b"Participants agreed that the cost of sending remittances must fall below 5 per cent.\n\n"
          b"VI. Trafficking\n\nThe panel called for joint investigations across borders.\n")


def test_the_published_report_is_a_document_the_channel_is_told_and_questions_use_it(
    desk, slack, fake_slack, db_factory, clock
) -> None:
    _script(slack, fake_slack, clock)
    assert "Only the organizers and the rapporteur" in reply_to(slack, fake_slack, "report publish", ALICE)
    assert "Upload the final report" in reply_to(slack, fake_slack, "report publish", CAROL)
    fake_slack.add_file("F0REPORT01", "final-report.txt", REPORT, user=CAROL)
    assert slack.event(_file_shared("F0REPORT01", CAROL, CHANNEL)).status == 200
    told = fake_slack.wait_one("chat.postMessage", lambda c: c.args["channel"] == CHANNEL)
    assert "The rapporteur's report for Second Coordination Meeting on International Migration is published" \
        in shown(told)
    done = fake_slack.wait_one("chat.postEphemeral", lambda c: "Published" in shown(c))
    assert done.args["user"] == CAROL
    with db_factory() as db:
        meeting = load_meeting(db, SLUG, with_bodies=True)
    [report] = [d for d in meeting.documents if d.category == "rapporteur's report"]
    assert report.item == "IX" and "below 5 per cent" in report.body

    clock.set(at("2003-10-16 18:30"))
    slack.event(make_mention("what was agreed on remittances?", user=ALICE))
    answer = fake_slack.wait_one("chat.postMessage", lambda c: "Agreed on remittances" in shown(c))
    assert "harmonise remittance data" in shown(answer)
    assert "cost of sending remittances must fall below 5 per cent" in shown(answer)
    assert "• “V. Workers' remittances”" not in shown(answer)  # a heading is not a passage
    slack.event(make_mention("what did the report say about trafficking?", user=ALICE))
    said = fake_slack.wait_one("chat.postMessage", lambda c: "joint investigations" in shown(c))
    assert said.args["channel"] == CHANNEL
    slack.event(make_mention("what actions on item V?", user=ALICE))
    actions = fake_slack.wait_one("chat.postMessage", lambda c: "circulate a note" in shown(c))
    assert "owner: bob" in shown(actions)


def test_publishing_the_draft_as_it_stands(desk, slack, fake_slack, db_factory, clock) -> None:
    _script(slack, fake_slack, clock)
    assert "Published “Rapporteur's report — Second Coordination Meeting" in reply_to(
        slack, fake_slack, "report publish draft", BOB)
    fake_slack.wait_one("chat.postMessage", lambda c: c.args["channel"] == CHANNEL and "is published" in shown(c))
    assert "already published exactly so" in reply_to(slack, fake_slack, "report publish draft", BOB)


def test_a_report_added_on_the_command_line_is_announced_in_the_channel(
    desk, fake_slack, settings, tmp_path, capsys
) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT)
    status = cli_main(["doc", "add", str(path), "--meeting", SLUG, "--title", "Final report",
                       "--category", "rapporteur's report"], settings=settings)
    assert status == 0
    assert "The running bot will tell the meeting's channel" in capsys.readouterr().out
    told = fake_slack.wait_one("chat.postMessage", lambda c: c.args["channel"] == CHANNEL)
    assert "“Final report”" in shown(told) and "Changed by cli" in block_texts(told.args["blocks"])


def test_now_and_report_alone_are_still_questions(desk, slack, fake_slack) -> None:
    assert "Afternoon session" in reply_to(slack, fake_slack, "now", ALICE)  # what's on now
    assert "5 documents:" in reply_to(slack, fake_slack, "report", ALICE)  # answered as before
    assert "Only the organizers and the rapporteur" in reply_to(slack, fake_slack, "report draft", ALICE)


def test_the_current_item_needs_a_session_on_and_a_real_item(desk, slack, fake_slack, db_factory, clock) -> None:
    assert "There is no item XX on the agenda" in reply_to(slack, fake_slack, "now XX", BOB)
    clock.set(at("2003-10-15 13:45"))  # lunch
    assert "No session of Second Coordination Meeting" in reply_to(slack, fake_slack, "now V", BOB)
    with db_factory() as db:
        assert db.scalar(select(models.RapporteurCurrentItem.item_number)) is None


def _menus(call_blocks: list[dict[str, Any]]) -> dict[int, list[str]]:
    """Note id -> the values of the menu beside it."""
    found: dict[int, list[str]] = {}
    for block in call_blocks:
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == NOTE_MENU_ACTION:
            values = [o["value"] for o in accessory["options"]]
            found[int(values[0].split(":")[0])] = values
    return found


def _choose(slack: SlackSender, fake_slack: FakeSlack, user: str, value: str, replies: int = 1) -> list[Call]:
    before = len(fake_slack.calls_to("response_url"))
    payload = make_block_action(NOTE_MENU_ACTION, "", user=user, response_url=HOOK)
    payload["actions"][0] = {"type": "static_select", "action_id": NOTE_MENU_ACTION, "block_id": "n1",
                             "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": value},
                             "action_ts": "1066231000.000100"}
    assert slack.interaction(payload).status == 200
    return fake_slack.wait_for("response_url", count=before + replies)[before:]


def test_the_menu_beside_each_note_moves_and_drops_for_those_who_may(desk, slack, fake_slack, db_factory) -> None:
    reply_to(slack, fake_slack, "now V", BOB)
    note_event(slack, fake_slack, "#agreed harmonise remittance data\n#info remittances reached 90 billion")
    first, second = active_notes(db_factory)
    before = len(fake_slack.calls)
    slack.command(make_command("notes", user=ALICE))
    plain = fake_slack.wait_one("chat.postEphemeral", lambda c: fake_slack.calls.index(c) >= before)
    assert _menus(plain.args["blocks"]) == {}  # readers get no menus
    slack.command(make_command("notes", user=CAROL))
    listed = fake_slack.wait_one("chat.postEphemeral", lambda c: c.args["user"] == CAROL)
    menus = _menus(listed.args["blocks"])
    assert set(menus) == {first.id, second.id}
    assert menus[first.id][:2] == [f"{first.id}:I", f"{first.id}:II"]
    assert menus[first.id][-2:] == [f"{first.id}:general", f"{first.id}:drop"]
    assert len(menus[first.id]) == 13  # I–XI once each (VIII continues), general, drop

    [refused] = _choose(slack, fake_slack, ALICE, f"{first.id}:drop")  # a forged click
    assert "Only the organizers and the rapporteur" in block_texts(refused.args["blocks"])
    done, relisted = _choose(slack, fake_slack, CAROL, f"{first.id}:VI", replies=2)
    assert f"Note {first.id} is now filed under item VI." in block_texts(done.args["blocks"])
    assert done.args["replace_original"] in (True, "true")
    assert "item VI" in block_texts(relisted.args["blocks"])
    _choose(slack, fake_slack, BOB, f"{second.id}:drop", replies=2)
    assert [(n.id, n.item_number) for n in active_notes(db_factory)] == [(first.id, "VI")]
    [stale] = _choose(slack, fake_slack, BOB, "999999:drop")
    assert "There is no note 999999" in block_texts(stale.args["blocks"])


def test_a_report_that_unpacks_like_a_zip_bomb_is_refused_to_its_uploader(
    desk, slack, fake_slack, db_factory
) -> None:
    # 8 MB of one letter in about 8 KB: a ZIP bomb in miniature, under every size cap.
    template = io.BytesIO()
    docx.Document().save(template)
    bomb = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body = body.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>" + b"A" * 8 * 2**20 + b"</w:t></w:r></w:p>")
            out.writestr(info.filename, body)
    assert "Upload the final report" in reply_to(slack, fake_slack, "report publish", CAROL)
    fake_slack.add_file("F0BOMB0001", "report.docx", bomb.getvalue(), user=CAROL)
    slack.event(_file_shared("F0BOMB0001", CAROL, CHANNEL))
    refused = fake_slack.wait_one("chat.postEphemeral", lambda c: "could not publish" in shown(c))
    assert refused.args["user"] == CAROL
    assert "word/document.xml is compressed" in shown(refused) and "Nothing was changed" in shown(refused)
    with db_factory() as db:
        meeting = load_meeting(db, SLUG, with_bodies=True)
    assert not [d for d in meeting.documents if d.category == "rapporteur's report"]
