"""The fused-word and chunk screens' compiled kernels (``textfix.native._fused``) give what the pure ones give.

The pure kernels are the expressions the screens used before: the letter runs of
``[\\p{L}\\p{M}]+`` and the punctuation prefilter ``[.!?]\\p{Lu}\\p{Ll}|[,;]\\p{Ll}\\p{Ll}`` (both
``regex``), and ``str.split()``, less the memory; the compiled run screen reads the scanner's
letter classes instead. Each test compares the
compiled kernel, the pure one and that old expression, on generated and on real whole-page text.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.native_run import page_texts
from textfix import native
from textfix.families.fused_word.candidates import _PUNCT_CANDIDATE
from textfix.native import pure

try:
    from textfix.native import _fused
except ImportError:  # built without a C compiler: only the pure path exists
    _fused = None  # type: ignore[assignment]

needs_compiled = pytest.mark.skipif(_fused is None, reason="the compiled fused-word screen is not built")

LETTERS = regex.compile(r"[\p{L}\p{M}]+")
#: Letters, marks, join marks and white space where widths, cases and Unicode versions differ.
TRICKY = (
    "aZé ß\u0301İıǅΣς"  # Latin, a combining mark, title case, final sigma
    ".!?,;:-'’_1 \t\n\x1c\u3000\xa0\u200b"  # join marks, other marks, Python's white space and a non-space
    "漢한\u0915\u093f"  # CJK, Hangul, Devanagari with a vowel sign (a mark)
    "\U0001e030\U0001d400😀\ud800"  # astral letters (one newer than Python 3.11), emoji, a lone surrogate
)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY), max_size=60)
any_text = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)
words = st.sets(st.text(alphabet=st.sampled_from("aZé漢.,"), min_size=1, max_size=3), max_size=6)


def _old_runs(text: str, known: set[str], old: set[str]) -> tuple[list[str], list[str], bool]:
    """What the screen found before the kernel: the distinct letter runs less the memory, and the prefilter."""
    distinct = [run for run in dict.fromkeys(LETTERS.findall(text)) if run not in known]
    punctuation = _PUNCT_CANDIDATE.search(text) is not None
    return [run for run in distinct if run not in old], [run for run in distinct if run in old], punctuation


def _old_chunks(text: str, known: set[str], old: set[str]) -> tuple[list[str], list[str]]:
    distinct = [chunk for chunk in dict.fromkeys(text.split()) if chunk not in known]
    return [chunk for chunk in distinct if chunk not in old], [chunk for chunk in distinct if chunk in old]


def _unordered(found: tuple[list[str], ...]) -> tuple[object, ...]:
    return tuple(sorted(part) if isinstance(part, list) else part for part in found)


def _check(text: str, known: set[str], old: set[str]) -> None:
    classes = native.letter_classes(text)
    expected = _old_runs(text, known, old)
    # The pure kernels promise the members; the compiled ones also the order of first occurrence.
    assert _unordered(pure.fused_screen(text, known, old)) == _unordered(expected)
    assert _unordered(native.fused_screen(text, known, old)) == _unordered(expected)
    assert _unordered(pure.unseen_chunks(text, known, old)) == _unordered(_old_chunks(text, known, old))
    if _fused is not None:
        assert _fused.fused_screen(text, classes, frozenset(known), old) == expected
        assert _fused.unseen_chunks(text, known, frozenset(old)) == _old_chunks(text, known, old)


@settings(max_examples=400, deadline=None)
@given(tricky_text, words, words)
def test_screens_of_tricky_text(text: str, known: set[str], old: set[str]) -> None:
    _check(text, known, old)
    # the memory holding some of the text's own runs and chunks
    runs = LETTERS.findall(text)
    _check(text, set(runs[::2]) | known, set(runs[1::3]) | set(text.split()[::2]))


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_screens_of_any_text(text: str) -> None:
    _check(text, set(), set())
    _check(text, set(text.split()[:1]), set(LETTERS.findall(text)[:2]))


def test_screens_of_real_pages() -> None:
    known: set[str] = set()
    for text in list(page_texts().values())[:40]:
        _check(text, known, {"the", "and", "Home"})
        known.update(LETTERS.findall(text)[::3])
        known.update(text.split()[::3])


def test_the_prefilter_at_the_ends() -> None:
    for text, found in (("a.Bc", True), (".Bc", True), ("a.B", False), (",ab", True), (",aB", False), ("é;éé", True)):
        assert pure.fused_screen(text, set(), set())[2] is found, text
        if _fused is not None:
            assert _fused.fused_screen(text, native.letter_classes(text), set(), set())[2] is found, text


@needs_compiled
def test_compiled_kernels_refuse_what_they_cannot_read() -> None:
    with pytest.raises(TypeError):
        _fused.fused_screen("abc", b"\x01\x01\x01", ["a"], set())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one byte per code point"):
        _fused.fused_screen("abc", b"\x01", set(), set())
    with pytest.raises(TypeError):
        _fused.unseen_chunks(b"abc", set(), set())  # type: ignore[arg-type]
    assert native.unseen_chunks is _fused.unseen_chunks or native.FORCED_PURE
    assert native.fused_screen is not pure.fused_screen or native.FORCED_PURE
