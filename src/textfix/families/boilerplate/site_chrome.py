"""Learning a site's boilerplate from a batch of its files (BP301).

Files scraped from one site repeat their chrome: the same menu, share row and footer
lines in every file. :class:`LineCounter` streams over the files once (pass 1) and
counts, for every distinct *short* line, how many files hold it and how many of its
occurrences sit in a document's edge zones (before the first prose paragraph or after
the last, see :func:`textfix.families.boilerplate.rules.edge_zones`). Memory grows with the
number of distinct short lines, not with the corpus; past ``max-distinct`` keys, lines
seen in a single file are forgotten.

:meth:`LineCounter.learned` picks the lines in at least ``min-files`` files and at
least ``min-share`` of the batch, and that sit mostly at the edges (or recur several
times a file, like ad markers). Prose is never learned. A line that ends like a
sentence or opens one (``Thank you.``, ``Fellow-Citizens of the Senate and House of
Representatives:``) is
learned only when nearly all its occurrences (``edge-share``) sit at the edges, away
from the article (not right next to a prose paragraph, where an article's own closing
line would be). The result becomes a ``lines`` pack (:func:`pack_text`) that a user
can review and keep (``textfix learn DIR -o site.yaml``), or a temporary pack used by
the second pass (``textfix fix DIR --learn-boilerplate``).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
import yaml

from textfix.core.document import Document, Line
from textfix.errors import InputError
from textfix.families.boilerplate.rules import BoilerplateOptions, edge_zones, is_prose_line
from textfix.io.discovery import is_html_path
from textfix.io.html import HtmlOptions, read_page
from textfix.io.source import read_path
from textfix.kinds.lines import normalise

if TYPE_CHECKING:
    from textfix.run.runner import Runner

#: Code and name of the learned rule in a generated pack.
LEARNED_CODE = "BP301"
LEARNED_NAME = "learned-boilerplate"
#: A short line must sit at the edges this often, or...
MIN_EDGE_SHARE = 0.5
#: ...recur this many times per file on average (ad markers inside articles).
MIN_REPEATS_PER_FILE = 1.5
#: Lines ending like a sentence (or introducing one with a colon) need stronger edge evidence.
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "»", ")", ":")


class LineStats(msgspec.Struct):
    """Counts of one distinct short line across the batch."""

    example: str
    files: int = 0
    occurrences: int = 0
    #: Occurrences in an edge zone.
    at_edges: int = 0
    #: Occurrences in an edge zone and not right next to a prose paragraph.
    detached: int = 0
    last_file: int = -1


class LearnedLine(msgspec.Struct, frozen=True):
    """A line chosen as boilerplate, with the evidence for it."""

    text: str
    files: int
    edge_share: float


class LineCounter:
    """Pass 1 of batch learning: count short lines across files, streaming."""

    def __init__(self, options: BoilerplateOptions | None = None) -> None:
        self.options = options if options is not None else BoilerplateOptions()
        self.stats: dict[str, LineStats] = {}
        self.files = 0

    def add(self, text: str) -> None:
        """Count the short lines of one file's text."""
        doc = Document(text)
        first, last = edge_zones(doc)
        file_id = self.files
        self.files += 1
        limit = self.options.max_line_chars
        stats = self.stats
        lines = doc.lines
        prose = [is_prose_line(line.text) for line in lines]
        for index, line in enumerate(lines):
            raw = line.text.strip()
            if not raw or len(raw) > limit or prose[index]:
                continue
            key = normalise(raw)
            if not key:
                continue
            entry = stats.get(key)
            if entry is None:
                entry = stats[key] = LineStats(raw)
            entry.occurrences += 1
            if index < first or index > last:
                entry.at_edges += 1
                if not _next_to_prose(lines, prose, index):
                    entry.detached += 1
            if entry.last_file != file_id:
                entry.last_file = file_id
                entry.files += 1
        if len(stats) > self.options.max_distinct:
            self._forget_singletons()

    def add_files(self, paths: Iterable[Path], html: HtmlOptions | None = None) -> None:
        """Count every readable text file of ``paths`` (unreadable and binary files are skipped).

        HTML pages count with the article text extracted from them (``html``: how).
        """
        for path in paths:
            try:
                if is_html_path(path):
                    self.add(read_page(path, html if html is not None else HtmlOptions()).text)
                else:
                    self.add(read_path(path).text)
            except InputError:
                continue

    def _forget_singletons(self) -> None:
        self.stats = {key: entry for key, entry in self.stats.items() if entry.files > 1}

    def learned(self) -> list[LearnedLine]:
        """The lines that recur across the batch and are not prose, most frequent first."""
        opts = self.options
        if not self.files:
            return []
        needed = max(opts.min_files, opts.min_share * self.files)
        out = []
        for entry in self.stats.values():
            if entry.files < needed:
                continue
            edge_share = entry.at_edges / entry.occurrences
            if entry.example.endswith(_SENTENCE_END):
                # Sentence-like: only when it sits at the edges, away from the article.
                if entry.detached / entry.occurrences < opts.edge_share:
                    continue
            elif edge_share < MIN_EDGE_SHARE and entry.occurrences < MIN_REPEATS_PER_FILE * entry.files:
                # A recurring heading inside articles ("See also", "References") is structure, not chrome;
                # chrome inside articles ("Advertisement") recurs several times a file.
                continue
            out.append(LearnedLine(entry.example, entry.files, edge_share))
        out.sort(key=lambda line: (-line.files, line.text))
        return out


def _next_to_prose(lines: Sequence[Line], prose: Sequence[bool], index: int) -> bool:
    """Whether the nearest non-blank line above or below line ``index`` is prose."""
    for step in (-1, 1):
        i = index + step
        while 0 <= i < len(lines) and not lines[i].text.strip():
            i += step
        if 0 <= i < len(lines) and prose[i]:
            return True
    return False


def learn_files(
    paths: Iterable[Path], options: BoilerplateOptions | None = None, html: HtmlOptions | None = None
) -> tuple[list[LearnedLine], int]:
    """Learn the boilerplate of a batch of files: (learned lines, files read); pages count with their article text."""
    counter = LineCounter(options)
    counter.add_files(paths, html)
    return counter.learned(), counter.files


def pack_text(
    learned: Iterable[LearnedLine],
    files: int,
    *,
    source: str,
    code: str = LEARNED_CODE,
    promote: bool = False,
) -> str:
    """A reviewable ``lines`` pack holding the learned lines (YAML text).

    The rule is unsafe unless ``promote``: review the phrases, then set
    ``applicability: safe`` to have ``textfix fix`` remove them by default.
    """
    lines = list(learned)
    phrases = [line.text for line in lines]
    comments = [f"{line.text!r}: in {line.files} of {files} files, {line.edge_share:.0%} at edges" for line in lines]
    rule: dict[str, object] = {
        "code": code,
        "name": LEARNED_NAME,
        "kind": "lines",
        "summary": "line that recurs across the files of one site",
        "applicability": "safe" if promote else "unsafe",
        "description": (
            "What it does: removes lines learned from a batch of files of one site "
            f"({len(phrases)} lines recurring across {files} files).\n\n"
            "Why it happens: every page of a site repeats its menus, share rows and footers.\n\n"
            f"Example: {phrases[0] if phrases else '(none learned)'}\n\n"
            "Fix safety: unsafe until reviewed; set applicability to safe to promote.\n"
        ),
        "phrases": phrases or ["(nothing learned)"],
    }
    if phrases:
        rule["tests"] = [
            {"input": f"Article text.\n\n{phrases[0]}\n", "expected": "Article text.\n", "unsafe": not promote},
            {"input": "Article text.\n", "expected": "Article text.\n"},
        ]
    header = "".join(f"# {comment}\n" for comment in comments)
    body = yaml.safe_dump(
        {
            "description": f"Boilerplate learned by `textfix learn` from {files} files.",
            "source": source,
            "rules": [rule],
        },
        allow_unicode=True,
        sort_keys=False,
        width=120,
    )
    return header + body


def _runner_inputs(runner: Runner, paths: Sequence[Path]) -> tuple[list[Path], BoilerplateOptions]:
    """The files a runner would process under ``paths``, and the boilerplate options of the first root."""
    files = [item.path for item in runner.inputs(paths) if item.path.is_file()]
    root = paths[0] if paths else Path.cwd()
    from textfix.core import registry  # noqa: PLC0415 - the registry imports this family

    options = registry.family_options(runner.config_for(root), registry.family_named("boilerplate"))
    assert isinstance(options, BoilerplateOptions)
    return files, options


def learn_to_pack(runner: Runner, paths: Sequence[Path], output: Path) -> int:
    """``textfix learn``: learn over the runner's inputs and write the pack to ``output``; lines learned."""
    files, options = _runner_inputs(runner, paths)
    root = paths[0] if paths else Path.cwd()
    learned, count = learn_files(
        files, options, HtmlOptions.from_mapping(runner.config_for(root).family_options("html"))
    )
    source = "learned from " + ", ".join(str(p) for p in paths)
    text = pack_text(learned, count, source=source, promote=options.promote_learned)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return len(learned)


def learn_to_temporary_pack(runner: Runner, paths: Sequence[Path]) -> Path:
    """``fix --learn-boilerplate``, pass 1: learn and write a pack in a temporary folder (removed at exit)."""
    folder = Path(tempfile.mkdtemp(prefix="textfix-learned-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    output = folder / "learned.yaml"
    learn_to_pack(runner, paths, output)
    return output
