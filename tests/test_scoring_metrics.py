"""sacrebleu metrics per sentence and per corpus, several references, round-trip chrF, and
the command-line options that choose them (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.errors import ConfigError
from mtcheck.records import Segment, SegmentResult
from mtcheck.scoring.metrics import ReferenceMetrics, parse_metrics

runner = CliRunner()

HYPS = ["The talks will resume on Monday.", "Prices rose sharply in Moscow.", "He did not come."]
REFS_A = ["Talks will resume on Monday.", "Prices in Moscow rose sharply.", "He never came."]
REFS_B = ["The negotiations resume on Monday.", "Moscow prices went up sharply.", "He did not show up."]


def _results(refs_b: list[str | None]) -> list[SegmentResult]:
    return [
        SegmentResult(Segment(id=str(i), mt=h, ref=a, extra_refs=(b,) if b else ()))
        for i, (h, a, b) in enumerate(zip(HYPS, REFS_A, refs_b))
    ]


def test_sentence_scores_equal_sacrebleu() -> None:
    results = _results([None, None, None])
    ReferenceMetrics(("bleu", "chrf", "chrf++", "ter")).annotate(results)
    for r, hyp, ref in zip(results, HYPS, REFS_A):
        assert r.scores["bleu"] == pytest.approx(BLEU(effective_order=True).sentence_score(hyp, [ref]).score)
        assert r.scores["chrf"] == pytest.approx(CHRF().sentence_score(hyp, [ref]).score)
        assert r.scores["chrf++"] == pytest.approx(CHRF(word_order=2).sentence_score(hyp, [ref]).score)
        assert r.scores["ter"] == pytest.approx(TER().sentence_score(hyp, [ref]).score)


def test_corpus_scores_with_two_references_and_signatures() -> None:
    results = _results(REFS_B)
    scorer = ReferenceMetrics()
    scorer.annotate(results)
    corpus = scorer.corpus_scores(results)
    assert corpus["bleu"] == pytest.approx(BLEU().corpus_score(HYPS, [REFS_A, REFS_B]).score)
    assert corpus["chrf"] == pytest.approx(CHRF().corpus_score(HYPS, [REFS_A, REFS_B]).score)
    assert corpus["ter"] == pytest.approx(TER().corpus_score(HYPS, [REFS_A, REFS_B]).score)
    assert corpus["reference_segments"] == 3
    signatures = corpus["metric_signatures"]
    assert signatures["bleu"].startswith("nrefs:2|") and "version:" in signatures["bleu"]
    assert "eff:yes" in signatures["sentence_bleu"]
    # A second reference can only help BLEU here: each sentence matches one of them better.
    assert results[2].scores["bleu"] == pytest.approx(
        BLEU(effective_order=True).sentence_score(HYPS[2], [REFS_A[2], REFS_B[2]]).score
    )


def test_variable_number_of_references() -> None:
    results = _results([REFS_B[0], None, None])
    scorer = ReferenceMetrics(("bleu",))
    scorer.annotate(results)
    corpus = scorer.corpus_scores(results)
    assert corpus["bleu"] == pytest.approx(BLEU().corpus_score(HYPS, [REFS_A, [REFS_B[0], None, None]]).score)
    assert corpus["metric_signatures"]["bleu"].startswith("nrefs:var|")


def test_segments_without_reference_get_no_reference_scores() -> None:
    results = [
        SegmentResult(Segment(id="1", mt=HYPS[0], ref=REFS_A[0])),
        SegmentResult(Segment(id="2", mt=HYPS[1])),
        SegmentResult(Segment(id="3", mt=HYPS[2], ref="   ")),
    ]
    scorer = ReferenceMetrics()
    scorer.annotate(results)
    assert set(results[0].scores) == {"bleu", "chrf", "ter"}
    assert results[1].scores == {} and results[2].scores == {}
    corpus = scorer.corpus_scores(results)
    assert corpus["reference_segments"] == 1
    assert corpus["chrf"] == pytest.approx(CHRF().corpus_score(HYPS[:1], [REFS_A[:1]]).score)
    assert scorer.corpus_scores([SegmentResult(Segment(id="x", mt="a"))]) == {}


def test_round_trip_chrf_of_back_translation_against_source() -> None:
    src, back = "Переговоры возобновятся в понедельник.", "Переговоры возобновятся в понедельник утром."
    results = [SegmentResult(Segment(id="1", mt=HYPS[0], src=src, back=back)), SegmentResult(Segment(id="2", mt="x", src=src))]
    scorer = ReferenceMetrics()
    scorer.annotate(results)
    assert results[0].scores["roundtrip_chrf"] == pytest.approx(CHRF().sentence_score(back, [src]).score)
    assert "roundtrip_chrf" not in results[1].scores
    corpus = scorer.corpus_scores(results)
    assert corpus["roundtrip_chrf"] == pytest.approx(CHRF().corpus_score([back], [[src]]).score)
    assert "roundtrip_chrf" in corpus["metric_signatures"]


@pytest.mark.parametrize(
    "values,expected",
    [
        (["bleu,chrf++"], ("bleu", "chrf++")),
        (["TER", "chrf;bleu", "ter"], ("ter", "chrf", "bleu")),
        ([" chrf "], ("chrf",)),
    ],
)
def test_parse_metrics(values: list[str], expected: tuple[str, ...]) -> None:
    assert parse_metrics(values) == expected


@pytest.mark.parametrize("bad", ["bleurt", "comet", "chrf+++"])
def test_unknown_metric_is_a_config_error(bad: str) -> None:
    with pytest.raises(ConfigError, match="unknown metric"):
        parse_metrics([bad])


def test_signature_names_sacrebleu_and_metrics() -> None:
    import sacrebleu

    assert ReferenceMetrics(("chrf++", "ter")).signature() == f"sacrebleu:{sacrebleu.__version__}:chrf++,ter"


def _aligned(tmp_path: Path) -> list[str]:
    for name, lines in (("mt", HYPS), ("ref", REFS_A), ("ref2", REFS_B)):
        (tmp_path / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["--mt", str(tmp_path / "mt.txt"), "--ref", str(tmp_path / "ref.txt"), "--ref", str(tmp_path / "ref2.txt")]


def test_cli_two_refs_and_chrf_plus_plus_without_models(tmp_path: Path) -> None:
    args = ["check", *_aligned(tmp_path), "--no-models", "--metric", "chrf++,bleu", "--format", "json", "--fail-on", "never"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["corpus"]["chrf++"] == pytest.approx(CHRF(word_order=2).corpus_score(HYPS, [REFS_A, REFS_B]).score)
    assert doc["corpus"]["metric_signatures"]["chrf++"].startswith("nrefs:2|")
    assert "ter" not in doc["corpus"]
    assert doc["segments"][0]["extra_refs"] == [REFS_B[0]]
    assert set(doc["segments"][0]["scores"]) == {"chrf++", "bleu"}
    assert "sacrebleu:" in doc["signature"] and "lm:" not in doc["signature"]
    assert doc["settings"]["metrics"] == ["chrf++", "bleu"]


def test_cli_terminal_summary_shows_corpus_scores_and_signatures(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", *_aligned(tmp_path), "--no-models", "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    assert "chrf: " in result.stdout and "bleu signature: nrefs:2|" in result.stdout


@pytest.mark.parametrize(
    "extra,message",
    [
        (["--metric", "meteor"], "unknown metric"),
        (["--batch-size", "0"], "--batch-size"),
        (["--threads", "0"], "--threads"),
        (["--lm-dtype", "float16"], "--lm-dtype"),
    ],
)
def test_cli_bad_scoring_options_exit_2(tmp_path: Path, extra: list[str], message: str) -> None:
    result = runner.invoke(app, ["check", *_aligned(tmp_path), "--no-models", *extra])
    assert result.exit_code == 2 and message in result.stderr


def test_cli_extra_ref_with_mismatched_lines_names_the_file(tmp_path: Path) -> None:
    args = _aligned(tmp_path)
    (tmp_path / "ref2.txt").write_text("only one line\n", encoding="utf-8")
    result = runner.invoke(app, ["check", *args, "--no-models"])
    assert result.exit_code == 2 and "ref2.txt" in result.stderr


def test_cli_extra_ref_needs_line_aligned_input(tmp_path: Path) -> None:
    table = tmp_path / "in.jsonl"
    table.write_text(json.dumps({"mt": HYPS[0]}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(table), "--ref", "a.txt", "--ref", "b.txt", "--no-models"])
    assert result.exit_code == 2 and "line-aligned" in result.stderr
