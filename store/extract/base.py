"""What every reader of a document shares: the limits, the error, the result, cleaning."""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.importers.common import decode

MAX_TEXT_CHARS = 1_000_000  # about 500 pages of a UN report; answers stay fast
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
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled|document\d*|title|microsoft word - .*|.*\.(?:docx?|pdf|rtf|wpd))$", re.IGNORECASE
)


def decode_text(data: bytes) -> str:
    if data.startswith(UTF16_BOMS):  # Windows' "Unicode" text files
        return data.decode("utf-16", errors="replace")
    return decode(data)


# C0 controls other than tab and newline, and DEL: PostgreSQL refuses NUL in
# text, and the rest is debris from conversions.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(page: str) -> str:
    # A form feed or vertical tab inside a page is a line break there; "\f"
    # only ever separates pages in what we return.
    page = page.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    page = _CONTROLS.sub("", page)
    return "\n".join(line.rstrip() for line in page.split("\n")).strip("\n")


def clean_title(title: str) -> str:
    title = " ".join(_CONTROLS.sub("", title).split())
    return "" if _PLACEHOLDER_TITLE.match(title) else title


def reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
