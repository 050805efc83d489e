"""The top-level members of a JSON object as they are written, for byte-exact record rewriting.

``json.loads`` then ``json.dumps`` changes what it does not understand the way the
writer meant it: ``3.141592653589793238`` loses digits, ``1e400`` becomes ``Infinity``
(not JSON), a duplicate key collapses, escapes change. Records keep every byte but the
cleaned field's value, so this module finds where each top-level member's value lies in
the line (the standard library's own scanner reads each token: nothing is re-implemented
but the walk over the object's members) and writes a new value in the style of the old.
"""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec

_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile("[\ud800-\udfff]")


class Member(msgspec.Struct, frozen=True):
    """One ``"key": value`` of the object: the decoded key and value, and where the value is written."""

    key: str
    value: Any
    start: int
    end: int


class Members(msgspec.Struct, frozen=True):
    """The members of one JSON object line, in order (duplicate keys included)."""

    items: tuple[Member, ...]
    #: What separates a key from its value (``": "``) and one member from the next (``", "``).
    colon: str
    comma: str

    def last(self, key: str) -> Member | None:
        """The member ``key`` as a JSON reader sees it: the last one of that name."""
        for member in reversed(self.items):
            if member.key == key:
                return member
        return None

    def append(self, body: str, key: str, value: Any) -> str:
        """``body`` (the line these members were read from) with ``"key": value`` added after the last member."""
        written = json.dumps(key, ensure_ascii=False) + self.colon + json.dumps(value, ensure_ascii=False)
        if not self.items:
            close = body.rindex("}")
            return body[:close] + written + body[close:]
        at = self.items[-1].end
        return body[:at] + self.comma + written + body[at:]


def members(body: str) -> Members | None:
    """The top-level members of the JSON object ``body``; ``None`` when ``body`` is JSON but no object.

    Raises :class:`ValueError` (with the JSON decoder's message) when ``body`` is not JSON.
    """
    pos = _skip(body, 0)
    if body[pos : pos + 1] != "{":
        _validate(body)
        return None
    try:
        return _walk(body, pos + 1)
    except (IndexError, ValueError):
        _validate(body)  # the standard library's message for what is wrong
        raise ValueError("unexpected structure") from None  # pragma: no cover - _validate raised


def _validate(body: str) -> None:
    """Raise :class:`ValueError` with the decoder's message (``Expecting value``) if ``body`` is not JSON."""
    try:
        json.loads(body)
    except json.JSONDecodeError as exc:
        raise ValueError(exc.msg) from None


def _skip(body: str, pos: int) -> int:
    return _WHITESPACE.match(body, pos).end()  # type: ignore[union-attr]


def _walk(body: str, pos: int) -> Members:
    items: list[Member] = []
    colon, comma = ": ", ", "
    pos = _skip(body, pos)
    if body[pos] == "}":
        _expect_end(body, pos + 1)
        return Members((), colon, comma)
    while True:
        if body[pos] != '"':
            raise ValueError("expected a key")
        key, pos = json.decoder.scanstring(body, pos + 1)  # type: ignore[attr-defined]
        after_key = pos
        pos = _skip(body, pos)
        if body[pos] != ":":
            raise ValueError("expected ':'")
        pos = _skip(body, pos + 1)
        if not items:
            colon = body[after_key:pos]
        value, end = _DECODER.raw_decode(body, pos)
        items.append(Member(key, value, pos, end))
        pos = _skip(body, end)
        if body[pos] == "}":
            _expect_end(body, pos + 1)
            return Members(tuple(items), colon, comma)
        if body[pos] != ",":
            raise ValueError("expected ',' or '}'")
        next_key = _skip(body, pos + 1)
        if len(items) == 1:
            comma = body[end:next_key]
        pos = next_key


def _expect_end(body: str, pos: int) -> None:
    if _skip(body, pos) != len(body):
        raise ValueError("extra data")


def encode_like(text: str, old: str) -> str:
    """``text`` as a JSON string written like ``old`` (the value it replaces, as written).

    ASCII-only with ``\\uXXXX`` escapes when ``old`` was written so, characters as they
    are otherwise; a lone surrogate (from a ``"\\ud800"`` escape) is always escaped, so
    the line stays valid UTF-8.
    """
    if old.isascii() and "\\u" in old:
        return json.dumps(text, ensure_ascii=True)
    encoded = json.dumps(text, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
