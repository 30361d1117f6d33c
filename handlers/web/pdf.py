"""The agenda page as an A4 PDF: the page's own HTML through its print stylesheet (WeasyPrint).

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0);
it is imported on first use, so a server without it still serves the page and feeds.

A large agenda takes WeasyPrint many seconds (a 1,000-talk conference, tens), far
longer than a request may hold a worker or Slack may wait: ``PdfMaker`` makes each
one off the request, once per key (the meeting's revision), and keeps the last few.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from handlers.web.cache import Lru

# WeasyPrint and fontTools log every font subset at INFO; nothing an operator needs.
for _name in ("weasyprint", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)

log = logging.getLogger(__name__)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # No base URL: the page links out but embeds nothing, so nothing is fetched while printing.
    return bytes(HTML(string=html).write_pdf())


class ChildProcessPdf:
    """``html_to_pdf`` in a child process, started on first use and kept for the next PDF.

    WeasyPrint is mostly pure Python: seconds of it on a thread of a web worker would hold
    that worker's GIL and slow every page and feed it answers meanwhile. The child is
    spawned, not forked (the worker runs threads: the scheduler, the pools).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def __call__(self, html: str) -> bytes:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            pool = self._pool
        try:
            return pool.submit(html_to_pdf, html).result()
        except BrokenProcessPool:
            with self._lock:  # the child died (killed, out of memory): the next PDF starts another
                if self._pool is pool:
                    self._pool = None
            raise

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


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
        if isinstance(self._make, ChildProcessPdf):
            self._make.close()
