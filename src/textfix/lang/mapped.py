"""A shipped data file read in place: a read-only memory map of the installed file.

The prebuilt indexes (the word-frequency tables, the exonym index, the fused-word bigrams)
ship uncompressed, laid out as their readers use them, so that loading one is mapping it:
no decompression and no copy, and only the pages a look-up touches are read (the kernel
shares them between processes, so batch workers hold one copy). The wheel is a zip and
compresses them anyway. Where the package is not a plain directory (a zip import), or the
file is empty, the file's bytes are read instead: the same content, the same look-ups.

>>> from importlib import resources
>>> data = mapped(resources.files("textfix.lang") / "data" / "en" / "markers.txt")
>>> data[:1] == b"#"
True
"""

from __future__ import annotations

import mmap
from pathlib import Path
from typing import Protocol, TypeAlias

#: What :func:`mapped` gives: both slice to ``bytes``, ``find`` and export a read-only buffer.
Data: TypeAlias = "mmap.mmap | bytes"


class Resource(Protocol):
    """A file of a package (``importlib.resources.files(...) / name``): a ``Path`` when installed as files."""

    def read_bytes(self) -> bytes:
        """The file's content."""


def mapped(resource: Resource) -> Data:
    """The content of ``resource``: a read-only memory map of it where it is a file on disk, else its bytes."""
    if isinstance(resource, Path):
        with resource.open("rb") as stream:
            try:
                return mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            except (ValueError, OSError):  # an empty file, or a file system that cannot map
                return resource.read_bytes()
    return resource.read_bytes()
