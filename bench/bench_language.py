"""Untranslated leftovers (LG): real foreign text spliced into real articles, clean prose, speed.

* **spliced**: the gold texts of the Readability pages that are English articles get real
  paragraphs, sentences and captions of other languages inserted as paragraphs of their own
  at random places: German from the trafilatura pages (``lang="de"``: a paragraph is the
  line of trafilatura's output that holds a ``with`` snippet, i.e. main content by the
  evaldata's gold; sentences and captions are the ``with`` snippets themselves), Spanish,
  French, Polish, Portuguese and Italian the same way from the pages of those languages,
  and Czech, Spanish, French, Portuguese and German lines of the non-English Readability
  pages. Buckets by length: paragraph (60+ characters), sentence (30-59), caption (15-29).
  A finding overlapping an inserted span is right (and names the right language or not);
  any other finding is a false positive. Thresholds are tuned on half A (articles and
  foreign sources split by site) and reported on half B.
* **reverse**: German articles (trafilatura's output of German pages) with English
  paragraphs, sentences and captions (Readability gold lines, English ``with`` snippets).
* **script**: real Chinese, Japanese, Greek, Arabic and Cyrillic lines spliced into the
  English articles (LG102).
* **clean**: findings per MB on the State of the Union addresses and on the untouched
  articles (English Readability gold texts, German trafilatura outputs), every one listed.
* **speed**: the family alone on clean prose (MB/s), model load time, memory.

    python -m bench language
"""

from __future__ import annotations

import gzip
import json
import random
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pycld2
import regex

from bench.common import DATA, Row, clean_prose_texts, megabytes, peak_rss_mb, throughput
from textfix import Config, Engine
from textfix.core.confidence import SAFE_PRECISION, UNSAFE_PRECISION, choose_tier
from textfix.model import Finding

READABILITY = DATA / "scraped" / "readability-pages.json.gz"
TRAFILATURA = DATA / "scraped" / "trafilatura-pages.json.gz"
TRAFILATURA_HTML = DATA / "pages-trafilatura"
READABILITY_HTML = DATA / "pages"

#: Non-English Readability pages (language read from the page, checked by hand).
READABILITY_FOREIGN = {
    "aktualne": "cs", "cnet-svg-classes": "es", "folha": "pt", "heise": "de", "la-nacion": "es",
    "lemonde-1": "fr", "liberation-1": "fr", "nytimes-5": "es", "videos-2": "fr",
}  # fmt: skip
#: Readability pages in another script, for LG102.
READABILITY_SCRIPT = {"gmw": "zh", "pixnet": "zh", "qq": "zh", "youth": "zh", "hukumusume": "ja", "yahoo-4": "ja"}
#: Readability pages that are not English articles although their text is (test pages of lorem ipsum, tiny stubs).
_LANG_ATTR = regex.compile(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})", regex.IGNORECASE)
_LOREM = regex.compile(r"\blorem ipsum\b", regex.IGNORECASE)

BUCKETS = ("paragraph", "sentence", "caption")
TARGETS = {"paragraph": (0.98, 0.95), "sentence": (0.95, 0.80)}
#: Captions have no target; their threshold is tuned for this precision (or they are never reported).
CAPTION_PRECISION = 0.95
#: No threshold below this: the identifier must give the foreign language the majority of its probability.
MIN_THRESHOLD = 0.5
#: Inserted text stays under this share of the article (more would change the document's language).
MAX_INSERTED_SHARE = 0.25
ROUNDS = 6
PER_ARTICLE = 4


def bucket_of(size: int) -> str | None:
    if size >= 60:
        return "paragraph"
    if size >= 30:
        return "sentence"
    if size >= 15:
        return "caption"
    return None


def half(site: str) -> str:
    return "A" if zlib.crc32(site.encode()) % 2 == 0 else "B"


@dataclass
class Pools:
    """Real text by half, bucket and language: (site, text)."""

    english_articles: list[tuple[str, str]] = field(default_factory=list)
    german_articles: list[tuple[str, str]] = field(default_factory=list)
    foreign: dict[tuple[str, str], dict[str, list[tuple[str, str]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    english_units: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    script_units: list[tuple[str, str, str]] = field(default_factory=list)


def _clean_unit(text: str) -> str | None:
    text = " ".join(text.split())
    if "http" in text or "@" in text or "www." in text:
        return None
    letters = sum(c.isalpha() for c in text)
    if letters < 0.6 * max(1, len(text)):
        return None
    return text


def _agrees(unit: str, language: str) -> bool:
    """Whether an independent identifier (CLD2) does not contradict the page's language for this unit.

    Pages hold lines in other languages than their ``lang`` attribute (an English quote on a
    German page); the gold label of a unit is its page's language only where CLD2 does not
    reliably say otherwise.
    """
    reliable, _, details = pycld2.detect(unit)
    found = details[0][1]
    return not reliable or found in (language, "un") or (language == "no" and found == "nb")


def cld2_says(text: str, language: str) -> bool:
    """Whether CLD2 reliably puts ``text`` in ``language`` (the adjudicator of findings nobody inserted)."""
    reliable, _, details = pycld2.detect(text)
    found = details[0][1]
    return bool(reliable) and (found == language or (language == "no" and found == "nb"))


def _html_lang(path: Path) -> str | None:
    with gzip.open(path) as stream:
        head = stream.read(20000).decode("utf-8", "replace")
    match = _LANG_ATTR.search(head)
    return match.group(1).lower() if match else None


def load_pools() -> Pools:
    pools = Pools()
    with gzip.open(READABILITY) as stream:
        readability = json.load(stream)
    for page, record in sorted(readability.items()):
        gold = record["gold"]
        if page in READABILITY_FOREIGN:
            language = READABILITY_FOREIGN[page]
            for line in gold.split("\n"):
                unit = _clean_unit(line)
                if unit and bucket_of(len(unit)) == "paragraph" and _agrees(unit, language):
                    pools.foreign[(half(page), "paragraph")][language].append((page, unit[:1500]))
            continue
        if page in READABILITY_SCRIPT:
            for line in gold.split("\n"):
                unit = " ".join(line.split())
                if len(unit) >= 10:
                    pools.script_units.append((page, READABILITY_SCRIPT[page], unit[:400]))
            continue
        attribute = _html_lang(READABILITY_HTML / page / "source.html.gz")
        if attribute not in (None, "en") or len(gold) < 1000 or _LOREM.search(gold):
            continue
        pools.english_articles.append((page, gold))
        for line in gold.split("\n"):
            unit = _clean_unit(line)
            if unit and bucket_of(len(unit)) == "paragraph" and _agrees(unit, "en"):
                pools.english_units[(half(page), "paragraph")].append((page, unit[:1500]))
    with gzip.open(TRAFILATURA) as stream:
        trafilatura = json.load(stream)
    for name, record in sorted(trafilatura.items()):
        language = _html_lang(TRAFILATURA_HTML / f"{name}.gz")
        if language is None or language not in {"de", "en", "es", "fr", "pl", "pt", "it"}:
            continue
        site = record["url"].split("/")[2] if "//" in record["url"] else name
        output = record["outputs"].get("trafilatura") or ""
        lines = [" ".join(line.split()) for line in output.split("\n")]
        seen: set[str] = set()
        for raw in record["with"]:
            snippet = " ".join(raw.split())
            if len(snippet) < 15:
                continue
            units = [snippet] if len(snippet) < 60 else []
            units += [line for line in lines if snippet in line and len(line) >= 60]
            for unit in units:
                cleaned = _clean_unit(unit)
                if cleaned is None or cleaned in seen or not _agrees(cleaned, language):
                    continue
                seen.add(cleaned)
                bucket = bucket_of(len(cleaned))
                if bucket is None:
                    continue
                if language == "en":
                    pools.english_units[(half(site), bucket)].append((site, cleaned[:1500]))
                else:
                    pools.foreign[(half(site), bucket)][language].append((site, cleaned[:1500]))
        if language == "de" and len(output) >= 1500 and not output.isascii():
            pools.german_articles.append((site, output))
    for index, (line_site, text) in enumerate(_script_lines(trafilatura)):
        pools.script_units.append((line_site, text[1], text[0]))
        del index
    return pools


def _script_lines(trafilatura: dict[str, dict[str, object]]) -> Iterator[tuple[str, tuple[str, str]]]:
    """Real Greek, Arabic and Cyrillic lines of the trafilatura pages' outputs."""
    scripts = {"el": r"\p{Greek}", "ar": r"\p{Arabic}", "ru": r"\p{Cyrillic}"}
    for name, record in sorted(trafilatura.items()):
        outputs = record["outputs"]
        assert isinstance(outputs, dict)
        text = outputs.get("trafilatura") or ""
        for language, pattern in scripts.items():
            if len(regex.findall(pattern, text)) < 200:
                continue
            for line in text.split("\n"):
                letters = len(regex.findall(pattern, line))
                if letters >= 20 and letters >= 0.6 * sum(c.isalpha() for c in line):
                    yield name, (" ".join(line.split())[:400], language)


# --------------------------------------------------------------------------- splicing


@dataclass(frozen=True)
class Inserted:
    start: int
    end: int
    language: str
    bucket: str


def splice(text: str, units: list[tuple[str, str, str]], rng: random.Random) -> tuple[str, list[Inserted]]:
    """``text`` with each ``(text, language, bucket)`` unit inserted as a paragraph of its own."""
    blocks = [b for b in regex.split(r"\n\s*\n", text.strip()) if b.strip()]
    positions = sorted(rng.randrange(1, len(blocks) + 1) if len(blocks) > 1 else 1 for _ in units)
    out: list[str] = []
    inserted: list[Inserted] = []
    pending = list(zip(positions, units, strict=True))
    pos = 0
    for index in range(len(blocks) + 1):
        while pending and pending[0][0] == index:
            _, (unit, language, bucket) = pending.pop(0)
            if out:
                pos += 2
            inserted.append(Inserted(pos, pos + len(unit), language, bucket))
            out.append(unit)
            pos += len(unit)
        if index < len(blocks):
            if out:
                pos += 2
            out.append(blocks[index])
            pos += len(blocks[index])
    return "\n\n".join(out), inserted


@dataclass
class Tally:
    """Per bucket: inserted, found, right language; findings right and wrong with their confidence."""

    inserted: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    #: (bucket, language) -> inserted and found, for recall by language.
    inserted_by_language: Counter[tuple[str, str]] = field(default_factory=Counter)
    found_by_language: Counter[tuple[str, str]] = field(default_factory=Counter)
    named: Counter[str] = field(default_factory=Counter)
    cases: dict[str, list[tuple[float, bool]]] = field(default_factory=lambda: defaultdict(list))
    false_positives: list[tuple[str, str, float]] = field(default_factory=list)
    #: Findings nobody inserted that CLD2 reliably puts in the language the finding names
    #: (foreign text the real article already held: an English quote on a German page).
    pre_existing: Counter[str] = field(default_factory=Counter)

    def add(
        self, name: str, text: str, inserted: list[Inserted], findings: list[Finding], at: dict[str, float]
    ) -> None:
        for unit in inserted:
            self.inserted[unit.bucket] += 1
            self.inserted_by_language[(unit.bucket, unit.language)] += 1
        hit: set[int] = set()
        for finding in findings:
            confidence = finding.confidence or 0.0
            overlapping = [i for i, u in enumerate(inserted) if finding.start < u.end and u.start < finding.end]
            if overlapping:
                unit = inserted[overlapping[0]]
                if confidence < at.get(unit.bucket, 0.0):
                    continue
                self.cases[unit.bucket].append((confidence, True))
                for i in overlapping:
                    if i not in hit:
                        hit.add(i)
                        self.found[inserted[i].bucket] += 1
                        self.found_by_language[(inserted[i].bucket, inserted[i].language)] += 1
                        language = dict(finding.properties).get("language")
                        self.named[inserted[i].bucket] += language == inserted[i].language
            else:
                bucket = bucket_of(finding.end - finding.start) or "caption"
                if confidence < at.get(bucket, 0.0):
                    continue
                self.cases[bucket].append((confidence, False))
                piece = text[finding.start : finding.end]
                if cld2_says(piece, dict(finding.properties).get("language", "")):
                    self.pre_existing[bucket] += 1
                self.false_positives.append((name, piece[:100], confidence))

    def precision(self, bucket: str) -> float:
        cases = self.cases[bucket]
        return sum(ok for _, ok in cases) / len(cases) if cases else 1.0

    def adjudicated_precision(self, bucket: str) -> float:
        """Precision when findings of foreign text the article already held (CLD2 agrees) count as right."""
        cases = self.cases[bucket]
        right = sum(ok for _, ok in cases) + self.pre_existing[bucket]
        return right / len(cases) if cases else 1.0

    def recall(self, bucket: str) -> float:
        return self.found[bucket] / self.inserted[bucket] if self.inserted[bucket] else 0.0


def _pick(pool: dict[str, list[tuple[str, str]]], rng: random.Random) -> tuple[str, str] | None:
    languages = sorted(language for language, units in pool.items() if units)
    if not languages:
        return None
    # German half the time (the main case), the other languages share the rest.
    language = "de" if "de" in languages and rng.random() < 0.5 else rng.choice(languages)
    return rng.choice(pool[language])[1], language


def spliced_documents(pools: Pools, part: str, quick: bool) -> Iterator[tuple[str, str, list[Inserted]]]:
    """English articles of half ``part`` with foreign units of the same half spliced in."""
    rng = random.Random(f"language-{part}")
    articles = [a for a in pools.english_articles if half(a[0]) == part]
    for round_ in range(2 if quick else ROUNDS):
        for name, text in articles:
            units = []
            budget = MAX_INSERTED_SHARE * len(text)
            for _ in range(PER_ARTICLE):
                bucket = rng.choice(BUCKETS)
                picked = _pick(pools.foreign[(part, bucket)], rng)
                if picked is not None and len(picked[0]) <= budget:
                    budget -= len(picked[0])
                    units.append((picked[0], picked[1], bucket))
            spliced, inserted = splice(text, units, rng)
            yield f"{name}#{round_}", spliced, inserted


def reverse_documents(pools: Pools, part: str, quick: bool) -> Iterator[tuple[str, str, list[Inserted]]]:
    """German articles of half ``part`` with English units spliced in."""
    rng = random.Random(f"language-reverse-{part}")
    articles = [a for a in pools.german_articles if half(a[0]) == part][: 40 if quick else 150]
    for name, text in articles:
        units = []
        budget = MAX_INSERTED_SHARE * len(text)
        for _ in range(PER_ARTICLE):
            bucket = rng.choice(BUCKETS)
            candidates = (
                pools.english_units[(part, bucket)] or pools.english_units[("A" if part == "B" else "B", bucket)]
            )
            unit = rng.choice(candidates)[1]
            if len(unit) <= budget:
                budget -= len(unit)
                units.append((unit, "en", bucket))
        spliced, inserted = splice(text, units, rng)
        yield name, spliced, inserted


def script_documents(pools: Pools, quick: bool) -> Iterator[tuple[str, str, list[Inserted]]]:
    rng = random.Random("language-script")
    for round_ in range(1 if quick else 3):
        for name, text in pools.english_articles:
            units = [rng.choice(pools.script_units) for _ in range(2)]
            spliced, inserted = splice(text, [(u[2], u[1], "script") for u in units], rng)
            yield f"{name}#{round_}", spliced, inserted


def evaluate(
    engine: Engine, documents: Iterator[tuple[str, str, list[Inserted]]], codes: tuple[str, ...], at: dict[str, float]
) -> Tally:
    tally = Tally()
    for name, text, inserted in documents:
        findings = [f for f in engine.check(text) if f.code in codes]
        tally.add(name, text, inserted, findings, at)
    return tally


def engine_for(**options: object) -> Engine:
    # The boilerplate packs run too: the lines they remove are theirs, not leftovers.
    table = {key.replace("_", "-"): value for key, value in options.items()}
    return Engine(Config(select=("language", "boilerplate"), options={"language": table}))


# --------------------------------------------------------------------------- run


def _rows_for(label: str, tally: Tally, buckets: tuple[str, ...], targets: bool) -> list[Row]:
    rows = []
    for bucket in buckets:
        p_target, r_target = TARGETS.get(bucket, (None, None)) if targets else (None, None)
        note = f"{tally.found[bucket]}/{tally.inserted[bucket]} found, {len(tally.cases[bucket])} findings"
        rows.append(
            Row("language", f"{label} {bucket} precision", round(tally.precision(bucket), 4),
                f">= {p_target}" if p_target else "", note)
        )  # fmt: skip
        if tally.pre_existing[bucket]:
            rows.append(Row("language", f"{label} {bucket} precision, pre-existing foreign text right",
                            round(tally.adjudicated_precision(bucket), 4), "",
                            f"{tally.pre_existing[bucket]} findings nobody inserted that CLD2 reliably puts in "
                            "the language named"))  # fmt: skip
        rows.append(Row("language", f"{label} {bucket} recall", round(tally.recall(bucket), 4),
                        f">= {r_target}" if r_target else ""))  # fmt: skip
        by_language = sorted(
            (language, tally.found_by_language[(b, language)], n)
            for (b, language), n in tally.inserted_by_language.items()
            if b == bucket
        )
        if len(by_language) > 1:
            rows.append(Row("language", f"{label} {bucket} recall by language",
                            ", ".join(f"{language} {found}/{n}" for language, found, n in by_language)))  # fmt: skip
        if tally.found[bucket]:
            rows.append(Row("language", f"{label} {bucket} language named right",
                            round(tally.named[bucket] / tally.found[bucket], 4)))  # fmt: skip
    return rows


def tune(pools: Pools, quick: bool) -> dict[str, float]:
    """Thresholds per bucket from half A: the lowest confidence at which the target precision holds."""
    permissive = engine_for(paragraph_at=0.0, sentence_at=0.0, caption_at=0.0)
    tally = evaluate(permissive, spliced_documents(pools, "A", quick), ("LG101",), {})
    chosen = {}
    targets = {**{bucket: target for bucket, (target, _) in TARGETS.items()}, "caption": CAPTION_PRECISION}
    for bucket, target in targets.items():
        # A margin over the target: the threshold must hold on the other half too.
        cases = tally.cases[bucket]
        tier = choose_tier(cases, min(0.995, target + 0.01), 20)
        if tier is None:
            chosen[bucket] = 1.0
            continue
        # Halfway down to the next lower confidence seen (the widest margin the cases allow).
        below = max((c for c, _ in cases if c < tier.threshold), default=tier.threshold)
        chosen[bucket] = max(MIN_THRESHOLD, round((tier.threshold + below) / 2, 4))
    return chosen


def clean_findings(engine: Engine, texts: list[tuple[str, str]]) -> tuple[float, float, list[str]]:
    """Findings per MB, and per MB once findings that CLD2 reliably agrees with are set apart, and the list."""
    listed = []
    pre_existing = 0
    for name, text in texts:
        for finding in engine.check(text):
            if not finding.code.startswith("LG"):
                continue
            piece = text[finding.start : finding.end]
            language = dict(finding.properties).get("language", "")
            agrees = cld2_says(piece, language)
            pre_existing += agrees
            listed.append(f"{name} {finding.code} {language}{' (CLD2 agrees)' if agrees else ''} {piece[:90]!r}")
    size = megabytes([t for _, t in texts])
    if not size:
        return 0.0, 0.0, listed
    return len(listed) / size, (len(listed) - pre_existing) / size, listed


def run(quick: bool) -> list[Row]:
    started = time.perf_counter()
    from textfix.lang.identify import identifier

    memory_before = peak_rss_mb()
    load = identifier().load_seconds
    memory_model = peak_rss_mb() - memory_before
    pools = load_pools()
    rows: list[Row] = [
        Row("language", "model load time (s)", round(load, 3), "", "fastText lid.176.ftz via fasttext-predict"),
        Row("language", "model memory (MB, peak RSS growth)", round(memory_model, 1)),
        Row("language", "English articles / German articles",
            f"{len(pools.english_articles)} / {len(pools.german_articles)}"),
    ]  # fmt: skip
    at = tune(pools, quick)
    rows.append(Row("language", "tuned thresholds (half A)", json.dumps(at)))
    tuned = engine_for(paragraph_at=at["paragraph"], sentence_at=at["sentence"], caption_at=at["caption"])
    spliced = evaluate(tuned, spliced_documents(pools, "B", quick), ("LG101",), {})
    rows += _rows_for("en+foreign (B)", spliced, BUCKETS, targets=True)
    reverse = evaluate(tuned, reverse_documents(pools, "B", quick), ("LG101",), {})
    rows += _rows_for("de+en (B)", reverse, BUCKETS, targets=True)
    script = evaluate(tuned, script_documents(pools, quick), ("LG102",), {})
    rows += _rows_for("en+script", script, ("script",), targets=False)
    for cases, label in ((spliced.cases, "LG101"), (script.cases, "LG102")):
        pairs = [c for bucket_cases in cases.values() for c in bucket_cases]
        for target, tier_name in ((SAFE_PRECISION, "0.99"), (UNSAFE_PRECISION, "0.95")):
            tier = choose_tier(pairs, target, 50)
            value = f"{tier.threshold:.3f} ({tier.precision:.4f} on {tier.cases})" if tier else "none"
            rows.append(Row("language", f"{label} tier {tier_name}: threshold (precision on cases)", value))
    false_positives = spliced.false_positives + reverse.false_positives
    rows.append(Row("language", "spliced: false positives listed", len(false_positives), "",
                    "; ".join(f"{n}: {t!r} {c:.2f}" for n, t, c in false_positives[:40])))  # fmt: skip

    prose = list(clean_prose_texts())
    sotu = [(path.name, text) for path, text in (prose[:40] if quick else prose)]
    per_mb, _, listed = clean_findings(tuned, sotu)
    rows.append(Row("language", "clean prose (SOTU) findings per MB", round(per_mb, 3), "<= 0.5",
                    "; ".join(listed[:30])))  # fmt: skip
    for label, articles in (
        ("untouched English articles", pools.english_articles),
        ("untouched German articles", pools.german_articles[: 60 if quick else 400]),
    ):
        per_mb, unexplained, listed = clean_findings(tuned, articles)
        rows.append(Row("language", f"{label}: findings per MB", round(per_mb, 3), "<= 0.5", "; ".join(listed[:80])))
        rows.append(Row("language", f"{label}: findings per MB CLD2 does not confirm", round(unexplained, 3), "<= 0.5",
                        f"{len(listed)} findings in {megabytes([t for _, t in articles]):.2f} MB"))  # fmt: skip

    only = Engine(Config(select=("language",)))
    texts = [text for _, text in sotu]
    rows.append(Row("language", "speed on clean prose (MB/s)", round(throughput(only.check, texts, repeat=2), 1),
                    ">= 20", "LG rules alone, best of 2"))  # fmt: skip
    cpu = round(throughput(only.check, texts, repeat=2, clock=time.process_time), 1)
    rows.append(Row("language", "speed on clean prose, CPU time (MB/s)", cpu, ">= 20",
                    "process time: what the wall figure is on an idle core (the machine is shared)"))  # fmt: skip
    german = [text for _, text in pools.german_articles[:200]]
    rows.append(Row("language", "speed on German articles (MB/s)", round(throughput(only.check, german, repeat=2), 1)))
    rows.append(Row("language", "peak memory of the run (MB)", round(peak_rss_mb(), 1)))
    rows.append(Row("language", "benchmark time (s)", round(time.perf_counter() - started, 1)))
    return rows
