"""The letter classes of the scanner kernel (``_scan.c``), generated from the ``regex`` module.

The families find words with ``regex`` (``[\\p{L}\\p{M}]+``, ``\\p{Lu}``, ``\\p{Ll}``), whose
Unicode data is newer than CPython's ``unicodedata`` (regex 2026.11 knows 26,000 more letters
than Python 3.11). The compiled scanner must classify every code point as ``regex`` does, so
its table is generated from ``regex`` itself and written into ``_scan.c`` between two marker
lines, with the ``regex`` version it was made from. ``textfix.core.scan`` runs the compiled
scanner only when the installed ``regex`` is that version (else the pure path, same results),
and ``tests/test_native_scan.py`` checks the table against the installed ``regex`` on every
code point.

Regenerate after upgrading ``regex``: ``python -m textfix.native.scan_tables``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import regex

#: The class bits, as ``_scan.c`` and :func:`textfix.native.pure.letter_classes` number them.
CLASS_BITS = {"L": 1, "M": 2, "Lu": 4, "Ll": 8}
#: The code points the table covers (all of Unicode, lone surrogates included).
CODE_POINTS = 0x110000

_BEGIN = "/* BEGIN GENERATED TABLE (python -m textfix.native.scan_tables) */"
_END = "/* END GENERATED TABLE */"
SOURCE = Path(__file__).with_name("_scan.c")


def class_ranges() -> list[tuple[int, int, int]]:
    """``(first, last, bits)`` for each maximal run of code points with the same non-zero class bits."""
    every = "".join(map(chr, range(CODE_POINTS)))
    bits = bytearray(CODE_POINTS)
    for name, bit in CLASS_BITS.items():
        for match in regex.finditer(rf"\p{{{name}}}+", every):
            for point in range(match.start(), match.end()):
                bits[point] |= bit
    ranges: list[tuple[int, int, int]] = []
    point = 0
    while point < CODE_POINTS:
        value = bits[point]
        last = point
        while last + 1 < CODE_POINTS and bits[last + 1] == value:
            last += 1
        if value:
            ranges.append((point, last, value))
        point = last + 1
    return ranges


def table_source() -> str:
    """The C text of the generated block."""
    ranges = class_ranges()
    rows = [f"    {{0x{first:X}, 0x{last:X}, {bits}}}," for first, last, bits in ranges]
    return "\n".join(
        [
            _BEGIN,
            f'#define SCAN_REGEX_VERSION "{regex.__version__}"',
            f"#define SCAN_RANGES {len(ranges)}",
            "static const struct class_range class_ranges[SCAN_RANGES] = {",
            *rows,
            "};",
            _END,
        ]
    )


def main() -> int:
    """Rewrite the generated block of ``_scan.c``."""
    source = SOURCE.read_text(encoding="utf-8")
    head, _, rest = source.partition(_BEGIN)
    _, _, tail = rest.partition(_END)
    SOURCE.write_text(head + table_source() + tail, encoding="utf-8")
    print(f"{SOURCE}: regex {regex.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
