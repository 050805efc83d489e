"""Streaming the pages of a WARC archive (extra ``textfix[warc]``: warcio).

:func:`iter_warc` reads an archive (``.warc`` or ``.warc.gz``, as Common Crawl,
Heritrix and ``wget --warc-file`` write them) one record at a time and yields, for each
``response`` record, either a :class:`WarcPage` (an HTML page answered with status 200:
its URL, capture date, declared charset and body, transfer and content encodings
undone) or a :class:`WarcSkip` saying why the record is not a page:

* ``not-http``: a response record holding no HTTP response (``dns:`` lookups, ...);
* ``not-200``: redirects, errors, ...;
* ``not-html``: images, scripts, PDFs, ... (by the HTTP ``Content-Type``);
* ``too-large``: a body over ``max_page_bytes`` (only that many bytes are ever read);
* ``unreadable``: the archive is damaged from this point on (a truncated gzip member, a
  record header that does not parse): the rest of the archive cannot be read, so it is
  the last item; the pages before it were whole and stand.

Requests, metadata and ``warcinfo`` records are not pages and are passed over without a
message. Only one record is held at a time, so memory does not grow with the archive.

warcio is imported on first use; without it :func:`iter_warc` raises
:class:`~textfix.io.html.MissingExtraError`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textfix.io.html import MissingExtraError, charset_of

HTML_TYPES = ("text/html", "application/xhtml+xml")
SKIP_REASONS = ("not-http", "not-200", "not-html", "too-large", "unreadable")


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One HTML page of an archive."""

    url: str
    date: str
    record_id: str
    body: bytes
    #: The charset of the HTTP ``Content-Type`` header, if any.
    charset: str | None
    #: Position of the record in the archive (1 = first record).
    number: int

    def size(self) -> int:
        """Bytes of the body (what worker tasks are sized by)."""
        return len(self.body)


@dataclass(frozen=True, slots=True)
class WarcSkip:
    """A response record that is not a page textfix reads, and why."""

    reason: str
    message: str
    number: int

    def size(self) -> int:
        """Nothing to carry."""
        return 0


#: How an archive starts: a gzip member, a WARC record, an ARC file header.
_MAGIC = (b"\x1f\x8b", b"WARC/", b"filedesc://")


def _archive_iterator(stream: Any) -> Any:
    """A warcio ``ArchiveIterator`` that remembers whether the archive's last gzip member was whole."""
    try:
        module = importlib.import_module("warcio.archiveiterator")
    except ImportError as exc:
        msg = f"WARC input needs warcio: pip install 'textfix[warc]' ({exc})"
        raise MissingExtraError(msg) from exc

    class _Iterator(module.ArchiveIterator):  # type: ignore[misc,name-defined]
        #: ``False`` when the stream ended inside a gzip member (warcio stops there without a word).
        ended_whole = True

        def close(self) -> None:
            reader = self.reader
            decompressor = getattr(reader, "decompressor", None) if reader is not None else None
            if decompressor is not None and not getattr(decompressor, "eof", True):
                self.ended_whole = False
            super().close()

    return _Iterator(stream)


def _read_body(record: Any, limit: int) -> tuple[bytes | None, bool]:
    """Up to ``limit`` bytes of the decoded body (``None`` when it holds more), and whether the record was whole."""
    data = record.content_stream().read(limit + 1)
    while record.raw_stream.read(1 << 16):
        pass
    whole = not getattr(record.raw_stream, "limit", 0)
    return (None if len(data) > limit else data), whole


def _is_html(content_type: str, body_start: bytes) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind:
        return kind in HTML_TYPES
    head = body_start[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def iter_warc(path: Path, max_page_bytes: int = 10_000_000) -> Iterator[WarcPage | WarcSkip]:
    """Every response record of the archive at ``path``, as a page or a skip (see the module)."""
    with path.open("rb") as stream:
        if not stream.read(16).startswith(_MAGIC):
            yield WarcSkip("unreadable", f"{path}: not a WARC archive (no WARC record or gzip member at its start)", 1)
            return
        stream.seek(0)
        records = _archive_iterator(stream)
        number = 0
        truncated = False
        try:
            for record in records:
                number += 1
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                where = f"{path}: record {number} ({url or 'no URL'})"
                http = record.http_headers
                if http is None or not http.protocol.upper().startswith("HTTP/"):
                    yield WarcSkip("not-http", f"{where}: not an HTTP response, skipped", number)
                    continue
                status = http.get_statuscode()
                if status != "200":
                    yield WarcSkip("not-200", f"{where}: HTTP status {status}, skipped", number)
                    continue
                content_type = http.get_header("Content-Type") or ""
                body, whole = _read_body(record, max_page_bytes)
                if not whole:
                    truncated = True
                    yield WarcSkip("unreadable", f"{where}: truncated (the archive ends inside it), skipped", number)
                    continue
                if body is None:
                    message = f"{where}: page larger than {max_page_bytes} bytes (max-page-bytes), skipped"
                    yield WarcSkip("too-large", message, number)
                    continue
                if not _is_html(content_type, body):
                    yield WarcSkip(
                        "not-html", f"{where}: {content_type or 'no content type'}, not HTML, skipped", number
                    )
                    continue
                date = record.rec_headers.get_header("WARC-Date") or ""
                record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
                yield WarcPage(url, date, record_id, body, charset_of(content_type), number)
            if not records.ended_whole and not truncated:
                message = f"{path}: truncated gzip after record {number}: the archive ends inside a gzip member"
                yield WarcSkip("unreadable", message, number + 1)
        except Exception as exc:
            offset = _offset(records)
            message = (
                f"{path}: unreadable after record {number} (byte {offset}): {type(exc).__name__}: {exc}; "
                "the rest of the archive is skipped"
            )
            yield WarcSkip("unreadable", message, number + 1)


def _offset(records: Any) -> str:
    try:
        return str(records.get_record_offset())
    except Exception:
        return "?"
