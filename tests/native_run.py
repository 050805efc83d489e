"""Print, as JSON, what the engine finds and fixes on every fixture and on real whole-page text.

``tests/test_native.py`` runs this twice, in child processes: on the compiled kernels and with
``TEXTFIX_PURE_PYTHON=1``, and compares the two outputs (the path is chosen at import, once per
process). Each fixture runs in its own scope (its rule, its family, or every default rule); the
pages (``tests/data/native/pages.json.gz``) run with every default rule.

    python -m tests.native_run > out.json
"""

from __future__ import annotations

import gzip
import json
import sys
from typing import Any

from tests.conftest import ROOT
from tests.fixture_cases import cases, engine_for
from textfix import Config, Engine, native
from textfix.model import Finding

PAGES = ROOT / "tests" / "data" / "native" / "pages.json.gz"


def page_texts() -> dict[str, str]:
    """Name -> whole-page text (what inscriptis kept of real pages; see tests/data/native/README.md)."""
    with gzip.open(PAGES, "rt", encoding="utf-8") as handle:
        pages: dict[str, str] = json.load(handle)
    return pages


def _finding(finding: Finding) -> list[Any]:
    fix = finding.fix
    edits = None if fix is None else [fix.applicability.value, [[e.start, e.end, e.replacement] for e in fix.edits]]
    return [finding.code, finding.start, finding.end, finding.message, edits, finding.confidence, finding.properties]


def _outcome(engine: Engine, text: str, path: str) -> dict[str, Any]:
    return {
        "findings": [_finding(f) for f in engine.check(engine.document(text, path))],
        "safe": engine.fix(engine.document(text, path)).text,
        "unsafe": engine.fix(engine.document(text, path), unsafe=True).text,
    }


def outcomes() -> dict[str, Any]:
    """Name -> findings and fixed texts, for every fixture case and every page."""
    results: dict[str, Any] = {}
    for case in cases():
        results[case.id] = _outcome(engine_for(case), case.read(), str(case.path.relative_to(ROOT)))
    engine = Engine(Config())
    for name, text in sorted(page_texts().items()):
        results[name] = _outcome(engine, text, f"{name}.txt")
    return results


def main() -> None:
    json.dump({"compiled": native.COMPILED, "outcomes": outcomes()}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
