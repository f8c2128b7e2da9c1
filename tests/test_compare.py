"""`mtcheck compare BASE NEW`: metric deltas with sacrebleu's paired bootstrap, new and fixed findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sacrebleu.metrics import CHRF
from typer.testing import CliRunner

from mtcheck.api import check_segments
from mtcheck.cli import app
from mtcheck.compare import compare_key, compare_runs, paired_bootstrap
from mtcheck.errors import ConfigError, InputError
from mtcheck.records import Segment
from mtcheck.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
runner = CliRunner()


def reference_lines() -> list[str]:
    return [line for line in (SAMPLES / "rutte-ceasefire.ref.en.txt").read_text(encoding="utf-8").splitlines() if line.strip()]


def degrade(line: str) -> str:
    """A worse output of the same sentence: every third word dropped."""
    words = line.split()
    return " ".join(w for i, w in enumerate(words) if i % 3 != 1)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("compare")
    refs = reference_lines()
    paths = {
        "ref": tmp / "ref.txt",
        "good": tmp / "good.txt",
        "bad": tmp / "bad.txt",
    }
    paths["ref"].write_text("\n".join(refs) + "\n", encoding="utf-8")
    # The "good" system is the reference with one sentence changed, the "bad" one drops words everywhere.
    good = list(refs)
    good[0] = good[0].replace("rules out", "rules rules out", 1)
    paths["good"].write_text("\n".join(good) + "\n", encoding="utf-8")
    paths["bad"].write_text("\n".join(degrade(r) for r in refs) + "\n", encoding="utf-8")
    return paths


def test_paired_bootstrap_matches_sacrebleu_scores(files: dict[str, Path]) -> None:
    refs = reference_lines()
    bad = [degrade(r) for r in refs]
    (chrf,) = paired_bootstrap(bad, refs, [refs], ["chrf"], n_samples=200)
    assert chrf.base == pytest.approx(CHRF().corpus_score(bad, [refs]).score)
    assert chrf.new == pytest.approx(100.0)
    assert chrf.delta > 0 and chrf.significant and not chrf.worse
    assert 0 < chrf.p_value < 0.05
    assert "nrefs:1" in chrf.signature and "bs:200" in chrf.signature


def test_identical_outputs_are_not_significantly_different() -> None:
    refs = reference_lines()
    hyps = [degrade(r) for r in refs]
    # (sacrebleu's test gives p = 1/(n+1) when every resample ties; a zero delta is never significant.)
    for delta in paired_bootstrap(hyps, hyps, [refs], ["bleu", "chrf", "ter"], n_samples=100):
        assert delta.delta == 0 and not delta.significant


def test_cli_compare_better_then_worse(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "cmp.json"
    common = ["--ref", str(files["ref"]), "--no-models", "--samples", "200", "--fail-on", "never"]
    better = runner.invoke(app, ["compare", str(files["bad"]), str(files["good"]), *common, "-f", "json", "-o", str(out)])
    assert better.exit_code == 0, better.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [m["metric"] for m in doc["metrics"]] == ["bleu", "chrf", "ter"]
    by = {m["metric"]: m for m in doc["metrics"]}
    assert by["chrf"]["delta"] > 0 and by["ter"]["delta"] < 0 and not any(m["worse"] for m in doc["metrics"])
    # The doubled "rules" is new in NEW.
    assert [(f["id"], f["code"]) for f in doc["findings"]["new"]] == [("1", "MT301")]
    worse = runner.invoke(app, ["compare", str(files["good"]), str(files["bad"]), *common])
    assert worse.exit_code == 1
    assert "worse (p = " in worse.output
    assert "Fixed since" in worse.output


def test_findings_new_and_fixed_on_the_sample_pairs(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in (SAMPLES / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    for r in rows:
        if r["id"] == "neg-1":
            r["mt"] = r["mt"].replace("is more considered", "is no longer considered")
        if r["id"] == "ok-1":
            r["mt"] = r["mt"] + " Skip to main content"
        if r["id"] == "rep-1":
            r["mt"] = "Moreover, " + r["mt"]  # edited, but the doubled word is still there
    new = tmp_path / "new.jsonl"
    new.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "cmp.json"
    result = runner.invoke(
        app, ["compare", str(SAMPLES / "pairs.jsonl"), str(new), "--no-models", "-f", "json", "-o", str(out), "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert ("neg-1", "MT401") in [(f["id"], f["code"]) for f in doc["findings"]["fixed"]]
    assert all(f["id"] != "rep-1" for f in doc["findings"]["new"] + doc["findings"]["fixed"])
    assert doc["metrics"] == [] and "no reference" in doc["notes"][0]
    # Without references, asking for a metric is an error, not a silent pass.
    asked = runner.invoke(app, ["compare", str(SAMPLES / "pairs.jsonl"), str(new), "--no-models", "--metric", "chrf"])
    assert asked.exit_code == 2 and "need a reference" in asked.output


def test_compare_markdown(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "cmp.md"
    result = runner.invoke(
        app,
        ["compare", str(files["good"]), str(files["bad"]), "--ref", str(files["ref"]), "--no-models", "--samples", "100",
         "--metric", "chrf", "-f", "markdown", "-o", str(out)],
    )
    assert result.exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith("## mtcheck compare") and "| chrf |" in text and "worse (p = " in text


def test_compare_key_ignores_edits_elsewhere_in_the_sentence() -> None:
    settings = Settings(models=False)
    a = check_segments([Segment(id="1", mt="He said that for for years.")], settings)
    b = check_segments([Segment(id="1", mt="He also said that for for years.")], settings)
    (ra, fa), (rb, fb) = next(a.findings()), next(b.findings())
    assert compare_key(ra, fa) == compare_key(rb, fb)
    result = compare_runs(a, b)
    assert result.new_findings == [] and result.fixed_findings == [] and result.unchanged == 1


def test_mismatched_inputs_are_errors(tmp_path: Path) -> None:
    settings = Settings(models=False)
    a = check_segments([Segment(id="1", mt="A."), Segment(id="2", mt="B.")], settings)
    b = check_segments([Segment(id="1", mt="A.")], settings)
    with pytest.raises(InputError, match="has 1 segments"):
        compare_runs(a, b)
    c = check_segments([Segment(id="1", mt="A."), Segment(id="3", mt="B.")], settings)
    with pytest.raises(InputError, match="same ids"):
        compare_runs(a, c)
    with pytest.raises(ConfigError, match="unknown metric"):
        paired_bootstrap(["a"], ["a"], [["a"]], ["meteor"])
    short = tmp_path / "short.txt"
    short.write_text("One line.\n", encoding="utf-8")
    result = runner.invoke(app, ["compare", str(SAMPLES / "rutte-ceasefire.ref.en.txt"), str(short), "--no-models"])
    assert result.exit_code == 2 and "segments" in result.output
