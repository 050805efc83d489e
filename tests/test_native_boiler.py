"""BP401's kernels (``textfix.native._boiler``) write exactly what the pure ones write, and what numpy did.

``pure.assemble_rows`` (around ``pure.line_context``) defines a peel round's columns; ``_boiler.c``
computes them with sums in the same order. Compared bit for bit on generated tables (hypothesis:
rows with and without prose, short runs, repeats and blank gaps, any subset of the rows) and on
the tables of real pages, through ``line_features.assemble`` on both paths. What numpy computed
before and the kernels now do themselves (numpy's pairwise sum and ``np.average``,
``log1p``/``expm1``, ``np.interp``) is compared bit for bit with numpy; and a fresh process that
checks real text with the compiled kernels never imports numpy.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from array import array
from pathlib import Path

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


def _run(kernel: object, table: line_features.LineTable, rows: list[int] | None) -> tuple[object, array[float]]:
    """``assemble`` of ``table`` with ``kernel`` as the peel-round kernel: (block, features)."""
    saved = native.assemble_rows
    native.assemble_rows = kernel  # type: ignore[assignment]
    try:
        lines = line_features.assemble(table, rows)
    finally:
        native.assemble_rows = saved
    return lines.block, lines.features


def _same_bits(a: array[float], b: array[float]) -> bool:
    return a.tobytes() == b.tobytes()


def _table(lines: list[tuple[str, int, bool, int, float]]) -> line_features.LineTable:
    """A line table from (kind, indent, short, repeat key, chars) per line; kind 'blank' makes a blank line."""
    texts = [("" if kind == "blank" else f"{kind} line") for kind, *_ in lines]
    rows = [line for line in lines if line[0] != "blank"]
    width = len(LINE_FEATURES)
    local = array("d", bytes(8 * width * len(rows)))
    for number, (kind, indent, _, _, chars) in enumerate(rows):
        row = number * width
        local[row + _COLUMN["log_chars"]] = math.log1p(chars)
        local[row + _COLUMN["indent"]] = float(indent)
        local[row + _COLUMN["is_prose"]] = 1.0 if kind in ("prose", "known-prose") else 0.0
        local[row + _COLUMN["known_chrome"]] = 1.0 if kind.startswith("known") else 0.0
        local[row + _COLUMN["stopword_share"]] = (number % 5) / 5
        local[row + _COLUMN["lexical"]] = -0.5 + number % 3
    return line_features.LineTable(
        texts=texts,
        indices=tuple(i for i, (kind, *_) in enumerate(lines) if kind != "blank"),
        local=local,
        words=tuple(() for _ in rows),
        short=bytes(short for _, _, short, _, _ in rows),
        language="en",
        blank=bytes(kind == "blank" for kind, *_ in lines),
        repeat_keys=array("q", [key for _, _, _, key, _ in rows]),
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
    for rows in (None, [r for r, keep in enumerate(subset) if keep]):
        block, features = _run(_boiler.assemble_rows, table, rows)
        pure_block, pure_features = _run(pure.assemble_rows, table, rows)
        assert block == pure_block
        assert _same_bits(features, pure_features)
        assert len(features) == len(FEATURE_NAMES) * (n if rows is None else len(rows))


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
        for rows in (None, sorted(rng.choice(n, size=n // 2, replace=False).tolist())):
            block, features = _run(_boiler.assemble_rows, table, rows)
            pure_block, pure_features = _run(pure.assemble_rows, table, rows)
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
    assert lines.column("repeats").tolist()[0] == pytest.approx(math.log1p(1))  # key 0 twice
    assert lines.column("blank_before").tolist() == [1.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    assert lines.column("indent_vs_block").tolist()[2] == 2.0 - 2.0  # median indent of the block: 2
    assert lines.column("lines_after_block").tolist()[5] == pytest.approx(math.log1p(1))


def test_bad_arrays_are_refused() -> None:
    if _boiler is None:
        pytest.skip("the compiled kernel is not built")
    table = _table([("prose", 0, False, 0, 100.0), ("chrome", 0, True, 1, 5.0)])
    args = [
        line_features.grid(table.local, len(LINE_FEATURES)),
        memoryview(table.short).cast("?"),
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
    args[1] = np.frombuffer(table.short, dtype=np.uint8).astype(np.float64)
    with pytest.raises(TypeError, match="short"):
        _boiler.line_context(*args)


# --- what numpy computed before, in plain Python ------------------------------------------------------------------

FINITE = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=300, deadline=None)
@given(st.lists(FINITE | st.sampled_from([0.0, -0.0, 1e308, 1e-300]), max_size=700))
def test_numpy_sum_is_numpys_pairwise_sum(values: list[float]) -> None:
    with np.errstate(all="ignore"):  # overflow to inf, inf - inf: as in plain Python
        expected = np.array(values, dtype=np.float64).sum()
    got = pure.numpy_sum(array("d", values))
    assert got == expected or (math.isnan(got) and math.isnan(expected))
    assert math.copysign(1.0, got) == math.copysign(1.0, expected) or math.isnan(got)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 5000)), min_size=1, max_size=400))
def test_the_document_stopword_share_is_np_average(rows: list[tuple[float, float]]) -> None:
    stop, chars = array("d", [s for s, _ in rows]), array("d", [c for _, c in rows])
    total = pure.numpy_sum(chars)
    if total <= 0:
        return
    mine = pure.numpy_sum(array("d", [s * c for s, c in rows])) / total
    assert mine == float(np.average(np.array(stop), weights=np.array(chars)))


def test_log1p_and_expm1_are_numpys_on_the_values_features_take() -> None:
    # Counts (characters, tokens, rows, characters to the block) and the lengths they come back from.
    counts = np.concatenate([np.arange(0, 200_000, dtype=np.float64), np.linspace(0.5, 5e6, 20_001)])
    logs = np.log1p(counts)  # contiguous: numpy's fastest loop, as assemble used it
    assert logs.tobytes() == array("d", map(math.log1p, counts.tolist())).tobytes()
    assert np.expm1(logs).tobytes() == array("d", map(math.expm1, logs.tolist())).tobytes()
    assert np.expm1(logs[::3]).tobytes() == array("d", map(math.expm1, logs[::3].tolist())).tobytes()


XP = st.lists(FINITE, min_size=1, max_size=40, unique=True).map(sorted)


def _calibrated(kernel: object, xs: list[float], xp: list[float], fp: list[float]) -> bytes:
    out = array("d", [7.0] * len(xs))
    kernel(array("d", xs), array("d", xp), array("d", fp), out)  # type: ignore[operator]
    return out.tobytes()


@settings(max_examples=300, deadline=None)
@given(XP, st.data())
def test_calibrate_is_np_interp(xp: list[float], data: st.DataObject) -> None:
    fp = data.draw(st.lists(st.floats(0, 1), min_size=len(xp), max_size=len(xp)))
    inside = st.floats(min(xp) - 1, max(xp) + 1, allow_nan=False) if all(map(math.isfinite, xp)) else FINITE
    xs = data.draw(st.lists(inside | st.sampled_from(xp) | FINITE | st.just(math.nan), max_size=30))
    with np.errstate(all="ignore"):
        expected = np.interp(np.array(xs, dtype=np.float64), xp, fp)
    kernels = [pure.calibrate] + ([_boiler.calibrate] if _boiler is not None else [])
    for kernel in kernels:
        got = np.frombuffer(_calibrated(kernel, xs, xp, fp))
        nan = np.isnan(expected)
        assert np.array_equal(nan, np.isnan(got))
        assert got[~nan].tobytes() == expected[~nan].tobytes()


def test_the_shipped_calibration_is_np_interp_on_real_scores() -> None:
    model = load_model()
    raw = array("d")
    for text in sorted(page_texts().values())[:40]:
        raw.extend(model.raw(model.features(text.split("\n"))))
    raw.extend(model.calibration_x)  # every point itself
    expected = np.interp(np.array(raw), model.calibration_x, model.calibration_y)
    assert model.calibrate(raw).tobytes() == expected.tobytes()
    out = array("d", raw)
    pure.calibrate(raw, model.calibration_x, model.calibration_y, out)
    assert out.tobytes() == expected.tobytes()
    assert len(raw) > 1000


@needs_compiled
def test_bad_rows_and_calibrations_are_refused() -> None:
    table = _table([("prose", 0, False, 0, 100.0), ("chrome", 0, True, 1, 5.0)])
    constants = table.constants
    args = [
        line_features.grid(table.local, len(LINE_FEATURES)),
        memoryview(table.short).cast("?"),
        table.repeat_keys,
        constants.chars,
        memoryview(constants.prose).cast("?"),
        memoryview(constants.known).cast("?"),
        constants.position,
        constants.blanks_before,
        array("d", [0.0] * 64),
        array("q", [0, 2]),  # row 2 of a 2-row table
        line_features.grid(array("d", [0.0] * 2 * len(FEATURE_NAMES)), len(FEATURE_NAMES)),
    ]
    with pytest.raises(ValueError, match="out of range"):
        _boiler.assemble_rows(*args)
    args[9] = array("q", [0])  # one row kept, features for two
    with pytest.raises(ValueError, match="shapes"):
        _boiler.assemble_rows(*args)
    args[9] = None
    assert _boiler.assemble_rows(*args) == pure.assemble_rows(*args)
    with pytest.raises(ValueError, match="at least one"):
        _boiler.calibrate(array("d", [1.0]), array("d"), array("d"), array("d", [0.0]))
    with pytest.raises(TypeError, match="raw"):
        _boiler.calibrate(array("f", [1.0]), array("d", [0.0]), array("d", [0.0]), array("d", [0.0]))


# --- the model file ------------------------------------------------------------------------------------------------

PACKAGE = Path(line_features.__file__).parent


def test_the_shipped_binary_model_is_the_export_of_the_json_one() -> None:
    from textfix.families.boilerplate import line_model

    source = PACKAGE / line_model.SOURCE_FILE
    assert line_model.export_binary(source) == (PACKAGE / line_model.MODEL_FILE).read_bytes()
    assert line_model.read_model(source) == load_model()
    assert line_model.read_model(PACKAGE / line_model.MODEL_FILE) == load_model()


def test_a_binary_model_that_is_not_one_is_refused() -> None:
    from textfix.families.boilerplate import line_model

    data = (PACKAGE / line_model.MODEL_FILE).read_bytes()
    with pytest.raises(ValueError, match="not a binary chrome-line model"):
        line_model.from_binary(b"{" + data[1:])
    with pytest.raises(ValueError, match="truncated"):
        line_model.from_binary(data[: len(data) // 2])


# --- no numpy on the compiled path -------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
_CASES = ROOT / "fixtures" / "boilerplate" / "BP401"

_CHILD = """
import json, sys
from textfix import Config, Engine, native
out = {"compiled": native.COMPILED, "cases": {}}
bp401 = Engine(Config(select=("BP401",)))
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    found = [
        [f.code, f.start, f.end, f.fix.applicability.value if f.fix is not None else None]
        for f in bp401.check(text)
    ]
    out["cases"][path] = {"found": found, "unsafe": bp401.fix(text, unsafe=True).text}
    Engine().check(text)  # every default rule, as `textfix check` runs them
out["numpy"] = sorted(name for name in sys.modules if name == "numpy" or name.startswith("numpy."))
print(json.dumps(out))
"""


@pytest.mark.skipif(not native.COMPILED, reason="the compiled kernels are not all built (or the pure path is forced)")
def test_checking_real_text_with_the_compiled_kernels_never_imports_numpy() -> None:
    cases = [_CASES / "german-login-box.txt", _CASES / "guardian-headline-caption.txt"]
    env = {k: v for k, v in __import__("os").environ.items() if k != native.PURE_PYTHON_ENV}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, cases)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    out = json.loads(result.stdout)
    assert out["compiled"] is True
    assert out["numpy"] == []
    for case in cases:
        expected = json.loads(case.with_suffix(".findings.json").read_text(encoding="utf-8"))
        got = out["cases"][str(case)]
        assert got["found"] == [[e["code"], e["start"], e["end"], e["applicability"]] for e in expected]
        unsafe = case.with_name(case.stem + ".unsafe.txt")
        fixed = case.with_name(case.stem + ".fixed.txt")
        want = unsafe if unsafe.exists() else fixed if fixed.exists() else case
        assert got["unsafe"] == want.read_text(encoding="utf-8")
    assert out["cases"][str(cases[0])]["found"]  # BP401 finds the login box's lines
