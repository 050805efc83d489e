"""Types of the compiled word screen (``_names.c``); its semantics are :class:`textfix.native.pure.WordScreen`'s."""

from collections.abc import Iterable

class WordScreen:
    def __init__(self, own: Iterable[str], foreign: Iterable[str]) -> None: ...
    def counts(self, text: str) -> tuple[int, int, int]: ...

# ascii_name_key: the name key of an ASCII spelling (native.pure.ascii_name_key)
def ascii_name_key(spelling: str) -> str | None: ...
