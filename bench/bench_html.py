"""HTML and WARC input: does textfix improve on trafilatura alone, and does a crawl stream in flat memory?

* **pages** (130 readability test pages, gold = the text of ``expected.html``) and
  **trafilatura pages** (990 real pages, half German, gold = the evaldata snippets each
  page must keep and must not): 4-gram shingle precision, recall and F1
  (:class:`bench.common.ShingleScore`) of trafilatura alone (with textfix's extraction
  settings, and with trafilatura's own defaults), and of ``textfix fix`` on the same pages
  (what :func:`textfix.io.html.extract_page` returns, fixed with the default rules, safe
  fixes and safe+unsafe fixes).
* **WARC**: archives written with warcio into a temporary folder from the dev pages (10 pages
  spread over the set; 1,000 = those 10 repeated, so memory is compared on count alone; all 130
  once, for speed on varied pages), run through the real command
  ``textfix fix --warc A --jsonl-out B`` with ``--jobs 1`` and ``--jobs 2``: pages/s, peak
  RSS of the main process and of the largest worker (psutil, every 50 ms), byte-identical
  output across job counts; and warcio against FastWARC (resiliparse) reading the 1,000-page
  archive alone.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import DATA, Row, ShingleScore, peak_rss_until_exit
from textfix import Config, Engine
from textfix.io.html import HtmlOptions, extract_page

PAGES = DATA / "pages"
TRAFILATURA_PAGES = DATA / "pages-trafilatura"
SNIPPETS = DATA / "boilerplate" / "trafilatura-evaldata.json"
F1_TARGET = "textfix F1 > trafilatura F1"


def _expected_text(folder: Path) -> str:
    from inscriptis import get_text

    return get_text(gzip.decompress((folder / "expected.html.gz").read_bytes()).decode("utf-8", "replace"))


def _score_set(name: str, items: list[tuple[bytes, object]], judge: str, quick: bool) -> list[Row]:
    """Scores of trafilatura alone and of textfix (safe, safe+unsafe) on ``items`` = (page bytes, gold)."""
    import trafilatura

    options = HtmlOptions()
    engines = {"safe": Engine(Config()), "safe+unsafe": Engine(Config(unsafe_fixes=True))}
    scores = {label: ShingleScore() for label in ("trafilatura", "trafilatura defaults", *engines)}
    empty = 0
    started = time.perf_counter()
    for data, gold in items:
        text = extract_page(data, options).text
        empty += not text.strip()
        outputs = {"trafilatura": text}
        if not quick:
            outputs["trafilatura defaults"] = trafilatura.extract(data) or ""
        for label, engine in engines.items():
            outputs[label] = engine.fix(text).text if text else ""
        for label, output in outputs.items():
            if judge == "text":
                assert isinstance(gold, str)
                scores[label].add(output, gold)
            else:
                keep, drop = gold  # type: ignore[misc]
                scores[label].add_snippets(output, keep, drop)
    elapsed = time.perf_counter() - started
    base = scores["trafilatura"]
    rows: list[Row] = []
    note = f"{len(items)} pages, {empty} with no text extracted"
    for label, score in scores.items():
        if label == "trafilatura defaults" and quick:
            continue
        rows += [
            Row("html", f"{name} shingle precision ({label})", round(score.precision, 4), note=note),
            Row("html", f"{name} shingle recall ({label})", round(score.recall, 4)),
            Row("html", f"{name} shingle F1 ({label})", round(score.f1, 4)),
        ]
    for label in engines:
        score = scores[label]
        rows.append(
            Row(
                "html",
                f"{name} F1 gain over trafilatura ({label})",
                round(score.f1 - base.f1, 4),
                "> 0" if label == "safe" else "",
                note=F1_TARGET,
            )
        )
    rows.append(
        Row(
            "html",
            f"{name} recall change, safe fixes",
            round(scores["safe"].recall - base.recall, 4),
            ">= -0.002",
            note="recall not below trafilatura's by more than 0.002",
        )
    )
    rows.append(Row("html", f"{name} seconds (extraction + fixes)", round(elapsed, 1)))
    return rows


def _resiliparse_rows(name: str, items: list[tuple[bytes, object]], judge: str) -> list[Row]:
    """resiliparse's main-content text on the same pages: the fast alternative to trafilatura."""
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import detect_encoding
        from resiliparse.parse.html import HTMLTree
    except ImportError:
        return []
    score = ShingleScore()
    started = time.perf_counter()
    for data, gold in items:
        output = extract_plain_text(HTMLTree.parse_from_bytes(data, detect_encoding(data)), main_content=True)
        if judge == "text":
            assert isinstance(gold, str)
            score.add(output, gold)
        else:
            keep, drop = gold  # type: ignore[misc]
            score.add_snippets(output, keep, drop)
    per_page = (time.perf_counter() - started) / max(1, len(items)) * 1000
    return [
        Row(
            "html",
            f"{name} shingle F1 (resiliparse main content)",
            round(score.f1, 4),
            note=f"P {score.precision:.4f} R {score.recall:.4f}; {per_page:.0f} ms/page",
        )
    ]


def _readability_items(quick: bool) -> list[tuple[bytes, object]]:
    folders = sorted(p for p in PAGES.iterdir() if p.is_dir())
    if quick:
        folders = folders[::4]
    return [(gzip.decompress((f / "source.html.gz").read_bytes()), _expected_text(f)) for f in folders]


def _trafilatura_items(quick: bool) -> list[tuple[bytes, object]]:
    data = json.loads(SNIPPETS.read_text(encoding="utf-8"))
    items: list[tuple[bytes, object]] = []
    for _url, page in sorted(data.items()):
        path = TRAFILATURA_PAGES / f"{page['file']}.gz"
        if not path.exists():
            continue
        keep = [s for s in page["with"] if s.strip()]
        drop = [s for s in page["without"] if s.strip()]
        items.append((gzip.decompress(path.read_bytes()), (keep, drop)))
    return items[::5] if quick else items


# --- WARC -----------------------------------------------------------------------------------------------------------


def _dev_pages() -> list[tuple[str, bytes]]:
    return [
        (folder.name, gzip.decompress((folder / "source.html.gz").read_bytes()))
        for folder in sorted(p for p in PAGES.iterdir() if p.is_dir())
    ]


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    """A gzipped WARC of HTTP 200 responses, one per page, written with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number, (name, body) in enumerate(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://{name}.example.org/page/{number}",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
            writer.write_record(record)


def _run_warc(archive: Path, output: Path, jobs: int) -> tuple[float, float, float]:
    """``textfix fix --warc`` in a child process: (seconds, peak RSS MB of the main process, of the largest worker)."""

    command = [sys.executable, "-m", "textfix", "fix", "--isolated", "--warc", str(archive), "--jsonl-out", str(output)]
    start = time.perf_counter()
    process = subprocess.Popen([*command, "--jobs", str(jobs)], stderr=subprocess.DEVNULL)
    peaks = peak_rss_until_exit(process)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        msg = f"textfix fix --warc exited {process.returncode}"
        raise RuntimeError(msg)
    workers = [rss for pid, rss in peaks.items() if pid != process.pid]
    return elapsed, peaks.get(process.pid, 0.0), max(workers, default=0.0)


def _reader_speed(archive: Path) -> list[Row]:
    """Records/s of warcio and FastWARC reading every response body of ``archive`` (no extraction)."""
    from warcio.archiveiterator import ArchiveIterator

    rows = []
    start = time.perf_counter()
    count = 0
    with archive.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                record.content_stream().read()
                count += 1
    rows.append(Row("html", "WARC read, warcio: records/s", round(count / (time.perf_counter() - start))))
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator  # resiliparse's reader
        from fastwarc.warc import WarcRecordType
    except ImportError:
        return rows
    start = time.perf_counter()
    count = 0
    with archive.open("rb") as handle:
        for record in FastIterator(handle, record_types=WarcRecordType.response, parse_http=True):
            record.reader.read()
            count += 1
    rows.append(
        Row("html", "WARC read, FastWARC (resiliparse): records/s", round(count / (time.perf_counter() - start)))
    )
    return rows


def _warc_rows(quick: bool) -> list[Row]:
    pages = _dev_pages()
    ten = pages[:: len(pages) // 10][:10]  # ten pages spread over the set (sizes from 3 KB to 300 KB)
    big = 100 if quick else 1000
    # The big archive repeats the same ten pages: any growth of memory comes from the count alone.
    sets = {"10 pages": ten, f"{big} pages (the 10 repeated)": [ten[i % len(ten)] for i in range(big)]}
    if not quick:
        sets[f"{len(pages)} pages (each once)"] = pages
    rows: list[Row] = []
    peaks: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-warc-") as folder:
        for label, chosen in sets.items():
            archive = Path(folder) / f"{len(chosen)}.warc.gz"
            write_warc(archive, chosen)
            digests = {}
            for jobs in (1, 2):
                output = Path(folder) / f"{len(chosen)}-{jobs}.jsonl"
                elapsed, main_mb, worker_mb = _run_warc(archive, output, jobs)
                digests[jobs] = hashlib.sha256(output.read_bytes()).hexdigest()
                rows += [
                    Row(
                        "html",
                        f"WARC {label}, --jobs {jobs}: pages/s",
                        round(len(chosen) / elapsed, 2),
                        note=f"{elapsed:.1f} s, start-up included",
                    ),
                    Row("html", f"WARC {label}, --jobs {jobs}: peak RSS MB, main process", round(main_mb, 1)),
                ]
                if jobs > 1:
                    rows.append(
                        Row("html", f"WARC {label}, --jobs {jobs}: peak RSS MB, largest worker", round(worker_mb, 1))
                    )
                peaks[f"{label}/{jobs}"] = (main_mb, worker_mb)
            rows.append(
                Row("html", f"WARC {label}: --jobs 1 and 2 byte-identical", int(digests[1] == digests[2]), "== 1")
            )
            if label.startswith(f"{big} pages"):
                rows += _reader_speed(archive)
    small, large = "10 pages", f"{big} pages (the 10 repeated)"
    for jobs, which, index in ((1, "main process", 0), (2, "main process", 0), (2, "largest worker", 1)):
        ratio = peaks[f"{large}/{jobs}"][index] / max(1.0, peaks[f"{small}/{jobs}"][index])
        rows.append(
            Row(
                "html",
                f"WARC peak RSS {big} / 10 pages, --jobs {jobs}, {which}",
                round(ratio, 3),
                "<= 1.1",
                note="flat memory: the ratio stays near 1",
            )
        )
    return rows


def _extractor_rows() -> list[Row]:
    """Why trafilatura: shingle F1 of the seven extractors' recorded outputs (bench/data/scraped) on both sets."""
    rows: list[Row] = []
    pages = json.loads(gzip.decompress((DATA / "scraped" / "readability-pages.json.gz").read_bytes()))
    snippet_pages = json.loads(gzip.decompress((DATA / "scraped" / "trafilatura-pages.json.gz").read_bytes()))
    for name, data, judge in (("pages", pages, "text"), ("trafilatura pages", snippet_pages, "snippets")):
        scores: dict[str, ShingleScore] = {}
        for page in data.values():
            for extractor, output in page["outputs"].items():
                score = scores.setdefault(extractor, ShingleScore())
                if judge == "text":
                    score.add(output or "", page["gold"])
                else:
                    score.add_snippets(
                        output or "", [s for s in page["with"] if s.strip()], [s for s in page["without"] if s.strip()]
                    )
        for extractor, score in sorted(scores.items(), key=lambda item: -item[1].f1):
            rows.append(
                Row(
                    "html",
                    f"{name} shingle F1, recorded output of {extractor}",
                    round(score.f1, 4),
                    note=f"P {score.precision:.4f} R {score.recall:.4f}",
                )
            )
    return rows


def run(quick: bool) -> list[Row]:
    rows = _extractor_rows()
    for name, items, judge in (
        ("pages", _readability_items(quick), "text"),
        ("trafilatura pages", _trafilatura_items(quick), "snippets"),
    ):
        rows += _score_set(name, items, judge, quick)
        rows += _resiliparse_rows(name, items, judge)
    rows += _warc_rows(quick)
    return rows
