"""HTML pages to article text (extra ``textfix[html]``: trafilatura).

A scraped page is mostly chrome: menus, share rows, footers, scripts. textfix does not
extract the article itself: trafilatura (Apache-2.0), a maintained extractor that leads
the public extraction benchmarks, finds the main content and its metadata; textfix then
repairs the text it returns. This module does the two steps before any rule runs:

* **bytes to text**: the charset a page declares (the HTTP ``Content-Type`` header of a
  WARC record, else a byte-order mark, else ``<meta charset>`` or
  ``<meta http-equiv="Content-Type">`` in the first bytes), checked by decoding; when
  nothing is declared or the declaration does not fit the bytes, UTF-8, then the
  legacy-encoding detection every text file goes through (:func:`textfix.io.source.decode`);
* **text to article**: :func:`extract` with the settings of ``[tool.textfix.html]``
  (:class:`HtmlOptions`), returning the text (plain or Markdown) and the page's title,
  author, date, URL, site name and language. A page with no article text is an
  :class:`ExtractedPage` whose ``text`` is empty: the caller reports it.

trafilatura is imported on first use; without it :func:`extract` raises
:class:`MissingExtraError` naming the extra to install.
"""

from __future__ import annotations

import codecs
import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from textfix.errors import ConfigError, InputError
from textfix.io.source import decode

#: How far into a page a ``<meta>`` charset is looked for (the HTML standard's prescan reads 1024 bytes).
META_SCAN_BYTES = 4096
#: Output formats of the extracted text, and the suffix a page's text is written with.
OUTPUT_SUFFIXES = {"text": ".txt", "markdown": ".md"}
FAVOR = ("balanced", "precision", "recall")
#: Labels the web uses for Windows-1252 (browsers read ``iso-8859-1`` and ``ascii`` pages as it).
_WINDOWS_1252_ALIASES = frozenset({"iso8859-1", "latin-1", "ascii", "us-ascii", "iso-8859-1", "latin1"})

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_LANG = re.compile(rb"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3})""", re.IGNORECASE)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class MissingExtraError(InputError):
    """An optional dependency is not installed (the message names the extra)."""


@dataclass(frozen=True)
class HtmlOptions:
    """``[tool.textfix.html]``: how pages become text.

    Attributes:
        favor: ``balanced`` (trafilatura's default), ``precision`` (less text, less
            chrome) or ``recall`` (more text when unsure).
        tables: keep the text of ``<table>`` elements.
        comments: keep the page's comment section (off: comments are not the article).
        output: ``text`` (plain, written as ``.txt``) or ``markdown`` (headings, lists
            and emphasis kept, written as ``.md``).
        metadata: write the title, author, date, URL and site name as YAML front matter.
        max_page_bytes: pages larger than this are skipped with a message (extraction
            time and memory grow with the page).
        extensive_date: let the date search fall back to ``dateparser`` on free text
            (trafilatura's default). Off: its first use compiles patterns for every locale,
            about 10 s in each worker process, for a date found on few more pages.
    """

    favor: str = "balanced"
    tables: bool = True
    comments: bool = False
    output: str = "text"
    metadata: bool = False
    max_page_bytes: int = 10_000_000
    extensive_date: bool = False

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any]) -> HtmlOptions:
        """Options from a config table (kebab-case keys); unknown keys and bad values are errors."""
        known = {f.name.replace("_", "-"): f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in table.items():
            name = known.get(key, key if key in known.values() else None)
            if name is None:
                msg = f"[tool.textfix.html]: unknown option {key!r} (known: {', '.join(sorted(known))})"
                raise ConfigError(msg)
            values[name] = value
        options = cls(**values)
        options._validate()
        return options

    def _validate(self) -> None:
        if self.favor not in FAVOR:
            msg = f"[tool.textfix.html]: favor must be one of {', '.join(FAVOR)}, not {self.favor!r}"
            raise ConfigError(msg)
        if self.output not in OUTPUT_SUFFIXES:
            msg = f"[tool.textfix.html]: output must be one of {', '.join(OUTPUT_SUFFIXES)}, not {self.output!r}"
            raise ConfigError(msg)
        for name in ("tables", "comments", "metadata", "extensive_date"):
            if not isinstance(getattr(self, name), bool):
                msg = f"[tool.textfix.html]: {name} must be true or false"
                raise ConfigError(msg)
        if not isinstance(self.max_page_bytes, int) or isinstance(self.max_page_bytes, bool) or self.max_page_bytes < 1:
            msg = "[tool.textfix.html]: max-page-bytes must be a positive integer"
            raise ConfigError(msg)

    @property
    def suffix(self) -> str:
        """The suffix a page's text is written with."""
        return OUTPUT_SUFFIXES[self.output]


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the extractor found about a page (``None``: not found)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    sitename: str | None = None
    language: str | None = None

    def as_dict(self) -> dict[str, str]:
        """The fields found, in a fixed order (front matter, record fields)."""
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not None}


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """A page's markup as text, and where its encoding came from."""

    html: str
    encoding: str
    #: ``bom``, ``http`` (a header), ``meta``, ``utf-8``, ``detected`` or ``replaced`` (undecodable bytes replaced).
    source: str


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """A page's article text (empty when the extractor found none) and metadata."""

    text: str
    metadata: PageMetadata
    encoding: str
    encoding_source: str

    @property
    def empty(self) -> bool:
        """Whether extraction found no article text."""
        return not self.text.strip()


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` value.

    >>> charset_of('text/html; charset="ISO-8859-1"')
    'ISO-8859-1'
    >>> charset_of("text/html") is None
    True
    """
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` element near its start.

    >>> meta_charset(b'<html><head><meta charset="windows-1252"><title>x</title>')
    'windows-1252'
    >>> meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    'utf-8'
    """
    match = _META_CHARSET.search(data[:META_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label (``None``: unknown); latin-1 labels read as Windows-1252."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if name in _WINDOWS_1252_ALIASES or label.strip().lower() in _WINDOWS_1252_ALIASES:
        return "cp1252"
    return name


def decode_html(data: bytes, declared: str | None = None, name: str = "<page>") -> DecodedPage:
    """A page's bytes as text: declared charset (HTTP header, BOM, meta), else UTF-8, else detection.

    A declaration is used only when the bytes decode cleanly with it (pages often lie
    about their charset); bytes nothing reads are decoded as UTF-8 with replacement
    characters (``source == "replaced"``) rather than dropping the page.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return DecodedPage(data[len(bom) :].decode(encoding), encoding, "bom")
            except UnicodeDecodeError:
                break
    for label, source in ((declared, "http"), (meta_charset(data), "meta")):
        codec = _codec(label)
        if codec is None:
            continue
        try:
            return DecodedPage(data.decode(codec), codec, source)
        except UnicodeDecodeError:
            continue
    try:
        decoded = decode(data, name)
    except InputError:
        return DecodedPage(data.decode("utf-8", errors="replace"), "utf-8", "replaced")
    return DecodedPage(decoded.text, decoded.encoding, "detected" if decoded.detected else "utf-8")


def _trafilatura() -> Any:
    try:
        return importlib.import_module("trafilatura")
    except ImportError as exc:
        msg = f"HTML input needs trafilatura: pip install 'textfix[html]' ({exc})"
        raise MissingExtraError(msg) from exc


def html_language(data: bytes | str) -> str | None:
    """The primary language subtag of ``<html lang=...>``, lower-cased.

    >>> html_language('<!doctype html><html lang="de-AT"><head>')
    'de'
    """
    head = data[:META_SCAN_BYTES]
    match = _HTML_LANG.search(head if isinstance(head, bytes) else head.encode("utf-8", "replace"))
    return match.group(1).decode("ascii").lower() if match else None


def _strip_front_matter(text: str) -> str:
    """Trafilatura's text with the metadata header it prepends (``---`` ... ``---``) removed."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            return text[end + 5 :]
    return text


def extract(html: str, options: HtmlOptions | None = None, url: str | None = None) -> tuple[str, PageMetadata]:
    """The article text of a page's markup and its metadata, by trafilatura with ``options``.

    The text is empty when trafilatura finds no article. It ends with one newline.
    """
    options = options if options is not None else HtmlOptions()
    trafilatura = _trafilatura()
    settings = importlib.import_module("trafilatura.settings")
    document = trafilatura.extract_with_metadata(
        html,
        url=url,
        favor_precision=options.favor == "precision",
        favor_recall=options.favor == "recall",
        include_tables=options.tables,
        include_comments=options.comments,
        output_format="markdown" if options.output == "markdown" else "txt",
        date_extraction_params=settings.set_date_params(options.extensive_date),
    )
    if document is None:
        return "", PageMetadata(url=url, language=html_language(html))
    text = _strip_front_matter(document.text or "").strip()
    metadata = PageMetadata(
        title=document.title or None,
        author=document.author or None,
        date=document.date or None,
        url=document.url or url,
        sitename=document.sitename or None,
        language=document.language or html_language(html),
    )
    return (text + "\n" if text else ""), metadata


def extract_page(
    data: bytes,
    options: HtmlOptions | None = None,
    *,
    declared: str | None = None,
    url: str | None = None,
    name: str = "<page>",
) -> ExtractedPage:
    """A page's bytes to its article text and metadata (see :func:`decode_html` and :func:`extract`)."""
    decoded = decode_html(data, declared, name)
    text, metadata = extract(decoded.html, options, url)
    return ExtractedPage(text, metadata, decoded.encoding, decoded.source)


def read_page(path: Path, options: HtmlOptions) -> ExtractedPage:
    """Read and extract one page file (:class:`InputError` when it cannot be read or is too large)."""
    try:
        size = path.stat().st_size
        if size > options.max_page_bytes:
            msg = f"{path}: page of {size} bytes is larger than max-page-bytes ({options.max_page_bytes}), skipped"
            raise InputError(msg)
        data = path.read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read: {exc.strerror or exc}"
        raise InputError(msg) from exc
    return extract_page(data, options, name=str(path))


def front_matter(metadata: PageMetadata) -> str:
    """YAML front matter holding a page's title, author, date, URL and site name (empty when none is known).

    >>> print(front_matter(PageMetadata(title="Déjà vu: a story", url="https://example.org/a")), end="")
    ---
    title: 'Déjà vu: a story'
    url: https://example.org/a
    ---
    """
    import yaml  # noqa: PLC0415 - only when writing front matter

    fields_found = {k: v for k, v in metadata.as_dict().items() if k != "language"}
    if not fields_found:
        return ""
    body = yaml.safe_dump(fields_found, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{body}---\n"
