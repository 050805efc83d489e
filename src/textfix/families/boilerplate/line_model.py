"""The chrome-line model: load the trained file lazily, score a document's lines with numpy.

The model (``chrome_model.json``, written by ``python -m bench train-boilerplate``) holds

* the stopwords of each language the features use, and the weights of the lexical
  score (a logistic regression over the words of short lines);
* a gradient-boosted tree ensemble over :data:`~.line_features.FEATURE_NAMES`, as
  padded node arrays (feature, threshold, left, right, value), scored for all trees at
  once: ``depth`` vectorised steps per document;
* an isotonic calibration (out-of-fold raw scores -> probability of chrome), applied
  with :func:`numpy.interp`.

Nothing here imports a training library: numpy is the only dependency.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from textfix.families.boilerplate.line_features import (
    FEATURE_NAMES,
    DocumentLines,
    Lexicon,
    LineTable,
    assemble,
    document_features,
    line_table,
)

#: The file shipped in the wheel, beside this module.
MODEL_FILE = "chrome_model.json"
#: Rows scored per block (keeps the (rows, trees) index arrays small on huge documents).
BLOCK_ROWS = 4096


@dataclass(frozen=True)
class TreeEnsemble:
    """Padded node arrays of a tree ensemble: a leaf points to itself and compares with +inf.

    The arrays are ``(trees, width)``; scoring works on their flattened form, where a node
    is ``tree * width + node`` and the child arrays hold flat indices, so each step is a
    one-dimensional gather for every (row, tree) pair at once.
    """

    baseline: float
    feature: npt.NDArray[np.int64]
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    value: npt.NDArray[np.float64]
    depth: int

    def __post_init__(self) -> None:
        trees, width = self.feature.shape
        base = (np.arange(trees, dtype=np.int64) * width)[:, None]
        object.__setattr__(self, "_flat", (
            self.feature.ravel(),
            self.threshold.ravel(),
            (self.left + base).ravel(),
            (self.right + base).ravel(),
            self.value.ravel(),
            base.ravel(),
        ))  # fmt: skip

    def raw(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The ensemble's raw score (log-odds) of each row."""
        feature, threshold, left, right, value, roots = self._flat  # type: ignore[attr-defined]
        out = np.empty(len(features))
        columns = features.shape[1]
        for start in range(0, len(features), BLOCK_ROWS):
            block = np.ascontiguousarray(features[start : start + BLOCK_ROWS])
            flat = block.ravel()
            offsets = (np.arange(len(block), dtype=np.int64) * columns)[:, None]
            node = np.broadcast_to(roots, (len(block), len(roots))).copy()
            for step in range(self.depth):
                goes_left = flat[offsets + feature[node]] <= threshold[node]
                moved = np.where(goes_left, left[node], right[node])
                if step % 4 == 3 and np.array_equal(moved, node):
                    break
                node = moved
            out[start : start + len(block)] = self.baseline + value[node].sum(axis=1)
        return out


@dataclass(frozen=True)
class LineModel:
    """A trained chrome-line model."""

    lexicon: Lexicon
    trees: TreeEnsemble
    calibration_x: npt.NDArray[np.float64]
    calibration_y: npt.NDArray[np.float64]

    def features(self, texts: Sequence[str], known_chrome: Sequence[bool] | None = None) -> DocumentLines:
        """The feature rows of a document's non-blank lines."""
        return document_features(texts, self.lexicon, known_chrome)

    def table(self, texts: Sequence[str], known_chrome: Sequence[bool] | None = None) -> LineTable:
        """The per-line features of a document (see :func:`~.line_features.assemble`)."""
        return line_table(texts, self.lexicon, known_chrome)

    def score_rows(
        self, table: LineTable, rows: npt.NDArray[np.int64] | None = None
    ) -> tuple[DocumentLines, npt.NDArray[np.float64]]:
        """Calibrated probabilities of the table's lines ``rows`` in the context of those lines alone."""
        lines = assemble(table, rows)
        return lines, self.calibrate(self.raw(lines))

    def raw(self, lines: DocumentLines) -> npt.NDArray[np.float64]:
        """Uncalibrated scores (log-odds) of each row."""
        if not lines.indices:
            return np.zeros(0)
        return self.trees.raw(lines.features)

    def calibrate(self, raw: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Calibrated probability of chrome for raw scores."""
        return np.interp(raw, self.calibration_x, self.calibration_y)

    def probabilities(self, texts: Sequence[str], known_chrome: Sequence[bool] | None = None) -> dict[int, float]:
        """Line index -> calibrated probability that the line is chrome (non-blank lines only)."""
        return self.score(texts, known_chrome)[1]

    def score(
        self, texts: Sequence[str], known_chrome: Sequence[bool] | None = None
    ) -> tuple[DocumentLines, dict[int, float]]:
        """The feature rows, and line index -> calibrated probability of chrome."""
        lines = self.features(texts, known_chrome)
        probs = self.calibrate(self.raw(lines))
        return lines, dict(zip(lines.indices, probs.tolist(), strict=True))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LineModel:
        """Build the model from its JSON form (see :meth:`to_json`)."""
        if tuple(data["features"]) != FEATURE_NAMES:
            msg = "the chrome-line model was trained on other features: retrain (python -m bench train-boilerplate)"
            raise ValueError(msg)
        lexicon = Lexicon(
            stopwords={lang: frozenset(words) for lang, words in data["stopwords"].items()},
            weights=dict(data["lexicon"]["weights"]),
            bias=float(data["lexicon"]["bias"]),
        )
        trees = data["trees"]
        ensemble = TreeEnsemble(
            baseline=float(trees["baseline"]),
            feature=np.array(trees["feature"], dtype=np.int64),
            threshold=np.array(trees["threshold"], dtype=np.float64),
            left=np.array(trees["left"], dtype=np.int64),
            right=np.array(trees["right"], dtype=np.int64),
            value=np.array(trees["value"], dtype=np.float64),
            depth=int(trees["depth"]),
        )
        calibration = data["calibration"]
        return cls(
            lexicon,
            ensemble,
            np.array(calibration["x"], dtype=np.float64),
            np.array(calibration["y"], dtype=np.float64),
        )


def read_model(path: str | Path) -> LineModel:
    """A model from a JSON file (one a user trained, say)."""
    return LineModel.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> LineModel:
    """The shipped model (or the one at ``path``), read once per process on first use."""
    if path is not None:
        return read_model(path)
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return LineModel.from_json(json.loads(text))
