"""One data-driven harness over ``fixtures/``.

``fixtures/<category>/<case>.txt`` (or ``.md``, checked as Markdown) is an input;
``<case>.expected.txt`` (``.expected.md``) is the text
after ``textfix fix`` with only that category's rules, ``<case>.unsafe.txt`` the text
after ``--unsafe-fixes``. A case without an expected file is clean text that must come
out unchanged. ``fixtures/examples/`` runs every default rule. For every case,
fixing is idempotent and leaves no applicable fix behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from textfix import Config, Engine
from textfix.model import Category

CATEGORIES = {c.value for c in Category}


def _cases() -> list[Path]:
    return sorted(
        p
        for p in (*FIXTURES.rglob("*.txt"), *FIXTURES.rglob("*.md"))
        if not p.name.endswith((".expected.txt", ".unsafe.txt", ".expected.md", ".unsafe.md"))
        and p.parent.name in (CATEGORIES | {"examples"})
    )


_ENGINES: dict[str, Engine] = {}


def _engine(folder: str) -> Engine:
    if folder not in _ENGINES:
        config = Config() if folder == "examples" else Config(select=(folder,))
        _ENGINES[folder] = Engine(config)
    return _ENGINES[folder]


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(case: Path) -> None:
    engine = _engine(case.parent.name)
    given = case.read_text(encoding="utf-8")
    for kind, unsafe in ((".expected", False), (".unsafe", True)):
        expected_file = case.with_name(case.stem + kind + case.suffix)
        if unsafe and not expected_file.exists():
            continue
        expected = expected_file.read_text(encoding="utf-8") if expected_file.exists() else given
        result = engine.fix(engine.document(given, str(case)), unsafe=unsafe)
        assert result.text == expected
        again = engine.fix(engine.document(result.text, str(case)), unsafe=unsafe)
        assert again.text == result.text, "fix is not idempotent"
        assert not again.applied


def test_every_category_with_rules_has_fixtures() -> None:
    engine = Engine()
    folders = {p.parent.name for p in _cases()}
    for category in {rule.category.value for rule in engine.available}:
        assert category in folders, f"no fixtures for {category}"
