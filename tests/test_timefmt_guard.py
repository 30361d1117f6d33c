"""Every user-facing time and day is written by bot/timefmt.py, so changing how times read
("3:00 p.m.") is one change. Exporters and importers write and read machine formats."""

from __future__ import annotations

import re

from tests.helpers import ROOT

# strftime(...) calls, and format specs in f-strings and format(): "{d:%a %d %b}".
_PATTERN = re.compile(r"strftime\s*\(|\{[^{}\n]*:[^{}\n]*%[a-zA-Z][^{}\n]*\}|format\([^)\n]*[\"']%[a-zA-Z]")

ALLOWED = {
    "bot/timefmt.py": "the one place",
    "store/canonical.py": "our agenda format (YAML/JSON): a machine format, as exporters write",
    "store/ics_lines.py": "iCalendar property values (RFC 5545 DATE and DATE-TIME): a machine format",
    # The store may not import the core, and a revision's summary is the preview's words
    # (store/agenda.py writes it); they move to bot/ once save_meeting takes its summary
    # from the caller.
    "store/diff/preview.py": "store/ cannot import bot/",
}
ALLOWED_DIRS = ("store/importers/", "store/exporters/", "store/migrations/")


def _offenders() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for package in ("bot", "handlers", "store"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name in ALLOWED or name.startswith(ALLOWED_DIRS):
                continue
            lines = [
                f"{number}: {line.strip()}"
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if _PATTERN.search(line)
            ]
            if lines:
                found[name] = lines
    return found


def test_no_module_formats_times_itself() -> None:
    assert _offenders() == {}


def test_the_guard_sees_each_way_of_formatting() -> None:
    for line in ('x = d.strftime("%H:%M")', 'x = f"{d:%a %d %b}"', 'x = format(d, "%H")'):
        assert _PATTERN.search(line), line
    for line in ('x = f"{n:>3}"', 'log.info("%s", x)', 'x = f"{rate:.1%}"'):
        assert not _PATTERN.search(line), line
