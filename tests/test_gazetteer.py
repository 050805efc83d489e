"""The GeoNames gazetteer: pinned answers, and the memory a process spends building it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import textfix
from textfix.gazetteer import Gazetteer, _object_values, gazetteer
from textfix.kinds.names import name_key

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


def test_object_values_parses_across_chunks() -> None:
    text = json.dumps({"1": {"name": "Zürich", "alternatenames": ["Zurigo", "\ud83d\ude00"]}, "2": 25, "3": "x"})
    for chunk_size in (1, 2, 7, 1 << 20):
        assert list(_object_values(io.StringIO(text), chunk_size)) == list(json.loads(text).values())
    with pytest.raises(json.JSONDecodeError):
        list(_object_values(io.StringIO(text[:-1]), 4))


def test_building_the_gazetteer_adds_little_memory() -> None:
    script = (
        "import resource, textfix.gazetteer as g\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "g.gazetteer().is_place_name('Kyiv')\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    source = str(Path(textfix.__file__).resolve().parents[1])  # this checkout's textfix, not an installed one
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    added_mb = int(run.stdout)
    assert added_mb <= 40
