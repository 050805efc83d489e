"""Fused words: precision and recall of inserted spaces, false positives on clean prose, speed.

Scoring (see bench/data/README.md for the data):

* ACL and arXiv.pdftotext: ``corrupt.txt`` and ``correct.txt`` differ only in spaces.
  Each line is a document; every gap between two non-space characters where the
  corrupt line has no space is scored. A space inserted where ``correct.txt`` has one
  is a true positive, elsewhere a false positive. Gaps are reported apart: case or
  punctuation boundaries (``[a-z][A-Z]``, ``[.,;:!?][A-Za-z]``) and the rest (mostly
  lower-case run-ons). Spurious spaces in the corrupt text are left alone.
* codespell run-on words, each embedded in a clean sentence: right when the sentence
  comes out with exactly the expected split, wrong when it changes otherwise.
* Clean prose (State of the Union addresses): every insertion is a false positive.
* wordninja and wordsegment on the same cases, run on every letter run of a line (the
  way a plain segmenter is used), and on the codespell tokens.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import regex

from bench.common import DATA, Row, clean_prose_texts, megabytes, throughput
from textfix import Config, Engine
from textfix.core.document import Document
from textfix.model import Applicability

FUSED = DATA / "fused"
SETS = ("ACL", "arXiv.pdftotext")
SENTENCE = "Yesterday the committee said that {} would be discussed again next week."
_LETTER_RUN = regex.compile(r"[A-Za-z]{2,}")
_PUNCT = frozenset(".,;:!?")

Segmenter = Callable[[str], list[str]]


def gap_spaces(line: str) -> tuple[str, set[int]]:
    """The line without whitespace, and the gaps (index of the following char) that had a space."""
    chars: list[str] = []
    gaps: set[int] = set()
    for ch in line:
        if ch.isspace():
            if chars:
                gaps.add(len(chars))
        else:
            chars.append(ch)
    return "".join(chars), gaps


def boundary_kind(compact: str, gap: int) -> str:
    """``case-punct`` for ``[a-z][A-Z]`` and ``[.,;:!?][A-Za-z]`` gaps, else ``run-on``."""
    left, right = compact[gap - 1], compact[gap]
    if (left.islower() and right.isupper()) or (left in _PUNCT and right.isalpha()):
        return "case-punct"
    return "run-on"


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    positives: Counter[str] = field(default_factory=Counter)
    false_examples: list[str] = field(default_factory=list)

    def precision(self, kind: str | None = None) -> float:
        tp = sum(self.tp.values()) if kind is None else self.tp[kind]
        fp = sum(self.fp.values()) if kind is None else self.fp[kind]
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, kind: str | None = None) -> float:
        tp = sum(self.tp.values()) if kind is None else self.tp[kind]
        pos = sum(self.positives.values()) if kind is None else self.positives[kind]
        return tp / pos if pos else 1.0

    def inserted(self, kind: str | None = None) -> int:
        if kind is None:
            return sum(self.tp.values()) + sum(self.fp.values())
        return self.tp[kind] + self.fp[kind]


def load_pairs(name: str, quick: bool) -> list[tuple[str, str]]:
    corrupt = (FUSED / name / "corrupt.txt").read_text(encoding="utf-8").split("\n")
    correct = (FUSED / name / "correct.txt").read_text(encoding="utf-8").split("\n")
    pairs = list(zip(corrupt, correct, strict=True))
    return pairs[:2000] if quick else pairs


def score_insertions(
    pairs: Iterable[tuple[str, str]], insert_gaps: Callable[[str], Iterable[tuple[int, str]]]
) -> Score:
    """Score the gaps at which ``insert_gaps(line)`` inserts a space, tagged by a label."""
    score = Score()
    for corrupt, correct in pairs:
        compact, have = gap_spaces(corrupt)
        compact_ok, want = gap_spaces(correct)
        assert compact == compact_ok
        for gap in want - have:
            score.positives[boundary_kind(compact, gap)] += 1
        seen: set[int] = set()
        for gap, label in insert_gaps(corrupt):
            if gap in have or gap in seen or not 0 < gap < len(compact):
                continue
            seen.add(gap)
            kind = boundary_kind(compact, gap)
            if gap in want:
                score.tp[kind] += 1
                score.tp[f"{label}:{kind}"] += 1
            else:
                score.fp[kind] += 1
                score.fp[f"{label}:{kind}"] += 1
                if len(score.false_examples) < 12:
                    score.false_examples.append(f"{label} {compact[max(0, gap - 12) : gap]}|{compact[gap : gap + 12]}")
    return score


def textfix_gaps(engine: Engine, allowed: frozenset[Applicability]) -> Callable[[str], list[tuple[int, str]]]:
    def gaps(line: str) -> list[tuple[int, str]]:
        out = []
        for finding in engine.check(Document(line)):
            if finding.fix is None or finding.fix.applicability not in allowed:
                continue
            for edit in finding.fix.edits:
                if " " in edit.replacement and edit.start == edit.end:
                    before = line[: edit.start]
                    gap = len(before) - sum(ch.isspace() for ch in before)
                    out.append((gap, f"{finding.code}/{finding.fix.applicability.value}"))
        return out

    return gaps


def segmenter_gaps(segment: Segmenter, label: str) -> Callable[[str], list[tuple[int, str]]]:
    def gaps(line: str) -> list[tuple[int, str]]:
        out = []
        for match in _LETTER_RUN.finditer(line):
            words = segment(match.group())
            if len(words) < 2 or "".join(words).lower() != match.group().lower():
                continue
            offset = match.start()
            for word in words[:-1]:
                offset += len(word)
                before = line[:offset]
                out.append((len(before) - sum(ch.isspace() for ch in before), label))
        return out

    return gaps


def segmenters() -> dict[str, Segmenter]:
    import wordninja
    import wordsegment

    wordsegment.load()
    return {"wordninja": wordninja.split, "wordsegment": wordsegment.segment}


def codespell_cases() -> list[tuple[str, str]]:
    with (FUSED / "codespell-run-on-words.tsv").open(encoding="utf-8") as handle:
        return [(row["fused"], row["split"]) for row in csv.DictReader(handle, delimiter="\t")]


def score_codespell(fix: Callable[[str], str]) -> tuple[int, int, int]:
    """(right, wrong, unchanged) over the codespell cases embedded in a sentence."""
    right = wrong = unchanged = 0
    for fused, split in codespell_cases():
        given = SENTENCE.format(fused)
        got = fix(given)
        if got == SENTENCE.format(split):
            right += 1
        elif got == given:
            unchanged += 1
        else:
            wrong += 1
    return right, wrong, unchanged


def score_codespell_segmenter(segment: Segmenter) -> tuple[int, int, int]:
    right = wrong = unchanged = 0
    for fused, split in codespell_cases():
        words = segment(fused)
        if len(words) < 2:
            unchanged += 1
        elif " ".join(words).lower() == split.lower():
            right += 1
        else:
            wrong += 1
    return right, wrong, unchanged


def page_texts() -> list[tuple[str, str]]:
    """(name, text) of the main content of the real web pages, read with inscriptis."""
    import gzip

    from inscriptis import get_text

    out = []
    for path in sorted((DATA / "pages").glob("*/expected.html.gz")):
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        out.append((path.parent.name, get_text(html)))
    return out


def score_pages(engine: Engine, quick: bool) -> list[Row]:
    """Insertions on real web pages (no reference: every finding is listed for inspection)."""
    pages = page_texts()
    if quick:
        pages = pages[:30]
    words = sum(len(text.split()) for _, text in pages)
    by_rule: Counter[str] = Counter()
    listed: list[str] = []
    for name, text in pages:
        for finding in engine.check(Document(text)):
            by_rule[finding.code] += 1
            snippet = text[max(0, finding.start - 25) : finding.end + 25].replace("\n", " ")
            listed.append(f"{finding.code} {name}: {snippet}")
    return [
        Row(
            "fused",
            "web pages (readability expected content): findings per rule",
            str(dict(sorted(by_rule.items()))),
            note=f"{len(pages)} pages, {words} words; listed in results json",
            extra={"findings": listed},
        )
    ]


LOST_SPACES_FILE = "2017_donald_j_trump_r.txt"


def all_count_without(by_file: Counter[str], name: str) -> int:
    return sum(count for key, count in by_file.items() if not key.startswith(f"{name}:"))


def generated_rows(engine: Engine, quick: bool) -> list[Row]:
    """Fusions at random word boundaries: English report half, then German, French, Spanish."""
    from bench.fused_damage import TYPES, damaged_corpus
    from bench.fused_generated import score_generated

    rows: list[Row] = []
    modes = (
        ("safe", frozenset({Applicability.SAFE})),
        ("safe+unsafe", frozenset({Applicability.SAFE, Applicability.UNSAFE})),
    )
    for lang, half in (("en", "report"), ("de", "all"), ("fr", "all"), ("es", "all")):
        for mode, allowed in modes:
            docs = list(damaged_corpus(lang, half, GENERATED_RATE, 1))
            if quick:
                docs = docs[:30]
            score = score_generated(engine, docs, allowed)
            name = f"generated {lang} ({half} half) {mode}"
            rows.append(
                Row(
                    "fused",
                    f"{name} precision",
                    score.precision(),
                    ">= 0.98",
                    f"right {dict(score.right)}, wrong {dict(score.wrong)}; {score.words} words",
                    extra={"wrong": score.wrong_examples, "missed": score.missed_examples},
                )
            )
            rows.append(Row("fused", f"{name} recall", score.recall(), ">= 0.9", f"{sum(score.gold.values())} fusions"))
            rows.append(Row("fused", f"{name} exact repairs", score.exact_rate()))
            if lang == "en" or mode == "safe+unsafe":
                by_type = {
                    kind: f"{score.gold[kind]}: R {score.recall(kind):.3f} exact {score.exact_rate(kind):.3f}"
                    for kind in TYPES
                }
                rows.append(Row("fused", f"{name} by type (fusions: recall, exact)", str(by_type)))
    return rows


def markup_rows(quick: bool) -> list[Row]:
    """Edits inside markup lines: the real HTML sources of the web pages read as plain text, every rule."""
    import gzip

    engine = Engine(Config(select=("ALL",), options={"fused-word": {"safe-at": 0.0}}))
    pages = sorted((DATA / "pages").glob("*/source.html.gz"))
    if quick:
        pages = pages[:10]
    lines = inside = 0
    examples: list[str] = []
    for path in pages:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")[:200_000]
        markup_lines = [(m.start(), m.end()) for m in regex.finditer(r"(?m)^[ \t]*<[^\n]*>[ \t]*$", html)]
        lines += len(markup_lines)
        starts = [start for start, _ in markup_lines]
        import bisect

        for finding in engine.check(Document(html)):
            if finding.fix is None:
                continue
            for edit in finding.fix.edits:
                index = bisect.bisect_right(starts, edit.start) - 1
                if index >= 0 and edit.start < markup_lines[index][1]:
                    inside += 1
                    if len(examples) < 20:
                        examples.append(f"{finding.code} {html[max(0, edit.start - 30) : edit.end + 30]!r}")
    return [
        Row(
            "fused",
            "edits inside markup lines (real HTML sources as plain text, every rule, every tier)",
            inside,
            "== 0",
            f"{lines} markup lines in {len(pages)} pages",
            extra={"examples": examples},
        )
    ]


def adversarial_rows(engine: Engine) -> list[Row]:
    """time(10 MB) / time(1 MB) on inputs that were quadratic (issue 16): target <= 15."""
    import time

    rows: list[Row] = []
    for label, unit in (
        ("one letter", "a"),
        ("ab,cd", "ab,cd"),
        ("Latin/Cyrillic", "abcабв"),
        ("no spaces", "wordWord.Next"),
    ):
        timings: list[float] = []
        for size in (1_000_000, 10_000_000):
            text = (unit * (size // len(unit) + 1))[:size]
            started = time.perf_counter()
            engine.check(Document(text))
            timings.append(time.perf_counter() - started)
        ratio = timings[1] / timings[0] if timings[0] > 0 else 0.0
        rows.append(
            Row(
                "fused",
                f"adversarial {label}: time(10 MB) / time(1 MB)",
                ratio,
                "<= 15",
                f"{timings[0]:.2f} s, {timings[1]:.2f} s",
            )
        )
    return rows


def first_pass_speed(engine: Engine, texts: list[str]) -> float:
    """MB/s of one pass with every cache of the family cold (a fresh process, word lists loaded)."""
    import time

    from textfix.core import chunks
    from textfix.families.fused_word import candidates, segment

    chunks._plain.clear()
    candidates.leads.cache_clear()
    segment.forget()
    started = time.perf_counter()
    for text in texts:
        engine.check(text)
    return megabytes(texts) / (time.perf_counter() - started)


#: Share of word boundaries the generator fuses.
GENERATED_RATE = 0.03


def run(quick: bool) -> list[Row]:
    """Every row: textfix's and the peer segmenters' (``run_textfix`` alone skips the peers)."""
    return run_textfix(quick, peers=True)


def run_textfix(quick: bool, peers: bool = False) -> list[Row]:
    """The rows of textfix, with the peer segmenters' rows when ``peers``.

    ``python -c "from bench.bench_fused import main_textfix; main_textfix()"`` prints them.
    """
    engine = Engine(Config(select=("fused-word",)))
    safe = frozenset({Applicability.SAFE})
    every = frozenset({Applicability.SAFE, Applicability.UNSAFE})
    rows: list[Row] = []
    others = segmenters() if peers else {}
    for name in SETS:
        pairs = load_pairs(name, quick)
        for mode, allowed in (("safe", safe), ("safe+unsafe", every)):
            score = score_insertions(pairs, textfix_gaps(engine, allowed))
            prefix = f"{name} textfix {mode}"
            for kind in ("case-punct", "run-on"):
                rows.append(
                    Row(
                        "fused",
                        f"{prefix} {kind} precision",
                        score.precision(kind) if score.inserted(kind) else "n/a",
                        ">= 0.98" if kind == "case-punct" else "",
                        f"{score.inserted(kind)} inserted",
                    )
                )
                rows.append(
                    Row(
                        "fused",
                        f"{prefix} {kind} recall",
                        score.recall(kind),
                        ">= 0.8" if kind == "case-punct" else "",
                        f"{score.positives[kind]} missing spaces",
                    )
                )
            per_rule = {
                key: (score.tp[key], score.fp[key]) for key in sorted(set(score.tp) | set(score.fp)) if ":" in key
            }
            rows.append(
                Row(
                    "fused",
                    f"{prefix} per rule (tp, fp)",
                    str(per_rule),
                    extra={"false_examples": score.false_examples},
                )
            )
        gold_hits: list[str] = []
        for _, correct in pairs:
            for finding in engine.check(Document(correct)):
                if finding.code == "FW101" and correct[finding.start] in ".!?":
                    gold_hits.append(correct[max(0, finding.start - 30) : finding.end + 30])
        rows.append(
            Row(
                "fused",
                f"{name} FW101 after .!? firing on correct.txt (reference errors or false positives)",
                len(gold_hits),
                note="examples in results json",
                extra={"examples": gold_hits[:30]},
            )
        )
        for label, segment in others.items():
            sample = pairs[:500] if quick else pairs
            score = score_insertions(sample, segmenter_gaps(segment, label))
            for kind in ("case-punct", "run-on"):
                rows.append(
                    Row(
                        "fused",
                        f"{name} {label} {kind} precision / recall",
                        f"{score.precision(kind):.3f} / {score.recall(kind):.3f}",
                        note=f"{score.inserted(kind)} inserted, {len(sample)} lines",
                    )
                )

    def fix_all(text: str) -> str:
        return engine.fix(text, unsafe=True).text

    right, wrong, unchanged = score_codespell(fix_all)
    rows.append(Row("fused", "codespell run-ons textfix (right, wrong, unchanged)", f"{right}, {wrong}, {unchanged}"))
    for label, segment in others.items():
        right, wrong, unchanged = score_codespell_segmenter(segment)
        rows.append(
            Row("fused", f"codespell run-ons {label} (right, wrong, unchanged)", f"{right}, {wrong}, {unchanged}")
        )

    seed_cases = {
        "Vladimir Putinalthough not giving up": "Vladimir Putin although not giving up",
        "escalating beyond UkraineIf this turns into": "escalating beyond Ukraine. If this turns into",
        "massacre of Russian troops in Bukha.In addition, the": "massacre of Russian troops in Bukha. In addition, the",
    }
    exact = sum(fix_all(given) == want for given, want in seed_cases.items())
    rows.append(Row("fused", "seed cases fixed exactly (unsafe fixes on)", exact, "== 3"))
    for label, segment in others.items():
        shown = {w: " ".join(segment(w)) for w in ("Putinalthough", "UkraineIf", "Donbas", "Bukha")}
        rows.append(Row("fused", f"{label} on seed tokens", str(shown)))

    rows.extend(score_pages(engine, quick))
    texts = [text for _, text in clean_prose_texts()]
    if quick:
        texts = texts[:40]
    words = sum(len(t.split()) for t in texts)
    inserted: Counter[str] = Counter()
    by_file: Counter[str] = Counter()
    examples: list[str] = []
    for path, text in clean_prose_texts():
        if quick and text not in texts:
            continue
        for finding in engine.check(Document(text)):
            if finding.fix is None:
                continue
            inserted[f"{finding.code}:{finding.fix.applicability.value}"] += 1
            by_file[f"{path.name}:{finding.code}"] += 1
            examples.append(f"{finding.code} {text[max(0, finding.start - 25) : finding.end + 25]}")
    safe_count = sum(v for k, v in inserted.items() if k.endswith(":safe"))
    rows.append(Row("fused", "clean prose safe insertions per 100k words", safe_count * 1e5 / words, "<= 1"))
    # 2017_donald_j_trump_r.txt really lost the space after 66 sentence ends ("government.We have"):
    # those insertions are repairs, not false positives. The figure without that file:
    others_count = all_count_without(by_file, LOST_SPACES_FILE)
    rows.append(
        Row(
            "fused",
            f"clean prose all insertions per 100k words, without {LOST_SPACES_FILE}",
            others_count * 1e5 / words,
            "<= 1",
            f"{others_count} insertions",
        )
    )
    rows.append(
        Row(
            "fused",
            "clean prose all insertions per 100k words",
            sum(inserted.values()) * 1e5 / words,
            "<= 1",
            f"{dict(inserted)} in {words} words",
            extra={"examples": examples, "by_file": dict(by_file.most_common())},
        )
    )
    first = first_pass_speed(engine, texts)
    rows.append(Row("fused", "fused-word check MB/s on clean prose, first pass (caches cold)", first, ">= 20"))
    speed = throughput(engine.check, texts, repeat=3)
    rows.append(Row("fused", "fused-word check MB/s on clean prose", speed, ">= 20", f"{megabytes(texts):.1f} MB"))
    rows.extend(generated_rows(engine, quick))
    rows.extend(markup_rows(quick))
    rows.extend(adversarial_rows(engine))
    return rows


def main_textfix() -> None:
    """Print textfix's rows (full data, no peers) and write them to bench/results/fused-textfix.json."""
    import json
    from dataclasses import asdict

    from bench.__main__ import RESULTS, print_table

    rows = run_textfix(quick=False)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "fused-textfix.json").write_text(
        json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print_table(rows)
