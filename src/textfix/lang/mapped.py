"""A shipped data file read in place: a read-only memory map of the installed file.

The prebuilt indexes (the word-frequency tables, the exonym index, the fused-word bigrams)
ship uncompressed, laid out as their readers use them, so that loading one is mapping it:
no decompression and no copy, and only the pages a look-up touches are read (the kernel
shares them between processes, so batch workers hold one copy). The wheel is a zip and
compresses them anyway. Where the package is not a plain directory (a zip import), or the
file is empty, the file's bytes are read instead: the same content, the same look-ups.

:func:`shipped` names a package's data file, as :func:`importlib.resources.files` would, without
importing :mod:`importlib.resources` where the package is a plain directory (it pulls in
``tempfile``, ``zipfile`` and ``random``: about 8 ms of every process's start-up).

>>> data = mapped(shipped("textfix.lang", "data", "en", "markers.txt"))
>>> data[:1] == b"#"
True
"""

from __future__ import annotations

import mmap
import sys
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, TypeAlias

if TYPE_CHECKING:
    from importlib.abc import Traversable

#: What :func:`mapped` gives: both slice to ``bytes``, ``find`` and export a read-only buffer.
Data: TypeAlias = "mmap.mmap | bytes"


class Resource(Protocol):
    """A file of a package (what :func:`shipped` gives): a ``Path`` when installed as files."""

    def read_bytes(self) -> bytes:
        """The file's content."""


def shipped(package: str, *parts: str) -> Traversable:
    """The data file ``parts`` of the imported ``package``: a ``Path`` where the package is a directory.

    Elsewhere (a zip import) it is :func:`importlib.resources.files`'s traversable, imported only then.
    """
    module_file = sys.modules[package].__file__
    if module_file is not None:
        path = Path(module_file).parent.joinpath(*parts)
        if path.exists():
            return path
    from importlib import resources  # noqa: PLC0415 - only a package that is not a directory needs it

    resource = resources.files(package)
    for part in parts:
        resource = resource.joinpath(part)
    return resource


def mapped(resource: Resource) -> Data:
    """The content of ``resource``: a read-only memory map of it where it is a file on disk, else its bytes."""
    if isinstance(resource, Path):
        with resource.open("rb") as stream:
            try:
                return mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            except (ValueError, OSError):  # an empty file, or a file system that cannot map
                return resource.read_bytes()
    return resource.read_bytes()


def little_endian(view: memoryview, typecode: Literal["I", "Q"]) -> Sequence[int]:
    """The little-endian unsigned integers (32 or 64 bits) of ``view``: read in place, or swapped.

    On a little-endian host (every CI machine) the bytes are the values: ``view`` is only cast,
    nothing is copied. On a big-endian one they are copied into an ``array`` and byte-swapped.
    """
    if sys.byteorder == "little":
        return view.cast(typecode)
    values = array(typecode, view.tobytes())  # pragma: no cover - no big-endian host in CI
    values.byteswap()  # pragma: no cover
    return values  # pragma: no cover
