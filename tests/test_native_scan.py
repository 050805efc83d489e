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


def test_the_table_is_the_letter_classes_of_the_installed_regex_on_every_code_point() -> None:
    every = scan_tables.every_code_point()
    assert len(every) == scan_tables.CODE_POINTS and every[0x1E4D0] == "\U0001e4d0" and every[0xD800] == "\ud800"
    in_use = native.letter_classes(every)  # compiled or pure, whichever runs, under whatever regex is installed
    expected = bytearray(scan_tables.CODE_POINTS)
    classes = ((r"\p{L}", pure.LETTER), (r"\p{M}", pure.MARK), (r"\p{Lu}", pure.UPPER), (r"\p{Ll}", pure.LOWER))
    for pattern, bits in classes:
        for match in regex.finditer(pattern, every):  # one code point at a time: no assumption about runs
            expected[match.start()] |= bits
    differ = [hex(point) for point in range(scan_tables.CODE_POINTS) if in_use[point] != expected[point]]
    assert not differ, f"the letter table is not the installed regex's: {differ[:10]}"
    assert in_use[ord("\u0301")] == pure.MARK and in_use[ord("A")] == pure.LETTER | pure.UPPER
    assert in_use[0xD800] == 0  # a lone surrogate is no letter
    # The ranges written into _scan.c describe the same table.
    rebuilt = bytearray(scan_tables.CODE_POINTS)
    for start, end, bits in scan_tables.class_ranges():
        rebuilt[start : end + 1] = bytes([bits]) * (end + 1 - start)
    assert rebuilt == expected


def test_the_compiled_scanner_runs_under_any_regex_version() -> None:
    if _scan is None or native.FORCED_PURE:
        assert native.find_whole_run is pure.find_whole_run
        return
    assert native.find_whole_run is _scan.find_whole_run
    assert native.letter_classes is _scan.letter_classes and native.COMPILED
    if regex.__version__ == _scan.REGEX_VERSION:
        assert native.SCAN_PATH == "compiled C"
    else:
        assert native.SCAN_PATH.startswith(f"compiled C, with the letter table of regex {regex.__version__}")


@needs_compiled
def test_the_built_in_table_is_the_regex_it_names() -> None:
    """Under the regex version ``_scan.c`` names, the built-in table is that regex's (else it is replaced)."""
    if regex.__version__ != _scan.REGEX_VERSION:
        pytest.skip(f"regex {regex.__version__} is installed; the built-in table is regex {_scan.REGEX_VERSION}'s")
    every = scan_tables.every_code_point()
    assert _scan.letter_classes(every) == scan_tables.class_table()


@needs_compiled
@pytest.mark.parametrize(
    ("table", "error"),
    [
        (b"\x00" * 10, "wants 1114112 bytes"),
        (b"\x00" * (scan_tables.CODE_POINTS - 1) + b"\x10", "holds 16, not class bits"),
    ],
    ids=["too-short", "not-class-bits"],
)
def test_a_table_that_is_not_one_byte_of_class_bits_per_code_point_is_refused(table: bytes, error: str) -> None:
    before = _scan.letter_classes("aB\u0301")
    with pytest.raises(ValueError, match=error):
        _scan.use_classes(table)
    assert _scan.letter_classes("aB\u0301") == before  # the table in use is untouched
    with pytest.raises(TypeError):
        _scan.use_classes("not a buffer")  # type: ignore[arg-type]


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
def test_under_another_regex_the_installed_regex_table_replaces_the_built_in_one() -> None:
    code = (
        "import regex; regex.__version__ = '1999.1.1'\n"
        "import textfix.native as n\n"
        "from textfix.native import _scan, scan_tables\n"
        "print(n.find_whole_run is _scan.find_whole_run, n.COMPILED)\n"
        "print(n.letter_classes(scan_tables.every_code_point()) == scan_tables.class_table())\n"
        "table = bytearray(scan_tables.class_table()); table[ord('x')] = 0; _scan.use_classes(bytes(table))\n"
        "print(list(n.letter_classes('xy')))\n"
        "print(n.SCAN_PATH)"
    )
    env = {key: value for key, value in os.environ.items() if key != native.PURE_PYTHON_ENV}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    kernels, same, replaced, path = result.stdout.splitlines()
    assert kernels.split() == ["True", "True"]
    assert same == "True"
    assert replaced == f"[0, {pure.LETTER | pure.LOWER}]"  # the kernels read the table handed to them
    assert path == (
        f"compiled C, with the letter table of regex 1999.1.1 built at first use"
        f" (the built-in one is regex {_scan.REGEX_VERSION}'s)"
    )
