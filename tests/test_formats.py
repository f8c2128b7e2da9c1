"""Every report format from the same run: SARIF against its schema, JUnit parsed back, GitHub
annotations matched, Markdown/CSV/HTML escaping, atomic writes."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.errors import OutputError
from mtcheck.report.output import atomic_output

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "samples" / "pairs.jsonl"
ARTICLE = ROOT / "samples" / "rutte-ceasefire.mt.en.txt"
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
FORMATS = ("json", "sarif", "junit", "github", "markdown", "csv", "html")
runner = CliRunner()

PAYLOAD_MT = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> Привет, '
    "@octocat: 100% for for </textarea><!-- -->\n::error::pwned"
)
FORMULA_MT = "=HYPERLINK(\"http://example.invalid\",\"Привет\")"


def render(tmp: Path, args: list[str]) -> dict[str, str]:
    outputs = {}
    for fmt in FORMATS:
        out = tmp / f"report.{fmt}"
        result = runner.invoke(app, ["check", *args, "--no-models", "--fail-on", "major", "-f", fmt, "-o", str(out)])
        assert result.exit_code in (0, 1), result.output
        outputs[fmt] = out.read_text(encoding="utf-8")
    return outputs


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return render(tmp_path_factory.mktemp("pairs"), [str(PAIRS)])


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return render(tmp_path_factory.mktemp("article"), [str(ARTICLE), "--doc"])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("hostile")
    path = tmp / "hostile.jsonl"
    records = [
        {"id": "x<1>", "mt": PAYLOAD_MT, "src": "<b>Привет</b>, мир", "ref": "Hello & <i>world</i>"},
        {"id": "f", "mt": FORMULA_MT},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return render(tmp, [str(path)])


# -- SARIF ---------------------------------------------------------------------------------


def validate_sarif(text: str) -> dict:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    doc = json.loads(text)
    errors = sorted(validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER).iter_errors(doc), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return doc


@pytest.mark.parametrize("which", ["pairs", "article", "hostile"])
def test_sarif_validates_against_the_schema(which: str, request: pytest.FixtureRequest) -> None:
    outputs = request.getfixturevalue(which)
    doc = validate_sarif(outputs["sarif"])
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), "each check is declared once"
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules if r["id"].startswith("MT"))
    findings = [f for s in json.loads(outputs["json"])["segments"] for f in s["findings"]]
    assert len(run["results"]) == len(findings) > 0
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_points_at_the_span_in_the_document(article: dict[str, str]) -> None:
    run = json.loads(article["sarif"])["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    checked = 0
    for result in run["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("rutte-ceasefire.mt.en.txt")
        if region.get("endLine") == region["startLine"]:
            line = lines[region["startLine"] - 1]
            assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == result["properties"]["text"]
            checked += 1
    assert checked == len(run["results"])
    negation = [r for r in run["results"] if r["properties"]["text"] == "more considered"]
    assert negation and negation[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 22


def test_sarif_jsonl_results_point_at_the_record_line(pairs: dict[str, str]) -> None:
    run = json.loads(pairs["sarif"])["runs"][0]
    ids = [json.loads(line)["id"] for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    for result in run["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert ids[region["startLine"] - 1] == result["properties"]["segment"]
        assert "endColumn" not in region  # JSON-escaped text: only the line is exact


# -- JUnit ---------------------------------------------------------------------------------


def test_junit_parses_back_one_case_per_segment(pairs: dict[str, str]) -> None:
    root = ET.fromstring(pairs["junit"])
    segments = json.loads(pairs["json"])["segments"]
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == [s["id"] for s in segments]
    failing = {s["id"] for s in segments if any(f["severity"] in ("critical", "major") for f in s["findings"])}
    assert {c.get("name") for c in cases if c.find("failure") is not None} == failing
    assert root.get("tests") == str(len(segments)) and root.get("failures") == str(len(failing))
    for case in cases:
        failure = case.find("failure")
        if failure is not None:
            assert failure.get("type", "").startswith("MT") and "MT: " in (failure.text or "")
    minor_only = {s["id"] for s in segments if s["findings"]} - failing
    for case in cases:
        if case.get("name") in minor_only:
            assert case.find("system-out") is not None


def test_junit_survives_hostile_text(hostile: dict[str, str]) -> None:
    root = ET.fromstring(hostile["junit"])
    case = root.find(".//testcase[@name='x<1>']")
    assert case is not None and "<script>" in case.find("failure").text


# -- GitHub annotations -----------------------------------------------------------------------

ANNOTATION = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def parse_props(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split(","))


def test_github_annotations_match_the_findings(article: dict[str, str]) -> None:
    lines = article["github"].splitlines()
    results = json.loads(article["sarif"])["runs"][0]["results"]
    assert len(lines) == len(results)
    for line, result in zip(lines, results):
        m = ANNOTATION.match(line)
        assert m, line
        props = parse_props(m["props"])
        region = result["locations"][0]["physicalLocation"]["region"]
        assert props["file"].endswith("rutte-ceasefire.mt.en.txt")
        assert int(props["line"]) == region["startLine"] and int(props["col"]) == region["startColumn"]
        assert props["title"].startswith(result["ruleId"] + " ")
        level = {"error": "error", "warning": "warning", "notice": "note"}[m.group(1)]
        assert level == result["level"]


def test_github_escapes_newlines_and_percent(hostile: dict[str, str]) -> None:
    lines = hostile["github"].splitlines()
    assert all(ANNOTATION.match(line) for line in lines)
    assert not any(line.startswith("::error::pwned") for line in lines)
    assert any("100%25" in line and "%0A::error::pwned" in line for line in lines)


# -- Markdown, CSV, HTML ----------------------------------------------------------------------


def test_markdown_summary(pairs: dict[str, str]) -> None:
    md = pairs["markdown"]
    summary = json.loads(pairs["json"])["summary"]
    assert md.startswith(f"## mtcheck: {summary['segments']} segments, {summary['flagged_segments']} flagged")
    for code, count in summary["by_code"].items():
        assert re.search(rf"^\| {code} \|.*\| {count} \|$", md, re.M)
    assert re.search(r"\*\*[^*]*more considered[^*]*\*\* relevant", md)


def test_markdown_escapes_input_text(hostile: dict[str, str]) -> None:
    md = hostile["markdown"]
    assert "<script>" not in md and "<img" not in md and "<!--" not in md
    assert "&lt;script&gt;" in md
    assert "@octocat" not in md  # no mention
    assert "\n::error" not in md


def test_csv_one_row_per_finding(pairs: dict[str, str], hostile: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(pairs["csv"])))
    findings = [(s["id"], f["code"]) for s in json.loads(pairs["json"])["segments"] for f in s["findings"]]
    assert [(r["segment"], r["code"]) for r in rows] == findings
    assert all(r["file"].endswith("pairs.jsonl") and r["line"] for r in rows)
    hostile_rows = list(csv.DictReader(io.StringIO(hostile["csv"])))
    formula = [r for r in hostile_rows if r["segment"] == "f"]
    assert formula and all(r["mt"].startswith("'=") for r in formula)
    assert any(r["mt"] == PAYLOAD_MT for r in hostile_rows)


def extract_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="mtcheck-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def test_html_is_self_contained_and_carries_the_data(pairs: dict[str, str]) -> None:
    page = pairs["html"]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page), "no external assets"
    data = extract_data(page)
    assert [s["id"] for s in data["segments"]] == [s["id"] for s in json.loads(pairs["json"])["segments"]]
    neg = next(s for s in data["segments"] if s["id"] == "neg-1")
    assert neg["fields"]["src"].startswith("Кроме того") and neg["fields"]["mt"].endswith("more considered relevant.")
    assert data["groups"][0]["sides"] == ["src", "ref", "mt", "back"]


def test_html_escapes_everything_and_allows_only_its_own_script(hostile: dict[str, str]) -> None:
    page = hostile["html"]
    before_data, data_and_after = page.split('id="mtcheck-data">')
    assert "__pwned" not in before_data
    assert "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e" in data_and_after
    assert "<script>window" not in page and "<img src=x" not in page and "</textarea><!--" not in page
    assert page.count("</script>") == 2
    data = extract_data(page)
    assert data["segments"][0]["fields"]["mt"] == PAYLOAD_MT
    assert data["segments"][0]["id"] == "x<1>"
    script = re.search(r"<script>(.*)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page


# -- atomic writes ---------------------------------------------------------------------------------


def test_report_files_are_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_output(str(target)) as stream:
            stream.write("half a report")
            raise RuntimeError("writer failed")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(PAIRS), "--no-models", "-f", "sarif", "-o", str(tmp_path / "no" / "r.sarif")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_unknown_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["check", str(PAIRS), "--no-models", "-f", "pdf"])
    assert result.exit_code == 2
