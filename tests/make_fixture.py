"""Write a fixture case's expectations from what textfix does today, for you to review.

    python -m tests.make_fixture fixtures/spacing/SP101/patriotism.txt [more cases...]

For a rule case it writes ``<case>.findings.json`` and, where the text changes,
``<case>.fixed.txt`` / ``<case>.unsafe.txt`` (and removes stale ones); for a ``clean/`` case it
only reports. It prints each finding with the text it covers. The files it writes are a
draft: read them, and commit only what the rule *should* do (a case where it should do
something else belongs in ``known-failures/``, with the expectation written by hand).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.fixture_cases import CLEAN, FINDINGS, Case, cases, dump_findings, run


def _case(path: Path) -> Case:
    wanted = path.resolve()
    for case in cases():
        if case.path.resolve() == wanted:
            return case
    msg = f"{path} is not a fixture input (see tests/fixture_cases.py for the layout)"
    raise SystemExit(msg)


def _write(path: Path, text: str | None) -> None:
    if text is None:
        if path.exists():
            path.unlink()
            print(f"  removed {path}")
        return
    path.write_text(text, encoding="utf-8")
    print(f"  wrote {path}")


def make(case: Case) -> None:
    outcome = run(case)
    print(f"{case.id} ({case.scope}):")
    for finding in outcome.findings:
        span = f"{finding['start']}..{finding['end']}"
        print(f"  {finding['code']} {span} {finding['applicability']}: {finding['text']!r}")
    if case.scope == CLEAN:
        safe = [f for f in outcome.findings if f["applicability"] == "safe"]
        changed = outcome.fixed != case.read()
        print(f"  clean: {'CHANGED' if changed else 'unchanged'}, {len(safe)} safe findings")
        return
    if case.known_failure:
        print("  known failure: write the expectations by hand")
        return
    original = case.read()
    _write(case.beside(FINDINGS), dump_findings(outcome.findings))
    _write(case.beside(".fixed"), outcome.fixed if outcome.fixed != original else None)
    _write(case.beside(".unsafe"), outcome.unsafe if outcome.unsafe != outcome.fixed else None)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for arg in argv:
        make(_case(Path(arg)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
