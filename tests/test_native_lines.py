"""The compiled shape row of BP401 (``textfix.native._lines``) gives exactly what the pure one gives.

``pure.line_row`` defines the row (regular expressions of the standard library's ``re``);
``_lines.c`` reproduces each search as an existence test. Compared on generated lines
(hypothesis: pieces of dates, times, links and sentence ends among characters whose
classes are easy to get wrong, and any Unicode text) and on every line of real text.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fixture_cases import cases
from tests.native_run import page_texts
from textfix import native
from textfix.families.boilerplate import line_features
from textfix.families.boilerplate.line_features import LEXICAL_MAX_WORDS, SAMPLE_CHARS, SHORT_WORDS
from textfix.families.boilerplate.line_model import load_model
from textfix.native import pure

try:
    from textfix.native import _lines
except ImportError:  # built without a C compiler: only the pure path exists
    _lines = None  # type: ignore[assignment]

needs_compiled = pytest.mark.skipif(_lines is None, reason="the compiled kernel is not built")

ARGS = (SAMPLE_CHARS, SHORT_WORDS, LEXICAL_MAX_WORDS)

#: Characters where re's classes (\w, \d, \s, \b, [^\W\d_], IGNORECASE) and str methods are easy to get wrong.
TRICKY = (
    "aZ09_ \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000"
    "|»«·›‹/>•–—:-.,;!?'\"()[]@©…。！？”’」』"
    "ßİıſKǅΣσςﬁŉẞ"  # case folding changes length; the long s and the Kelvin sign under IGNORECASE
    "ⒶⅫ½²٣०߀\u0301\u200b"  # numerals that are not \d, decimals that are not ASCII, marks, invisibles
    "漢字한국어😀"
)
#: Pieces of lines the date, time, year, link and sentence-end searches look for (and near misses).
PIECES = (
    "12.03.2024", "1/2/99", "1-2-12345", "2024-01-02", "2024-01-0", "3 March 2021", "3. März 1999", "12Jan 2020",
    "Jan. 5, 1999", "Sept 30 2001", "Mittwoch 1 2019", "12:30", "9.45", "123:45", "1:234", "1999", "2031",
    "19999", "२०२४", "०१:३०", "www.x", "WWW.", "https://a", "HTTPſ://", "http:/", "a@b.de", "@b.c", "a@ b.c",
    "x@y..z", "x.COM", ".coma", "page.html", "p.HTM", ".de", ".dE_", "end.", "end!", "«Done.»", "(c)", "©",
    "Copyright", "COPYRIGHT", "copyrigh", "Home", "|", "»", "word", "42", " ", "  ", "\t", ".", ":", "/", "-",
    "_", "5_", "x" * 9, "abcdefghij",
)  # fmt: skip


def _pieces() -> st.SearchStrategy[str]:
    piece = st.sampled_from(PIECES) | st.text(alphabet=st.sampled_from(TRICKY), max_size=3)
    return st.lists(piece, max_size=14).map("".join)


@needs_compiled
@settings(max_examples=1500, deadline=None)
@given(_pieces(), st.data())
def test_line_row_agrees_on_dates_links_and_tricky_characters(text: str, data: st.DataObject) -> None:
    words = text.casefold().split()
    stopwords = frozenset(data.draw(st.lists(st.sampled_from(words), max_size=3)) if words else ())
    assert _lines.line_row(text, stopwords, *ARGS) == pure.line_row(text, stopwords, *ARGS)


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(st.text(max_size=120), st.integers(min_value=1, max_value=30))
def test_line_row_agrees_on_any_text_and_sample_size(text: str, sample_chars: int) -> None:
    stopwords = frozenset(text.casefold().split()[:2])
    # A small sample size exercises the cut (and the token estimate of lines longer than the sample).
    for args in ((sample_chars, SHORT_WORDS, LEXICAL_MAX_WORDS), ARGS):
        assert _lines.line_row(text, stopwords, *args) == pure.line_row(text, stopwords, *args)


@needs_compiled
def test_line_row_agrees_on_every_real_line() -> None:
    stopwords = load_model().lexicon.stopwords
    texts = [case.read() for case in cases()]
    texts.extend(page_texts().values())
    seen = 0
    columns = [0.0] * len(line_features.LINE_FEATURES)
    for text in texts:
        lines = text.split("\n")
        language = line_features.document_language([line for line in lines if line.strip()], stopwords)
        words = stopwords.get(language, frozenset())
        for line in lines:
            expected = pure.line_row(line, words, *ARGS)
            assert _lines.line_row(line, words, *ARGS) == expected, line
            columns = [total + value for total, value in zip(columns, expected[0], strict=True)]
            seen += 1
    assert seen > 2000
    # Every searched feature fires somewhere in the real text (else this test could not fail on it).
    for name in ("sentence_end", "has_date", "has_time", "has_year", "has_link", "has_copyright", "bullet_start"):
        assert columns[line_features.LINE_FEATURES.index(name)] > 0, name


def test_line_row_of_a_dated_menu_line() -> None:
    row, words, short = native.line_row("  » Posted 3 March 2021, 12:30 | www.example.com", frozenset(), *ARGS)
    features = dict(zip(line_features.LINE_FEATURES, row, strict=True))
    assert features["has_date"] == features["has_time"] == features["has_year"] == features["has_link"] == 1.0
    assert features["bullet_start"] == 1.0 and features["sentence_end"] == 0.0
    assert words == ("posted", "0", "march", "0", "0:0", "www.example.com")
    assert not short  # eight tokens


def test_line_row_of_a_sentence() -> None:
    row, words, short = native.line_row("He left. She stayed, and wrote about it for years.", frozenset({"and"}), *ARGS)
    features = dict(zip(line_features.LINE_FEATURES, row, strict=True))
    assert features["sentence_end"] == features["is_prose"] == 1.0
    assert features["has_date"] == features["has_link"] == 0.0
    assert words[:3] == ("he", "left", "she")
    assert not short


@needs_compiled
def test_line_row_rejects_what_it_cannot_read() -> None:
    with pytest.raises(TypeError):
        _lines.line_row(b"bytes", frozenset(), *ARGS)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _lines.line_row("text", ["a", "list"], *ARGS)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sample_chars"):
        _lines.line_row("text", frozenset(), 0, SHORT_WORDS, LEXICAL_MAX_WORDS)
