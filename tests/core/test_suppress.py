"""Suppression directives and the TF001 report of unused ones."""

from __future__ import annotations

import pytest

from textfix import Config, Engine
from textfix.core.document import Document
from textfix.model import Applicability

ENGINE = Engine()


def _codes(text: str, path: str = "a.md", engine: Engine = ENGINE) -> list[tuple[str, str]]:
    doc = Document(text, path=path)
    return [(f.code, text[f.start : f.end]) for f in engine.check(doc)]


def test_ignore_silences_listed_rule_in_next_block_only() -> None:
    text = "Intro.\n\n<!-- textfix: ignore[BP102] -->\nSource link\n\nBody.\n\nSource link\n"
    assert _codes(text) == [("BP102", "Source link")]
    found = ENGINE.check(Document(text, path="a.md"))
    assert found[0].start == text.rindex("Source link")


def test_ignore_other_rule_does_not_silence() -> None:
    text = "Intro.\n\n<!-- textfix: ignore[BP101] -->\nSource link\n"
    assert _codes(text) == [("TF001", "<!-- textfix: ignore[BP101] -->"), ("BP102", "Source link")]


@pytest.mark.parametrize("selector", ["BP102", "BP1", "BP", "source-link", "boilerplate", "ALL", "BP101,BP102"])
def test_selector_forms(selector: str) -> None:
    text = f"Intro.\n\n<!-- textfix: ignore[{selector}] -->\nSource link\n"
    codes = _codes(text)
    assert ("BP102", "Source link") not in codes
    if selector == "BP101,BP102":
        assert [c for c, _ in codes] == ["TF001"]  # BP101 silenced nothing
    else:
        assert codes == []


def test_blank_lines_after_ignore_are_skipped() -> None:
    text = "Intro.\n\n<!-- textfix: ignore -->\n\n\nSource link\nRead more\n\nSource link\n"
    assert _codes(text) == [("BP102", "Source link")]


def test_off_on_region() -> None:
    text = "A.\n\n<!-- textfix: off -->\nSource link\n\nRead more\n<!-- textfix: on -->\n\nSource link\n"
    assert _codes(text) == [("BP102", "Source link")]


def test_off_without_on_runs_to_the_end() -> None:
    text = "A.\n\n<!-- textfix: off -->\n\nSource link\n\nRead more\n"
    assert _codes(text) == []


def test_plain_text_bare_form() -> None:
    text = "A.\n\ntextfix: ignore[BP102]\nSource link\n\ntextfix: off\nRead more\ntextfix: on\n\nSource link\n"
    assert _codes(text, "a.txt") == [("BP102", "Source link")]
    # In Markdown the bare form is prose, not a directive.
    assert [c for c, _ in _codes(text, "a.md")] == ["BP102", "BP103", "BP102"]


def test_comment_form_works_in_plain_text() -> None:
    text = "A.\n\n<!-- textfix: ignore[BP102] -->\nSource link\n"
    assert _codes(text, "a.txt") == []


def test_directives_inside_code_blocks_are_text() -> None:
    text = "A.\n\n```\n<!-- textfix: off -->\n```\n\nSource link\n"
    assert _codes(text) == [("BP102", "Source link")]


def test_spacing_variants_of_the_comment() -> None:
    text = "A.\n\n  <!--textfix:ignore[ BP102 , BP101 ]-->  \nSource link\nPlease enter your comment!\n"
    assert _codes(text) == []


def test_unused_reports() -> None:
    text = (
        "A.\n\n<!-- textfix: ignore -->\nClean.\n\n"
        "<!-- textfix: on -->\n\n"
        "<!-- textfix: off -->\nClean.\n<!-- textfix: off -->\n<!-- textfix: on -->\n\n"
        "<!-- textfix: ignore[BP1O1,fused-word] -->\nClean.\n"
    )
    found = ENGINE.check(Document(text, path="a.md"))
    messages = [f.message for f in found]
    assert all(f.code == "TF001" for f in found)
    assert messages == [
        "unused suppression: 'ignore' silences no finding",
        "unused suppression: 'on' without an open 'off'",
        "unused suppression: 'off' silences no finding",
        "unused suppression: 'off' inside an 'off' region",
        "unused suppression (unused: fused-word; unknown rule: BP1O1)",
    ]


def test_unused_selector_of_a_rule_that_did_not_run_is_not_reported() -> None:
    engine = Engine(Config(select=("BP102", "TF001")))
    text = "A.\n\n<!-- textfix: ignore[BP101] -->\nClean.\n"
    assert _codes(text, engine=engine) == []
    assert _codes(text) == [("TF001", "<!-- textfix: ignore[BP101] -->")]


def test_tf001_can_be_ignored() -> None:
    engine = Engine(Config(ignore=("TF001",)))
    assert _codes("A.\n\n<!-- textfix: on -->\n", engine=engine) == []


def test_unused_fixes_are_unsafe_and_converge() -> None:
    text = "A.\n\n<!-- textfix: off -->\nClean.\n<!-- textfix: on -->\n\nB.\n"
    result = ENGINE.fix(Document(text, path="a.md"))
    assert result.text == text  # unsafe: not applied by default
    assert [f.fix.applicability for f in result.remaining if f.fix] == [Applicability.UNSAFE]
    result = ENGINE.fix(Document(text, path="a.md"), unsafe=True)
    assert result.text == "A.\n\nClean.\n\nB.\n"
    assert ENGINE.check(Document(result.text, path="a.md")) == []


def test_partly_unused_ignore_keeps_the_used_names() -> None:
    text = "A.\n\n<!-- textfix: ignore[BP101,BP102] -->\nSource link\n"
    result = ENGINE.fix(Document(text, path="a.md"), unsafe=True)
    assert result.text == "A.\n\n<!-- textfix: ignore[BP102] -->\nSource link\n"
    assert result.remaining == ()


def test_suppressed_findings_are_not_fixed() -> None:
    text = "A.\n\n<!-- textfix: off -->\nSource link\n<!-- textfix: on -->\n"
    assert ENGINE.fix(Document(text, path="a.md")).text == text
