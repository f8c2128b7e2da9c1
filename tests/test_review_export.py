"""`review export`: the corrected input in its own format, and a baseline CI accepts."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.api import run_check
from mtcheck.baseline import Baseline, fingerprint
from mtcheck.cli import app
from mtcheck.errors import InputError
from mtcheck.inputs import InputSpec
from mtcheck.report import Report
from mtcheck.report.json_report import write_json
from mtcheck.review.export import build_export
from mtcheck.review.session import ReviewSession
from mtcheck.review.source import open_source
from mtcheck.review.store import ReviewFile
from mtcheck.selection import Selection
from mtcheck.settings import Settings

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SETTINGS = Settings(selection=Selection.build(select=["MT101", "MT201", "MT301"]), models=False)
ROWS = [
    {"id": "rep", "mt": "He said the allies would discuss guarantees for for Kiev.", "src": "Он сказал, что союзники обсудят гарантии для Киева.", "tag": "keep me"},
    {"id": "ok", "mt": "The talks went on, \"quietly\", for three hours.", "src": "Переговоры шли три часа."},
    {"id": "ru", "mt": "Озвучить текст", "src": "Озвучить текст"},
]
FIXED = "He said the allies would discuss guarantees for Kiev."


def review(spec: InputSpec) -> ReviewSession:
    source = open_source(spec, SETTINGS)
    store = ReviewFile.open(source.default_review_path(), source.digest, source.label, len(source.results))
    return ReviewSession(source, store, "ann", SETTINGS)


def fp(session: ReviewSession, seg_id: str, code: str) -> str:
    for result in session.queue:
        for finding in result.findings:
            if result.segment.id == seg_id and finding.code == code:
                return fingerprint(result, finding)
    raise AssertionError(f"no {code} in {seg_id}")


def decide_and_fix(session: ReviewSession, rep: str = "rep", ru: str = "ru") -> None:
    session.decide(fp(session, rep, "MT301"), "confirmed")
    session.decide(fp(session, ru, "MT201"), "dismissed")
    session.note(fp(session, ru, "MT201"), "button label, left on purpose")
    session.correct(rep, FIXED)


def export(spec: InputSpec):  # type: ignore[no-untyped-def]
    source = open_source(spec, check=False)
    store = ReviewFile.open(source.default_review_path(), source.digest, source.label, len(source.results))
    return build_export(source, store)


def write_jsonl(path: Path) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")


def test_jsonl_export_replaces_only_the_corrected_mt(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    write_jsonl(path)
    decide_and_fix(review(InputSpec(path=str(path))))
    result = export(InputSpec(path=str(path)))
    original = path.read_text(encoding="utf-8").split("\n")
    lines = result.corrected_text.split("\n")
    assert json.loads(lines[0]) == {**ROWS[0], "mt": FIXED}
    assert lines[1:] == original[1:]
    assert (result.corrected, result.segments) == (1, 3)
    assert result.default_paths() == (str(tmp_path / "feed.corrected.jsonl"), str(tmp_path / "feed.baseline.json"))


def test_the_baseline_holds_the_dismissed_findings_and_ci_accepts_it(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    write_jsonl(path)
    decide_and_fix(review(InputSpec(path=str(path))))
    baseline_path = tmp_path / "feed.baseline.json"
    baseline_path.write_text(export(InputSpec(path=str(path))).baseline.to_json(), encoding="utf-8")
    baseline = Baseline.load(str(baseline_path))
    assert [(e.code, e.id, e.text) for e in baseline.entries] == [("MT201", "ru", "Озвучить текст")]
    assert "button label, left on purpose" in baseline.entries[0].reason
    # A fresh check of the same input: the dismissed finding is suppressed, the confirmed ones stay.
    run = run_check(InputSpec(path=str(path)), SETTINGS)
    suppressed, stale = baseline.apply(run.results)
    assert (suppressed, stale) == (1, [])
    assert sorted(f.code for _, f in run.findings()) == ["MT101", "MT301"]


def test_tsv_export_keeps_the_other_columns(tmp_path: Path) -> None:
    path = tmp_path / "feed.tsv"
    path.write_text("id\tmt\tsrc\n" + "".join(f"{r['id']}\t{r['mt']}\t{r['src']}\n" for r in ROWS), encoding="utf-8")
    decide_and_fix(review(InputSpec(path=str(path))))
    lines = export(InputSpec(path=str(path))).corrected_text.split("\n")
    assert lines[1] == f"rep\t{FIXED}\t{ROWS[0]['src']}"
    assert lines[0] == "id\tmt\tsrc" and lines[2:] == path.read_text(encoding="utf-8").split("\n")[2:]


def test_csv_export_round_trips_quoted_cells(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "mt", "src"])
    writer.writerows([[r["id"], r["mt"], r["src"]] for r in ROWS])
    path.write_text(out.getvalue(), encoding="utf-8")
    decide_and_fix(review(InputSpec(path=str(path))))
    rows = list(csv.reader(io.StringIO(export(InputSpec(path=str(path))).corrected_text)))
    assert rows[1] == ["rep", FIXED, ROWS[0]["src"]]
    assert rows[2] == ["ok", ROWS[1]["mt"], ROWS[1]["src"]]


def test_line_aligned_export_replaces_the_line(tmp_path: Path) -> None:
    mt, src = tmp_path / "mt.txt", tmp_path / "src.txt"
    mt.write_text("".join(r["mt"] + "\n" for r in ROWS), encoding="utf-8")
    src.write_text("".join(r["src"] + "\n" for r in ROWS), encoding="utf-8")
    spec = InputSpec(mt=str(mt), src=str(src))
    session = review(spec)
    decide_and_fix(session, rep="1", ru="3")  # line numbers are the ids
    result = export(spec)
    assert result.corrected_text == "".join(r["mt"] + "\n" for r in [{"mt": FIXED}, *ROWS[1:]])
    assert result.default_paths()[0] == str(tmp_path / "mt.corrected.txt")


def test_document_export_substitutes_the_sentence_at_its_offset(tmp_path: Path) -> None:
    doc = tmp_path / "page.en.txt"
    shutil.copy(SAMPLES / "rutte-ceasefire.mt.en.txt", doc)
    spec = InputSpec(path=str(doc), doc=True)
    source = open_source(spec, SETTINGS)
    wrong = next(r.segment for r in source.results if "is more considered relevant" in r.segment.mt)
    session = review(spec)
    fixed = wrong.mt.replace("is more considered relevant", "is no longer considered relevant")
    session.correct(wrong.id if wrong.doc is None else f"{wrong.doc}#{wrong.id}", fixed)
    text = doc.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert export(spec).corrected_text == text.replace(wrong.mt, fixed, 1)


def test_export_refuses_an_input_changed_since_the_review(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    write_jsonl(path)
    decide_and_fix(review(InputSpec(path=str(path))))
    path.write_text(path.read_text(encoding="utf-8").replace("three hours", "four hours"), encoding="utf-8")
    with pytest.raises(InputError, match="belongs to another input"):
        export(InputSpec(path=str(path)))


def test_a_review_of_a_saved_report_exports_the_original_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "feed.jsonl")
    run = run_check(InputSpec(path="feed.jsonl"), SETTINGS)
    with open("report.json", "w", encoding="utf-8") as stream:
        write_json(Report(run=run, inputs=["feed.jsonl"]), stream)
    session = review(InputSpec(path="report.json"))
    assert session.review.path == "report.json.mtcheck-review.json"
    assert [r.segment.id for r in session.queue] == ["ru", "rep"]
    decide_and_fix(session)
    result = export(InputSpec(path="report.json"))
    assert result.original_path == "feed.jsonl"
    assert json.loads(result.corrected_text.split("\n")[0])["mt"] == FIXED
    assert [e.code for e in result.baseline.entries] == ["MT201"]
    # The original changed after the report was made: the corrections would land on other text.
    Path("feed.jsonl").write_text(Path("feed.jsonl").read_text(encoding="utf-8").replace("three", "four"), encoding="utf-8")
    with pytest.raises(InputError, match="differs from the input reviewed"):
        export(InputSpec(path="report.json"))


def test_a_report_that_is_not_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"segments": []}', encoding="utf-8")
    with pytest.raises(InputError, match="not an mtcheck JSON report"):
        open_source(InputSpec(path=str(path)))


def test_cli_export_writes_both_files(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    write_jsonl(path)
    decide_and_fix(review(InputSpec(path=str(path))))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["review", "export", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out} (1 of 3 segments corrected)" in result.output
    assert "(1 dismissed findings)" in result.output
    assert json.loads(out.read_text(encoding="utf-8").split("\n")[0])["mt"] == FIXED
    assert Baseline.load(str(tmp_path / "feed.baseline.json")).entries[0].code == "MT201"


def test_cli_export_without_a_review_or_with_another_inputs_review_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    write_jsonl(path)
    runner = CliRunner()
    missing = runner.invoke(app, ["review", "export", str(path)])
    assert missing.exit_code == 2
    assert "no review file" in missing.output and "Traceback" not in missing.output
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "1", "mt": "Another text entirely."}) + "\n", encoding="utf-8")
    decide_and_fix(review(InputSpec(path=str(path))))
    wrong = runner.invoke(app, ["review", "export", str(other), "--review-file", str(path) + ".mtcheck-review.json"])
    assert wrong.exit_code == 2
    assert "belongs to another input" in wrong.output
    assert not (tmp_path / "other.corrected.jsonl").exists()


def test_mtcheck_check_accepts_the_exported_baseline(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    write_jsonl(path)
    decide_and_fix(review(InputSpec(path=str(path))))
    runner = CliRunner()
    assert runner.invoke(app, ["review", "export", str(path)]).exit_code == 0
    # MT201 is minor here (the source line is page furniture too), so fail on minor.
    args = ["check", str(path), "--select", "MT201", "--no-models", "--fail-on", "minor"]
    assert runner.invoke(app, args).exit_code == 1
    with_baseline = runner.invoke(app, [*args, "--baseline", str(tmp_path / "feed.baseline.json")])
    assert with_baseline.exit_code == 0, with_baseline.output
    assert "0 findings" in with_baseline.output


def test_a_po_file_exports_its_corrections_as_jsonl(tmp_path: Path) -> None:
    pytest.importorskip("translate.storage.pypo")
    po = tmp_path / "site.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "rep"\nmsgid "Он сказал, что союзники обсудят гарантии для Киева."\n'
        'msgstr "He said the allies would discuss guarantees for for Kiev."\n',
        encoding="utf-8",
    )
    session = review(InputSpec(path=str(po)))
    [result] = session.queue
    session.correct(result.segment.id, FIXED)
    out = export(InputSpec(path=str(po)))
    assert out.converted_to == "jsonl"
    assert out.default_paths()[0] == str(tmp_path / "site.corrected.jsonl")
    [row] = [json.loads(line) for line in out.corrected_text.splitlines()]
    assert row["mt"] == FIXED and row["src"].startswith("Он сказал")
