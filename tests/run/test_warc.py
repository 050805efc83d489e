"""WARC archives in: record streaming, bad records, JSON lines out, jobs 1 and 2 alike (archives made with warcio)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from textfix.cli import EXIT_ERROR, EXIT_OK, app
from textfix.config import Config
from textfix.io.warc import WarcPage, WarcSkip, iter_warc
from textfix.run.warc import fix_warc_file

pytest.importorskip("trafilatura")
pytest.importorskip("warcio")

PAGES = ROOT / "tests" / "data" / "html"
cli = CliRunner()
#: A page in Windows-1252 whose charset only the HTTP header gives (no <meta charset>).
CP1252_PAGE = (
    "<html><head><title>Straßenfest in Köln</title></head><body><article>"
    "<h1>Straßenfest in Köln</h1>"
    "<p>Das Straßenfest in der Kölner Südstadt zog am Wochenende über zehntausend Besucher an. "
    "Die Veranstalter zählten mehr Gäste als in den Jahren zuvor und lobten das friedliche Miteinander.</p>"
    "<p>Für das nächste Jahr sind größere Bühnen geplant, sagte die Sprecherin der Stadt.</p>"
    "</article></body></html>"
).encode("cp1252")


def _page(name: str) -> bytes:
    return gzip.decompress((PAGES / f"{name}.html.gz").read_bytes())


def write_warc(path: Path, responses: list[tuple[str, str, str, bytes]], *, dns: bool = False) -> None:
    """A gzipped WARC of HTTP responses (url, status line, content type, body), optionally a dns: record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, status, content_type, body in responses:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)
        if dns:
            body = b"20260101000000\nexample.org. 300 IN A 192.0.2.1\n"
            record = writer.create_warc_record(
                "dns:example.org", "response", payload=io.BytesIO(body), length=len(body), warc_content_type="text/dns"
            )
            writer.write_record(record)


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            ("https://www.heise.de/a", "200 OK", "text/html", _page("heise")),
            ("https://example.org/gone", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"),
            ("https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
            ("https://koeln.example/fest", "200 OK", "text/html; charset=windows-1252", CP1252_PAGE),
            (
                "https://example.org/empty",
                "200 OK",
                "text/html",
                b"<html><body><script>var x = 1;</script></body></html>",
            ),
        ],
        dns=True,
    )
    return path


def test_records_are_pages_or_counted_skips(crawl: Path) -> None:
    items = list(iter_warc(crawl))
    pages = [item for item in items if isinstance(item, WarcPage)]
    skips = [item for item in items if isinstance(item, WarcSkip)]
    assert [p.url for p in pages] == [
        "https://www.heise.de/a",
        "https://koeln.example/fest",
        "https://example.org/empty",
    ]
    assert pages[1].charset == "windows-1252"
    assert [s.reason for s in skips] == ["not-200", "not-html", "not-http"]
    assert "HTTP status 404" in skips[0].message and "image/png" in skips[1].message


def test_one_json_line_per_page_with_url_date_text_codes(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    stats = fix_warc_file([crawl], out, Config(options={"html": {"metadata": True}}))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["url"] for line in lines] == ["https://www.heise.de/a", "https://koeln.example/fest"]
    heise, koeln = lines
    assert "Einmal-Passwörter" in heise["text"] and heise["language"] == "de"
    assert heise["title"] == "1Password für Mac generiert Einmal-Passwörter" and heise["published"] == "2015-04-08"
    assert heise["date"].startswith("20") and heise["record_id"].startswith("<urn:uuid:")
    assert isinstance(heise["codes"], list)
    assert "Straßenfest in der Kölner Südstadt" in koeln["text"]  # the HTTP header's charset was used
    assert (stats.pages, stats.written, stats.empty) == (3, 2, 1)
    assert dict(stats.skipped) == {"not-200": 1, "not-html": 1, "not-http": 1}
    assert any("https://example.org/empty): no article text" in m for m in stats.messages)
    assert "3 page(s): 2 written" in stats.summary() and "not-200 1" in stats.summary()


def test_truncated_gzip_keeps_whole_pages_and_says_where(crawl: Path, tmp_path: Path) -> None:
    data = crawl.read_bytes()
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(data[: len(data) - 60])  # inside the last record (the dns: lookup)
    out = tmp_path / "out.jsonl"
    code, _, err = _invoke("fix", "--isolated", "--warc", str(broken), "--jsonl-out", str(out))
    assert code == EXIT_ERROR
    assert "truncated" in err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["url"] for line in lines] == ["https://www.heise.de/a", "https://koeln.example/fest"]


def test_not_a_warc_and_huge_pages(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc"
    junk.write_text("this is not an archive\n", encoding="utf-8")
    [item] = list(iter_warc(junk))
    assert isinstance(item, WarcSkip) and item.reason == "unreadable" and "not a WARC archive" in item.message
    path = tmp_path / "big.warc.gz"
    write_warc(path, [("https://www.heise.de/a", "200 OK", "text/html", _page("heise"))])
    [item] = list(iter_warc(path, max_page_bytes=1000))
    assert isinstance(item, WarcSkip) and item.reason == "too-large" and "max-page-bytes" in item.message


def test_jobs_1_and_2_write_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "many.warc.gz"
    pages = [(f"https://site{i % 3}.example/{i}", "200 OK", "text/html", _page("heise")) for i in range(6)]
    pages.insert(3, ("https://koeln.example/fest", "200 OK", "text/html; charset=windows-1252", CP1252_PAGE))
    write_warc(path, pages)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        code, _, err = _invoke("fix", "--isolated", "--warc", str(path), "--jsonl-out", str(out), "--jobs", jobs)
        assert code == EXIT_OK, err
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 7


def test_warc_needs_an_output(crawl: Path) -> None:
    code, _, err = _invoke("fix", "--warc", str(crawl))
    assert code == EXIT_ERROR and "--jsonl-out" in err


def _invoke(*args: str) -> tuple[int, str, str]:
    result = cli.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _article(number: int, chrome: str) -> bytes:
    sentences = [
        "The council met on Tuesday evening to discuss the new budget for the harbour district.",
        "Residents asked for longer opening hours at the library and for safer crossings near the school.",
        "The mayor promised a decision before the summer and thanked the volunteers for their work.",
        "Local shops reported a busy season, helped by the festival and by the new ferry timetable.",
    ]
    body = "".join(f"<p>{sentences[(number + i) % 4]} Item {number}-{i}.</p>" for i in range(4))
    return f"<html><body><article><h1>Report {number}</h1>{body}<p>{chrome}</p></article></body></html>".encode()


def test_learning_groups_boilerplate_by_host(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc.gz"
    pages = [
        (f"https://times.example/{i}", "200 OK", "text/html", _article(i, "Times Weekly Digest")) for i in range(4)
    ]
    pages += [
        (f"https://other.example/{i}", "200 OK", "text/html", _article(i + 4, "Times Weekly Digest")) for i in range(2)
    ]
    write_warc(path, pages)
    out = tmp_path / "out.jsonl"
    stats = fix_warc_file([path], out, Config(unsafe_fixes=True), learn=True)
    assert stats.learned_hosts == 1  # only times.example repeats the line on enough of its pages
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    times = [line for line in lines if line["url"].startswith("https://times.example/")]
    other = [line for line in lines if line["url"].startswith("https://other.example/")]
    assert len(times) == 4 and len(other) == 2
    assert all("Times Weekly Digest" not in line["text"] and "BP301" in line["codes"] for line in times)
    assert all("Times Weekly Digest" in line["text"] and "BP301" not in line["codes"] for line in other)
    assert all("The council met" in line["text"] or "Residents asked" in line["text"] for line in lines)
