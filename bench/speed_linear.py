"""Issue 19, item 5: is the cost linear? In input size, in the number of rules, in pack phrases, on padded lines.

CPU time (``time.process_time``) in this process, after a warm-up document per engine:

- **padded lines**: whole-page text with every line padded by runs of spaces, tabs and no-break spaces as
  extractors emit them (leading and trailing runs, a widened gap every few words, blank lines of white
  space), at run lengths 1x, 4x and 16x. Each default rule alone checks the three texts; a rule whose cost
  per MB grows with the run length holds a pattern quadratic in the run (``' +[,.;:!?]'`` was 9 s/MB);
- **rules**: the cost of all rules together against the sum of each rule alone (rules share views: <= 1);
- **pack phrases**: all default rules plus an extra ``lines`` pack of 0, 1,000 and 10,000 phrases.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import speed_corpora
from textfix import Config, Engine

#: Run lengths of the padding (1x: runs of 2 to 6 characters).
FACTORS = (1, 4, 16)
#: What a run of spaces is next to, now and then: a tab or a no-break space (layout of tables and menus).
_RUN_ENDS = ("", "", "\t", "\u00a0", "\u00a0 ")


def _run(rng: random.Random, length: int) -> str:
    """White space as extractors pad: mostly long runs of plain spaces (sometimes ending in a tab or a
    no-break space), some runs of no-break spaces (``&nbsp;`` cells) or tabs (table layout)."""
    kind = rng.random()
    if kind < 0.1:
        return "\u00a0" * length
    if kind < 0.2:
        return "\t" * max(1, length // 4)
    return " " * max(1, length - 1) + rng.choice(_RUN_ENDS)


def pad(text: str, factor: int, seed: int = 5) -> str:
    """``text`` with its lines padded by white-space runs ``factor`` times as long as an extractor's usual ones."""
    rng = random.Random(seed)
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            out.append(_run(rng, 4 * factor) if rng.random() < 0.5 else line)
            continue
        words = line.split(" ")
        gaps = [_run(rng, 5 * factor) if i % 6 == 5 else " " for i in range(len(words) - 1)]
        body = "".join(w + g for w, g in zip(words, [*gaps, ""], strict=True))
        out.append(_run(rng, 2 * factor) + body + _run(rng, 3 * factor))
    return "\n".join(out)


def page_sample(kilobytes: float, seed: int = 7) -> list[str]:
    """Whole-page documents (a fixed random choice) of about ``kilobytes`` kB in all."""
    paths = speed_corpora.files(speed_corpora.base("pages"))
    random.Random(seed).shuffle(paths)
    texts: list[str] = []
    total = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if len(text) > 4 * kilobytes * 1e3 / 10:  # no single page dominates the sample
            continue
        texts.append(text)
        total += len(text.encode("utf-8"))
        if total >= kilobytes * 1e3:
            break
    return texts


def _mb(texts: Sequence[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def cpu_per_mb(engine: Engine, texts: Sequence[str], warm: str) -> float:
    """CPU seconds per MB of ``engine.check`` over ``texts`` (after checking ``warm`` once)."""
    engine.check(warm)
    started = time.process_time()
    for text in texts:
        engine.check(text)
    return (time.process_time() - started) / _mb(texts)


@dataclass
class RuleGrowth:
    code: str
    per_mb: dict[int, float]

    @property
    def growth(self) -> float:
        """Cost per MB at the longest runs over the cost per MB at the next longest (the last step, 4x -> 16x).

        Padding changes what the text is made of (at 1x most bytes are words, at 4x most are white space),
        so a linear rule's cost per MB moves a little from 1x to 4x; from 4x to 16x it stays flat, where a
        pattern quadratic in the run length costs about 4 times as much per MB.
        """
        factors = sorted(self.per_mb)
        before, last = self.per_mb[factors[-2]], self.per_mb[factors[-1]]
        return last / before if before > 0 else 1.0

    @property
    def overall(self) -> float:
        """Cost per MB at the longest runs over the cost per MB at the shortest."""
        first, last = self.per_mb[min(self.per_mb)], self.per_mb[max(self.per_mb)]
        return last / first if first > 0 else 1.0


def padded_growth(texts: Sequence[str], factors: Sequence[int] = FACTORS) -> tuple[list[RuleGrowth], dict[int, float]]:
    """Each default rule alone, and all together, on ``texts`` padded at each factor: CPU s/MB."""
    padded = {f: [pad(t, f) for t in texts] for f in factors}
    warm = texts[0][:2000]
    everything = Engine()
    for factor in factors:  # first-use loading and caches: every measurement below starts equally warm
        cpu_per_mb(everything, padded[factor], warm)
    codes = [rule.code for rule in everything.rules]
    out = []
    for code in codes:
        engine = Engine(Config(select=(code,)))
        out.append(RuleGrowth(code, {f: cpu_per_mb(engine, padded[f], warm) for f in factors}))
    return out, {f: cpu_per_mb(everything, padded[f], warm) for f in factors}


#: A pattern quadratic in the run length (issue 19: 9 s/MB on space-padded page text): the control that shows
#: the padded texts catch what they are for.
QUADRATIC_CONTROL = r" +[,.;:!?]"


def control_per_mb(texts: Sequence[str], factors: Sequence[int] = FACTORS) -> dict[int, float]:
    """CPU s/MB of ``re.finditer(QUADRATIC_CONTROL)`` over ``texts`` padded at each factor."""
    import re

    pattern = re.compile(QUADRATIC_CONTROL)
    out = {}
    for factor in factors:
        padded = [pad(t, factor) for t in texts]
        started = time.process_time()
        for text in padded:
            for _ in pattern.finditer(text):
                pass
        out[factor] = (time.process_time() - started) / _mb(padded)
    return out


def _phrase_pack(count: int, folder: Path, vocabulary: Sequence[str]) -> Path:
    rng = random.Random(count)
    phrases = sorted({" ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 6))) for _ in range(count)})
    lines = [
        "description: benchmark pack (random phrases)",
        "source: bench/speed_linear.py",
        "rules:",
        "  - code: BP991",
        "    name: benchmark-phrases",
        "    kind: lines",
        "    summary: random phrases",
        "    phrases:",
        *(f"      - '{p}'" for p in phrases),
    ]
    path = folder / f"phrases-{count}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def pack_phrase_costs(texts: Sequence[str], counts: Sequence[int]) -> dict[int, tuple[float, float]]:
    """(rules load s, check CPU s/MB) of the default rules plus a ``lines`` pack of each number of phrases."""
    vocabulary = sorted({w for t in texts for w in t.split() if w.isalpha() and w.isascii()})
    out: dict[int, tuple[float, float]] = {}
    cpu_per_mb(Engine(), texts, texts[0][:2000])  # first-use loading and caches: each count starts equally warm
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            config = Config(extend_rules=(str(_phrase_pack(count, Path(tmp), vocabulary)),)) if count else Config()
            started = time.process_time()
            engine = Engine(config)
            loaded = time.process_time() - started
            out[count] = (loaded, cpu_per_mb(engine, texts, texts[0][:2000]))
    return out
