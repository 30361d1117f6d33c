"""The JSON Schema (draft 2020-12) of agendabot's own agenda format.

Kept as a file, agenda.schema.json, so editors can point at it for YAML/JSON
completion; the tests validate every export and the bundled sample against it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("agenda.schema.json")


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema
