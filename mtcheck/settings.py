"""Everything a run is configured with, in one value the CLI (or a config file) builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from mtcheck.records import Severity
from mtcheck.selection import Selection
from mtcheck.thresholds import Threshold


@dataclass(frozen=True)
class Settings:
    selection: Selection = field(default_factory=Selection)
    # Exit non-zero when a finding is at or above this; None means never.
    fail_on: Severity | None = Severity.MAJOR
    # False: load no model at all (rule checks and sacrebleu metrics only).
    models: bool = True
    # Score thresholds (mtcheck.thresholds); a failed one makes the exit code 1.
    thresholds: tuple[Threshold, ...] = ()
    # A baseline file whose findings are accepted (mtcheck.baseline).
    baseline: str | None = None
    glossary: str | None = None
    # Model per role ("lm", "embeddings"): a name, hub id or local path.
    model_choices: Mapping[str, str] = field(default_factory=dict)
    # The config file these settings came from, if any.
    config: str | None = None
    # Scorers (mtcheck.scoring): sacrebleu metrics against the reference(s), texts
    # per model batch, CPU threads for the models (None: the library's default),
    # and a progress bar on stderr for long runs (the CLI sets it on a terminal).
    metrics: tuple[str, ...] = ("bleu", "chrf", "ter")
    batch_size: int = 32
    threads: int | None = None
    progress: bool = False
    # "auto": bfloat16 where the CPU has it natively (faster, slightly other numbers), else float32.
    lm_dtype: str = "auto"

    def describe(self) -> dict[str, Any]:
        """The settings as they go into a report."""
        return {
            "fail_on": str(self.fail_on) if self.fail_on is not None else "never",
            "models": self.models,
            "selection": self.selection.signature(),
            **({"thresholds": [str(t) for t in self.thresholds]} if self.thresholds else {}),
            **({"baseline": self.baseline} if self.baseline else {}),
            **({"glossary": self.glossary} if self.glossary else {}),
            **({"model_choices": dict(self.model_choices)} if self.model_choices else {}),
            **({"config": self.config} if self.config else {}),
            "metrics": list(self.metrics),
            **({"batch_size": self.batch_size, "threads": self.threads, "lm_dtype": self.lm_dtype} if self.models else {}),
        }
