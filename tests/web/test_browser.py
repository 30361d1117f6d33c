"""The agenda page in a real browser: Debian's headless Chromium, driven by Selenium.

Nothing is downloaded by Selenium: the driver is Debian's ``/usr/bin/chromedriver``,
passed explicitly (Selenium Manager is never asked). axe-core comes from the npm
registry at test time (``npm pack axe-core``; ``AGENDABOT_AXE_JS`` may point at a
copy) and is injected into the page. A machine without Chromium fails these tests
with a message saying what to install; ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot import publishing
from bot.app import make_http_server
from bot.clock import FixedClock
from handlers.web import RenderCache, WebAgenda
from store.db import transaction
from store.values import Meeting
from tests.web.conftest import SLUG

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def axe_js(tmp_path_factory: pytest.TempPathFactory) -> str:
    given = os.environ.get("AGENDABOT_AXE_JS")
    if given:
        return Path(given).read_text(encoding="utf-8")
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed to fetch axe-core (apt-get install -y npm; .ci/run does)")
    where = tmp_path_factory.mktemp("axe")
    subprocess.run([npm, "pack", "axe-core", "--silent", "--pack-destination", str(where)],
                   check=True, capture_output=True, timeout=180)
    archive = next(where.glob("axe-core-*.tgz"))
    with tarfile.open(archive) as tar:
        member = tar.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode("utf-8")


@pytest.fixture
def browser() -> Iterator[object]:
    if not CHROMEDRIVER.exists() or not CHROMIUM.exists():
        pytest.fail("headless Chromium is missing: apt-get install -y chromium chromium-driver (.ci/run does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1024,900", "--lang=en-GB"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def site(db_factory: sessionmaker[Session], meeting: Meeting, clock: FixedClock) -> Iterator[str]:
    """The ``/m/`` app on 127.0.0.1, the sample meeting public."""
    with transaction(db_factory) as db:
        publishing.set_public(db, SLUG, True)
    web = WebAgenda(db_factory, clock, cache=RenderCache())

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        handled = web.handle(environ, start_response)
        if handled is None:
            start_response("404 Not Found", [("Content-Length", "0")])
            return [b""]
        return handled

    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/m/{SLUG}"
    finally:
        server.shutdown()
        server.server_close()


def _open(driver, url: str, zone: str) -> None:  # type: ignore[no-untyped-def]
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": zone})
    driver.get(url)


def test_the_page_shows_the_agenda_and_the_viewers_own_time(browser, site: str):
    from selenium.webdriver.common.by import By

    _open(browser, site, "Asia/Tokyo")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Second Coordination Meeting on International Migration"
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert headings[:2] == ["Wednesday 15 October 2003", "Thursday 16 October 2003"]
    assert browser.execute_script("return Intl.DateTimeFormat().resolvedOptions().timeZone") == "Asia/Tokyo"
    first = browser.find_element(By.CSS_SELECTOR, "article.session h3")
    # 10:00-13:00 in New York (EDT) is 23:00-02:00 in Tokyo.
    assert "10:00–13:00 (23:00–02:00 your time)" in first.text
    assert "Asia/Tokyo" in browser.find_element(By.ID, "zone").text
    under_way = browser.find_element(By.CSS_SELECTOR, "[aria-current=time]")
    assert "Morning session" in under_way.text and "Under way" in under_way.text


def test_a_viewer_in_the_meetings_zone_sees_one_time(browser, site: str):
    from selenium.webdriver.common.by import By

    _open(browser, site, "America/New_York")
    assert browser.find_elements(By.CSS_SELECTOR, ".viewer") == []
    assert browser.find_element(By.CSS_SELECTOR, "article.session h3").text.startswith("10:00–13:00 Morning session")


def test_keyboard_reaches_the_skip_link_first(browser, site: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, site, "Europe/Paris")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == "Skip to the agenda" and focused.is_displayed()


def test_the_print_layout_is_a_plain_organization_of_work(browser, site: str, tmp_path: Path):
    from selenium.webdriver.common.by import By

    _open(browser, site, "Asia/Tokyo")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    nav = browser.find_element(By.TAG_NAME, "nav")
    assert not nav.is_displayed()
    assert all(not v.is_displayed() for v in browser.find_elements(By.CSS_SELECTOR, ".viewer, .badge"))
    assert browser.execute_script(
        "return getComputedStyle(document.querySelector('h1')).textAlign") == "center"
    shot = tmp_path / "print.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
    keep = os.environ.get("AGENDABOT_SCREENSHOT_DIR")
    if keep:
        shutil.copy(shot, Path(keep) / "agenda-print.png")


def test_no_accessibility_violations(browser, site: str, axe_js: str):
    _open(browser, site, "Asia/Tokyo")
    browser.execute_script(axe_js)
    browser.set_script_timeout(60)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done({violations: r.violations.map(v => ({id: v.id, help: v.help, "
        "nodes: v.nodes.map(n => n.target.join(' '))})), passes: r.passes.length}))"
        ".catch(e => done({error: String(e)}));"
    )
    assert "error" not in result, result
    assert result["violations"] == []
    assert result["passes"] > 10  # axe really ran its rules
