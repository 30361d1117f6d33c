"""Small builders shared by tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from store.importers.canonical_file import parse
from store.values import Meeting

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "bot" / "sample" / "coordination-meeting-2003.yaml"


def sample_meeting() -> Meeting:
    return parse(SAMPLE.read_text(encoding="utf-8"), source=str(SAMPLE)).meeting
