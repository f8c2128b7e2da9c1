"""One editor's review of one input: the queue of flagged segments and the actions on it.

This is what the web app calls; it knows nothing of HTTP. Actions go straight to
the :class:`~mtcheck.review.store.ReviewFile`, which saves them. An action may carry
the revision its window last saw: one on a record that changed since (another
window or editor decided it otherwise) is refused with the record as it is now, and
every answer brings the records changed since that revision, so the window catches up.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from mtcheck.api import check_segments
from mtcheck.baseline import fingerprint
from mtcheck.records import TEXT_FIELDS, Finding, SegmentResult
from mtcheck.review.source import ReviewSource, segment_key, with_mt
from mtcheck.review.store import MAX_NOTE_CHARS, Conflict, Correction, Decision, FindingRef, ReviewFile
from mtcheck.settings import Settings

MAX_CORRECTION_CHARS = 100_000
# A segment is one line of its input: line breaks and tabs in a correction would
# break line-aligned, TSV and document exports, so they become spaces.
_BREAKS = re.compile(r"[\t\r\n\v\f\u2028\u2029]+")


class ReviewError(ValueError):
    """A request the session cannot carry out (unknown finding, bad value)."""

    def __init__(self, problem: str, status: int = 400, details: dict[str, Any] | None = None) -> None:
        super().__init__(problem)
        self.status = status
        # More for the page to act on (a conflict: the record as it is now, and what else changed).
        self.details = details or {}


def _base(value: Any) -> int | None:
    """The revision a request says its window last saw (None: it does not say, so nothing is compared)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ReviewError("revision must be a whole number")
    return value


def risk(result: SegmentResult) -> tuple[int, int]:
    """Worst severity first, then the number of findings."""
    worst = result.worst
    return (int(worst) if worst is not None else -1, len(result.findings))


class ReviewSession:
    def __init__(self, source: ReviewSource, review: ReviewFile, reviewer: str, settings: Settings | None = None) -> None:
        self.source = source
        self.review = review
        self.reviewer = reviewer
        self.settings = settings or Settings()
        flagged = [r for r in source.results if r.findings]
        order = {id(r): i for i, r in enumerate(flagged)}
        # Stable: equal risk keeps input order.
        self.queue = sorted(flagged, key=lambda r: (-risk(r)[0], -risk(r)[1], order[id(r)]))
        self._segments = {segment_key(r.segment): r for r in source.results}
        self._refs: dict[str, FindingRef] = {}
        self._fps: dict[int, list[str]] = {}
        for result in self.queue:
            fps = []
            for finding in result.findings:
                fp = fingerprint(result, finding)
                fps.append(fp)
                self._refs.setdefault(
                    fp,
                    FindingRef(fp, finding.code, finding.check, segment_key(result.segment), finding.span.text_in(result.segment)),
                )
            self._fps[id(result)] = fps
        # Distinct findings, as decisions are counted (identical segments share a fingerprint).
        review.models = self.settings.models
        review.set_flagged(Counter(ref.code for ref in self._refs.values()))

    # -- what the page shows --------------------------------------------------
    def progress(self) -> dict[str, int]:
        findings = decided = segments_done = 0
        for result in self.queue:
            fps = self._fps[id(result)]
            done = sum(1 for fp in fps if self.review.verdict(fp) is not None)
            findings += len(fps)
            decided += done
            segments_done += done == len(fps)
        return {
            "findings": findings,
            "decided": decided,
            "segments": len(self.queue),
            "segments_done": segments_done,
            "corrected": len(self.review.corrections),
        }

    def state(self) -> dict[str, Any]:
        fields = [name for name in TEXT_FIELDS if any(r.segment.text(name) is not None for r in self.queue)]
        return {
            "input": self.source.label,
            "review_file": self.review.path,
            "reviewer": self.reviewer,
            "fields": fields or ["mt"],
            "total_segments": len(self.source.results),
            "queue": [self._segment_view(r) for r in self.queue],
            "decisions": {fp: d.to_dict() for fp, d in self.review.decisions.items() if fp in self._refs},
            "corrections": {k: c.to_dict() for k, c in self.review.corrections.items() if k in self._segments},
            "position": dict(self.review.position),
            "progress": self.progress(),
            "revision": self.review.revision,
        }

    def changes(self, since: Any) -> dict[str, Any]:
        """What changed after revision ``since``, in this process or (read from the file) in another."""
        base = _base(since)
        self.review.refresh()
        return self._changes(base)

    def _changes(self, since: int | None) -> dict[str, Any]:
        revision, decisions, corrections = self.review.changes(since if since is not None else self.review.revision)
        return {
            "revision": revision,
            "decisions": {fp: d.to_dict() for fp, d in decisions.items() if fp in self._refs},
            # A correction taken back comes with ``mt`` null.
            "corrections": {k: c.to_dict() for k, c in corrections.items() if k in self._segments},
            "progress": self.progress(),
        }

    def _conflict(self, exc: Conflict, base: int | None) -> ReviewError:
        record: Decision | Correction = exc.record
        if isinstance(record, Decision):
            what = record.verdict or "undecided"
        else:
            what = "corrected" if record.mt is not None else "back to the original translation"
        if record.reviewer:
            what += f" by {record.reviewer}"
        if isinstance(record, Decision) and record.note:
            what += f" (note: {record.note})"
        return ReviewError(
            f"changed in another window: now {what}",
            status=409,
            details={"conflict": {"kind": exc.kind, "key": exc.key, "record": record.to_dict()}, **self._changes(base)},
        )

    def _segment_view(self, result: SegmentResult) -> dict[str, Any]:
        seg = result.segment
        origin = seg.origins.get("mt")
        return {
            "key": segment_key(seg),
            "id": seg.id,
            "doc": seg.doc,
            "line": origin.line if origin else None,
            "texts": seg.fields(),
            "worst": str(result.worst),
            "findings": [self._finding_view(f, fp) for f, fp in zip(result.findings, self._fps[id(result)])],
        }

    @staticmethod
    def _finding_view(f: Finding, fp: str) -> dict[str, Any]:
        view = f.to_dict()
        view["fingerprint"] = fp
        return view

    # -- actions ----------------------------------------------------------------
    def _ref(self, fp: Any) -> FindingRef:
        if not isinstance(fp, str) or fp not in self._refs:
            raise ReviewError("no such finding in this review", status=404)
        return self._refs[fp]

    def _segment(self, key: Any) -> SegmentResult:
        if not isinstance(key, str) or key not in self._segments:
            raise ReviewError("no such segment in this review", status=404)
        return self._segments[key]

    def decide(self, fp: Any, verdict: Any, revision: Any = None) -> dict[str, Any]:
        if verdict not in ("confirmed", "dismissed", None):
            raise ReviewError("verdict must be \"confirmed\", \"dismissed\" or null")
        ref, base = self._ref(fp), _base(revision)
        try:
            decision = self.review.set_verdict(ref, verdict, self.reviewer, base)
        except Conflict as exc:
            raise self._conflict(exc, base) from None
        return {"decision": decision.to_dict(), **self._changes(base)}

    def note(self, fp: Any, note: Any, revision: Any = None) -> dict[str, Any]:
        if not isinstance(note, str):
            raise ReviewError("note must be a string")
        if len(note) > MAX_NOTE_CHARS:
            raise ReviewError(f"a note is at most {MAX_NOTE_CHARS} characters")
        ref, base = self._ref(fp), _base(revision)
        try:
            decision = self.review.set_note(ref, note, self.reviewer, base)
        except Conflict as exc:
            raise self._conflict(exc, base) from None
        return {"decision": decision.to_dict(), **self._changes(base)}

    def correct(self, key: Any, mt: Any, revision: Any = None) -> dict[str, Any]:
        """Save a corrected translation (None, or the original text, removes it) and recheck it."""
        result = self._segment(key)
        base = _base(revision)
        if mt is not None and not isinstance(mt, str):
            raise ReviewError("mt must be a string or null")
        if mt is not None:
            mt = _BREAKS.sub(" ", mt).strip()
            if len(mt) > MAX_CORRECTION_CHARS:
                raise ReviewError(f"a translation is at most {MAX_CORRECTION_CHARS:,} characters")
            if not mt:
                raise ReviewError("the corrected translation is empty")
            if mt == result.segment.mt:
                mt = None
        try:
            correction = self.review.set_correction(key, mt, self.reviewer, base)
        except Conflict as exc:
            raise self._conflict(exc, base) from None
        return {
            "correction": correction.to_dict() if correction else None,
            "recheck": self.recheck(result, mt) if mt is not None else None,
            **self._changes(base),
        }

    def recheck(self, result: SegmentResult, mt: str) -> list[dict[str, Any]]:
        """The findings the corrected translation still has (the editor sees at once what remains)."""
        checked = check_segments([with_mt(result.segment, mt)], self.settings).results[0]
        return [f.to_dict() for f in checked.findings]

    def move(self, key: Any, fp: Any = None) -> dict[str, Any]:
        self._segment(key)
        if fp is not None:
            self._ref(fp)
        self.review.set_position(key, fp)
        return {"position": dict(self.review.position), "revision": self.review.revision}
