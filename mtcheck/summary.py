"""Counting findings for a report's summary; pure functions over a RunResult."""

from __future__ import annotations

from collections import Counter
from typing import Any

from mtcheck.engine import RunResult
from mtcheck.records import Severity


def summarise(run: RunResult) -> dict[str, Any]:
    by_severity: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    for _, finding in run.findings():
        by_severity[str(finding.severity)] += 1
        by_category[str(finding.category)] += 1
        by_code[finding.code] += 1
    flagged = sum(1 for r in run.results if r.findings)
    worst = run.worst()
    return {
        "segments": len(run.results),
        "flagged_segments": flagged,
        "findings": sum(by_code.values()),
        "worst_severity": str(worst) if worst is not None else None,
        "by_severity": {str(s): by_severity.get(str(s), 0) for s in sorted(Severity, reverse=True)},
        "by_category": dict(sorted(by_category.items())),
        "by_code": dict(sorted(by_code.items())),
        "not_run": [
            {"code": code, "reason": reason, "segments": count}
            for (code, reason), count in sorted(run.not_run.items())
        ],
        "skipped": _skipped(run),
    }


def _skipped(run: RunResult) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    for result in run.results:
        for s in result.skipped:
            counts[(s.code, s.reason)] += 1
    return [{"code": c, "reason": r, "segments": n} for (c, r), n in sorted(counts.items())]
