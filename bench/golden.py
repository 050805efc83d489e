"""Golden comparison: every finding and every fixed text, to show a refactor changes no behaviour.

    python -m bench.golden record OUT.json.gz     # with the code as it is now
    python -m bench.golden record OUT.json.gz --every 7   # every 7th document only (a quick check)
    python -m bench.golden compare A.json.gz B.json.gz
    python -m bench.golden compare FULL.json.gz SAMPLE.json.gz --shared   # only the documents both hold

The corpus: every fixture, the seed, the clean prose, and the texts seven real extractors kept of
the 1,120 dev pages (``bench/data/scraped``), about 8,000 documents. Per document it records the
findings of ``check`` (code, name, category, span, message, fix) and the texts ``fix`` gives with
safe and with unsafe fixes. ``compare`` lists the documents that differ, with the first difference.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"


def corpus() -> Iterator[tuple[str, str]]:
    """(name, text) of every document of the golden corpus, in a fixed order."""
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.is_file() and path.suffix in {".txt", ".md"}:
            yield f"fixtures/{path.relative_to(ROOT / 'fixtures')}", path.read_text(encoding="utf-8")
    for path in sorted((DATA / "clean-prose").rglob("*.txt")):
        yield f"clean-prose/{path.name}", path.read_text(encoding="utf-8")
    for name in ("readability-pages", "trafilatura-pages"):
        with gzip.open(DATA / "scraped" / f"{name}.json.gz", "rt", encoding="utf-8") as handle:
            pages = json.load(handle)
        for page in sorted(pages):
            for extractor, text in sorted(pages[page]["outputs"].items()):
                if text:
                    yield f"{name}/{page}/{extractor}", text


def _finding(finding: object) -> list[object]:
    fix = getattr(finding, "fix", None)
    fix_record = None
    if fix is not None:
        fix_record = [fix.applicability.value, [[e.start, e.end, e.replacement] for e in fix.edits]]
    return [
        finding.code,  # type: ignore[attr-defined]
        finding.name,  # type: ignore[attr-defined]
        finding.category.value,  # type: ignore[attr-defined]
        finding.start,  # type: ignore[attr-defined]
        finding.end,  # type: ignore[attr-defined]
        finding.message,  # type: ignore[attr-defined]
        fix_record,
    ]


def record(out: Path, every: int = 1) -> None:
    import textfix

    engine = textfix.Engine(textfix.Config())
    results = {}
    for index, (name, text) in enumerate(corpus()):
        if index % every:
            continue
        path = name if name.endswith((".md", ".txt")) else f"{name}.txt"
        doc = engine.document(text, path)
        findings = [_finding(f) for f in engine.check(doc)]
        safe = engine.fix(engine.document(text, path)).text
        unsafe = engine.fix(engine.document(text, path), unsafe=True).text
        results[name] = {"findings": findings, "safe": safe, "unsafe": unsafe}
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=False)
    print(f"{len(results)} documents recorded in {out}")


def compare(a: Path, b: Path, shared: bool = False) -> int:
    with gzip.open(a, "rt", encoding="utf-8") as handle:
        left = json.load(handle)
    with gzip.open(b, "rt", encoding="utf-8") as handle:
        right = json.load(handle)
    names = set(left) & set(right) if shared else set(left) | set(right)
    differ = 0
    for name in sorted(names):
        if left.get(name) == right.get(name):
            continue
        differ += 1
        if differ <= 20:
            old, new = left.get(name) or {}, right.get(name) or {}
            for key in ("findings", "safe", "unsafe"):
                if old.get(key) != new.get(key):
                    print(f"{name}: {key} differs")
                    if key == "findings":
                        gone = [f for f in old.get(key, []) if f not in new.get(key, [])]
                        came = [f for f in new.get(key, []) if f not in old.get(key, [])]
                        print(f"  only before: {gone[:3]}\n  only after: {came[:3]}")
    print(f"{len(names)} documents{' (held by both)' if shared else ''}, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["record"]:
        every = int(sys.argv[sys.argv.index("--every") + 1]) if "--every" in sys.argv else 1
        record(Path(sys.argv[2]), every)
    elif sys.argv[1:2] == ["compare"]:
        raise SystemExit(compare(Path(sys.argv[2]), Path(sys.argv[3]), shared="--shared" in sys.argv))
    else:
        raise SystemExit(__doc__)
