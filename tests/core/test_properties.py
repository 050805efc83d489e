"""Properties that hold on arbitrary Unicode text, for every default rule."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED
from textfix import Config, Engine

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
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), FRAGMENTS), max_size=30).map("".join)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
