"""The exact screen before ftfy (``families/encoding/screen.py``) on real lines: nothing missed, and what it saves.

Every non-ASCII line of the 990 trafilatura pages' HTML (``bench/data/pages-trafilatura``, the raw
page text: markup, scripts and prose; ``--quick``: the first 100 pages) and every original of ftfy's
own cases (``bench/data/encoding``) is given to ``ftfy.fix_and_explain`` with the family's settings
and to the screen. A line ftfy changes that the screen passes over would be a lost finding: the
target is 0. CPU time (``time.process_time``, best of 3) of the screen, of ftfy's badness
expression (``is_bad``, which ftfy runs on every text first) and of ftfy itself, over the same lines.

    python -m bench encoding_screen          # python -m bench encoding_screen --quick
"""

from __future__ import annotations

import gzip
import json

import ftfy
from ftfy import badness

from bench.common import DATA, Row, best_cpu
from textfix.families.encoding.rules import ftfy_config
from textfix.families.encoding.screen import ftfy_may_change


def _lines(quick: bool) -> list[str]:
    pages = sorted((DATA / "pages-trafilatura").glob("*.html.gz"))[: 100 if quick else None]
    lines = []
    for path in pages:
        text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        lines.extend(line for line in text.splitlines() if not line.isascii())
    for name in ("in-the-wild", "language-names", "synthetic", "negative", "known-failures"):
        lines.extend(case["original"] for case in json.loads((DATA / "encoding" / f"{name}.json").read_text("utf-8")))
    return lines


def run(quick: bool) -> list[Row]:
    config = ftfy_config()
    lines = _lines(quick)
    changed = [line for line in lines if ftfy.fix_and_explain(line, config).text != line]
    passed = [line for line in lines if ftfy_may_change(line, config)]
    missed = [line[:80] for line in changed if not ftfy_may_change(line, config)]
    chars = sum(map(len, lines))
    screen = best_cpu(lambda: [ftfy_may_change(line, config) for line in lines], 3)
    bad = best_cpu(lambda: [badness.is_bad(line) for line in lines], 3)
    whole = best_cpu(lambda: [ftfy.fix_and_explain(line, config) for line in lines], 1)
    screened = best_cpu(lambda: [ftfy.fix_and_explain(line, config) for line in passed], 1)
    name = "encoding_screen"
    return [
        Row(name, "non-ASCII lines (pages' HTML and ftfy's cases)", len(lines), "", f"{chars:,} characters"),
        Row(name, "lines ftfy changes", len(changed)),
        Row(name, "lines ftfy changes that the screen passes over", len(missed), "== 0", str(missed[:5])),
        Row(name, "share of lines the screen sends to ftfy", round(len(passed) / len(lines), 4)),
        Row(name, "CPU s, the screen over every line", round(screen, 4)),
        Row(name, "CPU s, ftfy's is_bad over every line", round(bad, 4)),
        Row(name, "CPU s, ftfy.fix_and_explain over every line", round(whole, 4)),
        Row(name, "CPU s, ftfy.fix_and_explain over the lines the screen passes", round(screened, 4)),
    ]
