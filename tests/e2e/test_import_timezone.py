"""An uploaded page that names no place: the preview asks for the venue's time zone (issue 13).

The importer takes such a page's times as UTC and says so; in Slack that sentence
becomes a menu next to Confirm. Picking a zone re-makes the preview with the page's
clock times in that zone, and Confirm stores that.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.timefmt import zone_label
from handlers.render.organizer import CONFIRM_ACTION
from handlers.render.zone_picker import ZONE_ACTION, ZONE_PROMPT, ZONES
from store.agenda import load_meeting
from store.importers import parse_agenda
from store.importers.common import read_in_zone
from tests.e2e.conftest import ALICE, block_texts, buttons, make_block_action, shown
from tests.e2e.test_organizers import BOB_DM, HOOK, _file_shared, _make_organizers, organizers  # noqa: F401
from tests.fake_slack import Call

BOB = "U0BOB0001"
SLUG = "expert-group-meeting-on-water-accounts-2024"


def _page(where: str = "") -> str:
    return (f"Expert Group Meeting on Water Accounts\n{where}14-15 May 2024\n\n"
            "Tuesday, 14 May 2024\n"
            "10:00 – 13:00 Morning session\n1. Opening of the meeting\n2. Adoption of the agenda\n"
            "15:00 – 18:00 Afternoon session\n3. Physical supply and use tables\n\n"
            "Wednesday, 15 May 2024\n"
            "10:00 – 12:00 Closing session\n4. Conclusions\n")


def _upload(slack, fake_slack, text: str) -> Call:
    fake_slack.add_file("F0WATER01", "programme.txt", text.encode("utf-8"), user=BOB)
    assert slack.event(_file_shared("F0WATER01", BOB, BOB_DM)).status == 200
    return fake_slack.wait_one("chat.postEphemeral", lambda c: c.args.get("channel") == BOB_DM and buttons(c))


def _menu(preview: Call) -> dict[str, Any] | None:
    return next((e for b in preview.args["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == ZONE_ACTION), None)


def _pick(slack, fake_slack, preview: Call, zone: str, user: str) -> dict[str, Any]:
    menu = _menu(preview)
    assert menu is not None
    [option] = [o for g in menu["option_groups"] for o in g["options"] if o["value"].startswith(f"{zone}|")]
    payload = make_block_action(ZONE_ACTION, option["value"], user=user, channel=BOB_DM, response_url=HOOK)
    assert slack.interaction(payload).status == 200
    return option


def _click(slack, fake_slack, value: str, user: str) -> Call:
    before = len(fake_slack.calls_to("response_url"))
    payload = make_block_action(CONFIRM_ACTION, value, user=user, channel=BOB_DM, response_url=HOOK)
    assert slack.interaction(payload).status == 200
    return fake_slack.wait_for("response_url", count=before + 1)[-1]


def test_a_page_without_a_place_gets_a_zone_picker_and_confirm_stores_the_zone_picked(
    organizers, slack, fake_slack, db_factory  # noqa: F811
) -> None:
    _make_organizers(slack, fake_slack)
    preview = _upload(slack, fake_slack, _page())
    assert ZONE_PROMPT in block_texts(preview.args["blocks"])
    assert "--tz" not in block_texts(preview.args["blocks"])  # the menu replaces the command-line advice

    _pick(slack, fake_slack, preview, "Europe/Rome", BOB)
    remade = fake_slack.wait_for("response_url", count=1)[-1]
    assert _menu(remade) is None and buttons(remade)
    assert buttons(remade)[CONFIRM_ACTION]["value"] != buttons(preview)[CONFIRM_ACTION]["value"]
    old = _click(slack, fake_slack, buttons(preview)[CONFIRM_ACTION]["value"], BOB)
    assert "cancelled or replaced" in shown(old)  # the UTC preview was cancelled: it applies nothing

    assert "Times are Rome times (Europe/Rome): Morning session, Tue 14 May 10:00–13:00." in shown(remade)
    done = _click(slack, fake_slack, buttons(remade)[CONFIRM_ACTION]["value"], BOB)
    assert "Done: saved as revision 1" in shown(done)
    with db_factory() as db:
        meeting = load_meeting(db, SLUG)
    rome = ZoneInfo("Europe/Rome")
    assert meeting.timezone == "Europe/Rome"
    assert [(s.title, s.starts_at, s.ends_at) for s in meeting.sessions][0] == (
        "Morning session", datetime(2024, 5, 14, 10, 0, tzinfo=rome), datetime(2024, 5, 14, 13, 0, tzinfo=rome))


def test_a_page_whose_venue_gives_the_zone_shows_no_picker(organizers, slack, fake_slack) -> None:  # noqa: F811
    _make_organizers(slack, fake_slack)
    preview = _upload(slack, fake_slack, _page("Rome, "))
    assert _menu(preview) is None
    assert ZONE_PROMPT not in block_texts(preview.args["blocks"])


def test_a_participant_cannot_pick_the_zone_of_someone_elses_import(
    organizers, slack, fake_slack, db_factory  # noqa: F811
) -> None:
    _make_organizers(slack, fake_slack)
    preview = _upload(slack, fake_slack, _page())
    _pick(slack, fake_slack, preview, "Europe/Rome", ALICE)
    refusal = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == ALICE)
    assert "Nothing was changed" in shown(refusal) or "nothing changed" in shown(refusal)
    assert not fake_slack.calls_to("response_url")  # Bob's preview stays as it was

    done = _click(slack, fake_slack, buttons(preview)[CONFIRM_ACTION]["value"], BOB)  # and still applies, in UTC as previewed
    assert "Done: saved as revision 1" in shown(done)
    with db_factory() as db:
        assert load_meeting(db, SLUG).timezone == "UTC"


def test_reading_the_guessed_import_in_a_zone_is_importing_it_with_that_zone() -> None:
    guessed = parse_agenda(_page(), suffix=".txt")
    assert guessed.zone_guessed and guessed.meeting.timezone == "UTC"
    given = parse_agenda(_page(), suffix=".txt", tz="Europe/Rome")
    assert not given.zone_guessed
    assert read_in_zone(guessed.meeting, "Europe/Rome") == given.meeting


def test_the_menu_holds_real_zones_within_slacks_limits() -> None:
    zones = [z for group in ZONES.values() for z in group]
    assert len(zones) == len(set(zones)) <= 100
    for zone in zones:
        ZoneInfo(zone)  # raises for a name the zone database does not know
        assert len(f"{zone_label(zone)} ({zone})") <= 75
