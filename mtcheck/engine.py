"""Runs the selected checks (and any scorers) over segments. No I/O happens here."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence

from mtcheck import __version__
from mtcheck.records import TEXT_FIELDS, Finding, Segment, SegmentResult, Severity, Skipped
from mtcheck.registry import (
    REGISTRY,
    CheckCannotRun,
    CheckContext,
    CheckSpec,
    DocHit,
    Hit,
    Registry,
    load_builtin_checks,
)
from mtcheck.selection import Selection, prefix_decision


class Annotator(Protocol):
    """Something that adds scores (and possibly findings) to results in batches.

    Scorers (metrics, language models, embeddings) implement this; the engine
    calls them after the rule checks, with every result of the run at once so
    that they can batch.
    """

    name: str

    def signature(self) -> str: ...

    def annotate(self, results: Sequence[SegmentResult]) -> None: ...

    def corpus_scores(self, results: Sequence[SegmentResult]) -> dict[str, Any]: ...


@dataclass
class RunResult:
    """Everything a report needs: per-segment results, corpus scores, the signature."""

    results: list[SegmentResult]
    signature: str
    checks: list[CheckSpec]
    corpus: dict[str, Any] = field(default_factory=dict)
    # (code, reason) -> number of segments on which a check could not run.
    not_run: dict[tuple[str, str], int] = field(default_factory=dict)

    def worst(self) -> Severity | None:
        return max((r.worst for r in self.results if r.worst is not None), default=None)

    def findings(self) -> Iterator[tuple[SegmentResult, Finding]]:
        for result in self.results:
            for finding in result.findings:
                yield result, finding


class Checker:
    """Runs checks on segments.

    >>> checker = Checker()
    >>> result = checker.check_segment(Segment(id="1", mt="Привет world"))
    >>> [f.code for f in result.findings]
    ['MT101']
    """

    def __init__(
        self,
        selection: Selection | None = None,
        registry: Registry = REGISTRY,
        annotators: Sequence[Annotator] = (),
        resources: dict[str, Any] | None = None,
        models: bool = True,
    ) -> None:
        if registry is REGISTRY:
            load_builtin_checks()
        self.selection = selection or Selection()
        self.registry = registry
        self.annotators = list(annotators)
        # Without models, checks that need one are not run at all (and the signature says so).
        self.models = models
        self.specs = [
            spec for spec in registry if self.selection.enabled(spec) and (models or not spec.uses_model)
        ]
        self._resources: dict[str, Any] = resources if resources is not None else {}
        self._contexts = {
            spec.code: CheckContext(options=self.selection.options_for(spec), resources=self._resources)
            for spec in self.specs
        }
        self._segment_specs = [s for s in self.specs if s.scope == "segment"]
        self._document_specs = [s for s in self.specs if s.scope == "document"]
        self._batch_specs = [s for s in self.specs if s.scope == "batch"]
        self._not_run: Counter[tuple[str, str]] = Counter()
        self._plans: dict[frozenset[str], list[tuple[CheckSpec, Callable[..., Iterable[Hit]], CheckContext]]] = {}
        self._missing: dict[frozenset[str], list[tuple[str, str]]] = {}

    # -- identity -------------------------------------------------------------
    def signature(self) -> str:
        """A sacrebleu-style signature: change any setting and it changes."""
        codes = ",".join(spec.code for spec in self.specs)
        digest = hashlib.sha1(codes.encode()).hexdigest()[:8]
        parts = [f"mtcheck:{__version__}", f"checks:{len(self.specs)}#{digest}", f"models:{'yes' if self.models else 'no'}"]
        if sel := self.selection.signature():
            parts.append(sel)
        for annotator in self.annotators:
            parts.append(annotator.signature())
        return "|".join(parts)

    # -- running --------------------------------------------------------------
    def _plan(self, segment: Segment) -> list[tuple[CheckSpec, Callable[..., Iterable[Hit]], CheckContext]]:
        """The segment checks that apply to a segment with these fields present, each
        with its function and context.

        Segments of one input mostly share one pattern of present fields, so the
        plan is worked out once per pattern, not once per check and segment.
        """
        present = frozenset(name for name in TEXT_FIELDS if segment.has(name))
        plan = self._plans.get(present)
        if plan is None:
            specs = [spec for spec in self._segment_specs if spec.applicable(segment)]
            plan = [(spec, spec.fn, self._contexts[spec.code]) for spec in specs]
            self._plans[present] = plan
            self._missing[present] = [
                (spec.code, "no " + " or ".join(spec.missing(segment)))
                for spec in self._segment_specs
                if spec not in specs
            ]
        for key in self._missing[present]:
            self._not_run[key] += 1
        return plan

    def check_segment(self, segment: Segment) -> SegmentResult:
        """Run the segment-scope checks on one segment."""
        result = SegmentResult(segment=segment)
        for spec, fn, context in self._plan(segment):
            try:
                hits = list(fn(segment, context))
            except CheckCannotRun as exc:
                result.skipped.append(Skipped(spec.code, str(exc)))
                continue
            for hit in hits:
                self._add(result, spec, hit)
        return result

    def check_document(self, results: Sequence[SegmentResult]) -> None:
        """Run the document-scope checks over the results of one document."""
        segments = [r.segment for r in results]
        for spec in self._document_specs:
            if not any(spec.applicable(seg) for seg in segments):
                continue
            try:
                doc_hits: list[DocHit] = list(spec.fn(segments, self._contexts[spec.code]))
            except CheckCannotRun as exc:
                for r in results:
                    r.skipped.append(Skipped(spec.code, str(exc)))
                continue
            for doc_hit in doc_hits:
                self._add(results[doc_hit.index], spec, doc_hit.hit)

    def iter_results(self, segments: Iterable[Segment]) -> Iterator[SegmentResult]:
        """Yield results in input order; document checks run once a document is complete."""
        # A segment without a document is a document of its own: document checks
        # must never compare unrelated sentences of a feed.
        for _, group in groupby(segments, key=lambda s: s.doc if s.doc is not None else id(s)):
            results = [self.check_segment(seg) for seg in group]
            if self._document_specs:
                self.check_document(results)
            for r in results:
                r.findings.sort(key=_finding_order)
            yield from results

    def check_batch(self, results: Sequence[SegmentResult]) -> None:
        """Run the batch-scope checks (model checks that batch) over every result at once."""
        segments = [r.segment for r in results]
        for spec in self._batch_specs:
            if not any(spec.applicable(seg) for seg in segments):
                continue
            try:
                hits: list[DocHit] = list(spec.fn(segments, self._contexts[spec.code]))
            except CheckCannotRun as exc:
                for r in results:
                    r.skipped.append(Skipped(spec.code, str(exc)))
                continue
            for doc_hit in hits:
                self._add(results[doc_hit.index], spec, doc_hit.hit)

    def run(self, segments: Iterable[Segment]) -> RunResult:
        """Check every segment, run the batch checks over all of them, then let the
        annotators score them all in batches. (Batch checks run here only, not in
        :meth:`iter_results`, which streams.)"""
        results = list(self.iter_results(segments))
        if self._batch_specs:
            self.check_batch(results)
        corpus: dict[str, Any] = {}
        for annotator in self.annotators:
            annotator.annotate(results)
            corpus.update(annotator.corpus_scores(results))
        for r in results:
            r.findings.sort(key=_finding_order)
        return RunResult(
            results=results,
            signature=self.signature(),
            checks=list(self.specs),
            corpus=corpus,
            not_run=dict(self._not_run),
        )

    def _add(self, result: SegmentResult, spec: CheckSpec, hit: Hit) -> None:
        segment = result.segment
        if segment.ignore and not prefix_decision(spec.code, (), [p.upper() for p in segment.ignore]):
            return
        severity = self.selection.severity.get(spec.code) or hit.severity or spec.severity
        result.findings.append(
            Finding(
                code=spec.code,
                check=spec.name,
                category=spec.category,
                severity=severity,
                message=hit.message,
                span=hit.span,
                related=hit.related,
                suggestion=hit.suggestion,
            )
        )


def _finding_order(f: Finding) -> tuple[int, int, str]:
    return (f.span.start if f.span.field == "mt" else 10**9, -int(f.severity), f.code)


def check_segments(segments: Iterable[Segment], **kwargs: Any) -> RunResult:
    """Convenience: ``Checker(**kwargs).run(segments)``."""
    return Checker(**kwargs).run(segments)
