"""Markdown-aware prose detection: what rules may touch and what they must leave alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from textfix import Config, Engine
from textfix.core.document import Document, TextFormat
from textfix.core.markup import front_matter_lines, non_prose_spans, source_lines


def _prose(text: str, needle: str, fmt: TextFormat = TextFormat.MARKDOWN, occurrence: int = 0) -> bool:
    """Whether the ``occurrence``-th ``needle`` in ``text`` is prose."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Document(text, fmt=fmt).is_prose(start, start + len(needle))


# (markdown text, piece that is NOT prose, piece that IS prose)
CASES = [
    ("Intro.\n\n```python\nSource  link\n```\n\nAfter.\n", "Source  link", "After."),
    ("~~~\ncode  here\n~~~\nText.\n", "code  here", "Text."),
    ("Para.\n\n    indented  code\n\nMore.\n", "indented  code", "More."),
    ("Use `a  &amp; b` here.\n", "a  &amp; b", "here."),
    ("Go to <https://example.com/x> now.\n", "https://example.com/x", "now."),
    ('See [the  report](https://example.com/r  "A title") today.\n', '"A title"', "the  report"),
    ('See [the report][ref] today.\n\n[ref]: https://example.com/r  "T"\n', "[ref]: https://example.com/r", "today."),
    ("A ![alt  text](img.png) image.\n", "alt  text", "image."),
    ('Text <span class="x">inline</span> html.\n', '<span class="x">', "html."),
    ("Top.\n\n<!--\nRead more\n-->\n\nBottom.\n", "Read more", "Bottom."),
    ("<div>\nSource link\n</div>\n\nProse.\n", "Source link", "Prose."),
    ("---\ntitle: related news\n---\n\nBody.\n", "related news", "Body."),
    ('+++\ntitle = "Source link"\n+++\n\nBody.\n', "Source link", "Body."),
    ("Inline $x  +  y$ math.\n", "x  +  y", "math."),
    ("Block:\n\n$$\na  =  b\n$$\n\nDone.\n", "a  =  b", "Done."),
    ("Entity &amp;amp; here.\n", "&amp;", "here."),
    ("Escaped \\* star.\n", "\\*", "star."),
    ("# Title ##\n", "##", "Title"),
    ("> quoted text\n", ">", "quoted text"),
    ("- item one\n  continued\n", "- ", "continued"),
    ("| a | b c |\n|---|---|\n| x y | z |\n", "|---|---|", "x y"),
    ("Line with hard break  \nnext.\n", "  \n", "next."),
    ("Some **bold** words.\n", "**", "bold"),
]


@pytest.mark.parametrize(("text", "masked", "prose"), CASES, ids=[c[1][:20] for c in CASES])
def test_markdown_spans(text: str, masked: str, prose: str) -> None:
    assert not _prose(text, masked)
    assert _prose(text, prose)
    # The same text as plain text is prose everywhere but URLs, e-mail addresses, tags and comments.
    if "://" not in masked and "@" not in masked and "<" not in masked and "<!--" not in text:
        assert _prose(text, masked, TextFormat.TEXT)


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 and $10 today.\n",
        "It costs $4,300 in debt per person, since we took 73 billion US$ off.\n",
        "Pay $ 5 now and 6$ later.\n",
    ],
)
def test_prices_are_not_math(text: str) -> None:
    assert Document(text, fmt=TextFormat.MARKDOWN).non_prose == ()


def test_plain_text_masks_urls_and_emails_not_fences() -> None:
    text = "```\ncode  here\n```\nMail a@b.org or see https://x.org/p.\n"
    spans = non_prose_spans(text, TextFormat.TEXT)
    assert [text[s:e] for s, e in spans] == ["a@b.org", "https://x.org/p"]


#: Markup, code and log lines of plain text (PDF metadata, pasted code, logs), each with damage
#: that spacing, punctuation or fused-word rules would repair in prose.
MARKUP_LINES = [
    '<rdf:Description rdf:about=""  xmlns:dc="http://purl.org/dc/elements/1.1/">',
    "<dc:title>The war , and the peace.The end</dc:title>",
    "</dc:title>  </rdf:Description>",
    '   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"  xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    '<rdf:Description rdf:about=""',
    "def split_words(text ,sep):",
    "result = compute(a ,b);",
    "2024-05-01 12:00:01 WARN  retry ,count=3 the the end",
    "[ERROR] failed ,retrying  now.Again",
]


@pytest.mark.parametrize("line", MARKUP_LINES)
def test_plain_text_markup_code_and_log_lines_are_never_edited(line: str) -> None:
    from textfix import Config, Engine

    every = Engine(Config(select=("ALL",), options={"fused-word": {"safe-at": 0.0}}))
    prose = "The war , and the  peace."
    text = f"{prose}\n{line}\n{prose}\n"
    fixed = every.fix(text, unsafe=True).text
    lines = fixed.split("\n")
    assert lines[1] == line
    assert lines[0] == lines[2] != prose  # the same damage in prose is repaired


def test_tags_inside_a_prose_line_are_masked_alone() -> None:
    text = 'See <b class="x">this</b> page, then xmlns:dc="http://purl.org/dc/" and more.\n'
    spans = non_prose_spans(text, TextFormat.TEXT)
    assert [text[s:e] for s, e in spans] == ['<b class="x">', "</b>", 'xmlns:dc="http://purl.org/dc/"']
    assert _prose(text, "this", TextFormat.TEXT)
    assert _prose(text, "and more.", TextFormat.TEXT)


@pytest.mark.parametrize(
    "line",
    ["He came; he saw; he conquered;", "From here to there we import goods.", "A region <RL in Figure 3 and a < b."],
)
def test_prose_lines_that_look_a_little_like_code_stay_prose(line: str) -> None:
    spans = non_prose_spans(line, TextFormat.TEXT)
    assert all(end - start < len(line) // 2 for start, end in spans)


def test_bare_urls_in_markdown_prose_are_masked() -> None:
    text = "See https://example.com/a_b_c for more.\n"
    assert not _prose(text, "https://example.com/a_b_c")
    assert _prose(text, "for more.")


def test_blank_lines_between_blocks_stay_prose() -> None:
    # A rule must still be able to remove a whole line and the blank lines around it.
    text = "Para.\n\n\nSource link\n\n```\ncode\n```\n"
    doc = Document(text, fmt=TextFormat.MARKDOWN)
    start = text.index("\n\n\n")
    assert doc.is_prose(start, text.index("```"))


def test_crlf_offsets() -> None:
    text = "Intro `co  de` end.\r\n\r\n```\r\nSource link\r\n```\r\nLast.\r\n"
    assert not _prose(text, "co  de")
    assert not _prose(text, "Source link")
    assert _prose(text, "end.")
    assert _prose(text, "Last.")


def test_unmatched_lines_are_masked_whole() -> None:
    # A tab inside a list item is expanded by the parser: the text no longer matches
    # the source, so the whole block is treated as not prose rather than guessed at.
    text = "- a\n\t b  c\n\nNext.\n"
    assert not _prose(text, "b  c")
    assert not _prose(text, "a")
    assert _prose(text, "Next.")
    # Without the tab the same item is prose.
    assert _prose("- a\n   b  c\n", "b  c")


def test_front_matter_needs_to_be_closed_and_first() -> None:
    assert front_matter_lines(source_lines("---\na: 1\n---\nx")) == 3
    assert front_matter_lines(source_lines("---\na: 1\n...\nx")) == 3
    assert front_matter_lines(source_lines("---\na: 1\n")) == 0
    assert front_matter_lines(source_lines("\n---\na: 1\n---\n")) == 0
    text = "---\n\nA paragraph.\n"  # a thematic break, not front matter
    assert _prose(text, "A paragraph.")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "text",
                " ",
                "\n",
                "\n\n",
                "`",
                "```",
                "$",
                "$$",
                "[",
                "](",
                ")",
                "<",
                ">",
                "!",
                "*",
                "_",
                "|",
                "-",
                "#",
                "&amp;",
                "\\",
                "\t",
                "    ",
                "http://a.b/c",
                "<!--",
                "-->",
                "---",
                "+++",
                "\r\n",
                "1.",
                "é",
            ]
        ),
        max_size=40,
    )
)
def test_spans_are_sorted_disjoint_and_in_bounds(parts: list[str]) -> None:
    text = "".join(parts)
    spans = non_prose_spans(text, TextFormat.MARKDOWN)
    previous_end = -1
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start > previous_end
        previous_end = end


FIXTURE = FIXTURES / "boilerplate" / "all" / "markdown-content.md"

#: Pieces of the fixture that are not prose: they must come out byte-identical.
PROTECTED = [
    "---\ntitle: Floods in the valley\nsummary: |\n  related news\n  Source link\ntags: [news,  weather]\n---\n",
    "```text\nSource link\nPlease enter your comment!\nx  =  1 &amp; y\n```\n",
    "    Read more\n    Source link\n",
    "<!--\nRead more\nLeave a Reply\n-->\n",
    "https://example.com/floods?id=1&amp;lang=en",
    "`&amp;`",
    "`+1  555 0100`",
    "help@example.org",
    '| `Source link` | [Read more](https://example.com/more  "Read more") |',
    "$$\nRelated  =  x\n$$\n",
]


@pytest.mark.parametrize("config", [Config(), Config(select=("boilerplate",))], ids=["default", "boilerplate"])
def test_markdown_fixture_keeps_code_and_fixes_prose(config: Config) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    engine = Engine(config)
    fixed = engine.fix(engine.document(text, str(FIXTURE))).text
    for piece in PROTECTED:
        assert text.count(piece) == 1
        assert fixed.count(piece) == 1, piece
    # The prose boilerplate is gone; the suppressed line and the article stay.
    assert "\nrelated news\n" not in fixed
    assert "\nPlease enter your comment!\nPlease enter your name here" not in fixed
    assert "<!-- textfix: ignore[BP102] -->\nSource link\n" in fixed
    assert "The water is expected to fall by Friday." in fixed
    # The same file read as plain text loses the lines in its code blocks too.
    as_text = engine.fix(engine.document(text, "markdown-content.txt")).text
    assert "    Source link\n" not in as_text
