"""`mtcheck review INPUT` is `mtcheck review open INPUT`; its errors are one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.review.store import FindingRef, ReviewFile


def test_review_help_lists_its_commands() -> None:
    result = CliRunner().invoke(app, ["review", "--help"])
    assert result.exit_code == 0
    for command in ("open", "export", "stats"):
        assert command in result.output


@pytest.mark.parametrize("prefix", [[], ["open"]])
def test_a_missing_input_is_one_line_and_exit_2(tmp_path: Path, prefix: list[str]) -> None:
    result = CliRunner().invoke(app, ["review", *prefix, str(tmp_path / "nope.jsonl"), "--no-browser"])
    assert result.exit_code == 2
    assert "nope.jsonl: no such file" in result.output
    assert "Traceback" not in result.output


def test_options_first_still_open_a_review(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["review", "--mt", str(tmp_path / "nope.txt"), "--no-browser"])
    assert result.exit_code == 2
    assert "nope.txt: no such file" in result.output


def test_a_review_file_of_another_input_is_refused_before_serving(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "1", "mt": "He said said it."}) + "\n", encoding="utf-8")
    stale = ReviewFile.open(str(feed) + ".mtcheck-review.json", "sha256:other", "old.jsonl", 4)
    stale.set_verdict(FindingRef("fp", "MT301", "doubled-word", "1", "said said"), "confirmed", "ann")
    result = CliRunner().invoke(app, ["review", str(feed), "--no-browser", "--no-models"])
    assert result.exit_code == 2
    assert "belongs to another input" in result.output and "old.jsonl (4 segments)" in result.output


def test_a_busy_port_is_a_clean_error(tmp_path: Path) -> None:
    import socket

    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "1", "mt": "He said said it."}) + "\n", encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["review", str(feed), "--no-browser", "--no-models", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def test_the_config_file_is_read_like_check_reads_it(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "1", "mt": "He said said it."}) + "\n", encoding="utf-8")
    config = tmp_path / "mtcheck.toml"
    config.write_text('selekt = ["MT3"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(feed), "--no-browser", "--config", str(config)])
    assert result.exit_code == 2
    assert "selekt" in result.output
