"""The agenda page as an A4 PDF: the page's own HTML through its print stylesheet (WeasyPrint).

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0);
it is imported on first use, so a server without it still serves the page and feeds.
"""

from __future__ import annotations

import logging

# WeasyPrint and fontTools log every font subset at INFO; nothing an operator needs.
for _name in ("weasyprint", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # No base URL: the page links out but embeds nothing, so nothing is fetched while printing.
    return bytes(HTML(string=html).write_pdf())
