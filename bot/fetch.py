"""Fetching agendas and documents from the web (``agendabot import URL``, ``doc add URL``).

Kept apart from the store: the store parses and saves bytes, and never opens a
connection. Only http and https, also after redirects; a size limit checked
while reading, and a timeout both between bytes and for the whole download,
so a server that drips a byte a second cannot hold the command forever.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException, HTTPMessage
from pathlib import PurePosixPath
from typing import IO
from urllib.parse import unquote, urlsplit

from store.documents import MAX_BYTES as DOCUMENT_MAX_BYTES
from store.documents import DocumentError
from store.documents import Fetched as Document

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


class NotModified(Exception):
    """A conditional GET's 304: what was fetched last is still current."""


@dataclass(frozen=True)
class Fetched:
    data: bytes
    url: str  # after redirects
    content_type: str
    disposition: str = ""  # the file name Content-Disposition gives, if any
    etag: str = ""  # validators for the next conditional GET
    last_modified: str = ""

    @property
    def filename(self) -> str:
        """The file's name: as Content-Disposition gives it, else the URL's last path segment."""
        return self.disposition or unquote(PurePosixPath(urlsplit(self.url).path).name)

    @property
    def suffix(self) -> str:
        """The file's suffix: its name's, else what its Content-Type says."""
        suffix = PurePosixPath(self.filename).suffix.lower()
        if suffix:
            return suffix
        return _SUFFIXES.get(self.content_type.split(";")[0].strip().lower(), "")


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in ("http", "https")


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(f"{req.full_url}: redirected to {newurl}, which is not http or https")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, max_bytes: int | None = None, timeout: float | None = None,
          headers: Mapping[str, str] | None = None,
          redirects: type[urllib.request.HTTPRedirectHandler] = _HttpOnly) -> Fetched:
    """GET ``url``; FetchError (one line, naming the URL) when it cannot be had whole (too
    large, too slow, or shorter than its Content-Length said), NotModified on a 304 to a
    conditional GET (``headers`` with If-None-Match / If-Modified-Since). ``redirects``
    decides where a redirect may lead (http and https only, by default)."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    timeout = TIMEOUT if timeout is None else timeout
    if not is_url(url):
        raise FetchError(f"{url}: only http:// and https:// addresses can be fetched")
    opener = urllib.request.build_opener(redirects)
    request = urllib.request.Request(url, headers={"User-Agent": "agendabot", **(headers or {})})
    too_large = f"{url}: larger than {_size(max_bytes)}; download it and check it is the right file"
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
            if length.isdigit() and received != int(length):
                raise FetchError(f"{url}: the answer was cut short ({received} of {length} bytes)")
            disposition = Message()
            disposition["Content-Disposition"] = response.headers.get("Content-Disposition", "")
            return Fetched(
                data=b"".join(chunks),
                url=response.geturl(),
                content_type=response.headers.get("Content-Type", ""),
                disposition=PurePosixPath((disposition.get_filename() or "").replace("\\", "/")).name,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            raise NotModified() from None
        raise FetchError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(f"{url}: no answer within {timeout:g} seconds") from None
        raise FetchError(f"{url}: could not fetch it ({exc.reason})") from None
    except TimeoutError:
        raise FetchError(f"{url}: no answer within {timeout:g} seconds") from None
    except (HTTPException, OSError) as exc:
        raise FetchError(f"{url}: could not fetch it ({exc})") from None


def fetch_document(url: str, *, timeout: float = TIMEOUT, max_bytes: int = DOCUMENT_MAX_BYTES) -> Document:
    """``fetch`` as store/documents.py's ``Fetcher``: its errors as DocumentError, naming the URL."""
    try:
        got = fetch(url, max_bytes=max_bytes, timeout=timeout)
    except FetchError as exc:
        raise DocumentError(str(exc).removeprefix(f"{url}: "), source=url) from None
    return Document(data=got.data, content_type=got.content_type, filename=got.disposition, url=got.url)
