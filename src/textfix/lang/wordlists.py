"""Word lists as data: ``lang/data/<lang>/<name>.txt``, one word a line, sorted, ``#`` comments.

Rules read their word tables from here rather than from Python literals, so a list is
reviewed, diffed and extended like codespell's dictionaries (a test keeps every file
sorted, unique and lower-case), and a new language is a new folder.

>>> "although" in word_list("en", "function-words")
True
"""

from __future__ import annotations

import functools

from textfix.lang.mapped import shipped


@functools.cache
def word_list(lang: str, name: str) -> frozenset[str]:
    """The words of ``data/<lang>/<name>.txt`` (read once per process)."""
    path = shipped("textfix.lang", "data", lang, f"{name}.txt")
    text = path.read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def available() -> list[tuple[str, str]]:
    """Every (language, list name) shipped, sorted."""
    root = shipped("textfix.lang", "data")
    return sorted(
        (folder.name, entry.name.removesuffix(".txt"))
        for folder in root.iterdir()
        if folder.is_dir()
        for entry in folder.iterdir()
        if entry.name.endswith(".txt")
    )
