"""The document scanner answers the families' questions about letter runs as the text says."""

from __future__ import annotations

from collections import Counter

import regex

from tests.conftest import ROOT
from textfix.core.document import Document
from textfix.core.scan import SCAN, Scan
from textfix.families.fused_word.vocabulary import PROSE_WORDS

PROSE = ROOT / "bench" / "data" / "clean-prose" / "sotu" / "1861_abraham_lincoln_r.txt"


def test_whole_runs_are_whole_words_of_letters_and_marks() -> None:
    text = "Theme: the other the, théâtre the\u0301 naïve the-end 2the"
    scan = Scan(text)
    # "Theme", "other", "théâtre" hold "the" inside a longer run; "the\u0301" carries a mark;
    # a hyphen or a digit is no letter.
    assert list(scan.whole_runs("the")) == [7, 17, 41, 50]
    assert list(scan.whole_runs("the", 8)) == [17, 41, 50]
    assert list(scan.whole_runs("naïve")) == [35]
    assert list(scan.whole_runs("absent")) == []


def test_run_counts_are_every_letter_run_of_a_real_text() -> None:
    text = PROSE.read_text("utf-8")
    counts = Scan(text).run_counts()
    assert counts == Counter(regex.findall(r"[\p{L}\p{M}]+", text))
    assert counts["the"] > 100
    assert counts["Union"] >= 10


def test_one_scan_per_document_shared_by_the_vocabulary() -> None:
    text = "Opelka served. Opelka won, then Opelkasaid nothing. `Opelka` in code."
    doc = Document(text, path="a.md")
    assert SCAN(doc) is SCAN(doc)
    words = PROSE_WORDS(doc)
    # Prose only: the code span does not count, and the fused token is not the word.
    assert words.count("Opelka", 5) == 2
    assert words.uses("Opelkasaid")
    assert not words.uses("saidnothing")
