"""Placeholder: being written."""

from __future__ import annotations

from store.values import ImportResult


def sniff(text: str, suffix: str) -> bool:
    return False


def parse(text: str, *, source: str = "<input>", tz: str | None = None, slug: str | None = None) -> ImportResult:
    raise NotImplementedError
