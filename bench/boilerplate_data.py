"""The labelled scraper output the chrome-line model is trained and measured on (bench/data/scraped/).

Each document is one extractor's output for one page; each of its lines is labelled

* **readability pages** (``{page: {gold, outputs}}``, gold = the text of ``expected.html``):
  content when the line is a line of the gold, when at least half of its word 4-grams
  are in the gold, or when it is the page's headline (its ``<h1>``/``<title>``, which
  readability's gold leaves out but the issue counts as content); chrome when it is
  not in the gold (short lines: not even as a phrase; long lines: at most 10 % of its
  4-grams); anything between is left unlabelled. The ``readability`` output is the
  gold itself and is left out.
* **trafilatura pages** (``{file: {url, with, without, outputs}}``): content when the
  line holds a ``with`` snippet, chrome when it holds a ``without`` snippet; lines
  holding both or neither are unlabelled (they still count as context).

A content line whose text the output repeats more often than the gold holds it (a title
again in a menu, ``Add-ons`` three times) is unlabelled: which occurrence is the
article's is unknown.

Groups are sites: a readability folder without its ``-N`` suffix, the host's name
without ``www.`` and its public suffix for trafilatura pages; both sets share one
namespace (``nytimes-1`` and ``www.nytimes.com`` are one site). Folds are
site-disjoint: a site's fold is fixed by a hash of its name.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import regex

from bench.common import DATA

SCRAPED = DATA / "scraped"
PAGES = DATA / "pages"
FOLDS = 5
CONTENT, CHROME, UNLABELLED = 0, 1, -1
WHOLE_PAGE = ("inscriptis", "html_text")

_WORD = regex.compile(r"\w+")
_SPACES = regex.compile(r"\s+")
_SUFFIX = regex.compile(r"-\d+$")
_TAG_TEXT = regex.compile(r"<(title|h1)\b[^>]*>(.*?)</\1\s*>", regex.IGNORECASE | regex.DOTALL)
_TAGS = regex.compile(r"<[^>]+>")
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "gv", "or"})


@dataclass(frozen=True)
class ScrapedDoc:
    """One extractor's output for one page, with a label per line (``CONTENT``/``CHROME``/``UNLABELLED``)."""

    source: str  # "readability" or "trafilatura"
    page: str
    extractor: str
    site: str
    text: str
    labels: tuple[int, ...]  # one per line of text.split("\n")

    @property
    def fold(self) -> int:
        return site_fold(self.site)


def key(text: str) -> str:
    """A line as compared with the gold: case-folded, spaces collapsed, edge bullets dropped."""
    return _SPACES.sub(" ", text).strip(" \t*•·|»>-–—#").strip().casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(tokens: list[str], n: int = 4) -> list[tuple[str, ...]]:
    if len(tokens) < n:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def site_fold(site: str) -> int:
    return int(hashlib.md5(site.encode("utf-8")).hexdigest(), 16) % FOLDS


def host_site(url: str) -> str:
    """``https://www.spiegel.de/x`` -> ``spiegel``; ``news.bbc.co.uk`` -> ``bbc``."""
    host = (urlsplit(url).hostname or url).casefold()
    parts = [p for p in host.split(".") if p and p != "www"]
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else host)


def page_site(page: str) -> str:
    """A readability test folder's site: ``nytimes-3`` -> ``nytimes``."""
    return _SUFFIX.sub("", page)


@lru_cache(maxsize=1)
def readability_pages() -> dict[str, dict[str, object]]:
    with gzip.open(SCRAPED / "readability-pages.json.gz", "rt", encoding="utf-8") as handle:
        return dict(json.load(handle))


@lru_cache(maxsize=1)
def trafilatura_pages() -> dict[str, dict[str, object]]:
    with gzip.open(SCRAPED / "trafilatura-pages.json.gz", "rt", encoding="utf-8") as handle:
        return dict(json.load(handle))


def headlines(page: str) -> set[str]:
    """Keys of the page's ``<title>`` and ``<h1>`` texts (readability pages)."""
    path = PAGES / page / "source.html.gz"
    if not path.exists():
        return set()
    source = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    out = set()
    for _, inner in _TAG_TEXT.findall(source[:400_000]):
        text = key(html.unescape(_TAGS.sub(" ", inner)))
        if len(text) >= 12:
            out.add(text)
    return out


class Gold:
    """The gold text of a readability page, ready for line labelling."""

    def __init__(self, gold: str, titles: set[str]) -> None:
        lines = [key(line) for line in gold.split("\n") if line.strip()]
        self.lines = set(lines)
        self.line_counts = Counter(lines)
        self.text = " " + " ".join(" ".join(words(line)) for line in lines) + " "
        self.shingles = {s for line in lines for s in shingles(words(line))}
        self.titles = titles

    def label(self, line: str) -> int:
        k = key(line)
        if not k:
            return UNLABELLED
        if k in self.lines:
            return CONTENT
        if any(
            k == t or (len(k) >= 12 and (k in t or t in k) and min(len(k), len(t)) >= 0.6 * max(len(k), len(t)))
            for t in self.titles
        ):
            return CONTENT
        tokens = words(k)
        if not tokens:
            return CHROME
        if len(tokens) < 4:
            return UNLABELLED if f" {' '.join(tokens)} " in self.text else CHROME
        grams = shingles(tokens)
        share = sum(g in self.shingles for g in grams) / len(grams)
        if share >= 0.5:
            return CONTENT
        return CHROME if share <= 0.1 else UNLABELLED

    def labels(self, lines: list[str]) -> tuple[int, ...]:
        """Labels of an output's lines; a short gold line the output repeats more often than the gold is ambiguous.

        (``Add-ons`` once in the gold and three times in a whole-page text: which one is the article's is
        unknown, so none of them is labelled.)
        """
        out = [self.label(line) for line in lines]
        keys = [key(line) for line in lines]
        seen = Counter(k for k, label in zip(keys, out, strict=True) if label == CONTENT)
        return tuple(
            UNLABELLED if label == CONTENT and seen[k] > self.line_counts.get(k, 1) else label
            for k, label in zip(keys, out, strict=True)
        )


def _snippet_hits(line: str, snippets: list[str]) -> set[int]:
    k = " ".join(words(line))
    if not k:
        return set()
    padded = f" {k} "
    return {i for i, s in enumerate(snippets) if f" {s} " in padded or (len(k) >= 20 and k in s)}


def snippet_labels(lines: list[str], with_: list[str], without: list[str]) -> tuple[int, ...]:
    """Content when a line holds a ``with`` snippet, chrome when it holds a ``without`` one.

    A ``with`` snippet found on several lines (the headline again in a menu or a related box)
    labels none of them: which occurrence is the article's is unknown.
    """
    content_hits = [_snippet_hits(line, with_) for line in lines]
    chrome_hits = [_snippet_hits(line, without) for line in lines]
    occurrences = Counter(i for hits in content_hits for i in hits)
    out = []
    for content, chrome in zip(content_hits, chrome_hits, strict=True):
        ambiguous = any(occurrences[i] > 1 for i in content)
        if ambiguous or bool(content) == bool(chrome):
            out.append(UNLABELLED)
        else:
            out.append(CONTENT if content else CHROME)
    return tuple(out)


def documents(*, include_readability_output: bool = False) -> Iterator[ScrapedDoc]:
    """Every labelled extractor output of both sets, in a fixed order."""
    for page, entry in sorted(readability_pages().items()):
        gold = Gold(str(entry["gold"]), headlines(page))
        outputs: dict[str, str] = entry["outputs"]  # type: ignore[assignment]
        for extractor, text in sorted(outputs.items()):
            if not text or (extractor == "readability" and not include_readability_output):
                continue
            labels = gold.labels(text.split("\n"))
            yield ScrapedDoc("readability", page, extractor, page_site(page), text, labels)
    for page, entry in sorted(trafilatura_pages().items()):
        with_ = [" ".join(words(s)) for s in entry["with"] if words(s)]  # type: ignore[attr-defined]
        without = [" ".join(words(s)) for s in entry["without"] if words(s)]  # type: ignore[attr-defined]
        site = host_site(str(entry["url"]))
        outputs = entry["outputs"]  # type: ignore[assignment]
        for extractor, text in sorted(outputs.items()):
            if not text:
                continue
            labels = snippet_labels(text.split("\n"), with_, without)
            yield ScrapedDoc("trafilatura", page, extractor, site, text, labels)
