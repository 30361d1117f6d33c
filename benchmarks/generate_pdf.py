"""A PDF agenda of any length, written byte by byte (no PDF library needed to make one).

Each page is a day's "organization of work": a header line, then rows of a
two-column table, the time in one column and the activity in the other, the
way secretariats lay them out. Text is Helvetica drawn at fixed positions, so
a reader that keeps columns sees two cells per row.
"""

from __future__ import annotations

from datetime import date, timedelta


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_document(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """A PDF whose pages draw each (x, y, text) at 10 pt Helvetica; y counts from the bottom."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, written once the pages' numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for page in pages:
        stream = "".join(f"BT /F1 10 Tf {x:.1f} {y:.1f} Td ({_escape(t)}) Tj ET\n" for x, y, t in page)
        content = stream.encode("cp1252", "replace")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents %d 0 R >>" % len(objects)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def agenda_pdf(page_count: int, *, first_day: date = date(2025, 3, 10), rows: int = 18) -> bytes:
    """An agenda of ``page_count`` days, one page each, with a title page's facts on the first."""
    last = first_day + timedelta(days=page_count - 1)
    pages = []
    for index in range(page_count):
        day = first_day + timedelta(days=index)
        lines: list[tuple[float, float, str]] = []
        y = 790.0
        if index == 0:
            lines += [
                (72, y, "Commission on Statistics, fifty-sixth session"),
                (72, y - 14, f"New York, {first_day:%d %B} - {last:%d %B %Y}".replace(" 0", " ")),
                (72, y - 28, "Organization of work"),
            ]
            y -= 56
        lines.append((72, y, f"{day:%A}, {day.day} {day:%B %Y}"))
        y -= 24
        for row in range(rows):
            hour, minute = divmod(9 * 60 + row * 30, 60)
            end_hour, end_minute = divmod(9 * 60 + row * 30 + 30, 60)
            lines.append((72, y, f"{hour:02d}:{minute:02d} - {end_hour:02d}:{end_minute:02d}"))
            lines.append((170, y, f"{row + 1}. Agenda item {index + 1}.{row + 1}: review of the work programme"))
            y -= 16
        lines.append((290, 40, str(index + 1)))  # the page number, as footers print it
        pages.append(lines)
    return pdf_document(pages)
