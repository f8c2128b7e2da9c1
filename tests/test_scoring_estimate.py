"""The 0-100 quality estimate: its features, the fitted models shipped with the package,
and the documented formula with a reference (no model is run here)."""

from __future__ import annotations

import math

import pytest

from mtcheck.records import Category, Finding, Segment, SegmentResult, Severity, Span
from mtcheck.scoring.estimate import Linear, QualityEstimate, estimate, features, load_models, reference_score

SRC = "Переговоры возобновятся в понедельник в Женеве."
MT = "The talks will resume on Monday in Geneva."


def _finding(code: str, severity: Severity) -> Finding:
    return Finding(code, "x", Category.FLUENCY, severity, "m", Span("mt", 0, 3))


def test_features_count_rule_findings_only_and_measure_length() -> None:
    result = SegmentResult(
        Segment(id="1", mt=MT, src=SRC),
        findings=[_finding("MT101", Severity.CRITICAL), _finding("MT101", Severity.MAJOR), _finding("MT901", Severity.MINOR)],
        scores={"fluency": 62.0, "surprisal": 7.5, "cos_src_mt": 0.9},
    )
    values = features(result)
    assert values["critical"] == 1 and values["major"] == 1 and values["minor"] == 0  # MT901 uses a model
    assert values["fluency"] == pytest.approx(0.62) and values["surprisal"] == 7.5
    assert values["cos_src_mt"] == 0.9 and values["cos_src_mt_sq"] == pytest.approx(0.81)
    assert values["len_dev"] == pytest.approx(abs(math.log(len(MT) / len(SRC) / 1.04)))
    assert values["src_words"] == pytest.approx(math.log1p(6))
    assert values["src_punct"] == 0 and values["src_digit"] == 0 and values["src_upper"] == pytest.approx(2 / (len(SRC) + 1))
    assert values["cos_x_fluency"] == pytest.approx(0.9 * 0.62)


def test_features_without_source_or_models() -> None:
    values = features(SegmentResult(Segment(id="1", mt=MT)))
    assert set(values) == {"critical", "major", "minor"}
    with_lm = features(SegmentResult(Segment(id="1", mt=MT), scores={"fluency": 5.0, "surprisal": 9.0}))
    assert with_lm["fluency_low"] == pytest.approx(0.05) and "len_dev" not in with_lm


def test_finding_counts_are_capped_at_three() -> None:
    result = SegmentResult(Segment(id="1", mt=MT), findings=[_finding("MT101", Severity.CRITICAL)] * 5)
    assert features(result)["critical"] == 3


def test_linear_model_arithmetic() -> None:
    model = Linear.from_dict(
        "t",
        {"features": ["a", "b"], "mean": {"a": 1.0, "b": 0.0}, "scale": {"a": 2.0, "b": 1.0},
         "weights": {"a": 4.0, "b": -1.0}, "intercept": 50.0},
    )
    assert model.predict({"a": 3.0, "b": 2.0}) == pytest.approx(50 + 4 * (3 - 1) / 2 - 2)
    assert model.usable({"a": 1.0, "b": 1.0}) and not model.usable({"a": 1.0})


@pytest.mark.parametrize(
    "chrf,cos,fluency,expected",
    [
        (60.0, 1.00, None, 0.3 * 60 + 0.7 * 100),
        (60.0, 0.85, None, 0.3 * 60 + 0.7 * 50),
        (60.0, 0.70, None, 0.3 * 60),
        (60.0, 0.50, None, 0.3 * 60),  # below an unrelated sentence: the cosine's scale stops at 0
        (40.0, None, None, 40.0),
        (None, 0.85, None, 50.0),
        (60.0, 0.85, 80.0, (0.3 * 60 + 0.7 * 50 + 0.1 * 80) / 1.1),
        (None, None, 80.0, None),  # fluency alone is not a reference score
        (None, None, None, None),
    ],
)
def test_reference_score_formula(chrf, cos, fluency, expected) -> None:  # type: ignore[no-untyped-def]
    value = reference_score(chrf, cos, fluency)
    assert value == (pytest.approx(expected) if expected is not None else None)


def test_shipped_models_were_fitted_and_are_complete() -> None:
    models = load_models()
    assert [m.name for m in models] == ["src+embeddings", "src"]
    full, fallback = models
    assert "cos_src_mt" in full.features and not any(f.startswith("cos") for f in fallback.features)
    for model in models:
        assert all(math.isfinite(w) for w in model.weights) and all(s > 0 for s in model.scale)
        assert 20 < model.intercept < 90  # the mean DA of the training data, on 0-100


def _typical() -> dict[str, float]:
    full = load_models()[0]
    return dict(zip(full.features, full.mean))


def test_estimate_rises_with_similarity_and_falls_with_critical_findings() -> None:
    base = _typical()
    low, high = dict(base), dict(base)
    for values, cos in ((low, 0.80), (high, 0.92)):
        values.update(cos_src_mt=cos, cos_src_mt_sq=cos**2, cos_src_mt_cube=cos**3, cos_x_len_dev=cos * base["len_dev"],
                      cos_x_src_words=cos * base["src_words"], cos_x_fluency=cos * base["fluency"])
    assert estimate(high, {}, True)[0] > estimate(low, {}, True)[0] + 5
    flagged = dict(base, critical=2.0)
    assert estimate(flagged, {}, True)[0] < estimate(base, {}, True)[0]


def test_estimate_falls_back_without_embeddings_and_needs_a_source() -> None:
    values = {k: v for k, v in _typical().items() if not k.startswith("cos")}
    qe, quality = estimate(values, {}, True)
    assert qe is not None and 0 <= qe <= 100 and quality == qe
    assert estimate(values, {}, False) == (None, None)


def test_quality_with_a_reference_is_the_reference_score() -> None:
    values = _typical()
    qe, quality = estimate(values, {"chrf": 60.0, "cos_ref_mt": 0.85}, True)
    assert qe is not None and quality == pytest.approx(0.3 * 60 + 0.7 * 50)
    assert estimate({}, {"chrf": 60.0, "cos_ref_mt": 0.85}, False) == (None, pytest.approx(0.3 * 60 + 0.7 * 50))
    worse = estimate(values, {"chrf": 30.0, "cos_ref_mt": 0.80}, True)[1]
    assert worse is not None and worse < quality


def test_scorer_writes_qe_quality_and_corpus_means() -> None:
    results = [
        SegmentResult(Segment(id="1", mt=MT, src=SRC, ref=MT), scores={"fluency": 70.0, "surprisal": 7.0, "cos_src_mt": 0.91, "chrf": 100.0, "cos_ref_mt": 1.0}),
        SegmentResult(Segment(id="2", mt=MT, src=SRC), scores={"fluency": 70.0, "surprisal": 7.0, "cos_src_mt": 0.91}),
        SegmentResult(Segment(id="3", mt=MT)),
    ]
    scorer = QualityEstimate()
    scorer.annotate(results)
    assert results[0].scores["qe"] == pytest.approx(results[1].scores["qe"])
    assert results[0].scores["quality"] == pytest.approx((100.0 + 0.1 * 70.0) / 1.1, abs=1e-2)
    assert results[1].scores["quality"] == results[1].scores["qe"]
    assert "qe" not in results[2].scores and "quality" not in results[2].scores
    corpus = scorer.corpus_scores(results)
    assert corpus["qe"] == pytest.approx(results[0].scores["qe"])
    assert scorer.signature() == "estimate:v1"
