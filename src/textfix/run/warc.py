"""WARC archives in, one JSON line per page out (``textfix fix --warc crawl.warc.gz --jsonl-out out.jsonl``).

The parent process streams the archive's records (:func:`textfix.io.warc.iter_warc`),
counts the records that are not pages, and sends the pages, in chunks, through the one
process pool every textfix run uses (:func:`textfix.run.batch.ordered_map`; or a Dask
cluster): each worker extracts the article (trafilatura), repairs it with every selected
rule and returns the JSON line. Lines come back in archive order, so the output is the
same bytes whatever the number of workers. At most ``jobs * WINDOW_PER_JOB`` chunks (of
at most 256 pages or 1 MB) are in flight, so memory does not grow with the archive.

Each line holds ``url``, ``date`` (the capture date, ``WARC-Date``), ``record_id``,
``language`` (``null`` when unknown), with ``metadata`` also ``title``, ``author``,
``published`` (the page's own date) and ``sitename``, then ``text`` and ``codes`` (the
sorted codes of the fixes applied). Pages with no article text are counted and reported,
not written.

``learn=True`` (``--learn-boilerplate``) learns the lines each site (host) repeats: a
crawl mixes sites, and a line repeated across one site's pages is chrome only for that
site. Pass 1 extracts every page once, spools the texts to a temporary file and counts
short lines per host; pass 2 fixes the spooled texts, each with its host's learned pack
(BP301), so extraction runs once.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gzip
import json
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

import msgspec

from textfix.config import Config
from textfix.families.boilerplate.rules import BoilerplateOptions
from textfix.families.boilerplate.site_chrome import LEARNED_CODE
from textfix.io.html import HtmlOptions, extract_page
from textfix.io.source import atomic_output
from textfix.io.warc import WarcPage, WarcSkip, iter_warc
from textfix.run import batch, engines
from textfix.run.html import html_options

if TYPE_CHECKING:
    from textfix.core.engine import Engine

#: Messages kept for the caller; past this many only the counts grow (memory stays bounded).
MAX_MESSAGES = 1000


@dataclass
class WarcStats:
    """What a WARC run did: pages written, records skipped by reason, messages."""

    pages: int = 0
    written: int = 0
    changed: int = 0
    fixes: int = 0
    empty: int = 0
    skipped: collections.Counter[str] = field(default_factory=collections.Counter)
    messages: list[str] = field(default_factory=list)
    more_messages: int = 0
    learned_hosts: int = 0

    def note(self, message: str) -> None:
        """Keep a message (up to :data:`MAX_MESSAGES`; the rest are counted)."""
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append(message)
        else:
            self.more_messages += 1

    def summary(self) -> str:
        """One line: pages, changes and skips by reason."""
        line = f"{self.pages} page(s): {self.written} written, {self.changed} changed, {self.fixes} fix(es)"
        if self.empty:
            line += f", {self.empty} with no article text"
        if self.skipped:
            line += "; records skipped: " + ", ".join(f"{reason} {n}" for reason, n in sorted(self.skipped.items()))
        if self.learned_hosts:
            line += f"; boilerplate learned for {self.learned_hosts} site(s)"
        return line


class ExtractedRecord(msgspec.Struct, frozen=True):
    """A page's extracted article and what goes into its JSON line."""

    url: str
    date: str
    record_id: str
    text: str
    fields: tuple[tuple[str, str | None], ...]
    message: str | None = None

    @property
    def host(self) -> str:
        """The site a page belongs to (its URL's host name)."""
        return urlsplit(self.url).hostname or ""

    def size(self) -> int:
        """Characters of text (what worker tasks are sized by)."""
        return len(self.text)


class PageResult(msgspec.Struct, frozen=True):
    """One page after fixing: its JSON line (``None``: nothing to write) and what happened."""

    line: str | None
    message: str | None
    changed: bool
    fixes: int


def extract_record(page: WarcPage, options: HtmlOptions) -> ExtractedRecord:
    """A WARC page's article text and metadata (an empty text when there is none)."""
    extracted = extract_page(page.body, options, declared=page.charset, url=page.url or None, name=page.url)
    meta = extracted.metadata
    fields_: list[tuple[str, str | None]] = [("language", meta.language)]
    if options.metadata:
        fields_ += [
            ("title", meta.title),
            ("author", meta.author),
            ("published", meta.date),
            ("sitename", meta.sitename),
        ]
    message = None
    if extracted.empty:
        message = f"record {page.number} ({page.url}): no article text found in the page, not written"
    return ExtractedRecord(page.url, page.date, page.record_id, extracted.text, tuple(fields_), message)


class PageFixer:
    """A worker's state: the engines that fix extracted pages (one per learned host pack)."""

    def __init__(self, config: Config, unsafe: bool, packs: Mapping[str, str] | None = None) -> None:
        self.config = config
        self.unsafe = unsafe
        self.packs = dict(packs or {})

    def engine_for(self, host: str) -> Engine:
        """The engine for a host's pages: with its learned pack when one was learned (one cache: run.engines)."""
        pack = self.packs.get(host)
        if pack is None:
            return engines.engine_for(self.config)
        return engines.engine_for(self.config.merged({"extend_rules": (pack,), "extend_select": (LEARNED_CODE,)}))

    def fix(self, record: ExtractedRecord) -> PageResult:
        """The JSON line of one extracted page (none for a page without text)."""
        if not record.text.strip():
            return PageResult(None, record.message, False, 0)
        result = self.engine_for(record.host).fix(record.text, unsafe=self.unsafe)
        out: dict[str, Any] = {"url": record.url, "date": record.date, "record_id": record.record_id}
        out.update(record.fields)
        out["text"] = result.text
        out["codes"] = result.codes
        return PageResult(json.dumps(out, ensure_ascii=False) + "\n", None, result.changed, len(result.applied))


def _extract_and_fix(fixer: PageFixer, page: WarcPage, *, options: HtmlOptions) -> PageResult:
    return fixer.fix(extract_record(page, options))


def _extract_only(_: None, page: WarcPage, *, options: HtmlOptions) -> ExtractedRecord:
    return extract_record(page, options)


def _fix_spooled(fixer: PageFixer, record: ExtractedRecord) -> PageResult:
    return fixer.fix(record)


def _no_state() -> None:
    return None


def pages_of(paths: Sequence[Path], options: HtmlOptions, stats: WarcStats) -> Iterator[WarcPage]:
    """The pages of the archives, in order; other records are counted (and their messages kept) in ``stats``."""
    for path in paths:
        for item in iter_warc(path, options.max_page_bytes):
            if isinstance(item, WarcSkip):
                stats.skipped[item.reason] += 1
                if item.reason not in {"not-html", "not-200"}:
                    stats.note(item.message)
                continue
            yield item


def _write(results: Iterable[PageResult], target: IO[str], stats: WarcStats) -> None:
    for result in results:
        stats.pages += 1
        if result.message is not None:
            stats.note(result.message)
        if result.line is None:
            stats.empty += 1
            continue
        target.write(result.line)
        stats.written += 1
        stats.changed += result.changed
        stats.fixes += result.fixes


def fix_warc(
    paths: Sequence[Path],
    target: IO[str],
    config: Config | None = None,
    *,
    unsafe: bool | None = None,
    jobs: int | None = 1,
    learn: bool = False,
    scheduler: str | None = None,
) -> WarcStats:
    """Extract and repair every page of the WARC archives at ``paths``, one JSON line each on ``target``."""
    config = config if config is not None else Config()
    options = html_options(config)
    use_unsafe = config.unsafe_fixes if unsafe is None else unsafe
    stats = WarcStats()
    pages = pages_of(paths, options, stats)
    if not learn:
        work = functools.partial(_extract_and_fix, options=options)
        _write(_mapped(work, pages, functools.partial(PageFixer, config, use_unsafe), jobs, scheduler), target, stats)
        return stats
    with tempfile.TemporaryDirectory(prefix="textfix-warc-") as folder:
        spool = Path(folder) / "pages.jsonl.gz"
        packs = _learn_pass(pages, options, config, spool, Path(folder), jobs, scheduler)
        stats.learned_hosts = len(packs)
        make_fixer = functools.partial(PageFixer, config, use_unsafe, packs)
        _write(_mapped(_fix_spooled, _read_spool(spool), make_fixer, jobs, scheduler), target, stats)
    return stats


def _learn_pass(
    pages: Iterable[WarcPage],
    options: HtmlOptions,
    config: Config,
    spool: Path,
    folder: Path,
    jobs: int | None,
    scheduler: str | None,
) -> dict[str, str]:
    """Pass 1 of learning: extract every page once, spool it, count lines per host; the packs learned per host."""
    from textfix.core import registry  # noqa: PLC0415 - the registry imports the families
    from textfix.families.boilerplate.site_chrome import LineCounter, pack_text  # noqa: PLC0415

    bp_options = registry.family_options(config, registry.family_named("boilerplate"))
    assert isinstance(bp_options, BoilerplateOptions)
    counters: dict[str, LineCounter] = {}
    work = functools.partial(_extract_only, options=options)
    with gzip.open(spool, "wt", encoding="utf-8") as out:
        for record in _mapped(work, pages, _no_state, jobs, scheduler):
            out.write(
                json.dumps([record.url, record.date, record.record_id, record.text, record.fields, record.message])
            )
            out.write("\n")
            if record.text.strip():
                counters.setdefault(record.host, LineCounter(bp_options)).add(record.text)
    packs: dict[str, str] = {}
    for number, (host, counter) in enumerate(sorted(counters.items())):
        learned = counter.learned()
        if not learned:
            continue
        pack = folder / f"learned-{number}.yaml"
        text = pack_text(
            learned, counter.files, source=f"learned from the pages of {host}", promote=bp_options.promote_learned
        )
        pack.write_text(text, encoding="utf-8")
        packs[host] = str(pack)
    return packs


def _read_spool(spool: Path) -> Iterator[ExtractedRecord]:
    with gzip.open(spool, "rt", encoding="utf-8") as source:
        for line in source:
            url, date, record_id, text, fields_, message = json.loads(line)
            yield ExtractedRecord(url, date, record_id, text, tuple((k, v) for k, v in fields_), message)


def _size(item: Any) -> int:
    return int(item.size())


def _mapped(
    func: Callable[[Any, Any], Any],
    items: Iterable[Any],
    make_state: Callable[[], Any],
    jobs: int | None,
    scheduler: str | None,
) -> Iterator[Any]:
    """``func(state, item)`` over items in order: local worker processes, or the Dask cluster at ``scheduler``."""
    if scheduler is None:
        return batch.ordered_map(func, items, make_state, jobs, _size)
    return _on_dask(func, items, make_state, scheduler)


_STATES: dict[bytes, Any] = {}


def _dask_chunk(chunk: list[Any], func: Callable[[Any, Any], Any], make_state: Callable[[], Any]) -> list[Any]:
    """One chunk on a Dask worker, with the worker's state built once per distinct ``make_state``."""
    key = pickle.dumps(make_state)
    state = _STATES.get(key)
    if state is None:
        state = _STATES[key] = make_state()
    return [func(state, item) for item in chunk]


def _on_dask(
    func: Callable[[Any, Any], Any], items: Iterable[Any], make_state: Callable[[], Any], scheduler: str
) -> Iterator[Any]:
    from textfix.run import dask  # noqa: PLC0415 - optional extra

    work = functools.partial(_dask_chunk, func=func, make_state=make_state)
    with dask._client(scheduler) as client:
        for results in dask._in_order(client, work, batch.chunked(items, _size)):
            yield from results


@contextlib.contextmanager
def jsonl_output(output: Path) -> Iterator[IO[str]]:
    """A UTF-8 text stream that becomes ``output`` only when the block ends without error."""
    with atomic_output(output) as tmp, tmp.open("w", encoding="utf-8", newline="") as target:
        yield target


def fix_warc_file(paths: Sequence[Path], output: Path, config: Config | None = None, **options: Any) -> WarcStats:
    """:func:`fix_warc` writing ``output`` atomically (nothing is written when the run fails or is interrupted)."""
    with jsonl_output(output) as target:
        return fix_warc(paths, target, config, **options)
