"""The interface every scorer shares, and the progress hook they report through.

A scorer is an :class:`~mtcheck.engine.Annotator`: the engine hands it every result
of a run at once (so that it can batch), it writes per-segment numbers into
``result.scores`` (a flat dict of floats) and returns corpus-level numbers from
:meth:`Scorer.corpus_scores`. Its :meth:`Scorer.signature` names everything that can
change its numbers (metric settings, model name and weights hash, calibration
version), so that two runs with equal signatures are comparable.
"""

from __future__ import annotations

import contextlib
import math
from abc import ABC, abstractmethod
from typing import Any, Callable, ContextManager, Iterator, Sequence

from mtcheck.records import SegmentResult

Advance = Callable[[int], None]
# progress(label, total) -> a context manager yielding advance(n); None means silent.
Progress = Callable[[str, int], ContextManager[Advance]]


@contextlib.contextmanager
def silent(label: str, total: int) -> Iterator[Advance]:
    yield lambda n: None


class Scorer(ABC):
    """Adds scores to results in batches; see the module docstring."""

    name: str = "scorer"

    def __init__(self, progress: Progress | None = None) -> None:
        self.progress: Progress = progress or silent

    @abstractmethod
    def signature(self) -> str:
        """Everything that can change this scorer's numbers, in one short string."""

    @abstractmethod
    def annotate(self, results: Sequence[SegmentResult]) -> None:
        """Write per-segment scores into each ``result.scores``."""

    def corpus_scores(self, results: Sequence[SegmentResult]) -> dict[str, Any]:
        """Corpus-level numbers (default: none)."""
        return {}


def mean_score(results: Sequence[SegmentResult], key: str) -> float | None:
    """The mean of one per-segment score over the segments that have it."""
    values = [r.scores[key] for r in results if key in r.scores and not math.isnan(r.scores[key])]
    return sum(values) / len(values) if values else None
