"""Reading inputs as text and writing results back safely.

Bytes become text here and nowhere else: binary files are refused, UTF-8 (with or
without a byte-order mark) and UTF-16/32 with a byte-order mark are decoded; other
bytes are given to charset-normalizer, which detects a legacy encoding (cp1252,
latin-1, cp1251, ...); what it cannot decode is a :class:`~textfix.errors.DecodeError`
that names the first bad byte. The encoding used is kept, so a fix writes the file back
in its own encoding, and reported (:attr:`SourceText.detected`). Line
endings are kept as they are (``\\r\\n`` stays ``\\r\\n``). Writing goes through a
temporary file in the same folder and an atomic rename (or, for a file with several hard
links, a verified rewrite of its inode), keeping the file's identity (through symbolic
links; mode, owner and group), so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import filecmp
import functools
import os
import re
import shutil
import stat
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from textfix.core.patterns import lazy_re
from textfix.errors import BinaryFileError, DecodeError, InputError, WriteError

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
    trip (decode, encode) unchanged, so writing the file back loses nothing. Short
    Western text (``Noël``, ``garçon``, ``Élève``) gives charset-normalizer too little to
    go on: it proposes nothing, or a multi-byte East Asian code page; such bytes are read
    as Windows-1252 when that reading is plain Latin-script words (:func:`western_text`).
    """
    if _mostly_utf8(data):
        return None  # damaged UTF-8: any code page reads its sequences as mojibake (``Ã¤``)
    detected = _detect(data)
    if detected is not None and detected.encoding not in MULTIBYTE_ENCODINGS:
        return detected
    western = western_text(data)
    return western if western is not None else detected


def _detect(data: bytes) -> SourceText | None:
    """charset-normalizer's choice, preferring cp1252 when it reads the bytes as well."""
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


#: East Asian code pages with two-byte characters: what charset-normalizer proposes for a few
#: accented Western letters (``Élève`` read as Big5) as readily as for Chinese or Japanese.
MULTIBYTE_ENCODINGS = frozenset(
    {"shift_jis", "cp932", "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_kr", "cp949"}
)
#: A well-formed UTF-8 sequence of two or more bytes: bytes holding one are damaged UTF-8, not Latin-1.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: Non-letters a Western legacy text holds besides ASCII (quotes, dashes, currency, degrees, ...).
_WESTERN_MARKS = frozenset("\xa0«»‹›‘’‚“”„–—…•·°§©®™€£¥¢¡¿×÷±ºª")
#: Non-ASCII letters in a row inside one Western word (``Noël``: 1; ``naïveté``: 1; ``ÇA``: 1).
_MAX_ACCENTED_RUN = 2


def _mostly_utf8(data: bytes) -> bool:
    """Whether most bytes above ASCII belong to well-formed UTF-8 sequences (then it is damaged UTF-8).

    In text really saved in a legacy code page a letter above ASCII is almost never
    followed by one in the continuation range (``0x80``-``0xbf``) that makes a UTF-8
    sequence with it; in UTF-8 with a cut or a stray byte nearly all of them are.
    """
    high = sum(1 for byte in data if byte >= 0x80)
    in_sequences = sum(len(match.group()) for match in _UTF8_SEQUENCE.finditer(data))
    return high > 0 and in_sequences * 2 >= high


def western_text(data: bytes) -> SourceText | None:
    """``data`` read as Windows-1252 (a superset of Latin-1's printable part), if it reads as Western prose.

    Accepted only when the bytes hold no UTF-8 sequence (damaged UTF-8 is not Latin-1),
    every non-ASCII character is a Latin letter or a common Western mark, every word
    with a non-ASCII letter also holds an ASCII one with at most two non-ASCII letters in
    a row (Cyrillic or Greek code pages read as cp1252 give words of accented letters
    only: ``Ïðèâåò``), and :func:`reads_as_words` agrees.

    >>> western_text("Noël à Zoë".encode("latin-1")).text
    'Noël à Zoë'
    >>> western_text("Привет".encode("cp1251")) is None
    True
    """
    if _UTF8_SEQUENCE.search(data):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    for match in _NON_ASCII_WORD.finditer(text):
        if not _western_word(match.group()):
            return None
    if not reads_as_words(text):
        return None
    return SourceText(text, "cp1252", detected=True)


def _western_word(word: str) -> bool:
    """Latin letters and Western marks only; accented letters in runs of at most two, beside ASCII ones.

    A word of accented letters only is a single letter (``à``, ``À``).
    """
    run = 0
    ascii_letters = other_letters = 0
    for char in word:
        if char.isascii():
            ascii_letters += char.isalpha()
            run = 0
        elif char in _WESTERN_MARKS:
            run = 0
        elif char.isalpha() and unicodedata.name(char, "").startswith("LATIN "):
            other_letters += 1
            run += 1
            if run > _MAX_ACCENTED_RUN:
                return False
        else:
            return False
    return ascii_letters > 0 or other_letters <= 1


#: A whitespace-delimited word holding a character outside ASCII.
_NON_ASCII_WORD = lazy_re(r"\S*[^\x00-\x7f]\S*")


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
    """A non-ASCII letter after a lower-case letter but upper-case itself, or a modifier glued to a letter.

    Also a non-ASCII capital inside a word, between a letter and a lower-case letter
    (``GÃrkchen``, ``MÃdl``: UTF-8 that lost a byte, read as a code page).
    """
    for previous, current, following in zip(word, word[1:], [*word[2:], ""], strict=False):
        if previous.isascii() and current.isascii():
            continue
        if previous.islower() and current.isupper():
            return True
        if not current.isascii() and current.isupper() and previous.isalpha() and following.islower():
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


#: Every temporary file textfix writes ends so: ``.NAME.<host>-<pid>-<random>.textfix-tmp``.
TEMP_SUFFIX = ".textfix-tmp"
_TAGGED_TEMP = lazy_re(r"\.(?P<host>[A-Za-z0-9_]+)-(?P<pid>\d+)-[A-Za-z0-9_]+" + re.escape(TEMP_SUFFIX) + "$")
#: A temporary file of the old, untagged form is stale after this many seconds.
UNTAGGED_STALE_AFTER = 24 * 3600


@functools.cache
def _host() -> str:
    import socket  # noqa: PLC0415 - start-up: only a write names its temporary file by host

    return re.sub(r"[^A-Za-z0-9_]", "_", socket.gethostname()) or "host"


def _temp_prefix(target: Path) -> str:
    """``.NAME.<host>-<pid>-``: whose temporary file it is, so a later run can tell a stale one."""
    return f".{target.name}.{_host()}-{os.getpid()}-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: Path) -> int:
    """Remove the temporary files textfix left in ``folder`` (a killed run, a crashed worker).

    Only files of textfix's own pattern go: ``.NAME.<host>-<pid>-<random>.textfix-tmp``
    written on this host by a process that no longer runs, and untagged
    ``.NAME.<random>.textfix-tmp`` files older than a day. Returns how many were removed.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
            continue
        tagged = _TAGGED_TEMP.search(name)
        try:
            if tagged is not None:
                if tagged["host"] != _host() or _pid_alive(int(tagged["pid"])):
                    continue
            elif time.time() - entry.stat(follow_symlinks=False).st_mtime < UNTAGGED_STALE_AFTER:
                continue
            if not entry.is_file(follow_symlinks=False):
                continue
            Path(entry.path).unlink()
            removed += 1
        except OSError:
            continue
    return removed


def write_target(path: Path) -> Path:
    """Where writing ``path`` lands: the file a symbolic link points to (a chain of them), else ``path``."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def is_read_only(path: Path) -> bool:
    """Whether a file is read-only: no write permission bit at all, or no write access for this user.

    The permission bits count even for root (who may write anything): a ``0444`` file
    says "do not change me".
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def _write_message(path: Path, exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    if exc.errno == errno.ENOSPC:
        reason = "no space left on device"
    return f"{path}: cannot write: {reason}; the file was left as it was"


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success its contents become ``path``'s.

    Whatever is written to the temporary file appears at ``path`` only when the block
    ends without an exception; otherwise the temporary file is removed and ``path`` is
    untouched. So an interrupted or failed run never leaves a half-written file, and an
    output may be the input it is computed from.

    The file keeps its identity: a symbolic link is written through (its target
    changes, the link stays); a new file gets the umask's permission bits; an existing
    one keeps its permission bits, owner and group, by an atomic rename when they can
    be given to the new file, else (a file with several hard links, or an owner this
    user cannot give) by rewriting the file's own inode from the verified temporary
    copy. Failing to write raises :class:`~textfix.errors.WriteError` (one line: the
    path and the reason).
    """
    target = write_target(path)
    try:
        existing: os.stat_result | None = target.stat()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise WriteError(_write_message(path, exc)) from exc
    import tempfile  # noqa: PLC0415 - start-up: only a write needs it (it imports random)

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise WriteError(_write_message(path, exc)) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        try:
            _commit(tmp, target, existing)
        except OSError as exc:
            raise WriteError(_write_message(path, exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _commit(tmp: Path, target: Path, existing: os.stat_result | None) -> None:
    """Make ``tmp``'s contents ``target``'s (see :func:`atomic_output`)."""
    with tmp.open("rb+") as handle:
        os.fsync(handle.fileno())
    if existing is None:
        tmp.chmod(_new_file_mode())
        tmp.replace(target)
        return
    if existing.st_nlink > 1 or not _take_identity(tmp, existing):
        try:
            _rewrite_in_place(tmp, target)
        except OSError as exc:
            keep = tmp.with_name(tmp.name + ".kept")  # not the temporary pattern: never swept
            tmp.replace(keep)
            reason = "no space left on device" if exc.errno == errno.ENOSPC else (exc.strerror or type(exc).__name__)
            msg = (
                f"{target}: cannot rewrite in place: {reason}; the file may be incomplete, its fixed text is in {keep}"
            )
            raise WriteError(msg) from exc
        tmp.unlink()
        return
    tmp.replace(target)


def _take_identity(tmp: Path, existing: os.stat_result) -> bool:
    """Give ``tmp`` the permission bits, owner and group of ``existing``; ``False`` when not allowed."""
    own = tmp.stat()
    if (own.st_uid, own.st_gid) != (existing.st_uid, existing.st_gid):
        try:
            os.chown(tmp, existing.st_uid, existing.st_gid)
        except PermissionError:
            return False
    tmp.chmod(stat.S_IMODE(existing.st_mode))
    return True


def _rewrite_in_place(tmp: Path, target: Path) -> None:
    """Copy ``tmp`` over ``target``'s own inode (hard links and owner stay), then check the copy."""
    with tmp.open("rb") as source, target.open("r+b") as sink:
        shutil.copyfileobj(source, sink, 1 << 20)
        sink.truncate()
        sink.flush()
        os.fsync(sink.fileno())
    if not filecmp.cmp(tmp, target, shallow=False):  # pragma: no cover - a failing disk
        keep = tmp.with_name(tmp.name + ".kept")
        tmp.replace(keep)
        msg = f"{target}: the rewritten file differs from what was written; the fixed text is in {keep}"
        raise WriteError(msg)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path``'s contents by ``data`` atomically, keeping its identity (see :func:`atomic_output`)."""
    with atomic_output(path) as tmp:
        try:
            tmp.write_bytes(data)
        except OSError as exc:
            raise WriteError(_write_message(path, exc)) from exc
