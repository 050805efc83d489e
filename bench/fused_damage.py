"""Fused-word damage at random word boundaries of real text, and the corpora it is made on.

Every single-space boundary between two words of a real article is a candidate; each is
fused with probability ``rate``, whatever the words are (not only around function words),
so neighbours fuse too (three-word run-ons). The boundary's type is read off the words:

* ``name+word``: a capitalised word, then a lower-case one (``Trump and`` -> ``Trumpand``);
* ``word+word``: two lower-case words (``private equity`` -> ``privateequity``);
* ``word+Capitalised``: a word, then a capitalised one (``shots Sabres`` -> ``shotsSabres``);
* ``word+punct+word``: a mark, then a word (``look. It's`` -> ``look.It's``, ``wall, black``);
* ``lost-sentence-break``: ``. `` removed between two sentences (``Ukraine. If`` -> ``UkraineIf``).

The corpora: the gold texts of the 130 Readability pages and the ``with`` snippets of the
trafilatura pages (English), German ``with`` snippets, and for French and Spanish the
trafilatura extraction of the trafilatura pages in those languages (real pages; extraction
damage in them counts against the rules, which is the conservative way). Documents are split
in two halves by site (a stable hash of the site name): tune on one, report on the other.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlparse

import regex

from bench.common import DATA
from textfix.families.fused_word.language import LANGUAGES, top_words

SCRAPED = DATA / "scraped"
#: Gold texts that hold real fusions of their own (``clean-links`` is a Bartleby text with
#: ``buildinggenerally``, ``willingto``, ``hallall``...): every correct repair there would count as wrong.
DAMAGED_GOLD = frozenset({"clean-links"})
#: Two words around one space: the left word may end with one mark.
_BOUNDARY = regex.compile(r"(?<=(?:^|\s)([\p{L}\p{M}’']+)([.,!?;:]?)) (?=([\p{L}\p{M}]+)(?:[\s.,;:!?’'\")]|$))")

TYPES = ("name+word", "word+word", "word+Capitalised", "word+punct+word", "lost-sentence-break")


#: Words of a text that vote for its language, and how many of a language's most frequent words vote.
VOTING_WORDS = 3000
MARKERS = 60


def language_of(text: str) -> str:
    """A cheap vote (the most frequent words of each language) sorting the corpora by language.

    ``en`` when no other language clearly wins. The rules use the shared document-language
    view; this vote only decides which texts each language's generator damages.
    """
    counts = Counter(text[: VOTING_WORDS * 8].lower().split()[:VOTING_WORDS])
    votes = {lang: sum(counts[word] for word in top_words(lang)[:MARKERS]) for lang in LANGUAGES}
    best = max(LANGUAGES, key=lambda lang: (votes[lang], lang == "en"))
    return best if votes[best] > 1.2 * votes["en"] else "en"


@dataclass(frozen=True)
class Damaged:
    """A damaged text and the breaks a perfect repair restores: offset in ``text`` -> (inserted, type)."""

    name: str
    original: str
    text: str
    gold: dict[int, tuple[str, str]]


def _site(key: str) -> str:
    return regex.sub(r"[-_.]?\d+$", "", key)


def half_of(site: str) -> str:
    """``tune`` or ``report``, by a stable hash of the site."""
    digest = hashlib.sha256(site.encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "report"


@cache
def _readability() -> dict[str, dict[str, object]]:
    loaded: dict[str, dict[str, object]] = json.loads(
        gzip.decompress((SCRAPED / "readability-pages.json.gz").read_bytes())
    )
    return loaded


@cache
def _trafilatura() -> dict[str, dict[str, object]]:
    loaded: dict[str, dict[str, object]] = json.loads(
        gzip.decompress((SCRAPED / "trafilatura-pages.json.gz").read_bytes())
    )
    return loaded


def _snippets(page: dict[str, object]) -> str:
    found = page.get("with") or []
    return "\n".join(found) if isinstance(found, list) else str(found)


def corpus(lang: str, half: str) -> list[tuple[str, str]]:
    """(name, text) of real documents in ``lang`` in one half (``tune``, ``report`` or ``all``)."""
    out: list[tuple[str, str]] = []
    if lang == "en":
        for key, page in sorted(_readability().items()):
            if key in DAMAGED_GOLD:
                continue
            text = str(page["gold"])
            if language_of(text) == "en":
                out.append((f"readability/{key}", text))
    for key, page in sorted(_trafilatura().items()):
        host = urlparse(str(page.get("url", ""))).netloc or key
        if lang in ("en", "de"):
            text = _snippets(page)
        else:
            outputs = page.get("outputs") or {}
            text = str(outputs.get("trafilatura", "")) if isinstance(outputs, dict) else ""
        if len(text.split()) >= 20 and language_of(text) == lang:
            out.append((f"trafilatura/{host}/{key}", text))
    if half == "all":
        return out
    return [(name, text) for name, text in out if half_of(_site(name.split("/")[1])) == half]


def boundary_type(left: str, mark: str, right: str) -> str:
    """The type of a boundary (see the module docstring)."""
    if mark:
        return "word+punct+word"
    if right[0].isupper():
        return "word+Capitalised"
    if left[0].isupper():
        return "name+word"
    return "word+word"


def damage(name: str, text: str, rate: float, seed: int) -> Damaged:
    """Fuse each eligible boundary of ``text`` with probability ``rate`` (deterministic per ``seed``)."""
    rng = random.Random(f"{seed}:{name}")
    pieces: list[str] = []
    gold: dict[int, tuple[str, str]] = {}
    position = 0  # in the original
    length = 0  # of the damaged text so far
    for match in _BOUNDARY.finditer(text):
        if rng.random() >= rate:
            continue
        left, mark, right = match.group(1), match.group(2), match.group(3)
        if not left[-1].isalpha() or not any(ch.isalpha() for ch in left):
            continue
        space = match.start()
        kind = boundary_type(left, mark, right)
        cut_start, inserted = space, " "
        if mark == "." and right[0].isupper() and len(left) >= 2 and rng.random() < 0.5:
            kind, cut_start, inserted = "lost-sentence-break", space - 1, ". "
        if cut_start < position:
            continue
        pieces.append(text[position:cut_start])
        length += cut_start - position
        gold[length] = (inserted, kind)
        position = space + 1
    pieces.append(text[position:])
    return Damaged(name, text, "".join(pieces), gold)


def damaged_corpus(lang: str, half: str, rate: float, passes: int) -> Iterator[Damaged]:
    """Every document of a half, damaged ``passes`` times with different seeds."""
    docs = corpus(lang, half)
    for seed in range(passes):
        for name, text in docs:
            yield damage(name, text, rate, seed)
