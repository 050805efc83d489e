"""TF001 (unused-suppression) on the seed article: a directive is judged by what it silences."""

from __future__ import annotations

from tests.conftest import SEED
from textfix import Config, Engine
from textfix.model import Applicability

DIRECTIVE = "<!-- textfix: ignore[BP102] -->\n"
#: The seed with a directive above its ``Source link`` line, read as Markdown.
SEED_TEXT = SEED.read_text(encoding="utf-8")
GUARDED = SEED_TEXT.replace("Source link\n", DIRECTIVE + "Source link\n", 1)
ENGINE = Engine(Config(select=("boilerplate", "suppression")))


def _findings(text: str) -> list[tuple[str, str]]:
    return [(f.code, text[f.start : f.end]) for f in ENGINE.check(ENGINE.document(text, "seed.md"))]


def test_a_directive_that_silences_a_finding_is_not_reported() -> None:
    found = _findings(GUARDED)
    assert ("BP102", "Source link") not in found
    assert not [f for f in found if f[0] == "TF001"]
    assert ("BP101", "Please enter your comment!") in found  # only BP102 is silenced


def test_the_same_directive_is_stale_once_the_line_is_gone() -> None:
    stale = GUARDED.replace(DIRECTIVE + "Source link\n", DIRECTIVE + "\n", 1)
    found = ENGINE.check(ENGINE.document(stale, "seed.md"))
    unused = [f for f in found if f.code == "TF001"]
    assert [stale[f.start : f.end] for f in unused] == [DIRECTIVE.strip()]
    assert unused[0].fix is not None and unused[0].fix.applicability is Applicability.UNSAFE
    fixed = ENGINE.fix(ENGINE.document(stale, "seed.md"), unsafe=True).text
    without = stale.replace(DIRECTIVE, "", 1)
    assert fixed == ENGINE.fix(ENGINE.document(without, "seed.md"), unsafe=True).text  # only the line goes


def test_a_directive_for_a_rule_that_did_not_run_is_left_alone() -> None:
    engine = Engine(Config(select=("suppression",)))
    found = engine.check(engine.document(GUARDED, "seed.md"))
    assert found == []
