"""Line numbers for a calendar's messages: icalendar keeps none, so the raw text is scanned."""

from __future__ import annotations

import re

from store.values import AgendaImportError


class Layout:
    """Where things are in the raw text, for messages with line numbers.

    icalendar keeps no line numbers, so the text is pre-scanned: unfolded
    logical lines with the physical line each starts on, BEGIN/END nesting
    checked, and the line of every VEVENT noted in order.
    """

    def __init__(self, text: str, source: str) -> None:
        # Folded pieces are collected and joined once: appending each to a growing string
        # copied it every time, quadratic in a long value (a 4 MB DESCRIPTION took seconds).
        pieces: list[tuple[int, list[str]]] = []
        # Only CR/LF end lines (str.splitlines would also split on U+2028 inside a value).
        for number, raw in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
            if raw[:1] in (" ", "\t") and pieces:
                pieces[-1][1].append(raw[1:])
            elif raw.strip():
                pieces.append((number, [raw]))
        self.lines: list[tuple[int, str]] = [(number, "".join(parts)) for number, parts in pieces]
        self.events: list[int] = []  # index into self.lines of each BEGIN:VEVENT
        stack: list[tuple[str, int]] = []
        for index, (number, line) in enumerate(self.lines):
            if index == 0 and line.strip().upper() != "BEGIN:VCALENDAR":
                raise AgendaImportError(
                    "an iCalendar file starts with BEGIN:VCALENDAR", path=source, line=number
                )
            if not re.match(r"^[A-Za-z0-9_.-]+[;:]", line):
                raise AgendaImportError(
                    f"not an iCalendar line (NAME:VALUE): {line[:60]!r}", path=source, line=number
                )
            name, _, value = line.partition(":")
            name, value = name.upper(), value.strip().upper()
            if name == "BEGIN":
                stack.append((value, number))
                if value == "VEVENT":
                    self.events.append(index)
            elif name == "END":
                if not stack or stack[-1][0] != value:
                    expected = f"END:{stack[-1][0]}" if stack else "nothing more"
                    raise AgendaImportError(
                        f"END:{value} where {expected} was expected", path=source, line=number
                    )
                stack.pop()
                if not stack and index != len(self.lines) - 1:
                    extra = self.lines[index + 1][0]
                    raise AgendaImportError("text after END:VCALENDAR", path=source, line=extra)
        if stack:
            what, number = stack[-1]
            raise AgendaImportError(
                f"BEGIN:{what} is never closed with END:{what}", path=source, line=number
            )

    def property_line(self, event_index: int, name: str) -> int | None:
        """The line of property ``name`` in the ``event_index``-th VEVENT."""
        if event_index >= len(self.events):
            return None
        start = self.events[event_index]
        depth = 0  # properties of a VALARM inside the event are not the event's
        for number, line in self.lines[start + 1 :]:
            key = re.split(r"[;:]", line, maxsplit=1)[0].upper()
            if key == "BEGIN":
                depth += 1
            elif key == "END":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and key == name.upper():
                return number
        return self.lines[start][0]

    def event_line(self, event_index: int) -> int | None:
        """The line of the ``event_index``-th BEGIN:VEVENT."""
        if event_index >= len(self.events):
            return None
        return self.lines[self.events[event_index]][0]

