"""The scanner's compiled kernels (``textfix.native._scan``) give exactly what the pure ones give.

The pure kernels are defined by the ``regex`` expressions the families used before the scanner
(``[\\p{L}\\p{M}]+`` and ``str.find`` with a letter-or-mark guard on each side), so each test
compares three things where it can: the compiled kernel, the pure one, and the old expression.
The compiled letter table is checked against the installed ``regex`` on every code point.
"""

from __future__ import annotations

import itertools
import operator
import os
import subprocess
import sys
from collections import Counter

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.native_run import page_texts
from textfix import native
from textfix.families.spacing.rules import doubled_word_input
from textfix.native import pure, scan_tables

try:
    from textfix.native import _scan
except ImportError:  # built without a C compiler: only the pure path exists
    _scan = None  # type: ignore[assignment]

needs_compiled = pytest.mark.skipif(_scan is None, reason="the compiled scanner is not built")

#: The expression the vocabulary counted letter runs with before the scanner.
LETTERS = regex.compile(r"[\p{L}\p{M}]+")
_LETTER_OR_MARK = regex.compile(r"[\p{L}\p{M}]")

#: Letters, marks and their neighbours where Unicode versions and widths differ.
TRICKY = (
    "aZé ß\u0301\u0300\u0308İıǅΣς"  # Latin, combining marks, title case, final sigma
    "-'’.,_1٣ \t\n"  # what a word may touch
    "漢한ע\u0915\u093f"  # CJK, Hangul, Hebrew, Devanagari with a vowel sign (a mark)
    "\U0001e030\U0001e4d0\U00011f04\u1c89"  # astral and newer letters (Unicode 15-16, unknown to Python 3.11)
    "😀\U0001d400\ud800\udfff"  # emoji, mathematical bold A (a letter), lone surrogates
)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY), max_size=60)
any_text = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=60)


def _old_occurrences(text: str, word: str) -> list[int]:
    """``fused_word.vocabulary.occurrences`` with the letter-or-mark guards, as it was before the scanner."""
    out = []
    at = text.find(word)
    while at != -1:
        end = at + len(word)
        if (at == 0 or _LETTER_OR_MARK.match(text, at - 1) is None) and _LETTER_OR_MARK.match(text, end) is None:
            out.append(at)
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)
    return out


def _whole_runs(find: object, text: str, word: str) -> list[int]:
    out = []
    at = find(text, word, 0)  # type: ignore[operator]
    while at != -1:
        out.append(at)
        at = find(text, word, at + len(word))  # type: ignore[operator]
    return out


@needs_compiled
def test_the_table_is_the_installed_regex_on_every_code_point() -> None:
    every = "".join(map(chr, range(scan_tables.CODE_POINTS)))
    compiled = _scan.letter_classes(every)
    expected = bytearray(scan_tables.CODE_POINTS)
    for start, end, bits in scan_tables.class_ranges():
        expected[start : end + 1] = bytes([bits]) * (end + 1 - start)
    differ = [hex(point) for point in range(scan_tables.CODE_POINTS) if compiled[point] != expected[point]]
    assert not differ, f"the letter table is stale (python -m textfix.native.scan_tables): {differ[:10]}"
    # The table really is regex's, newer than Python's own: letters Python 3.11 does not know are letters here.
    assert compiled[0x1E4D0] & pure.LETTER and not chr(0x1E4D0).isalpha()
    assert compiled[ord("\u0301")] == pure.MARK and compiled[ord("A")] == pure.LETTER | pure.UPPER
    assert compiled[0xD800] == 0  # a lone surrogate is no letter


def test_the_compiled_scanner_runs_only_under_its_regex_version() -> None:
    if _scan is None or native.SCAN_PATH.startswith("pure Python (TEXTFIX"):
        assert native.find_whole_run is pure.find_whole_run
    elif regex.__version__ == _scan.REGEX_VERSION:
        assert native.find_whole_run is _scan.find_whole_run
        assert native.SCAN_PATH == "compiled C"
    else:
        assert native.find_whole_run is pure.find_whole_run
        assert not native.COMPILED


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.one_of(tricky_text, any_text))
def test_letter_classes_agree(text: str) -> None:
    assert _scan.letter_classes(text) == pure.letter_classes(text)


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.one_of(tricky_text, any_text))
def test_letter_run_counts_agree_with_the_old_expression(text: str) -> None:
    expected = dict(Counter(LETTERS.findall(text)))
    assert pure.letter_run_counts(text) == expected
    compiled = _scan.letter_run_counts(text)
    assert compiled == expected
    assert list(compiled) == list(expected)  # first-occurrence order too


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(tricky_text, st.data())
def test_whole_runs_agree_with_the_old_search(text: str, data: st.DataObject) -> None:
    runs = LETTERS.findall(text)
    # A letter run of the text (found), a slice of the text (any characters), or something else.
    word = data.draw(
        st.one_of(
            st.sampled_from(runs) if runs else st.just("a"),
            st.integers(0, max(0, len(text) - 1)).map(lambda at: text[at : at + 3] or "a"),
            st.text(alphabet=st.sampled_from(TRICKY), min_size=1, max_size=3),
        )
    )
    expected = _old_occurrences(text, word)
    assert _whole_runs(pure.find_whole_run, text, word) == expected
    assert _whole_runs(_scan.find_whole_run, text, word) == expected


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(tricky_text, st.text(alphabet=st.sampled_from(TRICKY), min_size=1, max_size=3), st.integers(-70, 70))
def test_find_whole_run_agrees_from_any_start(text: str, word: str, start: int) -> None:
    assert _scan.find_whole_run(text, word, start) == pure.find_whole_run(text, word, start)


@needs_compiled
def test_the_kernels_agree_on_real_text() -> None:
    texts = list(page_texts().values())
    texts.append((ROOT / "bench" / "data" / "clean-prose" / "sotu" / "1861_abraham_lincoln_r.txt").read_text("utf-8"))
    checked = 0
    for text in texts:
        counts = _scan.letter_run_counts(text)
        assert counts == pure.letter_run_counts(text)
        for word in list(counts)[:: max(1, len(counts) // 40)]:
            expected = _old_occurrences(text, word)
            assert _whole_runs(_scan.find_whole_run, text, word) == expected, word
            checked += bool(expected)
    assert checked > 100


@needs_compiled
def test_the_kernels_reject_what_they_cannot_read() -> None:
    with pytest.raises(TypeError):
        _scan.letter_run_counts(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _scan.find_whole_run("text", 3, 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        _scan.find_whole_run("text", "", 0)
    with pytest.raises(ValueError, match="empty"):
        pure.find_whole_run("text", "", 0)
    with pytest.raises(ValueError, match="length"):
        _scan.equal_word_pairs(b"ab", b"a", True)


# --- equal_word_pairs: the doubled-word rule's candidates --------------------------------------------------------


def _old_doubled_word_candidates(data: bytes, separated: bytes, ascii_only: bool) -> list[tuple[int, int]]:
    """How ``spacing.rules.DoubledWord`` found its candidates before the scanner (its own words and offsets)."""
    words = separated.split(b" ")
    same = list(map(operator.eq, words, itertools.islice(words, 1, None)))
    word_like = bytes.isalpha if ascii_only else bool
    out = []
    at = done = offset = 0
    for index in itertools.compress(itertools.count(), same):
        if not word_like(words[index]):
            continue
        step = sum(map(len, words[done:index])) + index - done
        offset += step if ascii_only else len(data[at : at + step].decode("utf-8", "surrogatepass"))
        at += step
        done = index
        out.append((offset, len(words[index])))
    return out


DOUBLED = "the The a  to,to x“x”x 1 1 é é İ\ud800\U0001f600 \t\n"


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(DOUBLED), max_size=80), any_text))
def test_equal_word_pairs_agree_with_the_old_candidates(text: str) -> None:
    data, separated, ascii_only = doubled_word_input(text)
    expected = _old_doubled_word_candidates(data, separated, ascii_only)
    assert pure.equal_word_pairs(data, separated, ascii_only) == expected
    assert _scan.equal_word_pairs(data, separated, ascii_only) == expected


@needs_compiled
def test_equal_word_pairs_agree_on_real_text() -> None:
    found = 0
    for text in page_texts().values():
        data, separated, ascii_only = doubled_word_input(text)
        expected = _old_doubled_word_candidates(data, separated, ascii_only)
        assert _scan.equal_word_pairs(data, separated, ascii_only) == expected
        found += len(expected)
    assert found > 0


def test_equal_word_pairs_give_code_point_offsets() -> None:
    text = "Café: the the “so” so so"
    data, separated, ascii_only = doubled_word_input(text)
    assert not ascii_only
    # "the the" at 6, and "so so" at 19 (the curly quotes are one code point each, three bytes).
    assert native.equal_word_pairs(data, separated, ascii_only) == [(6, 3), (19, 2)]
    assert [text[offset : offset + 3] for offset, _ in native.equal_word_pairs(data, separated, ascii_only)] == [
        "the",
        "so ",
    ]


@needs_compiled
def test_the_environment_variable_forces_the_pure_scanner() -> None:
    code = "import textfix.native as n; print(n.find_whole_run is n.pure.find_whole_run, n.equal_word_pairs.__module__)"
    env = {**os.environ, native.PURE_PYTHON_ENV: "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == ["True", "textfix.native.pure"]


@needs_compiled
def test_a_table_made_from_another_regex_falls_back_to_the_pure_scanner() -> None:
    code = (
        "import regex; regex.__version__ = '1999.1.1'\n"
        "import textfix.native as n\n"
        "print(n.COMPILED, n.find_whole_run is n.pure.find_whole_run, n.COMPILED)\n"
        "print(n.SCAN_PATH)"
    )
    env = {key: value for key, value in os.environ.items() if key != native.PURE_PYTHON_ENV}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    first, second = result.stdout.splitlines()
    # COMPILED holds until the scanner is first used (the check imports regex), then says the truth.
    assert first.split() == ["True", "True", "False"]
    assert second == f"pure Python (the scanner's table is regex {_scan.REGEX_VERSION}'s, not 1999.1.1's)"
