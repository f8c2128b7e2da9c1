"""Score thresholds: parsing, measuring on a run, and refusing what cannot be computed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.engine import RunResult
from mtcheck.errors import ConfigError
from mtcheck.records import Category, Finding, Segment, SegmentResult, Severity, Span
from mtcheck.thresholds import Threshold, check_computable, evaluate, merge

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "samples" / "pairs.jsonl"
runner = CliRunner()


def finding(severity: Severity) -> Finding:
    return Finding("MT301", "doubled-word", Category.REPETITION, severity, "doubled", Span("mt", 0, 1))


def run_of(*rows: tuple[list[Severity], dict[str, float]], corpus: dict | None = None) -> RunResult:
    results = [
        SegmentResult(Segment(id=str(i), mt="x y"), [finding(s) for s in sevs], dict(scores))
        for i, (sevs, scores) in enumerate(rows, 1)
    ]
    return RunResult(results=results, signature="test", checks=[], corpus=corpus or {})


@pytest.mark.parametrize(
    "text,expected",
    [
        ("corpus chrf >= 45", ("corpus", "chrf", ">=", 45.0)),
        ("  sentence fluency>30.5 ", ("sentence", "fluency", ">", 30.5)),
        ("share critical <= 2%", ("share", "critical", "<=", 0.02)),
        ("share MAJOR < 0.1", ("share", "major", "<", 0.1)),
        ("corpus ter <= 60", ("corpus", "ter", "<=", 60.0)),
        ("Corpus chrF++ >= 40", ("corpus", "chrf++", ">=", 40.0)),
    ],
)
def test_parse(text: str, expected: tuple) -> None:
    t = Threshold.parse(text)
    assert (t.scope, t.name, t.op, t.value) == expected


@pytest.mark.parametrize("text", ["chrf >= 45", "corpus chrf = 45", "corpus chrf >= x", "", "corpus >= 4", "share critical <= -1%"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ConfigError):
        Threshold.parse(text)


def test_corpus_threshold_passes_and_fails_on_the_value() -> None:
    run = run_of(([], {}), corpus={"chrf": 52.5, "bleu": {"score": 20.0, "signature": "nrefs:1"}, "note": "x"})
    ok, bad, mapped = evaluate(
        [Threshold.parse("corpus chrf >= 50"), Threshold.parse("corpus chrf >= 60"), Threshold.parse("corpus bleu < 25")], run
    )
    assert ok.passed and ok.value == 52.5
    assert not bad.passed
    assert mapped.passed and mapped.value == 20.0


def test_sentence_threshold_lists_the_failing_segments() -> None:
    run = run_of(([], {"fluency": 80.0}), ([], {"fluency": 20.0}), ([], {}), ([], {"fluency": 29.0}))
    (outcome,) = evaluate([Threshold.parse("sentence fluency >= 30")], run)
    assert not outcome.passed
    assert outcome.failing == ("2", "4")
    assert outcome.value == 20.0 and outcome.measured == 3
    (upper,) = evaluate([Threshold.parse("sentence fluency <= 90")], run)
    assert upper.passed and upper.value == 80.0


def test_share_counts_segments_at_or_above_the_severity() -> None:
    run = run_of(
        ([Severity.CRITICAL, Severity.MINOR], {}), ([Severity.MAJOR], {}), ([Severity.MINOR], {}), ([], {})
    )
    crit, major = evaluate([Threshold.parse("share critical <= 20%"), Threshold.parse("share major <= 40%")], run)
    assert crit.value == pytest.approx(0.25) and not crit.passed
    assert major.value == pytest.approx(0.5) and not major.passed
    (loose,) = evaluate([Threshold.parse("share critical <= 25%")], run)
    assert loose.passed


def test_a_score_the_run_did_not_produce_is_an_error_not_a_pass() -> None:
    run = run_of(([], {"chrf": 40.0}), corpus={"bleu": 10.0})
    with pytest.raises(ConfigError, match="no corpus score 'chrf'.*produced: bleu"):
        evaluate([Threshold.parse("corpus chrf >= 1")], run)
    with pytest.raises(ConfigError, match="no sentence score 'fluency'"):
        evaluate([Threshold.parse("sentence fluency >= 1")], run)


def test_known_scores_that_need_a_reference_fail_before_running() -> None:
    segments = [Segment(id="1", mt="A.", src="А.")]
    with pytest.raises(ConfigError, match="chrf needs a ref"):
        check_computable([Threshold.parse("corpus chrf >= 45")], segments, models=True)
    with pytest.raises(ConfigError, match="models are off"):
        check_computable([Threshold.parse("sentence fluency >= 30")], segments, models=False)
    # With a reference (or an extra one) it can be computed; unknown names are left to the run.
    check_computable([Threshold.parse("corpus chrf >= 45")], [Segment(id="1", mt="A.", extra_refs=("B.",))], True)
    check_computable([Threshold.parse("corpus my_metric >= 1")], segments, True)


def test_merge_replaces_the_same_quantity_and_direction() -> None:
    file = [Threshold.parse("corpus chrf >= 45"), Threshold.parse("corpus chrf <= 99"), Threshold.parse("share critical <= 1%")]
    merged = merge(file, [Threshold.parse("corpus chrf > 30")])
    assert [str(t) for t in merged] == ["corpus chrf <= 99", "share critical <= 1%", "corpus chrf > 30"]


# -- through the CLI -------------------------------------------------------------------------


def test_cli_share_threshold_sets_the_exit_code(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    args = ["check", str(PAIRS), "--no-models", "--fail-on", "never", "-f", "json", "-o", str(out)]
    loose = runner.invoke(app, [*args, "--threshold", "share major <= 100%"])
    assert loose.exit_code == 0, loose.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    flagged = sum(1 for s in doc["segments"] if any(f["severity"] in ("critical", "major") for f in s["findings"]))
    assert flagged > 0
    (outcome,) = doc["thresholds"]
    assert outcome["value"] == pytest.approx(flagged / len(doc["segments"])) and outcome["passed"]
    strict = runner.invoke(app, [*args, "--threshold", "share major <= 0%"])
    assert strict.exit_code == 1
    assert "threshold share major <= 0%: FAILED" in strict.output


def test_cli_threshold_without_reference_is_a_config_error(tmp_path: Path) -> None:
    mt_only = tmp_path / "mt.jsonl"
    mt_only.write_text('{"id": "1", "mt": "The talks went on."}\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(mt_only), "--no-models", "--threshold", "corpus chrf >= 45"])
    assert result.exit_code == 2
    assert "cannot be computed" in result.output and "chrf" in result.output


def test_cli_threshold_from_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "mtcheck.toml"
    cfg.write_text('fail-on = "never"\nthresholds = ["share major <= 0%"]\n', encoding="utf-8")
    assert runner.invoke(app, ["check", str(PAIRS), "--no-models", "--config", str(cfg)]).exit_code == 1
    # The command line replaces the file's threshold on the same quantity.
    loose = runner.invoke(app, ["check", str(PAIRS), "--no-models", "--config", str(cfg), "--threshold", "share major <= 100%"])
    assert loose.exit_code == 0
