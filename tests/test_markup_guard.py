"""The core says values; Slack markup and `/agenda …` hints are written by handlers/render/ only.

A sentence in bot/ or store/ that names a person or points to a command is a ``Words``
(bot/words.py) of a ``Person``, a ``Hint`` or a ``Command``; each transport renders them.
This test reads the string literals of bot/ and store/ (docstrings aside, comments are not
literals) and fails on a mention (``<@U…>``), an /agenda command, code type (backticks) or
mrkdwn emphasis (``*bold*``, ``_italic_``).
"""

from __future__ import annotations

import ast
import re

from tests.helpers import ROOT

_MARKUP = re.compile(
    r"<@"  # a Slack mention
    r"|/agenda\b"  # a slash-command hint
    r"|`[^`\n]+`"  # mrkdwn code type (a lone backtick is a character being read)
    r"|(?<![\w*)\]])\*[A-Za-z][^*\n]{0,80}\*(?![\w*])"  # *bold*
    r"|(?<![\w)\]])_[A-Za-z][^_\n]{0,80}_(?!\w)"  # _italic_
)

TRANSPORTS = {
    "bot/console.py": "the terminal transport: it renders the values as plain text",
    "bot/cli.py": "the command-line transport: its own plain text",
    "bot/cli_agenda.py": "the command-line transport",
    "bot/cli_common.py": "the command-line transport",
    "bot/cli_documents.py": "the command-line transport",
    "bot/app.py": "the composition root's errors for the operator (`serve --http`)",
    "bot/metrics.py": "metric help for operators (/agenda sync)",
    "bot/vocabulary.py": "reads Slack mentions (a pattern, not a reply)",
    "bot/rapporteur/markdown.py": "writes the report draft as a Markdown file, a format like the exporters'",
}
# Left to do: each writes a hint into text a value cannot carry yet.
NOT_YET = {
    # The outbox row (store/outbox.py) holds the channel's finished text, which the console
    # also prints; a hint as a value needs a column for it (a migration).
    "bot/organizers/announce.py": "'…and N more changes: ask `/agenda history`.'",
    "bot/rapporteur/publish.py": "'… or `/agenda docs`.' in the report's announcement",
    # store/ may not import bot/words.py; the error names a CLI command, `agendabot doc add`.
    "store/importers/canonical_file.py": "an import error's hint",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _literals(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def _offenders() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for package in ("bot", "store"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name in TRANSPORTS or name in NOT_YET or name.startswith("store/migrations/"):
                continue
            lines = [f"{n}: {text!r}" for n, text in _literals(path.read_text(encoding="utf-8")) if _MARKUP.search(text)]
            if lines:
                found[name] = lines
    return found


def test_the_core_writes_no_slack_markup_and_no_command_hints() -> None:
    assert _offenders() == {}


def test_the_files_left_to_do_still_need_their_exemption() -> None:
    # When one is fixed, it leaves the list, so the guard covers it from then on.
    still = {
        name for name in NOT_YET
        if any(_MARKUP.search(text) for _, text in _literals((ROOT / name).read_text(encoding="utf-8")))
    }
    assert still == set(NOT_YET)


def test_the_guard_sees_each_kind_of_markup() -> None:
    for text in ("Rapporteur: <@U123>", "ask `/agenda history`", "use /agenda sync URL", "*Agenda*", "_moved_"):
        assert _MARKUP.search(text), text
    for text in ("Ask me about it", "snake_case_name", "`", "15:00–18:00", "(?:hey|hi)*remind me", "2 * 3 * 4"):
        assert not _MARKUP.search(text), text


def test_docstrings_may_show_commands() -> None:
    source = 'def f() -> str:\n    """Answers `/agenda history`."""\n    return "a `/agenda` hint"\n'
    assert [text for _, text in _literals(source)] == ["a `/agenda` hint"]
