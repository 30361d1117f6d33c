"""agendabot's own format in YAML or JSON (see store/canonical.py and the README)."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from store.canonical import from_dict
from store.values import AgendaImportError, ImportResult

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def sniff(text: str, suffix: str) -> bool:
    if suffix in (".yaml", ".yml", ".json"):
        return True
    # Pasted text has no file name: know our YAML by its first key, after any comment lines.
    head = re.sub(r"\A(?:\s*#[^\n]*\n)*", "", text.lstrip())[:400]
    return head.startswith("{") and '"agendabot"' in head or bool(re.match(r"agendabot:\s*\d", head))


def _line_of(text: str, where: str) -> int | None:
    """The line of ``days[0].sessions[1].start`` in a YAML/JSON text, for error messages."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node else None
    for name, index in _PATH_PART.findall(where):
        if node is None:
            break
        if index and isinstance(node, yaml.SequenceNode):
            position = int(index)
            node = node.value[position] if position < len(node.value) else None
        elif name and isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if getattr(k, "value", None) == name]
            if not found:
                break
            node = found[0]
        else:
            break
        if node is not None:
            line = node.start_mark.line + 1
    return line


def parse(text: str, *, source: str = "<input>", tz: str | None = None, slug: str | None = None) -> ImportResult:
    try:
        data: Any = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise AgendaImportError(f"not valid JSON: {exc.msg}", path=source, line=exc.lineno) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise AgendaImportError(f"not valid YAML: {problem}", path=source, line=mark.line + 1 if mark else None) from None
    if isinstance(data, dict):
        meeting_part = data.get("meeting")
        if isinstance(meeting_part, dict):
            if slug:
                meeting_part["slug"] = slug
            if tz:
                meeting_part["timezone"] = tz
    try:
        meeting = from_dict(data, source=source)
    except AgendaImportError as exc:
        where = exc.message.split(":", 1)[0]
        raise AgendaImportError(exc.message, path=source, line=_line_of(text, where)) from None
    return ImportResult(meeting, (), "canonical")
