"""Word (.docx) documents: checked from their ZIP directory before anything is unpacked."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from store.extract.base import (
    MAX_DOCX_UNPACKED,
    MAX_DOCX_XML,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    DocumentError,
    reason,
)


def check_zip_directory(data: bytes, source: str) -> None:
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


_HARD_BREAK, _RENDERED_BREAK = object(), object()


def docx_pages(data: bytes, source: str) -> tuple[list[str], str]:
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
            f"not a readable Word document ({reason(exc)})", source=source
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


def _docx_tokens(container: Any) -> Iterator[object]:
    """Lines of text and page-break markers of a body, a table cell or a content control."""
    for child in container.iterchildren():
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


def _paragraph_tokens(paragraph: Any) -> Iterator[object]:
    properties = paragraph.find(_w("pPr"))
    if properties is not None and properties.find(_w("pageBreakBefore")) is not None:
        yield _HARD_BREAK
    text: list[str] = []
    for element in paragraph.iter(
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
