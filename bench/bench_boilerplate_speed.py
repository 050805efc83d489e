"""Speed of the boilerplate family (BP1xx packs, BP2xx, BP401) and of the language family, alone, in CPU time.

    python -m bench boilerplate_speed [--quick]

Corpora, both from ``bench/data/scraped/`` (the texts seven extractors kept of the dev pages):

- **pages**: whole-page text, the ``inscriptis`` and ``html_text`` outputs (every menu kept);
- **scraped**: the other extractors' outputs (article text with what the extractor kept around it).

A seeded random sample of each (1 MB with ``--quick``, 4 MB otherwise). For each family
(``Config(select=("boilerplate",))`` and ``("language",)``): ``Engine.check`` and
``Engine.fix`` in CPU time (``time.process_time``: the machine is shared), after 20 warm-up
documents of another sample; the *first pass* reads lines it has not seen (the per-line
caches cold), the *second pass* the same texts again (as deep into a batch of one site, and
as the second round of ``fix``). Then the linearity check of issue 19, item 5: CPU seconds
per MB on space-padded page text (a run of spaces after every word and at each line's end,
as a whole-page converter lays out columns), with the padding 4x longer and with 4x as many
lines; a quadratic pattern shows as seconds per MB growing with the size.
"""

from __future__ import annotations

import gzip
import json
import random
import time
from collections.abc import Callable

from bench.common import DATA, Row, megabytes
from textfix import Config, Engine

WHOLE_PAGE = frozenset({"inscriptis", "html_text"})
FAMILIES = ("boilerplate", "language")


def corpus(kind: str) -> list[str]:
    """Every non-empty extractor output of ``bench/data/scraped``: whole-page text (``pages``) or the rest."""
    texts = []
    for name in ("readability-pages", "trafilatura-pages"):
        with gzip.open(DATA / "scraped" / f"{name}.json.gz", "rt", encoding="utf-8") as handle:
            pages = json.load(handle)
        for page in sorted(pages):
            for extractor, text in sorted(pages[page]["outputs"].items()):
                if text and (extractor in WHOLE_PAGE) == (kind == "pages") and extractor != "readability":
                    texts.append(text)
    return texts


def sample(texts: list[str], megabytes_wanted: float, seed: int) -> list[str]:
    """A seeded random sample of ``texts`` of about ``megabytes_wanted`` MB."""
    order = list(texts)
    random.Random(seed).shuffle(order)
    out: list[str] = []
    size = 0.0
    for text in order:
        out.append(text)
        size += len(text.encode("utf-8")) / 1e6
        if size >= megabytes_wanted:
            break
    return out


def cpu_seconds(func: Callable[[str], object], texts: list[str]) -> float:
    """CPU seconds of ``func`` over every text, once."""
    start = time.process_time()
    for text in texts:
        func(text)
    return time.process_time() - start


def padded(text: str, spaces: int) -> str:
    """``text`` with a run of ``spaces`` spaces after every word and ``4 * spaces`` at each line's end."""
    return "\n".join(line.replace(" ", " " * spaces) + " " * (4 * spaces) for line in text.split("\n"))


def _family_rows(kind: str, texts: list[str], warm: list[str]) -> list[Row]:
    rows = []
    size = megabytes(texts)
    for family in FAMILIES:
        engine = Engine(Config(select=(family,)))
        for text in warm:
            engine.fix(text)
        for action in ("check", "fix"):
            func = getattr(engine, action)
            for label in ("first pass", "second pass"):
                seconds = cpu_seconds(func, texts)
                rows.append(
                    Row(
                        "boilerplate_speed",
                        f"{kind}: {family} alone, {action} MB/s (CPU), {label}",
                        round(size / seconds, 3),
                        note=f"{len(texts)} documents, {size:.2f} MB",
                    )
                )
    return rows


def _linearity_rows(pages: list[str], quick: bool) -> list[Row]:
    base = pages[: 6 if quick else 12]
    rows = []
    for family in FAMILIES:
        engine = Engine(Config(select=(family,)))
        engine.check(base[0])
        shapes = {
            "padding 20": [padded(t, 20) for t in base],
            "padding 80 (lines 4x longer)": [padded(t, 80) for t in base],
            "padding 20, 4x the lines (4 documents in one)": [
                "\n".join(padded(base[(i + k) % len(base)], 20) for k in range(4)) for i in range(len(base))
            ],
        }
        for label, texts in shapes.items():
            size = megabytes(texts)
            rows.append(
                Row(
                    "boilerplate_speed",
                    f"space-padded pages: {family} alone, check CPU s/MB, {label}",
                    round(cpu_seconds(engine.check, texts) / size, 3),
                    note=f"{len(texts)} documents, {size:.1f} MB",
                )
            )
    return rows


def run(quick: bool) -> list[Row]:
    wanted = 1.0 if quick else 4.0
    rows = []
    pages = corpus("pages")
    for kind in ("pages", "scraped"):
        texts = pages if kind == "pages" else corpus("scraped")
        chosen = sample(texts, wanted, seed=1)
        seen = set(chosen)
        warm = [t for t in sample(texts, 1.0, seed=2) if t not in seen][:20]
        rows.extend(_family_rows(kind, chosen, warm))
    rows.extend(_linearity_rows(sample(pages, 1.0, seed=3), quick))
    return rows
