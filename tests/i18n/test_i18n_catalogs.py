"""The gettext catalogs: complete in French and Spanish, in step with the code, shipped compiled."""

from __future__ import annotations

import fnmatch
import gettext
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n import DOMAIN, LOCALE_DIR, translator
from tests.helpers import ROOT

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
TRANSLATED = ("fr", "es")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _po(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_has_its_translation(language: str) -> None:
    catalog = _catalog(_po(language), language)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy or not all(m.string))]
    assert missing == [], f"{language}: untranslated or fuzzy (pybabel update, then translate): {missing}"
    assert _ids(catalog) == _ids(_catalog(TEMPLATE)), f"{language}.po is not in step with the .pot (pybabel update)"


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_translation_keeps_the_placeholders(language: str) -> None:
    for message in _catalog(_po(language), language):
        if message.id and isinstance(message.id, str) and isinstance(message.string, str):
            assert sorted(_PLACEHOLDER.findall(message.id)) == sorted(_PLACEHOLDER.findall(message.string)), message.id


def test_the_template_is_in_step_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    assert _ids(_catalog(fresh)) == _ids(_catalog(TEMPLATE)), "messages changed: run the extract/update/compile of README"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_says_what_the_po_says(language: str) -> None:
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for message in _catalog(_po(language), language):
        if message.id and isinstance(message.id, str):
            said = compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
            assert said == message.string, f"stale .mo (pybabel compile): {message.id}"


def test_the_compiled_catalogs_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["bot.i18n"]
    package = resources.files("bot.i18n")
    for language in TRANSLATED:
        relative = f"locale/{language}/LC_MESSAGES/{DOMAIN}.mo"
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative
        assert package.joinpath(relative).is_file()
        assert translator(language).language == language  # gettext found and read it
