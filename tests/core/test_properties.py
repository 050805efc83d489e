"""Properties that hold on arbitrary Unicode text, for every default rule.

The standing campaign of issue 16 runs here in CI with a bounded budget
(``TEXTFIX_HYPOTHESIS_EXAMPLES`` examples per property, 150 by default; a long local run:
``TEXTFIX_HYPOTHESIS_EXAMPLES=5000 python -m pytest tests/test_properties.py``). The
atheris target in ``bench/fuzz.py`` checks the same properties, coverage-guided.
"""

from __future__ import annotations

import contextlib
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED
from textfix import Config, Engine
from textfix.core.applier import touches
from textfix.core.document import Document
from textfix.errors import ConvergenceError
from textfix.model import Finding

ENGINE = Engine()
UNSAFE = Engine(Config(unsafe_fixes=True))

# Arbitrary code points, plus fragments that make rules fire, mixed in.
FRAGMENTS = st.sampled_from(
    [
        "\n",
        "\n\n",
        "Source link",
        "related news",
        "Please enter your comment!",
        "“",
        "”",
        "‘",
        "’",
        " ,",
        "  ",
        "Putinalthough",
        "UkraineIf",
        "Bukha.In",
        "Boucha",
        "Bucha",
        "donâ€™t",
        "&amp;",
        "\u200b",
        "\u00ad",
        "http://example.com/a_b",
        "the the",
        ",,",
        "\r\n",
        "```\n",
        "`",
        "cafÃ© ",
        "\x91",
        "$",
        "\x1f",
        "[link](http://example.com/a_b) ",
        "www.",
        "?A",
        "textfix: ignore[BP101]\n",
        "<!-- textfix: off -->\n",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), FRAGMENTS), max_size=30).map("".join)
EXAMPLES = int(os.environ.get("TEXTFIX_HYPOTHESIS_EXAMPLES", "150"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Any ``str``, lone surrogates included.
ANY_STR = st.text(alphabet=st.characters(blacklist_categories=()), max_size=200)


@PROPERTY
@given(TEXT)
def test_check_never_raises_and_offsets_slice_the_text(text: str) -> None:
    for finding in ENGINE.check(text):
        assert 0 <= finding.start <= finding.end <= len(text)
        if finding.fix is not None:
            for edit in finding.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text)


@PROPERTY
@given(TEXT)
def test_fix_is_idempotent(text: str) -> None:
    for engine in (ENGINE, UNSAFE):
        once = engine.fix(text).text
        assert engine.fix(once).text == once


@PROPERTY
@given(TEXT)
def test_markdown_documents_too(text: str) -> None:
    doc = ENGINE.document(text, "x.md")
    ENGINE.check(doc)
    once = ENGINE.fix(doc).text
    assert ENGINE.fix(ENGINE.document(once, "x.md")).text == once


def test_seed_fix_is_idempotent() -> None:
    text = SEED.read_text(encoding="utf-8")
    for engine in (ENGINE, UNSAFE):
        once = engine.fix(text).text
        assert engine.fix(once).text == once


def _protected_survive(before: Document, after: str) -> bool:
    pos = 0
    for start, end in before.non_prose:
        found = after.find(before.text[start:end], pos)
        if found == -1:
            return False
        pos = found + (end - start)
    return True


@PROPERTY
@given(st.one_of(TEXT, ANY_STR), st.sampled_from(["x.txt", "x.md"]))
def test_no_exception_on_any_str(text: str, path: str) -> None:
    for engine in (ENGINE, UNSAFE):
        doc = ENGINE.document(text, path)
        engine.check(doc)
        with contextlib.suppress(ConvergenceError):  # a named, deliberate error; anything else fails
            engine.fix(doc)


@PROPERTY
@given(TEXT, st.sampled_from(["x.txt", "x.md"]))
def test_protected_spans_untouched(text: str, path: str) -> None:
    for engine in (ENGINE, UNSAFE):
        doc = engine.document(text, path)
        for finding in engine.check(doc):
            for edit in finding.fix.edits if finding.fix else ():
                assert not touches(doc.non_prose, edit) or finding.code == "TF001"
        fixed = engine.fix(doc).text
        if "textfix:" not in text:  # TF001 removes unused directive comments (protected in Markdown)
            assert _protected_survive(doc, fixed)


def _outside(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The characters of ``text[start:end]`` that no span covers."""
    keep = [True] * (end - start)
    for a, b in spans:
        for i in range(max(a, start), min(b, end)):
            keep[i - start] = False
    return "".join(ch for ch, k in zip(text[start:end], keep, strict=True) if k)


@PROPERTY
@given(TEXT, st.sampled_from(["x.txt", "x.md"]))
def test_edits_within_reported_spans(text: str, path: str) -> None:
    """An edit changes only what its findings report, plus white space around (a removed line's blank run)."""
    doc = UNSAFE.document(text, path)
    by_fix: dict[int, list[Finding]] = {}
    for finding in UNSAFE.check(doc):
        if finding.fix is not None:
            by_fix.setdefault(id(finding.fix), []).append(finding)
    for findings in by_fix.values():
        spans = [(f.start, f.end) for f in findings]
        low, high = min(a for a, _ in spans), max(b for _, b in spans)
        fix = findings[0].fix
        assert fix is not None
        for edit in fix.edits:
            assert not _outside(text, spans, edit.start, edit.end).strip(), (findings[0].code, edit, spans)
            if edit.start < low:
                assert not text[edit.start : low].strip()
            if edit.end > high:
                assert not text[high : edit.end].strip()
            if edit.start == edit.end:  # an insertion: at a reported span or the white space next to it
                assert not text[min(edit.start, low) : low].strip() and not text[high : max(edit.end, high)].strip()
