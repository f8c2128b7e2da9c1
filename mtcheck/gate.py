"""The CI gate around a run: accepted findings (baseline), score thresholds, the exit code.

``run_gated`` is what ``mtcheck check`` calls: it reads the input, fails early
on thresholds that cannot be computed on it, loads the baseline before anything
slow runs, checks, drops baselined findings, and measures the thresholds on what
is left. No output happens here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mtcheck.api import check_segments
from mtcheck.baseline import Baseline, BaselineEntry
from mtcheck.engine import RunResult
from mtcheck.inputs import InputSpec, load_segments
from mtcheck.settings import Settings
from mtcheck.thresholds import Outcome, check_computable, evaluate

EXIT_OK, EXIT_FINDINGS = 0, 1


@dataclass
class Gate:
    """What the gate decided besides the findings themselves."""

    baseline_path: str | None = None
    suppressed: int = 0
    stale: list[BaselineEntry] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    def baseline_dict(self) -> dict[str, Any] | None:
        if self.baseline_path is None:
            return None
        return {
            "path": self.baseline_path,
            "suppressed": self.suppressed,
            "stale": [e.to_dict() for e in self.stale],
        }

    def thresholds_list(self) -> list[dict[str, Any]]:
        return [o.to_dict() for o in self.outcomes]

    def failed_thresholds(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed]

    def messages(self) -> list[str]:
        """One line each, for stderr."""
        lines = [o.describe() for o in self.outcomes]
        if self.baseline_path is not None:
            lines.append(f"baseline {self.baseline_path}: {self.suppressed} known finding(s) suppressed")
            for e in self.stale:
                lines.append(f"baseline: stale entry {e.code} [{e.id}] “{e.text}” (no longer found; remove it)")
        return lines


def apply_gate(run: RunResult, settings: Settings, baseline: Baseline | None = None) -> Gate:
    """Drop baselined findings from ``run`` in place, then measure the thresholds."""
    gate = Gate()
    if baseline is None and settings.baseline:
        baseline = Baseline.load(settings.baseline)
    if baseline is not None:
        gate.baseline_path = settings.baseline or "<baseline>"
        gate.suppressed, gate.stale = baseline.apply(run.results)
    gate.outcomes = evaluate(settings.thresholds, run)
    return gate


def run_gated(spec: InputSpec, settings: Settings) -> tuple[RunResult, Gate]:
    segments = load_segments(spec, models=settings.models)
    check_computable(settings.thresholds, segments, settings.models)
    baseline = Baseline.load(settings.baseline) if settings.baseline else None
    run = check_segments(segments, settings)
    return run, apply_gate(run, settings, baseline)


def exit_code(run: RunResult, settings: Settings, gate: Gate | None = None) -> int:
    """1 when a finding is at or above ``fail_on`` or a threshold failed, else 0."""
    worst = run.worst()
    if settings.fail_on is not None and worst is not None and worst >= settings.fail_on:
        return EXIT_FINDINGS
    if gate is not None and gate.failed_thresholds():
        return EXIT_FINDINGS
    return EXIT_OK
