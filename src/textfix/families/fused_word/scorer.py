"""The segmentation model's scorer: a calibrated probability that a candidate repair is right.

One logistic model per shape (``punct``, ``hump``, ``runon``) over the features of
:mod:`.candidates`, trained by ``python -m bench train-fused`` on fusions made at random
word boundaries of one half of the real articles in ``bench/data/scraped/`` and
calibrated on the other half. The weights and the measured tiers live in
``data/model.json`` (a few KB, read on first use); scoring is a dot product.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

from textfix.core.confidence import Calibration, Tier

MODEL_FILE = Path(__file__).resolve().parent / "data" / "model.json"


@functools.cache
def model() -> dict[str, Any]:
    """The weights file (read once per process)."""
    found: dict[str, Any] = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return found


def probability(kind: str, features: tuple[float, ...]) -> float:
    """The calibrated probability that the candidate's repair is right."""
    weights: list[float] = model()["kinds"][kind]["weights"]
    z = sum(w * x for w, x in zip(weights, features, strict=True))
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def _tier(found: dict[str, Any] | None) -> Tier | None:
    if found is None:
        return None
    return Tier(threshold=found["threshold"], precision=found["precision"], cases=found["cases"])


def calibration(code: str) -> Calibration:
    """The tiers measured for rule ``code`` (see ``python -m bench train-fused``)."""
    tiers = model()["tiers"].get(code, {})
    return Calibration(
        safe=_tier(tiers.get("safe")),
        unsafe=_tier(tiers.get("unsafe")),
        measured_on=model()["measured_on"],
    )
