"""The speed benchmark's corpora, built once into ``bench/.cache/speed`` from ``bench/data`` only.

Three kinds of text, one ``.txt`` file a document:

- ``prose``: clean prose, the State of the Union addresses (``bench/data/clean-prose/sotu``, 10.6 MB);
- ``scraped``: real extractor output, every non-empty output of the seven extractors in
  ``bench/data/scraped/*.json.gz`` (about 74 MB over 7,378 files);
- ``pages``: whole-page text, inscriptis's text of every page in ``bench/data/pages/*/source.html.gz`` and
  ``bench/data/pages-trafilatura/*.html.gz`` (about 21 MB over 1,120 files), as a scraper that keeps the
  whole page emits it.

:func:`sized` makes a folder of a given size from one of them: the files in a fixed shuffled order, repeated in
``copyNN/`` folders until the size is reached (hard links to the base files where the file system allows).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CACHE = HERE / ".cache" / "speed"
CORPORA = ("prose", "scraped", "pages")
DESCRIPTION = {
    "prose": "clean prose (sotu)",
    "scraped": "real extractor output",
    "pages": "whole-page text",
}
#: Longest file name written (bytes); longer page names are cut (a file system allows 255).
NAME_BYTES = 180


def _safe_name(name: str) -> str:
    cleaned = "".join("_" if c in '/\\\0:*?"<>|' else c for c in name)
    return cleaned.encode("utf-8")[:NAME_BYTES].decode("utf-8", "ignore")


def _prose() -> Iterator[tuple[str, str]]:
    for path in sorted((DATA / "clean-prose" / "sotu").glob("*.txt")):
        yield path.name, path.read_text(encoding="utf-8")


def _scraped() -> Iterator[tuple[str, str]]:
    for source, prefix in (("readability-pages", "read"), ("trafilatura-pages", "traf")):
        records = json.loads(gzip.decompress((DATA / "scraped" / f"{source}.json.gz").read_bytes()))
        for page, record in sorted(records.items()):
            for extractor, text in sorted(record["outputs"].items()):
                if text and text.strip():
                    yield f"{prefix}-{_safe_name(page)}-{extractor}.txt", text


def _pages() -> Iterator[tuple[str, str]]:
    from inscriptis import get_text

    sources = [(f"pages-{p.name}", p / "source.html.gz") for p in sorted((DATA / "pages").iterdir())]
    sources += [(f"traf-{p.name.removesuffix('.html.gz')}", p) for p in sorted((DATA / "pages-trafilatura").iterdir())]
    for name, path in sources:
        if path.is_file():
            html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            text = get_text(html)
            if text.strip():
                yield f"{_safe_name(name)}.txt", text


_SOURCES = {"prose": _prose, "scraped": _scraped, "pages": _pages}


def base(corpus: str) -> Path:
    """The folder of every document of ``corpus``, written once."""
    folder = CACHE / corpus / "base"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, text in _SOURCES[corpus]():
            (folder / name).write_text(text, encoding="utf-8")
        marker.touch()
    return folder


def files(folder: Path) -> list[Path]:
    """The ``.txt`` files under ``folder``, sorted (what the commands read)."""
    return sorted(folder.rglob("*.txt"))


def size_mb(folder: Path) -> float:
    """Bytes of the ``.txt`` files under ``folder``, in MB."""
    return sum(p.stat().st_size for p in files(folder)) / 1e6


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def sized(corpus: str, megabytes: float) -> Path:
    """A folder of about ``megabytes`` MB of ``corpus``: its files in a fixed shuffled order, cycled in copyNN/."""
    label = f"{megabytes:g}".replace(".", "_")
    folder = CACHE / corpus / f"{label}mb"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    order = files(base(corpus))
    random.Random(19).shuffle(order)
    target, total, copy = megabytes * 1e6, 0, 0
    while total < target:
        out = folder / f"copy{copy:02d}"
        out.mkdir(parents=True)
        for path in order:
            _link(path, out / path.name)
            total += path.stat().st_size
            if total >= target:
                break
        copy += 1
    marker.touch()
    return folder


def fresh_copy(folder: Path, target: Path) -> Path:
    """A writable copy of ``folder`` at ``target`` (for an in-place ``fix``; the cached corpus stays as built)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(folder, target, ignore=shutil.ignore_patterns(".complete"))
    return target
