"""Report writers, all fed from the same :class:`Report`.

Each format is a function ``write(report, stream)`` registered by name; the CLI
picks one with ``--format``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any, Callable

from mtcheck import __version__
from mtcheck.engine import RunResult
from mtcheck.summary import summarise


@dataclass
class Report:
    """A finished run plus what is needed to describe it."""

    run: RunResult
    inputs: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    # The CI gate (mtcheck.gate): threshold outcomes, and what a baseline suppressed.
    thresholds: list[dict[str, Any]] = field(default_factory=list)
    baseline: dict[str, Any] | None = None

    def header(self) -> dict[str, Any]:
        out = {
            "tool": {"name": "mtcheck", "version": __version__},
            "signature": self.run.signature,
            "inputs": list(self.inputs),
            "settings": dict(self.settings),
        }
        if self.thresholds:
            out["thresholds"] = list(self.thresholds)
        if self.baseline is not None:
            out["baseline"] = dict(self.baseline)
        return out

    def summary(self) -> dict[str, Any]:
        return summarise(self.run)


Writer = Callable[[Report, IO[str]], None]
WRITERS: dict[str, Writer] = {}
BINARY_FORMATS: set[str] = set()


def writer(name: str) -> Callable[[Writer], Writer]:
    def register(fn: Writer) -> Writer:
        WRITERS[name] = fn
        return fn

    return register


def load_writers() -> None:
    from mtcheck.report import json_report, terminal  # noqa: F401
    from mtcheck.report import csv_report, github, html, junit, markdown, sarif  # noqa: F401


def formats() -> list[str]:
    load_writers()
    return sorted(WRITERS)
