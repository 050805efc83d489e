"""Coverage-guided fuzzing of ``check`` and ``fix`` with atheris (``pip install -e '.[bench]'``).

    python -m bench.fuzz -max_total_time=600 -max_len=512 -rss_limit_mb=2048 -timeout=60   # ten minutes
    python -m bench.fuzz -runs=20000 bench/fuzz-corpus/            # a corpus folder (grows)

Each input becomes a plain-text and a Markdown document (pieces of arbitrary code points
and fragments that make rules fire; lone surrogates too unless
``TEXTFIX_FUZZ_SURROGATES=0``), and the target asserts what must hold on any ``str``:

- ``check`` and ``fix`` raise nothing but :class:`~textfix.errors.ConvergenceError`
  (counted, reported at the end) or a soft time-budget stop;
- every finding and edit lies inside the text;
- ``fix`` is idempotent (safe and unsafe);
- no proposed edit touches a protected span (URLs, e-mail addresses, Markdown code),
  and every protected span comes out byte for byte, in order.

Atheris stops at the first failed assertion and writes the input to ``crash-*``.
"""

from __future__ import annotations

import atexit
import os
import sys

import atheris

with atheris.instrument_imports():
    from textfix import Config, Engine
    from textfix.core.applier import touches
    from textfix.core.document import Document
    from textfix.errors import ConvergenceError

ENGINES = (Engine(), Engine(Config(unsafe_fixes=True)))
SEEDS = ("donâ€™t ", "cafÃ© ", "&amp; ", "Source link\n", "the the ", " , ", "http://example.com/a_b ", "`x` ", "\x1f")
STATS = {"runs": 0, "convergence": 0}
#: Lone surrogates too, unless ``TEXTFIX_FUZZ_SURROGATES=0``.
SURROGATES = os.environ.get("TEXTFIX_FUZZ_SURROGATES", "1") != "0"


def _text(data: bytes) -> str:
    provider = atheris.FuzzedDataProvider(data)
    parts = []
    while provider.remaining_bytes():
        choice = provider.ConsumeIntInRange(0, 3)
        if choice == 0:
            parts.append(SEEDS[provider.ConsumeIntInRange(0, len(SEEDS) - 1)])
        elif choice == 1 or not SURROGATES:
            parts.append(provider.ConsumeUnicodeNoSurrogates(8))
        else:
            parts.append(provider.ConsumeUnicode(8))
    return "".join(parts)


def protected_survive(before: Document, after: str) -> bool:
    """Whether every protected span of ``before`` comes out byte for byte, in order, in ``after``."""
    pos = 0
    for start, end in before.non_prose:
        found = after.find(before.text[start:end], pos)
        if found == -1:
            return False
        pos = found + (end - start)
    return True


def check_one(text: str, path: str) -> None:
    """The properties of the module docstring on one document."""
    for engine in ENGINES:
        doc = Document(text, path=path)
        for finding in engine.check(doc):
            assert 0 <= finding.start <= finding.end <= len(text), finding
            for edit in finding.fix.edits if finding.fix else ():
                assert edit.end <= len(text), finding
                assert not touches(doc.non_prose, edit) or finding.code == "TF001", (finding, doc.non_prose)
        try:
            result = engine.fix(doc)
        except ConvergenceError:
            STATS["convergence"] += 1
            continue
        if "textfix:" not in text:  # TF001 may remove a directive comment (protected in Markdown)
            assert protected_survive(doc, result.text), "a protected span changed"
        assert engine.fix(Document(result.text, path=path)).text == result.text, "not idempotent"


def test_one_input(data: bytes) -> None:
    STATS["runs"] += 1
    text = _text(data)
    check_one(text, "fuzz.txt")
    check_one(text, "fuzz.md")


def _summary() -> None:
    print(f"fuzz: {STATS['runs']} inputs, {STATS['convergence']} convergence errors", file=sys.stderr)


def main() -> None:
    atexit.register(_summary)  # atheris exits the process itself
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
