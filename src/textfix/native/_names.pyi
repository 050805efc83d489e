"""Types of the compiled word screen (``_names.c``); its semantics are :class:`textfix.native.pure.WordScreen`'s."""

from collections.abc import Iterable

class WordScreen:
    def __init__(self, own: Iterable[str], foreign: Iterable[str]) -> None: ...
    def counts(self, text: str) -> tuple[int, int, int]: ...
