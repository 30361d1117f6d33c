"""Adding documents to a meeting from files and from URLs served on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import functools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.fetch import fetch_document as fetch_url
from store import models
from store.agenda import history, load_meeting, rollback, save_meeting
from store.documents import DocumentAdded, DocumentError, Fetched, add_document
from tests.helpers import sample_meeting
from tests.test_extract import make_docx, make_pdf

SLUG = "coordination-meeting-2003"
A_58_98_TITLE = "Report of the Secretary-General on international migration and development"
FORUM_TITLE = "International Forum for Social Development on International Migrants and Development"
REPORT_PAGES = [
    "United Nations A/58/98\nGeneral Assembly\nInternational migration and development",
    "I. Introduction\nWorkers’ remittances grew in 2002.",
    "Annex\nStatistical tables",
]


@pytest.fixture
def meeting_db(db: Session) -> Session:
    save_meeting(db, sample_meeting())
    db.commit()
    return db


def _row(db: Session, symbol: str) -> models.Document:
    row = db.scalar(select(models.Document).where(models.Document.symbol_key == symbol))
    assert row is not None, f"no document {symbol}"
    return row


def _state(db: Session) -> tuple[object, ...]:
    """Everything an add could change: the documents and the revision history."""
    documents = db.execute(
        select(
            models.Document.symbol,
            models.Document.title,
            models.Document.body,
            models.Document.item_number,
            models.Document.url,
        ).order_by(models.Document.id)
    ).all()
    revisions = db.scalar(select(func.count()).select_from(models.Revision))
    return tuple(documents), revisions


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# -- files ---------------------------------------------------------------------------


def test_pdf_named_by_symbol_updates_the_agenda_document(
    meeting_db: Session, tmp_path: Path
) -> None:
    source = _write(
        tmp_path, "A_58_98-EN.pdf", make_pdf(REPORT_PAGES, title="Microsoft Word - 0340304.doc")
    )
    revisions_before = len(history(meeting_db, SLUG))

    added = add_document(meeting_db, SLUG, source)

    body = "\f".join(REPORT_PAGES)
    assert added == DocumentAdded(
        meeting=SLUG,
        symbol="A/58/98",
        title=A_58_98_TITLE,  # the agenda's title, not the file's placeholder
        item="IV",
        category="General Assembly documents",
        url="",
        format="pdf",
        page_count=3,
        characters=len(body),
        created=False,
        revision=revisions_before + 1,
    )
    assert str(added) == (
        f"Updated A/58/98 “{A_58_98_TITLE}” (3 pages, {len(body):,} characters) "
        f"for item IV of {SLUG}."
    )
    row = _row(meeting_db, "A/58/98")
    assert (row.body, row.item_number, row.title) == (body, "IV", A_58_98_TITLE)
    assert db_count(meeting_db, "A/58/98") == 1
    assert history(meeting_db, SLUG)[-1].summary == f"Document A/58/98 ({A_58_98_TITLE}) changed."
    assert history(meeting_db, SLUG)[-1].source == f"document {source}"


def db_count(db: Session, symbol: str) -> int:
    return (
        db.scalar(
            select(func.count())
            .select_from(models.Document)
            .where(models.Document.symbol_key == symbol)
        )
        or 0
    )


def test_revision_is_linked_to_its_base_and_inherits_its_item(
    meeting_db: Session, tmp_path: Path
) -> None:
    source = _write(tmp_path, "revised.docx", make_docx(["Revised report", "Chapter I"]))

    added = add_document(meeting_db, SLUG, source, symbol="a / 58 / 98 / rev.1")

    assert (added.symbol, added.title, added.item, added.created) == (
        "A/58/98/Rev.1",
        "Revised report",  # its first line: the file has no title of its own
        "IV",
        True,
    )
    assert added.category == "General Assembly documents"
    assert str(added).startswith("Stored A/58/98/Rev.1 “Revised report” (1 page, 24 characters)")
    revision = _row(meeting_db, "A/58/98/Rev.1")
    assert revision.base is not None and revision.base.symbol_key == "A/58/98"
    assert revision.body == "Revised report\nChapter I"


def test_corrigendum_found_on_the_first_page_is_linked(meeting_db: Session, tmp_path: Path) -> None:
    pages = ["United Nations A/58/394/Corr.1\nCorrigendum\nParagraph 4 should read", "page two"]
    source = _write(tmp_path, "corrigendum.pdf", make_pdf(pages))

    added = add_document(meeting_db, SLUG, source, title="Corrigendum to the globalization report")

    assert (added.symbol, added.item, added.page_count) == ("A/58/394/Corr.1", "IV", 2)
    assert _row(meeting_db, "A/58/394/Corr.1").base_id == _row(meeting_db, "A/58/394").id


@pytest.mark.parametrize(
    ("filename", "symbol"),
    [
        ("A_58_394-EN.pdf", "A/58/394"),  # as the UN's download names are
        ("a-58-394.pdf", "A/58/394"),
        ("A_58_394_Corr.1.pdf", "A/58/394/Corr.1"),
        ("E_CN.9_2004_2-F.pdf", "E/CN.9/2004/2"),
        ("N0339804.pdf", ""),  # a job number, not a symbol
        ("report-2004-final.pdf", ""),
        ("minutes_2003_10.pdf", ""),
    ],
)
def test_symbol_from_the_file_name(
    meeting_db: Session, tmp_path: Path, filename: str, symbol: str
) -> None:
    added = add_document(meeting_db, SLUG, _write(tmp_path, filename, make_pdf(["Some text"])))
    assert added.symbol == symbol


def test_item_from_the_agenda_line_that_cites_the_symbol(db: Session, tmp_path: Path) -> None:
    # Item IV's sub-points cite "(A/58/394)"; the meeting lists no documents yet.
    save_meeting(db, dataclasses.replace(sample_meeting(), documents=()))
    added = add_document(db, SLUG, _write(tmp_path, "A_58_394.pdf", make_pdf(["Globalization"])))
    assert (added.symbol, added.item, added.category, added.created) == (
        "A/58/394",
        "IV",
        "document",
        True,
    )


def test_symbol_is_taken_from_the_top_of_page_one_only(meeting_db: Session, tmp_path: Path) -> None:
    # Further down, a UN document cites others (and footnotes the agenda).
    lines = ["United Nations E/CN.9/2004/2", *[f"line {n}" for n in range(20)], "see A/58/98"]
    added = add_document(
        meeting_db, SLUG, _write(tmp_path, "cpd.pdf", make_pdf(["\n".join(lines)]))
    )
    assert added.symbol == "E/CN.9/2004/2"

    lines = [*[f"line {n}" for n in range(20)], "as requested in A/RES/58/208"]
    added = add_document(
        meeting_db, SLUG, _write(tmp_path, "note.pdf", make_pdf(["\n".join(lines)]))
    )
    assert (added.symbol, added.title) == ("", "line 0")


def test_symbol_in_the_given_title(meeting_db: Session, tmp_path: Path) -> None:
    source = _write(tmp_path, "resolution.txt", b"The General Assembly,\nRecalling ...")
    added = add_document(meeting_db, SLUG, source, title="Resolution 58/208 (A/RES/58/208)")
    assert (added.symbol, added.title, added.format) == (
        "A/RES/58/208",
        "Resolution 58/208 (A/RES/58/208)",
        "text",
    )


def test_docx_title_from_its_properties(meeting_db: Session, tmp_path: Path) -> None:
    data = make_docx(["Body text"], title="Migration and security: a note")
    added = add_document(
        meeting_db, SLUG, _write(tmp_path, "note.docx", data), category="background"
    )
    assert (added.symbol, added.title, added.category, added.item) == (
        "",
        "Migration and security: a note",
        "background",
        "",
    )
    assert str(added) == (
        f"Stored “Migration and security: a note” (1 page, 9 characters) for {SLUG}."
    )


def test_symbol_less_agenda_document_is_found_by_title(meeting_db: Session, tmp_path: Path) -> None:
    source = _write(tmp_path, "forum.txt", b"Forum report text")
    added = add_document(meeting_db, SLUG, source, title=FORUM_TITLE.upper())
    assert (added.created, added.item, added.category) == (False, "IV", "Background documents")
    rows = meeting_db.scalars(select(models.Document).where(models.Document.symbol_key == "")).all()
    assert [r.body for r in rows if r.title.casefold() == FORUM_TITLE.casefold()] == [
        "Forum report text"
    ]


def test_symbol_less_agenda_document_gains_a_symbol_without_a_duplicate(
    meeting_db: Session, tmp_path: Path
) -> None:
    count = len(load_meeting(meeting_db, SLUG).documents)
    source = _write(tmp_path, "forum.txt", b"Forum report text")
    added = add_document(meeting_db, SLUG, source, title=FORUM_TITLE, symbol="ESA/P/WP.185/2003")
    assert (added.symbol, added.created, added.item) == ("ESA/P/WP.185/2003", False, "IV")
    documents = load_meeting(meeting_db, SLUG).documents
    assert len(documents) == count
    assert [d.symbol for d in documents if d.title == FORUM_TITLE] == ["ESA/P/WP.185/2003"]


@pytest.mark.parametrize("typed", ["IV", "iv", "4", "Item 4", "item IV"])
def test_item_is_matched_in_either_notation(
    meeting_db: Session, tmp_path: Path, typed: str
) -> None:
    source = _write(tmp_path, "notes.txt", b"Notes on remittances")
    assert add_document(meeting_db, SLUG, source, item=typed).item == "IV"


def test_adding_the_same_file_again_changes_nothing(meeting_db: Session, tmp_path: Path) -> None:
    source = _write(tmp_path, "notes.html", b"<html><title>Notes</title><p>Remittances</p></html>")
    first = add_document(meeting_db, SLUG, source, item="5")
    state = _state(meeting_db)
    again = add_document(meeting_db, SLUG, source)
    assert (first.created, first.item, first.title) == (True, "V", "Notes")
    assert (again.created, again.revision, again.item) == (False, None, "V")
    assert str(again).startswith("Already stored: “Notes”")
    assert _state(meeting_db) == state


def test_the_document_is_part_of_the_revision_history(meeting_db: Session, tmp_path: Path) -> None:
    # Revision snapshots list the documents and a rollback restores that list,
    # so a document stored without a revision would vanish at the next rollback.
    before = len(history(meeting_db, SLUG))
    source = _write(tmp_path, "A_58_98_Rev.1.pdf", make_pdf(REPORT_PAGES))
    added = add_document(meeting_db, SLUG, source)
    assert (added.symbol, added.revision) == ("A/58/98/Rev.1", before + 1)
    assert (
        history(meeting_db, SLUG)[-1].summary
        == "Document A/58/98/Rev.1 (United Nations A/58/98) added."
    )

    rollback(meeting_db, SLUG, added.revision)
    assert _row(meeting_db, "A/58/98/Rev.1").body == "\f".join(REPORT_PAGES)
    rollback(meeting_db, SLUG, before)
    assert db_count(meeting_db, "A/58/98/Rev.1") == 0
    assert db_count(meeting_db, "A/58/98") == 1


# -- errors change nothing -------------------------------------------------------------


def test_unknown_meeting_names_the_known_ones(meeting_db: Session, tmp_path: Path) -> None:
    source = _write(tmp_path, "notes.txt", b"text")
    with pytest.raises(DocumentError) as info:
        add_document(meeting_db, "no-such-meeting", source)
    assert str(info.value) == f"no meeting 'no-such-meeting'; known meetings: {SLUG}"


def test_unknown_meeting_in_an_empty_database(db: Session, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"known meetings: none \(import an agenda first\)$"):
        add_document(db, SLUG, _write(tmp_path, "notes.txt", b"text"))


def test_unknown_item_names_the_items(meeting_db: Session, tmp_path: Path) -> None:
    state = _state(meeting_db)
    source = _write(tmp_path, "notes.txt", b"text")
    with pytest.raises(DocumentError) as info:
        add_document(meeting_db, SLUG, source, item="12")
    assert str(info.value) == (
        f"meeting '{SLUG}' has no item '12'; its items: I, II, III, IV, V, VI, VII, VIII, IX, X, XI"
    )
    assert _state(meeting_db) == state


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<<", r"broken\.pdf: not a readable PDF \("),
        ("blank.pdf", None, r"blank\.pdf: no text in the PDF \(a scanned PDF needs OCR first\)$"),
        ("empty.txt", b"", r"empty\.txt: the file is empty$"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), r"old\.doc: unsupported"),
        ("nav.html", b"<html><nav>Home</nav></html>", r"nav\.html: the document has no text$"),
    ],
)
def test_unreadable_files_change_nothing(
    meeting_db: Session, tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    state = _state(meeting_db)
    source = _write(tmp_path, name, make_pdf([""]) if data is None else data)
    with pytest.raises(DocumentError, match=message):
        add_document(meeting_db, SLUG, source, item="IV")
    assert _state(meeting_db) == state


def test_missing_file_directory_and_bad_scheme(meeting_db: Session, tmp_path: Path) -> None:
    state = _state(meeting_db)
    missing = str(tmp_path / "missing.pdf")
    with pytest.raises(DocumentError, match=f"^{missing}: no such file$"):
        add_document(meeting_db, SLUG, missing)
    with pytest.raises(DocumentError, match="is a directory, not a file$"):
        add_document(meeting_db, SLUG, str(tmp_path))
    with pytest.raises(DocumentError, match=r"^ftp://x/A\.pdf: only http:// and https:// URLs"):
        add_document(meeting_db, SLUG, "ftp://x/A.pdf")
    with pytest.raises(DocumentError, match="^no file or URL given$"):
        add_document(meeting_db, SLUG, "  ")
    assert _state(meeting_db) == state


def test_a_given_symbol_must_look_like_one(meeting_db: Session, tmp_path: Path) -> None:
    source = _write(tmp_path, "notes.txt", b"text")
    with pytest.raises(
        DocumentError, match=r"^'report 7' is not a document symbol \(like A/58/98\)$"
    ):
        add_document(meeting_db, SLUG, source, symbol="report 7")


# -- URLs -------------------------------------------------------------------------------


@dataclass
class Route:
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    length: bool = True  # send Content-Length; without it the body ends when the connection does


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        route = self.server.routes.get(self.path, Route(b"not found", status=404))
        self.server.requests.append(self.path)
        time.sleep(route.delay)
        self.send_response(route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.length:
            self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        self.wfile.write(route.body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest's output to the tests


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]
    requests: list[str]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.routes, httpd.requests = {}, []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_pdf_from_a_url(meeting_db: Session, server: _Server) -> None:
    server.routes["/docs/A_58_394-EN.pdf"] = Route(
        make_pdf(REPORT_PAGES), headers={"Content-Type": "application/pdf"}
    )
    url = server.url("/docs/A_58_394-EN.pdf")
    added = add_document(meeting_db, SLUG, url, fetch=fetch_url)
    assert (added.symbol, added.url, added.format, added.created) == ("A/58/394", url, "pdf", False)
    row = _row(meeting_db, "A/58/394")
    assert (row.url, row.body) == (url, "\f".join(REPORT_PAGES))


def test_symbol_from_the_url_path_and_type_from_the_content_type(
    meeting_db: Session, server: _Server
) -> None:
    # No doctype: only the content type says this is HTML.
    server.routes["/en/E/2004/L.12"] = Route(
        b"<h1>Draft resolution</h1><p>The Council&hellip;</p>",
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    added = add_document(meeting_db, SLUG, server.url("/en/E/2004/L.12"), title="Draft resolution", fetch=fetch_url)
    assert (added.symbol, added.format) == ("E/2004/L.12", "html")
    assert _row(meeting_db, "E/2004/L.12").body == "Draft resolution\nThe Council…"


def test_file_name_from_content_disposition(meeting_db: Session, server: _Server) -> None:
    server.routes["/download?id=7"] = Route(
        make_docx(["Report of the Secretary-General on world population monitoring"]),
        headers={"Content-Disposition": 'attachment; filename="E_CN.9_2004_2.docx"'},
        length=False,
    )
    added = add_document(meeting_db, SLUG, server.url("/download?id=7"), fetch=fetch_url)
    assert (added.symbol, added.format, added.created) == ("E/CN.9/2004/2", "docx", True)
    assert added.title == "Report of the Secretary-General on world population monitoring"


def test_a_login_page_instead_of_the_pdf_is_refused(meeting_db: Session, server: _Server) -> None:
    state = _state(meeting_db)
    server.routes["/A_58_98.pdf"] = Route(
        b"<!DOCTYPE html><html><body>Please sign in</body></html>",
        headers={"Content-Type": "application/pdf"},
    )
    with pytest.raises(DocumentError, match=r"expected a PDF but the content is an HTML page$"):
        add_document(meeting_db, SLUG, server.url("/A_58_98.pdf"), fetch=fetch_url)
    assert _state(meeting_db) == state


def test_http_error_is_one_line(meeting_db: Session, server: _Server) -> None:
    state = _state(meeting_db)
    url = server.url("/missing.pdf")
    with pytest.raises(DocumentError) as info:
        add_document(meeting_db, SLUG, url, fetch=fetch_url)
    assert str(info.value) == f"{url}: the server answered HTTP 404 Not Found"
    assert server.requests == ["/missing.pdf"]
    assert _state(meeting_db) == state


def test_unreachable_server(meeting_db: Session, server: _Server) -> None:
    url = server.url("/A_58_98.pdf")
    server.shutdown()
    server.server_close()  # nothing listens on the port any more
    with pytest.raises(DocumentError, match=r"could not fetch it \("):
        add_document(meeting_db, SLUG, url, fetch=fetch_url)


def test_slow_server_times_out(meeting_db: Session, server: _Server) -> None:
    server.routes["/slow.pdf"] = Route(make_pdf(["late"]), delay=1.5)
    state = _state(meeting_db)
    with pytest.raises(DocumentError, match=r"slow\.pdf: no answer within 0\.3 seconds$"):
        add_document(
            meeting_db,
            SLUG,
            server.url("/slow.pdf"),
            fetch=functools.partial(fetch_url, timeout=0.3),
        )
    assert _state(meeting_db) == state


@pytest.mark.parametrize("length", [True, False])
def test_size_cap(meeting_db: Session, server: _Server, length: bool) -> None:
    server.routes["/big.txt"] = Route(b"x" * 5000, length=length)
    with pytest.raises(DocumentError, match=r"big\.txt: larger than 1,000 bytes"):
        add_document(
            meeting_db,
            SLUG,
            server.url("/big.txt"),
            fetch=functools.partial(fetch_url, max_bytes=1000),
        )
    assert fetch_url(server.url("/big.txt"), max_bytes=5000).data == b"x" * 5000


def test_fetch_url_reports_type_name_and_final_url(server: _Server) -> None:
    server.routes["/old"] = Route(b"", status=301, headers={"Location": "/new/A_58_98.pdf"})
    server.routes["/new/A_58_98.pdf"] = Route(b"%PDF-", headers={"Content-Type": "application/pdf"})
    fetched = fetch_url(server.url("/old"))
    assert fetched == Fetched(
        data=b"%PDF-",
        content_type="application/pdf",
        filename="",
        url=server.url("/new/A_58_98.pdf"),
    )


def test_a_different_fetcher(meeting_db: Session) -> None:
    # An organizer's deployment may fetch through its own client (a proxy, credentials).
    pages = {"https://docs.example/A/58/98": Fetched(b"Report text", "text/plain")}
    added = add_document(meeting_db, SLUG, "https://docs.example/A/58/98", fetch=pages.__getitem__)
    assert (added.symbol, added.url, added.format) == (
        "A/58/98",
        "https://docs.example/A/58/98",
        "text",
    )


def test_long_titles_are_shortened_in_the_summary_line() -> None:
    added = DocumentAdded(
        meeting=SLUG,
        symbol="A/58/98",
        title="x" * 120,
        item="",
        category="document",
        url="",
        format="pdf",
        page_count=12,
        characters=34567,
        created=True,
        revision=2,
    )
    assert str(added) == f"Stored A/58/98 “{'x' * 79}…” (12 pages, 34,567 characters) for {SLUG}."


def test_a_url_without_a_fetcher_is_refused_and_nothing_changes(meeting_db: Session) -> None:
    state = _state(meeting_db)
    with pytest.raises(DocumentError, match=r"^https://docs\.example/A/58/98: URLs cannot be fetched here"):
        add_document(meeting_db, SLUG, "https://docs.example/A/58/98")
    assert _state(meeting_db) == state
