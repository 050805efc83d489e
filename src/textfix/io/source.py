"""Reading inputs as text and writing results back safely.

Bytes become text here and nowhere else: binary files are refused, UTF-8 (with or
without a byte-order mark) and UTF-16/32 with a byte-order mark are decoded; other
bytes are given to charset-normalizer, which detects a legacy encoding (cp1252,
latin-1, cp1251, ...); what it cannot decode is a :class:`~textfix.errors.DecodeError`
that names the first bad byte. The encoding used is kept, so a fix writes the file back
in its own encoding, and reported (:attr:`SourceText.detected`). Line
endings are kept as they are (``\\r\\n`` stays ``\\r\\n``). Writing goes through a
temporary file in the same folder and an atomic rename, keeping the file's mode, so an
interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import itertools
import os
import re
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
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
#: Legacy encodings detection may choose (codec names as ``codecs.lookup`` spells them);
#: anything else charset-normalizer proposes is more likely a misreading of damaged bytes.
LEGACY_ENCODINGS = frozenset(
    {
        *(f"cp{n}" for n in (1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258, 437, 850, 866, 874, 932, 949)),
        *(f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)),
        "koi8-r", "koi8-u", "mac-roman", "shift_jis", "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030",
        "big5", "big5hkscs", "euc_kr", "tis-620",
    }
)  # fmt: skip
#: How much of a file the binary sniff looks at.
SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded text and what is needed to write it back the same way."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    #: Whether the encoding was guessed by detection (the bytes were not UTF-8).
    detected: bool = False

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
        detected = detect_legacy(data)
        if detected is not None:
            return detected
        line = data.count(b"\n", 0, exc.start) + 1
        msg = (
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line}) "
            "and no legacy encoding fits; the file was left untouched"
        )
        raise DecodeError(msg) from exc


def detect_legacy(data: bytes) -> SourceText | None:
    """Decode bytes that are not UTF-8 with the legacy encoding charset-normalizer detects.

    ``None`` when nothing decodes them cleanly. The detected text must survive a round
    trip (decode, encode) unchanged, so writing the file back loses nothing.
    """
    from charset_normalizer import from_bytes  # noqa: PLC0415 - only for non-UTF-8 input

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    chosen = None
    # Short texts fit several code pages equally well; Windows-1252 is by far the most
    # common legacy encoding, so it wins whenever it reads the bytes as well as the best.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None:
        near_best = any(codecs.lookup(m.encoding).name == "cp1252" and m.chaos <= best.chaos + 0.01 for m in matches)
        if near_best or str(best) == western:
            chosen = "cp1252"
    if chosen is None:
        chosen = codecs.lookup(best.encoding).name
        if chosen not in LEGACY_ENCODINGS:
            return None
    try:
        text = data.decode(chosen)
        if text.encode(chosen) != data:
            return None
    except (UnicodeDecodeError, UnicodeEncodeError, LookupError):
        return None
    if not reads_as_words(text):
        return None
    return SourceText(text, chosen, detected=True)


#: A whitespace-delimited word holding a character outside ASCII.
_NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")


def reads_as_words(text: str) -> bool:
    """Whether the non-ASCII characters of a legacy decoding sit in plausible words.

    Any single-byte code page decodes any bytes, and detectors disagree between versions
    on damaged input, so a decoding is also judged on its result: it is refused when at
    least half of the words holding a non-ASCII character are implausible, that is when
    a non-ASCII letter changes the case inside a word (``CafĂ``, ``CafÃ``: a lost UTF-8
    byte read as a capital) or a non-ASCII modifier touches a letter (``˙ţ``).

    >>> reads_as_words("Der Bär läuft über die Straße, 25 °C, 10 €.")
    True
    >>> reads_as_words("Caf\u0102 au lait \u02d9\u0163 broken")
    False
    """
    words = odd = 0
    for match in _NON_ASCII_WORD.finditer(text):
        words += 1
        odd += _odd_word(match.group())
    return words == 0 or odd * 2 < words


def _odd_word(word: str) -> bool:
    """A non-ASCII letter after a lower-case letter but upper-case itself, or a modifier glued to a letter."""
    for previous, current in itertools.pairwise(word):
        if previous.isascii() and current.isascii():
            continue
        if previous.islower() and current.isupper():
            return True
        if (_is_modifier(previous) and current.isalpha()) or (previous.isalpha() and _is_modifier(current)):
            return True
    return False


def _is_modifier(char: str) -> bool:
    """A non-ASCII spacing modifier (``˙``, ``ˇ``, ``¨``): never part of a word."""
    return not char.isascii() and unicodedata.category(char) == "Sk"


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


@functools.cache
def _new_file_mode() -> int:
    """The permission bits a new file gets here (``0o666`` minus the umask), read once."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` atomically.

    Whatever is written to the temporary file appears at ``path`` only when the block
    ends without an exception (with ``path``'s former permission bits, or those the
    umask gives a new file); otherwise the temporary file is removed and ``path`` is
    untouched. So an interrupted or failed run never leaves a half-written file, and an
    output may be the input it is computed from.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".textfix-tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` atomically, keeping its permission bits."""
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
