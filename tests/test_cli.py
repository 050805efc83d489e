"""The command line: exit codes, formats, stdin/stdout, --diff, --output, in-place writes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, SEED
from textfix.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, app

runner = CliRunner()
BOILERPLATE = "Headline\n\nrelated news\n\nA sentence of the story.\n\nSource link\n"
CLEAN = "A clean paragraph of prose.\n"


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "dirty.txt").write_text(BOILERPLATE, encoding="utf-8")
    (root / "sub" / "clean.md").write_text(CLEAN, encoding="utf-8")
    (root / "sub" / "ignored.html").write_text(BOILERPLATE, encoding="utf-8")
    return root


def test_exit_codes_are_pinned() -> None:
    assert (EXIT_OK, EXIT_FINDINGS, EXIT_ERROR) == (0, 1, 2)


def test_check_clean_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(CLEAN, encoding="utf-8")
    code, out, _ = _run("check", str(path))
    assert code == EXIT_OK
    assert out == ""


def test_check_prints_linter_lines_and_exits_1(tree: Path) -> None:
    code, out, _ = _run("check", str(tree / "dirty.txt"))
    assert code == EXIT_FINDINGS
    lines = out.splitlines()
    assert (
        lines[0] == f"{tree / 'dirty.txt'}:3:1 BP103 related-content header left by the scraper: remove this line [*]"
    )
    assert lines[1] == "  | related news"
    assert any(":7:1 BP102" in line for line in lines)


def test_check_usage_error_exits_2() -> None:
    code, _, _ = _run("check", "--no-such-option", "x")
    assert code == EXIT_ERROR


def test_check_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, err = _run("check", str(tmp_path / "nope.txt"))
    assert code == EXIT_ERROR
    assert "no such file" in err


def test_bad_selector_exits_2(tree: Path) -> None:
    code, _, err = _run("check", "--select", "BQ77", str(tree))
    assert code == EXIT_ERROR
    assert "BQ77" in err


def test_exit_zero(tree: Path) -> None:
    assert _run("check", "--exit-zero", str(tree))[0] == EXIT_OK


def test_select_and_ignore_on_the_command_line(tree: Path) -> None:
    _, out, _ = _run("check", "--select", "BP102", str(tree))
    assert "BP102" in out
    assert "BP103" not in out
    _, out, _ = _run("check", "--ignore", "BP102,related-content-header", str(tree))
    assert out == ""


def test_seed_json_is_the_documented_contract() -> None:
    code, out, _ = _run("check", "--format", "json", "--select", "boilerplate", str(SEED))
    assert code == EXIT_FINDINGS
    records = json.loads(out)
    text = SEED.read_text(encoding="utf-8")
    keys = {
        "path", "code", "name", "category", "message", "start", "end",
        "line", "column", "end_line", "end_column", "text", "confidence", "properties", "fix",
    }  # fmt: skip
    assert [r["text"] for r in records] == [
        "related news",
        "Source link",
        "Please enter your comment!",
        "Please enter your name here",
    ]
    for record in records:
        assert set(record) == keys
        assert text[record["start"] : record["end"]] == record["text"]
        assert record["fix"]["applicability"] == "safe"
        assert record["confidence"] is None  # the seed's safe fixes come from deterministic rules
        assert record["properties"] == {}
        assert set(record["fix"]["edits"][0]) == {"start", "end", "replacement"}
        line_start = text.rfind("\n", 0, record["start"]) + 1
        assert record["column"] == record["start"] - line_start + 1
        assert record["line"] == text.count("\n", 0, record["start"]) + 1


def test_json_over_several_files_is_one_array(tree: Path) -> None:
    (tree / "second.txt").write_text(BOILERPLATE, encoding="utf-8")
    _, out, _ = _run("check", "--format", "json", str(tree))
    records = json.loads(out)
    assert {Path(r["path"]).name for r in records} == {"dirty.txt", "second.txt"}


def test_json_for_clean_input_is_an_empty_array() -> None:
    code, out, _ = _run("check", "--format", "json", "-", stdin=CLEAN)
    assert code == EXIT_OK
    assert json.loads(out) == []


def test_stdin_check_reports_dash_path() -> None:
    _, out, _ = _run("check", "--format", "json", "-", stdin=BOILERPLATE)
    assert {r["path"] for r in json.loads(out)} == {"-"}


def test_fix_stdin_writes_fixed_text_to_stdout() -> None:
    code, out, _ = _run("fix", "--select", "boilerplate", "-", stdin=BOILERPLATE)
    assert out == "Headline\n\nA sentence of the story.\n"
    assert code == EXIT_OK


def test_fix_diff_writes_nothing_and_exits_1(tree: Path) -> None:
    before = (tree / "dirty.txt").read_bytes()
    code, out, _ = _run("fix", "--diff", "--select", "boilerplate", str(tree))
    assert code == EXIT_FINDINGS
    assert "-related news" in out
    assert "-Source link" in out
    assert f"--- a/{tree / 'dirty.txt'}" in out
    assert (tree / "dirty.txt").read_bytes() == before


def test_fix_diff_on_clean_tree_exits_0(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text(CLEAN, encoding="utf-8")
    code, out, _ = _run("fix", "--diff", str(tmp_path))
    assert (code, out) == (EXIT_OK, "")


def test_fix_in_place_keeps_mode_and_never_rewrites_unchanged_files(tree: Path) -> None:
    dirty, clean = tree / "dirty.txt", tree / "sub" / "clean.md"
    dirty.chmod(0o640)
    old = 1_000_000_000
    os.utime(clean, (old, old))
    code, _, err = _run("fix", "--select", "boilerplate", str(tree))
    assert code == EXIT_OK
    assert dirty.read_text(encoding="utf-8") == "Headline\n\nA sentence of the story.\n"
    assert stat.S_IMODE(dirty.stat().st_mode) == 0o640
    assert clean.stat().st_mtime == old  # unchanged file not rewritten
    assert (tree / "sub" / "ignored.html").read_text(encoding="utf-8") == BOILERPLATE  # not included
    assert "Fixed 2 issue(s) in 1 file(s)" in err
    assert not list(tree.rglob("*.textfix-tmp"))


def test_fix_output_mirrors_tree_and_leaves_inputs(tree: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    code, _, _ = _run("fix", "--select", "boilerplate", "--output", str(out_dir), str(tree))
    assert code == EXIT_OK
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
    assert (out_dir / "dirty.txt").read_text(encoding="utf-8") == "Headline\n\nA sentence of the story.\n"
    assert (out_dir / "sub" / "clean.md").read_text(encoding="utf-8") == CLEAN
    assert not (out_dir / "sub" / "ignored.html").exists()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((out_dir / "dirty.txt").stat().st_mode) == 0o666 & ~umask  # a new file, not 0600


def test_fix_output_over_1000_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for i in range(1000):
        folder = src / f"d{i % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{i}.txt").write_text(BOILERPLATE if i % 2 else CLEAN, encoding="utf-8")
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    code, _, _ = _run("fix", "--select", "boilerplate", "--output", str(tmp_path / "out"), str(src))
    assert code == EXIT_OK
    written = list((tmp_path / "out").rglob("*.txt"))
    assert len(written) == 1000
    assert {p: p.read_bytes() for p in src.rglob("*") if p.is_file()} == before


def test_binary_file_is_skipped_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "ok.txt").write_text(CLEAN, encoding="utf-8")
    code, _, err = _run("check", str(tmp_path))
    assert code == EXIT_OK
    assert "binary file" in err


def test_undecodable_bytes_are_an_error_and_file_untouched(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 and that no common legacy encoding reads cleanly."""
    bad = tmp_path / "bad.txt"
    payload = b"Related news\n\nCaf\xc3 au lait \xff\xfe broken\n"
    bad.write_bytes(payload)
    code, _, err = _run("fix", str(bad))
    assert code == EXIT_ERROR
    assert "bad.txt" in err
    assert bad.read_bytes() == payload


def test_rules_lists_packs_and_rule_prints_docs() -> None:
    code, out, _ = _run("rules")
    assert code == EXIT_OK
    assert "BP101" in out
    assert "comment-form-prompt" in out
    code, out, _ = _run("rule", "BP102")
    assert code == EXIT_OK
    assert out.startswith("BP102 source-link (boilerplate")
    assert "Why it happens" in out
    assert _run("rule", "ZZ999")[0] == EXIT_ERROR


def test_malformed_pack_on_the_command_line_exits_2(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text("rules:\n  - code: BP950\n    name: x\n    kind: lines\n    summary: s\n    phrasez: [a]\n")
    code, _, err = _run("check", "--rules", str(pack), str(SEED))
    assert code == EXIT_ERROR
    assert "bad.yaml" in err
    assert "BP950" in err
    assert "phrasez" in err


def test_console_script_smoke(tmp_path: Path) -> None:
    """One real subprocess through ``python -m textfix``, as a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "textfix", "fix", "--diff", "--select", "boilerplate", str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == EXIT_FINDINGS
    removed = [line for line in proc.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert [line for line in removed if line.strip("-")] == [
        "-related news",
        "-Source link",
        "-Please enter your comment!",
        "-Please enter your name here",
    ]
