"""HTML pages through the runner: extract the article, then check or fix its text.

:func:`run_page` is what :meth:`textfix.run.runner.Runner.run_file` does with a ``.html`` or
``.htm`` file, so pages go through the same worker pool, ordering, progress and reports
as text files. A page is never rewritten (its markup would be lost): ``fix`` in place is
refused with a message (an error for a page named on the command line, a note for a page
found in a folder, which is left alone); ``fix --output DIR`` writes the repaired article text as
``DIR/<path>.txt`` (``.md`` with ``output = "markdown"``), with YAML front matter when
``metadata = true``; ``check`` and ``--diff`` report on the extracted text, with the
page's path, and offsets into that text. A page where extraction finds no article is
reported (skipped, with a message) and nothing is written for it.

:func:`fix_html_record` is the same for a record whose field holds a raw page (``fix
--jsonl FIELD --from-html``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textfix.config import Config
from textfix.core.document import TextFormat
from textfix.errors import InputError, TextfixError
from textfix.io.html import ExtractedPage, HtmlOptions, MissingExtraError, front_matter, read_page
from textfix.io.source import SourceText, write_atomic

if TYPE_CHECKING:
    from textfix.io.discovery import Input
    from textfix.run.runner import Action, Outcome, Runner

#: The message for ``fix`` in place on a page.
IN_PLACE_REFUSED = (
    "{path}: HTML pages are not fixed in place (the page's markup would be replaced by its text); "
    "use `textfix fix --output DIR` to write the cleaned text, or --diff to see it"
)


def html_options(config: Config) -> HtmlOptions:
    """The ``[tool.textfix.html]`` options of a configuration."""
    return HtmlOptions.from_mapping(config.family_options("html"))


def page_format(options: HtmlOptions) -> TextFormat:
    """The format the extracted text is checked as."""
    return TextFormat.MARKDOWN if options.output == "markdown" else TextFormat.TEXT


def page_document(page: ExtractedPage, options: HtmlOptions, fixed: str) -> str:
    """What ``--output`` writes for a page: front matter (with ``metadata``) and the fixed text."""
    if not options.metadata:
        return fixed
    header = front_matter(page.metadata)
    return f"{header}\n{fixed}" if header else fixed


def run_page(runner: Runner, item: Input, action: Action, output: Path | None) -> Outcome:
    """Check or fix the article text of one HTML page (see the module)."""
    from textfix.run.runner import Action, Outcome  # noqa: PLC0415 - the runner imports this module lazily

    shown = str(item.path)
    if action is Action.FIX or action is Action.STDOUT:
        # Named on the command line: an error. Found in a folder: left alone, with the same message.
        message = IN_PLACE_REFUSED.format(path=shown)
        return Outcome(shown, error=message) if item.root is None else Outcome(shown, skipped=message)
    try:
        config = runner.config_for(item.path)
        options = html_options(config)
        page = read_page(item.path, options)
    except MissingExtraError as exc:
        return Outcome(shown, skipped=f"{shown}: skipped: {exc}")
    except InputError as exc:
        return Outcome(shown, skipped=str(exc)) if "max-page-bytes" in str(exc) else Outcome(shown, error=str(exc))
    if page.empty:
        return Outcome(shown, skipped=f"{shown}: no article text found in the page (trafilatura), nothing written")
    source = SourceText(page.text)
    try:
        outcome = runner.run_text(source, shown, action, config, page_format(options))
    except TextfixError as exc:
        return Outcome(shown, source, error=str(exc))
    if action is Action.OUTPUT:
        assert output is not None
        text = outcome.fixed if outcome.fixed is not None else page.text
        try:
            write_atomic(output / runner.output_relative(item), page_document(page, options, text).encode("utf-8"))
        except TextfixError as exc:
            return Outcome(shown, source, error=str(exc))
        return replace(outcome, written=True)
    return outcome


#: Record fields a page's metadata goes into (``fix --jsonl FIELD --from-html`` with ``metadata``).
RECORD_METADATA = ("title", "author", "date", "url", "sitename", "language")


def html_record_text(html: str, url: str | None, options: HtmlOptions) -> tuple[str, str | None, dict[str, str]]:
    """The article text of a record's raw page, an error (``None`` when there is text), and metadata fields.

    The fields (:data:`RECORD_METADATA` found on the page) are given only with ``options.metadata``.
    """
    from textfix.io.html import extract  # noqa: PLC0415

    try:
        text, metadata = extract(html, options, url)
    except MissingExtraError as exc:
        return "", f"{exc}; passed through", {}
    if not text.strip():
        return "", "no article text found in the page; passed through", {}
    found = metadata.as_dict() if options.metadata else {}
    return text, None, {name: found[name] for name in RECORD_METADATA if name in found}
