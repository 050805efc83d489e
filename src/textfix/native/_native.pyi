"""Types of the compiled kernels (``_native.c``); their semantics are :mod:`textfix.native.pure`'s."""

import numpy as np
import numpy.typing as npt

def line_counts(sample: str, stopwords: frozenset[str]) -> tuple[int, int, int, int, int, int, int, int, int]: ...
def score_trees(
    features: npt.NDArray[np.float64],
    feature: npt.NDArray[np.int64],
    threshold: npt.NDArray[np.float64],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    value: npt.NDArray[np.float64],
    baseline: float,
    depth: int,
    out: npt.NDArray[np.float64],
) -> None: ...
