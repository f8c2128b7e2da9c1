"""Everything a run is configured with, in one value the CLI (or a config file) builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mtcheck.records import Severity
from mtcheck.selection import Selection


@dataclass(frozen=True)
class Settings:
    selection: Selection = field(default_factory=Selection)
    # Exit non-zero when a finding is at or above this; None means never.
    fail_on: Severity | None = Severity.MAJOR
    # False: load no model at all (rule checks and sacrebleu metrics only).
    models: bool = True

    def describe(self) -> dict[str, Any]:
        """The settings as they go into a report."""
        return {
            "fail_on": str(self.fail_on) if self.fail_on is not None else "never",
            "models": self.models,
            "selection": self.selection.signature(),
        }
