"""`review stats`: per check code, how often editors confirmed or dismissed its findings."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.review.stats import review_stats
from mtcheck.review.store import FindingRef, ReviewFile


def make_review(path: Path, verdicts: list[tuple[str, str | None]], flagged: dict[str, int]) -> ReviewFile:
    review = ReviewFile.open(str(path), f"sha256:{path.name}", path.name.split(".")[0], 10)
    review.set_flagged(flagged)
    for i, (code, verdict) in enumerate(verdicts):
        ref = FindingRef(f"{path.name}-{i}", code, f"check-{code}", str(i), "x")
        if verdict is None:
            review.set_note(ref, "unsure", "ann")
        else:
            review.set_verdict(ref, verdict, "ann")
    return review


def two_reviews(tmp_path: Path) -> list[ReviewFile]:
    return [
        make_review(
            tmp_path / "a.jsonl.mtcheck-review.json",
            [("MT201", "dismissed"), ("MT201", "dismissed"), ("MT201", "confirmed"), ("MT401", "confirmed")],
            {"MT201": 4, "MT401": 1},
        ),
        make_review(
            tmp_path / "b.jsonl.mtcheck-review.json",
            [("MT201", "dismissed"), ("MT301", None), ("MT301", "confirmed")],
            {"MT201": 1, "MT301": 2, "MT501": 3},
        ),
    ]


def test_counts_are_summed_across_review_files(tmp_path: Path) -> None:
    rows = {r.code: r for r in review_stats(two_reviews(tmp_path))}
    assert sorted(rows) == ["MT201", "MT301", "MT401", "MT501"]
    assert (rows["MT201"].findings, rows["MT201"].confirmed, rows["MT201"].dismissed, rows["MT201"].undecided) == (5, 1, 3, 1)
    assert rows["MT201"].dismissed_share == 0.75
    assert (rows["MT301"].confirmed, rows["MT301"].dismissed, rows["MT301"].undecided) == (1, 0, 1)
    assert (rows["MT501"].findings, rows["MT501"].decided, rows["MT501"].dismissed_share) == (3, 0, None)
    assert rows["MT401"].check == "check-MT401"


def test_cli_stats_table_and_json(tmp_path: Path) -> None:
    two_reviews(tmp_path)
    runner = CliRunner()
    table = runner.invoke(app, ["review", "stats", str(tmp_path / "a.jsonl.mtcheck-review.json"), str(tmp_path / "b.jsonl")])
    assert table.exit_code == 0, table.output
    assert "2 review files" in table.output
    line = next(line for line in table.output.splitlines() if "MT201" in line)
    assert [cell for cell in line.replace("│", " ").split() if cell.isdigit() or cell.endswith("%")] == ["5", "1", "3", "1", "75%"]
    as_json = runner.invoke(app, ["review", "stats", str(tmp_path), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    doc = json.loads(as_json.output)
    assert doc["reviews"] == 2
    assert {c["code"]: c["dismissed"] for c in doc["codes"]} == {"MT201": 3, "MT301": 0, "MT401": 0, "MT501": 0}


def test_cli_stats_refuses_files_that_are_not_reviews(tmp_path: Path) -> None:
    bad = tmp_path / "feed.jsonl"
    bad.write_text('{"id": "1", "mt": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["review", "stats", str(bad)])
    assert result.exit_code == 2
    assert "not valid JSON" in result.output or "not an mtcheck review file" in result.output
    empty = CliRunner().invoke(app, ["review", "stats", str(tmp_path)])
    assert empty.exit_code == 2 and "no review files" in empty.output
