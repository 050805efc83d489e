"""The compiled kernels (``textfix.native._native``, ``_lines``) give exactly what the pure-Python ones give.

Each kernel is compared on generated input (hypothesis: any Unicode text, any tree ensemble,
NaN and infinities included) and on real text (every fixture, whole-page text, clean prose);
the engine's findings and fixed texts are compared between a process on the compiled kernels
and one with ``TEXTFIX_PURE_PYTHON=1``.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.fixture_cases import cases
from tests.native_run import page_texts
from textfix import native
from textfix.cli import app
from textfix.families.boilerplate import line_features
from textfix.families.boilerplate.line_features import SAMPLE_CHARS, WIDTH, document_language
from textfix.families.boilerplate.line_model import load_model
from textfix.native import pure

try:
    from textfix.native import _lines as _line_kernels
    from textfix.native import _native
except ImportError:  # built without a C compiler: only the pure path exists
    _native = None  # type: ignore[assignment]
    _line_kernels = None  # type: ignore[assignment]

needs_compiled = pytest.mark.skipif(
    _native is None or _line_kernels is None, reason="the compiled kernels are not built"
)

#: Characters where the classes of str methods and of re are easy to get wrong.
TRICKY = (
    "aZ09_ \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000"  # ASCII, and whitespace str.split() and re's \s know
    "|»«·›‹/>•–—:-.,;!?'\"()©"  # separators and punctuation
    "ßİıǅǈΣσςﬁŉẞ"  # case folding changes length; title-case letters
    "ⒶⓐⅫⅻ½²٣߀\u0301\u0300\u200b\u00ad"  # other upper/lower, numerals that are not \d, marks, invisibles
    "漢字한국어עברית😀"
)


def _lines() -> Iterator[tuple[str, frozenset[str]]]:
    """Every line of the fixtures, the whole-page sample and a clean-prose file, with its document's stopwords."""
    stopwords = load_model().lexicon.stopwords
    texts = [case.read() for case in cases()]
    texts.extend(page_texts().values())
    texts.append((ROOT / "bench" / "data" / "clean-prose" / "sotu" / "1861_abraham_lincoln_r.txt").read_text("utf-8"))
    for text in texts:
        lines = text.split("\n")
        language = document_language([line for line in lines if line.strip()], stopwords)
        for line in lines:
            yield line, stopwords.get(language, frozenset())


# --- line_counts ---------------------------------------------------------------------------------------------------


@needs_compiled
def test_line_counts_agree_on_every_real_line() -> None:
    totals = np.zeros(len(pure.LINE_COUNT_FIELDS), dtype=np.int64)
    lines = 0
    for line, stopwords in _lines():
        for sample in (line, line.strip()[:SAMPLE_CHARS]):
            expected = pure.line_counts(sample, stopwords)
            assert _line_kernels.line_counts(sample, stopwords) == expected, sample
            totals += expected
        lines += 1
    assert lines > 2000
    # Every count is exercised by the real text (a test that cannot fail on one of them proves nothing).
    assert all(totals > 0), dict(zip(pure.LINE_COUNT_FIELDS, totals.tolist(), strict=True))


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=60), st.data())
def test_line_counts_agree_on_tricky_characters(sample: str, data: st.DataObject) -> None:
    words = sample.casefold().split()
    stopwords = frozenset(data.draw(st.lists(st.sampled_from(words), max_size=4)) if words else ())
    assert _line_kernels.line_counts(sample, stopwords) == pure.line_counts(sample, stopwords)


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80), st.sets(st.text(max_size=4), max_size=5))
def test_line_counts_agree_on_any_text(sample: str, extra: set[str]) -> None:
    stopwords = frozenset(extra | set(sample.casefold().split()[:2]))
    assert _line_kernels.line_counts(sample, stopwords) == pure.line_counts(sample, stopwords)


def test_line_counts_of_a_menu_line() -> None:
    # words: home, news, 2024, straße -> strasse (8 letters: case folding counts)
    counts = native.line_counts("Home | News 2024 — STRASSE straße", frozenset({"news"}))
    assert dict(zip(pure.LINE_COUNT_FIELDS, counts, strict=True)) == {
        "words": 5,
        "letters": 4 + 4 + 4 + 7 + 7,
        "stopwords": 1,
        "tokens": 7,
        "titled": 2,
        "upper": 1,
        "digit_tokens": 1,
        "punctuation": 2,
        "separators": 2,
    }


@needs_compiled
def test_line_counts_rejects_what_it_cannot_read() -> None:
    with pytest.raises(TypeError):
        _line_kernels.line_counts(b"bytes", frozenset())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _line_kernels.line_counts("text", ["a", "list"])  # type: ignore[arg-type]


#: Pieces of lines the date, time, year, link and sentence-end searches look for.
PIECES = (
    "12.03.2024", "2024-01-02", "3 March 2021", "Jan. 5, 1999", "12:30", "9.45 pm", "1999", "2031", "०१:३०",
    "www.x", "https://a", "http://", "a@b.de", "x.COM", "page.html", ".de", "end.", "end!", "«Done.»", "(c)",
    "©", "Copyright", "Home", "|", "»", "word", "42", " ", "  ", "\t", ".", ":", "/", "-",
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(alphabet=st.sampled_from(TRICKY), max_size=3), max_size=12))
def test_line_row_skips_only_searches_that_cannot_match(pieces: list[str]) -> None:
    text = "".join(pieces)
    row, _, _ = line_features._line_row(text, frozenset())
    sample = text.strip()[:SAMPLE_CHARS]
    searches = {
        "sentence_end": line_features._SENTENCE_END,
        "has_date": line_features._DATE,
        "has_time": line_features._TIME,
        "has_year": line_features._YEAR,
        "has_link": line_features._LINK,
    }
    for name, pattern in searches.items():
        assert row[line_features._COLUMN[name]] == float(pattern.search(sample) is not None), name


# --- score_trees ---------------------------------------------------------------------------------------------------

_SCORES = st.sampled_from([0.0, -0.0, 0.5, 1.0, -2.0, 1e-300, math.inf, -math.inf, math.nan]) | st.floats(width=64)


@st.composite
def ensembles(draw: st.DrawFn) -> dict[str, Any]:
    """Any node arrays whose indices are in range (cycles and unreachable nodes included)."""
    trees, width = draw(st.integers(0, 6)), draw(st.integers(1, 8))
    columns, rows = draw(st.integers(1, 4)), draw(st.integers(0, 10))

    def array(elements: st.SearchStrategy[Any], shape: tuple[int, ...], dtype: type) -> npt.NDArray[Any]:
        size = math.prod(shape)
        return np.array(draw(st.lists(elements, min_size=size, max_size=size)), dtype=dtype).reshape(shape)

    return {
        "features": array(_SCORES, (rows, columns), np.float64),
        "feature": array(st.integers(0, columns - 1), (trees, width), np.int64),
        "threshold": array(_SCORES, (trees, width), np.float64),
        "left": array(st.integers(0, width - 1), (trees, width), np.int64),
        "right": array(st.integers(0, width - 1), (trees, width), np.int64),
        "value": array(_SCORES, (trees, width), np.float64),
        "baseline": draw(_SCORES),
        "depth": draw(st.integers(0, 10)),
    }


def _scores(kernel: Any, e: dict[str, Any]) -> npt.NDArray[np.float64]:
    out = np.full(len(e["features"]), 7.0)
    arrays = (e[k] for k in ("features", "feature", "threshold", "left", "right", "value"))
    kernel(*arrays, e["baseline"], e["depth"], out)
    return out


def _same(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> bool:
    """Bit for bit, except that a NaN equals any NaN (C leaves the sign and payload of a NaN sum open)."""
    nan = np.isnan(a)
    return bool(np.array_equal(nan, np.isnan(b)) and a[~nan].tobytes() == b[~nan].tobytes())


def _walk(e: dict[str, Any], row: npt.NDArray[np.float64]) -> float:
    """The definition, one row at a time: walk each tree ``depth`` steps, add the leaves in tree order."""
    total = 0.0
    for t in range(len(e["feature"])):
        node = 0
        for _ in range(e["depth"]):
            goes_left = row[e["feature"][t, node]] <= e["threshold"][t, node]
            node = int(e["left"][t, node] if goes_left else e["right"][t, node])
        total = float(e["value"][t, node]) if t == 0 else total + float(e["value"][t, node])
    return float(e["baseline"] + total)


@needs_compiled
@settings(max_examples=150, deadline=None)
@given(ensembles())
def test_score_trees_agree_bit_for_bit(ensemble: dict[str, Any]) -> None:
    compiled, reference = _scores(_native.score_trees, ensemble), _scores(pure.score_trees, ensemble)
    assert _same(compiled, reference)


@settings(max_examples=100, deadline=None)
@given(ensembles())
def test_score_trees_follows_its_definition(ensemble: dict[str, Any]) -> None:
    scores = _scores(native.score_trees, ensemble)
    expected = np.array([_walk(ensemble, row) for row in ensemble["features"]], dtype=np.float64)
    assert _same(scores, expected)


def _page_rows() -> Iterator[npt.NDArray[np.float64]]:
    model = load_model()
    for text in page_texts().values():
        lines = model.features(text.split("\n"))
        yield np.frombuffer(lines.features, dtype=np.float64).reshape(-1, WIDTH)


@needs_compiled
def test_score_trees_agree_on_the_shipped_model_and_real_pages() -> None:
    trees = load_model().trees
    ensemble = {k: getattr(trees, k) for k in ("feature", "threshold", "left", "right", "value", "baseline", "depth")}
    rows = 0
    for features in _page_rows():
        case = {**ensemble, "features": features}
        compiled, reference = _scores(_native.score_trees, case), _scores(pure.score_trees, case)
        assert compiled.tobytes() == reference.tobytes()
        # A few rows against the definition (the Python walk is slow).
        expected = [_walk(case, row) for row in features[:20]]
        assert compiled[:20].tolist() == expected
        rows += len(features)
    assert rows > 1000


@needs_compiled
def test_score_trees_rejects_arrays_it_cannot_read_safely() -> None:
    trees = load_model().trees
    features = np.zeros((3, 64))
    args = [trees.feature, trees.threshold, trees.left, trees.right, trees.value, trees.baseline, trees.depth]
    with pytest.raises(TypeError):  # float32 features
        _native.score_trees(features.astype(np.float32), *args, np.empty(3))  # type: ignore[arg-type]
    with pytest.raises((TypeError, BufferError, ValueError)):  # not contiguous
        _native.score_trees(np.zeros((3, 128))[:, ::2], *args, np.empty(3))
    with pytest.raises(ValueError, match="outside"):  # a feature index past the columns
        _native.score_trees(np.zeros((3, 10)), *args, np.empty(3))
    with pytest.raises(ValueError, match="one item per row"):
        _native.score_trees(features, *args, np.empty(2))
    bad = np.array(trees.left)
    bad[0, 0] = trees.left.shape[1]
    with pytest.raises(ValueError, match="outside"):
        _native.score_trees(features, trees.feature, trees.threshold, bad, *args[3:], np.empty(3))


# --- choosing the path ---------------------------------------------------------------------------------------------


def _child_env(pure_python: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != native.PURE_PYTHON_ENV}
    if pure_python:
        env[native.PURE_PYTHON_ENV] = "1"
    return env


def _child(code: list[str], pure_python: bool) -> str:
    result = subprocess.run(
        [sys.executable, *code], capture_output=True, text=True, env=_child_env(pure_python), cwd=ROOT, check=True
    )
    return result.stdout


@needs_compiled
def test_the_environment_variable_forces_the_pure_kernels() -> None:
    code = ["-c", "import textfix.native as n; print(n.COMPILED, n.line_counts is n.pure.line_counts, n.PATH)"]
    assert _child(code, pure_python=False).strip() == "True False compiled C"
    assert _child(code, pure_python=True).strip() == "False True pure Python (TEXTFIX_PURE_PYTHON is set)"


def test_version_says_which_kernels_run() -> None:
    result = CliRunner().invoke(app, ["version"])
    assert result.exit_code == 0
    assert f"kernels: {native.PATH}" in result.output


# --- the engine, both paths ----------------------------------------------------------------------------------------


@needs_compiled
def test_findings_and_fixed_texts_are_the_same_on_both_paths() -> None:
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda p: json.loads(_child(["-m", "tests.native_run"], p)), (False, True)))
    compiled, reference = runs
    assert compiled["compiled"] is True
    assert reference["compiled"] is False
    assert compiled["outcomes"].keys() == reference["outcomes"].keys()
    for name, outcome in compiled["outcomes"].items():
        assert outcome == reference["outcomes"][name], name
    boilerplate = [f for o in compiled["outcomes"].values() for f in o["findings"] if f[0] == "BP401"]
    assert len(boilerplate) > 200  # the chrome-line model (both kernels) decided many lines
