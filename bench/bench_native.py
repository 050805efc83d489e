"""Speed of the kernels of ``textfix.native``: compiled C against the pure-Python reference.

CPU time (``time.process_time``), best of two, on whole-page text: the inscriptis text of every
page in ``bench/data/pages`` (``source.html.gz``) and ``bench/data/pages-trafilatura`` (1,120
pages, about 21 MB; built once into ``bench/.cache/pages-text/``), a random sample of it:

- each kernel alone, on the inputs BP401 gives it: ``line_counts`` on the sample of every
  non-blank line (with its document's stopwords), ``score_trees`` on every document's feature
  rows under the shipped model;
- BP401's two steps as the rule runs them (``line_table``, ``TreeEnsemble.raw``), and
  ``Engine.check`` with every default rule, each in a child process on the compiled kernels and
  one with ``TEXTFIX_PURE_PYTHON=1`` (the path is chosen at import).

    python -m bench native            # 5 MB of pages (python -m bench native --quick: 1 MB)
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import DATA, Row, best_cpu

HERE = Path(__file__).resolve().parent
PAGES_TEXT = HERE / ".cache" / "pages-text"


def page_files() -> list[Path]:
    """The whole-page corpus: one text file per page (inscriptis), built on first use."""
    marker = PAGES_TEXT / ".complete"
    if not marker.exists():
        from inscriptis import get_text

        PAGES_TEXT.mkdir(parents=True, exist_ok=True)
        sources = [(f"pages-{p.parent.name}", p) for p in sorted((DATA / "pages").glob("*/source.html.gz"))]
        sources += [(f"trafilatura-{p.name[:-8]}", p) for p in sorted((DATA / "pages-trafilatura").glob("*.html.gz"))]
        for name, path in sources:
            html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            (PAGES_TEXT / f"{name}.txt").write_text(get_text(html), encoding="utf-8")
        marker.touch()
    return sorted(PAGES_TEXT.glob("*.txt"))


def page_sample(megabytes: float) -> list[str]:
    """A random sample (seeded) of the page texts, about ``megabytes`` of UTF-8."""
    paths = page_files()
    random.Random(1).shuffle(paths)
    texts: list[str] = []
    size = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            continue
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size > megabytes * 1e6:
            break
    return texts


def _kernel_rows(texts: list[str]) -> list[Row]:
    import numpy as np

    from textfix.families.boilerplate.line_features import SAMPLE_CHARS, WIDTH, document_language
    from textfix.families.boilerplate.line_model import load_model
    from textfix.native import _lines, _native, pure

    model = load_model()
    stopwords = model.lexicon.stopwords
    samples: list[tuple[str, frozenset[str]]] = []
    for text in texts:
        lines = [line for line in text.split("\n") if line.strip()]
        words = stopwords.get(document_language(lines, stopwords), frozenset())
        samples.extend((line.strip()[:SAMPLE_CHARS], words) for line in lines)
    rows = []
    for label, count in (("pure", pure.line_counts), ("compiled", _lines.line_counts)):
        seconds = best_cpu(lambda count=count: [count(s, w) for s, w in samples])  # type: ignore[misc]
        rows.append(Row("native", f"line_counts, {label}: µs per line", round(seconds / len(samples) * 1e6, 3)))
    features = [np.frombuffer(model.features(text.split("\n")).features).reshape(-1, WIDTH) for text in texts]
    trees = model.trees
    arrays = (trees.feature, trees.threshold, trees.left, trees.right, trees.value, trees.baseline, trees.depth)

    def score(kernel: Callable[..., None]) -> None:
        for block in features:
            kernel(np.ascontiguousarray(block), *arrays, np.empty(len(block)))

    n_rows = sum(len(f) for f in features)
    for label, kernel in (("pure", pure.score_trees), ("compiled", _native.score_trees)):
        seconds = best_cpu(lambda kernel=kernel: score(kernel))  # type: ignore[misc]
        rows.append(Row("native", f"score_trees, {label}: µs per line (200 trees)", round(seconds / n_rows * 1e6, 3)))
    note = f"{len(samples)} lines of {len(texts)} pages"
    for row in rows:
        row.note = note
    return rows


def child(megabytes: float, passes: int) -> dict[str, Any]:
    """CPU seconds of BP401's steps and of Engine.check on the sample, in this process's kernels."""
    from textfix import Config, Engine, native
    from textfix.families.boilerplate.line_model import load_model

    texts = page_sample(megabytes)
    model = load_model()
    documents = [text.split("\n") for text in texts]
    tables = [model.features(lines) for lines in documents]
    engine, bp401 = Engine(Config()), Engine(Config(select=("BP401",)))
    for text in texts[:20]:  # warm-up: word lists, gazetteer, models
        engine.check(text)
        bp401.check(text)
    return {
        "compiled": native.COMPILED,
        "megabytes": sum(len(t.encode("utf-8")) for t in texts) / 1e6,
        "line_table": best_cpu(lambda: [model.table(lines) for lines in documents], passes),
        "raw": best_cpu(lambda: [model.raw(rows) for rows in tables], passes),
        "BP401 check": best_cpu(lambda: [bp401.check(t) for t in texts], passes),
        "check": best_cpu(lambda: [engine.check(t) for t in texts], passes),
    }


def _run_child(megabytes: float, passes: int, pure_python: bool) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "TEXTFIX_PURE_PYTHON"}
    if pure_python:
        env["TEXTFIX_PURE_PYTHON"] = "1"
    command = [sys.executable, "-m", "bench.bench_native", "--child", str(megabytes), str(passes)]
    out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=HERE.parent, check=True).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def _path_rows(megabytes: float, passes: int) -> list[Row]:
    compiled = _run_child(megabytes, passes, pure_python=False)
    pure = _run_child(megabytes, passes, pure_python=True)
    if not compiled["compiled"]:
        return [Row("native", "compiled kernels", "not built (no C compiler at install time)")]
    mb = compiled["megabytes"]
    rows = []
    for step, label in (
        ("line_table", "BP401 line_table (per-line features)"),
        ("raw", "BP401 TreeEnsemble.raw (one call per page)"),
        ("BP401 check", "Engine.check, BP401 alone"),
        ("check", "Engine.check, every default rule"),
    ):
        for name, result in (("pure", pure), ("compiled", compiled)):
            rows.append(Row("native", f"{label}, {name}: CPU s", round(result[step], 3), note=f"{mb:.1f} MB of pages"))
        rows.append(Row("native", f"{label}: speed-up compiled/pure", round(pure[step] / compiled[step], 2)))
    rows.append(Row("native", "Engine.check on pages, compiled: MB/s (CPU)", round(mb / compiled["check"], 3)))
    rows.append(Row("native", "Engine.check on pages, pure: MB/s (CPU)", round(mb / pure["check"], 3)))
    return rows


def run(quick: bool) -> list[Row]:
    from textfix.native import COMPILED, PATH

    megabytes = 1.0 if quick else 5.0
    rows = [Row("native", "kernels in this process", PATH)]
    try:
        from textfix.native import _native  # noqa: F401
    except ImportError:
        rows.append(Row("native", "compiled kernels", "not built (no C compiler at install time)"))
        return rows
    rows.extend(_kernel_rows(page_sample(megabytes)))
    rows.extend(_path_rows(megabytes, passes=1 if quick else 2))
    if not COMPILED:
        rows.append(Row("native", "note", "this process runs pure (TEXTFIX_PURE_PYTHON); the children ran both"))
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        json.dump(child(float(sys.argv[2]), int(sys.argv[3])), sys.stdout)
    else:
        for row in run("--quick" in sys.argv[1:]):
            print(f"{row.metric}: {row.value} {row.note}")
