"""Types of the compiled kernel ``_native.c``; its semantics are :func:`textfix.native.pure.score_trees`'s."""

import numpy as np
import numpy.typing as npt

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
