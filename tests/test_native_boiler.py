"""The compiled peel-round context of BP401 (``textfix.native._boiler``) writes exactly what the pure one writes.

``pure.line_context`` defines the columns (numpy); ``_boiler.c`` computes them with sums in the
same order. Compared bit for bit on generated tables (hypothesis: rows with and without prose,
short runs, repeats and blank gaps, any subset of the rows) and on the tables of real pages,
and through ``line_features.assemble`` on both paths.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.native_run import page_texts
from textfix import native
from textfix.families.boilerplate import line_features
from textfix.families.boilerplate.line_features import FEATURE_NAMES, LINE_FEATURES
from textfix.families.boilerplate.line_model import load_model
from textfix.native import pure

try:
    from textfix.native import _boiler
except ImportError:  # built without a C compiler: only the pure path exists
    _boiler = None  # type: ignore[assignment]

needs_compiled = pytest.mark.skipif(_boiler is None, reason="the compiled kernel is not built")

_COLUMN = {name: index for index, name in enumerate(LINE_FEATURES)}


def _run(kernel: object, table: line_features.LineTable, rows: np.ndarray | None) -> tuple[object, np.ndarray]:
    """``assemble`` of ``table`` with ``kernel`` as the context kernel: (block, features)."""
    saved = native.line_context
    native.line_context = kernel  # type: ignore[assignment]
    try:
        lines = line_features.assemble(table, rows)
    finally:
        native.line_context = saved
    return lines.block, lines.features


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a.view(np.int64), b.view(np.int64)))


def _table(lines: list[tuple[str, int, bool, int, float]]) -> line_features.LineTable:
    """A line table from (kind, indent, short, repeat key, chars) per line; kind 'blank' makes a blank line."""
    texts = [("" if kind == "blank" else f"{kind} line") for kind, *_ in lines]
    rows = [line for line in lines if line[0] != "blank"]
    local = np.zeros((len(rows), len(LINE_FEATURES)))
    for number, (kind, indent, _, _, chars) in enumerate(rows):
        local[number, _COLUMN["log_chars"]] = np.log1p(chars)
        local[number, _COLUMN["indent"]] = float(indent)
        local[number, _COLUMN["is_prose"]] = 1.0 if kind in ("prose", "known-prose") else 0.0
        local[number, _COLUMN["known_chrome"]] = 1.0 if kind.startswith("known") else 0.0
        local[number, _COLUMN["stopword_share"]] = (number % 5) / 5
        local[number, _COLUMN["lexical"]] = -0.5 + number % 3
    return line_features.LineTable(
        texts=texts,
        indices=tuple(i for i, (kind, *_) in enumerate(lines) if kind != "blank"),
        local=local,
        words=tuple(() for _ in rows),
        short=np.array([short for _, _, short, _, _ in rows], dtype=bool),
        language="en",
        blank=np.array([kind == "blank" for kind, *_ in lines], dtype=bool),
        repeat_keys=np.array([key for _, _, _, key, _ in rows], dtype=np.int64),
    )


LINE = st.tuples(
    st.sampled_from(["prose", "chrome", "known", "known-prose", "blank"]),
    st.integers(0, 8),
    st.booleans(),
    st.integers(0, 4),
    st.sampled_from([0.0, 1.0, 3.0, 12.0, 40.0, 180.0, 900.0, 0.1]),
)


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=60), st.data())
def test_compiled_context_writes_the_pure_columns(
    lines: list[tuple[str, int, bool, int, float]], data: st.DataObject
) -> None:
    table = _table(lines)
    n = len(table.indices)
    subset = data.draw(st.lists(st.booleans(), min_size=n, max_size=n)) if n else []
    for rows in (None, np.flatnonzero(np.array(subset, dtype=bool)).astype(np.int64)):
        block, features = _run(_boiler.line_context, table, rows)
        pure_block, pure_features = _run(pure.line_context, table, rows)
        assert block == pure_block
        assert _same_bits(features, pure_features)
        assert features.shape[1] == len(FEATURE_NAMES)


@needs_compiled
def test_compiled_context_on_real_pages_with_and_without_lines() -> None:
    model = load_model()
    rng = np.random.default_rng(19)
    checked = 0
    pages = sorted(page_texts().values())
    for text in pages:
        texts = text.split("\n")
        table = line_features.line_table(texts, model.lexicon, [i % 9 == 0 for i in range(len(texts))])
        n = len(table.indices)
        for rows in (None, np.sort(rng.choice(n, size=n // 2, replace=False)).astype(np.int64)):
            block, features = _run(_boiler.line_context, table, rows)
            pure_block, pure_features = _run(pure.line_context, table, rows)
            assert block == pure_block
            assert _same_bits(features, pure_features)
            checked += 1
    assert checked == 2 * len(pages) > 0


def test_the_main_block_is_the_densest_run_of_prose() -> None:
    table = _table(
        [
            ("chrome", 0, True, 0, 5.0),
            ("chrome", 0, True, 1, 6.0),
            ("prose", 2, False, 2, 300.0),
            ("chrome", 0, True, 3, 4.0),
            ("prose", 4, False, 4, 250.0),
            ("blank", 0, False, 0, 0.0),
            ("chrome", 0, True, 0, 5.0),
        ]
    )
    lines = line_features.assemble(table)
    assert lines.block == (2, 4)
    in_block = lines.column("in_block").tolist()
    assert in_block == [0.0, 0.0, 1.0, 1.0, 1.0, 0.0]
    assert lines.column("repeats").tolist()[0] == pytest.approx(np.log1p(1))  # key 0 twice
    assert lines.column("blank_before").tolist() == [1.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    assert lines.column("indent_vs_block").tolist()[2] == 2.0 - 2.0  # median indent of the block: 2
    assert lines.column("lines_after_block").tolist()[5] == pytest.approx(np.log1p(1))


def test_bad_arrays_are_refused() -> None:
    if _boiler is None:
        pytest.skip("the compiled kernel is not built")
    table = _table([("prose", 0, False, 0, 100.0), ("chrome", 0, True, 1, 5.0)])
    args = [
        table.local,
        table.short,
        table.repeat_keys,
        np.ones(2),
        np.ones(2, dtype=bool),
        np.ones(2, dtype=bool),
        np.array([0, 9], dtype=np.int64),  # line 9 of a 2-line document
        np.zeros(3, dtype=np.int64),
        np.zeros(64),
        1.0,
        1.0,
        0.0,
        np.empty((2, len(FEATURE_NAMES))),
        np.empty((4, 2)),
    ]
    with pytest.raises(ValueError, match="out of range"):
        _boiler.line_context(*args)
    args[6] = np.array([0, 1], dtype=np.int64)
    args[13] = np.empty((4, 3))
    with pytest.raises(ValueError, match="shapes"):
        _boiler.line_context(*args)
    args[13] = np.empty((4, 2))
    args[1] = table.short.astype(np.float64)
    with pytest.raises(TypeError, match="short"):
        _boiler.line_context(*args)
