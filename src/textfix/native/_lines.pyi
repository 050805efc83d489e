"""Types of the compiled kernel ``_lines.c``; its semantics are :func:`textfix.native.pure.line_row`'s."""

def line_row(
    text: str, stopwords: frozenset[str], sample_chars: int, short_words: int, lexical_max_words: int
) -> tuple[tuple[float, ...], tuple[str, ...], bool]: ...
