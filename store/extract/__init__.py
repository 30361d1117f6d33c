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

The package: this module tells the format and reads PDF and plain text;
``word`` reads .docx, ``html_text`` HTML, and ``base`` holds what they share
(the limits, ``DocumentError``, ``ExtractedText``, cleaning).
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import PurePosixPath

from store.extract.base import (
    DOCX,
    HTML,
    MAX_DOCX_UNPACKED,
    MAX_DOCX_XML,
    MAX_TEXT_CHARS,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    PDF,
    TEXT,
    UTF16_BOMS,
    DocumentError,
    ExtractedText,
    clean,
    clean_title,
    decode_text,
    reason,
)
from store.extract.html_text import html_pages
from store.extract.word import check_zip_directory, docx_pages

__all__ = [
    "DOCX",
    "HTML",
    "MAX_DOCX_UNPACKED",
    "MAX_DOCX_XML",
    "MAX_PDF_PAGES",
    "MAX_TEXT_CHARS",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_RATIO",
    "PDF",
    "TEXT",
    "DocumentError",
    "ExtractedText",
    "detect_format",
    "extract_text",
]

MAX_PDF_PAGES = 2_000

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
        pages, title = docx_pages(data, source)
    elif kind == HTML:
        pages, title = html_pages(data, content_type)
    else:
        pages, title = _plain(data), ""
    cleaned, cut = _within_limit([clean(page) for page in pages] or [""])
    return ExtractedText(
        "\f".join(cleaned), len(cleaned), kind, clean_title(title), truncated=more or cut
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
    return data.startswith(UTF16_BOMS) or b"\x00" not in data[:8192]


def _sniff(data: bytes, source: str) -> str | None:
    head = data[:1024]
    # PDF readers accept the header anywhere in the first kilobyte, after junk.
    if b"%PDF-" in head:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        check_zip_directory(data, source)
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


# -- PDF ------------------------------------------------------------------------


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
        raise DocumentError(f"not a readable PDF ({reason(exc)})", source=source) from None
    if not pages:
        raise DocumentError("the PDF has no pages", source=source)
    return pages, title, more


# -- plain text -------------------------------------------------------------------


def _plain(data: bytes) -> list[str]:
    # Text converted from a PDF (pdftotext) keeps its pages as form feeds.
    return decode_text(data).split("\f")
