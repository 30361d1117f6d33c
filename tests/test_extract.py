"""Text extraction from real PDF, DOCX, HTML and text files built here."""

from __future__ import annotations

import zipfile
from io import BytesIO

import docx
import pytest
from docx.oxml import OxmlElement
from pypdf import PdfReader, PdfWriter

from store.extract import DocumentError, ExtractedText, detect_format, extract_text

# -- builders (test_documents.py uses them too) ----------------------------------


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[str], *, title: str = "") -> bytes:
    """A minimal valid PDF: one page per string, lines in Helvetica, ``title`` in its Info.

    Built by hand (catalog, page tree, font, one content stream per page, an
    exact cross-reference table) so the tests need no PDF-writing library and
    check that pypdf reads a file as a PDF producer would write it.
    """
    count = len(pages)
    page_ids = [4 + 2 * i for i in range(count)]
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for page_id, text in zip(page_ids, pages, strict=True):
        ops = [b"BT", b"/F1 12 Tf", b"14 TL", b"72 720 Td"]
        ops += [_pdf_string(line) + b" Tj T*" for line in text.split("\n")]
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    info = 4 + 2 * count
    objects[info] = b"<< /Title " + _pdf_string(title) + b" /Producer (agendabot tests) >>"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (info + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, info + 1))
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (info + 1, info)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def make_docx(
    paragraphs: list[str], *, title: str = "", table: list[list[str]] | None = None
) -> bytes:
    """A Word document: a heading, ``paragraphs`` ("\\f" starts a new page), then ``table``."""
    document = docx.Document()
    document.core_properties.title = title
    for text in paragraphs:
        if text == "\f":
            document.add_page_break()
        else:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PAGES = [
    "United Nations A/58/98\nInternational migration and development",
    "Report of the Secretary-General\nWorkers’ remittances (chapter II)",
    "Annex \\ statistics",
]


# -- PDF ---------------------------------------------------------------------------


def test_pdf_pages_are_separated_by_form_feeds() -> None:
    data = make_pdf(PAGES, title="International migration and development")
    assert len(PdfReader(BytesIO(data)).pages) == 3  # the builder makes what it says
    result = extract_text(data, filename="A_58_98-EN.pdf")
    assert result == ExtractedText(
        text="\f".join(PAGES),
        page_count=3,
        format="pdf",
        title="International migration and development",
    )
    assert result.pages[1] == PAGES[1]


def test_pdf_single_page() -> None:
    result = extract_text(make_pdf(["Only page"]))
    assert (result.text, result.page_count, result.format, result.title) == (
        "Only page",
        1,
        "pdf",
        "",
    )


@pytest.mark.parametrize(
    "placeholder", ["Microsoft Word - N0338904.doc", "untitled", "0338904.pdf", "Document1"]
)
def test_pdf_placeholder_titles_are_dropped(placeholder: str) -> None:
    assert extract_text(make_pdf(["text"], title=placeholder)).title == ""


def test_pdf_is_recognised_by_its_bytes_whatever_it_is_called() -> None:
    data = make_pdf(["Some text"])
    result = extract_text(data, filename="download.html", content_type="text/html")
    assert result.format == "pdf"
    assert result.text == "Some text"


def test_pdf_after_junk_bytes_is_still_a_pdf() -> None:
    # Some mail gateways and old servers prepend bytes; readers look in the first kilobyte.
    assert extract_text(b"\r\n\r\n" + make_pdf(["Text"])).text == "Text"


@pytest.mark.parametrize("cut", [40, 400, -60])
def test_truncated_pdf_is_a_clear_error(cut: int) -> None:
    data = make_pdf(PAGES)[:cut]
    with pytest.raises(DocumentError, match=r"^report\.pdf: not a readable PDF \(") as info:
        extract_text(data, filename="report.pdf")
    assert "\n" not in str(info.value)


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(make_pdf(["Secret text"]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_encrypted_with_an_empty_password_is_read() -> None:
    data = _encrypted("")
    assert PdfReader(BytesIO(data)).is_encrypted
    assert extract_text(data, filename="locked.pdf").text == "Secret text"


def test_pdf_with_a_password_is_a_clear_error() -> None:
    with pytest.raises(DocumentError, match=r"^locked\.pdf: the PDF is protected by a password$"):
        extract_text(_encrypted("secret"), filename="locked.pdf")


# -- DOCX ----------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order() -> None:
    data = make_docx(
        ["Report of the Secretary-General", "", "Chapter I. Introduction"],
        title="International migration and development",
        table=[["Region", "Migrants"], ["Africa", "16.3"]],
    )
    result = extract_text(data, filename="report.docx")
    assert result == ExtractedText(
        text=(
            "Report of the Secretary-General\n\nChapter I. Introduction\n"
            "Region | Migrants\nAfrica | 16.3"
        ),
        page_count=1,
        format="docx",
        title="International migration and development",
    )


def test_docx_hard_page_breaks_separate_pages() -> None:
    data = make_docx(["First page", "\f", "Second page", "\f", "Third page"])
    result = extract_text(data)
    assert result.pages == ["First page", "Second page", "Third page"]
    assert result.page_count == 3


def test_docx_page_breaks_where_word_last_laid_it_out() -> None:
    # Word saves the page breaks of its last layout; those match the printed pages.
    document = docx.Document()
    document.add_paragraph("Page one")
    broken = document.add_paragraph("Page two starts")
    broken.runs[0]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    document.add_paragraph("still page two")
    buffer = BytesIO()
    document.save(buffer)
    assert extract_text(buffer.getvalue()).pages == ["Page one", "Page two starts\nstill page two"]


def test_docx_is_recognised_by_its_bytes() -> None:
    data = make_docx(["Body"])
    assert (
        detect_format(data, filename="attachment.bin", content_type="application/octet-stream")
        == "docx"
    )


def test_zip_that_is_not_a_word_document_is_refused() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(DocumentError, match=r"^budget\.xlsx: unsupported file type: a ZIP archive"):
        extract_text(buffer.getvalue(), filename="budget.xlsx")


def test_damaged_docx_is_a_clear_error() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(DocumentError, match=r"^broken\.docx: not a readable Word document \("):
        extract_text(buffer.getvalue(), filename="broken.docx")


# -- HTML ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Report &amp; annexes</title>
<style>body { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body>
<nav><ul><li>Home</li><li>Documents</li></ul></nav>
<h1>International  migration</h1>
<p>The Secretary-General&rsquo;s <b>report</b> on
   development &eacute;tudes&nbsp;2003.</p>
<div>Second<br>line</div>
<table><tr><th>Region</th><th>Migrants</th></tr><tr><td>Africa</td><td>16.3</td></tr></table>
<noscript>Enable JavaScript</noscript>
</body></html>"""


def test_html_keeps_headings_and_paragraphs_as_lines() -> None:
    result = extract_text(PAGE.encode(), filename="page.html")
    assert result == ExtractedText(
        text=(
            "International migration\n"
            "The Secretary-General’s report on development études 2003.\n"
            "Second\nline\n"
            "Region | Migrants\nAfrica | 16.3"
        ),
        page_count=1,
        format="html",
        title="Report & annexes",
    )


def test_html_charset_from_meta_and_from_content_type() -> None:
    latin = '<html><head><meta charset="iso-8859-1"></head><p>Genève — café</p></html>'
    # Declared Latin-1 is read as Windows-1252, as browsers do, so the dash survives.
    assert extract_text(latin.encode("cp1252")).text == "Genève — café"
    fragment = "<p>Москва</p>".encode("koi8-r")
    assert extract_text(fragment, content_type="text/html; charset=KOI8-R").text == "Москва"


def test_html_without_doctype_by_content_type_or_extension() -> None:
    assert extract_text(b"<p>a &lt; b</p>", content_type="text/html").text == "a < b"
    assert extract_text(b"<p>a &lt; b</p>", filename="x.htm").format == "html"
    assert extract_text(b"<p>a &lt; b</p>", filename="x.txt").text == "<p>a &lt; b</p>"


def test_html_preformatted_text_keeps_its_lines() -> None:
    result = extract_text(b"<html><pre>Item   Time\nIV     10:00</pre><p>after</p></html>")
    assert result.text == "Item   Time\nIV     10:00\nafter"


# -- plain text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Workers’ remittances".encode(), "Workers’ remittances"),
        ("\ufeffWorkers’ remittances".encode(), "Workers’ remittances"),
        ("Workers’ remittances".encode("cp1252"), "Workers’ remittances"),
        ("Workers’ remittances".encode("utf-16"), "Workers’ remittances"),
        (b"line one\r\nline two  \r\n", "line one\nline two"),
        (b"nul\x00 byte", "nul byte"),  # PostgreSQL cannot store NUL in text
    ],
)
def test_plain_text_encodings(data: bytes, text: str) -> None:
    result = extract_text(data, filename="notes.txt")
    assert (result.text, result.format, result.page_count) == (text, "text", 1)


def test_plain_text_form_feeds_are_pages() -> None:
    result = extract_text(b"page one\n\fpage two\n\fpage three", filename="converted.txt")
    assert result.pages == ["page one", "page two", "page three"]
    assert result.page_count == 3


def test_text_without_name_or_type_is_read_as_text() -> None:
    assert extract_text(b"just words").format == "text"


# -- refused ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "content_type", "message"),
    [
        (b"", "empty.pdf", "", r"^empty\.pdf: the file is empty$"),
        (
            b"<!DOCTYPE html><html><body>Please log in</body></html>",
            "A_58_98.pdf",
            "",
            r"^A_58_98\.pdf: expected a PDF but the content is an HTML page$",
        ),
        (
            b"<html><body>Not found</body></html>",
            "",
            "application/pdf",
            r"^<document>: expected a PDF but the content is an HTML page$",
        ),
        (
            b"plain words",
            "report.docx",
            "",
            r"^report\.docx: expected a Word \(\.docx\) document but the content is plain text$",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "old.doc",
            "",
            r"^old\.doc: unsupported file type: an old Office 97-2003 file .*\.docx or PDF$",
        ),
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "scan.png", "", r"^scan\.png: unsupported .*OCR$"),
        (b"{\\rtf1\\ansi hello}", "memo.rtf", "", r"^memo\.rtf: unsupported file type: an RTF"),
        (b"slides", "deck.pptx", "", r"^deck\.pptx: unsupported file type: a presentation"),
        (b"\x00\x01\x02binary", "blob", "", r"^blob: unsupported file type: not a PDF"),
    ],
)
def test_unsupported_and_mislabelled_files_are_refused(
    data: bytes, filename: str, content_type: str, message: str
) -> None:
    with pytest.raises(DocumentError, match=message):
        extract_text(data, filename=filename, content_type=content_type)


def test_document_error_names_the_file() -> None:
    error = DocumentError("the file is empty", source="a.pdf")
    assert (str(error), error.message, error.source) == (
        "a.pdf: the file is empty",
        "the file is empty",
        "a.pdf",
    )
    assert str(DocumentError("no source")) == "no source"
