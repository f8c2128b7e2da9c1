"""Fluency of the MT from a causal language model: a 0-100 score and per-token surprisal.

The language model (SmolLM2-135M by default, see :mod:`mtcheck.models.lm`) gives every
token of the MT a surprisal in bits, and the end of the text one more ("does the
sentence end here?"). A sentence's mean surprisal ``m`` (bits per predicted token,
the end included) is its raw fluency: lower reads more naturally to the model.

**The 0-100 scale.** Mean surprisal depends on length (the first words of any
sentence are hard to predict), so it is first compared with what human translations
of the same length get, then placed on the distribution of human translations::

    expected(n) = A + B / (n + 1)              n = number of tokens
    spread(n)   = sqrt(C + D / (n + 1))
    z           = (m - expected(n)) / spread(n)
    fluency     = 100 / (1 + exp(1.7 * z))

``A``, ``B``, ``C`` and ``D`` (:data:`CALIBRATION`) were fitted by ``bench/fluency.py
calibrate`` on the 1,000 human reference translations (reference A) of WMT21 ru-en
news: ``expected(n)`` by least squares on ``m``, ``spread(n)^2`` by least squares on
the squared residuals (short sentences vary more). The logistic of ``1.7 z`` is
close to the normal CDF, so a sentence scores roughly the percentage of human
reference translations *of its length* that the model finds less predictable than
it: 50 is as fluent as the typical human translation, 84 one standard deviation
better, 16 one worse; on those references the score has median 50 and 10th/90th
percentiles 9 and 90. The scale belongs to its model: the signature names both
(``fluency:v1``), and another ``--lm`` keeps the formula but not its meaning.

Per-token surprisal goes into ``result.details["surprisal"]``: the model, the unit,
``tokens`` as ``[start, end, bits]`` (character offsets into ``mt``) and ``end``
(the end-of-text surprisal).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from mtcheck.models.lm import DEFAULT_LM, LanguageModel, ModelInfo, TextSurprisal, load_lm
from mtcheck.records import SegmentResult
from mtcheck.scoring.base import Progress, Scorer, mean_score, silent
from mtcheck.text import share_cyrillic

FLUENCY_VERSION = "v1"
LM_RESOURCE = "mtcheck.scoring.lm"
"""Key of the shared :class:`SurprisalCache` in the engine's resources (check MT901 and
the fluency scorer use the same one, so the model runs once per text)."""


@dataclass(frozen=True)
class Calibration:
    """Constants of the fluency scale (see the module docstring) and the model they belong to."""

    a: float
    b: float
    c: float
    d: float
    model: str
    dtype: str = "float32"


# bench/fluency.py calibrate --dtype D (WMT21 ru-en reference A, SmolLM2-135M-Instruct Q4_1 dequantized).
CALIBRATION = Calibration(a=5.6504, b=32.861, c=1.1087, d=12.074, model="SmolLM2-135M-Instruct")
CALIBRATIONS = {
    (CALIBRATION.model, CALIBRATION.dtype): CALIBRATION,
    (CALIBRATION.model, "bfloat16"): Calibration(
        a=5.6430, b=34.833, c=1.0968, d=12.120, model=CALIBRATION.model, dtype="bfloat16"
    ),
}


def calibration_for(info: ModelInfo) -> Calibration:
    """The constants fitted for this model computing in this dtype.

    bfloat16 shifts surprisal a little, so it has constants of its own and a sentence
    keeps its score whichever the CPU picks. Other models get the default model's
    constants: the formula still ranks sentences, but 50 no longer means "a typical
    human translation".
    """
    return CALIBRATIONS.get((info.name, info.dtype)) or CALIBRATIONS.get((info.name, "float32")) or CALIBRATION


def fluency_score(surprisal: TextSurprisal, calibration: Calibration = CALIBRATION) -> float:
    """The 0-100 fluency of one text (see the module docstring)."""
    n = len(surprisal.tokens)
    expected = calibration.a + calibration.b / (n + 1)
    spread = math.sqrt(max(0.05, calibration.c + calibration.d / (n + 1)))
    z = (surprisal.mean_bits - expected) / spread
    return 100.0 / (1.0 + math.exp(max(-50.0, min(50.0, 1.7 * z))))


class SurprisalCache:
    """Per-token surprisal of texts, computed in length-sorted batches and remembered.

    One per run, shared through the engine's resources: check MT901 fills it for the
    MT of every segment, and the fluency scorer then finds them there.
    """

    def __init__(
        self,
        lm: str = DEFAULT_LM,
        batch_size: int = 32,
        threads: int | None = None,
        progress: Progress | None = None,
        dtype: str = "auto",
    ) -> None:
        self.lm_name = lm
        self.dtype = dtype
        self.batch_size = max(1, batch_size)
        self.threads = threads
        self.progress: Progress = progress or silent
        self._memo: dict[str, TextSurprisal] = {}
        self._model: LanguageModel | None = None

    @property
    def model(self) -> LanguageModel:
        if self._model is None:
            if self.threads:
                import torch

                torch.set_num_threads(self.threads)
            self._model = load_lm(self.lm_name, self.dtype)
        return self._model

    def get(self, texts: Sequence[str]) -> list[TextSurprisal]:
        """Surprisal of each text, in order; texts seen before are not scored again."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if todo:
            with self.progress("language model", len(todo)) as advance:
                scored = self.model.surprisal(todo, batch_size=self.batch_size, progress=advance)
            self._memo.update(zip(todo, scored))
        return [self._memo[t] for t in texts]


def scorable(text: str) -> bool:
    """Whether an English language model can judge the text: some letters, mostly not
    Cyrillic. An untranslated Russian line would otherwise get a fluency score (the
    model finds Cyrillic byte soup quite predictable); MT101 reports it instead."""
    return bool(text.strip()) and share_cyrillic(text) <= 0.5


def shared_cache(resources: dict[str, Any], **kwargs: Any) -> SurprisalCache:
    """The run's :class:`SurprisalCache` (made with ``kwargs`` if there is none yet)."""
    cache = resources.get(LM_RESOURCE)
    if not isinstance(cache, SurprisalCache):
        cache = resources[LM_RESOURCE] = SurprisalCache(**kwargs)
    return cache


class Fluency(Scorer):
    """Writes ``fluency`` (0-100) and ``surprisal`` (mean bits per token) for every MT."""

    name = "fluency"

    def __init__(self, cache: SurprisalCache, tokens: bool = True) -> None:
        super().__init__(cache.progress)
        self.cache = cache
        self.tokens = tokens

    def signature(self) -> str:
        return f"lm:{self.cache.model.signature()}|fluency:{FLUENCY_VERSION}"

    def annotate(self, results: Sequence[SegmentResult]) -> None:
        scored = [r for r in results if scorable(r.segment.mt)]
        if not scored:
            return
        surprisals = self.cache.get([r.segment.mt for r in scored])
        info = self.cache.model.info
        model = info.signature()
        calibration = calibration_for(info)
        for result, s in zip(scored, surprisals):
            result.scores["fluency"] = round(fluency_score(s, calibration), 3)
            result.scores["surprisal"] = round(s.mean_bits, 4)
            if self.tokens:
                result.details["surprisal"] = {
                    "model": model,
                    "unit": "bits",
                    "tokens": [[t.start, t.end, round(t.bits, 3)] for t in s.tokens],
                    "end": round(s.end_bits, 3),
                    **({"truncated": True} if s.truncated else {}),
                }

    def corpus_scores(self, results: Sequence[SegmentResult]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        value = mean_score(results, "fluency")
        if value is not None:
            out["fluency"] = value
            out["surprisal"] = mean_score(results, "surprisal")
            out["language_model"] = self.cache.model.info.to_dict()
        return out
