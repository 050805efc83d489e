"""The chrome-line model: load the trained file lazily, score a document's lines with numpy.

The model (``chrome_model.json``, written by ``python -m bench train-boilerplate``) holds

* the stopwords of each language the features use, and the weights of the lexical
  score (a logistic regression over the words of short lines);
* a gradient-boosted tree ensemble over :data:`~.line_features.FEATURE_NAMES`, as
  padded node arrays (feature, threshold, left, right, value), scored by the
  :func:`textfix.native.score_trees` kernel (compiled C, or numpy: ``depth`` vectorised
  steps per document);
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

from textfix import native
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


@dataclass(frozen=True)
class TreeEnsemble:
    """Padded node arrays of a tree ensemble, ``(trees, width)``: a leaf points to itself on both sides.

    Node 0 of each tree is its root; a row goes left when its feature is ``<=`` the threshold.
    Scoring is the :func:`textfix.native.score_trees` kernel (compiled C when it is built: each
    row walks each tree; else numpy, all trees at once, one gather per depth step).
    """

    baseline: float
    feature: npt.NDArray[np.int64]
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    value: npt.NDArray[np.float64]
    depth: int

    def raw(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The ensemble's raw score (log-odds) of each row: the leaf values added tree by tree, in order."""
        out = np.empty(len(features))
        native.score_trees(
            np.ascontiguousarray(features, dtype=np.float64),
            self.feature,
            self.threshold,
            self.left,
            self.right,
            self.value,
            self.baseline,
            self.depth,
            out,
        )
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
