"""The damage machine translation and mixed sources do to names, injected into real documents.

Three kinds, each at most once per document, each at a different name:

- ``exonym``: one standalone mention of a place the document names at least twice (one of
  its English names in the exonym index) becomes a real alternate of that place in a major
  European language (de, fr, es, it, pt, pl, nl: the index's language tags);
- ``transliteration``: one mention of a person of the names packs that the document names
  at least twice becomes a listed foreign spelling (``Putin`` -> ``Poutine``), or, where no
  such person is named, one mention of a capitalised name (>= 2 mentions, never in lower
  case, mostly mid-sentence) gets a transliteration-style edit (``k/kh``, ``c/k``, ``i/y``,
  ``u/ou``, ``w/v``, ``ch/kh``, a doubled or undoubled consonant, ``-y/-iy``), chosen
  without looking at any rule's key;
- ``accent-only``: one mention of a name with an accent loses it (``Erdoğan`` ->
  ``Erdogan``), or one mention of an ASCII name gains one (``e`` -> ``é``).

Standalone: the mention has no capitalised word right before or after it (``London`` in
``London Stock Exchange`` names the exchange, which a translation keeps).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

import regex

from textfix.core.packs import builtin_rules_dir, load_packs
from textfix.core.registry import KINDS
from textfix.lang.exonyms import exonyms

#: Cities this large or more: the places news names and machine translation has exonyms for
#: (smaller ones make "places" of English words: Time, Norway; Police, Poland).
GENERATOR_POPULATION = 50_000
MAJOR_LANGUAGES = frozenset({"de", "fr", "es", "it", "pt", "pl", "nl"})
_TOKEN = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]+")
_LOWER_WORD = regex.compile(r"\p{Ll}+")
_MID_SENTENCE = regex.compile(r"[\p{Ll},;] $")
_CAPITAL_BEFORE = regex.compile(r"\p{Lu}[\p{L}.]*[ \t]+$")
_CAPITAL_AFTER = regex.compile(r"[ \t]+\p{Lu}")
_WORD_CHAR = regex.compile(r"[\p{L}\p{N}\-_/@.]")


@dataclass
class Injection:
    """One injected mention: where (in the damaged text), what it was, what it became, which kind."""

    start: int
    original: str
    variant: str
    kind: str


@dataclass
class Damaged:
    text: str
    injections: list[Injection] = field(default_factory=list)


@functools.cache
def english_places() -> dict[str, list[str]]:
    """English name -> its places' alternates in a major European language (from the shipped index)."""
    out: dict[str, set[str]] = {}
    for alternate in exonyms().entries():
        if not MAJOR_LANGUAGES.intersection(alternate.languages):
            continue
        for place in alternate.places:
            if place.population >= GENERATOR_POPULATION or place.kind != "city":
                out.setdefault(place.name, set()).add(alternate.spelling)
    return {name: sorted(spellings) for name, spellings in out.items()}


@functools.cache
def person_spellings() -> dict[str, list[str]]:
    """Single-word person names of the shipped names packs -> their listed foreign spellings."""
    out: dict[str, list[str]] = {}
    for rule in load_packs(builtin_rules_dir() / "names", KINDS):
        if "person" not in rule.name:
            continue
        for entry in getattr(rule, "entries", ()):
            if not entry.is_phrase and entry.variants:
                for english in (entry.canonical, *entry.english):
                    out[english] = list(entry.variants)
    return out


def _standalone(text: str, start: int, end: int) -> bool:
    if start and _WORD_CHAR.match(text[start - 1]):
        return False
    if end < len(text) and _WORD_CHAR.match(text[end]) and not (text[end] == "." and text[end + 1 : end + 2] in " \n"):
        return False
    return _CAPITAL_BEFORE.search(text, max(0, start - 30), start) is None and _CAPITAL_AFTER.match(text, end) is None


def _occurrences(text: str, name: str) -> list[int]:
    pattern = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(name)}(?![\p{{L}}\p{{N}}])")
    return [m.start() for m in pattern.finditer(text)]


def _transliterations(name: str) -> list[str]:
    """Transliteration-style spellings of ``name`` (one edit each), independent of any rule."""
    out = set()
    for i in range(1, len(name)):
        before, ch, after = name[:i], name[i], name[i + 1 :]
        prev = name[i - 1]
        if ch == "k" and not after.startswith("h"):
            out.add(f"{before}kh{after}")
        if ch == "c" and (not after or after[0] in "aoulrt"):
            out.add(f"{before}k{after}")
        if ch == "i" and 1 < i < len(name) - 1:
            out.add(f"{before}y{after}")
        if ch == "y" and i < len(name) - 1:
            out.add(f"{before}i{after}")
        if ch == "u" and prev != "o":
            out.add(f"{before}ou{after}")
        if ch == "w":
            out.add(f"{before}v{after}")
        if ch == "v":
            out.add(f"{before}w{after}")
        if ch == "c" and after.startswith("h"):
            out.add(f"{before}k{after}")
        if ch in "bdfglmnprst" and i < len(name) - 1 and prev != ch and not after.startswith(ch):
            out.add(f"{before}{ch}{ch}{after}")
        if after.startswith(ch):
            out.add(before + after)
    if name.endswith("y"):
        out.add(name[:-1] + "iy")
    return sorted(v for v in out if v != name and _TOKEN.fullmatch(v))


def _accent_variant(name: str, rng: random.Random) -> str | None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", name)
    stripped = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    if stripped != name:
        return stripped
    spots = [i for i, c in enumerate(name) if c == "e" and 0 < i < len(name) - 1]
    if not spots:
        return None
    i = rng.choice(spots)
    return f"{name[:i]}é{name[i + 1 :]}"


def _names(text: str) -> dict[str, list[int]]:
    """Capitalised names (>= 5 letters, >= 2 mentions, never lower case, mostly mid-sentence) -> starts."""
    mentions: dict[str, list[int]] = {}
    for match in _TOKEN.finditer(text):
        mentions.setdefault(match.group(), []).append(match.start())
    lowered = set(_LOWER_WORD.findall(text))
    return {
        s: starts
        for s, starts in mentions.items()
        if len(s) >= 5
        and len(starts) >= 2
        and s.lower() not in lowered
        and 2 * sum(1 for i in starts if _MID_SENTENCE.search(text, max(0, i - 3), i)) > len(starts)
    }


def damage(text: str, rng: random.Random) -> Damaged | None:
    """``text`` with at most one injection of each kind (None: nothing could be injected)."""
    plans: list[tuple[int, str, str, str]] = []  # (start, original, variant, kind)
    used_names: set[str] = set()

    places = english_places()
    capitalised = set(_TOKEN.findall(text))
    candidates = [n for n in places if n.split()[0] in capitalised]
    rng.shuffle(candidates)
    for name in sorted(candidates, key=lambda n: rng.random()):
        starts = [s for s in _occurrences(text, name) if _standalone(text, s, s + len(name))]
        if len(_occurrences(text, name)) >= 2 and starts:
            options = [a for a in places[name] if not _occurrences(text, a)]
            if options:
                plans.append((rng.choice(starts), name, rng.choice(options), "exonym"))
                used_names.add(name)
                break

    names = _names(text)
    people = [p for p in person_spellings() if len(_occurrences(text, p)) >= 2 and p not in used_names]
    if people:
        person = rng.choice(sorted(people))
        options = [v for v in person_spellings()[person] if not _occurrences(text, v)]
        if options:
            plans.append((rng.choice(_occurrences(text, person)), person, rng.choice(options), "transliteration"))
            used_names.add(person)
    else:
        pool = sorted(n for n in names if n not in used_names)
        rng.shuffle(pool)
        for name in pool:
            options = [v for v in _transliterations(name) if v not in names and not _occurrences(text, v)]
            if options:
                plans.append((rng.choice(names[name]), name, rng.choice(options), "transliteration"))
                used_names.add(name)
                break

    pool = sorted(n for n in names if n not in used_names)
    accented = [n for n in pool if not n.isascii()]
    for name in sorted(accented, key=lambda n: rng.random()) + sorted(pool, key=lambda n: rng.random()):
        variant = _accent_variant(name, rng)
        if variant and not _occurrences(text, variant):
            plans.append((rng.choice(names[name]), name, variant, "accent-only"))
            break

    plans = _disjoint(plans)
    if not plans:
        return None
    pieces, pos, shift = [], 0, 0
    damaged = Damaged("")
    for start, original, variant, kind in sorted(plans):
        pieces.append(text[pos:start])
        pieces.append(variant)
        damaged.injections.append(Injection(start + shift, original, variant, kind))
        shift += len(variant) - len(original)
        pos = start + len(original)
    pieces.append(text[pos:])
    damaged.text = "".join(pieces)
    return damaged


def _disjoint(plans: list[tuple[int, str, str, str]]) -> list[tuple[int, str, str, str]]:
    kept: list[tuple[int, str, str, str]] = []
    for plan in plans:
        start, original = plan[0], plan[1]
        if all(start + len(original) <= s or s + len(o) <= start for s, o, _, _ in kept):
            kept.append(plan)
    return kept
