"""The high-level API: settings and segments in, a finished run out.

This is what the CLI calls, and what other programs should import::

    from mtcheck.api import run_check
    from mtcheck.inputs import InputSpec
    run = run_check(InputSpec(path="feed.jsonl"))
"""

from __future__ import annotations

from typing import Sequence

from mtcheck.checks.terminology import with_glossary
from mtcheck.engine import Annotator, Checker, RunResult
from mtcheck.inputs import InputSpec, load_segments
from mtcheck.records import Segment
from mtcheck.settings import Settings


def annotators_for(settings: Settings) -> list[Annotator]:
    """The scorers a run uses under these settings (none yet without models)."""
    return []


def check_segments(segments: Sequence[Segment], settings: Settings | None = None) -> RunResult:
    settings = settings or Settings()
    selection = with_glossary(settings.selection, settings.glossary)
    checker = Checker(selection=selection, annotators=annotators_for(settings), models=settings.models)
    return checker.run(segments)


def run_check(spec: InputSpec, settings: Settings | None = None) -> RunResult:
    settings = settings or Settings()
    return check_segments(load_segments(spec, models=settings.models), settings)
