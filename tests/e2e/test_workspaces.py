"""One deployment, two workspaces ("Add to Slack"): installed through the real Bolt OAuth
flow against the fake Slack, then kept apart in every way a person could ask.

Workspace A holds the sample meeting (imported by the CLI with ``--team``),
workspace B a meeting of its own. Each has its own bot token from
``oauth.v2.access``; the fake refuses a token on another team's channel or
user, as Slack does, so a call made with the wrong workspace's token fails.
"""

from __future__ import annotations

import dataclasses
import http.client
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, event, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from bot import wsgi
from bot.app import INSTALL_PATH, REDIRECT_PATH, SlackApp, missing_settings
from bot.cli import SAMPLE_MEETING
from bot.cli import main as cli
from bot.clock import FixedClock
from bot.config import Settings
from bot.rapporteur.notes import list_notes
from bot.reminders.settings import set_rapporteur
from handlers.slack.clients import CachedInstallationStore, Clients, NotInstalled
from store import models
from store.agenda import list_meetings
from store.db import make_engine, transaction
from tests.e2e.conftest import (
    NEW_YORK,
    SIGNING_SECRET,
    HttpResult,
    SlackSender,
    block_texts,
    make_channel_message,
    make_command,
    make_dm,
    make_home_opened,
    make_mention,
    served,
    shown,
    signed_poster,
    started,
)
from tests.fake_slack import CLIENT_ID, CLIENT_SECRET, FakeSlack

TEAM_A, TEAM_B = "T0AAAAAA1", "T0BBBBBB2"
ANA, BEN = "U0ANA0001", "U0BEN0002"  # an admin of A, an admin of B
CHANNEL_A, CHANNEL_B = "C0AAAAAA1", "C0BBBBBB2"
SLUG_A = "coordination-meeting-2003"
SLUG_B = "ageing-2024"
TITLE_B = "Expert Group Meeting on Population Ageing"
TITLE_A = "Second Coordination Meeting"
AGENDAS = Path(__file__).resolve().parents[1] / "fixtures" / "agendas"
STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(MetaData(), "slack_oauth_states")


def get(base: str, path: str, headers: dict[str, str] | None = None) -> HttpResult:
    """A GET with its query string (the conftest helper sends the path alone)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return HttpResult(response.status, response.read(), {k.lower(): v for k, v in response.getheaders()})
    finally:
        connection.close()


def start_install(base: str) -> tuple[str, str]:
    """Open "Add to Slack": the state in its link, and the browser cookie that goes with it."""
    page = get(base, INSTALL_PATH)
    assert page.status == 200
    link = re.search(rb'href="(https://slack.com/oauth/v2/authorize\?[^"]+)"', page.body)
    assert link is not None, page.body[:300]
    query = parse_qs(urlsplit(link.group(1).decode().replace("&amp;", "&")).query)
    assert query["client_id"] == [CLIENT_ID]
    assert "chat:write" in query["scope"][0].split(",")
    cookie = page.headers["set-cookie"].split(";", 1)[0]
    return query["state"][0], cookie


def finish_install(base: str, code: str, state: str, cookie: str) -> HttpResult:
    return get(base, f"{REDIRECT_PATH}?{urlencode({'code': code, 'state': state})}", {"Cookie": cookie})


def in_team(body: dict[str, Any], team: str) -> dict[str, Any]:
    """An event envelope as Slack sends it from ``team``."""
    body["team_id"] = team
    body["authorizations"] = [{"team_id": team, "user_id": "U0AGENDABOT", "is_bot": True}]
    if "event" in body:
        body["event"]["team"] = team
    return body


def command_in(team: str, text: str, user: str, channel: str) -> dict[str, str]:
    return {**make_command(text, user=user, channel=channel), "team_id": team}


@pytest.fixture
def oauth_settings(database_url: str, fake_slack: FakeSlack) -> Settings:
    return Settings(
        database_url=database_url,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack.base_url,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
    )


@pytest.fixture
def workspaces(fake_slack: FakeSlack) -> FakeSlack:
    fake_slack.add_workspace(TEAM_A, "code-a", installer=ANA)
    fake_slack.add_workspace(TEAM_B, "code-b", installer=BEN)
    fake_slack.add_user(ANA, tz="Europe/Zurich", is_admin=True, team=TEAM_A, name="ana")
    fake_slack.add_user(BEN, tz="America/New_York", is_admin=True, team=TEAM_B, name="ben")
    fake_slack.add_channel(CHANNEL_A, name="coordination", team=TEAM_A)
    fake_slack.add_channel(CHANNEL_B, name="tides", team=TEAM_B)
    return fake_slack


@pytest.fixture
def meetings(oauth_settings: Settings, db_factory: sessionmaker[Session]) -> None:
    """A's meeting and B's, each imported by the CLI with ``--team``."""
    assert cli(["import", str(SAMPLE_MEETING), "--team", TEAM_A], settings=oauth_settings) == 0
    assert cli(["import", str(AGENDAS / "geneva-expert-group.txt"), "--meeting", SLUG_B, "--team", TEAM_B],
               settings=oauth_settings) == 0
    with db_factory() as db:
        assert {(m.slug, m.team_id) for m in list_meetings(db)} == {(SLUG_A, TEAM_A), (SLUG_B, TEAM_B)}


@pytest.fixture
def multi_app(
    oauth_settings: Settings, workspaces: FakeSlack, meetings: None, clock: FixedClock
) -> Iterator[SlackApp]:
    with started(oauth_settings, clock) as app:
        yield app


@pytest.fixture
def base(multi_app: SlackApp) -> Iterator[str]:
    with served(multi_app.web) as url:
        yield url


@pytest.fixture
def installed(base: str, workspaces: FakeSlack) -> SlackSender:
    """Both workspaces installed through the browser flow; a sender of signed requests."""
    for code in ("code-a", "code-b"):
        state, cookie = start_install(base)
        done = finish_install(base, code, state, cookie)
        assert done.status == 200, done.body[:300]
    return SlackSender(signed_poster(base), workspaces)


# --- installing ------------------------------------------------------------------------------


def test_each_installation_gets_its_own_token_through_oauth_v2_access(
    installed: SlackSender, workspaces: FakeSlack, db_factory: sessionmaker[Session]
) -> None:
    exchanges = workspaces.calls_to("oauth.v2.access")
    assert [c.ok for c in exchanges] == [True, True]
    token_a, token_b = workspaces.token_of(TEAM_A), workspaces.token_of(TEAM_B)
    assert token_a != token_b
    with db_factory() as db:  # in the app's own database
        bots = dict(db.execute(text("SELECT team_id, bot_token FROM slack_bots")).all())
    assert bots == {TEAM_A: token_a, TEAM_B: token_b}


def test_a_forged_or_expired_state_installs_nothing(
    base: str, workspaces: FakeSlack, oauth_settings: Settings
) -> None:
    state, cookie = start_install(base)
    forged = finish_install(base, "code-a", "not-a-state-we-issued", "slack-app-oauth-state=not-a-state-we-issued")
    assert forged.status >= 400
    wrong_browser = finish_install(base, "code-a", state, "slack-app-oauth-state=someone-elses")
    assert wrong_browser.status >= 400

    # A state we issued, in the right browser, but past its ten minutes.
    engine = make_engine(oauth_settings.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(STATES), {"state": "old-state",
                                          "expire_at": datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=1)})
    finally:
        engine.dispose()
    expired = finish_install(base, "code-a", "old-state", "slack-app-oauth-state=old-state")
    assert expired.status >= 400
    assert workspaces.calls_to("oauth.v2.access") == []  # no code was ever exchanged

    assert finish_install(base, "code-a", state, cookie).status == 200
    assert finish_install(base, "code-a", state, cookie).status >= 400  # a state works once


# --- kept apart ------------------------------------------------------------------------------


def test_a_mention_in_b_is_answered_from_b_only_and_with_bs_token(
    installed: SlackSender, workspaces: FakeSlack
) -> None:
    installed.event(in_team(make_mention("what is on the agenda?", user=BEN, channel=CHANNEL_B), TEAM_B))
    reply = workspaces.wait_one("chat.postMessage", lambda c: c.args.get("channel") == CHANNEL_B)
    assert reply.token == workspaces.token_of(TEAM_B)
    assert TITLE_B in shown(reply) + block_texts(reply.args.get("blocks", []))
    assert TITLE_A not in shown(reply) + block_texts(reply.args.get("blocks", []))

    # Bolt's per-request authorization is answered from memory: no auth.test for later requests.
    checks = len(workspaces.calls_to("auth.test"))
    installed.event(in_team(make_mention("what's next?", user=BEN, channel=CHANNEL_B), TEAM_B))
    workspaces.wait_for("chat.postMessage", count=2)
    assert len(workspaces.calls_to("auth.test")) == checks


def test_b_cannot_reach_as_meeting_by_slug_title_or_search(installed: SlackSender, workspaces: FakeSlack) -> None:
    asked = {
        f"{SLUG_A} what is next?": "Monday 3 June",  # by slug: not a meeting here; B's own answers
        "when is the rapporteur's report of the coordination meeting?": "",  # by its title's words
        "where is A/58/98?": "A/58/98 is not among this meeting's documents",  # a document only A has
    }
    for n, (question, expected) in enumerate(asked.items()):
        installed.event(in_team(make_dm(question, user=BEN, channel="D" + BEN[1:]), TEAM_B))
        reply = workspaces.wait_for("chat.postMessage", count=n + 1)[n]
        seen = shown(reply) + "\n" + block_texts(reply.args.get("blocks", []))
        assert reply.token == workspaces.token_of(TEAM_B)
        assert expected in seen, (question, seen)
        assert TITLE_A not in seen and "migration" not in seen.lower(), (question, seen)
        assert "Migration and Development" not in seen  # A's document titles


def test_agenda_link_of_as_slug_from_b_is_unknown(installed: SlackSender, workspaces: FakeSlack,
                                                   db_factory: sessionmaker[Session]) -> None:
    installed.command(command_in(TEAM_B, f"link {SLUG_A}", BEN, CHANNEL_B))
    refused = workspaces.wait_one("chat.postEphemeral")
    assert shown(refused) == f"There is no meeting “{SLUG_A}”. Known meetings: {SLUG_B}."
    with db_factory() as db:
        assert db.scalar(select(models.Meeting.channel_id).where(models.Meeting.slug == SLUG_A)) is None

    installed.command(command_in(TEAM_B, f"link {SLUG_B}", BEN, CHANNEL_B))
    linked = workspaces.wait_one("chat.postEphemeral", lambda c: "now linked" in shown(c))
    assert linked.token == workspaces.token_of(TEAM_B)


def test_app_home_in_b_shows_bs_meeting_only(installed: SlackSender, workspaces: FakeSlack) -> None:
    installed.event(in_team(make_home_opened(user=BEN), TEAM_B))
    published = workspaces.wait_one("views.publish")
    assert published.token == workspaces.token_of(TEAM_B)
    seen = block_texts(published.args["view"]["blocks"])
    assert TITLE_B in seen
    assert TITLE_A not in seen and SLUG_A not in seen


def test_agenda_command_in_a_answers_about_as_meeting(installed: SlackSender, workspaces: FakeSlack) -> None:
    installed.command(command_in(TEAM_A, "next", ANA, CHANNEL_A))
    answer = workspaces.wait_one("chat.postEphemeral")
    assert answer.ok and answer.token == workspaces.token_of(TEAM_A)
    assert TITLE_B not in shown(answer) + block_texts(answer.args.get("blocks", []))


def test_as_reminders_go_out_with_as_token(
    installed: SlackSender, workspaces: FakeSlack, clock: FixedClock
) -> None:
    installed.command(command_in(TEAM_A, f"link {SLUG_A}", ANA, CHANNEL_A))
    workspaces.wait_one("chat.postEphemeral", lambda c: "now linked" in shown(c))

    clock.set(datetime(2003, 10, 15, 14, 50, tzinfo=NEW_YORK))  # the afternoon's reminder falls due
    reminder = workspaces.wait_one("chat.postMessage", lambda c: "metadata" in c.args)
    # B's token would be refused on A's channel (channel_not_found), so ok proves A's was used.
    assert reminder.ok and reminder.token == workspaces.token_of(TEAM_A)
    assert reminder.args["channel"] == CHANNEL_A
    assert reminder.args["metadata"]["event_payload"]["key"].startswith(SLUG_A + "/")


def test_as_rapporteurs_notes_and_draft_stay_in_a(
    installed: SlackSender, workspaces: FakeSlack, multi_app: SlackApp, db_factory: sessionmaker[Session],
    clock: FixedClock,
) -> None:
    installed.command(command_in(TEAM_A, f"link {SLUG_A}", ANA, CHANNEL_A))
    workspaces.wait_one("chat.postEphemeral", lambda c: "now linked" in shown(c))
    with transaction(db_factory) as db:
        set_rapporteur(db, SLUG_A, ANA, by=ANA)
    clock.set(datetime(2003, 10, 15, 15, 20, tzinfo=NEW_YORK))  # Wednesday afternoon's session

    note = in_team(make_channel_message("#agreed harmonise remittance data", user=ANA, channel=CHANNEL_A), TEAM_A)
    installed.event(note)
    checkmark = workspaces.wait_one("reactions.add")
    assert checkmark.ok and checkmark.token == workspaces.token_of(TEAM_A)
    # The same line from B (a channel id A's meeting is linked to) is no note of A's meeting.
    installed.event(in_team(make_channel_message("#agreed something else", user=BEN, channel=CHANNEL_A), TEAM_B))
    assert multi_app.pool.wait_idle(10)
    with db_factory() as db:
        assert [n.text for n in list_notes(db, SLUG_A)] == ["harmonise remittance data"]

    multi_app.deps.sync_reminders(SLUG_A)
    clock.set(datetime(2003, 10, 16, 13, 0, tzinfo=NEW_YORK))  # the rapporteur's reminder, outside any request
    draft = workspaces.wait_one("chat.postMessage", lambda c: "Draft" in shown(c))
    assert draft.ok and draft.token == workspaces.token_of(TEAM_A)
    assert "harmonise remittance data" in shown(draft)


def test_an_announcement_goes_out_in_its_meetings_workspace_from_the_poll_thread(
    installed: SlackSender, workspaces: FakeSlack, multi_app: SlackApp, db_factory: sessionmaker[Session]
) -> None:
    installed.event(in_team(make_home_opened(user=BEN), TEAM_B))
    workspaces.wait_one("views.publish")
    installed.command(command_in(TEAM_B, f"link {SLUG_B}", BEN, CHANNEL_B))
    workspaces.wait_one("chat.postEphemeral", lambda c: "now linked" in shown(c))
    assert multi_app.pool.wait_idle(10)
    with db_factory() as db:  # a person is kept per workspace
        keys = set(db.scalars(select(models.SlackUser.user_id)))
    assert f"{TEAM_B}/{BEN}" in keys and BEN not in keys
    with transaction(db_factory) as db:  # as a change made from the CLI leaves it
        db.add(models.AgendaAnnouncement(meeting_slug=SLUG_B, revision=1, text="Item 2 moved to the afternoon.",
                                         author=BEN, status="pending", attempts=0, error=""))

    assert multi_app.announcer is not None
    multi_app.announcer.deliver_pending()  # outside any request, as the announcer's poll thread does
    told = workspaces.wait_one("chat.postMessage", lambda c: "Item 2 moved" in shown(c))
    assert told.args["channel"] == CHANNEL_B and told.token == workspaces.token_of(TEAM_B)
    redrawn = workspaces.wait_for("views.publish", count=2)[1]
    assert redrawn.args["user_id"] == BEN and redrawn.token == workspaces.token_of(TEAM_B)


def test_publishing_in_b_delivers_as_pending_announcement_with_as_token(
    installed: SlackSender, workspaces: FakeSlack, multi_app: SlackApp, db_factory: sessionmaker[Session]
) -> None:
    assert multi_app.announcer is not None
    multi_app.announcer.stop()  # no poll: only the publishing request may deliver it
    for team, slug, user, channel in ((TEAM_A, SLUG_A, ANA, CHANNEL_A), (TEAM_B, SLUG_B, BEN, CHANNEL_B)):
        installed.command(command_in(team, f"link {slug}", user, channel))
        workspaces.wait_one("chat.postEphemeral", lambda c, ch=channel: c.args.get("channel") == ch and "now linked" in shown(c))
    with transaction(db_factory) as db:  # a change to A's agenda made from the CLI, not yet told
        db.add(models.AgendaAnnouncement(meeting_slug=SLUG_A, revision=1, text="Item 2 moved to the afternoon.",
                                         author=ANA, status="pending", attempts=0, error=""))

    installed.command(command_in(TEAM_B, "report publish draft", BEN, CHANNEL_B))  # announced at once
    told = workspaces.wait_one("chat.postMessage", lambda c: "Item 2 moved" in shown(c))
    assert told.ok and told.token == workspaces.token_of(TEAM_A) and told.args["channel"] == CHANNEL_A


def test_an_uninstalled_workspace_is_forgotten(
    installed: SlackSender, workspaces: FakeSlack, multi_app: SlackApp, db_factory: sessionmaker[Session]
) -> None:
    body = in_team({"type": "event_callback", "event_id": "Ev0UNINSTALL", "event_time": 1,
                    "api_app_id": "A0AGENDABOT", "token": "x",
                    "event": {"type": "app_uninstalled", "event_ts": "1.000001"}}, TEAM_A)
    assert installed.event(body).status == 200

    def bots() -> set[str]:
        with db_factory() as db:
            return {row[0] for row in db.execute(text("SELECT team_id FROM slack_bots"))}

    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while TEAM_A in bots() and datetime.now(UTC) < deadline:
        multi_app.pool.wait_idle(1)
    assert bots() == {TEAM_B}
    assert multi_app.deps.clients is not None
    with pytest.raises(NotInstalled):
        multi_app.deps.clients.for_team(TEAM_A)


def test_without_client_credentials_the_single_workspace_install_is_unchanged(settings: Settings) -> None:
    assert not settings.oauth
    assert not dataclasses.replace(settings, slack_client_id=CLIENT_ID).oauth  # the secret too, or nothing


def test_find_bot_is_cached_until_a_change_or_the_ttl(oauth_settings: Settings, installed: SlackSender) -> None:
    now = [0.0]
    engine = make_engine(oauth_settings.database_url)
    try:
        store = CachedInstallationStore(CLIENT_ID, engine, ttl=60, clock=lambda: now[0])
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *rest: statements.append(sql))
        token = store.bot_token(TEAM_A)
        assert token and len(statements) == 1
        assert store.bot_token(TEAM_A) == token and len(statements) == 1  # from memory
        now[0] = 61.0
        assert store.bot_token(TEAM_A) == token and len(statements) == 2  # asked again after the TTL
        store.delete_bot(enterprise_id=None, team_id=TEAM_A)
        assert store.bot_token(TEAM_A) is None  # a deletion is seen at once in its own process
    finally:
        engine.dispose()


def test_a_workspace_installed_through_another_worker_is_served_at_once(
    oauth_settings: Settings, base: str, workspaces: FakeSlack
) -> None:
    engine = make_engine(oauth_settings.database_url)
    try:
        other_worker = CachedInstallationStore(CLIENT_ID, engine, ttl=60, clock=lambda: 0.0)
        assert other_worker.bot_token(TEAM_A) is None  # asked before the install
        state, cookie = start_install(base)
        assert finish_install(base, "code-a", state, cookie).status == 200  # this app's own store
        assert other_worker.bot_token(TEAM_A) == workspaces.token_of(TEAM_A)  # no minute of refusals
    finally:
        engine.dispose()


def test_oauth_settings_need_the_signing_secret_not_a_bot_token(oauth_settings: Settings) -> None:
    assert missing_settings(oauth_settings, socket_mode=False) is None
    half = dataclasses.replace(oauth_settings, slack_client_secret="")
    assert "SLACK_CLIENT_SECRET" in (missing_settings(half, socket_mode=False) or "")
    assert "SLACK_SIGNING_SECRET" in (missing_settings(
        dataclasses.replace(oauth_settings, slack_signing_secret=""), socket_mode=False) or "")
    assert "HTTP only" in (missing_settings(oauth_settings, socket_mode=True) or "")


def test_gunicorns_wsgi_app_serves_add_to_slack(oauth_settings: Settings) -> None:
    web = wsgi.create_app(oauth_settings)  # what each gunicorn worker builds from the environment
    try:
        with served(web) as url:
            state, cookie = start_install(url)
            assert state and cookie.startswith("slack-app-oauth-state=")
            assert get(url, "/healthz").status == 200
    finally:
        wsgi.shutdown()


# --- Enterprise Grid -------------------------------------------------------------------------

ORG = "E0ORGANIZ1"
TEAM_G = "T0GRIDWS01"  # a workspace of ORG that installs the app for itself
TEAM_O1, TEAM_O2 = "T0ORGWS001", "T0ORGWS002"  # workspaces of ORG, covered by an org-wide install
CAROL = "W0CAROL001"  # Grid user ids start with W
CHANNEL_G, CHANNEL_O = "C0GRIDCH01", "C0ORGCH001"


def in_grid(body: dict[str, Any], team: str, *, org_wide: bool) -> dict[str, Any]:
    """An envelope from workspace ``team`` of ORG, as Slack sends it to a workspace or org-wide install."""
    body["team_id"] = team
    body["enterprise_id"] = ORG
    body["is_ext_shared_channel"] = False
    body["authorizations"] = [{"enterprise_id": ORG, "team_id": None if org_wide else team,
                               "user_id": "U0AGENDABOT", "is_bot": True, "is_enterprise_install": org_wide}]
    if "event" in body:
        body["event"]["team"] = team
    return body


@pytest.fixture
def grid(fake_slack: FakeSlack, oauth_settings: Settings, clock: FixedClock) -> Iterator[tuple[SlackApp, SlackSender]]:
    """ORG: TEAM_G installs the app on its own; TEAM_O1 and TEAM_O2 get it from an org-wide install.
    B's meeting in TEAM_G, A's in TEAM_O1; both installs made through the browser flow."""
    fake_slack.add_workspace(TEAM_G, "code-grid", installer=CAROL, enterprise=ORG)
    fake_slack.add_org_install(ORG, "code-org", teams=[TEAM_O1, TEAM_O2], installer=CAROL)
    fake_slack.add_user(CAROL, tz="Europe/Zurich", is_admin=True, team=TEAM_O1, name="carol")
    fake_slack.add_channel(CHANNEL_G, name="grid", team=TEAM_G)
    fake_slack.add_channel(CHANNEL_O, name="org", team=TEAM_O1)
    assert cli(["import", str(SAMPLE_MEETING), "--team", TEAM_O1], settings=oauth_settings) == 0
    assert cli(["import", str(AGENDAS / "geneva-expert-group.txt"), "--meeting", SLUG_B, "--team", TEAM_G],
               settings=oauth_settings) == 0
    with started(oauth_settings, clock) as app, served(app.web) as url:
        for code in ("code-grid", "code-org"):
            state, cookie = start_install(url)
            done = finish_install(url, code, state, cookie)
            assert done.status == 200, done.body[:300]
        yield app, SlackSender(signed_poster(url), fake_slack)


def test_grid_installs_are_kept_by_enterprise_and_team(
    grid: tuple[SlackApp, SlackSender], fake_slack: FakeSlack, db_factory: sessionmaker[Session]
) -> None:
    assert [c.ok for c in fake_slack.calls_to("oauth.v2.access")] == [True, True]
    with db_factory() as db:
        rows = set(db.execute(text(
            "SELECT enterprise_id, team_id, is_enterprise_install, bot_token FROM slack_bots")).all())
    assert {(e, t, bool(org), tok) for e, t, org, tok in rows} == {
        (ORG, TEAM_G, False, fake_slack.token_of(TEAM_G)),
        (ORG, None, True, fake_slack.token_of(ORG)),
    }


def test_a_grid_workspace_install_answers_a_mention_with_its_own_token(
    grid: tuple[SlackApp, SlackSender], fake_slack: FakeSlack
) -> None:
    _, sender = grid
    assert sender.event(in_grid(make_mention("what is on the agenda?", user=CAROL, channel=CHANNEL_G),
                                TEAM_G, org_wide=False)).status == 200
    reply = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == CHANNEL_G)
    assert reply.ok and reply.token == fake_slack.token_of(TEAM_G)
    assert TITLE_B in shown(reply) + block_texts(reply.args.get("blocks", []))


def test_an_org_wide_install_answers_in_each_workspace_of_the_org(
    grid: tuple[SlackApp, SlackSender], fake_slack: FakeSlack
) -> None:
    _, sender = grid
    sender.event(in_grid(make_mention("what is on the agenda?", user=CAROL, channel=CHANNEL_O), TEAM_O1, org_wide=True))
    reply = fake_slack.wait_one("chat.postMessage", lambda c: c.args.get("channel") == CHANNEL_O)
    assert reply.ok and reply.token == fake_slack.token_of(ORG)
    assert TITLE_A in shown(reply) + block_texts(reply.args.get("blocks", []))

    sender.event(in_grid(make_home_opened(user=CAROL), TEAM_O1, org_wide=True))
    home = fake_slack.wait_one("views.publish")
    assert home.ok and home.token == fake_slack.token_of(ORG)
    assert TITLE_A in block_texts(home.args["view"]["blocks"])

    sender.command({**make_command("next", user=CAROL, channel=CHANNEL_O), "team_id": TEAM_O1,
                    "enterprise_id": ORG, "is_enterprise_install": "true"})
    answer = fake_slack.wait_one("chat.postEphemeral")
    assert answer.ok and answer.token == fake_slack.token_of(ORG)


def test_work_outside_a_request_finds_grid_and_org_wide_tokens_by_team_alone(
    grid: tuple[SlackApp, SlackSender], fake_slack: FakeSlack, oauth_settings: Settings
) -> None:
    app, _ = grid
    engine = make_engine(oauth_settings.database_url)
    try:
        # A fresh process (a restarted leader sending reminders): nothing learned from requests.
        fresh = Clients(app.deps.clients.base, CachedInstallationStore(CLIENT_ID, engine))
        assert fresh.for_team(TEAM_G).token == fake_slack.token_of(TEAM_G)
        assert fresh.for_team(TEAM_O2).token == fake_slack.token_of(ORG)  # asked auth.teams.list
        assert fake_slack.calls_to("auth.teams.list")
        with pytest.raises(NotInstalled):
            fresh.for_team("T0NOTINORG")
    finally:
        engine.dispose()


def test_an_org_wide_reminder_goes_out_with_the_org_token(
    grid: tuple[SlackApp, SlackSender], fake_slack: FakeSlack, clock: FixedClock
) -> None:
    _, sender = grid
    sender.command({**make_command(f"link {SLUG_A}", user=CAROL, channel=CHANNEL_O), "team_id": TEAM_O1,
                    "enterprise_id": ORG, "is_enterprise_install": "true"})
    linked = fake_slack.wait_one("chat.postEphemeral", lambda c: "now linked" in shown(c))
    assert linked.token == fake_slack.token_of(ORG)

    clock.set(datetime(2003, 10, 15, 14, 50, tzinfo=NEW_YORK))  # the afternoon's reminder falls due
    reminder = fake_slack.wait_one("chat.postMessage", lambda c: "metadata" in c.args)
    assert reminder.ok and reminder.token == fake_slack.token_of(ORG)
    assert reminder.args["channel"] == CHANNEL_O
