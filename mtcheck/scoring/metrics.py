"""Reference metrics from sacrebleu: BLEU, chrF, chrF++ and TER, per sentence and per corpus.

Every segment with at least one reference (``ref`` plus any ``extra_refs``) gets a
sentence score per metric (BLEU with effective order, as sacrebleu's
``sentence_bleu``); the corpus scores are computed over those segments with
sacrebleu's corpus statistics, and a segment with fewer references than the others
simply has fewer (sacrebleu's variable-reference mode, ``nrefs:var``). Each corpus
score carries sacrebleu's own signature.

With a back-translation, ``roundtrip_chrf`` is chrF of ``back`` against ``src`` (both
Russian): how much of the source survives a round trip through the MT.

Scores are sacrebleu's 0-100 numbers; TER is an error rate (lower is better).
"""

from __future__ import annotations

from typing import Any, Sequence

from mtcheck.errors import ConfigError
from mtcheck.records import SegmentResult
from mtcheck.scoring.base import Progress, Scorer

METRICS = ("bleu", "chrf", "chrf++", "ter")
DEFAULT_METRICS = ("bleu", "chrf", "ter")
ROUNDTRIP = "roundtrip_chrf"


def parse_metrics(values: Sequence[str]) -> tuple[str, ...]:
    """Metric names from a comma-separated list (``bleu,chrf++``); order kept, duplicates dropped."""
    out: list[str] = []
    for value in values:
        for name in value.replace(";", ",").split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name not in METRICS:
                raise ConfigError(f"unknown metric {name!r} (choose from {', '.join(METRICS)})", key="metric")
            if name not in out:
                out.append(name)
    return tuple(out)


def _metric(name: str, sentence: bool) -> Any:
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU(effective_order=sentence)
    if name == "chrf":
        return CHRF()
    if name == "chrf++":
        return CHRF(word_order=2)
    if name == "ter":
        return TER()
    raise ConfigError(f"unknown metric {name!r}", key="metric")


def references(result: SegmentResult) -> list[str]:
    seg = result.segment
    return [r for r in (seg.ref, *seg.extra_refs) if r is not None and r.strip()]


class ReferenceMetrics(Scorer):
    """sacrebleu metrics against the reference(s), and round-trip chrF of the back-translation."""

    name = "metrics"

    def __init__(self, metrics: Sequence[str] = DEFAULT_METRICS, progress: Progress | None = None) -> None:
        super().__init__(progress)
        self.metrics = parse_metrics(metrics)
        self._sentence = {name: _metric(name, sentence=True) for name in self.metrics}
        self._roundtrip = _metric("chrf", sentence=True)

    def signature(self) -> str:
        import sacrebleu

        return f"sacrebleu:{sacrebleu.__version__}:{','.join(self.metrics) or 'none'}"

    def annotate(self, results: Sequence[SegmentResult]) -> None:
        for result in results:
            refs = references(result)
            if refs:
                for name, metric in self._sentence.items():
                    result.scores[name] = float(metric.sentence_score(result.segment.mt, refs).score)
            seg = result.segment
            if seg.has("back") and seg.has("src"):
                result.scores[ROUNDTRIP] = float(self._roundtrip.sentence_score(seg.back or "", [seg.src or ""]).score)

    def corpus_scores(self, results: Sequence[SegmentResult]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        signatures: dict[str, str] = {}
        scored = [(r.segment.mt, references(r)) for r in results]
        scored = [(mt, refs) for mt, refs in scored if refs]
        if scored and self.metrics:
            width = max(len(refs) for _, refs in scored)
            hyps = [mt for mt, _ in scored]
            streams = [[refs[j] if j < len(refs) else None for _, refs in scored] for j in range(width)]
            for name in self.metrics:
                metric = _metric(name, sentence=False)
                out[name] = float(metric.corpus_score(hyps, streams).score)
                signatures[name] = str(metric.get_signature())
            if "bleu" in self.metrics:
                signatures["sentence_bleu"] = str(self._sentence["bleu"].get_signature())
            out["reference_segments"] = len(scored)
        pairs = [(r.segment.back or "", r.segment.src or "") for r in results if r.segment.has("back") and r.segment.has("src")]
        if pairs:
            metric = _metric("chrf", sentence=False)
            out[ROUNDTRIP] = float(metric.corpus_score([b for b, _ in pairs], [[s for _, s in pairs]]).score)
            signatures[ROUNDTRIP] = str(metric.get_signature())
        if signatures:
            out["metric_signatures"] = signatures
        return out
