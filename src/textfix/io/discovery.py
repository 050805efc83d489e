"""Finding the files to check: folders recurse, named files are always taken."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Folders never entered when walking (version control and tool caches).
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".tox", ".nox", ".venv", "node_modules", "__pycache__"})
#: Files read as HTML pages (:mod:`textfix.io.html`), by suffix.
HTML_SUFFIXES = frozenset({".html", ".htm"})


def is_html_path(path: Path) -> bool:
    """Whether a file is read as an HTML page (by its suffix); the page reader is imported only for one."""
    return path.suffix.lower() in HTML_SUFFIXES


@dataclass(frozen=True, slots=True)
class Input:
    """A file to process: where it is, and the root it was found under (for ``--output``)."""

    path: Path
    root: Path | None

    @property
    def relative(self) -> Path:
        """The path below its root (the file name for a file named directly)."""
        if self.root is None:
            return Path(self.path.name)
        return self.path.relative_to(self.root)

    def size(self) -> int:
        """Bytes in the file (0 when it cannot be read): what progress and worker tasks count."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


def _excluded(relative: str, name: str, exclude: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(name, pattern) for pattern in exclude)


def iter_inputs(paths: Sequence[Path], include: Sequence[str], exclude: Sequence[str]) -> Iterator[Input]:
    """Files named in ``paths`` and the matching files below the folders in it, sorted per folder.

    ``include`` globs match file names when walking; ``exclude`` globs match the path
    relative to the folder given (``drafts/*``) or a file or folder name.
    """
    for given in paths:
        if given.is_dir():
            for dirpath, dirnames, filenames in os.walk(given):
                folder = Path(dirpath)
                dirnames[:] = sorted(
                    d
                    for d in dirnames
                    if d not in SKIPPED_DIRS and not _excluded((folder / d).relative_to(given).as_posix(), d, exclude)
                )
                for name in sorted(filenames):
                    if not any(fnmatch.fnmatch(name, pattern) for pattern in include):
                        continue
                    relative = (folder / name).relative_to(given).as_posix()
                    if _excluded(relative, name, exclude):
                        continue
                    yield Input(folder / name, given)
        else:
            yield Input(given, None)
