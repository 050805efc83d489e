"""Issue 16, the I/O half: no silent corruption, nothing lost, a clear message for every fault.

Each test is named after the item of the issue it pins; each reproduces the exact input
the issue gives.
"""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from textfix import Engine
from textfix.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, app
from textfix.config import Config
from textfix.core.document import Document
from textfix.errors import WriteError
from textfix.io import source as source_module
from textfix.io.source import decode, remove_stale_temporaries, write_atomic
from textfix.run import batch, json_members
from textfix.run.records import CodesFieldError, fix_jsonl, fix_parquet

runner = CliRunner()
DIRTY = "Story.\n\nrelated news\n\nThe text goes on , and on.\n\nSource link\n"
CLEAN = "Story.\n\nThe text goes on, and on.\n"
BOILERPLATE = Config(select=("boilerplate", "spacing"))


def _fix(*args: str, stdin: bytes | str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["fix", "--isolated", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


# --- final newline -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Story.\n\nSource link\n",
        "Story.\r\n\r\nSource link\r\n",
        "Story.\nSource link\n",
        # a trailing block of safe and unsafe removals: the safe fixes leave the blank run between them
        "Story.\u200b\nTwitter\n\nSource link \nTwitter\n",
        "# Heading\r\nSource link \r\n\r\nSource link\u200b\r\nHome\r\n",
        "Story of the day goes on here.\nShare this:\n\nRead more »\nSource link \nShare this:\nTwitter\n",
        "Tags: a, b\nRead more »\nPlease enter your comment!\n\nRelated news\nTwitter\n",
    ],
)
@pytest.mark.parametrize("path", ["x.txt", "x.md"])
@pytest.mark.parametrize("unsafe", [False, True])
def test_file_ending_in_a_removed_boilerplate_line_ends_in_exactly_one_newline(
    text: str, path: str, unsafe: bool
) -> None:
    newline = "\r\n" if "\r\n" in text else "\n"
    fixed = Engine().fix(Document(text, path=path), unsafe=unsafe).text
    assert fixed != text
    assert fixed.endswith(newline)
    assert not fixed.endswith(newline * 2)  # what end-of-file-fixer accepts


# --- per-document isolation -----------------------------------------------------------------------------------------


def test_lone_surrogate_does_not_raise_rule_error_in_sp103() -> None:
    engine = Engine(Config(select=("ALL",)))
    for text in ("\ud800 x", "a \udc80 b the the war", "Caf\udce9 au lait"):
        for path in ("x.txt", "x.md"):
            engine.fix(Document(text, path=path), unsafe=True)
    assert Engine(Config(select=("SP103",))).fix("\ud800 the the war").text == "\ud800 the war"
    doc = Document("\ud800 x\n`code` \udfff\n", path="x.md")
    assert [line.text for line in doc.lines] == ["\ud800 x", "`code` \udfff"]
    assert doc.position(4) == (2, 1)
    assert not doc.is_prose(4, 10)  # the code span is still found


@pytest.fixture
def failing_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """SP103 raises on any text holding ``BOOM``: a rule bug that one document triggers."""
    from textfix.families.spacing import rules

    original = rules.DoubledWord.check

    def check(self: rules.DoubledWord, doc: Document) -> object:
        if "BOOM" in doc.text:
            msg = "rule bug"
            raise RuntimeError(msg)
        return original(self, doc)

    monkeypatch.setattr(rules.DoubledWord, "check", check)


@pytest.mark.usefixtures("failing_rule")
def test_rule_error_on_one_file_is_reported_with_its_path_and_the_run_goes_on(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("BOOM.\n\n" + DIRTY, encoding="utf-8")
    code, _, err = _fix(str(tmp_path))
    assert code == EXIT_ERROR
    assert f"rule SP103 (doubled-word) failed on {tmp_path / 'b.txt'}: RuntimeError: rule bug" in err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "BOOM.\n\n" + DIRTY


@pytest.mark.usefixtures("failing_rule")
def test_rule_error_on_one_jsonl_record_keeps_every_other_record(tmp_path: Path) -> None:
    lines = [json.dumps({"id": i, "text": DIRTY}) + "\n" for i in range(3)]
    lines[1] = json.dumps({"id": 1, "text": "BOOM " + DIRTY}) + "\n"
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(lines), encoding="utf-8")
    code, _, err = _fix("--select", "boilerplate,spacing", "--jsonl", "text", str(source), "-o", str(target))
    assert code == EXIT_ERROR
    assert "line 2: rule SP103 (doubled-word) failed on <string>: RuntimeError: rule bug; passed through" in err
    written = target.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(written) == 3
    assert written[1] == lines[1]
    assert [json.loads(line)["text"] for line in (written[0], written[2])] == [CLEAN, CLEAN]


def test_lone_surrogate_record_is_fixed_and_written_as_valid_utf8_json(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text('{"text": "\\ud800 x the the war"}\n{"text": "Story.\\n\\nSource link\\n"}\n', encoding="utf-8")
    code, _, err = _fix("--jsonl", "text", str(source), "-o", str(target))
    assert code == EXIT_OK, err
    data = target.read_bytes()
    data.decode("utf-8")  # strict: no lone surrogate written raw
    assert [json.loads(line)["text"][1:] for line in data.decode().splitlines()] == [" x the war", "tory.\n"]


@pytest.mark.usefixtures("failing_rule")
def test_fix_partition_does_not_fail_the_partition() -> None:
    out = batch.fix_partition(["Story.\n\nSource link\n", "BOOM.\n\nSource link\n", None, "\ud800 x"], BOILERPLATE)
    assert out == ["Story.\n", "BOOM.\n\nSource link\n", None, "\ud800 x"]


# --- records: byte for byte -------------------------------------------------------------------------------------------


def test_jsonl_record_is_passed_through_byte_for_byte_but_the_cleaned_field() -> None:
    line = (
        '{"pi": 3.141592653589793238, "big": 1e400, "dup": 1, "dup": 2, "esc": "caf\\u00e9 \\/",'
        '  "text": "Story.\\n\\nSource link\\n",   "z":[1,2 ,3]}\r\n'
    )
    out = io.StringIO()
    stats = fix_jsonl(io.StringIO(line), out, "text", config=BOILERPLATE)
    expected = line.replace('"Story.\\n\\nSource link\\n"', '"Story.\\n"')
    assert out.getvalue() == expected
    assert (stats.records, stats.changed, stats.errors) == (1, 1, [])


def test_jsonl_cleaned_field_keeps_its_escape_style_and_codes_field_follows_the_separators() -> None:
    lines = '{"text":"Caf\\u00e9.\\n\\nSource link\\n","n":1}\n{"text": "Café.\\n\\nSource link\\n"}\n'
    out = io.StringIO()
    fix_jsonl(io.StringIO(lines), out, "text", config=BOILERPLATE, codes_field="codes")
    assert out.getvalue().splitlines() == [
        '{"text":"Caf\\u00e9.\\n","n":1,"codes":["BP102"]}',
        '{"text": "Café.\\n", "codes": ["BP102"]}',
    ]


def test_jsonl_codes_field_that_exists_is_an_error_before_anything_is_written(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"text": DIRTY}) + "\n" + json.dumps({"text": DIRTY, "tag": 1}) + "\n")
    for codes in ("text", "tag"):
        code, out, err = _fix("--jsonl", "text", "--codes-field", codes, str(source), "-o", str(target))
        assert code == EXIT_ERROR
        assert f"--codes-field {codes!r}" in err
        assert not target.exists()
        assert not list(tmp_path.glob("*.textfix-tmp"))
        code, out, err = _fix("--jsonl", "text", "--codes-field", codes, str(source))  # to standard output
        assert (code, out) == (EXIT_ERROR, "")
    with pytest.raises(CodesFieldError):  # a stream that cannot be scanned first: at the record
        fix_jsonl(iter([json.dumps({"text": DIRTY, "tag": 1}) + "\n"]), io.StringIO(), "text", codes_field="tag")


def test_parquet_codes_field_that_exists_is_an_error_before_anything_is_written(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(pa.table({"id": [1], "text": [DIRTY]}), source)
    with pytest.raises(CodesFieldError, match="already a column"):
        fix_parquet(source, target, "text", codes_field="id")
    code, _, err = _fix("--parquet", "text", "--codes-field", "text", str(source), "-o", str(target))
    assert code == EXIT_ERROR
    assert "already a column" in err
    assert not target.exists()


# --- output paths -------------------------------------------------------------------------------------------------


def test_two_inputs_mapping_to_one_output_path_is_an_error_before_anything_is_written(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(DIRTY, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = _fix("-o", str(out), str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"))
    assert code == EXIT_ERROR
    assert "would both be written to" in err
    assert not out.exists()
    code, _, _ = _fix("-o", str(out), str(tmp_path / "a"), str(tmp_path / "b" / "x.txt"))
    assert code == EXIT_ERROR
    code, _, _ = _fix("-o", str(out), str(tmp_path / "a"))
    assert code == EXIT_OK
    assert (out / "x.txt").read_text(encoding="utf-8") == CLEAN


# --- in-place writes keep the file's identity -------------------------------------------------------------------------


def test_in_place_fix_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real" / "page.txt"
    real.parent.mkdir()
    real.write_text(DIRTY, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(Path("real") / "page.txt")
    code, _, err = _fix(str(link))
    assert code == EXIT_OK, err
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("real") / "page.txt")
    assert real.read_text(encoding="utf-8") == CLEAN
    assert not list(tmp_path.rglob("*.textfix-tmp"))


def test_in_place_fix_keeps_hard_links(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.md"
    first.write_text(DIRTY, encoding="utf-8")
    os.link(first, second)
    inode = first.stat().st_ino
    code, _, err = _fix(str(first))
    assert code == EXIT_OK, err
    assert first.stat().st_ino == second.stat().st_ino == inode
    assert second.read_text(encoding="utf-8") == CLEAN
    assert first.stat().st_nlink == 2


def test_in_place_fix_keeps_mode_owner_and_group(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(DIRTY, encoding="utf-8")
    path.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(path, 1234, 5678)
    before = path.stat()
    code, _, err = _fix(str(path))
    assert code == EXIT_OK, err
    after = path.stat()
    assert path.read_text(encoding="utf-8") == CLEAN
    assert (stat.S_IMODE(after.st_mode), after.st_uid, after.st_gid) == (0o640, before.st_uid, before.st_gid)


def test_read_only_file_is_skipped_with_a_message_unless_force(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(DIRTY, encoding="utf-8")
    path.chmod(0o444)
    code, _, err = _fix(str(path))
    assert code == EXIT_FINDINGS  # its findings are reported, not fixed
    assert f"{path}: read-only, not fixed (3 fix(es) available; --force writes it)" in err
    assert path.read_text(encoding="utf-8") == DIRTY
    code, _, err = _fix("--force", str(path))
    assert code == EXIT_OK, err
    assert path.read_text(encoding="utf-8") == CLEAN
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("cp1252", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-8", codecs.BOM_UTF8),
    ],
)
def test_stdin_output_is_in_the_input_encoding_and_bom(encoding: str, bom: bytes) -> None:
    text = "Café  au lait , naïve.\n\nSource link\n"
    result = runner.invoke(app, ["fix", "--isolated", "-"], input=bom + text.encode(encoding))
    assert result.exit_code == EXIT_OK, result.stderr
    assert result.stdout_bytes == bom + "Café au lait, naïve.\n".encode(encoding)


# --- write failures -----------------------------------------------------------------------------------------------


def test_disk_full_is_a_one_line_error_per_file_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")
    real_fsync = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second file's write
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    code, _, err = _fix(str(tmp_path))
    assert code == EXIT_ERROR
    errors = [line for line in err.splitlines() if line.startswith("error")]
    message = f"{tmp_path / 'b.txt'}: cannot write: no space left on device; the file was left as it was"
    assert errors == [f"error: {message}"]
    assert "Traceback" not in err
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == DIRTY
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == (tmp_path / "c.txt").read_text(encoding="utf-8") == CLEAN
    assert not list(tmp_path.glob("*.textfix-tmp"))


def test_read_only_directory_is_a_one_line_error_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)  # root writes anywhere: simulate the refusal
    code, _, err = _fix(str(tmp_path))
    assert code == EXIT_ERROR
    assert err.count("cannot write: Permission denied") == 2
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_read_only_output_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(DIRTY, encoding="utf-8")
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    code, _, err = _fix("-o", str(blocker), str(tmp_path / "in"))
    assert code == EXIT_ERROR
    assert f"{blocker / 'a.txt'}: cannot write:" in err
    assert "Traceback" not in err
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": DIRTY}) + "\n", encoding="utf-8")
    code, _, err = _fix("--jsonl", "text", str(source), "-o", str(blocker / "out.jsonl"))
    assert code == EXIT_ERROR
    assert "cannot write" in err
    assert "Traceback" not in err


def test_write_atomic_raises_write_error_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError, match="no space left on device"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_stale_temporary_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    host = source_module._host()
    dead = tmp_path / f".a.txt.{host}-999999999-abc123.textfix-tmp"
    live = tmp_path / f".a.txt.{host}-{os.getpid()}-abc123.textfix-tmp"
    other_host = tmp_path / ".a.txt.elsewhere-999999999-abc123.textfix-tmp"
    not_ours = tmp_path / ".a.txt.backup"
    for path in (dead, live, other_host, not_ours):
        path.write_text("x", encoding="utf-8")
    assert remove_stale_temporaries(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (live, other_host, not_ours))
    dead.write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert _fix(str(tmp_path / "a.txt"))[0] == EXIT_OK  # a writing run sweeps the folders it writes to
    assert not dead.exists()


# --- decoding -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Noël",
        "café",
        "Le garçon est français.",
        "Élève",
        "ÇA VA? OUI, ÇA VA TRÈS BIEN.",
        "Voilà ce que j'ai reçu à Paris: « très bien », dit Zoë.",
        "aïe, ambiguë",
    ],
)
def test_plain_latin1_french_is_decoded(text: str) -> None:
    source = decode(text.encode("latin-1"))
    assert (source.text, source.encoding, source.detected) == (text, "cp1252", True)


@pytest.mark.parametrize(
    "data",
    [
        b"Related news\n\nCaf\xc3 au lait \xff\xfe broken\n",  # damaged UTF-8
        "Caf\u00e9 ok, then latin-1 caf\xe9".encode("utf-8").replace(b"\xc3\xa9", b"\xc3\xa9", 1) + b" \xe9t\xe9",
    ],
)
def test_damaged_utf8_is_still_refused(data: bytes) -> None:
    with pytest.raises(source_module.DecodeError):
        decode(data)


def test_latin1_french_file_is_fixed_and_written_back_in_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_bytes("Noël , à Zoë.\n\nSource link\n".encode("latin-1"))
    code, out, err = _fix(str(path))
    assert code == EXIT_OK, err
    assert path.read_bytes() == "Noël, à Zoë.\n".encode("latin-1")
    assert "cp1252" in out


def test_hard_linked_file_whose_rewrite_fails_keeps_the_fixed_text_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old text")
    os.link(path, tmp_path / "b.txt")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(source_module.shutil, "copyfileobj", full)
    with pytest.raises(WriteError, match="cannot rewrite in place: no space left on device") as caught:
        write_atomic(path, b"new text")
    kept = [p for p in tmp_path.iterdir() if p.name.endswith(".kept")]
    assert len(kept) == 1
    assert kept[0].read_bytes() == b"new text"
    assert str(kept[0]) in str(caught.value)
    assert not list(tmp_path.glob("*.textfix-tmp"))


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.tuples(st.text(max_size=8), _JSON_VALUES), max_size=6),
    st.sampled_from([(", ", ": "), (",", ":"), (" , ", " : ")]),
    st.booleans(),
)
def test_json_members_read_every_object_as_json_does(
    pairs: list[tuple[str, object]], separators: tuple[str, str], ascii_only: bool
) -> None:
    comma, colon = separators
    body = " {" + comma.join(json.dumps(k, ensure_ascii=ascii_only) + colon + json.dumps(v) for k, v in pairs) + "} "
    members = json_members.members(body)
    assert members is not None
    assert {m.key: m.value for m in members.items} == json.loads(body)
    for member in members.items:
        assert json.loads(body[member.start : member.end]) == member.value
    appended = members.append(body, "codes", ["X"])
    assert json.loads(appended) == {**json.loads(body), "codes": ["X"]}
