"""Text out of meeting documents: PDF, Word (.docx), HTML and plain text.

``extract_text`` turns the bytes of a file into text whose pages are separated
by form feeds ("\\f"), the way ``models.Document.body`` keeps them, so that a
search hit can cite its page. It decides what the bytes are from their first
bytes (their "magic"), then from the content type a server sent, then from
the file name, because servers and people mislabel files far more often than
files mislabel themselves.

Anything we cannot read raises ``DocumentError`` naming the file and what is
wrong with it, in one line a person can act on.

Bounds, because anyone who can add a document can send a hostile one: a
.docx is checked from its ZIP directory before anything is unpacked (how much
it unpacks to, and how much it is compressed: a 2 MB ZIP bomb unpacks to
gigabytes); at most ``MAX_PDF_PAGES`` pages of a PDF are read; and at most
``MAX_TEXT_CHARS`` characters of text are kept. A longer document is cut at a
line and marked ``truncated``: the first pages stay searchable, and the
person adding it is told where it stopped.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from io import BytesIO
from pathlib import PurePosixPath

from store.importers.common import decode

MAX_TEXT_CHARS = 1_000_000  # about 500 pages of a UN report; answers stay fast
MAX_PDF_PAGES = 2_000
MAX_DOCX_UNPACKED = 100 * 2**20  # all parts, pictures included: python-docx holds them in memory
MAX_DOCX_XML = 16 * 2**20  # the XML parts, which become a tree about ten times their size
MAX_ZIP_RATIO = 100  # Word's XML compresses 5-20 times; a bomb, thousands of times
MAX_ZIP_MEMBERS = 5_000


class DocumentError(Exception):
    """A document we refuse to store: says which one and what is wrong, in one line."""

    def __init__(self, message: str, *, source: str = "") -> None:
        self.message = message
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


@dataclass(frozen=True)
class ExtractedText:
    """A document's text, pages separated by "\\f"; ``title`` as the file states it, or ""."""

    text: str
    page_count: int
    format: str  # "pdf", "docx", "html" or "text"
    title: str = ""
    truncated: bool = False  # the document goes on past MAX_TEXT_CHARS or MAX_PDF_PAGES

    @property
    def pages(self) -> list[str]:
        return self.text.split("\f")


PDF, DOCX, HTML, TEXT = "pdf", "docx", "html", "text"
_NAMES = {PDF: "a PDF", DOCX: "a Word (.docx) document", HTML: "an HTML page", TEXT: "plain text"}

_CONTENT_TYPES = {
    "application/pdf": PDF,
    "application/x-pdf": PDF,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": DOCX,
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "text/plain": TEXT,
    "text/markdown": TEXT,
}
_EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
}
# Formats people will try, with what to do instead.
_UNSUPPORTED = {
    ".doc": "an old Word .doc file; save it as .docx or PDF",
    "application/msword": "an old Word .doc file; save it as .docx or PDF",
    ".rtf": "an RTF file; save it as .docx or PDF",
    "application/rtf": "an RTF file; save it as .docx or PDF",
    ".odt": "an OpenDocument text; save it as .docx or PDF",
    ".xlsx": "a spreadsheet, not a document",
    ".xls": "a spreadsheet, not a document",
    ".pptx": "a presentation; save it as PDF",
    ".ppt": "a presentation; save it as PDF",
    ".zip": "a ZIP archive; unpack it and add the documents one by one",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 (.doc, .xls, .ppt)
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def extract_text(data: bytes, *, filename: str = "", content_type: str = "") -> ExtractedText:
    """The text of a PDF, DOCX, HTML or plain-text document, pages separated by "\\f".

    ``filename`` and ``content_type`` only help when the bytes do not say what
    they are; ``filename`` also names the file in errors.
    """
    source = filename or "<document>"
    kind = detect_format(data, filename=filename, content_type=content_type)
    more = False
    if kind == PDF:
        pages, title, more = _pdf(data, source)
    elif kind == DOCX:
        pages, title = _docx(data, source)
    elif kind == HTML:
        pages, title = _html(data, content_type)
    else:
        pages, title = _plain(data), ""
    cleaned, cut = _within_limit([_clean(page) for page in pages] or [""])
    return ExtractedText(
        "\f".join(cleaned), len(cleaned), kind, _clean_title(title), truncated=more or cut
    )


def _within_limit(pages: list[str]) -> tuple[list[str], bool]:
    """The pages that fit in MAX_TEXT_CHARS, the last one cut at a line; and whether any was cut."""
    kept: list[str] = []
    room = MAX_TEXT_CHARS
    for page in pages:
        if len(page) <= room:
            kept.append(page)
            room -= len(page) + 1  # the form feed
            continue
        head = page[:room]
        kept.append(head.rsplit("\n", 1)[0] if "\n" in head else head)
        return kept, True
    return kept, False


def detect_format(data: bytes, *, filename: str = "", content_type: str = "") -> str:
    """``"pdf"``, ``"docx"``, ``"html"`` or ``"text"``; ``DocumentError`` for anything else."""
    source = filename or "<document>"
    if not data:
        raise DocumentError("the file is empty", source=source)
    magic = _sniff(data, source)
    mime = content_type.split(";")[0].strip().lower()
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    claimed = _CONTENT_TYPES.get(mime) or _EXTENSIONS.get(extension)
    if magic in (PDF, DOCX):
        return magic
    if claimed in (PDF, DOCX):
        # A link to a PDF that answers with an HTML login or error page is the
        # usual way this happens; storing that page as the document would be wrong.
        found = _NAMES[magic] if magic else "plain text" if _is_text(data) else "something else"
        raise DocumentError(f"expected {_NAMES[claimed]} but the content is {found}", source=source)
    if magic == HTML:
        return HTML
    if claimed:
        return claimed
    reason = _UNSUPPORTED.get(extension) or _UNSUPPORTED.get(mime)
    if reason:
        raise DocumentError(f"unsupported file type: {reason}", source=source)
    if _is_text(data):
        return TEXT  # no name or type to go by, but it reads as text
    raise DocumentError(
        "unsupported file type: not a PDF, Word (.docx), HTML or text file", source=source
    )


def _is_text(data: bytes) -> bool:
    return data.startswith(_UTF16_BOMS) or b"\x00" not in data[:8192]


def _sniff(data: bytes, source: str) -> str | None:
    head = data[:1024]
    # PDF readers accept the header anywhere in the first kilobyte, after junk.
    if b"%PDF-" in head:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        _check_zip_directory(data, source)
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise DocumentError("a damaged ZIP or .docx file", source=source) from None
        if "word/document.xml" in names:
            return DOCX
        raise DocumentError(
            "unsupported file type: a ZIP archive that is not a Word .docx document "
            "(no word/document.xml)",
            source=source,
        )
    if head.startswith(_OLE):
        raise DocumentError(
            "unsupported file type: an old Office 97-2003 file (.doc, .xls, .ppt); "
            "save it as .docx or PDF",
            source=source,
        )
    if head.startswith(_IMAGES):
        raise DocumentError(
            "unsupported file type: an image; its text would need OCR", source=source
        )
    if head.startswith(b"{\\rtf"):
        raise DocumentError(
            "unsupported file type: an RTF file; save it as .docx or PDF", source=source
        )
    if _HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")):
        return HTML
    return None


def _check_zip_directory(data: bytes, source: str) -> None:
    """Refuse a ZIP whose directory alone would be too big to read (counted from its
    end record, before ``zipfile`` builds an object per member)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise DocumentError("a damaged ZIP or .docx file (no end record)", source=source)
    members = int.from_bytes(data[end + 10:end + 12], "little")
    if members > MAX_ZIP_MEMBERS:  # 0xFFFF, a ZIP64 archive, also lands here: Word never writes one
        raise DocumentError(
            f"a ZIP of {members:,} files; a Word document has a few dozen", source=source
        )


def _check_docx_sizes(archive: zipfile.ZipFile, source: str) -> None:
    """Refuse a .docx that would unpack to more than we read, from the sizes its
    directory declares (``zipfile`` never unpacks past a declared size)."""
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_DOCX_UNPACKED:
        raise DocumentError(
            f"the document unpacks to {unpacked / 2**20:,.0f} MB "
            f"(at most {MAX_DOCX_UNPACKED // 2**20} MB is read)",
            source=source,
        )
    xml = sum(info.file_size for info in infos if not info.filename.startswith("word/media/"))
    if xml > MAX_DOCX_XML:
        raise DocumentError(
            f"the document's text and layout unpack to {xml / 2**20:,.0f} MB "
            f"(at most {MAX_DOCX_XML // 2**20} MB is read); save it as PDF or split it",
            source=source,
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 2**20 and ratio > MAX_ZIP_RATIO:
            raise DocumentError(
                f"{info.filename} is compressed {ratio:,.0f} to 1, which only a ZIP bomb is "
                f"(Word's files are at most {MAX_ZIP_RATIO} to 1)",
                source=source,
            )


# -- PDF ------------------------------------------------------------------------

_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled|document\d*|title|microsoft word - .*|.*\.(?:docx?|pdf|rtf|wpd))$", re.IGNORECASE
)


def _pdf(data: bytes, source: str) -> tuple[list[str], str, bool]:
    """The pages' text (stopping at MAX_PDF_PAGES or MAX_TEXT_CHARS), the title, and
    whether pages were left unread."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs are "encrypted" only against editing, with an empty password.
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise DocumentError(
                    "the PDF is encrypted with AES; reading it needs the 'cryptography' package",
                    source=source,
                ) from None
            if not opened:
                raise DocumentError("the PDF is protected by a password", source=source)
        pages: list[str] = []
        characters = 0
        more = False
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES or characters > MAX_TEXT_CHARS:
                more = True
                break
            pages.append(page.extract_text() or "")
            characters += len(pages[-1])
        title = str(reader.metadata.title or "") if reader.metadata else ""
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise DocumentError(f"not a readable PDF ({_reason(exc)})", source=source) from None
    if not pages:
        raise DocumentError("the PDF has no pages", source=source)
    return pages, title, more


# -- DOCX -----------------------------------------------------------------------

_HARD_BREAK, _RENDERED_BREAK = object(), object()


def _docx(data: bytes, source: str) -> tuple[list[str], str]:
    import docx

    try:
        _check_docx_sizes(zipfile.ZipFile(BytesIO(data)), source)
    except zipfile.BadZipFile:
        raise DocumentError("a damaged ZIP or .docx file", source=source) from None
    try:
        document = docx.Document(BytesIO(data))
        title = document.core_properties.title or ""
        tokens = list(_docx_tokens(document.element.body))
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds
        raise DocumentError(
            f"not a readable Word document ({_reason(exc)})", source=source
        ) from None
    # Word records where pages actually broke when it last laid the document
    # out; that matches the printed pages people cite. Files written by other
    # programs have only the breaks their authors typed.
    page_break = _RENDERED_BREAK if any(t is _RENDERED_BREAK for t in tokens) else _HARD_BREAK
    pages: list[list[str]] = [[]]
    for token in tokens:
        if token is page_break:
            pages.append([])
        elif isinstance(token, str):
            pages[-1].append(token)
    return ["\n".join(lines) for lines in pages], title


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _docx_tokens(container: object) -> Iterator[object]:
    """Lines of text and page-break markers of a body, a table cell or a content control."""
    for child in container.iterchildren():  # type: ignore[attr-defined]
        if child.tag == _w("p"):
            yield from _paragraph_tokens(child)
        elif child.tag == _w("tbl"):
            for row in child.iterchildren(_w("tr")):
                cells = []
                for cell in row.iterchildren(_w("tc")):
                    text = " ".join(t for t in _docx_tokens(cell) if isinstance(t, str))
                    if text.strip():
                        cells.append(text.strip())
                if cells:
                    yield " | ".join(cells)
        elif child.tag == _w("sdt"):
            for content in child.iterchildren(_w("sdtContent")):
                yield from _docx_tokens(content)


def _paragraph_tokens(paragraph: object) -> Iterator[object]:
    properties = paragraph.find(_w("pPr"))  # type: ignore[attr-defined]
    if properties is not None and properties.find(_w("pageBreakBefore")) is not None:
        yield _HARD_BREAK
    text: list[str] = []
    for element in paragraph.iter(  # type: ignore[attr-defined]
        _w("t"), _w("tab"), _w("br"), _w("cr"), _w("lastRenderedPageBreak")
    ):
        if element.tag == _w("t"):
            text.append(element.text or "")
        elif element.tag == _w("tab"):
            text.append("\t")
        elif element.tag == _w("br") and element.get(_w("type")) == "page":
            yield "".join(text)
            text = []
            yield _HARD_BREAK
        elif element.tag == _w("lastRenderedPageBreak"):
            yield "".join(text)
            text = []
            yield _RENDERED_BREAK
        else:
            text.append("\n")
    yield "".join(text)


# -- HTML -----------------------------------------------------------------------

_BLOCKS = frozenset(
    """
    address article aside blockquote br caption dd details div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hr li main ol p pre section summary
    table tbody thead tfoot tr ul
    """.split()
)
# Navigation, scripts and styles are text a browser shows (or runs) around a
# document, not part of it.
_SKIPPED = frozenset({"script", "style", "nav", "noscript", "template", "svg", "iframe"})
_CELLS = frozenset({"td", "th"})
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_CONTENT_CHARSET = re.compile(r"charset\s*=\s*\"?([\w.:-]+)", re.IGNORECASE)
# Browsers read these labels as Windows-1252 (WHATWG Encoding), and so do the
# pages that declare them.
_AS_CP1252 = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1"}


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.title = ""
        self._line: list[str] = []
        self._skipping = 0
        self._in_title = False
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self._pre += 1
        elif tag in _CELLS and "".join(self._line).strip():
            self._line.append(" | ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:  # <br/>, <hr/>; a self-closed <nav/> holds nothing to skip
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._in_title:
            self.title += data
        elif self._pre:
            self._line.append(data)
        else:
            # Runs of whitespace shrink to one space, but stay: "<b>Hello</b> world".
            self._line.append(re.sub(r"\s+", " ", data))

    def _flush(self) -> None:
        text = "".join(self._line)
        self._line = []
        if self._pre:
            self.lines.extend(line.rstrip() for line in text.strip("\n").split("\n"))
        elif text.strip():
            self.lines.append(" ".join(text.split()))

    def close(self) -> None:
        super().close()
        self._flush()


# A "<" that no ">" closes before the next "<". Python's HTMLParser (before
# 3.11.13) rescans everything after such a start tag, once per tag: 30 KB of
# "<a b" took 100 s. Written as "&lt;" it is the text it would have shown.
# The scan from each "<" stops at the next "<" or ">", so this is linear.
_UNCLOSED_TAG = re.compile(r"<(?![^<>]*>)")


def _html(data: bytes, content_type: str) -> tuple[list[str], str]:
    parser = _HTMLText()
    parser.feed(_UNCLOSED_TAG.sub("&lt;", _decode_html(data, content_type)))
    parser.close()
    return ["\n".join(parser.lines)], " ".join(parser.title.split())


def _decode_html(data: bytes, content_type: str) -> str:
    declared = _CONTENT_CHARSET.search(content_type)
    label = declared.group(1) if declared else ""
    if not label:
        meta = _CHARSET.search(data[:4096])
        label = meta.group(1).decode("ascii", "ignore") if meta else ""
    label = label.lower()
    if label in _AS_CP1252:
        label = "cp1252"
    if label and not data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode(label, errors="replace")
        except LookupError:
            pass  # a charset Python does not know: guess as for a file without one
    return _decode_text(data)


# -- plain text -------------------------------------------------------------------


def _decode_text(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):  # Windows' "Unicode" text files
        return data.decode("utf-16", errors="replace")
    return decode(data)


def _plain(data: bytes) -> list[str]:
    # Text converted from a PDF (pdftotext) keeps its pages as form feeds.
    return _decode_text(data).split("\f")


# -- common -------------------------------------------------------------------------

# C0 controls other than tab and newline, and DEL: PostgreSQL refuses NUL in
# text, and the rest is debris from conversions.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(page: str) -> str:
    # A form feed or vertical tab inside a page is a line break there; "\f"
    # only ever separates pages in what we return.
    page = page.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    page = _CONTROLS.sub("", page)
    return "\n".join(line.rstrip() for line in page.split("\n")).strip("\n")


def _clean_title(title: str) -> str:
    title = " ".join(_CONTROLS.sub("", title).split())
    return "" if _PLACEHOLDER_TITLE.match(title) else title


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
