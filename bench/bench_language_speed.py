"""Speed of the document-language view and of the gazetteer: what every document pays for them.

CPU time (``time.process_time``), best of two, documents built (lines, non-prose spans) before
the clock starts:

- ``detect`` (``textfix.lang.document``) over the clean prose (234 State of the Union addresses,
  10.6 MB) and over a 5 MB sample of whole-page text (``bench native``'s), in a child process on
  the compiled word screen (``textfix.native._names``) and one with ``TEXTFIX_PURE_PYTHON=1``;
- the word screen alone: ``WordScreen.counts`` per window of the clean prose, compiled and pure;
- the identifier: ``Identifier.guess`` per distinct line of the page sample (no cache);
- the gazetteer, in a fresh process: loading it, and the first :meth:`Gazetteer.with_name_key`
  (CPU, and the resident memory they add, from ``/proc/self/statm``).

    python -m bench language_speed          # python -m bench language_speed --quick: 1 MB of each
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Row, clean_prose_files

HERE = Path(__file__).resolve().parent

_DETECT = """
import json, sys, time
from textfix import native
from textfix.core.document import Document
from textfix.lang import document, identify
paths = json.loads(sys.argv[1])
texts = [open(p, encoding="utf-8").read() for p in paths]
identify.guess("warm the model up")
best = None
for _ in range(2):
    identify.guess.cache_clear()
    docs = [Document(t) for t in texts]
    for d in docs:
        d.lines, d.non_prose
    started = time.process_time()
    for d in docs:
        document.detect(d)
    elapsed = time.process_time() - started
    best = elapsed if best is None else min(best, elapsed)
print(json.dumps({"seconds": best, "chars": sum(map(len, texts)), "compiled": "_names" in native.BUILT}))
"""

_GAZETTEER = """
import json, time
from textfix.lang.gazetteer import gazetteer, name_key
def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1e6
before = resident()
started = time.process_time()
places = gazetteer()
places.is_place_name("Kyiv")
loaded = time.process_time() - started
started = time.process_time()
places.with_name_key(name_key("Boucha"))
keyed = time.process_time() - started
grown = resident() - before
print(json.dumps({"load": loaded, "keyed": keyed, "rss": grown}))
"""


def _child(code: str, *args: str, pure: bool = False) -> dict[str, float]:
    env = dict(os.environ)
    env.pop("TEXTFIX_PURE_PYTHON", None)
    if pure:
        env["TEXTFIX_PURE_PYTHON"] = "1"
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _page_paths(megabytes: float) -> list[str]:
    from bench.bench_native import page_files

    paths, size = [], 0
    for path in page_files():
        size += path.stat().st_size
        paths.append(str(path))
        if size >= megabytes * 1e6:
            break
    return paths


def _prose_paths(megabytes: float) -> list[str]:
    paths, size = [], 0
    for path in clean_prose_files():
        size += path.stat().st_size
        paths.append(str(path))
        if size >= megabytes * 1e6:
            break
    return paths


def _best(function: object, items: list[str]) -> float:
    assert callable(function)
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        for item in items:
            function(item)
        best = min(best, time.process_time() - started)
    return best


def run(quick: bool) -> list[Row]:
    rows: list[Row] = []
    corpora = {
        "clean prose": _prose_paths(1.0 if quick else 11.0),
        "page text": _page_paths(1.0 if quick else 5.0),
    }
    for corpus, paths in corpora.items():
        for pure in (False, True):
            found = _child(_DETECT, json.dumps(paths), pure=pure)
            label = "pure" if pure or not found["compiled"] else "compiled"
            mb = found["chars"] / 1e6
            rows.append(
                Row(
                    "language_speed",
                    f"detect, {corpus}, {label} screen: ms per million characters (CPU)",
                    round(1000 * found["seconds"] / mb, 1),
                    note=f"{found['seconds']:.3f} s on {mb:.1f} M characters, {len(paths)} documents",
                )
            )

    from textfix.lang import document, identify
    from textfix.native import pure

    texts = [Path(p).read_text(encoding="utf-8") for p in corpora["clean prose"]]
    windows = [text[start:end] for text in texts for start, end in document._windows(text)]
    screen = document._screen("en")
    own, foreign = sorted(screen.own), sorted(screen.foreign)
    screens = {"pure": pure.WordScreen(own, foreign)}
    try:
        from textfix.native import _names
    except ImportError:
        pass
    else:
        screens["compiled"] = _names.WordScreen(own, foreign)
    for label, word_screen in screens.items():
        seconds = _best(word_screen.counts, windows)
        rows.append(
            Row(
                "language_speed",
                f"WordScreen.counts, {label}: µs per window (clean prose, CPU)",
                round(1e6 * seconds / len(windows), 2),
                note=f"{len(windows)} windows of about {sum(map(len, windows)) // len(windows)} characters",
            )
        )

    identifier = identify.identifier()
    lines = list(
        dict.fromkeys(
            line.strip()
            for p in corpora["page text"]
            for line in Path(p).read_text(encoding="utf-8").splitlines()
            if len(line.strip()) >= document.MIN_CHARS
        )
    )[: 2000 if quick else 10000]
    seconds = _best(identifier.guess, lines)
    rows.append(
        Row(
            "language_speed",
            "Identifier.guess: µs per line (page text, no cache, CPU)",
            round(1e6 * seconds / len(lines), 1),
            note=f"{len(lines)} distinct lines of {document.MIN_CHARS}+ characters",
        )
    )

    gazetteer_times = min((_child(_GAZETTEER) for _ in range(2)), key=lambda found: found["load"] + found["keyed"])
    rows.append(Row("language_speed", "gazetteer load, fresh process: s (CPU)", round(gazetteer_times["load"], 3)))
    rows.append(
        Row("language_speed", "gazetteer first with_name_key: s (CPU)", round(gazetteer_times["keyed"], 3)),
    )
    rows.append(
        Row(
            "language_speed",
            "gazetteer RSS added (load and first keyed lookup, Linux statm): MB",
            round(gazetteer_times["rss"], 1),
        )
    )
    return rows
