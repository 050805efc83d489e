"""Types of the fused-word run screen (``_fused.c``); its semantics are :func:`textfix.native.pure.fused_screen`'s."""

from collections.abc import Set as AbstractSet

def fused_screen(
    text: str, classes: bytes, known: AbstractSet[str], old: AbstractSet[str], /
) -> tuple[list[str], list[str], bool]: ...
def unseen_chunks(text: str, known: AbstractSet[str], old: AbstractSet[str], /) -> tuple[list[str], list[str]]: ...
