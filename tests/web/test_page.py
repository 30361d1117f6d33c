"""The agenda page as served: content, the session under way, access, validators, size."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from bot import publishing
from store.db import transaction
from store.values import Meeting
from tests.web.conftest import SLUG, Response, moved, store


def _public(db_factory) -> None:
    with transaction(db_factory) as db:
        publishing.set_public(db, SLUG, True)


class _Outline(HTMLParser):
    """Headings and landmarks, in order, and the session marked as under way."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.current: list[str] = []
        self._in_current = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if dict(attrs).get("aria-current") == "time":
            self._in_current = 1

    def handle_data(self, data: str) -> None:
        if self._in_current and data.strip():
            self.current.append(data.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_current = 0


def test_the_page_shows_days_sessions_items_and_documents_with_links(db_factory, meeting: Meeting, get):
    _public(db_factory)
    response = get(f"/m/{SLUG}")
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/html")
    html = response.text
    for day in ("Wednesday 15 October 2003", "Thursday 16 October 2003"):
        assert day in html
    for session in meeting.sessions:
        assert session.title in html
    for _, item in meeting.items():
        assert item.title.replace("'", "&#39;") in html
    assert "A/58/98" in html
    # Each day says its date and offset once; its times are written as the agenda reads them.
    first_day = html[html.index('data-day="2003-10-15"'):html.index('data-day="2003-10-16"')]
    assert 'data-off="-04:00"' in first_day and re.search(r"<time>10:00</time>–<time>13:00</time> Morning session",
                                                           first_day)
    assert f'href="{SLUG}.ics"' in html and f'href="{SLUG}.pdf"' in html


def test_the_session_under_way_is_marked(db_factory, meeting: Meeting, get):
    _public(db_factory)
    outline = _Outline()
    outline.feed(get(f"/m/{SLUG}").text)
    # Only the first day's morning (10:00-13:00 New York; the clock says 11:30 there).
    assert outline.current[:5] == ["10:00", "–", "13:00", "Morning session", "Under way"]
    assert get(f"/m/{SLUG}").text.count('aria-current="time"') == 1


def test_the_page_is_accessible_in_structure_and_small(db_factory, meeting: Meeting, get):
    _public(db_factory)
    response = get(f"/m/{SLUG}")
    outline = _Outline()
    outline.feed(response.text)
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in outline.tags
    assert outline.tags.count("h1") == 1
    assert '<html lang="en">' in response.text
    assert len(response.body) < 50_000
    assert "http://" not in response.text.split("<body>")[0] and "https://" not in response.text.split("<body>")[0]


def test_page_validators_answer_304_until_the_agenda_changes(db_factory, meeting: Meeting, get):
    _public(db_factory)
    first = get(f"/m/{SLUG}")
    assert get(f"/m/{SLUG}", headers={"If-None-Match": first.headers["ETag"]}).status == 304
    store(db_factory, moved(meeting, 2, 60))
    changed = get(f"/m/{SLUG}", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status == 200 and "11:00" in changed.text


def test_unknown_and_private_look_alike(db_factory, meeting: Meeting, get: Callable[..., Response]):
    private = get(f"/m/{SLUG}")
    unknown = get("/m/no-such-meeting")
    assert private.status == unknown.status == 404
    assert private.body == unknown.body
    assert private.headers["Cache-Control"] == "no-store"


def test_head_and_other_methods(db_factory, meeting: Meeting, get):
    _public(db_factory)
    head = get(f"/m/{SLUG}", method="HEAD")
    assert head.status == 200 and head.body == b"" and int(head.headers["Content-Length"]) > 1000
    assert get(f"/m/{SLUG}", method="POST").status == 405


def test_secret_links_do_not_leak_through_referers(db_factory, meeting: Meeting, get):
    from datetime import UTC, datetime

    with transaction(db_factory) as db:
        token = publishing.link_token(db, SLUG, now=datetime(2003, 1, 1, tzinfo=UTC))
    response = get(f"/m/{token}")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert f'href="{token}.ics"' in response.text


def test_the_pdf_is_the_page_in_a4(db_factory, meeting: Meeting, get):
    _public(db_factory)
    response = get(f"/m/{SLUG}.pdf")
    assert response.status == 200 and response.body.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(response.body))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = "".join(p.extract_text() for p in reader.pages)
    assert meeting.title.split()[0] in text and "Morning session" in text and "10:00–13:00" in text


def test_gzip_for_clients_that_ask_with_its_own_validator(db_factory, meeting: Meeting, get):
    import gzip

    _public(db_factory)
    plain = get(f"/m/{SLUG}.ics")
    packed = get(f"/m/{SLUG}.ics", headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in plain.headers and packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.body) == plain.body and len(packed.body) < len(plain.body)
    assert packed.headers["ETag"] != plain.headers["ETag"] and packed.headers["Vary"] == "Accept-Encoding"
    again = get(f"/m/{SLUG}.ics", headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status == 304
    refused = get(f"/m/{SLUG}", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_the_pdf_marks_no_session_so_it_is_made_once_per_revision(db_factory, meeting: Meeting, web, clock):
    from datetime import timedelta

    _public(db_factory)
    morning = web.render(SLUG, None, "pdf")
    page_then = web.render(SLUG, None, "html")
    clock.advance(timedelta(hours=4))  # the afternoon session is under way now
    assert web.render(SLUG, None, "html").body != page_then.body
    assert web.render(SLUG, None, "pdf").body is morning.body  # the bytes made the first time


def test_times_off_their_days_date_or_offset_carry_the_whole_instant():
    import dataclasses
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from handlers.web import page
    from tests.helpers import sample_meeting

    meeting = sample_meeting()
    zone = ZoneInfo(meeting.timezone)
    day = meeting.days[0]
    late = dataclasses.replace(day.sessions[-1], starts_at=datetime(2003, 10, 15, 23, 30, tzinfo=zone),
                               ends_at=datetime(2003, 10, 15, 23, 30, tzinfo=zone) + timedelta(hours=1))
    meeting = dataclasses.replace(meeting, days=(dataclasses.replace(day, sessions=(*day.sessions[:-1], late)),
                                                 *meeting.days[1:]))
    html = page.render(meeting, page.Links("x.ics", "x.pdf"), None)
    assert '<time>23:30</time>–<time datetime="2003-10-16T00:30-04:00">00:30</time>' in html


def test_a_conference_page_is_small_raw_and_smaller_sent():
    import gzip

    from handlers.web import page
    from tests.conference import community

    html = page.render(community(), page.Links("x.ics", "x.pdf"), None).encode()
    assert len(html) < 50_000 and len(gzip.compress(html)) < 10_000
    # Each talk's row carries its times once and no wrapper of its own.
    assert html.count(b"<li><b>") >= 162 and b"datetime=" not in html
