"""The command line at scale: --jobs, progress and summary, Ctrl-C, JSONL and Parquet records."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from textfix import Engine
from textfix.cli import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, app

runner = CliRunner()
DIRTY = "Story {i}.\n\nrelated news\n\nThe text goes on , and on.\n\nSource link\n"
CLEAN = "Story {i}.\n\nThe text goes on, and on.\n"
PROSE = (ROOT / "bench" / "data" / "clean-prose" / "sotu" / "1861_abraham_lincoln_r.txt").read_text(encoding="utf-8")


def _tree(root: Path, count: int, body: str = DIRTY) -> list[Path]:
    paths = []
    for i in range(count):
        path = root / f"d{i % 7}" / f"{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body.format(i=i), encoding="utf-8")
        paths.append(path)
    return paths


def test_jobs_two_gives_the_same_files_and_report_as_jobs_one(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    _tree(one, 60)
    _tree(two, 60)
    first = runner.invoke(app, ["fix", "--jobs", "1", "--isolated", "--format", "json", str(one)])
    second = runner.invoke(app, ["fix", "--jobs", "2", "--isolated", "--format", "json", str(two)])
    assert first.exit_code == second.exit_code == EXIT_OK
    for path in sorted(one.rglob("*.txt")):
        twin = two / path.relative_to(one)
        assert path.read_text(encoding="utf-8") == twin.read_text(encoding="utf-8") == CLEAN.format(i=int(path.stem))
    assert json.loads(first.stdout) == json.loads(second.stdout) == []
    assert "Fixed 180 issue(s) in 60 file(s)" in second.stderr


def test_check_with_jobs_reports_files_in_walk_order(tmp_path: Path) -> None:
    _tree(tmp_path, 30)
    result = runner.invoke(app, ["check", "-j", "2", "--isolated", "--format", "jsonl", str(tmp_path)])
    paths = [json.loads(line)["path"] for line in result.stdout.splitlines()]
    single = runner.invoke(app, ["check", "-j", "1", "--isolated", "--format", "jsonl", str(tmp_path)])
    assert paths == [json.loads(line)["path"] for line in single.stdout.splitlines()]
    assert len(paths) == 30 * 3


def test_summary_on_a_terminal_and_silence_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, 12)
    quiet = runner.invoke(app, ["fix", "--isolated", "--diff", str(tmp_path)])
    assert "file(s) in" not in quiet.stderr
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich then treats standard error as a terminal
    _tree(tmp_path, 12)
    loud = runner.invoke(app, ["fix", "--isolated", "-j", "2", str(tmp_path)])
    assert loud.exit_code == EXIT_OK
    summary = [line for line in loud.stderr.splitlines() if "file(s) in" in line]
    assert len(summary) == 1
    assert "12 file(s) in" in summary[0]
    assert summary[0].endswith(
        "12 changed, 36 fix(es) applied, 0 finding(s) left; by category: boilerplate 24, spacing 12"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly_with_no_half_written_file(tmp_path: Path, jobs: str) -> None:
    body = PROSE.replace("{", "{{").replace("}", "}}") + "\nrelated news\n\nStory {i}.\n\nSource link\n"
    paths = _tree(tmp_path, 400, body)
    originals = {path: path.read_bytes() for path in paths}
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "textfix", "fix", "--isolated", "--jobs", jobs, str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and all(p.read_bytes() == originals[p] for p in paths[:5]):
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group, workers included
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == EXIT_INTERRUPTED, stderr.decode()
    assert b"interrupted after" in stderr
    assert b"Traceback" not in stderr
    assert not list(tmp_path.rglob("*.textfix-tmp"))
    engine = Engine()
    fixed = 0
    for path in paths:
        data = path.read_bytes()
        if data != originals[path]:  # every file is either untouched or completely fixed
            fixed += 1
            assert data.decode("utf-8") == engine.fix(originals[path].decode("utf-8")).text
    assert 0 < fixed < len(paths)


def _records(count: int) -> list[dict[str, object]]:
    return [{"id": i, "text": DIRTY.format(i=i), "meta": {"lang": "en"}} for i in range(count)]


def test_jsonl_file_to_file(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in _records(40)]
    source.write_text("".join(lines), encoding="utf-8")
    result = runner.invoke(
        app,
        ["fix", "--isolated", "--jsonl", "text", "--codes-field", "textfix", "-j", "2", str(source), "-o", str(target)],
    )
    assert result.exit_code == EXIT_OK, result.stderr
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == list(range(40))
    assert out[3] == {
        "id": 3,
        "text": CLEAN.format(i=3),
        "meta": {"lang": "en"},
        "textfix": ["BP102", "BP103", "SP101"],
    }
    assert "40 record(s), 40 changed, 120 fix(es); 0 passed through untouched" in result.stderr
    assert source.read_text(encoding="utf-8") == "".join(lines)


def test_jsonl_keeps_bad_lines_byte_for_byte_and_reports_them(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    good = json.dumps({"text": DIRTY.format(i=1)}).encode() + b"\r\n"
    not_utf8 = b'{"text": "caf\xe9 related news"}\n'
    not_json = b"{oops\n"
    source.write_bytes(good + not_utf8 + not_json)
    result = runner.invoke(app, ["fix", "--isolated", "--jsonl", "text", str(source), "-o", str(source)])
    assert result.exit_code == EXIT_ERROR
    assert "line 2: not UTF-8; passed through" in result.stderr
    assert "line 3: not JSON" in result.stderr
    data = source.read_bytes()  # written in place, atomically
    first, rest = data.split(b"\r\n", 1)
    assert json.loads(first)["text"] == CLEAN.format(i=1)
    assert rest == not_utf8 + not_json


def test_jsonl_from_stdin_to_stdout() -> None:
    lines = "".join(json.dumps(r) + "\n" for r in _records(3))
    result = runner.invoke(app, ["fix", "--isolated", "--jsonl", "text", "-"], input=lines)
    assert result.exit_code == EXIT_OK
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == [CLEAN.format(i=i) for i in range(3)]


def test_jsonl_missing_input_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["fix", "--jsonl", "text", str(tmp_path / "nope.jsonl"), "-o", str(target)])
    assert result.exit_code == EXIT_ERROR
    assert "nope.jsonl" in result.stderr
    assert not target.exists()
    assert not list(tmp_path.iterdir())


def test_parquet_file_to_file(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(pa.table({"id": list(range(30)), "body": [DIRTY.format(i=i) for i in range(30)]}), source)
    result = runner.invoke(
        app, ["fix", "--isolated", "--parquet", "body", "--codes-field", "codes", str(source), "-o", str(target)]
    )
    assert result.exit_code == EXIT_OK, result.stderr
    table = pq.read_table(target)
    assert table.column("body").to_pylist() == [CLEAN.format(i=i) for i in range(30)]
    assert table.column("codes").to_pylist()[0] == ["BP102", "BP103", "SP101"]
    missing = runner.invoke(app, ["fix", "--parquet", "text", str(source), "-o", str(tmp_path / "x.parquet")])
    assert missing.exit_code == EXIT_ERROR
    assert "no column 'text' (columns: id, body)" in missing.stderr
    assert not (tmp_path / "x.parquet").exists()
