"""Reading a document's URL for ``agendabot doc add``: the network side of store/documents.py,
which only ever gets the bytes through the ``Fetcher`` it is given.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from email.message import Message
from http.client import HTTPException
from pathlib import PurePosixPath

from store.documents import MAX_BYTES, DocumentError, Fetched

DEFAULT_TIMEOUT = 30.0  # seconds to connect, and between bytes received


def fetch_url(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET ``url``: at most ``max_bytes``, giving up after ``timeout`` seconds of silence."""
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": "agendabot (meeting documents)",
            "Accept": "application/pdf, application/vnd.openxmlformats-officedocument"
            ".wordprocessingml.document, text/html;q=0.9, text/plain;q=0.8, */*;q=0.5",
        },
    )
    too_large = f"larger than {max_bytes:,} bytes; download it and check it is the document"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise DocumentError(too_large, source=url)
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read(min(1 << 16, max_bytes + 1 - received)):
                chunks.append(chunk)
                received += len(chunk)
                if received > max_bytes:
                    raise DocumentError(too_large, source=url)
            disposition = Message()
            disposition["Content-Disposition"] = response.headers.get("Content-Disposition", "")
            filename = PurePosixPath((disposition.get_filename() or "").replace("\\", "/")).name
            return Fetched(
                data=b"".join(chunks),
                content_type=response.headers.get("Content-Type", ""),
                filename=filename,
                url=response.geturl(),
            )
    except urllib.error.HTTPError as exc:
        raise DocumentError(
            f"the server answered HTTP {exc.code} {exc.reason}", source=url
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise DocumentError(f"no answer within {timeout:g} seconds", source=url) from None
        raise DocumentError(f"could not fetch it ({exc.reason})", source=url) from None
    except TimeoutError:
        raise DocumentError(f"no answer within {timeout:g} seconds", source=url) from None
    except (HTTPException, OSError) as exc:
        raise DocumentError(f"could not fetch it ({exc})", source=url) from None
