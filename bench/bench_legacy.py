"""Legacy decoding: real Western text saved as Latin-1 is read back; damaged UTF-8 is still refused.

Positives: every snippet of the 990 trafilatura pages (real page text, half German, some
French, Spanish, ...) that Latin-1 encodes and that holds a non-ASCII letter, as a line
on its own and as a whole page, saved in Latin-1. A case counts as right when the bytes
decode to the very same text. Negatives: the same pages in UTF-8 with one byte damaged at
a random non-ASCII position (a dropped continuation byte, as a cut download leaves) must
not be read as a legacy code page (that reading is mojibake); and three non-Western
sentences (Russian cp1251, Greek cp1253, Czech cp1250) must be read right or refused.

``python -m bench legacy`` (``--quick``: a fifth of the pages). "before" is
charset-normalizer alone (with the cp1252 preference and today's word check), "after" is
:func:`textfix.io.source.decode` (the damaged-UTF-8 guard, then the Western reading,
:func:`textfix.io.source.western_text`, where charset-normalizer proposes nothing or an
East Asian code page).
"""

from __future__ import annotations

import json
import random

from bench.common import DATA, Row
from textfix.errors import DecodeError
from textfix.io import source

PAGES = DATA / "boilerplate" / "trafilatura-evaldata.json"
#: Real non-Western sentences (public-domain UDHR article 1), encoded in their code pages.
OTHER_SCRIPTS = {
    "cp1251": "Все люди рождаются свободными и равными в своем достоинстве и правах.",
    "cp1253": "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα.",
    "cp1250": "Všichni lidé rodí se svobodní a sobě rovní co do důstojnosti a práv.",
}


def _snippets(quick: bool) -> list[list[str]]:
    pages = json.loads(PAGES.read_text(encoding="utf-8"))
    items = list(pages.values()) if isinstance(pages, dict) else list(pages)
    if quick:
        items = items[::5]
    out = []
    for page in items:
        texts = [t for t in (page.get("with") or []) + (page.get("without") or []) if isinstance(t, str)]
        out.append(texts)
    return out


def _latin1(text: str) -> bytes | None:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return None


def _before(data: bytes) -> source.SourceText | None:
    return source._detect(data)  # charset-normalizer alone, for the comparison


def _after(data: bytes) -> source.SourceText | None:
    try:
        return source.decode(data)
    except DecodeError:
        return None


def run(quick: bool) -> list[Row]:
    rows: list[Row] = []
    pages = _snippets(quick)
    lines: list[str] = []
    whole: list[str] = []
    for texts in pages:
        accented = [t for t in texts if not t.isascii() and _latin1(t) is not None and "\x00" not in t]
        lines.extend(accented)
        page = "\n".join(t for t in texts if _latin1(t) is not None)
        if not page.isascii():
            whole.append(page)
    for name, cases in (("line", lines), ("page", whole)):
        right_before = right_after = 0
        for text in cases:
            data = _latin1(text)
            assert data is not None
            before, after = _before(data), _after(data)
            right_before += before is not None and before.text == text
            right_after += after is not None and after.text == text
        rows.append(
            Row("legacy", f"latin-1 {name}s read right, before", right_before / len(cases), note=f"{len(cases)}")
        )
        rows.append(
            Row("legacy", f"latin-1 {name}s read right, after", right_after / len(cases), ">= 0.95", f"{len(cases)}")
        )
    rng = random.Random(16)
    damaged = mojibake = mojibake_before = 0
    for page in whole:
        data = bytearray(page.encode("utf-8"))
        starts = [i for i, byte in enumerate(data) if byte >= 0xC2 and i + 1 < len(data) and 0x80 <= data[i + 1] < 0xC0]
        if not starts:
            continue
        at = rng.choice(starts)
        del data[at + 1]  # a lead byte without its continuation: not UTF-8 any more
        damaged += 1
        mojibake += _after(bytes(data)) is not None
        mojibake_before += _before(bytes(data)) is not None
    note = f"of {damaged} pages"
    rows.append(Row("legacy", "damaged UTF-8 read as a legacy code page, before", mojibake_before, note=note))
    rows.append(Row("legacy", "damaged UTF-8 read as a legacy code page, after", mojibake, "<= 0", note))
    for label, decode in (("before", _before), ("after", _after)):
        wrong = [
            encoding
            for encoding, text in OTHER_SCRIPTS.items()
            if (decoded := decode(text.encode(encoding))) is not None and decoded.text != text
        ]
        metric = f"non-Western code pages misread, {label}"
        rows.append(Row("legacy", metric, len(wrong), "<= 0", f"of {len(OTHER_SCRIPTS)}: {', '.join(wrong)}"))
    return rows
