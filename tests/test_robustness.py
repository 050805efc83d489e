"""Issue 16 regressions: no silent corruption, no quadratic pattern, no code run from a repository's config.

Each test is named after the item of the issue it pins down, with the issue's exact input.
"""

from __future__ import annotations

import textfix
from textfix import Config, Engine
from textfix.applier import apply_fixes, touches
from textfix.document import Document
from textfix.kinds.encoding import changed_regions
from textfix.model import Applicability, Category, Edit, Finding, Fix

UNSAFE = Engine(Config(unsafe_fixes=True))


# --- silent corruption in safe fixes ---------------------------------------------------------------


def test_en101_mojibake_next_to_a_url_adds_no_text() -> None:
    text = "http://example.com/cafÃ© cafÃ© café cafÃ©.\n"
    assert textfix.fix(text) == "http://example.com/cafÃ© café café café.\n"


def test_en101_mojibake_next_to_markdown_code_adds_no_code_span() -> None:
    text = "donâ€™t `cafÃ©` cafÃ© `café` cafÃ©.\n"
    assert textfix.fix(text, path="x.md") == "don’t `cafÃ©` café `café` café.\n"


def test_en101_c1_control_after_markdown_math_converges() -> None:
    # It raised ConvergenceError: ftfy saw the math span and the prose after it as one line.
    assert textfix.fix("$\x91$\x91", path="x.md") == "$\x91$‘"


def test_en101_repair_is_applied_whole_or_not_at_all() -> None:
    text = "The cafÃ© donâ€™t close"
    findings = Engine(Config(select=("EN101",))).check(text)
    assert len(findings) == 2
    assert findings[0].fix == findings[1].fix  # one repair, one fix
    blocker = Finding("XX999", "blocker", Category.SPACING, 6, 8, "blocks", Fix.safe(Edit(6, 8, "x")))
    allowed = frozenset({Applicability.SAFE})
    fixed, applied = apply_fixes(text, [blocker, *findings], allowed)
    assert fixed == "The cax© donâ€™t close"  # the blocker wins; EN101 applies nothing, not half
    assert [a.finding.code for a in applied] == ["XX999"]
    fixed, applied = apply_fixes(text, findings, allowed)
    assert fixed == "The café don’t close"
    assert [(a.before, a.after) for a in applied] == [("Ã©", "é"), ("â€™", "’")]


def test_en101_regions_are_linear_and_exact() -> None:
    before = "naïve cafÃ© " * 20_000 + "donâ€™t"
    after = "naïve café " * 20_000 + "don’t"
    regions = changed_regions(before, after)
    assert len(regions) == 20_001
    rebuilt, pos = [], 0
    for start, end, replacement in regions:
        rebuilt += [before[pos:start], replacement]
        pos = end
    assert "".join([*rebuilt, before[pos:]]) == after
    # A terminal escape (ASCII removed) falls back to an exact diff.
    assert changed_regions("\x1b[31mred\x1b[0m cafÃ©", "red café") == [(0, 5, ""), (8, 12, ""), (16, 18, "é")]


def test_en103_control_character_in_a_url_stays_after_an_earlier_round() -> None:
    # Deleting the first \x1f made 'http://' lose its word boundary; the next round saw no URL.
    text = "0\x1fhttp://example.com/a_b,c\x1f"
    assert UNSAFE.fix(text).text == text
    assert UNSAFE.fix("a \x1f b http://example.com/a_b,c\x1f").text == "a b http://example.com/a_b,c\x1f"


def test_applier_refuses_edits_touching_protected_spans() -> None:
    doc = Document("see http://example.com/x now")
    assert doc.non_prose == ((4, 24),)
    inside = Finding("XX999", "x", Category.SPACING, 10, 11, "m", Fix.safe(Edit(10, 11, "")))
    fixed, applied = apply_fixes(doc.text, [inside], frozenset({Applicability.SAFE}), doc.non_prose)
    assert (fixed, applied) == (doc.text, [])
    assert touches(doc.non_prose, Edit(4, 4, "")) is False  # an insertion at the edge is outside
    assert touches(doc.non_prose, Edit(3, 5, "")) is True
