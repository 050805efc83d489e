"""A rule family: one category, one code prefix, its rule classes and its options.

Every built-in family is a package under :mod:`textfix.families` that exports one
:class:`Family` as ``FAMILY``; :mod:`textfix.core.registry` lists them explicitly. The
family's name is its category's value and names everything else too: the package
(``fused-word`` -> ``families/fused_word``), the config table
(``[tool.textfix.fused-word]``), the docs page (``docs/fused-word.md``), the fixtures
folder (``fixtures/fused-word/``) and the test module (``tests/families/test_fused_word.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textfix.core.options import NoOptions, read_options
from textfix.model import Category

if TYPE_CHECKING:
    from textfix.core.packs import KindFactory
    from textfix.core.rule import Rule


@dataclass(frozen=True)
class Family:
    """One family of built-in rules.

    Attributes:
        category: the artifact category; its value is the family's name.
        prefix: the code prefix every rule of the family starts with (``BP``).
        rules: the rule classes, in the order they run and are listed.
        options: the frozen dataclass of ``[tool.textfix.<name>]``.
        kinds: pack kinds the family adds (``kind: names`` packs), if any.
        aliases: older names of the config table, still read.
    """

    category: Category
    prefix: str
    rules: tuple[type[Rule], ...]
    options: type[Any] = NoOptions
    kinds: Mapping[str, KindFactory] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The family's one name: its category's value (``fused-word``)."""
        return self.category.value

    @property
    def package(self) -> str:
        """The Python package name (``fused_word``)."""
        return self.name.replace("-", "_")

    def read_options(self, table: Mapping[str, Any], source: str | None = None) -> Any:
        """The family's options from its config table (errors name the file and the key)."""
        reader = getattr(self.options, "from_table", None)
        if reader is not None:
            return reader(table, source)
        return read_options(self.options, table, family=self.name, source=source)
