"""Agendas that are documents: PDF, Word and saved web pages, read through their text."""

from __future__ import annotations

import io
import time
from datetime import date
from pathlib import Path

import docx
import pytest

from benchmarks.generate_pdf import agenda_pdf, pdf_document
from store.importers import documents, load_agenda, parse_agenda, parse_agenda_bytes
from store.values import AgendaImportError


def test_a_pdf_keeps_its_lines_and_its_columns_as_cells():
    pdf = pdf_document([[(72, 800, "Tuesday, 11 March 2025"), (72, 780, "10:00 - 13:00"), (170, 780, "Opening of the session"),
                         (72, 764, "15:00 - 18:00"), (170, 764, "General debate (continued)")]])
    assert documents.pdf_text(pdf, "ow.pdf").split("\n") == [
        "Tuesday, 11 March 2025",
        "10:00 - 13:00\tOpening of the session",
        "15:00 - 18:00\tGeneral debate (continued)",
    ]


def test_a_pdf_agenda_goes_through_the_text_importer(tmp_path: Path):
    path = tmp_path / "organization-of-work.pdf"
    path.write_bytes(agenda_pdf(3, rows=4))
    result = load_agenda(path)
    meeting = result.meeting
    assert result.format == "pdf"
    assert meeting.title == "Commission on Statistics, fifty-sixth session"
    assert (meeting.start_date, meeting.end_date) == (date(2025, 3, 10), date(2025, 3, 12))
    assert [d.date for d in meeting.days] == [date(2025, 3, 10), date(2025, 3, 11), date(2025, 3, 12)]
    first = meeting.sessions[0]
    assert first.starts_at.strftime("%H:%M") == "09:00"
    assert "Agenda item 1.1" in first.items[0].title


def test_a_fifty_page_pdf_is_read_in_under_a_second():
    data = agenda_pdf(50)
    began = time.perf_counter()
    text = documents.pdf_text(data, "big.pdf")
    assert time.perf_counter() - began < 1.0
    assert text.count("\t") == 50 * 18


def test_a_pdf_without_text_is_refused_with_a_hint():
    with pytest.raises(AgendaImportError) as caught:
        parse_agenda_bytes(pdf_document([[]]), source="scan.pdf")
    assert "has no text" in str(caught.value) and "scanned" in str(caught.value)


def test_a_broken_pdf_is_refused():
    with pytest.raises(AgendaImportError, match="not a readable PDF"):
        parse_agenda_bytes(b"%PDF-1.4\nthis is not really a PDF", source="broken.pdf")


def test_a_pdf_of_too_many_pages_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_PAGES", 2)
    with pytest.raises(AgendaImportError, match="has 3 pages"):
        parse_agenda_bytes(agenda_pdf(3, rows=1), source="book.pdf")


def _word_agenda() -> bytes:
    document = docx.Document()
    document.add_paragraph("Regional Forum on Sustainable Development")
    document.add_paragraph("Bangkok, 26-28 March 2025")
    document.add_paragraph("Wednesday, 26 March 2025")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "10:00 - 13:00", "1. Opening of the forum"
    table.cell(1, 0).text, table.cell(1, 1).text = "15:00 - 18:00", "2. Review of progress"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_agenda_keeps_its_table_rows_and_is_imported():
    result = parse_agenda_bytes(_word_agenda(), source="forum.docx", suffix=".docx")
    assert result.format == "docx"
    assert result.meeting.start_date == date(2025, 3, 26)
    assert documents.document_text(_word_agenda(), "forum.docx")[1].split("\n")[-2:] == [
        "10:00 - 13:00 | 1. Opening of the forum",
        "15:00 - 18:00 | 2. Review of progress",
    ]
    assert [s.starts_at.strftime("%H:%M") for s in result.meeting.sessions] == ["10:00", "15:00"]


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Programme</title><style>td { color: red }</style></head>
<body><nav>Home | About</nav>
<h1>Expert Group Meeting on Youth Employment</h1>
<p>Geneva, 4-5 November 2024</p>
<h2>Monday, 4 November 2024</h2>
<table><tr><td>10:00 - 13:00</td><td>1. Opening</td></tr>
<tr><td>15:00 - 18:00</td><td>2. Labour market trends</td></tr></table>
<script>var x = "10:00 - 11:00 not an item";</script>
</body></html>"""


def test_a_saved_web_page_is_read_through_its_text():
    result = parse_agenda(HTML_PAGE, source="programme.html", suffix=".html")
    assert result.format == "html"
    meeting = result.meeting
    assert meeting.title == "Expert Group Meeting on Youth Employment"
    assert meeting.timezone == "Europe/Zurich"
    assert [s.starts_at.strftime("%H:%M") for s in meeting.sessions] == ["10:00", "15:00"]
    assert "not an item" not in str(meeting)


def test_a_saved_web_page_is_recognised_without_its_name():
    assert parse_agenda(HTML_PAGE).format == "html"
    assert parse_agenda_bytes(HTML_PAGE.encode("cp1252"), source="page").format == "html"


def test_an_oversized_document_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_BYTES", 10)
    with pytest.raises(AgendaImportError, match="at most 0 MB"):
        parse_agenda_bytes(agenda_pdf(1, rows=1), source="big.pdf")
