"""The chrome-line model: load the trained file lazily, score a document's lines (no numpy).

The model holds

* the stopwords of each language the features use, and the weights of the lexical
  score (a logistic regression over the words of short lines);
* a gradient-boosted tree ensemble over :data:`~.line_features.FEATURE_NAMES`, as
  padded node arrays (feature, threshold, left, right, value), scored by the
  :func:`textfix.native.score_trees` kernel (compiled C, or numpy on the pure path);
* an isotonic calibration (out-of-fold raw scores -> probability of chrome), applied
  with the :func:`textfix.native.calibrate` kernel (``numpy.interp``, bit for bit).

Two files, both written by ``python -m bench train-boilerplate``: ``chrome_model.json``, the
source of record (readable, what a user's own model is), and ``chrome_model.bin``, the same
model as little-endian arrays (:func:`to_binary`), which is what the rule loads: a few
``array.frombytes`` calls instead of parsing 0.45 MB of JSON into numpy arrays.
``python -m bench train-boilerplate --export`` rewrites the binary file from the JSON one.
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec

from textfix import native
from textfix.families.boilerplate.line_features import (
    FEATURE_NAMES,
    DocumentLines,
    Lexicon,
    LineTable,
    assemble,
    document_features,
    grid,
    line_table,
)
from textfix.lang.mapped import shipped

#: The file the rule loads, shipped in the wheel beside this module.
MODEL_FILE = "chrome_model.bin"
#: The source of record the binary file is exported from (also in the wheel).
SOURCE_FILE = "chrome_model.json"
#: The first bytes of a binary model file; the format's version is the last one.
BINARY_MAGIC = b"TFCHROM1"


class TreeEnsemble(msgspec.Struct, frozen=True):
    """Padded node arrays of a tree ensemble, ``(trees, width)``: a leaf points to itself on both sides.

    Node 0 of each tree is its root; a row goes left when its feature is ``<=`` the threshold.
    The arrays are 2-d views (``memoryview``) of ``array('q')`` (feature, left, right) and
    ``array('d')`` (threshold, value). Scoring is the :func:`textfix.native.score_trees` kernel
    (compiled C when it is built: each row walks each tree; else numpy, all trees at once).
    """

    baseline: float
    feature: memoryview
    threshold: memoryview
    left: memoryview
    right: memoryview
    value: memoryview
    depth: int

    def raw(self, features: Any) -> array[float]:
        """The raw score (log-odds) of each row of a 2-d float64 buffer: the leaf values added tree by tree."""
        rows = memoryview(features).shape
        count = rows[0] if rows else 0
        out = array("d", bytes(8 * count))
        if count:
            native.score_trees(
                features,
                self.feature,
                self.threshold,
                self.left,
                self.right,
                self.value,
                self.baseline,
                self.depth,
                memoryview(out),
            )
        return out


class LineModel(msgspec.Struct, frozen=True):
    """A trained chrome-line model."""

    lexicon: Lexicon
    trees: TreeEnsemble
    calibration_x: array[float]
    calibration_y: array[float]

    def features(self, texts: Sequence[str], known_chrome: Sequence[bool] | None = None) -> DocumentLines:
        """The feature rows of a document's non-blank lines."""
        return document_features(texts, self.lexicon, known_chrome)

    def table(self, texts: Sequence[str], known_chrome: Sequence[bool] | None = None) -> LineTable:
        """The per-line features of a document (see :func:`~.line_features.assemble`)."""
        return line_table(texts, self.lexicon, known_chrome)

    def score_rows(self, table: LineTable, rows: Sequence[int] | None = None) -> tuple[DocumentLines, array[float]]:
        """Calibrated probabilities of the table's lines ``rows`` in the context of those lines alone."""
        lines = assemble(table, rows)
        return lines, self.calibrate(self.raw(lines))

    def raw(self, lines: DocumentLines) -> array[float]:
        """Uncalibrated scores (log-odds) of each row."""
        if not lines.indices:
            return array("d")
        return self.trees.raw(lines.matrix())

    def calibrate(self, raw: array[float]) -> array[float]:
        """Calibrated probability of chrome for raw scores (``numpy.interp`` on the calibration, bit for bit)."""
        out = array("d", bytes(8 * len(raw)))
        native.calibrate(raw, self.calibration_x, self.calibration_y, out)
        return out

    def probabilities(self, texts: Sequence[str], known_chrome: Sequence[bool] | None = None) -> dict[int, float]:
        """Line index -> calibrated probability that the line is chrome (non-blank lines only)."""
        return self.score(texts, known_chrome)[1]

    def score(
        self, texts: Sequence[str], known_chrome: Sequence[bool] | None = None
    ) -> tuple[DocumentLines, dict[int, float]]:
        """The feature rows, and line index -> calibrated probability of chrome."""
        lines = self.features(texts, known_chrome)
        probs = self.calibrate(self.raw(lines))
        return lines, dict(zip(lines.indices, probs, strict=True))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LineModel:
        """Build the model from its JSON form (``bench/train_boilerplate.model_json``)."""
        _check_features(data["features"])
        lexicon = Lexicon(
            stopwords={lang: frozenset(words) for lang, words in data["stopwords"].items()},
            weights=dict(data["lexicon"]["weights"]),
            bias=float(data["lexicon"]["bias"]),
        )
        trees = data["trees"]
        shape = (len(trees["feature"]), len(trees["feature"][0]) if trees["feature"] else 0)

        def nodes(name: str, typecode: str) -> memoryview:
            values = array(typecode, (value for row in trees[name] for value in row))
            return grid(values, shape[1], shape[0])

        ensemble = TreeEnsemble(
            baseline=float(trees["baseline"]),
            feature=nodes("feature", "q"),
            threshold=nodes("threshold", "d"),
            left=nodes("left", "q"),
            right=nodes("right", "q"),
            value=nodes("value", "d"),
            depth=int(trees["depth"]),
        )
        calibration = data["calibration"]
        return cls(
            lexicon,
            ensemble,
            array("d", (float(x) for x in calibration["x"])),
            array("d", (float(y) for y in calibration["y"])),
        )


def _check_features(names: Sequence[str]) -> None:
    if tuple(names) != FEATURE_NAMES:
        msg = "the chrome-line model was trained on other features: retrain (python -m bench train-boilerplate)"
        raise ValueError(msg)


# ---- the binary form ------------------------------------------------------------------------------------------
# BINARY_MAGIC, a little-endian u32 header size, the header (JSON: the feature names, the scalars and
# the size of each section), then the sections in this order: the stopwords of each language and the
# lexicon's words (UTF-8, one word a line), the words' weights (f64), the node arrays feature, left,
# right (u16) and threshold, value (f64), the calibration's x and y (f64). Every number is the double
# the JSON holds, so both files give the same model bit for bit.

_INDEX_ARRAYS = ("feature", "left", "right")
_VALUE_ARRAYS = ("threshold", "value")


def _little_endian(values: array[Any]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _read_array(typecode: str, data: memoryview, count: int) -> tuple[array[Any], memoryview]:
    values = array(typecode)
    size = values.itemsize * count
    if len(data) < size:
        msg = "the binary chrome-line model is truncated: export it again (python -m bench train-boilerplate --export)"
        raise ValueError(msg)
    values.frombytes(data[:size])
    if sys.byteorder == "big":
        values.byteswap()
    return values, data[size:]


def to_binary(model: LineModel) -> bytes:
    """The binary form of ``model`` (deterministic: the same model gives the same bytes)."""
    trees = model.trees
    count, width = trees.feature.shape or (0, 0)
    languages = sorted(model.lexicon.stopwords)
    stop_sections = ["\n".join(sorted(model.lexicon.stopwords[lang])).encode("utf-8") for lang in languages]
    words = sorted(model.lexicon.weights)
    word_section = "\n".join(words).encode("utf-8")
    for name in _INDEX_ARRAYS:
        if max(getattr(trees, name).cast("B").cast("q"), default=0) > 0xFFFF:
            msg = f"the tree ensemble's {name} array does not fit 16 bits"
            raise ValueError(msg)
    header = {
        "features": list(FEATURE_NAMES),
        "languages": [[lang, len(section)] for lang, section in zip(languages, stop_sections, strict=True)],
        "words": len(words),
        "word_bytes": len(word_section),
        "bias": model.lexicon.bias,
        "trees": count,
        "width": width,
        "depth": trees.depth,
        "baseline": trees.baseline,
        "calibration": len(model.calibration_x),
    }
    parts = [*stop_sections, word_section, _little_endian(array("d", (model.lexicon.weights[w] for w in words)))]
    parts.extend(_little_endian(array("H", getattr(trees, name).cast("B").cast("q"))) for name in _INDEX_ARRAYS)
    parts.extend(_little_endian(array("d", getattr(trees, name).cast("B").cast("d"))) for name in _VALUE_ARRAYS)
    parts.append(_little_endian(model.calibration_x))
    parts.append(_little_endian(model.calibration_y))
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    return b"".join([BINARY_MAGIC, struct.pack("<I", len(head)), head, *parts])


def from_binary(data: bytes) -> LineModel:
    """The model of a binary file (see :func:`to_binary`)."""
    if data[: len(BINARY_MAGIC)] != BINARY_MAGIC:
        msg = "not a binary chrome-line model (or another version): export it again (python -m bench train-boilerplate)"
        raise ValueError(msg)
    view = memoryview(data)[len(BINARY_MAGIC) :]
    (size,) = struct.unpack("<I", view[:4])
    header = json.loads(bytes(view[4 : 4 + size]))
    _check_features(header["features"])
    rest = view[4 + size :]
    stopwords: dict[str, frozenset[str]] = {}
    for lang, length in header["languages"]:
        text = bytes(rest[:length]).decode("utf-8")
        stopwords[lang] = frozenset(text.split("\n")) if text else frozenset()
        rest = rest[length:]
    text = bytes(rest[: header["word_bytes"]]).decode("utf-8")
    rest = rest[header["word_bytes"] :]
    words = text.split("\n") if header["words"] else []
    weights, rest = _read_array("d", rest, header["words"])
    count, width = header["trees"], header["width"]
    nodes: dict[str, memoryview] = {}
    for name in _INDEX_ARRAYS:
        packed, rest = _read_array("H", rest, count * width)
        nodes[name] = grid(array("q", packed), width, count)
    for name in _VALUE_ARRAYS:
        values, rest = _read_array("d", rest, count * width)
        nodes[name] = grid(values, width, count)
    xs, rest = _read_array("d", rest, header["calibration"])
    ys, rest = _read_array("d", rest, header["calibration"])
    lexicon = Lexicon(stopwords, dict(zip(words, weights, strict=True)), float(header["bias"]))
    ensemble = TreeEnsemble(baseline=float(header["baseline"]), depth=int(header["depth"]), **nodes)
    return LineModel(lexicon, ensemble, xs, ys)


def read_model(path: str | Path) -> LineModel:
    """A model from a file: the binary form (``.bin``), else JSON (one a user trained, say)."""
    path = Path(path)
    if path.suffix == ".bin":
        return from_binary(path.read_bytes())
    return LineModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def load_model(path: str | None = None) -> LineModel:
    """The shipped model (or the one at ``path``), read once per process on first use.

    ``load_model()`` and ``load_model(None)`` are one cache entry: the worker server's warm-up
    (``textfix.run.warm``) calls the first, BP401 the second (an ``lru_cache`` on this function
    would key them apart and read the model twice).
    """
    return _cached_model(path)


@lru_cache(maxsize=4)
def _cached_model(path: str | None) -> LineModel:
    if path is not None:
        return read_model(path)
    return from_binary(shipped(__package__, MODEL_FILE).read_bytes())


def export_binary(source: str | Path) -> bytes:
    """The binary form of the JSON model at ``source`` (what ``train-boilerplate --export`` writes)."""
    return to_binary(LineModel.from_json(json.loads(Path(source).read_text(encoding="utf-8"))))
