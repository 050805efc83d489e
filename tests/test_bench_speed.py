"""The speed benchmark's inputs: sized corpora and padded page text (bench/speed_corpora.py, bench/speed_linear.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bench import speed_corpora, speed_linear

from textfix import Engine

PAGE = (
    "Home  News  Sport\n"
    "\n"
    "The minister said , on Tuesday, that the talks would go on.\n"
    "Share this article: Facebook Twitter\n"
)


def _longest_run(text: str) -> int:
    return max((len(m.group()) for m in re.finditer(r"[ \t\u00a0]+", text)), default=0)


def test_padding_keeps_every_word_in_order_and_lengthens_the_runs() -> None:
    padded = {factor: speed_linear.pad(PAGE, factor) for factor in speed_linear.FACTORS}
    for text in padded.values():
        assert text.split() == PAGE.split()
        assert text.count("\n") == PAGE.count("\n")
    runs = [_longest_run(padded[f]) for f in speed_linear.FACTORS]
    assert runs == sorted(runs) and runs[-1] >= 8 * runs[0]


def test_padded_text_holds_the_runs_a_quadratic_pattern_is_slow_on() -> None:
    # `' +[,.;:!?]'` is quadratic in a run of plain spaces that no mark follows: the padding must make them.
    text = speed_linear.pad(PAGE * 20, 16)
    plain = [len(m.group()) for m in re.finditer(r" +(?![,.;:!?])", text)]
    assert max(plain) >= 32


def test_padding_leaves_what_the_rules_find_in_the_words_alone() -> None:
    # The space before the comma is found on the plain page and on the padded one.
    engine = Engine()
    codes = {f.code for f in engine.check(PAGE)}
    assert "SP101" in codes
    assert "SP101" in {f.code for f in engine.check(speed_linear.pad(PAGE, 4))}


def test_a_sized_corpus_cycles_the_files_in_copy_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speed_corpora, "CACHE", tmp_path)
    base = speed_corpora.base("prose")
    base_mb = speed_corpora.size_mb(base)
    largest = max(p.stat().st_size for p in speed_corpora.files(base)) / 1e6
    small = speed_corpora.sized("prose", 0.5)
    assert 0.5 <= speed_corpora.size_mb(small) < 0.5 + largest
    assert [p.name for p in small.iterdir() if p.is_dir()] == ["copy00"]
    big = speed_corpora.sized("prose", base_mb + 1)
    assert sorted(p.name for p in big.iterdir() if p.is_dir()) == ["copy00", "copy01"]
    first = speed_corpora.files(big / "copy00")
    assert len(first) == len(speed_corpora.files(base))  # every file once before any repeats
    assert speed_corpora.size_mb(big) >= base_mb + 1
    # Built once: a second call finds the marker and returns the same folder as it was.
    assert speed_corpora.sized("prose", 0.5) == small
