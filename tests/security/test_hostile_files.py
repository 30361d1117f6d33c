"""Hostile files: each is refused quickly, in bounded memory, with its reason, and changes nothing.

Every file goes through the real command (``agendabot import`` or ``agendabot doc
add``) in a child process whose address space is capped (RLIMIT_AS) and whose run
is timed, so a bomb that gets past the parsers' bounds fails the test by running
out of memory or time instead of taking the test run down with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, select

from bot.cli import main as cli_main
from bot.config import Settings
from store import extract
from store.agenda import load_meeting
from store.db import make_engine, make_sessionmaker
from store.extract import MAX_TEXT_CHARS, extract_text
from tests.helpers import ROOT, SAMPLE
from tests.test_extract import make_docx, make_pdf

MEMORY_LIMIT = 512 * 2**20
TIME_LIMIT = 60.0  # seconds for the whole child process, imports included
QUICK = 20.0  # what a refusal may take at most on a busy test machine

# The child caps its own address space, then runs the command line as an operator would.
_CHILD = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from bot.cli import main
sys.exit(main(sys.argv[2:]))
"""


def agendabot(database_url: str, *argv: str) -> tuple[int, str, float]:
    """Status, stderr and seconds taken by ``agendabot ARGV`` in a memory-capped child."""
    env = {**os.environ, "AGENDABOT_DATABASE_URL": database_url}
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", _CHILD, str(MEMORY_LIMIT), *argv],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIME_LIMIT, check=False,
    )
    return done.returncode, done.stderr, time.monotonic() - started


def snapshot(database_url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to show that a refusal changed nothing."""
    engine = create_engine(database_url)
    try:
        tables = MetaData()
        tables.reflect(engine)
        with engine.connect() as conn:
            return {
                name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
                for name, table in tables.tables.items()
            }
    finally:
        engine.dispose()


@pytest.fixture
def stored(database_url: str) -> str:
    """A database holding the sample meeting, as hostile files would find it."""
    assert cli_main(["import", str(SAMPLE)], settings=Settings(database_url=database_url)) == 0
    return database_url


def refused(stored: str, path: Path, *argv: str) -> str:
    """Import ``path`` (or run ARGV on it), check it was refused cleanly; the message."""
    before = snapshot(stored)
    status, err, seconds = agendabot(stored, *(argv or ("import",)), str(path))
    assert status == 2, err[-2000:]
    assert "Traceback" not in err
    assert seconds < QUICK
    assert snapshot(stored) == before
    return err


# --- YAML and JSON (issue 12, items 3 and 15) ------------------------------------------

BILLION_LAUGHS = """agendabot: &v0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]
meeting: {slug: bomb, title: Bomb, timezone: UTC, start_date: 2024-06-03}
a: &v1 [*v0, *v0, *v0, *v0, *v0, *v0, *v0, *v0, *v0]
b: &v2 [*v1, *v1, *v1, *v1, *v1, *v1, *v1, *v1, *v1]
c: &v3 [*v2, *v2, *v2, *v2, *v2, *v2, *v2, *v2, *v2]
d: &v4 [*v3, *v3, *v3, *v3, *v3, *v3, *v3, *v3, *v3]
e: &v5 [*v4, *v4, *v4, *v4, *v4, *v4, *v4, *v4, *v4]
f: &v6 [*v5, *v5, *v5, *v5, *v5, *v5, *v5, *v5, *v5]
g: &v7 [*v6, *v6, *v6, *v6, *v6, *v6, *v6, *v6, *v6]
days:
  - date: 2024-06-03
    sessions:
      - title: Morning
        items: [{title: Opening, sub_points: [*v7]}]
"""


def test_a_yaml_alias_bomb_is_refused_before_anything_expands(stored: str, tmp_path: Path) -> None:
    assert len(BILLION_LAUGHS.encode()) < 700
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    err = refused(stored, path)
    assert f"{path}:1: YAML anchors (&v0) are not accepted" in err


def test_a_yaml_alias_is_refused_even_when_harmless(stored: str, tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("{number: I,", "&first {number: I,", 1)
    text += "extra: *first\n"
    path = tmp_path / "alias.yaml"
    path.write_text(text, encoding="utf-8")
    assert "YAML anchors (&first) are not accepted" in refused(stored, path)


def test_a_hundred_thousand_brackets_in_yaml_are_refused_not_a_recursion_error(
    stored: str, tmp_path: Path
) -> None:
    path = tmp_path / "brackets.yaml"
    path.write_text("agendabot: 1\nmeeting: " + "[" * 100_000, encoding="utf-8")
    err = refused(stored, path)
    assert f"{path}:2:" in err and "nest" in err


def test_deep_yaml_mappings_are_refused_at_their_line(stored: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("agendabot: 1\nmeeting: " + "{a: " * 40 + "1" + "}" * 40 + "\n", encoding="utf-8")
    assert f"{path}:2: nested more than 32 levels deep" in refused(stored, path)


def test_deeply_nested_json_is_refused_not_a_recursion_error(stored: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"agendabot": 1, "meeting": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "nested more than 32 levels deep" in refused(stored, path)


def test_a_json_number_of_a_hundred_thousand_digits_is_refused(stored: str, tmp_path: Path) -> None:
    path = tmp_path / "number.json"
    path.write_text('{"agendabot": ' + "9" * 100_000 + "}")
    assert "not valid JSON" in refused(stored, path)


def test_a_yaml_sexagesimal_number_bomb_is_refused(stored: str, tmp_path: Path) -> None:
    # YAML 1.1 reads 1:0:0:... as a base-60 integer: 100,000 parts cost minutes of big-number work.
    text = SAMPLE.read_text(encoding="utf-8").replace('start: "10:00"', "start: " + ":".join(["1"] * 100_000), 1)
    path = tmp_path / "sexagesimal.yaml"
    path.write_text(text, encoding="utf-8")
    assert "a number 199,999 characters long; quote it if it is text" in refused(stored, path)


def test_a_yaml_file_of_too_many_values_is_refused_while_it_is_read(stored: str, tmp_path: Path) -> None:
    path = tmp_path / "values.yaml"
    path.write_text("agendabot: 1\nx: [" + "1, " * 200_000 + "]\n", encoding="utf-8")
    assert f"{path}:2: more than 150,000 values; this is not an agenda" in refused(stored, path)


def test_a_json_file_of_too_many_values_is_refused(stored: str, tmp_path: Path) -> None:
    path = tmp_path / "values.json"
    path.write_text('{"agendabot": 1, "x": [' + "1, " * 200_000 + "1]}")
    assert "more than 150,000 values; this is not an agenda" in refused(stored, path)


def test_an_oversized_agenda_file_is_refused_by_its_size(stored: str, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text('{"agendabot": 1, "padding": "' + "x" * 20_000_001 + '"}')
    assert "too long for an agenda file (at most 20,000,000)" in refused(stored, path)


def test_a_document_body_past_the_text_cap_is_refused_in_an_agenda_file(stored: str, tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "documents:\n", f"documents:\n  - title: Padding\n    body: {'word ' * (MAX_TEXT_CHARS // 4)}\n", 1
    )
    path = tmp_path / "body.yaml"
    path.write_text(text, encoding="utf-8")
    assert "body.yaml:76: documents[0].body: 1,249,999 characters" in refused(stored, path)


# --- DOCX and PDF (issue 12, item 9) -------------------------------------------------


def docx_bomb(path: Path, unpacked: int) -> Path:
    """A .docx whose document.xml unpacks to ``unpacked`` bytes of one repeated letter."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>"
    )
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    template = zipfile.ZipFile(BytesIO(make_docx(["Agenda"])))
    chunk = b"A" * 2**20
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in template.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, template.read(info))
        with out.open("word/document.xml", "w") as member:
            member.write(head)
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
            member.write(tail)
    return path


def test_a_docx_zip_bomb_is_refused_from_its_directory(stored: str, tmp_path: Path) -> None:
    bomb = docx_bomb(tmp_path / "bomb.docx", 1_500 * 2**20)  # 1.5 GB in about 1.5 MB
    assert bomb.stat().st_size < 3 * 2**20
    err = refused(stored, bomb, "doc", "add", "--meeting", "coordination-meeting-2003")
    assert "bomb.docx: the document unpacks to 1,501 MB (at most 100 MB is read)" in err


def test_a_highly_compressed_docx_part_is_refused(tmp_path: Path) -> None:
    small_bomb = docx_bomb(tmp_path / "small.docx", 8 * 2**20).read_bytes()  # under every size cap
    with pytest.raises(extract.DocumentError, match=r"word/document.xml is compressed .* to 1"):
        extract_text(small_bomb, filename="small.docx")


def test_a_zip_listing_thousands_of_members_is_refused_before_it_is_listed() -> None:
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        for number in range(extract.MAX_ZIP_MEMBERS + 1):
            out.writestr(f"{number}", b"")
        out.writestr("word/document.xml", b"")
    with pytest.raises(extract.DocumentError, match="a ZIP of 5,002 files"):
        extract_text(archive.getvalue(), filename="many.docx")


def test_a_long_docx_is_stored_cut_at_the_text_cap_and_says_so(
    stored: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 1.2 million characters of varied text: ordinary compression, only its length is too much.
    paragraphs = [f"Paragraph {n}: delegates {n * 7919 % 10007} discussed item {n % 97}." for n in range(25_000)]
    path = tmp_path / "long.docx"
    path.write_bytes(make_docx(paragraphs))
    status = cli_main(["doc", "add", "--meeting", "coordination-meeting-2003", str(path)], settings=Settings(database_url=stored))
    out = capsys.readouterr().out
    assert status == 0
    assert "only its first 1,000,000 characters (to page 1) were stored and can be searched" in out
    engine = make_engine(stored)
    with make_sessionmaker(engine)() as db:
        meeting = load_meeting(db, "coordination-meeting-2003", with_bodies=True)
    engine.dispose()
    [document] = [d for d in meeting.documents if d.body.startswith("Paragraph 0:")]
    assert len(document.body) <= MAX_TEXT_CHARS
    assert document.body.endswith(".")  # cut at a line, not inside one


def test_an_html_page_of_unclosed_tags_is_read_in_linear_time(stored: str, tmp_path: Path) -> None:
    # Python's HTMLParser rescans the rest of the page for every unclosed start tag:
    # these 60 KB took minutes. Read as text now, and stored like any page.
    path = tmp_path / "tags.html"
    path.write_bytes(b"<html><body><p>Annex</p>" + b'<a b="' * 10_000)
    status, err, seconds = agendabot(stored, "doc", "add", "--meeting", "coordination-meeting-2003", str(path))
    assert status == 0, err[-2000:]
    assert seconds < QUICK


def test_pdf_pages_past_the_page_cap_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_PDF_PAGES", 3)
    found = extract_text(make_pdf([f"Page {n}" for n in range(1, 6)]), filename="long.pdf")
    assert found.pages == ["Page 1", "Page 2", "Page 3"]
    assert found.truncated


def test_extracted_text_is_cut_at_a_line_within_the_cap() -> None:
    text = "\n".join(f"line {n:07d}" for n in range(200_000)).encode()  # 2.6 M characters
    found = extract_text(text, filename="long.txt")
    assert found.truncated and len(found.text) <= MAX_TEXT_CHARS
    lines = found.text.split("\n")
    assert lines[-1] == f"line {len(lines) - 1:07d}"  # whole lines only
