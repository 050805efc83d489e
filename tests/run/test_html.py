"""HTML pages in: extraction, charsets, the runner and the CLI on real pages (tests/data/html)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from textfix.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, app
from textfix.errors import ConfigError
from textfix.io.html import HtmlOptions, decode_html, extract_page, front_matter, meta_charset

pytest.importorskip("trafilatura")

PAGES = ROOT / "tests" / "data" / "html"
HEISE_SENTENCE = "Einmal-Passwörter"
cli = CliRunner()


def _page(name: str) -> bytes:
    return gzip.decompress((PAGES / f"{name}.html.gz").read_bytes())


def _run(*args: str) -> tuple[int, str, str]:
    result = cli.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "heise.html").write_bytes(_page("heise"))
    (folder / "sub" / "mozilla.htm").write_bytes(_page("mozilla-1"))
    return folder


def test_real_page_text_and_metadata() -> None:
    page = extract_page(_page("heise"), HtmlOptions())
    assert HEISE_SENTENCE in page.text
    assert "<div" not in page.text and "function(" not in page.text  # markup and scripts are gone
    assert page.metadata.title == "1Password für Mac generiert Einmal-Passwörter"
    assert page.metadata.date == "2015-04-08"
    assert page.metadata.url is not None and page.metadata.url.startswith("http://www.heise.de/")
    assert page.metadata.language == "de"
    assert (page.encoding, page.encoding_source) == ("utf-8", "meta")
    assert not page.text.startswith("---")  # trafilatura's own metadata header is not part of the text


def test_cp1252_page_with_meta_charset() -> None:
    html = _page("heise").decode("utf-8").replace('charset="utf-8"', 'charset="windows-1252"')
    assert meta_charset(html.encode("ascii", "replace")) == "windows-1252"
    data = html.encode("cp1252", errors="replace")
    assert data != html.encode("utf-8")
    page = extract_page(data, HtmlOptions())
    assert (page.encoding, page.encoding_source) == ("cp1252", "meta")
    assert HEISE_SENTENCE in page.text
    assert "Ã" not in page.text  # no mojibake


def test_http_header_charset_wins_and_a_wrong_declaration_falls_back() -> None:
    body = "<html><head><meta charset='utf-8'></head><body><p>Grüße aus Köln</p></body></html>"
    decoded = decode_html(body.encode("cp1252"), declared="windows-1252")
    assert (decoded.encoding, decoded.source) == ("cp1252", "http")
    assert "Grüße aus Köln" in decoded.html
    # The header lies (UTF-8 declared, cp1252 bytes): detection decides, the text is right.
    lying = decode_html(body.replace("utf-8", "latin-9").encode("cp1252"), declared="utf-8")
    assert "Grüße aus Köln" in lying.html
    assert lying.source in ("meta", "detected")


def test_empty_extraction_is_reported_not_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "empty.html").write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    (folder / "heise.html").write_bytes(_page("heise"))
    out = tmp_path / "clean"
    code, _, err = _run("fix", "--isolated", "--output", str(out), str(folder))
    assert code in (EXIT_OK, EXIT_FINDINGS)
    assert "empty.html: no article text found" in err
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["heise.txt"]


def test_fix_output_writes_text_and_findings_point_into_it(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "clean"
    before = {p: p.read_bytes() for p in pages.rglob("*") if p.is_file()}
    code, _, _ = _run("fix", "--isolated", "--output", str(out), str(pages))
    assert code in (EXIT_OK, EXIT_FINDINGS)
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == {"heise.txt", "sub/mozilla.txt"}
    text = (out / "heise.txt").read_text(encoding="utf-8")
    assert HEISE_SENTENCE in text and "<" not in text
    assert "nachgereicht, die die iOS-Version" in text  # correct German: SP103 only shows it, never fixes it
    mozilla = (out / "sub" / "mozilla.txt").read_text(encoding="utf-8")
    assert "Make your Firefox your own" in mozilla
    assert all(line == line.rstrip() for line in mozilla.splitlines())  # SP105 removed trailing spaces
    assert {p: p.read_bytes() for p in pages.rglob("*") if p.is_file()} == before  # pages untouched

    code, stdout, _ = _run("check", "--isolated", "--format", "json", str(pages / "heise.html"))
    assert code == EXIT_FINDINGS
    findings = json.loads(stdout)
    extracted = extract_page(_page("heise"), HtmlOptions()).text
    assert findings and all(f["path"].endswith("heise.html") for f in findings)
    for finding in findings:
        assert extracted[finding["start"] : finding["end"]] == finding["text"]


def test_in_place_fix_of_a_page_is_refused(pages: Path) -> None:
    page = pages / "heise.html"
    before = page.read_bytes()
    code, _, err = _run("fix", "--isolated", str(page))
    assert code == EXIT_ERROR
    assert "HTML pages are not fixed in place" in err and "--output" in err
    assert page.read_bytes() == before
    # Found in a folder: left alone with the same message, text files are still fixed.
    (pages / "note.txt").write_text("Story.\n\nSource link\n", encoding="utf-8")
    code, _, err = _run("fix", "--isolated", str(pages))
    assert code in (EXIT_OK, EXIT_FINDINGS)
    assert "heise.html: HTML pages are not fixed in place" in err
    assert page.read_bytes() == before
    assert (pages / "note.txt").read_text(encoding="utf-8") == "Story.\n"


def test_metadata_front_matter_and_markdown_output(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "clean"
    code, _, _ = _run("fix", "--isolated", "--metadata", "--html-output", "markdown", "--output", str(out), str(pages))
    assert code in (EXIT_OK, EXIT_FINDINGS)
    text = (out / "heise.md").read_text(encoding="utf-8")
    header, _, body = text.partition("\n---\n")
    assert header.startswith("---\ntitle: 1Password für Mac generiert Einmal-Passwörter\n")
    assert "date: '2015-04-08'" in header and "url: http://www.heise.de/" in header
    assert HEISE_SENTENCE in body
    assert (out / "sub" / "mozilla.md").is_file()


def test_front_matter_quotes_what_yaml_needs() -> None:
    import yaml

    from textfix.io.html import PageMetadata

    meta = PageMetadata(title="Breaking: 'quotes' & # signs", author="A. Writer", sitename="Example")
    header = front_matter(meta)
    assert yaml.safe_load(header.strip().strip("-")) == {
        "title": "Breaking: 'quotes' & # signs",
        "author": "A. Writer",
        "sitename": "Example",
    }
    assert front_matter(PageMetadata()) == ""


def test_html_options_are_checked(tmp_path: Path) -> None:
    assert HtmlOptions.from_mapping({"favor": "precision", "max-page-bytes": 100}).max_page_bytes == 100
    with pytest.raises(ConfigError, match="unknown option 'tabels'"):
        HtmlOptions.from_mapping({"tabels": True})
    with pytest.raises(ConfigError, match="favor must be one of"):
        HtmlOptions.from_mapping({"favor": "speed"})
    (tmp_path / "textfix.toml").write_text('[html]\noutput = "pdf"\n', encoding="utf-8")
    (tmp_path / "p.html").write_bytes(_page("heise"))
    code, _, err = _run("check", str(tmp_path / "p.html"))
    assert code == EXIT_ERROR
    assert "output must be one of text, markdown" in err


def test_jsonl_records_with_raw_pages(tmp_path: Path) -> None:
    source = tmp_path / "pages.jsonl"
    records = [
        {"id": 1, "html": _page("mozilla-1").decode("utf-8")},
        {"id": 2, "html": "<html><body></body></html>"},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = _run(
        "fix",
        "--isolated",
        "--metadata",
        "--jsonl",
        "html",
        "--from-html",
        "--codes-field",
        "codes",
        str(source),
        "-o",
        str(out),
    )
    assert code == EXIT_ERROR  # the empty page is reported
    assert "no article text found in the page; passed through" in err
    first, second = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert first["html"].startswith("Make your Firefox your own\n") and "<" not in first["html"]
    assert first["title"].startswith("Firefox — Customize") and first["language"] == "en"
    assert first["codes"] == ["SP105"]
    assert second == records[1]  # passed through untouched


def test_learning_reads_the_article_text_of_pages(tmp_path: Path) -> None:
    from textfix.families.boilerplate.site_chrome import LineCounter

    counter = LineCounter()
    page = tmp_path / "p.html"
    page.write_bytes(_page("heise"))
    counter.add_files([page])
    assert counter.files == 1
    assert not any("<" in entry.example for entry in counter.stats.values())


def test_without_the_extra_pages_are_skipped_with_the_install_line(
    pages: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from textfix.io.html import MissingExtraError, extract
    from textfix.io.warc import iter_warc

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura now raises ImportError
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'textfix\[html\]'"):
        extract("<html><body><p>Text.</p></body></html>")
    archive = pages / "a.warc.gz"
    archive.write_bytes(b"\x1f\x8b" + bytes(30))
    with pytest.raises(MissingExtraError, match=r"pip install 'textfix\[warc\]'"):
        list(iter_warc(archive))
    code, _, err = _run("check", "--isolated", str(pages))
    assert code == EXIT_OK
    assert "heise.html: skipped: HTML input needs trafilatura: pip install 'textfix[html]'" in err


def test_a_page_and_a_text_file_of_one_name_are_refused_before_writing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.html").write_bytes(_page("heise"))
    (folder / "x.txt").write_text("Story.\n", encoding="utf-8")
    code, _, err = _run("fix", "--isolated", "--output", str(tmp_path / "out"), str(folder))
    assert code == EXIT_ERROR
    assert "x.html and" in err and "would both be written to" in err and "x.txt" in err
    assert not (tmp_path / "out").exists()
