"""``agendabot import URL`` against a local web server: http and https, limits, failures."""

from __future__ import annotations

import http.server
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import fetch
from bot.cli import main
from bot.config import Settings
from store.exporters import export_meeting
from tests.conftest import FIXTURES
from tests.helpers import sample_meeting

ICS = export_meeting(sample_meeting(), "ics").encode()
SCHEDULE = (FIXTURES / "schedules" / "pretalx-schedule.json").read_bytes()
RELEASE = threading.Event()  # holds the slow answer until the test is over


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, body: bytes, content_type: str, status: int = 200, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path == "/meeting.ics":
            self._send(ICS, "text/calendar")
        elif self.path == "/export?event=7":  # no suffix: the Content-Type says what it is
            self._send(SCHEDULE, "application/json; charset=utf-8")
        elif self.path == "/moved":
            self._send(b"", "text/plain", 302, Location="/meeting.ics")
        elif self.path == "/elsewhere":
            self._send(b"", "text/plain", 302, Location="ftp://127.0.0.1/agenda.txt")
        elif self.path == "/huge":
            self._send(b"x" * 5000, "text/plain")
        elif self.path == "/slow":
            RELEASE.wait(10)
            self._send(ICS, "text/calendar")
        else:
            self._send(b"no such page", "text/plain", 404)


def _serve(server: http.server.HTTPServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"{server.server_address[0]}:{server.server_address[1]}"
    RELEASE.set()
    server.shutdown()
    server.server_close()
    thread.join(5)
    RELEASE.clear()


@pytest.fixture
def web() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    yield from (f"http://{host}" for host in _serve(server))


@pytest.fixture
def secure_web(tmp_path: Path, monkeypatch) -> Iterator[str]:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust this server's certificate, as a client would its CA
    yield from (f"https://{host}" for host in _serve(server))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


def run(settings: Settings, capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), settings=settings)
    out, err = capsys.readouterr()
    return status, out, err


def test_an_agenda_is_imported_from_an_http_url(web, settings, capsys):
    status, out, _ = run(settings, capsys, "import", f"{web}/meeting.ics")
    assert status == 0
    assert "coordination-meeting-2003" in out and "format ics" in out and "Saved as revision 1." in out


def test_an_agenda_is_imported_from_an_https_url(secure_web, settings, capsys):
    status, out, _ = run(settings, capsys, "import", f"{secure_web}/meeting.ics")
    assert status == 0 and "format ics" in out


def test_the_content_type_names_the_format_when_the_url_does_not(web, settings, capsys):
    status, out, _ = run(settings, capsys, "import", f"{web}/export?event=7")
    assert status == 0
    assert "devconf-2024" in out and "format pretalx" in out


def test_a_redirect_is_followed_but_only_to_http(web, settings, capsys):
    assert run(settings, capsys, "import", f"{web}/moved")[0] == 0
    status, _, err = run(settings, capsys, "import", f"{web}/elsewhere")
    assert status == 2 and "not http or https" in err


@pytest.mark.parametrize(
    ("path", "complaint"),
    [("/nowhere", "the server answered HTTP 404 Not Found"), ("/huge", "larger than 0 MB")],
)
def test_a_failed_fetch_is_one_line_and_stores_nothing(web, settings, capsys, monkeypatch, path, complaint):
    monkeypatch.setattr(fetch, "MAX_BYTES", 1000)
    status, out, err = run(settings, capsys, "import", f"{web}{path}")
    assert status == 2
    assert complaint in err and len(err.strip().splitlines()) == 1
    assert run(settings, capsys, "meetings")[1].startswith("No meetings yet")


def test_a_server_that_does_not_answer_times_out(web):
    with pytest.raises(fetch.FetchError, match="no answer within 0.3 seconds"):
        fetch.fetch(f"{web}/slow", timeout=0.3)


def test_other_schemes_are_not_fetched():
    assert not fetch.is_url("ftp://example.org/agenda.txt")
    with pytest.raises(fetch.FetchError, match="only http:// and https://"):
        fetch.fetch("file:///etc/passwd")
