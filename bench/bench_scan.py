"""Speed of the document scanner's kernels (``textfix.native._scan``): compiled C against the pure reference.

CPU time (``time.process_time``), best of two, in-process, each kernel on the inputs its family
gives it, on clean prose (``bench/data/clean-prose/sotu``, 10.8 MB; ``--quick``: its first 40
files) and on whole-page text (``bench_native.page_sample``: 5 MB, ``--quick`` 1 MB):

- ``letter_run_counts``: every letter run of each document counted (the fused-word vocabulary
  of a document that asks about many words);
- ``find_whole_run``: the whole-letter-run occurrences of 64 of each document's words, walked
  to the end (the vocabulary's targeted searches and the places the family repairs);
- ``equal_word_pairs``: the doubled-word candidates of each document (SP103's input).

    python -m bench scan            # python -m bench scan --quick
"""

from __future__ import annotations

from collections.abc import Callable

from bench.bench_native import page_sample
from bench.common import Row, best_cpu, clean_prose_texts, megabytes
from textfix.families.spacing.rules import doubled_word_input
from textfix.native import pure

try:
    from textfix.native import _scan
except ImportError:  # built without a C compiler
    _scan = None  # type: ignore[assignment]


def _walk(find: Callable[[str, str, int], int], text: str, words: list[str]) -> int:
    found = 0
    for word in words:
        at = find(text, word, 0)
        while at != -1:
            found += 1
            at = find(text, word, at + len(word))
    return found


def _rows(corpus: str, texts: list[str]) -> list[Row]:
    assert _scan is not None
    mb = megabytes(texts)
    words = [list(pure.letter_run_counts(text))[::7][:64] for text in texts]
    inputs = [doubled_word_input(text) for text in texts]
    jobs: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
        "letter_run_counts": (
            lambda: [_scan.letter_run_counts(text) for text in texts],
            lambda: [pure.letter_run_counts(text) for text in texts],
        ),
        "find_whole_run (64 words a document)": (
            lambda: [_walk(_scan.find_whole_run, text, w) for text, w in zip(texts, words, strict=True)],
            lambda: [_walk(pure.find_whole_run, text, w) for text, w in zip(texts, words, strict=True)],
        ),
        "equal_word_pairs": (
            lambda: [_scan.equal_word_pairs(*args) for args in inputs],
            lambda: [pure.equal_word_pairs(*args) for args in inputs],
        ),
    }
    rows = []
    note = f"{len(texts)} documents, {mb:.1f} MB"
    for name, (compiled, reference) in jobs.items():
        fast, slow = best_cpu(compiled), best_cpu(reference)
        rows.append(Row("scan", f"{name}, {corpus}, compiled: CPU s", round(fast, 3), note=note))
        rows.append(Row("scan", f"{name}, {corpus}, pure: CPU s", round(slow, 3), note=note))
        rows.append(Row("scan", f"{name}, {corpus}: speed-up compiled/pure", round(slow / max(fast, 1e-9), 2)))
    return rows


def run(quick: bool) -> list[Row]:
    """The kernel rows on clean prose and on page text."""
    if _scan is None:
        return [Row("scan", "compiled scanner", "not built (no C compiler at install time)")]
    prose = [text for _, text in clean_prose_texts()]
    if quick:
        prose = prose[:40]
    return _rows("clean prose", prose) + _rows("pages", page_sample(1.0 if quick else 5.0))
