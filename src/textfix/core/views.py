"""Per-document views: a computation that several rules share, declared once, run once.

A family declares each shared scan as one module-level :class:`View` (typed by what it
returns) and every rule calls it on the document::

    EDGE_ZONES: View[tuple[Zone, ...]] = View("boilerplate.edge-zones", find_edge_zones)

    def check(self, doc):
        for zone in EDGE_ZONES(doc):
            ...

The first call computes the value and keeps it on the document; later calls (from any
rule, in any order) return the same object. A view whose result depends on options is
built once per set of options (one :class:`View` instance each), so two configurations
never share a cached value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from textfix.core.document import Document

T = TypeVar("T")


class View(Generic[T]):
    """A named, typed per-document computation, cached on the document."""

    __slots__ = ("compute", "name")

    def __init__(self, name: str, compute: Callable[[Document], T]) -> None:
        self.name = name
        self.compute = compute

    def __call__(self, doc: Document) -> T:
        """The view of ``doc``: computed on first use, then shared."""
        return doc.memo(self, lambda: self.compute(doc))

    def __repr__(self) -> str:
        return f"<View {self.name}>"
