"""Types of the compiled kernel ``_boiler.c``; its semantics are :func:`textfix.native.pure.line_context`'s."""

import numpy as np
import numpy.typing as npt

def line_context(
    local: npt.NDArray[np.float64],
    short: npt.NDArray[np.bool_],
    repeat_keys: npt.NDArray[np.int64],
    chars: npt.NDArray[np.float64],
    prose: npt.NDArray[np.bool_],
    block_prose: npt.NDArray[np.bool_],
    position: npt.NDArray[np.int64],
    blanks_before: npt.NDArray[np.int64],
    repeat_logs: npt.NDArray[np.float64],
    chars_total: float,
    log_rows: float,
    doc_stop: float,
    features: npt.NDArray[np.float64],
    raw: npt.NDArray[np.float64],
) -> tuple[int, int]: ...
