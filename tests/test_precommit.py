"""End to end: the real ``pre-commit`` runs textfix's hooks through ``pre-commit try-repo``.

pre-commit installs textfix from a temporary git copy of this repository into its own
environment (from PyPI for the dependencies), then runs the hooks on a Markdown file
of a temporary content repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.core.test_markup import PROTECTED
from textfix import Engine

pytestmark = pytest.mark.slow

FIXTURE = FIXTURES / "boilerplate" / "all" / "markdown-content.md"
#: What pre-commit needs to install textfix from a repository.
REPO_FILES = ("src", "rules", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md", ".pre-commit-hooks.yaml")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")
def test_try_repo_fixes_then_passes(tmp_path: Path) -> None:
    hook_repo = tmp_path / "textfix"
    hook_repo.mkdir()
    for name in REPO_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, hook_repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        else:
            shutil.copy2(source, hook_repo / name)
    _git(hook_repo, "init", "-q")
    _git(hook_repo, "add", "-A")
    _git(hook_repo, "commit", "-q", "-m", "textfix")

    content = tmp_path / "site"
    content.mkdir()
    original = FIXTURE.read_text(encoding="utf-8")
    page = content / "page.md"
    page.write_text(original, encoding="utf-8")
    _git(content, "init", "-q")
    _git(content, "add", "-A")
    _git(content, "commit", "-q", "-m", "content")

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["PRE_COMMIT_COLOR"] = "never"

    check = _pre_commit(content, env, "try-repo", str(hook_repo), "textfix-check", "--files", "page.md")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "BP102" in check.stdout
    assert page.read_text(encoding="utf-8") == original

    first = _pre_commit(content, env, "try-repo", str(hook_repo), "textfix", "--files", "page.md")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    fixed = page.read_text(encoding="utf-8")
    assert fixed == Engine().fix(Engine().document(original, "page.md")).text
    assert fixed != original
    for piece in PROTECTED:
        assert piece in fixed

    second = _pre_commit(content, env, "try-repo", str(hook_repo), "textfix", "--files", "page.md")
    assert second.returncode == 0, second.stdout + second.stderr
    assert page.read_text(encoding="utf-8") == fixed
