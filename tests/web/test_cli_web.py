"""The command line's share: ``export --format pdf``, ``publish``, ``import URL --sync``."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bot.cli import main
from bot.config import Settings
from store import models
from store.db import make_engine, make_sessionmaker
from tests.helpers import SAMPLE

SLUG = "coordination-meeting-2003"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings.from_env({"AGENDABOT_DATABASE_URL": database_url})


def run(settings: Settings, capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), settings=settings)
    out, err = capsys.readouterr()
    return status, out, err


def test_export_pdf_writes_the_agenda_page(settings, capsys, tmp_path: Path):
    assert run(settings, capsys, "import", str(SAMPLE))[0] == 0
    target = tmp_path / "agenda.pdf"
    status, out, _ = run(settings, capsys, "export", "--format", "pdf", "--output", str(target))
    assert status == 0 and str(target) in out
    text = "".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert "Second Coordination Meeting" in text and "Afternoon session" in text


def test_publish_switches_between_slug_and_secret_links(settings, capsys):
    run(settings, capsys, "import", str(SAMPLE))
    status, out, _ = run(settings, capsys, "publish")
    assert status == 0 and "private" in out and f"/m/{SLUG}\n" not in out
    secret = out.split("page ")[1].split()[0]
    status, out, _ = run(settings, capsys, "publish", "newlink")
    assert status == 0 and secret not in out and "/m/" in out
    status, out, _ = run(settings, capsys, "publish", "on")
    assert status == 0 and "public" in out and f"/m/{SLUG}.ics" in out


def test_import_url_with_sync_follows_it_as_trusted(settings, capsys):
    body = SAMPLE.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/yaml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/agenda.yaml"
    try:
        status, out, _ = run(settings, capsys, "import", url, "--sync", "10m")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 0 and f"Following {url} every 10m" in out
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as db:
            source = db.scalar(select(models.ScheduleSource))
            assert source is not None and source.url == url and source.trusted and source.interval_seconds == 600
    finally:
        engine.dispose()


def test_sync_needs_a_url_and_a_sane_interval_and_imports_nothing_otherwise(settings, capsys):
    status, _, err = run(settings, capsys, "import", str(SAMPLE), "--sync", "10m")
    assert status == 2 and "--sync follows a URL" in err
    status, _, err = run(settings, capsys, "import", "http://127.0.0.1:9/x.yaml", "--sync", "5s")
    assert status == 2 and "at most once a minute" in err
    status, out, _ = run(settings, capsys, "agenda")
    assert status != 0
