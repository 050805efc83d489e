"""Cleaning a text field of every record in JSONL or Parquet files, for ingestion pipelines.

Records stream through (one line, or one Parquet batch, at a time), so memory does not
grow with the file. Nothing is lost: a JSONL line is written back byte for byte but for
the cleaned field's value (and the codes field, appended); a record without the field, or
whose field is not a string, passes through untouched and is counted; a line that is
not JSON, or not UTF-8, passes through untouched (byte for byte) and is counted as an
error. Output files are written atomically: an interrupted run leaves no partial file.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import msgspec

from textfix.config import Config
from textfix.core.engine import Engine
from textfix.errors import InputError, TextfixError
from textfix.io.html import HtmlOptions
from textfix.io.source import atomic_output, remove_stale_temporaries
from textfix.run import batch, json_members
from textfix.run.runner import internal_error

#: Records per Parquet batch (bounds memory; each batch is fixed in parallel).
PARQUET_BATCH = 2048


@dataclass
class RecordStats:
    """What a record run did."""

    records: int = 0
    changed: int = 0
    fixes: int = 0
    passed_through: int = 0
    errors: list[str] = field(default_factory=list)


class LineResult(msgspec.Struct, frozen=True):
    """One JSONL line after fixing: the line to write and what happened to it."""

    line: str
    changed: bool
    fixes: int
    passed_through: bool
    error: str | None


class CodesFieldError(InputError):
    """``--codes-field`` names a field the records already have: writing it would destroy data."""


def fix_line(
    engine: Engine,
    line: str,
    *,
    text_field: str,
    codes_field: str | None,
    unsafe: bool,
    from_html: HtmlOptions | None = None,
) -> LineResult:
    """Fix one JSON line (the unit every JSONL runner maps, local or on a cluster).

    Lines are decoded with ``surrogateescape``: bytes that are not UTF-8 survive as lone
    surrogates, and such a line is passed through unchanged. Only the cleaned field's
    value is rewritten (and the codes field appended): every other byte of the line
    stays as it was (numbers such as ``3.141592653589793238`` or ``1e400``, duplicate
    keys, key order, escapes, spacing). A rule that fails on the record leaves it as
    it was, with an error. Raises :class:`CodesFieldError` when the record already
    has ``codes_field``. With ``from_html`` the field holds a raw page: it is replaced by
    the page's repaired article text (:func:`textfix.run.html.html_record_text`), and
    with ``metadata`` the page's metadata fields the record lacks are appended.
    """
    body = line.rstrip("\r\n")
    if not body.strip():
        return LineResult(line, False, 0, True, None)
    if not body.isascii() and not _is_utf8(body):
        return LineResult(line, False, 0, True, "not UTF-8; passed through")
    try:
        members = json_members.members(body)
    except ValueError as exc:
        return LineResult(line, False, 0, True, f"not JSON ({exc}); passed through")
    if members is None:  # valid JSON, not an object
        return LineResult(line, False, 0, True, None)
    field = members.last(text_field)
    if field is None or not isinstance(field.value, str):
        return LineResult(line, False, 0, True, None)
    if codes_field is not None and members.last(codes_field) is not None:
        msg = f"--codes-field {codes_field!r}: the records already have a field of that name; nothing was written"
        raise CodesFieldError(msg)
    text: str = field.value
    extra: dict[str, str] = {}
    if from_html is not None:
        from textfix.run.html import html_record_text  # noqa: PLC0415 - only for raw pages (extra html)

        url = members.last("url")
        text, error, extra = html_record_text(
            text, url.value if url and isinstance(url.value, str) else None, from_html
        )
        if error is not None:
            return LineResult(line, False, 0, True, error)
    try:
        result = engine.fix(text, unsafe=unsafe)
    except Exception as exc:  # one record's failure never stops a run
        message = str(exc) if isinstance(exc, TextfixError) else internal_error("record", exc)
        return LineResult(line, False, 0, True, f"{message}; passed through")
    if not result.changed and codes_field is None and from_html is None:
        return LineResult(line, False, 0, False, None)
    new = body
    if codes_field is not None:
        new = members.append(new, codes_field, result.codes)
    for name, value in extra.items():
        if members.last(name) is None:
            new = members.append(new, name, value)
    if result.changed or from_html is not None:
        new = (
            new[: field.start] + json_members.encode_like(result.text, body[field.start : field.end]) + new[field.end :]
        )
    ending = line[len(body) :] or "\n"
    return LineResult(new + ending, result.changed, len(result.applied), False, None)


def _is_utf8(line: str) -> bool:
    """Whether a line decoded with ``surrogateescape`` held only valid UTF-8."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def codes_field_in(lines: Iterable[str], codes_field: str) -> int | None:
    """The number of the first line whose record has ``codes_field`` (``None``: none has it).

    Only lines holding the field's name are parsed, so the scan runs at the speed of reading.
    """
    needle = json.dumps(codes_field, ensure_ascii=False)
    for number, line in enumerate(lines, 1):
        if needle not in line:
            continue
        with contextlib.suppress(ValueError):
            members = json_members.members(line.rstrip("\r\n"))
            if members is not None and members.last(codes_field) is not None:
                return number
    return None


def fix_lines(engine: Engine, lines: list[str], **options: Any) -> list[LineResult]:
    """:func:`fix_line` over a chunk of lines."""
    return [fix_line(engine, line, **options) for line in lines]


def write_results(results: Iterable[LineResult], target: IO[str], stats: RecordStats) -> None:
    """Write fixed lines in order and count them (line numbers continue across calls)."""
    for result in results:
        target.write(result.line)
        stats.records += 1
        stats.changed += result.changed
        stats.fixes += result.fixes
        stats.passed_through += result.passed_through
        if result.error is not None:
            stats.errors.append(f"line {stats.records}: {result.error}")


@contextlib.contextmanager
def _standard_stream(binary: IO[bytes]) -> Iterator[IO[str]]:
    """A JSONL text view of a standard binary stream, detached (not closed) afterwards."""
    stream = io.TextIOWrapper(binary, encoding="utf-8", errors="surrogateescape", newline="", write_through=True)
    try:
        yield stream
    finally:
        stream.flush()
        stream.detach()


@contextlib.contextmanager
def jsonl_streams(source: str, output: Path | None) -> Iterator[tuple[IO[str], IO[str]]]:
    """The (input, output) text streams of a JSONL run, in UTF-8 with bad bytes kept as they are.

    ``source`` is a path or ``-`` (standard input); ``output`` a path (written
    atomically when the block ends without error, so it may be the input itself) or
    ``None`` (standard output). Line endings are left as they are.
    """
    with contextlib.ExitStack() as stack:
        if source == "-":
            reader = stack.enter_context(_standard_stream(sys.stdin.buffer))
        else:
            reader = stack.enter_context(Path(source).open(encoding="utf-8", errors="surrogateescape", newline=""))
        if output is None:
            target = stack.enter_context(_standard_stream(sys.stdout.buffer))
        else:
            remove_stale_temporaries(output.parent)
            tmp = stack.enter_context(atomic_output(output))
            target = stack.enter_context(tmp.open("w", encoding="utf-8", errors="surrogateescape", newline=""))
        yield reader, target


def fix_jsonl(
    source: Iterable[str],
    target: IO[str],
    text_field: str,
    *,
    config: Config | None = None,
    unsafe: bool | None = None,
    codes_field: str | None = None,
    jobs: int | None = 1,
    from_html: bool = False,
) -> RecordStats:
    """Clean ``text_field`` in every JSON-lines record of ``source``, writing to ``target``.

    ``codes_field``, when given, is added to each record with the sorted codes of the
    fixes applied to it; when a record already has it, :class:`CodesFieldError` is
    raised before anything is written (a seekable ``source`` is scanned first; on a
    stream, at the first such record). ``jobs`` processes share the work; output keeps
    input order. ``from_html``: the field holds raw pages, replaced by their repaired
    article text (with ``[tool.textfix.html]`` ``metadata``, the page's metadata is added).
    """
    config = config if config is not None else Config()
    use_unsafe = config.unsafe_fixes if unsafe is None else unsafe
    check_codes_field(source, codes_field)
    html = HtmlOptions.from_mapping(config.family_options("html")) if from_html else None
    work = functools.partial(
        fix_line, text_field=text_field, codes_field=codes_field, unsafe=use_unsafe, from_html=html
    )
    stats = RecordStats()
    write_results(batch.ordered_map(work, source, functools.partial(Engine, config), jobs, len), target, stats)
    return stats


def check_codes_field(source: Iterable[str], codes_field: str | None) -> None:
    """Raise :class:`CodesFieldError` if a record of a seekable ``source`` has ``codes_field``; rewind it."""
    stream: Any = source
    if codes_field is None or not callable(getattr(stream, "seekable", None)) or not stream.seekable():
        return
    start = stream.tell()
    number = codes_field_in(stream, codes_field)
    stream.seek(start)
    if number is not None:
        msg = (
            f"--codes-field {codes_field!r}: the record on line {number} already has a field of that name; "
            "nothing was written"
        )
        raise CodesFieldError(msg)


def _fix_value(engine: Engine, value: Any, *, unsafe: bool) -> tuple[Any, list[str], str | None]:
    """A cell fixed, with the codes applied (a cell that is not a string passes through).

    A rule that fails on the cell leaves it as it was, with an error.
    """
    if not isinstance(value, str):
        return value, [], None
    try:
        result = engine.fix(value, unsafe=unsafe)
    except Exception as exc:  # one record's failure never stops a run
        return value, [], str(exc) if isinstance(exc, TextfixError) else internal_error("record", exc)
    return result.text, result.codes, None


def _size_of_value(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def fix_parquet(
    source: Path,
    target: Path,
    text_field: str,
    *,
    config: Config | None = None,
    unsafe: bool | None = None,
    codes_field: str | None = None,
    jobs: int | None = 1,
) -> RecordStats:
    """Clean ``text_field`` in every row of a Parquet file (needs the ``parquet`` extra: pyarrow).

    Record batches stream through one pool of workers: each batch is written as soon as
    all its rows are back, so memory holds a few batches whatever the size of the file.
    """
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional extra
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = "Parquet needs pyarrow: pip install 'textfix[parquet]'"
        raise InputError(msg) from exc
    config = config if config is not None else Config()
    use_unsafe = config.unsafe_fixes if unsafe is None else unsafe
    try:
        reader = pq.ParquetFile(source)
    except (OSError, pa.ArrowException) as exc:
        msg = f"{source}: cannot read as Parquet: {exc}"
        raise InputError(msg) from exc
    schema = reader.schema_arrow
    if text_field not in schema.names:
        msg = f"{source}: no column {text_field!r} (columns: {', '.join(schema.names)})"
        raise InputError(msg)
    out_schema = schema
    if codes_field is not None and codes_field in schema.names:
        msg = f"{source}: --codes-field {codes_field!r} is already a column; nothing was written"
        raise CodesFieldError(msg)
    if codes_field is not None:
        out_schema = schema.append(pa.field(codes_field, pa.list_(pa.string())))
    stats = RecordStats()
    pending: collections.deque[Any] = collections.deque()  # record batches read, not yet written

    def cells() -> Iterator[Any]:
        for record_batch in reader.iter_batches(batch_size=PARQUET_BATCH):
            pending.append(record_batch)
            yield from record_batch.column(text_field).to_pylist()

    fixed: list[Any] = []
    codes: list[list[str]] = []
    errors: list[str | None] = []

    def write_ready(writer: Any) -> None:
        while pending and len(fixed) == pending[0].num_rows:
            record_batch = pending.popleft()
            original = record_batch.column(text_field).to_pylist()
            columns = [
                pa.array(fixed, type=record_batch.schema.field(text_field).type) if name == text_field else column
                for name, column in zip(record_batch.schema.names, record_batch.columns, strict=True)
            ]
            if codes_field is not None:
                columns.append(pa.array(codes, type=pa.list_(pa.string())))
            writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=out_schema))
            stats.records += len(original)
            stats.changed += sum(1 for old, new in zip(original, fixed, strict=True) if old != new)
            stats.fixes += sum(len(c) for c in codes)
            stats.passed_through += sum(1 for value in original if not isinstance(value, str))
            stats.errors.extend(
                f"row {stats.records - len(original) + i + 1}: {error}; passed through"
                for i, error in enumerate(errors)
                if error is not None
            )
            fixed.clear()
            codes.clear()
            errors.clear()

    work = functools.partial(_fix_value, unsafe=use_unsafe)
    remove_stale_temporaries(target.parent)
    with atomic_output(target) as tmp, pq.ParquetWriter(tmp, out_schema) as writer:
        for value, applied, error in batch.ordered_map(
            work, cells(), functools.partial(Engine, config), jobs, _size_of_value
        ):
            write_ready(writer)
            fixed.append(value)
            codes.append(applied)
            errors.append(error)
            write_ready(writer)
        write_ready(writer)
    return stats
