"""The document model's views."""

from __future__ import annotations

from textfix import Document, TextFormat


def test_lines_keep_offsets_and_endings() -> None:
    doc = Document("a\r\nbb\n\nccc")
    assert [(line.text, line.start, line.end, line.ending) for line in doc.lines] == [
        ("a", 0, 1, "\r\n"),
        ("bb", 3, 5, "\n"),
        ("", 6, 6, "\n"),
        ("ccc", 7, 10, ""),
    ]
    assert doc.position(0) == (1, 1)
    assert doc.position(4) == (2, 2)
    assert doc.position(10) == (4, 4)


def test_format_from_path() -> None:
    assert Document("", path="a/b.MD").format is TextFormat.MARKDOWN
    assert Document("", path="a.txt").format is TextFormat.TEXT


def test_urls_and_emails_are_not_prose() -> None:
    text = "See https://example.com/a,b. Mail me@example.org now."
    doc = Document(text)
    url = text.index("https")
    assert not doc.is_prose(url, url + 5)
    assert not doc.is_prose(text.index("me@"), text.index("me@") + 2)
    assert doc.is_prose(0, 3)
    # the URL ends before the sentence's full stop
    assert doc.is_prose(text.index(". Mail"), text.index(". Mail") + 1)


def test_memo_computes_once() -> None:
    doc = Document("x")
    calls: list[int] = []
    for _ in range(3):
        doc.memo("k", lambda: calls.append(1) or len(calls))
    assert calls == [1]
