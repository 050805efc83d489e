"""The build's one piece of code: the optional C extension, and the rule packs copied into the wheel.

Everything else about the package is declared in pyproject.toml. ``textfix.native._native`` is
compiled when a C compiler and the Python headers are there; when they are not, the build goes on
without it (``optional=True``) and textfix runs its pure-Python kernels (``textfix.native``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithPacks(build_py):
    """build_py that also puts the rule packs (``rules/`` at the top of the repository) in ``textfix/rules``.

    An editable install needs no copy: ``textfix.core.packs`` reads ``rules/`` from the source tree.
    """

    def run(self) -> None:
        """Build the packages, then copy the packs beside them (not for an editable install)."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "textfix" / "rules"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(ROOT / "rules", target, ignore=shutil.ignore_patterns("__pycache__", "*.py[cod]"))


setup(
    ext_modules=[
        Extension(
            "textfix.native._native",
            ["src/textfix/native/_native.c"],
            depends=["src/textfix/native/_buffers.h"],
            optional=True,
        ),
        Extension("textfix.native._lexicon", ["src/textfix/native/_lexicon.c"], optional=True),
        Extension("textfix.native._names", ["src/textfix/native/_names.c"], optional=True),
        Extension("textfix.native._lines", ["src/textfix/native/_lines.c"], optional=True),
        Extension("textfix.native._scan", ["src/textfix/native/_scan.c"], optional=True),
        Extension("textfix.native._fused", ["src/textfix/native/_fused.c"], optional=True),
        Extension(
            "textfix.native._boiler",
            ["src/textfix/native/_boiler.c"],
            depends=["src/textfix/native/_buffers.h"],
            optional=True,
        ),
    ],
    cmdclass={"build_py": BuildPyWithPacks},
)
