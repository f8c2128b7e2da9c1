"""The CLI contract: reports, exit codes, rules, and bad input (one line, exit 2, no file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app

runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_sample_article_terminal_report(sample_article: Path) -> None:
    result = invoke("check", str(sample_article), "--doc", "--no-models", "--fail-on", "never")
    assert result.exit_code == 0
    out = result.stdout
    assert "more considered" in out and "MT401" in out
    for junk in ("Skip to main content", "Advertisement", "Select important", "Озвучить текст"):
        assert junk in out
    assert "Findings by category and severity" in out


def test_sample_article_json(sample_article: Path) -> None:
    result = invoke("check", str(sample_article), "--doc", "--format", "json", "--no-models")
    assert result.exit_code == 1  # default --fail-on major: the sample has major findings
    doc = json.loads(result.stdout)
    assert doc["tool"]["name"] == "mtcheck" and doc["signature"].startswith("mtcheck:")
    segments = doc["segments"]
    for seg in segments:
        assert {"id", "mt", "findings", "scores"} <= set(seg)
        for f in seg["findings"]:
            assert {"code", "check", "category", "severity", "message", "span"} <= set(f)
            span = f["span"]
            assert 0 <= span["start"] <= span["end"] <= len(seg[span["field"]])
    by_text = {s["mt"]: s for s in segments}
    negation = next(s for s in segments if "more considered relevant" in s["mt"])
    polarity = [f for f in negation["findings"] if f["category"] == "polarity"]
    assert polarity and polarity[0]["severity"] in ("major", "critical")
    assert negation["mt"][polarity[0]["span"]["start"] : polarity[0]["span"]["end"]] == "more considered"
    junk = ["Skip to main content", "Advertisement", "Live broadcast", "0", "Select important", "On", "Off", "Озвучить текст"]
    for line in junk:
        assert any(f["category"] == "boilerplate" for f in by_text[line]["findings"]), line
    cyrillic = [s for s in segments if any(f["category"] == "untranslated" for f in s["findings"])]
    assert len(cyrillic) == 2
    body = by_text["He also quoted American President Donald Trump, saying that peace has not yet been achieved."]
    assert body["findings"] == []


def test_jsonl_streams_one_record_per_segment(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"mt": "Hello."}\n{"mt": "on on"}\n', encoding="utf-8")
    result = invoke("check", str(src), "--format", "jsonl", "--no-models")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["1", "2"] and lines[1]["findings"][0]["code"] == "MT301"
    assert result.exit_code == 0  # a doubled word is minor


@pytest.mark.parametrize("fail_on,code", [("minor", 1), ("major", 0), ("never", 0), ("info", 1)])
def test_fail_on(tmp_path: Path, fail_on: str, code: int) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"mt": "on on Monday"}\n', encoding="utf-8")
    assert invoke("check", str(src), "--no-models", "--fail-on", fail_on, "-f", "json").exit_code == code


def test_select_and_ignore(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"mt": "Advertisement"}\n{"mt": "It is more considered relevant."}\n', encoding="utf-8")
    doc = json.loads(invoke("check", str(src), "-f", "json", "--ignore", "MT2", "--no-models").stdout)
    assert doc["summary"]["by_code"] == {"MT401": 1}
    doc = json.loads(invoke("check", str(src), "-f", "json", "--select", "MT2", "--no-models").stdout)
    assert doc["summary"]["by_code"] == {"MT201": 1}
    # Longest prefix wins: ignore MT4 but select MT401 exactly.
    doc = json.loads(invoke("check", str(src), "-f", "json", "--ignore", "MT4", "--select", "MT401", "--no-models").stdout)
    assert doc["summary"]["by_code"] == {"MT401": 1}


def test_per_record_ignore_column(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"mt": "Advertisement", "ignore": "MT201"}\n', encoding="utf-8")
    doc = json.loads(invoke("check", str(src), "-f", "json", "--no-models").stdout)
    assert doc["summary"]["findings"] == 0


def test_line_aligned_files(tmp_path: Path) -> None:
    (tmp_path / "mt.txt").write_text("It is more considered relevant.\nFine.\n", encoding="utf-8")
    (tmp_path / "src.txt").write_text("Это больше не считается актуальным.\nХорошо.\n", encoding="utf-8")
    result = invoke("check", "--mt", str(tmp_path / "mt.txt"), "--src", str(tmp_path / "src.txt"), "-f", "json", "--no-models")
    doc = json.loads(result.stdout)
    assert [s["src"] for s in doc["segments"]] == ["Это больше не считается актуальным.", "Хорошо."]
    assert result.exit_code == 1


def test_output_file_written_atomically(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"mt": "Hello."}\n', encoding="utf-8")
    out = tmp_path / "report.json"
    assert invoke("check", str(src), "-f", "json", "-o", str(out), "--no-models").exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["segments"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "report.json"]  # no temp file left


def test_rules_lists_and_explains() -> None:
    listing = invoke("rules")
    assert listing.exit_code == 0 and "MT401" in listing.stdout and "MT101" in listing.stdout
    one = invoke("rules", "MT401")
    assert one.exit_code == 0
    assert "Fails:" in one.stdout and "Passes:" in one.stdout and "more considered" in one.stdout
    by_name = invoke("rules", "page-furniture")
    assert "MT201" in by_name.stdout
    assert runner.invoke(app, ["rules", "MT999"]).exit_code == 2


BAD_INPUTS = [
    ("missing.jsonl", None, "no such file"),
    ("notjson.jsonl", b'{"mt": "a"}\nnot json\n', ":2: not valid JSON"),
    ("nomt.jsonl", b'{"src": "a"}\n', ":1: record has no 'mt'"),
    ("cols.tsv", b"mt\tsrc\na\tb\tc\n", ":2: row has 3 columns"),
    ("empty.jsonl", b"", "empty input"),
    ("binary.jsonl", b"\x00\x01\x02\x03" * 100, "binary"),
    ("undecodable.tsv", b"mt\ncaf\xe9 r\xe9sum\xe9\n", ":2: not valid UTF-8"),
    ("huge.jsonl", b'{"mt": "' + b"x" * 1_048_576 + b'"}\n', ":1: field 'mt' is 1,048,576 characters"),
    ("weird.xyz", b"mt\n", "unknown input format"),
]


@pytest.mark.parametrize("name,data,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_one_line_exit_2_no_output(tmp_path: Path, name: str, data: bytes | None, message: str) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["check", str(path), "-f", "json", "-o", str(out), "--no-models"])
    assert result.exit_code == 2
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and err.startswith("mtcheck: error: ")
    assert str(path) in err and message in err
    assert "Traceback" not in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_aligned_length_mismatch_cli(tmp_path: Path) -> None:
    (tmp_path / "mt.txt").write_text("a\nb\n", encoding="utf-8")
    (tmp_path / "src.txt").write_text("а\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--mt", str(tmp_path / "mt.txt"), "--src", str(tmp_path / "src.txt")])
    assert result.exit_code == 2 and "src.txt" in result.stderr and "1 lines" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"mt": "a"}\n', encoding="utf-8")
    assert runner.invoke(app, ["check", str(src), "--fail-on", "sometimes"]).exit_code == 2
    assert runner.invoke(app, ["check", str(src), "--format", "pdf"]).exit_code == 2
    result = runner.invoke(app, ["check", str(src), "--select", "XX9"])
    assert result.exit_code == 2 and "XX9" in result.stderr
    assert runner.invoke(app, ["check"]).exit_code == 2


def test_output_into_missing_folder(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"mt": "a"}\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(src), "-o", str(tmp_path / "no" / "r.json")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_installed_entry_point_never_shows_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad_file = tmp_path / "bad.jsonl"
    bad_file.write_text("{oops\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mtcheck.cli", "check", str(bad_file)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"mtcheck: error: {bad_file}:1: not valid JSON (Expecting property name enclosed in double quotes at column 2)"
    version = subprocess.run([sys.executable, "-m", "mtcheck.cli", "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("mtcheck ")
