"""Baselines: accept today's findings, report only new ones, list stale entries; per-record ignore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.baseline import Baseline
from mtcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "samples" / "pairs.jsonl"
ARTICLE = ROOT / "samples" / "rutte-ceasefire.mt.en.txt"
runner = CliRunner()


def rows() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def report(tmp_path: Path, *args: str) -> tuple[int, dict, str]:
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["check", *args, "--no-models", "-f", "json", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(out.read_text(encoding="utf-8")), result.output


def codes(doc: dict) -> list[tuple[str, str]]:
    return [(s["id"], f["code"]) for s in doc["segments"] for f in s["findings"]]


@pytest.fixture()
def accepted(tmp_path: Path) -> Path:
    path = tmp_path / "baseline.json"
    result = runner.invoke(app, ["baseline", str(PAIRS), "--no-models", "-o", str(path), "--reason", "known"])
    assert result.exit_code == 0, result.output
    return path


def test_baseline_command_writes_every_finding(tmp_path: Path, accepted: Path) -> None:
    code, doc, _ = report(tmp_path, str(PAIRS))
    assert code == 1
    base = Baseline.load(str(accepted))
    assert len(base.entries) == len(codes(doc)) > 0
    assert {e.code for e in base.entries} == {c for _, c in codes(doc)}
    assert all(e.reason == "known" and e.mt for e in base.entries)
    raw = json.loads(accepted.read_text(encoding="utf-8"))
    assert raw["mtcheck_baseline"] == 1


def test_baseline_suppresses_known_findings(tmp_path: Path, accepted: Path) -> None:
    code, doc, output = report(tmp_path, str(PAIRS), "--baseline", str(accepted))
    assert code == 0
    assert codes(doc) == []
    assert doc["baseline"]["suppressed"] == len(Baseline.load(str(accepted)).entries)
    assert doc["baseline"]["stale"] == []
    assert "known finding(s) suppressed" in output


def test_fingerprints_survive_lines_moving(tmp_path: Path, accepted: Path) -> None:
    moved = rows()[::-1]
    moved.insert(2, {"id": "new-0", "mt": "A clean sentence about the talks."})
    for i, r in enumerate(moved):
        r["id"] = f"renamed-{i}"
    path = write_jsonl(tmp_path / "moved.jsonl", moved)
    code, doc, _ = report(tmp_path, str(path), "--baseline", str(accepted))
    assert code == 0 and codes(doc) == []


def test_new_finding_is_reported_and_fixed_one_is_stale(tmp_path: Path, accepted: Path) -> None:
    changed = rows()
    for r in changed:
        if r["id"] == "rep-1":
            r["mt"] = r["mt"].replace("for for", "for")  # fixed
    changed.append({"id": "fresh", "mt": "Переведено сервисом «Яндекс Переводчик»"})
    path = write_jsonl(tmp_path / "changed.jsonl", changed)
    code, doc, output = report(tmp_path, str(path), "--baseline", str(accepted))
    assert code == 1
    assert {seg for seg, _ in codes(doc)} == {"fresh"}
    stale = doc["baseline"]["stale"]
    assert [(e["code"], e["text"]) for e in stale] == [("MT301", "for for")]
    assert "stale entry MT301" in output


def test_merge_keeps_old_entries(tmp_path: Path, accepted: Path) -> None:
    before = {e.fingerprint for e in Baseline.load(str(accepted)).entries}
    extra = write_jsonl(tmp_path / "extra.jsonl", [{"id": "x", "mt": "Skip to main content"}])
    result = runner.invoke(app, ["baseline", str(extra), "--no-models", "-o", str(accepted), "--merge"])
    assert result.exit_code == 0, result.output
    after = {e.fingerprint for e in Baseline.load(str(accepted)).entries}
    assert before < after


def test_baseline_for_a_document_input(tmp_path: Path) -> None:
    path = tmp_path / "doc-baseline.json"
    assert runner.invoke(app, ["baseline", str(ARTICLE), "--doc", "--no-models", "-o", str(path)]).exit_code == 0
    assert runner.invoke(app, ["check", str(ARTICLE), "--doc", "--no-models", "--baseline", str(path)]).exit_code == 0


def test_baseline_from_config_file(tmp_path: Path, accepted: Path) -> None:
    cfg = tmp_path / "mtcheck.toml"
    cfg.write_text(f'baseline = "{accepted.name}"\n', encoding="utf-8")
    assert runner.invoke(app, ["check", str(PAIRS), "--no-models", "--config", str(cfg)]).exit_code == 0


@pytest.mark.parametrize(
    "content,problem",
    [
        ("{not json", "not valid JSON"),
        ('{"entries": []}', "not an mtcheck baseline"),
        ('{"mtcheck_baseline": 1, "entries": [{"code": "MT401"}]}', "lacks a fingerprint"),
    ],
)
def test_bad_baseline_file_exits_2(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["check", str(PAIRS), "--no-models", "--baseline", str(path)])
    assert result.exit_code == 2 and problem in result.output and str(path) in result.output


def test_missing_baseline_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(PAIRS), "--no-models", "--baseline", str(tmp_path / "none.json")])
    assert result.exit_code == 2 and "no such baseline file" in result.output


def test_baseline_needs_an_output_path() -> None:
    result = runner.invoke(app, ["baseline", str(PAIRS), "--no-models"])
    assert result.exit_code == 2 and "-o PATH" in result.output


def test_ignore_column_suppresses_codes_per_record(tmp_path: Path) -> None:
    records = rows()
    _, doc, _ = report(tmp_path, str(PAIRS))
    before = codes(doc)
    assert ("neg-1", "MT401") in before and ("junk-1", "MT201") in before
    for r in records:
        if r["id"] == "neg-1":
            r["ignore"] = "MT4"
        if r["id"] == "junk-1":
            r["ignore"] = "MT201, MT9"
    path = write_jsonl(tmp_path / "ignored.jsonl", records)
    _, doc, _ = report(tmp_path, str(path))
    after = codes(doc)
    assert ("neg-1", "MT401") not in after
    assert ("junk-1", "MT201") not in after and ("junk-1", "MT101") in after
    # Other records keep every finding.
    assert [c for c in before if c[0] not in ("neg-1", "junk-1")] == [c for c in after if c[0] not in ("neg-1", "junk-1")]


def test_ignore_column_in_tsv(tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    path.write_text("id\tmt\tignore\n1\tSkip to main content\tMT2\n2\tSkip to main content\t\n", encoding="utf-8")
    _, doc, _ = report(tmp_path, str(path))
    assert [seg for seg, code in codes(doc) if code.startswith("MT2")] == ["2"]
