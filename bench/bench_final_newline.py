"""Files that end in removed boilerplate lines end in exactly one newline after fixing.

``end-of-file-fixer`` (pre-commit) fails on a file that ends without a newline or in blank
lines; textfix must not leave either where the input had neither. Documents are made of
random lines: real boilerplate phrases of the packs, prose, headings, list items, blank
lines, lines padded with spaces, invisible characters or entities, with ``\\n`` or
``\\r\\n``, as plain text and Markdown, fixed with and without unsafe fixes. Counted: the
documents whose fixed text is not empty and does not end in exactly one line break.
``python -m bench final_newline`` (``--quick``: 3,000 documents, else 30,000; seed 3).
"""

from __future__ import annotations

import random

from bench.common import Row
from textfix import Document, Engine

LINES = (
    "Story of the day goes on here.",
    "Source link",
    "Related news",
    "Please enter your comment!",
    "Share this:",
    "Facebook",
    "Twitter",
    "Home » World » Europe",
    "",
    "",
    "Source link\u200b",
    "Source link ",
    "Story.\u200b",
    "Story&nbsp;",
    "Source\xa0link",
    "<br>",
    "Read more »",
    "Menu",
    "Home",
    "News",
    "Tags: a, b",
    "- item",
    "# Heading",
)


def run(quick: bool) -> list[Row]:
    rng = random.Random(3)
    engine = Engine()
    documents = bad = 0
    for _ in range(3000 if quick else 30000):
        newline = rng.choice(["\n", "\r\n"])
        text = newline.join(rng.choice(LINES) for _ in range(rng.randint(1, 7))) + newline
        if text.endswith(newline * 2):
            continue
        path = rng.choice(["x.txt", "x.md"])
        fixed = engine.fix(Document(text, path=path), unsafe=rng.random() < 0.5).text
        documents += 1
        bad += bool(fixed.strip()) and (not fixed.endswith(newline) or fixed.endswith(newline * 2))
    return [Row("final_newline", "fixed documents not ending in exactly one newline", bad, "<= 0", f"of {documents}")]
