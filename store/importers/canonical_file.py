"""agendabot's own format in YAML or JSON (see store/canonical.py and the README)."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from store.canonical import from_dict
from store.values import AgendaImportError, ImportResult

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

# Bounds for a file anyone may upload. Time goes with the number of values
# (about 30,000 a second when the machine is busy), not with characters: a
# meeting of 3,000 talks has some 30,000 values, and an export may carry the
# stored text of its documents (up to 1,000,000 characters each) as single
# values. These bounds leave room for both and none for a bomb. YAML aliases
# are refused outright: our exports never write them, and expanding them is
# how a 700-byte file becomes gigabytes.
MAX_CHARS = 20_000_000
MAX_DEPTH = 32
MAX_NODES = 150_000
MAX_NUMBER_CHARS = 40  # a longer plain scalar read as a number is a CPU bomb (YAML 1:2:3:...)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: same results, 5x faster
_NUMBERISH = re.compile(r"[-+]?[0-9][0-9_:.,]*(?:[eE][-+]?[0-9]+)?")


def sniff(text: str, suffix: str) -> bool:
    if suffix in (".yaml", ".yml", ".json"):
        return True
    # Pasted text has no file name: know our YAML by its first key, after any comment lines.
    head = re.sub(r"\A(?:\s*#[^\n]*\n)*", "", text.lstrip())[:400]
    return head.startswith("{") and '"agendabot"' in head or bool(re.match(r"agendabot:\s*\d", head))


def _refuse(message: str, source: str, line: int | None) -> AgendaImportError:
    return AgendaImportError(message, path=source, line=line)


def _check_yaml(text: str, source: str) -> None:
    """Refuse aliases, anchors, deep nesting, too many nodes and giant numbers, before
    anything is built: only the event stream is read here, which takes constant memory."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            raise _refuse(
                f"YAML aliases (*{event.anchor}) are not accepted; write the value out in full",
                source, line,
            )
        if isinstance(event, yaml.NodeEvent) and event.anchor:
            raise _refuse(
                f"YAML anchors (&{event.anchor}) are not accepted; write the value out in full",
                source, line,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _refuse(f"nested more than {MAX_DEPTH} levels deep", source, line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _refuse(f"more than {MAX_NODES:,} values; this is not an agenda", source, line)
        if (
            isinstance(event, yaml.ScalarEvent)
            and event.implicit[0]
            and len(event.value) > MAX_NUMBER_CHARS
            and _NUMBERISH.fullmatch(event.value)
        ):
            raise _refuse(
                f"a number {len(event.value):,} characters long; quote it if it is text",
                source, line,
            )


def _check_depth(data: Any, source: str) -> None:
    """JSON's own parser stops at Python's recursion limit; ours is lower, and checked
    without recursion."""
    stack = [(data, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise _refuse(f"more than {MAX_NODES:,} values; this is not an agenda", source, None)
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise _refuse(f"nested more than {MAX_DEPTH} levels deep", source, None)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)


def _load(text: str, source: str) -> Any:
    """The data of a YAML or JSON text, within the bounds above; AgendaImportError otherwise."""
    if len(text) > MAX_CHARS:
        raise _refuse(
            f"{len(text):,} characters is too long for an agenda file (at most {MAX_CHARS:,})",
            source, None,
        )
    as_json = text.lstrip().startswith("{")
    try:
        if as_json:
            data = json.loads(text)
            _check_depth(data, source)
            return data
        _check_yaml(text, source)
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, checked above
    except json.JSONDecodeError as exc:
        raise _refuse(f"not valid JSON: {exc.msg}", source, exc.lineno) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise _refuse(f"not valid YAML: {problem}", source, mark.line + 1 if mark else None) from None
    except RecursionError:
        raise _refuse(f"nested more than {MAX_DEPTH} levels deep", source, None) from None
    except (ValueError, OverflowError) as exc:
        # Python refuses integers of more than 4,300 digits, and dates like 2024-02-30.
        kind = "JSON" if as_json else "YAML"
        reason = " ".join(str(exc).split(";")[0].split())[:120]  # not Python's advice to programmers
        raise _refuse(f"not valid {kind}: {reason}", source, None) from None


def _line_of(text: str, where: str) -> int | None:
    """The line of ``days[0].sessions[1].start`` in a YAML/JSON text, for error messages."""
    try:
        node = yaml.compose(text, Loader=_LOADER)  # text already passed _load's bounds
    except (yaml.YAMLError, ValueError, RecursionError):
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
    data = _load(text, source)
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
    from store.extract import MAX_TEXT_CHARS  # here: store.extract imports this package

    for index, document in enumerate(meeting.documents):
        if len(document.body) > MAX_TEXT_CHARS:
            raise _refuse(
                f"documents[{index}].body: {len(document.body):,} characters; a document keeps "
                f"at most {MAX_TEXT_CHARS:,} (add long ones with `agendabot doc add`, which cuts them)",
                source, _line_of(text, f"documents[{index}].body"),
            )
    return ImportResult(meeting, (), "canonical")
