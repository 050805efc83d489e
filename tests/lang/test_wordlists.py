"""The word lists under ``src/textfix/lang/data``: sorted, unique, clean, as codespell keeps its dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from textfix.lang.wordlists import available, word_list

DATA = ROOT / "src" / "textfix" / "lang" / "data"
FILES = sorted(DATA.glob("*/*.txt"))


def test_every_shipped_list_is_found() -> None:
    assert len(available()) == len(FILES) >= 10
    assert ("en", "function-words") in available()


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_list_is_sorted_unique_lower_case_and_commented(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# "), "the first line says what the list is for"
    words = [line for line in lines if not line.startswith("#")]
    assert words, "an empty list"
    assert words == sorted(words), "not sorted"
    assert len(words) == len(set(words)), "duplicates"
    for word in words:
        assert word == word.strip() and word, f"blank or padded line {word!r}"
        assert word == word.lower(), f"{word!r} is not lower case"
    assert word_list(path.parent.name, path.stem) == frozenset(words)


def test_the_rules_read_their_tables_from_the_files() -> None:
    from textfix.families.grammar import rules as grammar
    from textfix.families.spacing import rules as spacing

    assert "however" in grammar.OTHER_FUNCTION_WORDS
    assert word_list("en", "auxiliaries") == grammar.AUXILIARIES
    assert "had" in spacing.LEGITIMATELY_DOUBLED
    assert spacing.looks_french(spacing_doc("Les enfants sont dans la maison avec nous, mais pas vous."))
    assert not spacing.looks_french(
        spacing_doc("The children are in the house with us, which is where they have been.")
    )


def spacing_doc(text: str):  # type: ignore[no-untyped-def]
    from textfix import Document

    return Document(text)
