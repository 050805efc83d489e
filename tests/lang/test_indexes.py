"""The prebuilt indexes read in place (word tables, exonym index, fused-word bigrams) hold what their builds make.

Each index is memory-mapped as shipped (``textfix.lang.mapped``) and answers what the loader
it replaced computed at load: the exonym screening bitmaps are those of the stored hashes,
every stored exonym is found, every bigram of symspellpy's list has its stored count, and the
word tables answer every stored word (``tests/test_native_lexicon.py``, ``test_lexicon.py``).
"""

from __future__ import annotations

import importlib
import math
import mmap
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from textfix.families.fused_word import ngrams
from textfix.lang import exonyms, lexicon, mapped
from textfix.native import LexiconTable, pure


def test_a_shipped_file_is_mapped_and_an_empty_or_packed_one_is_read() -> None:
    assert isinstance(mapped.mapped(mapped.shipped("textfix.lang", "data", exonyms.FILE_NAME)), mmap.mmap)

    class Packed:  # a resource that is not a file on disk (a zip import)
        def read_bytes(self) -> bytes:
            return b"TFB2"

    assert mapped.mapped(Packed()) == b"TFB2"


def test_a_shipped_file_is_the_file_importlib_resources_names() -> None:
    found = mapped.shipped("textfix.lang", "data", "en", "markers.txt")
    assert isinstance(found, Path)  # a plain directory: the module's own folder, importlib.resources not needed
    assert found.read_bytes() == (resources.files("textfix.lang") / "data" / "en" / "markers.txt").read_bytes()


def test_a_package_imported_from_a_zip_gets_its_data_through_importlib_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("zipped_data_pkg/__init__.py", "")
        bundle.writestr("zipped_data_pkg/data/table.bin", b"TFB2 zipped")
    monkeypatch.syspath_prepend(str(archive))
    importlib.import_module("zipped_data_pkg")
    try:
        found = mapped.shipped("zipped_data_pkg", "data", "table.bin")
        assert not isinstance(found, Path)  # the path under the zip's name does not exist on disk
        assert mapped.mapped(found) == b"TFB2 zipped"
    finally:
        del sys.modules["zipped_data_pkg"]


def test_an_empty_file_is_read_as_empty_bytes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    assert mapped.mapped(empty) == b""


def test_exonym_bitmaps_are_those_of_the_stored_hashes() -> None:
    # What the loader computed at every load (bitmap of the word hashes, of the phrase heads' hashes) is in the file.
    index = exonyms.exonyms()
    assert bytes(index._bitmap) == exonyms.bitmap(index._word_hashes)
    assert bytes(index._head_bitmap) == exonyms.bitmap(index._head_hashes)
    assert len(index._bitmap) == len(index._head_bitmap) == exonyms.BITMAP_BYTES


def test_every_stored_exonym_is_found_by_its_spelling() -> None:
    index = exonyms.exonyms()
    entries = index.entries()
    assert len(entries) == len(index) > 100_000
    sample = entries[::7]
    for alternate in sample:
        assert index.lookup(alternate.spelling) == alternate, alternate.spelling
    words = [a.spelling for a in sample if exonyms.WORD.fullmatch(a.spelling)]
    found, heads = index.screen([*words, *(word + "§" for word in words)])  # no spelling holds a §
    assert {a.spelling for a in found} == set(words)
    assert all(index.may_head(head) for head in heads)
    london = index.lookup("Londres")
    assert london is not None
    assert london.places[0].name == "London"


def test_a_damaged_exonym_index_is_refused() -> None:
    data = bytes(mapped.mapped(resources.files("textfix.lang") / "data" / exonyms.FILE_NAME))
    with pytest.raises(ValueError, match="not an exonym index"):
        exonyms.load(b"TFEXON02" + data[8:])
    with pytest.raises(ValueError, match="size"):
        exonyms.load(data[:-1])


def test_every_bigram_of_the_source_has_its_stored_count() -> None:
    symspellpy = pytest.importorskip("symspellpy")  # the build's source (bench extra)
    source = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    expected: dict[tuple[str, str], float] = {}
    for line in source.read_text(encoding="utf-8").splitlines()[::5]:
        left, right, count = line.split()
        tenths = min(255, round(math.log10(int(count)) * 10))
        key = (left.lower(), right.lower())
        expected[key] = max(expected.get(key, 0.0), tenths / 10)
    got = {pair: ngrams.bigram_log_count(*pair) for pair in expected}
    # A pair that shares a lower-cased form with an unsampled one may hold the larger count of the two.
    assert all(got[pair] >= value for pair, value in expected.items())
    assert sum(got[pair] == value for pair, value in expected.items()) > 0.99 * len(expected)
    assert ngrams.bigram_log_count("spotted", "water") == 0.0


def test_the_bigram_build_gives_the_shipped_bytes(tmp_path: Path) -> None:
    pytest.importorskip("symspellpy")
    from bench.build_fused_bigrams import build, source_path

    built = tmp_path / "bigrams_en.bin"
    assert build(source_path(), built) == 242_342
    assert built.read_bytes() == ngrams.BIGRAM_FILE.read_bytes()


def test_a_damaged_bigram_table_is_refused() -> None:
    data = ngrams.BIGRAM_FILE.read_bytes()
    with pytest.raises(ValueError, match="bigram table"):
        ngrams.read_table(memoryview(data[:-1]))
    with pytest.raises(ValueError, match="bigram table"):
        ngrams.read_table(memoryview(b"TFB1" + data[4:]))


def test_the_mapped_word_table_answers_what_its_bytes_answer() -> None:
    # The table the rules read (mapped, compiled or pure) against the pure reference over a copy of the file's
    # bytes (every language, every word, compiled against pure: tests/test_native_lexicon.py).
    data = lexicon._index_bytes("en")
    assert isinstance(data, mmap.mmap)
    mapped_table = LexiconTable(data)
    reference = pure.LexiconTable(bytes(data))
    assert len(mapped_table) == len(reference)
    words = [word for word, _ in reference.items()]
    sample = words[:: max(1, len(words) // 5000)]
    assert [mapped_table.get(word, -1.0) for word in sample] == [reference.get(word, -1.0) for word in sample]
    assert [mapped_table.zipf(word.title()) for word in sample] == [reference.get(word) for word in sample]
    assert lexicon.zipf_table("en").zipf("Although") == reference.get("although") > 5
