"""Fetching an agenda from the web for ``agendabot import URL``.

Kept apart from the store: the store parses and saves bytes, and never opens a
connection. Only http and https, also after redirects; a size limit checked
while reading, and a timeout both between bytes and for the whole download,
so a server that drips a byte a second cannot hold the command forever.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

MAX_BYTES = 20 * 1024 * 1024  # a conference's schedule.json is a few MB; a long PDF 10
TIMEOUT = 30.0  # seconds: to connect, between bytes, and for the whole download

# What a server's Content-Type says a file is, as the importers' suffixes.
_SUFFIXES = {
    "text/calendar": ".ics",
    "application/json": ".json",
    "application/pdf": ".pdf",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/yaml": ".yaml",
    "application/x-yaml": ".yaml",
    "text/yaml": ".yaml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
}


class FetchError(Exception):
    """The URL could not be fetched: one line saying why."""


@dataclass(frozen=True)
class Fetched:
    data: bytes
    url: str  # after redirects
    content_type: str
    filename: str  # from Content-Disposition, else the URL's last path segment

    @property
    def suffix(self) -> str:
        """The file's suffix: its name's, else what its Content-Type says."""
        suffix = PurePosixPath(self.filename).suffix.lower()
        if suffix:
            return suffix
        return _SUFFIXES.get(self.content_type.split(";")[0].strip().lower(), "")


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in ("http", "https")


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(f"{req.full_url}: redirected to {newurl}, which is not http or https")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, max_bytes: int | None = None, timeout: float | None = None) -> Fetched:
    """GET ``url``; FetchError (one line, naming the URL) when it cannot be had whole."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    timeout = TIMEOUT if timeout is None else timeout
    if not is_url(url):
        raise FetchError(f"{url}: only http:// and https:// addresses can be fetched")
    opener = urllib.request.build_opener(_HttpOnly)
    request = urllib.request.Request(url, headers={"User-Agent": "agendabot (agenda import)"})
    too_large = f"{url}: larger than {max_bytes // (1024 * 1024)} MB; is it the agenda?"
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(too_large)
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read(min(1 << 16, max_bytes + 1 - received)):
                chunks.append(chunk)
                received += len(chunk)
                if received > max_bytes:
                    raise FetchError(too_large)
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: the download took longer than {timeout:g} seconds")
            disposition = Message()
            disposition["Content-Disposition"] = response.headers.get("Content-Disposition", "")
            final = response.geturl()
            name = disposition.get_filename() or unquote(PurePosixPath(urlsplit(final).path).name)
            return Fetched(
                data=b"".join(chunks),
                url=final,
                content_type=response.headers.get("Content-Type", ""),
                filename=PurePosixPath(name.replace("\\", "/")).name,
            )
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(f"{url}: no answer within {timeout:g} seconds") from None
        raise FetchError(f"{url}: could not fetch it ({exc.reason})") from None
    except TimeoutError:
        raise FetchError(f"{url}: no answer within {timeout:g} seconds") from None
    except (HTTPException, OSError) as exc:
        raise FetchError(f"{url}: could not fetch it ({exc})") from None
