"""HTML pages: their visible text, block by block, and their <title>."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from store.extract.base import decode_text

_BLOCKS = frozenset(
    """
    address article aside blockquote br caption dd details div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hr li main ol p pre section summary
    table tbody thead tfoot tr ul
    """.split()
)
# Navigation, scripts and styles are text a browser shows (or runs) around a
# document, not part of it.
_SKIPPED = frozenset({"script", "style", "nav", "noscript", "template", "svg", "iframe"})
_CELLS = frozenset({"td", "th"})
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_CONTENT_CHARSET = re.compile(r"charset\s*=\s*\"?([\w.:-]+)", re.IGNORECASE)
# Browsers read these labels as Windows-1252 (WHATWG Encoding), and so do the
# pages that declare them.
_AS_CP1252 = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1"}


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.title = ""
        self._line: list[str] = []
        self._skipping = 0
        self._in_title = False
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self._pre += 1
        elif tag in _CELLS and "".join(self._line).strip():
            self._line.append(" | ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:  # <br/>, <hr/>; a self-closed <nav/> holds nothing to skip
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._in_title:
            self.title += data
        elif self._pre:
            self._line.append(data)
        else:
            # Runs of whitespace shrink to one space, but stay: "<b>Hello</b> world".
            self._line.append(re.sub(r"\s+", " ", data))

    def _flush(self) -> None:
        text = "".join(self._line)
        self._line = []
        if self._pre:
            self.lines.extend(line.rstrip() for line in text.strip("\n").split("\n"))
        elif text.strip():
            self.lines.append(" ".join(text.split()))

    def close(self) -> None:
        super().close()
        self._flush()


# A "<" that no ">" closes before the next "<". Python's HTMLParser (before
# 3.11.13) rescans everything after such a start tag, once per tag: 30 KB of
# "<a b" took 100 s. Written as "&lt;" it is the text it would have shown.
# The scan from each "<" stops at the next "<" or ">", so this is linear.
_UNCLOSED_TAG = re.compile(r"<(?![^<>]*>)")


def html_pages(data: bytes, content_type: str) -> tuple[list[str], str]:
    parser = _HTMLText()
    parser.feed(_UNCLOSED_TAG.sub("&lt;", _decode_html(data, content_type)))
    parser.close()
    return ["\n".join(parser.lines)], " ".join(parser.title.split())


def _decode_html(data: bytes, content_type: str) -> str:
    declared = _CONTENT_CHARSET.search(content_type)
    label = declared.group(1) if declared else ""
    if not label:
        meta = _CHARSET.search(data[:4096])
        label = meta.group(1).decode("ascii", "ignore") if meta else ""
    label = label.lower()
    if label in _AS_CP1252:
        label = "cp1252"
    if label and not data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode(label, errors="replace")
        except LookupError:
            pass  # a charset Python does not know: guess as for a file without one
    return decode_text(data)
