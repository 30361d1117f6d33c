"""Agendas that are documents: a PDF "organization of work", a Word file, a saved web page.

Each is read into plain text, line by line with its table columns kept as
tab-separated cells, and that text goes to the plain-text importer's public
``parse`` (store.importers.text): one pipeline for every page, whatever it came in.

PDFs are read with pdfium (pypdfium2): it gives each run of text with its box,
so a row's time and its activity, drawn in two columns, come out as two cells
of one line. (pdfplumber reads the same boxes through pdfminer, in Python: a
50-page agenda took 3.5 s there and 0.1 s here.) Word files and HTML pages
go through store.extract, which already keeps their tables' cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store import extract
from store.importers import text as text_importer
from store.values import AgendaImportError, ImportResult, ImportWarning

MAX_PAGES = 500
MAX_BYTES = 50_000_000
PDF, DOCX, HTML = "pdf", "docx", "html"
_HTML_HEAD = re.compile(r"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<meta|<body)", re.IGNORECASE | re.DOTALL)


def kind_of(data: bytes, suffix: str = "") -> str | None:
    """"pdf", "docx" or "html" when the bytes are such a document, else None."""
    if data[:1024].lstrip().startswith(b"%PDF"):
        return PDF
    if data[:2] == b"PK" and b"word/" in data[:4096]:
        return DOCX
    if suffix.lower() in (".html", ".htm", ".xhtml") or sniff_html(data[:2048].decode("utf-8", "ignore"), ""):
        return HTML
    return None


def sniff_html(text: str, suffix: str) -> bool:
    return suffix in (".html", ".htm", ".xhtml") or bool(_HTML_HEAD.match(text.lstrip("\ufeff")[:2048]))


@dataclass(frozen=True)
class _Box:
    left: float
    bottom: float
    right: float
    top: float
    text: str


def _lines(boxes: list[_Box]) -> list[str]:
    """Boxes of one page as lines, top to bottom; boxes far apart on a line become cells."""
    rows: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: (-b.top, b.left)):
        middle = (box.top + box.bottom) / 2
        row = rows[-1] if rows else None
        if row is not None and row[0].bottom <= middle <= row[0].top:
            row.append(box)
        else:
            rows.append([box])
    lines = []
    for row in rows:
        row.sort(key=lambda b: b.left)
        height = max(b.top - b.bottom for b in row) or 10.0
        parts = [row[0].text]
        for before, box in zip(row, row[1:], strict=False):
            # A word space is a quarter of the text's height; a column gap is many of them.
            parts.append("\t" if box.left - before.right > 1.5 * height else " ")
            parts.append(box.text)
        line = "".join(parts).strip()
        if line:
            lines.append(line)
    return lines


def pdf_text(data: bytes, source: str) -> str:
    """The PDF's text, pages one after another, columns kept as tab-separated cells."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise AgendaImportError(f"not a readable PDF ({exc})", path=source) from None
    try:
        if len(document) > MAX_PAGES:
            raise AgendaImportError(
                f"the PDF has {len(document)} pages; an agenda of at most {MAX_PAGES} is read", path=source
            )
        lines: list[str] = []
        for page in document:
            textpage = page.get_textpage()
            boxes = []
            for index in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(index)
                text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
                if text:
                    boxes.append(_Box(left, bottom, right, top, text))
            lines.extend(_lines(boxes))
            textpage.close()
            page.close()
    finally:
        document.close()
    return "\n".join(lines)


def document_text(data: bytes, source: str, suffix: str = "") -> tuple[str, str]:
    """(kind, text) of a PDF, Word or HTML agenda; AgendaImportError when it cannot be read."""
    if len(data) > MAX_BYTES:
        raise AgendaImportError(
            f"the file is {len(data) / 1e6:.0f} MB; agendas of at most {MAX_BYTES // 1_000_000} MB are read",
            path=source,
        )
    kind = kind_of(data, suffix)
    if kind == PDF:
        text = pdf_text(data, source)
    elif kind in (DOCX, HTML):
        try:
            extracted = extract.extract_text(data, filename=source)
        except extract.DocumentError as exc:
            raise AgendaImportError(exc.message, path=source) from None
        text = extracted.text.replace("\f", "\n")
    else:
        raise AgendaImportError("not a PDF, Word or HTML document", path=source)
    if not text.strip():
        hint = " (a scanned PDF holds pictures of text; agendabot reads text, not images)" if kind == PDF else ""
        raise AgendaImportError(f"the {kind.upper() if kind != DOCX else 'Word'} file has no text{hint}", path=source)
    return kind, text


def parse_document(
    data: bytes, *, source: str = "<input>", suffix: str = "", tz: str | None = None, slug: str | None = None
) -> ImportResult:
    kind, text = document_text(data, source, suffix)
    result = text_importer.parse(text, source=source, tz=tz, slug=slug)
    # The text importer's line numbers count lines of the text read from the document.
    note = ImportWarning(None, f"read as the text of the {kind.upper() if kind != DOCX else 'Word'} file; "
                               "line numbers count lines of that text")
    warnings = (note, *result.warnings) if result.warnings else result.warnings
    return ImportResult(result.meeting, warnings, kind)


def parse_html(
    text: str, *, source: str = "<input>", tz: str | None = None, slug: str | None = None
) -> ImportResult:
    """A saved web page given as text (pasted or decoded already)."""
    return parse_document(text.encode("utf-8"), source=source, suffix=".html", tz=tz, slug=slug)
