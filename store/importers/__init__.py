"""Agenda importers, chosen by what a file contains rather than its name.

Each format module offers ``sniff(text, suffix) -> bool`` and
``parse(text, *, source, tz, slug) -> ImportResult``; parsing never touches
the database (storing is store.agenda.save_meeting's job).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from store.importers import canonical_file, documents, frab, ics, pretalx, text
from store.importers.common import decode
from store.values import AgendaImportError, ImportResult


@dataclass(frozen=True)
class Format:
    name: str
    sniff: Callable[[str, str], bool]
    parse: Callable[..., ImportResult]


# Order matters: the plain-text page accepts almost anything, so it goes last.
FORMATS: tuple[Format, ...] = (
    Format("ics", ics.sniff, ics.parse),
    Format("frab", frab.sniff, frab.parse),
    # Before our own format, which takes any .json.
    Format("pretalx", pretalx.sniff, pretalx.parse),
    Format("canonical", canonical_file.sniff, canonical_file.parse),
    # A saved web page: its text, tables' cells kept, read as a plain-text page.
    Format("html", documents.sniff_html, documents.parse_html),
    # XML in another shape: refused with what it is, rather than "unknown format".
    Format("xml", frab.sniff_other_xml, frab.parse),
    Format("text", text.sniff, text.parse),
)


def parse_agenda(
    content: str, *, source: str = "<input>", suffix: str = "", tz: str | None = None, slug: str | None = None
) -> ImportResult:
    for fmt in FORMATS:
        if fmt.sniff(content, suffix.lower()):
            result = fmt.parse(content, source=source, tz=tz, slug=slug)
            return ImportResult(result.meeting, result.warnings, fmt.name)
    raise AgendaImportError("not an agenda format agendabot knows", path=source, line=1)


def parse_agenda_bytes(
    data: bytes, *, source: str = "<input>", suffix: str = "", tz: str | None = None, slug: str | None = None
) -> ImportResult:
    """An agenda from a file's bytes: PDF and Word documents are read as documents, the
    rest decoded as text (UTF-8, else Windows-1252) and recognised by ``parse_agenda``."""
    if not data.strip():
        raise AgendaImportError("the file is empty", path=source)
    kind = documents.kind_of(data, suffix)
    if kind in (documents.PDF, documents.DOCX):
        return documents.parse_document(data, source=source, suffix=suffix, tz=tz, slug=slug)
    return parse_agenda(decode(data), source=source, suffix=suffix, tz=tz, slug=slug)


def load_agenda(path: Path, *, tz: str | None = None, slug: str | None = None) -> ImportResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AgendaImportError(f"cannot read the file: {exc.strerror}", path=str(path)) from None
    return parse_agenda_bytes(data, source=str(path), suffix=path.suffix, tz=tz, slug=slug)
