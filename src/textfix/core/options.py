"""A family's options: one frozen dataclass per family, read and validated in one place.

A family declares its options as a frozen dataclass whose fields are the keys of
``[tool.textfix.<family>]`` (``menu_run`` is the key ``menu-run``) and whose types say
what a value may be (``bool``, ``int``, ``float``, ``str``, ``str | None``,
``tuple[str, ...]``, ``frozenset[str]``). :func:`read_options` builds it from a table:
an unknown key or a value of the wrong type is a :class:`~textfix.errors.ConfigError`
that names the file, the table and the key, so a typo never silently turns a rule off.
Range checks live in the dataclass's ``__post_init__`` (raise ``ValueError``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from textfix.errors import ConfigError

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class NoOptions:
    """The options of a family that has none (its table, if given, must be empty)."""


def option_key(field_name: str) -> str:
    """The config key of a dataclass field (``menu_run`` -> ``menu-run``)."""
    return field_name.replace("_", "-")


def _describe(kind: Any) -> str:
    origin = typing.get_origin(kind)
    if kind is bool:
        return "true or false"
    if kind is int:
        return "an integer"
    if kind is float:
        return "a number"
    if kind is str:
        return "a string"
    if origin in (tuple, frozenset):
        return "a list of strings"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(a) for a in typing.get_args(kind) if a is not type(None))
    return str(kind)


def _convert(value: Any, kind: Any) -> tuple[bool, Any]:
    """(ok, converted value) for one option value against its declared type."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(kind):
            if arg is type(None):
                continue
            ok, converted = _convert(value, arg)
            if ok:
                return True, converted
        return False, None
    if kind is bool:
        return isinstance(value, bool), value
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    if kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return ok, float(value) if ok else None
    if kind is str:
        return isinstance(value, str), value
    if origin in (tuple, frozenset):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return ok, origin(value) if ok else None
    msg = f"option type {kind!r} is not supported"
    raise TypeError(msg)


def read_options(cls: type[T], table: Mapping[str, Any], *, family: str, source: str | None = None) -> T:
    """The options dataclass ``cls`` built from ``table``; every error names file, table and key."""
    where = f"{source}: " if source else ""
    hints = typing.get_type_hints(cls)
    known = {option_key(f.name): f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        name = known.get(key)
        if name is None:
            listed = ", ".join(sorted(known)) or "none"
            msg = f"{where}[tool.textfix.{family}]: unknown option {key!r} (known: {listed})"
            raise ConfigError(msg)
        ok, converted = _convert(value, hints[name])
        if not ok:
            msg = f"{where}[tool.textfix.{family}]: {key!r} must be {_describe(hints[name])}, not {value!r}"
            raise ConfigError(msg)
        kwargs[name] = converted
    try:
        return cls(**kwargs)
    except ValueError as exc:
        msg = f"{where}[tool.textfix.{family}]: {exc}"
        raise ConfigError(msg) from None
