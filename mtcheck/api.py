"""The high-level API: settings and segments in, a finished run out.

This is what the CLI calls, and what other programs should import::

    from mtcheck.api import run_check
    from mtcheck.inputs import InputSpec
    run = run_check(InputSpec(path="feed.jsonl"))
"""

from __future__ import annotations

from typing import Any, Sequence

from mtcheck.checks.terminology import with_glossary
from mtcheck.engine import Annotator, Checker, RunResult
from mtcheck.inputs import InputSpec, load_segments
from mtcheck.records import Segment
from mtcheck.settings import Settings


def annotators_for(settings: Settings, resources: dict[str, Any] | None = None) -> list[Annotator]:
    """The scorers a run uses under these settings (:func:`mtcheck.scoring.build_scorers`).

    ``resources`` is the dict the run's Checker shares with its checks, so that a
    model-based check and a scorer use one loaded model.
    """
    from mtcheck.scoring import build_scorers

    return list(build_scorers(settings, resources))


def check_segments(segments: Sequence[Segment], settings: Settings | None = None) -> RunResult:
    settings = settings or Settings()
    selection = with_glossary(settings.selection, settings.glossary)
    resources: dict[str, Any] = {}
    checker = Checker(
        selection=selection, annotators=annotators_for(settings, resources), resources=resources, models=settings.models
    )
    return checker.run(segments)


def run_check(spec: InputSpec, settings: Settings | None = None) -> RunResult:
    settings = settings or Settings()
    return check_segments(load_segments(spec, models=settings.models), settings)
