"""The letter classes of the scanner kernel (``_scan.c``), generated from the ``regex`` module.

The families find words with ``regex`` (``[\\p{L}\\p{M}]+``, ``\\p{Lu}``, ``\\p{Ll}``), whose
Unicode data is newer than CPython's ``unicodedata`` (regex 2026.11 knows 26,000 more letters
than Python 3.11). The compiled scanner must classify every code point as ``regex`` does, so
its table comes from ``regex`` itself:

* built in: written into ``_scan.c`` between two marker lines, with the ``regex`` version it
  was made from (``python -m textfix.native.scan_tables``);
* under any other installed ``regex`` version, :mod:`textfix.native` builds the table of the
  installed ``regex`` on the scanner's first use (:func:`class_table`, about 0.06 s) and hands
  it to the compiled scanner (``_scan.use_classes``), so the kernels stay compiled and agree
  with the ``regex`` that runs beside them.

``tests/test_native_scan.py`` checks the table in use against the installed ``regex`` on every
code point. Regenerating after an upgrade only saves that first-use cost.
"""

from __future__ import annotations

import re
import sys
from array import array
from pathlib import Path

import regex

from textfix.native import pure

#: The class bits, as ``_scan.c`` and :func:`textfix.native.pure.letter_classes` number them.
CLASS_BITS = {"L": 1, "M": 2, "Lu": 4, "Ll": 8}
#: The code points the table covers (all of Unicode, lone surrogates included).
CODE_POINTS = 0x110000

_BEGIN = "/* BEGIN GENERATED TABLE (python -m textfix.native.scan_tables) */"
_END = "/* END GENERATED TABLE */"
SOURCE = Path(__file__).with_name("_scan.c")
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
_FOUR_BYTES = "I" if array("I").itemsize == 4 else "L"  # the array type code of a 32-bit unsigned int


def every_code_point() -> str:
    """All of Unicode in one string, in order (lone surrogates included)."""
    return array(_FOUR_BYTES, range(CODE_POINTS)).tobytes().decode(_UTF32, "surrogatepass")


def class_table() -> bytes:
    """The class bits of every code point under the installed ``regex`` (:data:`CODE_POINTS` bytes)."""
    return pure.letter_classes(every_code_point())


def class_ranges() -> list[tuple[int, int, int]]:
    """``(first, last, bits)`` for each maximal run of code points with the same non-zero class bits."""
    return [(run.start(), run.end() - 1, run[0][0]) for run in re.finditer(rb"([^\x00])\1*", class_table(), re.DOTALL)]


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
