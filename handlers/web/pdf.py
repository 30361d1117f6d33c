"""The agenda page as an A4 PDF: the page's own HTML through its print stylesheet (WeasyPrint).

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0);
it is imported on first use, so a server without it still serves the page and feeds.

A large agenda takes WeasyPrint many seconds (a 1,000-talk conference, tens), far
longer than a request may hold a worker or Slack may wait: ``PdfMaker`` makes each
one off the request, once per key (the meeting's revision), and keeps the last few.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor

from handlers.web.cache import Lru

# WeasyPrint and fontTools log every font subset at INFO; nothing an operator needs.
for _name in ("weasyprint", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)

log = logging.getLogger(__name__)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # No base URL: the page links out but embeds nothing, so nothing is fetched while printing.
    return bytes(HTML(string=html).write_pdf())


class PdfMaker:
    """Makes PDFs in the background, one at a time (WeasyPrint is CPU-bound), each key once.

    ``request`` returns a future: done at once when the PDF is kept, else when it is
    made; asking again for a key being made joins the same future. Built by the
    composition root and shared by the web page and ``/agenda pdf``.
    """

    def __init__(self, make: Callable[[str], bytes] = html_to_pdf, *, keep: int = 8) -> None:
        self._make = make
        self._done: Lru[bytes] = Lru(keep)
        self._pending: dict[Hashable, Future[bytes]] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf")

    def request(self, key: Hashable, html: Callable[[], str]) -> Future[bytes]:
        """The PDF of ``html()`` under ``key`` (everything the HTML depends on)."""
        with self._lock:
            pending = self._pending.get(key)
            if pending is None:
                found = self._done.get(key)  # put there before its job leaves ``_pending``
                if found is not None:
                    pending = Future()
                    pending.set_result(found)
                else:
                    pending = self._pool.submit(self._run, key, html)
                    self._pending[key] = pending
            return pending

    def _run(self, key: Hashable, html: Callable[[], str]) -> bytes:
        try:
            data = self._make(html())
            self._done.put(key, data)
            return data
        except Exception:
            log.exception("could not make a PDF")
            raise
        finally:
            with self._lock:
                self._pending.pop(key, None)

    def close(self) -> None:
        """Stop: a PDF being made is finished, those waiting are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)
