"""Markdown: cost of the prose mask, prose lost to it on clean text, and the content fixture."""

from __future__ import annotations

from pathlib import Path

from bench.common import Row, clean_prose_texts, megabytes, throughput
from textfix import Config, Engine
from textfix.core.document import Document, TextFormat
from textfix.core.markup import non_prose_spans

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "boilerplate" / "markdown-content.md"


def _masked_share(texts: list[str]) -> float:
    """Share of characters of clean prose paragraphs that the Markdown mask takes away (%)."""
    masked = total = 0
    for text in texts:
        total += len(text)
        masked += sum(end - start for start, end in non_prose_spans(text, TextFormat.MARKDOWN))
    return 100 * masked / total


def run(quick: bool) -> list[Row]:
    # One paragraph a line in the corpus: a blank line between them makes Markdown paragraphs.
    texts = [text.replace("\n", "\n\n") for _, text in clean_prose_texts()]
    if quick:
        texts = texts[:20]
    engine = Engine()

    def check_markdown(text: str) -> object:
        doc = Document(text, fmt=TextFormat.MARKDOWN)
        return engine.check(doc), doc.non_prose  # the mask is lazy: force it

    rows = [
        Row("markdown", "corpus MB (clean prose read as Markdown)", round(megabytes(texts), 2)),
        Row(
            "markdown",
            "Markdown prose mask MB/s (parse + spans)",
            throughput(lambda t: non_prose_spans(t, TextFormat.MARKDOWN), texts),
        ),
        Row(
            "markdown",
            "check MB/s as plain text (default rules)",
            throughput(lambda t: engine.check(Document(t, fmt=TextFormat.TEXT)), texts),
        ),
        Row(
            "markdown",
            "check MB/s as Markdown, mask included (default rules)",
            throughput(check_markdown, texts),
        ),
        Row("markdown", "% of clean prose masked as non-prose", round(_masked_share(texts), 3), "<= 1"),
    ]
    boilerplate = Engine(Config(select=("boilerplate",)))
    text = FIXTURE.read_text(encoding="utf-8")
    as_md = boilerplate.check(Document(text, path="page.md"))
    as_txt = boilerplate.check(Document(text, path="page.txt"))
    rows.append(Row("markdown", "fixture findings as Markdown / as plain text", f"{len(as_md)} / {len(as_txt)}"))
    return rows
