"""Types of the compiled kernel ``_native.c``; its semantics are :func:`textfix.native.pure.score_trees`'s."""

from typing_extensions import Buffer

def score_trees(
    features: Buffer,
    feature: Buffer,
    threshold: Buffer,
    left: Buffer,
    right: Buffer,
    value: Buffer,
    baseline: float,
    depth: int,
    out: Buffer,
) -> None: ...
