"""The README's CI examples are real: the GitHub Actions workflow runs end to end on the samples,
the config example is valid, and the pre-commit hook's entry does what the hook promises.

Commands run in a shell, as CI would run them, with the project's `mtcheck` first on PATH.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from mtcheck.config import parse_table, resolve_settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
BIN = Path(sys.executable).parent


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def workflow() -> dict:
    (text,) = [b for b in blocks("yaml") if "jobs:" in b]
    return yaml.safe_load(text)


def mtcheck_steps() -> list[dict]:
    steps = workflow()["jobs"]["mtcheck"]["steps"]
    return [s for s in steps if "run" in s and "pip install" not in s["run"]]


def shell(script: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if shutil.which("mtcheck", path=str(BIN)) is None:
        pytest.skip("the mtcheck script is not installed next to this Python")
    full_env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **(env or {})}
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    return tmp_path


def test_workflow_is_valid_actions_yaml() -> None:
    flow = workflow()
    steps = flow["jobs"]["mtcheck"]["steps"]
    assert flow["jobs"]["mtcheck"]["runs-on"] == "ubuntu-latest"
    assert all(("uses" in s) != ("run" in s) for s in steps)
    assert [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    assert all(s["run"].lstrip().startswith("mtcheck ") for s in mtcheck_steps())


def test_workflow_runs_end_to_end_on_the_samples(checkout: Path) -> None:
    steps = mtcheck_steps()
    gate = steps[0]
    assert "if" not in gate and "--baseline mtcheck-baseline.json" in gate["run"]

    # A baseline that accepts nothing: the sample's findings fail the gate.
    (checkout / "mtcheck-baseline.json").write_text('{"mtcheck_baseline": 1, "entries": []}\n', encoding="utf-8")
    first = shell(gate["run"], checkout)
    assert first.returncode == 1, first.stderr
    assert first.stdout.startswith("::error ")

    # The README's baseline command, then every step of the workflow passes.
    (make_baseline,) = [line for b in blocks("sh") for line in b.splitlines() if line.startswith("mtcheck baseline ")]
    made = shell(make_baseline.split("#")[0], checkout)
    assert made.returncode == 0, made.stderr
    summary = checkout / "summary.md"
    for step in steps:
        result = shell(step["run"], checkout, {"GITHUB_STEP_SUMMARY": str(summary)})
        assert result.returncode == 0, (step["name"], result.stdout, result.stderr)
        if step is gate:
            assert result.stdout == ""  # no annotation left: every finding is accepted
            assert "known finding(s) suppressed" in result.stderr

    # Every file the workflow hands on validates.
    sarif = json.loads((checkout / "mtcheck.sarif").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    assert sarif["runs"][0]["results"] == [] and sarif["runs"][0]["properties"]["baseline"]["suppressed"] > 0
    assert summary.read_text(encoding="utf-8").startswith("## mtcheck: 6 segments, 0 flagged")
    page = (checkout / "mtcheck-report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "more considered relevant" in page


def test_readme_config_example_is_valid(tmp_path: Path) -> None:
    from mtcheck.config import tomllib  # tomllib, or tomli on Python 3.10

    (text,) = [b for b in blocks("toml") if "[tool.mtcheck]" in b]
    table = tomllib.loads(text)["tool"]["mtcheck"]
    settings = resolve_settings(parse_table(table, "README.md", "tool.mtcheck.", base=tmp_path))
    assert settings.fail_on is not None and settings.thresholds


def test_pre_commit_hook_entry_blocks_findings(checkout: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "mtcheck" and hook["language"] == "python"
    pattern = re.compile(hook["files"])
    staged = [p for p in sorted((checkout / "samples").iterdir()) if pattern.search(p.name)]
    assert [p.name for p in staged] == ["pairs.jsonl"]
    clean = checkout / "clean.jsonl"
    clean.write_text('{"id": "1", "mt": "Rutte said the talks would continue."}\n', encoding="utf-8")
    xliff = checkout / "job.xlf"
    xliff.write_text(
        '<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="x" source-language="ru" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="1"><source>Переговоры продолжатся.</source><target>The talks will continue.</target></trans-unit>'
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    assert pattern.search(clean.name) and pattern.search(xliff.name)
    command = " ".join([hook["entry"], *hook.get("args", [])])
    # pre-commit appends the staged file names to entry + args.
    blocked = shell(f"{command} {' '.join(str(p.relative_to(checkout)) for p in staged)} clean.jsonl", checkout)
    assert blocked.returncode == 1, blocked.stderr
    assert "more considered" in blocked.stdout and "clean.jsonl: no findings" in blocked.stdout
    passed = shell(f"{command} clean.jsonl job.xlf", checkout)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    broken = checkout / "broken.xlf"
    broken.write_text("<xliff", encoding="utf-8")
    assert shell(f"{command} broken.xlf", checkout).returncode == 2


def test_readme_pre_commit_snippet_uses_the_hook() -> None:
    (snippet,) = [b for b in blocks("yaml") if "repos:" in b]
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    ids = [h["id"] for repo in yaml.safe_load(snippet)["repos"] for h in repo["hooks"]]
    assert ids == [hook["id"]]


def test_junit_from_the_workflow_inputs_parses(checkout: Path) -> None:
    result = shell("mtcheck check samples/pairs.jsonl --no-models --format junit -o r.xml", checkout)
    assert result.returncode == 1
    root = ET.parse(checkout / "r.xml").getroot()
    assert int(root.get("tests")) == 6 and int(root.get("failures")) >= 1
