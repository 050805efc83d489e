"""The one fix applier: apply non-overlapping fixes to a text in one pass.

Fixes are taken in document order (a wider fix first when two start together, so a
removed line wins over a repair inside it). A fix whose edits overlap an edit already
taken is skipped; the engine re-checks the new text and picks it up in the next round
if it still applies.
"""

from __future__ import annotations

import bisect
import dataclasses
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textfix.model import Applicability, Edit, Finding, Fix


@dataclass(frozen=True, slots=True)
class AppliedFix:
    """A fix that was applied: the finding, and the text before and after its span."""

    finding: Finding
    before: str
    after: str


def allowed_applicabilities(*, unsafe: bool) -> frozenset[Applicability]:
    """The applicabilities ``fix`` applies: safe, plus unsafe when asked."""
    if unsafe:
        return frozenset({Applicability.SAFE, Applicability.UNSAFE})
    return frozenset({Applicability.SAFE})


def _overlap(a: Edit, b: Edit) -> bool:
    """Whether two edits cannot both apply (two insertions at one point count)."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def _conflicts(taken: list[Edit], keys: list[tuple[int, int]], edit: Edit) -> bool:
    """Whether ``edit`` overlaps an edit in ``taken`` (sorted by (start, end), disjoint)."""
    index = bisect.bisect_left(keys, (edit.start, edit.end))
    # Disjoint edits sorted by (start, end) also have non-decreasing ends.
    j = index - 1
    while j >= 0 and taken[j].end >= edit.start:
        if _overlap(taken[j], edit):
            return True
        j -= 1
    j = index
    while j < len(taken) and taken[j].start <= edit.end:
        if _overlap(taken[j], edit):
            return True
        j += 1
    return False


def touches(spans: Sequence[tuple[int, int]], edit: Edit) -> bool:
    """Whether ``edit`` touches one of ``spans`` (sorted, disjoint).

    A replacement or deletion touches a span it overlaps; an insertion touches a span
    it falls strictly inside (the same rule as :meth:`textfix.document.Document.is_prose`).
    """
    index = bisect.bisect_right(spans, (edit.end, sys.maxsize)) - 1
    while index >= 0:
        s, e = spans[index]
        if e <= edit.start:
            return False
        if edit.start == edit.end:
            if s < edit.start < e:
                return True
        elif s < edit.end and edit.start < e:
            return True
        index -= 1
    return False


def shift_spans(spans: Sequence[tuple[int, int]], edits: Sequence[Edit]) -> list[tuple[int, int] | None]:
    """Where ``spans`` (sorted, disjoint) lie once ``edits`` (sorted, disjoint) are applied.

    ``None`` for a span an edit touches (only a rule that owns such markup edits it:
    ``TF001`` removing an unused directive).
    """
    out: list[tuple[int, int] | None] = []
    delta = 0
    index = 0
    for start, end in spans:
        while index < len(edits) and edits[index].end <= start and not touches([(start, end)], edits[index]):
            edit = edits[index]
            delta += len(edit.replacement) - (edit.end - edit.start)
            index += 1
        probe = index
        hit = False
        while probe < len(edits) and edits[probe].start <= end:
            if touches([(start, end)], edits[probe]):
                hit = True
                break
            probe += 1
        out.append(None if hit else (start + delta, end + delta))
    return out


def shift_findings(findings: Sequence[Finding], delta: int) -> list[Finding]:
    """``findings`` moved by ``delta`` characters, their fixes' edits too.

    Findings that shared one fix object share one moved fix (the applier judges a fix by
    identity).
    """
    if not delta:
        return list(findings)
    moved: dict[int, Fix] = {}
    out = []
    for finding in findings:
        fix = finding.fix
        if fix is not None:
            new_fix = moved.get(id(fix))
            if new_fix is None:
                edits = tuple(Edit(e.start + delta, e.end + delta, e.replacement) for e in fix.edits)
                new_fix = moved[id(fix)] = Fix(edits, fix.applicability)
            fix = new_fix
        out.append(dataclasses.replace(finding, start=finding.start + delta, end=finding.end + delta, fix=fix))
    return out


def apply_fixes(
    text: str,
    findings: Iterable[Finding],
    allowed: frozenset[Applicability],
    protected: Sequence[tuple[int, int]] = (),
    markup_owners: frozenset[str] = frozenset(),
) -> tuple[str, list[AppliedFix]]:
    """Apply the fixes of ``findings`` whose applicability is in ``allowed``.

    A fix is applied whole or not at all: one edit that overlaps a fix already taken, or
    touches a ``protected`` span (sorted, disjoint: URLs, code), and none of its edits
    is applied. ``markup_owners`` are the codes allowed to edit protected spans (the
    suppression rule removing a directive comment). Returns the new text and the fixes
    applied, in document order.
    """
    # Several findings may share one fix object (the regions of one EN101 repair): each fix is
    # judged once, by identity, so a fix of K edits shared by K findings costs K, not K².
    spans: dict[int, tuple[int, int]] = {}
    verdicts: dict[int, bool] = {}

    def span_of(fix: Fix) -> tuple[int, int]:
        key = id(fix)
        found = spans.get(key)
        if found is None:
            found = spans[key] = fix.span
        return found

    def admissible(finding: Finding) -> bool:
        fix = finding.fix
        if fix is None or fix.applicability not in allowed:
            return False
        if not protected or finding.code in markup_owners:
            return True
        key = id(fix)
        if key not in verdicts:
            verdicts[key] = not any(touches(protected, e) for e in fix.edits)
        return verdicts[key]

    candidates = sorted(
        (f for f in findings if admissible(f)),
        key=lambda f: (span_of(f.fix)[0], -span_of(f.fix)[1], f.code) if f.fix else (0, 0, ""),
    )
    taken: list[Edit] = []
    keys: list[tuple[int, int]] = []
    applied: list[Finding] = []
    decided: dict[int, bool] = {}
    for finding in candidates:
        fix = finding.fix
        assert fix is not None
        verdict = decided.get(id(fix))
        if verdict is not None:  # several findings of one repair share its fix
            if verdict:
                applied.append(finding)
            continue
        edits = fix.edits
        if span_of(fix)[1] > len(text):
            msg = f"{finding.code} proposed an edit past the end of the text"
            raise ValueError(msg)
        if any(_conflicts(taken, keys, edit) for edit in edits):
            decided[id(fix)] = False
            continue
        decided[id(fix)] = True
        for edit in edits:
            index = bisect.bisect_left(keys, (edit.start, edit.end))
            taken.insert(index, edit)
            keys.insert(index, (edit.start, edit.end))
        applied.append(finding)
    if not taken:
        return text, []
    starts: dict[int, list[int]] = {}
    return _splice(text, taken), [_record(text, f, span_of(f.fix), starts) for f in applied if f.fix]


def _splice(text: str, edits: Sequence[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for edit in edits:
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def _record(text: str, finding: Finding, span: tuple[int, int], starts: dict[int, list[int]]) -> AppliedFix:
    """Before and after of a finding's fix; of its own edits only, when it shares a wider fix.

    ``starts`` caches the edit starts of shared fixes (by identity) for the lookup.
    """
    assert finding.fix is not None
    start, end = span
    edits: Sequence[Edit] = finding.fix.edits
    if len(edits) > 1 and start <= finding.start <= finding.end <= end and (start, end) != (finding.start, finding.end):
        key = id(finding.fix)
        if key not in starts:
            starts[key] = [e.start for e in edits]
        first = bisect.bisect_left(starts[key], finding.start)
        own = []
        for index in range(first, len(edits)):
            edit = edits[index]
            if edit.start > finding.end or edit.end > finding.end:
                break
            own.append(edit)
        if own:
            start, end, edits = finding.start, finding.end, own
    after = _splice(text[start:end], [Edit(e.start - start, e.end - start, e.replacement) for e in edits])
    return AppliedFix(finding, text[start:end], after)
