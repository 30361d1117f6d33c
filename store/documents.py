"""Adding a document to a meeting: read a file or a fetched URL, extract its text, store it.

``add_document`` is what ``agendabot doc add`` calls. It checks everything it
can before it writes anything (the meeting, the agenda item, the file, its
text), so an error leaves the database as it was.

A stored document becomes part of the meeting through ``save_meeting``, and so
gets a Revision like any other change: the revision's snapshot lists the
meeting's documents and a rollback restores exactly that list, so a document
written beside the revision history would be deleted by the next rollback,
and the organizers' history would not say who added it or from where.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol
from urllib.parse import unquote, urlsplit

from sqlalchemy.orm import Session as DBSession

from store.agenda import list_meetings, load_meeting, save_meeting
from store.extract import MAX_TEXT_CHARS, DocumentError, ExtractedText, extract_text
from store.numerals import same_number
from store.symbols import base_symbol, find_symbols, is_symbol, normalize_symbol
from store.values import Document, Meeting

__all__ = [
    "MAX_BYTES",
    "DocumentAdded",
    "DocumentError",
    "Fetched",
    "Fetcher",
    "add_document",
]

MAX_BYTES = 50 * 1024 * 1024  # the longest UN reports with annexes are a few MB
_TITLE_LIMIT = 300  # a first line longer than this is a paragraph, not a title
_HEAD_LINES = 15  # where a UN document prints its symbol: the top of page one


@dataclass(frozen=True)
class Fetched:
    """What a URL answered: the body, its content type and a file name, if any."""

    data: bytes
    content_type: str = ""
    filename: str = ""
    url: str = ""  # after redirects


class Fetcher(Protocol):
    """Reads a URL (the network is the caller's: bot/fetch.py's ``fetch_document`` for the CLI,
    a stub in tests). Raises ``DocumentError`` with a one-line reason when it cannot."""

    def __call__(self, url: str, /) -> Fetched: ...


@dataclass(frozen=True)
class DocumentAdded:
    """What ``add_document`` stored; ``str()`` is the line the CLI prints."""

    meeting: str
    symbol: str
    title: str
    item: str
    category: str
    url: str
    format: str
    page_count: int
    characters: int
    created: bool
    revision: int | None  # None when the document was already stored exactly so
    truncated: bool = False  # only the first page_count pages (MAX_TEXT_CHARS) were kept

    def __str__(self) -> str:
        title = self.title if len(self.title) <= 80 else self.title[:79].rstrip() + "…"
        name = f"{self.symbol} “{title}”" if self.symbol else f"“{title}”"
        pages = f"{self.page_count} page{'' if self.page_count == 1 else 's'}"
        size = f"{pages}, {self.characters:,} characters"
        target = f"item {self.item} of {self.meeting}" if self.item else self.meeting
        if self.created:
            verb = "Stored"
        elif self.revision is not None:
            verb = "Updated"
        else:
            verb = "Already stored:"
        line = f"{verb} {name} ({size}) for {target}."
        if self.truncated:
            line += (
                f" The document is longer than agendabot keeps: only its first "
                f"{MAX_TEXT_CHARS:,} characters (to page {self.page_count}) were stored and can be searched."
            )
        return line


def add_document(
    db: DBSession,
    slug: str,
    source: str,
    *,
    symbol: str = "",
    title: str = "",
    item: str = "",
    category: str = "",
    author: str = "",
    fetch: Fetcher | None = None,
) -> DocumentAdded:
    """Store the document at ``source`` (a file path or an http(s) URL) for meeting ``slug``.

    The symbol is ``symbol``, else one found in the file name or URL, the
    title, or the top of the first page. The title is ``title``, else the one
    the meeting already has for the document, else the file's own (PDF or
    DOCX metadata, HTML <title>), else its first line. ``item`` must be an
    agenda item of the meeting ("4" finds item "IV"). A document already
    stored under the same symbol (or, without one, the same title) is
    updated. Raises ``DocumentError`` with a one-line reason, having changed
    nothing. An http(s) ``source`` is read with ``fetch``; without one, only
    files can be added.
    """
    meeting = _meeting(db, slug)
    item_number = _agenda_item(meeting, item) if item.strip() else ""
    data, filename, content_type, url = _read_source(source.strip(), fetch)
    name = filename or source
    extracted = _extract(data, name, content_type)
    symbol_key = _choose_symbol(symbol, filename, url, title or extracted.title, extracted)
    index, existing, final_title = _existing(meeting, symbol_key, title, extracted, filename)
    base = _by_symbol(meeting.documents, base_symbol(symbol_key)) if symbol_key else None
    known = [d for d in (existing, base) if d is not None]  # what the meeting already says of it
    document = Document(
        title=final_title,
        symbol=symbol_key,
        category=category.strip() or _first(d.category for d in known) or "document",
        url=url or (existing.url if existing else ""),
        body=extracted.text,
        item=item_number or _first(d.item for d in known) or _item_mentioning(meeting, symbol_key),
    )
    documents = list(meeting.documents)
    if index is None:
        documents.append(document)
    else:
        documents[index] = document
    # The whole list is given (replace_documents) because a symbol-less entry
    # that gains a symbol changes its key and must not survive as a duplicate.
    outcome = save_meeting(
        db,
        dataclasses.replace(meeting, documents=tuple(documents)),
        author=author,
        source=f"document {source.strip()}",
        replace_documents=True,
    )
    return DocumentAdded(
        meeting=slug,
        symbol=document.symbol,
        title=document.title,
        item=document.item,
        category=document.category,
        url=document.url,
        format=extracted.format,
        page_count=extracted.page_count,
        characters=len(extracted.text),
        created=existing is None,
        revision=outcome.revision,
        truncated=extracted.truncated,
    )


def _meeting(db: DBSession, slug: str) -> Meeting:
    meeting = load_meeting(db, slug, with_bodies=True)
    if meeting is None:
        known = ", ".join(m.slug for m in list_meetings(db)) or "none (import an agenda first)"
        raise DocumentError(f"no meeting {slug!r}; known meetings: {known}")
    return meeting


def _extract(data: bytes, name: str, content_type: str) -> ExtractedText:
    extracted = extract_text(data, filename=name, content_type=content_type)
    if not extracted.text.strip():
        hint = "no text in the PDF (a scanned PDF needs OCR first)"
        raise DocumentError(hint if extracted.format == "pdf" else "the document has no text", source=name)
    return extracted


def _existing(
    meeting: Meeting, symbol_key: str, title: str, extracted: ExtractedText, filename: str
) -> tuple[int | None, Document | None, str]:
    """Where the meeting already lists this document (by symbol, else title), that entry, and
    the document's title: the one given, else the entry's, else the file's own."""
    index = _find_existing(meeting.documents, symbol_key, title)
    existing = meeting.documents[index] if index is not None else None
    final_title = (
        title.strip()
        or (existing.title if existing else "")
        or _document_title(extracted, filename, symbol_key)
    )
    if index is None:  # the agenda may list it by a title the file also bears
        index = _find_existing(meeting.documents, "", final_title)
        existing = meeting.documents[index] if index is not None else None
    return index, existing, final_title


def _first(values: Iterable[str]) -> str:
    return next((v for v in values if v), "")


# -- the agenda item ----------------------------------------------------------------


def _agenda_item(meeting: Meeting, wanted: str) -> str:
    """The item number as the agenda writes it: "iv", "4" and "Item IV" all give "IV"."""
    numbers: list[str] = []
    for _, agenda_item in meeting.items():
        if agenda_item.number and agenda_item.number not in numbers:
            numbers.append(agenda_item.number)
    text = re.sub(r"^item\s+", "", wanted.strip(), flags=re.IGNORECASE)
    for number in numbers:
        if number.casefold() == text.casefold():
            return number
    for number in numbers:
        if same_number(number, text):
            return number
    listed = ", ".join(numbers) if numbers else "none (its agenda has no numbered items)"
    raise DocumentError(
        f"meeting {meeting.slug!r} has no item {wanted.strip()!r}; its items: {listed}"
    )


def _item_mentioning(meeting: Meeting, symbol: str) -> str:
    """The agenda item whose title or sub-points cite ``symbol``, as in "Report (A/58/98)"."""
    if not symbol:
        return ""
    for _, agenda_item in meeting.items():
        texts = (agenda_item.title, agenda_item.description, *agenda_item.sub_points)
        if agenda_item.number and any(symbol in find_symbols(t) for t in texts):
            return agenda_item.number
    return ""


# -- symbol and title -----------------------------------------------------------------

# "A_58_98-EN.pdf": the UN's download names put the language after the symbol.
_LANGUAGE_SUFFIX = re.compile(r"[-_ ](?:EN|FR|ES|RU|ZH|AR|E|F|S|R|C|A)$", re.IGNORECASE)


def _choose_symbol(
    given: str, filename: str, url: str, title: str, extracted: ExtractedText
) -> str:
    if given.strip():
        symbol = normalize_symbol(given)
        if "/" not in symbol:
            raise DocumentError(f"{given.strip()!r} is not a document symbol (like A/58/98)")
        return symbol
    found = _symbol_in_filename(filename) or _symbol_in_url(url)
    if found:
        return found
    in_title = find_symbols(title)
    if in_title:
        return in_title[0]
    # The top of page one, where the UN prints the symbol: further down, the
    # text cites other documents (and footnote the provisional agenda).
    head = "\n".join(extracted.pages[0].splitlines()[:_HEAD_LINES])
    in_head = find_symbols(head)
    return in_head[0] if in_head else ""


def _symbol_in_filename(filename: str) -> str:
    """A symbol spelt by a file name: "A_58_98-EN.pdf", "a-58-98.pdf"."""
    stem = PurePosixPath(filename.replace("\\", "/")).name
    stem = _strip_extension(stem)
    if "_" in stem:
        candidate = _LANGUAGE_SUFFIX.sub("", stem).replace("_", "/")
    elif stem.count("-") >= 2:
        candidate = stem.replace("-", "/")
    else:
        return ""
    return normalize_symbol(candidate) if is_symbol(candidate) else ""


def _symbol_in_url(url: str) -> str:
    """A URL path that ends in a symbol after a site or language prefix: ".../en/A/58/98"."""
    segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
    if not segments:
        return ""
    segments[-1] = _strip_extension(segments[-1])
    for start in range(len(segments)):
        candidate = "/".join(segments[start:])
        if is_symbol(candidate):
            return normalize_symbol(candidate)
    return ""


def _strip_extension(name: str) -> str:
    # Only a letters-only extension: "L.12" and "Rev.1" end symbols, not files.
    return re.sub(r"\.[A-Za-z]{2,5}$", "", name)


def _document_title(extracted: ExtractedText, filename: str, symbol: str) -> str:
    if extracted.title:
        return extracted.title
    for line in extracted.text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= _TITLE_LIMIT else line[: _TITLE_LIMIT - 1].rstrip() + "…"
    return symbol or PurePosixPath(filename).stem or "Untitled document"


def _by_symbol(documents: tuple[Document, ...], symbol: str | None) -> Document | None:
    if not symbol:
        return None
    return next((d for d in documents if d.symbol and normalize_symbol(d.symbol) == symbol), None)


def _find_existing(documents: tuple[Document, ...], symbol: str, title: str) -> int | None:
    """The position of the document to update: same symbol, else a symbol-less one of the same title."""
    if symbol:
        for index, doc in enumerate(documents):
            if doc.symbol and normalize_symbol(doc.symbol) == symbol:
                return index
    wanted = " ".join(title.split()).casefold()
    if wanted:
        for index, doc in enumerate(documents):
            if not doc.symbol and " ".join(doc.title.split()).casefold() == wanted:
                return index
    return None


# -- reading the source -----------------------------------------------------------------


def _read_source(source: str, fetch: Fetcher | None) -> tuple[bytes, str, str, str]:
    """(bytes, file name, content type, URL) of a file path or an http(s) URL."""
    if not source:
        raise DocumentError("no file or URL given")
    if re.match(r"^https?://", source, re.IGNORECASE):
        if fetch is None:
            raise DocumentError("URLs cannot be fetched here; download the file and give its path", source=source)
        fetched = fetch(source)
        filename = fetched.filename or _url_filename(fetched.url or source)
        return fetched.data, filename, fetched.content_type, source
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", source):
        raise DocumentError("only http:// and https:// URLs can be fetched", source=source)
    path = Path(source).expanduser()
    try:
        if path.is_dir():
            raise DocumentError("is a directory, not a file", source=source)
        if path.stat().st_size > MAX_BYTES:
            raise DocumentError(f"larger than {MAX_BYTES // 2**20} MB", source=source)
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError("no such file", source=source) from None
    except PermissionError:
        raise DocumentError("permission denied", source=source) from None
    except OSError as exc:
        raise DocumentError(
            f"cannot read the file ({exc.strerror or exc})", source=source
        ) from None
    return data, path.name, "", ""


def _url_filename(url: str) -> str:
    return unquote(PurePosixPath(urlsplit(url).path).name)
