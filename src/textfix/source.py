"""Reading inputs as text and writing results back safely.

Bytes become text here and nowhere else: binary files are refused, UTF-8 (with or
without a byte-order mark) and UTF-16/32 with a byte-order mark are decoded, anything
else is a :class:`~textfix.errors.DecodeError` that names the first bad byte. Line
endings are kept as they are (``\\r\\n`` stays ``\\r\\n``). Writing goes through a
temporary file in the same folder and an atomic rename, keeping the file's mode, so an
interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from textfix.errors import BinaryFileError, DecodeError, InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: How much of a file the binary sniff looks at.
SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded text and what is needed to write it back the same way."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """``text`` as bytes in this source's encoding, with its byte-order mark."""
        return self.bom + text.encode(self.encoding)


def looks_binary(data: bytes) -> bool:
    """Whether bytes look like a binary file: a NUL byte in the first 8 KiB."""
    return b"\x00" in data[:SNIFF_BYTES]


def decode(data: bytes, name: str = "<bytes>") -> SourceText:
    """Decode file contents; raise :class:`InputError` subclasses on binary or bad bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return SourceText(data[len(bom) :].decode(encoding), encoding, bom)
            except UnicodeDecodeError as exc:
                msg = f"{name}: not valid {encoding} despite its byte-order mark (byte {exc.start})"
                raise DecodeError(msg) from exc
    if looks_binary(data):
        msg = f"{name}: binary file (it holds NUL bytes), skipped"
        raise BinaryFileError(msg)
    try:
        return SourceText(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = (
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line}); "
            "the file was left untouched"
        )
        raise DecodeError(msg) from exc


def read_path(path: Path) -> SourceText:
    """Read and decode one file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read: {exc.strerror or exc}"
        raise InputError(msg) from exc
    return decode(data, str(path))


def read_stdin() -> SourceText:
    """Read and decode standard input."""
    return decode(sys.stdin.buffer.read(), "-")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` atomically, keeping its permission bits."""
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".textfix-tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
