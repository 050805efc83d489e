"""Speed of the fused-word family alone (FW1xx): CPU time of ``check``, first and second pass, on three corpora.

- corpora, all from ``bench/data``: **clean prose** (the State of the Union addresses),
  **scraped** (what seven extractors kept of the dev pages, ``bench/data/scraped/*.json.gz``)
  and **pages** (the whole text of each dev page, inscriptis over ``bench/data/pages*/``); a
  fixed random sample of each, 2 MB (1 MB with ``--quick``);
- each corpus in a fresh process: ``Engine(Config(select=("fused-word",)))``, a warm-up
  check that loads the word lists, the bigram table and the language model, then a
  **first pass** (every per-token and per-chunk cache cold: what a batch of diverse pages
  pays) and a **second pass** over the same files (the caches warm);
- CPU time (``time.process_time``), which a shared machine disturbs less than wall time;
  the family alone includes the views it shares with other families (the document's
  language, its non-prose spans), which a full ``check`` pays once for all of them.

``python -m bench fused_speed`` prints the rows; docs/fused-word.md ("Speed") has the figures
before and after the segmenter's rewrite.
"""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.common import CLEAN_PROSE, DATA, Row

CORPORA = ("clean prose", "scraped", "pages")
#: Enough text to reach every kind of token, small enough for a quick run.
SAMPLE_MB = 2.0
QUICK_SAMPLE_MB = 1.0
#: The warm-up text: loads what the family loads once per process, before any timing.
WARM_UP = "Warm up: Putinalthough the shotsSabres fans look.It is here. Aber das Haus ist alt und schön."


def _clean_prose() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(CLEAN_PROSE.glob("*.txt"))]


def _scraped() -> list[str]:
    texts: list[str] = []
    for path in sorted((DATA / "scraped").glob("*.json.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            pages = json.load(handle)
        for page in sorted(pages):
            texts.extend(text for _, text in sorted(pages[page]["outputs"].items()) if text)
    return texts


def _pages() -> list[str]:
    from inscriptis import get_text

    texts: list[str] = []
    for base in ("pages", "pages-trafilatura"):
        for source in sorted((DATA / base).rglob("*.html.gz")):
            texts.append(get_text(gzip.decompress(source.read_bytes()).decode("utf-8", "replace")))
    return [text for text in texts if text.strip()]


def sample(corpus: str, megabytes: float) -> list[str]:
    """A fixed random sample of ``corpus`` of about ``megabytes`` MB of UTF-8."""
    texts = {"clean prose": _clean_prose, "scraped": _scraped, "pages": _pages}[corpus]()
    random.Random(1).shuffle(texts)
    out: list[str] = []
    size = 0
    for text in texts:
        out.append(text)
        size += len(text.encode("utf-8"))
        if size >= megabytes * 1e6:
            break
    return out


def measure(corpus: str, megabytes: float) -> dict[str, float]:
    """First- and second-pass CPU seconds of the family alone over a sample (run in a fresh process)."""
    from textfix import Config, Engine

    texts = sample(corpus, megabytes)
    engine = Engine(Config(select=("fused-word",)))
    engine.check(WARM_UP)
    size = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    result: dict[str, float] = {"mb": size}
    for name in ("first", "second"):
        started = time.process_time()
        findings = sum(len(engine.check(text)) for text in texts)
        result[name] = time.process_time() - started
        result[f"{name}_findings"] = findings
    return result


def _in_child(corpus: str, megabytes: float) -> dict[str, float]:
    command = [sys.executable, "-m", "bench.bench_fused_speed", corpus, str(megabytes)]
    found = subprocess.run(command, capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    result: dict[str, float] = json.loads(found.stdout.strip().splitlines()[-1])
    return result


def run(quick: bool) -> list[Row]:
    """One fresh process per corpus: MB/s of the first and the second pass (CPU time)."""
    megabytes = QUICK_SAMPLE_MB if quick else SAMPLE_MB
    rows: list[Row] = []
    for corpus in CORPORA:
        found = _in_child(corpus, megabytes)
        note = f"{found['mb']:.2f} MB; {found['first']:.2f} s CPU, {found['first_findings']:.0f} findings"
        rows.append(
            Row(
                "fused-speed",
                f"{corpus}: fused-word alone, first pass MB/s (CPU)",
                found["mb"] / found["first"],
                "",
                note,
            )
        )
        note = f"{found['mb']:.2f} MB; {found['second']:.2f} s CPU, {found['second_findings']:.0f} findings"
        rows.append(
            Row(
                "fused-speed",
                f"{corpus}: fused-word alone, second pass MB/s (CPU)",
                found["mb"] / found["second"],
                "",
                note,
            )
        )
    return rows


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], float(sys.argv[2]))))
