"""Boilerplate heuristics (BP2xx): site chrome recognised by its shape at the edges of a document.

The packs (BP1xx) remove lines by phrase. These rules catch what no phrase list can
name: breadcrumbs (``Home » World » Europe``), tag lines (``Tags: Ukraine, NATO``),
rows of social-network buttons (``Facebook Twitter WhatsApp Email``) and runs of short
menu links. All of them look only at the document's *edge zones*: the lines before
the first prose paragraph and after the last one (:func:`edge_zones`), computed once
per document and shared through :meth:`~textfix.core.document.Document.memo`.

They never touch a prose line (:func:`is_prose_line`), a byline or a line with a
date, and the line just before the first paragraph (the likely headline) is only
removed by the strongest evidence.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec
import regex

from textfix.core.patterns import lazy_regex
from textfix.core.rule import Rule
from textfix.core.scope import DOCUMENT
from textfix.core.views import View
from textfix.kinds.lines import LinesRule, line_removers, normalise, removable_lines, removal_edits
from textfix.model import Applicability, Category, Finding, Fix, FixAvailability

if TYPE_CHECKING:
    from textfix.core.document import Document

# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class BoilerplateOptions:
    """Options of ``[tool.textfix.boilerplate]`` (shared by BP2xx rules and batch learning).

    Attributes:
        menu_run: how many short link-like lines in a row make a menu (BP204).
        min_files: a line is learned when it is in at least this many files...
        min_share: ...and in at least this share of the batch's files.
        edge_share: a sentence-like line (``Thank you.``) is learned only when at least
            this share of its occurrences sit in a document's edge zones.
        max_line_chars: longer lines are never counted nor learned.
        max_distinct: when more distinct short lines than this are counted, lines seen
            in a single file are forgotten (keeps memory bounded on huge batches).
        promote_learned: learned lines are safe fixes instead of unsafe ones.
        chrome_safe_at: BP401 probability at or above which a removal is safe (default: the measured one).
        chrome_unsafe_at: BP401 probability at or above which a removal is unsafe (default: the measured one).
        chrome_display_at: BP401 reports lines from this probability up to the unsafe threshold as
            display findings (default: none reported).
        line_model: path of a BP401 model file to use instead of the shipped one
            (written by ``python -m bench train-boilerplate``).
    """

    menu_run: int = 3
    min_files: int = 3
    min_share: float = 0.3
    edge_share: float = 0.9
    max_line_chars: int = 200
    max_distinct: int = 1_000_000
    promote_learned: bool = False
    chrome_safe_at: float | None = None
    chrome_unsafe_at: float | None = None
    chrome_display_at: float | None = None
    line_model: str | None = None

    def __post_init__(self) -> None:
        for name in ("menu_run", "min_files", "max_line_chars", "max_distinct"):
            if getattr(self, name) < 1:
                msg = f"{name.replace('_', '-')!r} must be a positive integer, not {getattr(self, name)!r}"
                raise ValueError(msg)
        for name in ("min_share", "edge_share"):
            if not 0 <= getattr(self, name) <= 1:
                msg = f"{name.replace('_', '-')!r} must be a number from 0 to 1, not {getattr(self, name)!r}"
                raise ValueError(msg)
        for name in ("chrome_safe_at", "chrome_unsafe_at", "chrome_display_at"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                msg = f"{name.replace('_', '-')!r} must be a probability from 0 to 1, not {value!r}"
                raise ValueError(msg)


# --------------------------------------------------------------------------- line shapes

_WORD = regex.compile(r"\w+")
_SENTENCE_END = regex.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_DATE = regex.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:19|20)\d{2}|\d{1,2}:\d{2})\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|oktober|dezember"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    r"|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)[a-z]*\.? \d",
    regex.IGNORECASE,
)
_BYLINE = regex.compile(r"^(?:by|von|por|par|di|de|da|written by|posted by|published)\b", regex.IGNORECASE)

#: Words a breadcrumb starts with: a home link in six languages.
HOME_WORDS = frozenset(
    {
        "home",
        "homepage",
        "home page",
        "startseite",
        "start",
        "inicio",
        "portada",
        "accueil",
        "início",
        "pagina iniziale",
    }
)
_CRUMB_STRONG_SEP = lazy_regex(r"\s*(?:»|›|→|>>)\s*|\s+>\s+")
_CRUMB_ANY_SEP = lazy_regex(r"\s*(?:»|›|→|>>)\s*|\s+[>/|]\s+")

#: Labels of tag and category lines (before a colon), six languages.
TAG_LABELS = frozenset(
    {
        "tags", "tag", "tagged", "tagged with", "tagged as", "topics", "categories", "category", "filed under",
        "posted in", "schlagworte", "schlagwörter", "stichwörter", "stichworte", "kategorie", "kategorien",
        "getaggt mit", "themen", "etiquetas", "categorías", "categoría", "temas", "étiquettes", "mots-clés",
        "mots clés", "catégories", "catégorie", "marcadores", "categorias", "categoria", "argomenti", "categorie",
        "parole chiave", "labels", "in this article", "keywords", "tópicos", "etichette",
    }
)  # fmt: skip
_TAG_LINE = regex.compile(r"^\s*([^\W\d][\w\s-]{1,20}?)\s*:\s*(\S.*)$")
_TAG_SPLIT = lazy_regex(r"\s*(?:[,;|•·#]|\s/\s)\s*")

#: Words of a share or follow button row; at least two *network* names are needed.
SOCIAL_NETWORKS = frozenset(
    {
        "facebook", "twitter", "whatsapp", "linkedin", "pinterest", "reddit", "telegram", "tumblr", "xing",
        "flipboard", "pocket", "messenger", "instagram", "youtube", "tiktok", "vk", "threads", "bluesky",
        "mastodon", "email", "e-mail", "mail", "sms", "google+", "x", "viber", "line", "snapchat",
    }
)  # fmt: skip
SOCIAL_WORDS = SOCIAL_NETWORKS | frozenset(
    {
        "share", "tweet", "print", "copy", "link", "on", "via", "more", "pin", "save", "comment", "comments",
        "teilen", "drucken", "auf", "compartir", "en", "imprimir", "partager", "sur", "imprimer", "compartilhar",
        "compartilhe", "condividi", "su", "stampa", "bookmark", "bookmarked", "recommend", "recommended",
        "follow", "like", "flip", "embed",
    }
)  # fmt: skip
#: Words that make a row of button words a share row even without two network names.
SHARE_WORDS = frozenset({"share", "tweet", "teilen", "compartir", "partager", "compartilhar", "condividi"})
_SOCIAL_SPLIT = regex.compile(r"[\s|•·,/]+")


def is_prose_line(text: str) -> bool:
    """A paragraph of prose: eight words or more ending like a sentence, or a long line."""
    stripped = text.strip()
    if len(stripped) >= 160:
        return True
    if _CJK.search(stripped) and len(stripped) >= 25:
        return True
    words = len(_WORD.findall(stripped))
    return words >= 8 and (_SENTENCE_END.search(stripped) is not None or ". " in stripped)


def is_protected(text: str) -> bool:
    """Lines no heuristic removes: bylines and lines holding a date or time."""
    return _BYLINE.match(text.strip()) is not None or _DATE.search(text) is not None


def breadcrumb_strength(text: str) -> int:
    """2: a breadcrumb from a home link; 1: breadcrumb-shaped; 0: not a breadcrumb.

    >>> breadcrumb_strength("Home » World » Europe")
    2
    >>> breadcrumb_strength("News › Politics")
    1
    >>> breadcrumb_strength("Ukraine | Live updates")
    0
    """
    stripped = text.strip()
    if len(stripped) > 150 or _SENTENCE_END.search(stripped):
        return 0
    parts = [p for p in _CRUMB_ANY_SEP.split(stripped) if p]
    if len(parts) < 2 or not all(_short_label(p, 5, 50) for p in parts):
        return 0
    if normalise(parts[0]) in HOME_WORDS:
        return 2
    if len(parts) >= 3 or len([p for p in _CRUMB_STRONG_SEP.split(stripped) if p]) >= 2:
        return 1
    return 0


def is_tag_line(text: str) -> bool:
    """``Tags: Ukraine, NATO``: a tag or category label, a colon, and short items.

    >>> is_tag_line("Tags: Ukraine, NATO, Jens Stoltenberg")
    True
    >>> is_tag_line("Topics: the war, he said, was far from over and would last for years to come.")
    False
    """
    match = _TAG_LINE.match(text)
    if match is None or normalise(match.group(1)) not in TAG_LABELS:
        return False
    body = match.group(2).strip()
    if len(body) > 250 or _SENTENCE_END.search(body):
        return False
    items = [i for i in _TAG_SPLIT.split(body) if i]
    return bool(items) and all(_short_label(i, 5, 50) for i in items)


def is_social_row(text: str) -> bool:
    """A row of share or follow buttons: only button words, with two network names or a share word.

    >>> is_social_row("Facebook Twitter WhatsApp Email")
    True
    >>> is_social_row("Share Tweet Share")
    True
    >>> is_social_row("Facebook and Twitter")
    False
    """
    if len(text) > 200:
        return False
    tokens = [t for t in _SOCIAL_SPLIT.split(text.strip().casefold()) if t]
    if len(tokens) < 2 or not all(t.rstrip(":") in SOCIAL_WORDS for t in tokens):
        return False
    networks = {t for t in tokens if t in SOCIAL_NETWORKS and t != "x"}
    return len(networks) >= 2 or any(t.rstrip(":") in SHARE_WORDS for t in tokens)


def is_menu_item(text: str) -> bool:
    """A short link-like line: up to three words starting with a capital; no sentence, date, byline or code.

    >>> is_menu_item("* Business"), is_menu_item("einen Workshop an"), is_menu_item("Good night.")
    (True, False, False)
    """
    # Every test must pass: the cheap ones first (most lines fail one of them).
    stripped = normalise(text)  # without the bullets and pipes of a rendered menu
    if len(stripped) > 30 or any(mark in stripped for mark in ":_()[]{}=<>@"):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if not first.isupper() or _SENTENCE_END.search(text.strip()):
        return False
    return _short_label(stripped, 3, 30) and not is_protected(stripped) and not _CJK.search(stripped)


def is_menu(items: Sequence[str]) -> bool:
    """Whether a run of short lines reads as a menu rather than a list of the article.

    Menu links are distinct labels: a list whose items start with one word
    (``Added /fill command``, ``Added /clone command``) or hold numbers and prices is
    content.
    """
    firsts = [normalise(item).split(" ")[0] for item in items]
    if len(set(firsts)) < len(firsts):
        return False
    return not any(any(ch.isdigit() for ch in item) for item in items)


def _short_label(text: str, max_words: int, max_chars: int) -> bool:
    stripped = text.strip()
    if not stripped or len(stripped) > max_chars or _SENTENCE_END.search(stripped):
        return False
    words = len(_WORD.findall(stripped))
    return 1 <= words <= max_words


# --------------------------------------------------------------------------- per-line answers, kept

#: The answers for this many distinct lines are kept (a site's chrome recurs in each of its pages and
#: each round of ``fix``); lines longer than :data:`KEPT_LINE_CHARS` are judged afresh.
EDGE_LINES_KEPT = 1 << 13
KEPT_LINE_CHARS = 300


@functools.lru_cache(maxsize=EDGE_LINES_KEPT)
def _edge_verdict(text: str, guarded: bool) -> tuple[str, Applicability] | None:
    """The first of :data:`EDGE_LINE_RULES` that takes an edge line (its code and fix), or ``None``."""
    for rule in EDGE_LINE_RULES:
        verdict = rule.judge(text, guarded=guarded)
        if verdict is not None:
            return rule.code, verdict
    return None


_kept_menu_item = functools.lru_cache(maxsize=EDGE_LINES_KEPT)(is_menu_item)
_kept_prose_line = functools.lru_cache(maxsize=EDGE_LINES_KEPT)(is_prose_line)


def _menu_item(text: str) -> bool:
    return _kept_menu_item(text) if len(text) <= KEPT_LINE_CHARS else is_menu_item(text)


def _prose_line(text: str) -> bool:
    return _kept_prose_line(text) if len(text) <= KEPT_LINE_CHARS else is_prose_line(text)


# --------------------------------------------------------------------------- the shared view


class EdgeView(msgspec.Struct, frozen=True):
    """Where the edge zones of a document are and which of their lines each rule takes.

    Attributes:
        first_prose: index of the first prose line (``len(lines)`` when none).
        last_prose: index of the last prose line (``-1`` when none).
        headline: the last non-blank line before the first prose line, or ``-1`` (when it
            is a byline or a dateline, the line above it is guarded as well).
        findings: rule code -> (line index, applicability) it flags.
        safe: line indices flagged with a safe fix.
        every: every line index any BP2xx rule flags.
    """

    first_prose: int
    last_prose: int
    headline: int
    findings: Mapping[str, tuple[tuple[int, Applicability], ...]]
    safe: frozenset[int]
    every: frozenset[int]

    def in_edge(self, index: int) -> bool:
        """Whether line ``index`` lies before the first or after the last prose line."""
        return index < self.first_prose or index > self.last_prose


def edge_zones(doc: Document, ignore: frozenset[int] = frozenset()) -> tuple[int, int]:
    """(first prose line, last prose line) indices; ``(len, -1)`` when the document has no prose.

    Lines in ``ignore`` (those the packs remove, such as a cookie notice) are never the
    article's prose.
    """
    lines = doc.lines
    first, last = len(lines), -1
    for index, line in enumerate(lines):
        if index not in ignore and _prose_line(line.text):
            first = index
            break
    for index in range(len(lines) - 1, first - 1, -1):
        if index not in ignore and _prose_line(lines[index].text):
            last = index
            break
    return first, last


@functools.lru_cache(maxsize=64)
def edge_view(menu_run: int, packs: tuple[Rule, ...]) -> View[EdgeView]:
    """The shared edge analysis for one menu-run option and one set of pack rules (a view per set).

    The lines the packs remove (a cookie notice, a comment form) are never the article's
    prose, so they do not move the edge zones.
    """

    def compute(doc: Document) -> EdgeView:
        ignore = removable_lines(doc, packs, safe_only=False) if packs else frozenset()
        return analyse(doc, menu_run, ignore)

    return View("boilerplate.edge-view", compute)


def analyse(doc: Document, menu_run: int, ignore: frozenset[int] = frozenset()) -> EdgeView:
    """Classify the lines of the edge zones: each line rule judges the lines in turn, then menu runs.

    The line rules (:data:`EDGE_LINE_RULES`, in priority order) each own their test
    (their ``judge``); a line one of them takes is not offered to the next nor to a menu run.
    """
    lines = doc.lines
    first, last = edge_zones(doc, ignore)
    above_article = [i for i in range(min(first, len(lines))) if lines[i].text.strip()][-2:]
    headline = above_article[-1] if above_article else -1
    # Under a byline or a dateline, the headline is the line above it.
    guarded = {headline}
    if len(above_article) == 2 and is_protected(lines[headline].text):
        guarded.add(above_article[0])
    found: dict[str, list[tuple[int, Applicability]]] = {}

    def flag(code: str, index: int, applicability: Applicability) -> None:
        found.setdefault(code, []).append((index, applicability))

    if last < 0:  # no prose at all: nothing tells chrome from content
        return EdgeView(first, last, headline, {}, frozenset(), frozenset())
    edge = [*range(first), *range(last + 1, len(lines))]
    taken: set[int] = set()
    for index in edge:
        text = lines[index].text
        if not text.strip() or len(text) > 300:
            continue
        verdict = _edge_verdict(text, index in guarded)
        if verdict is not None:
            flag(verdict[0], index, verdict[1])
            taken.add(index)
    for zone in (range(first), range(last + 1, len(lines))):
        run: list[int] = []
        for index in [*zone, -1]:  # -1 closes the last run
            if index >= 0 and not lines[index].text.strip():
                continue
            if index >= 0 and index not in guarded and index not in taken and _menu_item(lines[index].text):
                run.append(index)
                continue
            if len(run) >= menu_run and _touches_edge(run, zone, taken, doc) and is_menu([lines[i].text for i in run]):
                for item in run:
                    flag(MenuRun.code, item, Applicability.UNSAFE)
            run = []
    every = frozenset(i for entries in found.values() for i, _ in entries)
    safe = frozenset(i for entries in found.values() for i, a in entries if a is Applicability.SAFE)
    return EdgeView(first, last, headline, {k: tuple(v) for k, v in found.items()}, safe, every)


def _touches_edge(run: Sequence[int], zone: range, taken: set[int], doc: Document) -> bool:
    """Whether only blank or already flagged lines lie between the run and the document's edge."""
    lines = doc.lines
    # Top zone: the lines above the run; bottom zone: the lines below it.
    between = range(run[0]) if zone.start == 0 else range(run[-1] + 1, len(lines))
    return all(i in taken or not lines[i].text.strip() for i in between)


# --------------------------------------------------------------------------- rules


class _EdgeRule(Rule):
    """Base of the BP2xx rules: report what :func:`analyse` assigned to this code."""

    category = Category.BOILERPLATE
    fix_availability = FixAvailability.ALWAYS
    scope = DOCUMENT

    def __init__(self, options: BoilerplateOptions | None = None) -> None:
        self.options = options if options is not None else BoilerplateOptions()
        self._removers: tuple[Rule, ...] = (self,)
        self._packs: tuple[Rule, ...] = ()

    def prepare(self, selected: Sequence[Rule]) -> None:
        """Remember the selected line-removing rules: to collapse blank lines with theirs, and the packs' lines."""
        self._removers = line_removers(selected) or (self,)
        self._packs = tuple(rule for rule in self._removers if isinstance(rule, LinesRule))

    def view(self, doc: Document) -> EdgeView:
        """The shared edge analysis of ``doc`` (one view for every BP2xx rule)."""
        return edge_view(self.options.menu_run, self._packs)(doc)

    def removable_lines(self, doc: Document, *, safe_only: bool) -> frozenset[int]:
        """The lines the BP2xx rules remove (by safe fixes only, if asked)."""
        view = self.view(doc)
        return view.safe if safe_only else view.every

    @classmethod
    def create(cls, options: Any) -> Rule:
        """Build the rule from ``[tool.textfix.boilerplate]``."""
        assert isinstance(options, BoilerplateOptions)
        return cls(options)

    def check(self, doc: Document) -> Iterable[Finding]:
        """One finding per flagged line, with the edit that removes it."""
        view = self.view(doc)
        findings = view.findings.get(self.code, ())
        if not findings:
            return
        # The same two sets for every finding (removal_edits plans once per set), each asked for once.
        sets: dict[bool, frozenset[int]] = {}
        for index, applicability in findings:
            line = doc.lines[index]
            safe_only = applicability is Applicability.SAFE
            if safe_only not in sets:
                sets[safe_only] = removable_lines(doc, self._removers, safe_only=safe_only)
            if not safe_only and True not in sets:
                sets[True] = removable_lines(doc, self._removers, safe_only=True)
            removable = sets[safe_only]
            safe = None if safe_only else sets[True]
            fix = Fix(removal_edits(doc, index, removable, safe), applicability)
            yield self.finding(line.start, line.end, f"{self.summary}: remove this line", fix)


class Breadcrumb(_EdgeRule):
    """A breadcrumb trail at the top or bottom of the document.

    What it does: removes lines such as ``Home » World » Europe`` that lie outside the
    article (before its first paragraph or after its last), when each part is a short
    label.

    Why it happens: article pages show the path to the article in the site's sections;
    a scraper keeps the trail as a line of text.

    Example: ``Home » World`` above the headline.

    Fix safety: safe when the trail starts with a home link (``Home``, ``Startseite``,
    ``Inicio``, ``Accueil``...); otherwise unsafe (``News › Politics``), and never on
    the line just above the first paragraph, where the headline usually is. Lines with
    a date or a byline are never touched. Measured with the packs (``python -m bench
    boilerplate``): safe precision 1.000 on the evaldata snippets and on the adjudicated pages.
    """

    code = "BP201"
    name = "breadcrumb"
    summary = "breadcrumb trail outside the article"

    @staticmethod
    def judge(text: str, *, guarded: bool) -> Applicability | None:
        """Safe for a trail that starts at a home link; unsafe for another trail, unless on the headline."""
        strength = breadcrumb_strength(text)
        if not strength or is_protected(text):
            return None
        if strength == 2:
            return Applicability.SAFE
        return None if guarded else Applicability.UNSAFE


class TagLine(_EdgeRule):
    """A tag or category line outside the article.

    What it does: removes lines such as ``Tags: Ukraine, NATO`` or ``Filed under:
    Politics | World`` before the first paragraph or after the last: a known label
    (tags, categories, topics, Schlagworte, etiquetas, étiquettes, argomenti, ...), a
    colon, then short comma-, pipe- or bullet-separated items.

    Why it happens: blog and news themes print the article's taxonomy under it.

    Example: ``Schlagworte: Bundestag, Haushalt`` after the last paragraph.

    Fix safety: safe: the label must be a taxonomy word and every item a short label
    with no sentence ending; a ``Topics: ...`` sentence inside the article is left alone.
    Measured with the packs (``python -m bench boilerplate``): safe precision 1.000.
    """

    code = "BP202"
    name = "tag-line"
    summary = "tag or category line outside the article"

    @staticmethod
    def judge(text: str, *, guarded: bool) -> Applicability | None:
        """Safe for a taxonomy label and short items."""
        del guarded
        return Applicability.SAFE if is_tag_line(text) else None


class SocialRow(_EdgeRule):
    """A row of share or follow buttons outside the article.

    What it does: removes a line of two words or more made only of share-button words,
    with at least two social-network names or a share word: ``Facebook Twitter
    WhatsApp Email``, ``Share on Facebook | Share on Twitter``, ``Share Tweet Share``.

    Why it happens: share bars render one link per network; scraped, they become one
    line of names.

    Example: ``Facebook Twitter Pinterest LinkedIn`` under the headline.

    Fix safety: safe: every word of the line must be a network name or a share word
    (share, print, via, on...), so ``Facebook and Twitter`` is kept. Measured with the
    packs (``python -m bench boilerplate``): safe precision 1.000.
    """

    code = "BP203"
    name = "social-share-row"
    summary = "row of share buttons outside the article"

    @staticmethod
    def judge(text: str, *, guarded: bool) -> Applicability | None:
        """Safe for a line made only of network names and share words."""
        del guarded
        return Applicability.SAFE if is_social_row(text) else None


class MenuRun(_EdgeRule):
    """A run of short menu links at the top or bottom of the document.

    What it does: flags runs of at least ``menu-run`` (default 3) consecutive short
    lines (three words or fewer, starting with a capital; no sentence ending, colon,
    code, date or byline) that lie before the first paragraph or after the last one
    and reach the document's edge.

    Why it happens: a site's menus and footers become a column of one-word lines when
    the page is scraped: ``World``, ``Business``, ``Sport``, ``Weather``.

    Example: ``News`` / ``Sport`` / ``Weather`` / ``Travel`` above the headline.

    Fix safety: unsafe: a short poem, a list or an author's sign-off has the same
    shape. The line just above the first paragraph (the likely headline) is never part
    of a run. Measured with the packs (``python -m bench boilerplate``): precision
    0.9955 with unsafe fixes on the adjudicated pages.

    Options: ``menu-run`` in ``[tool.textfix.boilerplate]``.
    """

    code = "BP204"
    name = "menu-run"
    summary = "run of short menu links outside the article"


#: The rules that judge one edge line at a time, in priority order (a share row is not also a tag line).
EDGE_LINE_RULES: tuple[type[Breadcrumb | TagLine | SocialRow], ...] = (SocialRow, TagLine, Breadcrumb)

RULES: tuple[type[Rule], ...] = (Breadcrumb, TagLine, SocialRow, MenuRun)
