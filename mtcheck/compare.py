"""Did it get worse? Two MT outputs of the same source, compared.

Corpus metrics (BLEU, chrF, TER from sacrebleu) with sacrebleu's paired bootstrap
resampling test (``sacrebleu.significance.PairedTest``, the same test as
``sacrebleu --paired-bs``): a delta counts as significant when its p-value is
below ``alpha``. Findings are matched between the two runs segment by segment:
a finding is *new* when NEW has it and BASE does not, *fixed* when BASE had it
and NEW does not. The match key is the finding's fingerprint taken with the
segment's id in place of its MT text (:func:`compare_key`): the full baseline
fingerprint includes the MT text, so it would call every finding of an edited
sentence both fixed and new, even when the edit left the error in place.
No I/O happens here.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from mtcheck.engine import RunResult
from mtcheck.errors import ConfigError, InputError
from mtcheck.records import Finding, Segment, SegmentResult, Severity
from mtcheck.text import squash

METRICS = ("bleu", "chrf", "ter")
# TER is an error rate: lower is better.
LOWER_IS_BETTER = frozenset({"ter"})
DEFAULT_SAMPLES = 1000


def compare_key(result: SegmentResult, finding: Finding) -> tuple[str, ...]:
    seg = result.segment
    flagged = finding.span.text_in(seg)
    field_text = seg.text(finding.span.field) or ""
    occurrence = field_text[: finding.span.start].count(flagged) if flagged else finding.span.start
    return (seg.doc or "", seg.id, finding.code, finding.span.field, squash(flagged).lower(), str(occurrence))


@dataclass(frozen=True)
class MetricDelta:
    name: str
    base: float
    new: float
    p_value: float | None
    significant: bool
    # 95% confidence half-widths from the bootstrap resamples.
    base_ci: float | None = None
    new_ci: float | None = None
    signature: str = ""

    @property
    def delta(self) -> float:
        return self.new - self.base

    @property
    def worse(self) -> bool:
        return self.delta > 0 if self.name in LOWER_IS_BETTER else self.delta < 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.name,
            "base": self.base,
            "new": self.new,
            "delta": self.delta,
            "p_value": self.p_value,
            "significant": self.significant,
            "worse": self.worse and self.significant,
            "base_ci": self.base_ci,
            "new_ci": self.new_ci,
            "signature": self.signature,
        }


@dataclass
class Comparison:
    base_name: str
    new_name: str
    segments: int
    metrics: list[MetricDelta] = field(default_factory=list)
    # Scores from the runs' scorers (no significance test): name -> (base, new).
    corpus: dict[str, tuple[float, float]] = field(default_factory=dict)
    new_findings: list[tuple[SegmentResult, Finding]] = field(default_factory=list)
    fixed_findings: list[tuple[SegmentResult, Finding]] = field(default_factory=list)
    unchanged: int = 0
    alpha: float = 0.05
    notes: list[str] = field(default_factory=list)

    def significantly_worse(self) -> list[MetricDelta]:
        return [m for m in self.metrics if m.significant and m.worse]

    def to_dict(self) -> dict[str, Any]:
        def finding(pair: tuple[SegmentResult, Finding]) -> dict[str, Any]:
            result, f = pair
            out = {"id": result.segment.id, "mt": result.segment.mt, "text": f.span.text_in(result.segment)}
            if result.segment.doc is not None:
                out["doc"] = result.segment.doc
            out.update(f.to_dict())
            return out

        return {
            "base": self.base_name,
            "new": self.new_name,
            "segments": self.segments,
            "alpha": self.alpha,
            "metrics": [m.to_dict() for m in self.metrics],
            "corpus": {k: {"base": b, "new": n, "delta": n - b} for k, (b, n) in self.corpus.items()},
            "findings": {
                "new": [finding(p) for p in self.new_findings],
                "fixed": [finding(p) for p in self.fixed_findings],
                "unchanged": self.unchanged,
            },
            "notes": list(self.notes),
        }


def pair_segments(base: Sequence[Segment], new: Sequence[Segment], base_name: str, new_name: str) -> None:
    """Both outputs must cover the same segments, in the same order."""
    if len(base) != len(new):
        raise InputError(new_name, f"has {len(new)} segments but {base_name} has {len(base)}; compare needs the same segments")
    for i, (b, n) in enumerate(zip(base, new), 1):
        if (b.doc, b.id) != (n.doc, n.id):
            raise InputError(
                new_name, f"segment {i} is {n.id!r} but in {base_name} it is {b.id!r}; compare needs the same ids in the same order"
            )
        if b.src and n.src and b.src.strip() != n.src.strip():
            raise InputError(new_name, f"segment {n.id!r} has a different source than in {base_name}; not the same source")


def references(base: Sequence[Segment], new: Sequence[Segment]) -> list[list[str]] | None:
    """Reference streams for sacrebleu, taken from BASE (or NEW where BASE lacks one); None without."""
    refs = []
    for b, n in zip(base, new):
        ref = b.ref if b.has("ref") else n.ref if n.has("ref") else None
        if ref is None:
            return None
        extra = b.extra_refs or n.extra_refs
        refs.append([ref, *extra])
    width = min(len(r) for r in refs) if refs else 0
    # sacrebleu wants every stream complete: use as many references as all segments have.
    return [[r[i] for r in refs] for i in range(width)]


def _metric(name: str):  # type: ignore[no-untyped-def]
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"bleu": BLEU, "chrf": CHRF, "ter": TER}[name]()


def paired_bootstrap(
    base_hyps: Sequence[str],
    new_hyps: Sequence[str],
    refs: Sequence[Sequence[str]],
    metrics: Sequence[str] = METRICS,
    n_samples: int = DEFAULT_SAMPLES,
    alpha: float = 0.05,
) -> list[MetricDelta]:
    """sacrebleu's paired bootstrap test of NEW against BASE on each metric."""
    from sacrebleu.significance import PairedTest

    for name in metrics:
        if name not in METRICS:
            raise ConfigError(f"unknown metric {name!r} (choose from {', '.join(METRICS)})", key="--metric")
    if n_samples < 1:
        raise ConfigError("the number of bootstrap samples must be at least 1", key="--samples")
    instances = {name: _metric(name) for name in metrics}
    test = PairedTest(
        [("base", list(base_hyps)), ("new", list(new_hyps))],
        instances,
        references=[list(r) for r in refs],
        test_type="bs",
        n_samples=n_samples,
    )
    signatures, scores = test()
    out = []
    # PairedTest keys its results by sacrebleu's metric names ("BLEU", "chrF2", "TER"), in our order.
    for name, key in zip(metrics, [k for k in scores if k != "System"]):
        base_result, new_result = scores[key]
        p = new_result.p_value
        out.append(
            MetricDelta(
                name=name,
                base=float(base_result.score),
                new=float(new_result.score),
                p_value=None if p is None else float(p),
                # Identical scores tie on every resample, and sacrebleu then reports p = 1/(n+1).
                significant=p is not None and p < alpha and new_result.score != base_result.score,
                base_ci=_float(base_result.ci),
                new_ci=_float(new_result.ci),
                signature=str(signatures.get(key, "")),
            )
        )
    return out


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


def diff_findings(base: RunResult, new: RunResult) -> tuple[list, list, int]:
    """New, fixed and the number of unchanged findings (a multiset match per segment)."""
    base_keys: Counter[tuple[str, ...]] = Counter(compare_key(r, f) for r, f in base.findings())
    new_keys: Counter[tuple[str, ...]] = Counter(compare_key(r, f) for r, f in new.findings())
    new_only, fixed = [], []
    seen_new: Counter[tuple[str, ...]] = Counter()
    for r, f in new.findings():
        key = compare_key(r, f)
        seen_new[key] += 1
        if seen_new[key] > base_keys[key]:
            new_only.append((r, f))
    seen_base: Counter[tuple[str, ...]] = Counter()
    for r, f in base.findings():
        key = compare_key(r, f)
        seen_base[key] += 1
        if seen_base[key] > new_keys[key]:
            fixed.append((r, f))
    unchanged = sum(min(base_keys[k], new_keys[k]) for k in base_keys)
    return new_only, fixed, unchanged


def compare_runs(
    base: RunResult,
    new: RunResult,
    base_name: str = "BASE",
    new_name: str = "NEW",
    metrics: Sequence[str] | None = None,
    n_samples: int = DEFAULT_SAMPLES,
    alpha: float = 0.05,
) -> Comparison:
    """Compare two finished runs over the same segments.

    ``metrics=None`` computes every sacrebleu metric when references exist and
    notes their absence otherwise; naming metrics without references is an error.
    """
    base_segs = [r.segment for r in base.results]
    new_segs = [r.segment for r in new.results]
    pair_segments(base_segs, new_segs, base_name, new_name)
    cmp = Comparison(base_name, new_name, len(base_segs), alpha=alpha)
    refs = references(base_segs, new_segs)
    wanted = list(METRICS) if metrics is None else list(metrics)
    if refs is None:
        if metrics:
            raise ConfigError(
                f"metrics {', '.join(metrics)} need a reference for every segment (a 'ref' column, or --ref FILE)",
                key="--metric",
            )
        cmp.notes.append("no reference for every segment: BLEU, chrF and TER were not computed")
    elif wanted:
        cmp.metrics = paired_bootstrap(
            [s.mt for s in base_segs], [s.mt for s in new_segs], refs, wanted, n_samples, alpha
        )
    for name in sorted(set(base.corpus) & set(new.corpus)):
        b, n = _number(base.corpus[name]), _number(new.corpus[name])
        if b is not None and n is not None:
            cmp.corpus[name] = (b, n)
    cmp.new_findings, cmp.fixed_findings, cmp.unchanged = diff_findings(base, new)
    return cmp


def _number(value: Any) -> float | None:
    if isinstance(value, Mapping):
        value = value.get("score")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def worst_new(cmp: Comparison) -> Severity | None:
    return max((f.severity for _, f in cmp.new_findings), default=None)
