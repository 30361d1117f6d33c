"""What the web transport keeps between requests, and that it never serves what an agenda
change made stale: validators named by the agenda's state, the caches, background PDFs."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot import publishing
from bot.reminders.planner import Target
from bot.reminders.settings import add_subscription
from handlers.web import PdfMaker, RenderCache, WebAgenda
from handlers.web.cache import Lru
from store.db import transaction
from store.values import Meeting
from tests.web.conftest import SLUG, Response, call, moved, store

NOW = datetime(2003, 10, 1, tzinfo=UTC)
GZIP = {"Accept-Encoding": "gzip"}


def _public(db_factory) -> None:
    with transaction(db_factory) as db:
        publishing.set_public(db, SLUG, True)


def _worker(db_factory, clock, pdfs: PdfMaker | None = None, **kw) -> Callable[..., Response]:
    """Another process's view: its own caches, the same database."""
    web = WebAgenda(db_factory, clock, cache=RenderCache(), pdfs=pdfs, **kw)
    return lambda path, **options: call(web.handle, path, **options)


@pytest.mark.parametrize("path", [f"/m/{SLUG}", f"/m/{SLUG}.ics"])
@pytest.mark.parametrize("headers", [{}, GZIP], ids=["plain", "gzip"])
def test_an_agenda_change_gives_a_new_etag_and_new_content_never_the_old(
        db_factory, meeting: Meeting, get, path: str, headers: dict[str, str]):
    _public(db_factory)
    before = get(path, headers=headers)
    assert get(path, headers={**headers, "If-None-Match": before.headers["ETag"]}).status == 304
    store(db_factory, moved(meeting, 2, 60))  # the second day's morning, 11:00 instead of 10:00
    after = get(path, headers={**headers, "If-None-Match": before.headers["ETag"]})
    assert after.status == 200 and after.headers["ETag"] != before.headers["ETag"]
    body = gzip.decompress(after.body) if headers else after.body
    old = gzip.decompress(before.body) if headers else before.body
    mark = b"T110000" if path.endswith(".ics") else b">11:00<"
    assert mark in body and mark not in old
    # Asked without validators, the same: the cache holds the old answer under the old key only.
    fresh = get(path, headers=headers)
    assert fresh.body == after.body and fresh.headers["ETag"] == after.headers["ETag"]


def test_a_worker_that_never_rendered_answers_304_without_loading_anything(db_factory, meeting: Meeting, get, clock):
    _public(db_factory)
    etag = get(f"/m/{SLUG}.ics").headers["ETag"]
    cold = RenderCache()
    other = WebAgenda(db_factory, clock, cache=cold)
    assert call(other.handle, f"/m/{SLUG}.ics", headers={"If-None-Match": etag}).status == 304
    assert (len(cold.answers), len(cold.meetings), len(cold.feeds)) == (0, 0, 0)
    # And when it does render, the bytes are the ones that ETag names.
    assert call(other.handle, f"/m/{SLUG}.ics").body == get(f"/m/{SLUG}.ics").body


def test_workers_agree_on_validators_and_bytes(db_factory, meeting: Meeting, get, clock):
    _public(db_factory)
    other = _worker(db_factory, clock)
    for path in (f"/m/{SLUG}", f"/m/{SLUG}.ics"):
        for headers in ({}, GZIP):
            mine, theirs = get(path, headers=headers), other(path, headers=headers)
            assert (mine.headers["ETag"], mine.body) == (theirs.headers["ETag"], theirs.body)


def test_a_personal_feed_follows_the_reminders_its_owner_asks_for(db_factory, meeting: Meeting, get):
    first, second = meeting.sessions[0], meeting.sessions[1]
    with transaction(db_factory) as db:
        add_subscription(db, SLUG, "U1", Target.for_session(first), 30)
        token = publishing.link_token(db, SLUG, "U1", now=NOW)
    before = get(f"/m/{token}.ics")
    assert before.text.count("BEGIN:VEVENT") == 1
    with transaction(db_factory) as db:
        add_subscription(db, SLUG, "U1", Target.for_session(second), 10)
    after = get(f"/m/{token}.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status == 200 and after.text.count("BEGIN:VEVENT") == 2 and second.title in after.text


def test_the_session_under_way_is_part_of_the_pages_validator(db_factory, meeting: Meeting, get, clock):
    from datetime import timedelta

    _public(db_factory)
    morning = get(f"/m/{SLUG}")
    clock.advance(timedelta(hours=4))  # the afternoon session is under way now
    afternoon = get(f"/m/{SLUG}", headers={"If-None-Match": morning.headers["ETag"]})
    assert afternoon.status == 200 and afternoon.body != morning.body


def test_the_sample_page_is_small_as_sent_and_unpacked(db_factory, meeting: Meeting, get):
    _public(db_factory)
    plain, packed = get(f"/m/{SLUG}"), get(f"/m/{SLUG}", headers=GZIP)
    assert gzip.decompress(packed.body) == plain.body
    assert len(plain.body) < 50_000 and len(packed.body) < 10_000


class _Gate:
    """A PDF maker that waits until the test lets it finish, and counts its work."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.made: list[str] = []

    def __call__(self, html: str) -> bytes:
        assert self.open.wait(10), "the test never let the PDF finish"
        self.made.append(html)
        return b"%PDF-1.7 made from " + str(len(html)).encode()


def test_a_pdf_being_made_is_promised_then_served_made_once(db_factory, meeting: Meeting, clock):
    _public(db_factory)
    gate = _Gate()
    maker = PdfMaker(gate)
    try:
        get = _worker(db_factory, clock, maker, pdf_wait=0.0)
        waiting = get(f"/m/{SLUG}.pdf")
        assert waiting.status == 503 and int(waiting.headers["Retry-After"]) > 0
        assert 'http-equiv="refresh"' in waiting.text and "being prepared" in waiting.text
        assert get(f"/m/{SLUG}.pdf").status == 503  # asked again: the same job, not a second one
        gate.open.set()
        web = WebAgenda(db_factory, clock, cache=RenderCache(), pdfs=maker)
        ready = web.render(SLUG, None, "pdf")  # waits for the job
        assert ready is not None
        served = get(f"/m/{SLUG}.pdf")
        assert served.status == 200 and served.body == ready.body and served.body.startswith(b"%PDF")
        assert len(gate.made) == 1
        assert get(f"/m/{SLUG}.pdf", headers={"If-None-Match": served.headers["ETag"]}).status == 304
        store(db_factory, moved(meeting, 2, 60))
        assert get(f"/m/{SLUG}.pdf").status == 503  # a new revision: a new PDF, being made
    finally:
        gate.open.set()
        maker.close()


def test_a_pdf_that_failed_is_tried_again():
    attempts: list[str] = []

    def flaky(html: str) -> bytes:
        attempts.append(html)
        if len(attempts) == 1:
            raise OSError("out of fonts")
        return b"%PDF"

    maker = PdfMaker(flaky)
    try:
        with pytest.raises(OSError):
            maker.request("k", lambda: "<p>x</p>").result(5)
        assert maker.request("k", lambda: "<p>x</p>").result(5) == b"%PDF"
        assert maker.request("k", lambda: "<p>x</p>").result(5) == b"%PDF" and len(attempts) == 2
    finally:
        maker.close()


def test_the_lru_is_bounded_and_builds_each_key_once_across_threads():
    lru: Lru[int] = Lru(2)
    builds: list[str] = []
    started = threading.Event()
    release = threading.Event()

    def slow() -> int:
        builds.append("slow")
        started.set()
        assert release.wait(5)
        return 1

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(lru.get_or_build("a", slow))) for _ in range(4)]
    threads[0].start()
    assert started.wait(5)
    for t in threads[1:]:
        t.start()
    release.set()
    for t in threads:
        t.join(5)
    assert results == [1, 1, 1, 1] and builds == ["slow"]
    lru.put("b", 2)
    lru.put("c", 3)
    assert len(lru) == 2 and lru.get("a") is None and lru.get("c") == 3


def test_a_pdf_made_in_a_child_process_is_the_same_pdf():
    from handlers.web.pdf import ChildProcessPdf

    child = ChildProcessPdf()
    maker = PdfMaker(child)
    try:
        data = maker.request("k", lambda: "<!DOCTYPE html><title>t</title><p>Opening of the session</p>").result(120)
        assert data.startswith(b"%PDF")
        from io import BytesIO

        from pypdf import PdfReader

        assert "Opening of the session" in PdfReader(BytesIO(data)).pages[0].extract_text()
    finally:
        maker.close()
