"""Train the chrome-line model (BP401): ``python -m bench train-boilerplate``.

Deterministic: the same data gives the same bytes (one thread, fixed seeds, sorted
inputs, site folds from a hash). Writes

* ``src/textfix/families/boilerplate/chrome_model.json``: the shipped model (the source of record);
* ``src/textfix/families/boilerplate/chrome_model.bin``: the same model as little-endian arrays
  (``line_model.to_binary``), which the rule loads; ``python -m bench train-boilerplate --export``
  rewrites it from the JSON file alone (no training: seconds);
* ``src/textfix/families/boilerplate/chrome_tiers.json``: its safe/unsafe thresholds,
  chosen with :func:`textfix.core.confidence.choose_tier` on out-of-fold predictions;
* ``bench/.cache/boilerplate-folds/fold<k>.json``: one model per site-disjoint fold,
  trained without that fold's sites (thresholds and calibration from the other folds'
  out-of-fold scores), which ``bench_boilerplate.py`` runs on that fold's pages, so
  every benchmark figure is measured on sites the model never saw.

Two stages, nested in the folds so no score is ever computed by a model that saw its
line's site: (1) the lexical score, a logistic regression over the words of short
lines (words seen on at least :data:`MIN_SITES` sites); (2) a gradient-boosted tree
ensemble over every feature (scikit-learn's ``HistGradientBoostingClassifier``),
calibrated by isotonic regression on out-of-fold scores.
"""

from __future__ import annotations

import os

# One thread, set before scikit-learn loads its OpenMP runtime: deterministic, and fair to a shared machine.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import json
import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.boilerplate_data import CHROME, CONTENT, ScrapedDoc, documents
from textfix.core.confidence import SAFE_PRECISION, UNSAFE_PRECISION, choose_tier
from textfix.families.boilerplate.line_features import FEATURE_NAMES, WIDTH, DocumentLines, Lexicon, with_lexicon

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "textfix" / "families" / "boilerplate"
MODEL_PATH = PACKAGE / "chrome_model.json"
BINARY_PATH = PACKAGE / "chrome_model.bin"
TIERS_PATH = PACKAGE / "chrome_tiers.json"
FOLD_DIR = ROOT / "bench" / ".cache" / "boilerplate-folds"
#: Languages whose stopwords (wordfreq's most frequent words) the features know.
LANGUAGES = ("de", "en", "es", "fr", "it", "nl", "pl", "pt", "sv")
STOPWORDS = 100
MIN_SITES = 3
MIN_CASES = 300
#: A document whose main prose block holds less than this share of its characters is whole-page text.
PAGE_SPLIT = 0.5
SMOOTHING = 1.0
MEASURED_ON = "python -m bench train-boilerplate (site-disjoint 5-fold out-of-fold lines of bench/data/scraped/)"
GBT = {
    "max_iter": 200,
    "learning_rate": 0.08,
    "max_leaf_nodes": 31,
    "max_depth": 8,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "early_stopping": False,
    "random_state": 0,
}


@dataclass
class Table:
    """Feature rows of every labelled line, with their documents' folds."""

    lines: list[DocumentLines]  # per document, features with an empty lexicon
    rows: list[np.ndarray]  # per document, the positions (in its DocumentLines) of the labelled rows
    labels: list[np.ndarray]
    folds: np.ndarray  # per document
    sites: list[str]


def stopwords() -> dict[str, frozenset[str]]:
    import wordfreq

    return {lang: frozenset(wordfreq.top_n_list(lang, STOPWORDS)) for lang in LANGUAGES}


def pack_lines(texts: Sequence[str]) -> list[bool]:
    """Per line, whether a built-in pack removes it (the model sees it as known chrome)."""
    from textfix.core.document import Document

    matcher = _matcher()
    found = matcher.scan(Document("\n".join(texts)))
    every = found.every
    return [i in every for i in range(len(texts))]


_MATCHER: Any = None


def _matcher() -> Any:
    global _MATCHER  # noqa: PLW0603 - one matcher per process
    if _MATCHER is None:
        from textfix.core.packs import builtin_rules_dir, load_packs
        from textfix.core.registry import KINDS
        from textfix.kinds.lines import LinesMatcher, LinesRule

        rules = [r for r in load_packs(builtin_rules_dir(), KINDS) if isinstance(r, LinesRule)]
        _MATCHER = LinesMatcher(rules)
    return _MATCHER


def build_table(docs: Sequence[ScrapedDoc], stop: dict[str, frozenset[str]]) -> Table:
    from textfix.families.boilerplate.line_features import document_features

    empty = Lexicon(stop, {}, 0.0)
    lines, rows, labels, folds, sites = [], [], [], [], []
    for doc in docs:
        texts = doc.text.split("\n")
        known = pack_lines(texts)
        table = document_features(texts, empty, known)
        keep = [
            (pos, doc.labels[index])
            for pos, index in enumerate(table.indices)
            if doc.labels[index] in (CONTENT, CHROME) and not known[index]
        ]
        lines.append(table)
        rows.append(np.array([p for p, _ in keep], dtype=np.int64))
        labels.append(np.array([lab for _, lab in keep], dtype=np.int64))
        folds.append(doc.fold)
        sites.append(doc.site)
    return Table(lines, rows, labels, np.array(folds), sites)


def fit_lexicon(table: Table, docs: Sequence[int], stop: dict[str, frozenset[str]]) -> Lexicon:
    """Smoothed log-count ratios of the words of the labelled short lines of ``docs`` (Naive Bayes weights).

    A word counts once per site (so one site's menu repeated on 40 pages weighs as one
    site), and only words seen on at least :data:`MIN_SITES` sites are kept: the score
    carries what generalises across sites (``print``, ``email``, ``anmelden``), not one
    site's labels. Closed form, so the nested folds cost nothing.
    """
    seen: dict[tuple[str, str, int], None] = {}
    sites_of: dict[str, set[str]] = defaultdict(set)
    lines = [0, 0]
    for d in docs:
        words = table.lines[d].words
        site = table.sites[d]
        for pos, label in zip(table.rows[d], table.labels[d], strict=True):
            ws = words[pos]
            if not ws:
                continue
            lines[int(label)] += 1
            for w in dict.fromkeys(ws):
                seen[(site, w, int(label))] = None
                sites_of[w].add(site)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, w, label in seen:
        counts[w][label] += 1
    vocabulary = sorted(w for w, s in sites_of.items() if len(s) >= MIN_SITES)
    totals = [sum(counts[w][c] for w in vocabulary) + SMOOTHING * len(vocabulary) for c in (CONTENT, CHROME)]
    weights = {}
    for w in vocabulary:
        content, chrome = counts[w][CONTENT], counts[w][CHROME]
        weight = math.log((chrome + SMOOTHING) / totals[CHROME]) - math.log((content + SMOOTHING) / totals[CONTENT])
        if abs(weight) >= 0.05:
            weights[w] = round(weight, 4)
    bias = math.log(max(1, lines[CHROME]) / max(1, lines[CONTENT]))
    return Lexicon(stop, weights, round(bias, 4))


def as_matrix(lines: DocumentLines) -> np.ndarray:
    """The feature rows of ``lines`` as a ``(rows, WIDTH)`` numpy array (a view of the same buffer)."""
    return np.frombuffer(lines.features, dtype=np.float64).reshape(-1, WIDTH)


def stack(table: Table, docs: Sequence[int], lexicons: dict[int, Lexicon]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the labelled rows of ``docs``, each with the lexicon of its document."""
    xs, ys = [], []
    for d in docs:
        if not len(table.rows[d]):
            continue
        lines = with_lexicon(table.lines[d], lexicons[d])
        xs.append(as_matrix(lines)[table.rows[d]])
        ys.append(table.labels[d])
    if not xs:
        return np.zeros((0, len(FEATURE_NAMES))), np.zeros(0, dtype=np.int64)
    return np.concatenate(xs), np.concatenate(ys)


def nested_lexicons(
    table: Table, train_folds: Sequence[int], stop: dict[str, frozenset[str]]
) -> tuple[dict[int, Lexicon], Lexicon]:
    """For each document of ``train_folds``, a lexicon not trained on its fold; and one trained on them all."""
    by_doc: dict[int, Lexicon] = {}
    for inner in train_folds:
        others = [d for d in range(len(table.folds)) if table.folds[d] in train_folds and table.folds[d] != inner]
        lexicon = fit_lexicon(table, others, stop)
        for d in np.flatnonzero(table.folds == inner):
            by_doc[int(d)] = lexicon
    everything = [d for d in range(len(table.folds)) if table.folds[d] in train_folds]
    return by_doc, fit_lexicon(table, everything, stop)


def fit_trees(x: np.ndarray, y: np.ndarray, iterations: int | None = None) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    params = dict(GBT) if iterations is None else {**GBT, "max_iter": iterations}
    model = HistGradientBoostingClassifier(**params)
    model.fit(x, y)
    return model


def export_trees(model: Any) -> dict[str, Any]:
    """Padded node arrays of a fitted ``HistGradientBoostingClassifier`` (binary)."""
    trees = [predictors[0].nodes for predictors in model._predictors]
    width = max(len(nodes) for nodes in trees)
    depth = int(max(int(nodes["depth"].max()) for nodes in trees))
    feature = np.zeros((len(trees), width), dtype=np.int64)
    threshold = np.full((len(trees), width), 1e308)
    left = np.tile(np.arange(width), (len(trees), 1))
    right = left.copy()
    value = np.zeros((len(trees), width))
    for t, nodes in enumerate(trees):
        n = len(nodes)
        leaf = nodes["is_leaf"].astype(bool)
        feature[t, :n] = np.where(leaf, 0, nodes["feature_idx"])
        threshold[t, :n] = np.where(leaf, 1e308, nodes["num_threshold"])
        left[t, :n] = np.where(leaf, np.arange(n), nodes["left"])
        right[t, :n] = np.where(leaf, np.arange(n), nodes["right"])
        value[t, :n] = np.where(leaf, nodes["value"], 0.0)
    baseline = float(np.asarray(model._baseline_prediction).ravel()[0])
    return {
        "baseline": baseline,
        "depth": depth,
        "feature": feature.tolist(),
        "threshold": threshold.tolist(),
        "left": left.tolist(),
        "right": right.tolist(),
        "value": value.tolist(),
    }


def fit_calibration(raw: np.ndarray, y: np.ndarray) -> dict[str, list[float]]:
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
    iso.fit(raw, y)
    return {"x": [float(v) for v in iso.X_thresholds_], "y": [float(v) for v in iso.y_thresholds_]}


def tiers(probs: np.ndarray, y: np.ndarray, share: np.ndarray) -> dict[str, Any]:
    """Safe and unsafe thresholds per kind of text, from out-of-fold ``(probability, label)`` pairs.

    Whole-page text (the main prose block holds less than :data:`PAGE_SPLIT` of the
    characters) and an extractor's article text differ in how much chrome they hold, so
    one threshold would be set by the page lines, which are the many, and be too low for
    article text: each kind gets its own.
    """
    out: dict[str, Any] = {"measured_on": MEASURED_ON, "page_below_block_share": PAGE_SPLIT}
    for kind, rows in (("page", share < PAGE_SPLIT), ("article", share >= PAGE_SPLIT)):
        cases = list(zip(probs[rows].tolist(), (y[rows] == CHROME).tolist(), strict=True))
        entry: dict[str, Any] = {"lines": len(cases)}
        for name, target in (("safe", SAFE_PRECISION), ("unsafe", UNSAFE_PRECISION)):
            tier = choose_tier(cases, target, MIN_CASES)
            entry[name] = (
                None
                if tier is None
                else {"threshold": tier.threshold, "precision": tier.precision, "cases": tier.cases}
            )
        out[kind] = entry
    return out


def model_json(stop: dict[str, frozenset[str]], lexicon: Lexicon, trees: dict[str, Any], calibration: Any) -> str:
    data = {
        "format": 1,
        "features": list(FEATURE_NAMES),
        "stopwords": {lang: sorted(words) for lang, words in sorted(stop.items())},
        "lexicon": {"bias": lexicon.bias, "weights": dict(sorted(lexicon.weights.items()))},
        "trees": trees,
        "calibration": calibration,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def calibrate(calibration: dict[str, list[float]], raw: np.ndarray) -> np.ndarray:
    return np.interp(raw, calibration["x"], calibration["y"])


def train(
    docs: Sequence[ScrapedDoc] | None = None, *, write: bool = True, log: bool = True, iterations: int | None = None
) -> dict[str, Any]:
    """Train the fold models and the shipped model; return what was written.

    Tests train on a slice with ``write=False`` and few ``iterations``.
    """
    from threadpoolctl import threadpool_limits

    started = time.perf_counter()

    def say(message: str) -> None:
        if log:
            print(f"[{time.perf_counter() - started:6.1f}s] {message}", flush=True)

    with threadpool_limits(1):
        docs = list(documents()) if docs is None else list(docs)
        stop = stopwords()
        table = build_table(docs, stop)
        say(f"{len(docs)} documents, {sum(len(r) for r in table.rows)} labelled lines")
        n_docs = len(docs)
        folds = sorted({int(f) for f in table.folds})
        oof_raw: dict[int, np.ndarray] = {}
        oof_share: dict[int, np.ndarray] = {}
        fold_parts: dict[int, tuple[Lexicon, dict[str, Any]]] = {}
        for k in folds:
            train_folds = [f for f in folds if f != k]
            by_doc, lexicon = nested_lexicons(table, train_folds, stop)
            train_docs = [d for d in range(n_docs) if table.folds[d] != k]
            x, y = stack(table, train_docs, by_doc)
            model = fit_trees(x, y, iterations)
            exported = export_trees(model)
            test_docs = [d for d in range(n_docs) if table.folds[d] == k]
            xt, _ = stack(table, test_docs, dict.fromkeys(test_docs, lexicon))
            oof_raw[k] = model.decision_function(xt) if len(xt) else np.zeros(0)
            oof_share[k] = xt[:, FEATURE_NAMES.index("block_share")] if len(xt) else np.zeros(0)
            fold_parts[k] = (lexicon, exported)
            say(f"fold {k}: trained on {len(y)} lines, scored {len(xt)}")
        labels = {
            k: np.concatenate([table.labels[d] for d in range(n_docs) if table.folds[d] == k] or [np.zeros(0)])
            for k in folds
        }
        all_raw = np.concatenate([oof_raw[k] for k in folds])
        all_y = np.concatenate([labels[k] for k in folds])
        calibration = fit_calibration(all_raw, all_y)
        all_share = np.concatenate([oof_share[k] for k in folds])
        shipped_tiers = tiers(calibrate(calibration, all_raw), all_y, all_share)
        outputs: dict[str, str] = {}
        for k in folds:
            others = [f for f in folds if f != k]
            raw = np.concatenate([oof_raw[f] for f in others])
            y = np.concatenate([labels[f] for f in others])
            share = np.concatenate([oof_share[f] for f in others])
            cal = fit_calibration(raw, y)
            lexicon, exported = fold_parts[k]
            outputs[f"fold{k}.json"] = model_json(stop, lexicon, exported, cal)
            outputs[f"fold{k}-tiers.json"] = json.dumps(tiers(calibrate(cal, raw), y, share), indent=2) + "\n"
        by_doc, lexicon = nested_lexicons(table, folds, stop)
        x, y = stack(table, list(range(n_docs)), by_doc)
        model = fit_trees(x, y, iterations)
        outputs["model"] = model_json(stop, lexicon, export_trees(model), calibration)
        check_export(outputs["model"], model, x)
        outputs["tiers"] = json.dumps(shipped_tiers, indent=2) + "\n"
        say(f"shipped model: {len(y)} lines; tiers {shipped_tiers}")
    if write:
        FOLD_DIR.mkdir(parents=True, exist_ok=True)
        for name, text in outputs.items():
            if name == "model":
                MODEL_PATH.write_text(text, encoding="utf-8")
                BINARY_PATH.write_bytes(binary_of(text))
            elif name == "tiers":
                TIERS_PATH.write_text(text, encoding="utf-8")
            else:
                (FOLD_DIR / name).write_text(text, encoding="utf-8")
        oof = {
            "folds": {str(k): {"raw": oof_raw[k].tolist(), "labels": labels[k].tolist()} for k in folds},
        }
        (FOLD_DIR / "oof.json").write_text(json.dumps(oof) + "\n", encoding="utf-8")
        say(f"wrote {MODEL_PATH.relative_to(ROOT)} ({len(outputs['model']) / 1e6:.2f} MB), tiers, fold models")
    return outputs


def binary_of(text: str) -> bytes:
    """The binary form of the JSON model ``text`` (what the rule loads)."""
    from textfix.families.boilerplate.line_model import LineModel, to_binary

    return to_binary(LineModel.from_json(json.loads(text)))


def check_export(text: str, model: Any, x: np.ndarray) -> None:
    """The scorer of the exported model (JSON and binary) must give scikit-learn's scores."""
    from textfix.families.boilerplate.line_model import LineModel, from_binary

    exported = LineModel.from_json(json.loads(text))
    if from_binary(binary_of(text)) != exported:
        raise AssertionError("the binary form of the model is not the JSON model")
    sample = np.ascontiguousarray(x[:: max(1, len(x) // 5000)])
    mine = np.asarray(exported.trees.raw(sample))
    theirs = model.decision_function(sample)
    if not np.allclose(mine, theirs, atol=1e-9):
        msg = f"exported trees disagree with scikit-learn (max diff {np.abs(mine - theirs).max()})"
        raise AssertionError(msg)


def main() -> None:
    import sys

    if "--export" in sys.argv[2:]:
        BINARY_PATH.write_bytes(binary_of(MODEL_PATH.read_text(encoding="utf-8")))
        print(f"wrote {BINARY_PATH.relative_to(ROOT)} from {MODEL_PATH.relative_to(ROOT)}")
        return
    if "--check" in sys.argv[2:]:
        outputs = train(write=False)
        same = outputs["model"] == MODEL_PATH.read_text(encoding="utf-8")
        same = same and outputs["tiers"] == TIERS_PATH.read_text(encoding="utf-8")
        same = same and binary_of(outputs["model"]) == BINARY_PATH.read_bytes()
        print("shipped model is byte-identical to a fresh training" if same else "shipped model DIFFERS: retrain")
        raise SystemExit(0 if same else 1)
    train()


if __name__ == "__main__":
    main()
