"""What is prose and what is not.

Rules report anywhere; the engine drops findings whose span touches a non-prose span,
so a wrong "fix" can never land inside a URL, an e-mail address or (in Markdown) code.

Plain text is prose everywhere except URLs, e-mail addresses, markup and code:
XML/HTML tags (``</dc:title>``, ``<rdf:Description``, a tag cut at the line end),
attributes and namespace declarations (``xmlns:rdf="..."``), and whole lines that are
markup (a line that opens with a tag), code (``def f(x):``, ``x => y``, ``foo();``,
``#include``) or log output (``2024-05-01 12:00:01 INFO ...``, ``[ERROR] ...``). No
rule of any family edits there (:func:`plain_text_markup_spans`).

Markdown is parsed with ``markdown-it-py`` (CommonMark plus tables and strikethrough)
and prose is decided *positively*: only the text of paragraphs, headings and table
cells that can be traced back to the source, character for character, is prose.
Everything else is not: fenced and indented code, HTML blocks and comments, YAML
(``---``) or TOML (``+++``) front matter, ``$$`` math blocks, reference definitions,
thematic breaks, table rules, and the block markers in front of a line (``>``, ``-``,
``1.``, ``#``, indentation). Inside prose, inline code, autolinks, link and image
targets, images, inline HTML, entities, backslash escapes, emphasis markers, hard-break
spaces and ``$...$`` math are not prose either. When the parser's view of a line
cannot be matched to the source (tabs expanded inside containers, say), the whole
block is treated as not prose: a missed artifact costs less than a wrong edit.
Blank lines between blocks stay prose, so a rule may still remove a whole line.
"""

from __future__ import annotations

import bisect
import functools
import types
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import msgspec
import regex

from textfix.core.patterns import lazy_regex

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

    from textfix.core.document import TextFormat

Span = tuple[int, int]

#: URLs (with a scheme or a leading ``www.``) and e-mail addresses.
_URL_OR_EMAIL = lazy_regex(
    r"""
    (?:\b[a-z][a-z0-9+.\-]*://|\bwww\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}’”]   # URL
    | \b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b                                  # e-mail
    """,
    regex.IGNORECASE | regex.VERBOSE,
)

#: What every match of :data:`_URL_OR_EMAIL` holds.
_URL_OR_EMAIL_MARK = lazy_regex(r"@|://|www\.", regex.IGNORECASE)

#: Line breaks as markdown-it sees them (it normalises ``\r\n`` and ``\r`` to ``\n``).
_NEWLINE = lazy_regex(r"\r\n?|\n")

#: Block tokens whose lines are verbatim, never prose.
_VERBATIM_BLOCKS = frozenset({"fence", "code_block", "html_block", "math_block"})
#: Block tokens whose lines are code-like (suppression directives inside them do not count).
_CODE_BLOCKS = frozenset({"fence", "code_block", "math_block"})
#: Inline rules whose whole match is markup, not prose.
_MASKED_INLINE_RULES = frozenset(
    {"backticks", "autolink", "html_inline", "entity", "escape", "image", "emphasis", "strikethrough", "math_inline"}
)
#: Environment key under which the wrapped inline rules record their spans.
_ENV_KEY = "textfix_masked"


def url_and_email_spans(text: str) -> list[Span]:
    """Spans of URLs and e-mail addresses in ``text``.

    No match spans a line (neither part matches a white space) and each holds ``@``, ``://`` or
    ``www.``: the pattern runs only over the lines that hold one (page text has a few in
    thousands), with the same matches as over the whole text.
    """
    if "@" not in text and "://" not in text and "www." not in text.lower():
        return []
    spans: list[Span] = []
    finditer = _URL_OR_EMAIL.finditer
    line_end = -1
    for mark in _URL_OR_EMAIL_MARK.finditer(text):
        at = mark.start()
        if at < line_end:
            continue  # this line was searched
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        if line_end == -1:
            line_end = len(text)
        spans.extend(m.span() for m in finditer(text, line_start, line_end))
    return spans


def merge_spans(spans: list[Span]) -> tuple[Span, ...]:
    """Sort spans and merge the ones that overlap or touch."""
    if not spans:
        return ()
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return tuple(merged)


def non_prose_spans(text: str, fmt: TextFormat) -> tuple[Span, ...]:
    """Spans of ``text`` that rules must not touch, for the given format."""
    spans = url_and_email_spans(text)
    if fmt.value == "markdown" and text:
        spans.extend(MarkdownLayout.of(text).non_prose)
    elif text:
        spans.extend(plain_text_markup_spans(text))
    return merge_spans(spans)


def verbatim_spans(text: str, fmt: TextFormat) -> tuple[Span, ...]:
    """Spans of code, math blocks and front matter (Markdown only): where directives do not count."""
    if fmt.value != "markdown" or not text:
        return ()
    return MarkdownLayout.of(text).verbatim


# --- source lines -------------------------------------------------------------------


class SourceLine(msgspec.Struct, frozen=True):
    """A line as markdown-it numbers it: ``text`` excludes the line break."""

    start: int
    end: int
    text: str


def source_lines(text: str) -> list[SourceLine]:
    """The lines of ``text`` split the way markdown-it splits them."""
    out: list[SourceLine] = []
    pos = 0
    for match in _NEWLINE.finditer(text):
        out.append(SourceLine(pos, match.start(), text[pos : match.start()]))
        pos = match.end()
    out.append(SourceLine(pos, len(text), text[pos:]))
    return out


def front_matter_lines(lines: list[SourceLine]) -> int:
    """How many leading lines are YAML (``---``) or TOML (``+++``) front matter (0: none).

    The block must open on the very first line and be closed; YAML may also close
    with ``...``.
    """
    if not lines:
        return 0
    opener = lines[0].text.rstrip()
    if opener not in ("---", "+++"):
        return 0
    closers = ("---", "...") if opener == "---" else ("+++",)
    for number in range(1, len(lines)):
        if lines[number].text.rstrip() in closers:
            return number + 1
    return 0


# --- the parser ---------------------------------------------------------------------


def _math_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Block rule: ``$$`` ... ``$$`` display math (one line or several)."""
    pos = state.bMarks[start_line] + state.tShift[start_line]
    if state.sCount[start_line] - state.blkIndent >= 4 or not state.src.startswith("$$", pos):
        return False
    first = state.src[pos + 2 : state.eMarks[start_line]].rstrip()
    last = start_line
    if not first.endswith("$$"):
        last = start_line + 1
        while last < end_line:
            line = state.src[state.bMarks[last] + state.tShift[last] : state.eMarks[last]].rstrip()
            if line.endswith("$$"):
                break
            if state.sCount[last] < state.blkIndent:
                return False
            last += 1
        else:
            return False
    if silent:
        return True
    state.line = last + 1
    token = state.push("math_block", "math", 0)
    token.block = True
    token.map = [start_line, last + 1]
    token.markup = "$$"
    return True


def _math_inline(state: StateInline, silent: bool) -> bool:
    """Inline rule: ``$$...$$`` or ``$...$`` with Pandoc's rules for single dollars.

    The opening ``$`` must be followed by a non-space, the closing one preceded by a
    non-space and not followed by a digit, so ``$5 and $10`` is not math. Stricter
    than Pandoc, an opening ``$`` followed by a digit never starts math: in news and
    documentation ``$4,300 ... $`` is money far more often than ``$2x$`` is math.
    """
    src, pos, limit = state.src, state.pos, state.posMax
    if src[pos] != "$":
        return False
    if src.startswith("$$", pos):
        close = src.find("$$", pos + 2)
        if close == -1 or close + 2 > limit:
            return False
        end = close + 2
    else:
        body = pos + 1
        if body >= limit or src[body].isspace() or src[body].isdigit():
            return False
        close = src.find("$", body + 1)
        while close != -1 and close < limit:
            before = src[close - 1]
            digit_after = close + 1 < limit and src[close + 1].isdigit()
            if not before.isspace() and before != "\\" and not digit_after:
                break
            close = src.find("$", close + 1)
        if close == -1 or close >= limit:
            return False
        end = close + 1
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = src[pos:end]
        token.markup = "$"
    state.pos = end
    return True


def _record(state: StateInline, spans: Iterable[Span]) -> None:
    """Keep the masked spans of one inline parse, keyed by its token list."""
    store: dict[int, tuple[list[Token], list[Span]]] = state.env[_ENV_KEY]
    entry = store.get(id(state.tokens))
    if entry is None:
        # Holding the list keeps its id from being reused by another parse.
        entry = (state.tokens, [])
        store[id(state.tokens)] = entry
    entry[1].extend(spans)


def _masked_spans(name: str, state: StateInline, start: int, end: int) -> list[Span]:
    """The spans a successful inline rule ``name`` matched at ``start..end`` that are not prose."""
    if name in _MASKED_INLINE_RULES:
        return [(start, end)]
    if name == "link":
        label_end = state.md.helpers.parseLinkLabel(state, start, True)
        if label_end < start:
            return [(start, end)]
        return [(start, start + 1), (label_end, end)]
    if name == "newline":
        spans: list[Span] = []
        spaces = start
        while spaces > 0 and state.src[spaces - 1] == " ":
            spaces -= 1
        if start - spaces >= 2:  # two spaces before a line break: a hard break
            spans.append((spaces, start))
        if end > start + 1:  # the next line's indentation
            spans.append((start + 1, end))
        return spans
    return []


def _tracked(name: str, rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so it records where its markup is in the inline source."""

    def run(state: StateInline, silent: bool) -> bool:
        start = state.pos
        matched = rule(state, silent)
        if matched and not silent and _ENV_KEY in state.env:
            spans = _masked_spans(name, state, start, state.pos)
            if spans:
                _record(state, spans)
        return matched

    return run


def _core_inline(state: StateCore) -> None:
    """Core rule: parse each inline token and keep the markup spans of its content in ``meta``.

    Replaces markdown-it's own ``inline`` core rule, which does the same parse without
    the bookkeeping; later core rules may replace ``children``, so spans go in ``meta``.
    """
    store: dict[int, tuple[list[Token], list[Span]]] | None = state.env.get(_ENV_KEY)
    for token in state.tokens:
        if token.type != "inline":
            continue
        children: list[Token] = []
        token.children = children
        state.md.inline.parse(token.content, state.md, state.env, children)
        if store is not None:
            entry = store.pop(id(children), None)
            token.meta[_ENV_KEY] = entry[1] if entry is not None else []
            # Only the spans are read afterwards: the inline tokens (hundreds of bytes each, one
            # per emphasis marker) would stay alive until the whole document is parsed.
            children.clear()


#: Environment key of the link-label budget: skipped tokens left for every label scan of one parse.
_BUDGET_KEY = "textfix_label_budget"


class _LabelBudgetSpent(Exception):  # noqa: N818 - internal control flow
    """The link-label budget ran out: the layout treats the whole text as not prose."""


def _label_budget(text: str) -> int:
    """Token steps every link-label scan of ``text`` may take together (linear in its size)."""
    return len(text) + 20_000


def _bounded_link_label(state: StateInline, start: int, disableNested: bool = False) -> int:  # noqa: N803
    """markdown-it's ``parseLinkLabel`` with a budget of token steps per document.

    Each unclosed ``[`` scans to the end of its paragraph, so ``[a`` repeated is quadratic
    (markdown-it-py's own loop, unchanged here otherwise). Once a document's budget is
    spent, the parse stops and the layout marks the whole text as not prose:
    a missed artifact costs less than a wrong edit in what may be a link.
    """
    env = state.env
    budget = env.get(_BUDGET_KEY)
    if isinstance(budget, int) and budget <= 0:
        raise _LabelBudgetSpent  # the rest of the parse would be thrown away: stop it here
    old_pos = state.pos
    state.pos = start + 1
    level = 1
    steps = 0
    found = False
    while state.pos < state.posMax:
        marker = state.src[state.pos]
        if marker == "]":
            level -= 1
            if level == 0:
                found = True
                break
        previous = state.pos
        state.md.inline.skipToken(state)
        steps += 1
        if marker == "[":
            if previous == state.pos - 1:
                level += 1
            elif disableNested:
                state.pos = old_pos
                _spend(env, steps)
                return -1
    label_end = state.pos if found else -1
    state.pos = old_pos
    _spend(env, steps)
    return label_end


def _spend(env: MutableMapping[str, Any], steps: int) -> None:
    budget = env.get(_BUDGET_KEY)
    if isinstance(budget, int):
        env[_BUDGET_KEY] = budget - steps


@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """One CommonMark parser (plus tables, strikethrough and math) that records markup spans.

    ``markdown_it`` is imported here, by the first Markdown document: plain text never loads it.
    """
    from markdown_it import MarkdownIt  # noqa: PLC0415 - start-up: only Markdown needs it

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.block.ruler.before("fence", "math_block", _math_block, {"alt": ["paragraph", "reference", "blockquote"]})
    md.inline.ruler.after("escape", "math_inline", _math_inline)
    md.core.ruler.at("inline", _core_inline)
    for rule in md.inline.ruler.__rules__:
        md.inline.ruler.at(rule.name, _tracked(rule.name, rule.fn), {"alt": list(rule.alt)})
    md.helpers = types.SimpleNamespace(  # type: ignore[assignment]
        parseLinkLabel=_bounded_link_label,
        parseLinkDestination=md.helpers.parseLinkDestination,
        parseLinkTitle=md.helpers.parseLinkTitle,
    )
    return md


# --- from tokens to spans -----------------------------------------------------------


class _Unmatched(Exception):  # noqa: N818 - internal control flow
    """The parser's text of a line could not be found in the source line."""


class MarkdownLayout(msgspec.Struct, frozen=True):
    """Where prose is in one Markdown text.

    Attributes:
        non_prose: spans that are not prose (unsorted, may overlap).
        verbatim: spans of code blocks, math blocks and front matter.
    """

    non_prose: tuple[Span, ...]
    verbatim: tuple[Span, ...]

    @staticmethod
    @functools.lru_cache(maxsize=8)
    def of(text: str) -> MarkdownLayout:
        """The layout of ``text`` (the last few are cached: checking and suppression share it)."""
        return _layout(text)


def _layout(text: str) -> MarkdownLayout:
    lines = source_lines(text)
    front = front_matter_lines(lines)
    parse_text = "\n" * front + "\n".join(line.text for line in lines[front:])
    env: dict[str, object] = {_ENV_KEY: {}, _BUDGET_KEY: _label_budget(parse_text)}
    try:
        tokens = markdown_parser().parse(parse_text, env)
    except _LabelBudgetSpent:
        return MarkdownLayout(((0, len(text)),), ())

    non_prose: list[Span] = []
    verbatim: list[Span] = []
    if front:
        span = (0, lines[front - 1].end)
        non_prose.append(span)
        verbatim.append(span)
    # Per line: the (start, end) column ranges that hold prose.
    covered: dict[int, list[Span]] = {}
    claimed: set[int] = set(range(front))
    in_row: dict[int, int] = {}  # table rows: where the next cell is searched from
    previous = ""
    for token in tokens:
        cell = previous in ("th_open", "td_open")
        previous = token.type
        if token.map is None:
            continue
        first, last = token.map
        if token.type in _VERBATIM_BLOCKS:
            span = (lines[first].start, lines[max(first, last - 1)].end)
            non_prose.append(span)
            if token.type in _CODE_BLOCKS:
                verbatim.append(span)
            claimed.update(range(first, last))
        elif token.type == "inline":
            relative: list[Span] = token.meta.get(_ENV_KEY, [])
            try:
                placed = _place_inline(token, lines, in_row if cell else None)
            except _Unmatched:
                non_prose.append((lines[first].start, lines[max(first, last - 1)].end))
                claimed.update(range(first, last))
                continue
            for number, column, length, _offset in placed:
                covered.setdefault(number, []).append((column, column + length))
            non_prose.extend(_to_source(relative, placed, lines))
    for number, line in enumerate(lines):
        if number in claimed or not line.text.strip():
            continue
        ranges = covered.get(number)
        if ranges is None:  # reference definitions, thematic breaks, table rules, bare list markers
            non_prose.append((line.start, line.end))
            continue
        non_prose.extend(_gaps(line, ranges))
    return MarkdownLayout(tuple(non_prose), tuple(verbatim))


#: One placed line of inline content: (line number, column in the source line, length, offset in content).
_Placed = tuple[int, int, int, int]


def _place_inline(token: Token, lines: list[SourceLine], in_row: dict[int, int] | None) -> list[_Placed]:
    """Find each line of an inline token's content in its source line.

    ``in_row`` is given for table cells: several cells share a line, found left to right.
    """
    assert token.map is not None
    first = token.map[0]
    content = token.content
    placed: list[_Placed] = []
    offset = 0
    for index, part in enumerate(content.split("\n")):
        number = first + index
        if number >= len(lines):
            raise _Unmatched
        source = lines[number].text
        if in_row is not None:
            column = source.find(part, in_row.get(number, 0))
            if column == -1 or not part:
                if part:
                    raise _Unmatched
                column = in_row.get(number, 0)
            in_row[number] = column + len(part)
        else:
            column = source.rfind(part)
            if column == -1 or source[column + len(part) :].strip(" \t#"):
                raise _Unmatched
        placed.append((number, column, len(part), offset))
        offset += len(part) + 1
    return placed


def _to_source(relative: Iterable[Span], placed: list[_Placed], lines: list[SourceLine]) -> list[Span]:
    """Map spans in inline content to spans in the source text."""
    starts = [start for _, _, _, start in placed]

    def convert(offset: int) -> int:
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0:
            number, column, length, start = placed[index]
            return lines[number].start + column + min(offset - start, length)
        return lines[placed[0][0]].start + placed[0][1]

    return [(convert(start), convert(end)) for start, end in relative if end > start]


def _gaps(line: SourceLine, ranges: list[Span]) -> list[Span]:
    """The parts of a prose line outside its prose ranges, except trailing white space."""
    out: list[Span] = []
    position = 0
    for start, end in sorted(ranges):
        if start > position:
            out.append((line.start + position, line.start + start))
        position = max(position, end)
    tail = line.text[position:]
    if tail.strip():
        out.append((line.start + position, line.end))
    return out


# --- markup and code in plain text ----------------------------------------------------

#: A tag, possibly cut at the end of the line: ``<b>``, ``</dc:title>``, ``<rdf:Description rdf:about="">``.
_TAG = lazy_regex(
    r"</?[A-Za-z][\w.\-]*(?::[\w.\-]+)?(?:[^<>\n]*>|[ \t][^<>\n]*$|$)"
    r"|<!--[\s\S]{0,20000}?-->|<!--[^\n]*$",  # comments (bounded), also cut at a line end
    regex.MULTILINE,
)
#: An attribute or namespace declaration: ``xmlns:rdf="http://..."``, ``class='x'``.
_ATTRIBUTE = lazy_regex(r"""(?<![\w.\-])[A-Za-z_][\w.\-]*(?::[\w.\-]+)?=(?:"[^"\n]*"|'[^'\n]*')""")
#: Whole lines that are markup, code or log output.
_NON_PROSE_LINE = regex.compile(
    r"""
    ^[ \t]*(?:
        <(?:[/!?]?[A-Za-z]|!--)[^\n]*                            # opens with a tag, comment or declaration
      | (?:[A-Za-z_][\w.\-]*(?::[\w.\-]+)?=(?:"[^"\n]*"|'[^'\n]*')[ \t]*)+/?>?[ \t]*$  # attributes only
      | (?:def|class)[ \t]+\w+[ \t]*[(:][^\n]*                   # Python definitions
      | (?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*$
      | \#(?:include|define|ifn?def|endif|pragma)\b[^\n]*         # C preprocessor
      | (?:function|var|let|const)[ \t]+\w+[ \t]*[(=][^\n]*       # JavaScript
      | (?://|/\*|\*/)[^\n]*                                     # comment lines
      | [}\])][ \t]*[;,)]?[ \t]*$                                # closing braces
      | \[?\d{4}-\d\d-\d\d[T \t]\d\d:\d\d[^\n]*                 # log lines: timestamp first
      | \d\d:\d\d:\d\d[.,]\d+[^\n]*
      | \[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL)\]?[ \t]*[:\]\-|][^\n]*
    )
    """,
    regex.VERBOSE,
)
#: First characters (after indentation) of the lines :data:`_NON_PROSE_LINE` may match.
_LINE_STARTS = frozenset("<#/*}])[0123456789" + "abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def plain_text_markup_spans(text: str) -> list[Span]:
    """Spans of markup, code and log lines in plain text (see the module docstring).

    Every pattern is anchored at a line start or a ``<``/``=``, so the scan is linear.

    >>> text = 'See <b>this</b> page, xmlns:dc="http://purl.org/dc/".'
    >>> [text[s:e] for s, e in merge_spans(plain_text_markup_spans(text))]
    ['<b>', '</b>', 'xmlns:dc="http://purl.org/dc/"']
    """
    spans: list[Span] = []
    if "<" in text:
        spans.extend(m.span() for m in _TAG.finditer(text))
    if '="' in text or "='" in text:
        spans.extend(m.span() for m in _ATTRIBUTE.finditer(text))
    spans.extend(_non_prose_lines(text))
    return spans


def _non_prose_lines(text: str) -> Iterator[Span]:
    """Whole lines of markup, code or log output (one look at each line's first character, then a match)."""
    match = _NON_PROSE_LINE.match
    starts = _LINE_STARTS
    position = 0
    size = len(text)
    while position < size:
        end = text.find("\n", position)
        if end == -1:
            end = size
        line = text[position:end]
        stripped = line.lstrip(" \t")
        if stripped and (
            (stripped[0] in starts and match(stripped) is not None)
            or "();" in line
            or "=>" in line
            or "-->" in line
            or (stripped.rstrip().endswith((";", "{")) and ("=" in line or "(" in line))
        ):
            yield position, end
        position = end + 1
