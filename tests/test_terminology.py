"""The user glossary: parsing, lemma matching, the MT8xx checks and the --glossary option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck import Checker, Segment
from mtcheck.checks.terminology import find_terms, load_glossary, parse_glossary, with_glossary
from mtcheck.cli import app
from mtcheck.errors import InputError
from mtcheck.records import Severity
from mtcheck.selection import Selection

GLOSSARY = (
    "source\trequired\tforbidden\n"
    "# comments and blank lines are skipped\n"
    "\n"
    "Киев\tKyiv\tKiev\n"
    "Министерство обороны\tMinistry of Defence\tDefense Ministry|MoD\n"
    "Харьков\tKharkiv\tKharkov, Charkow\n"
)


@pytest.fixture(scope="module")
def morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    path = tmp_path / "glossary.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def test_parse(morph) -> None:  # type: ignore[no-untyped-def]
    glossary = parse_glossary(GLOSSARY, "g.tsv", morph)
    assert [(e.line, e.source, e.required, e.forbidden) for e in glossary.entries] == [
        (4, "Киев", "Kyiv", ("Kiev",)),
        (5, "Министерство обороны", "Ministry of Defence", ("Defense Ministry", "MoD")),
        (6, "Харьков", "Kharkiv", ("Kharkov", "Charkow")),
    ]


@pytest.mark.parametrize(
    "text,line,problem",
    [
        ("Киев\n", 1, "TAB-separated"),
        ("Киев\tKyiv\n\tKyiv\n", 2, "must not be empty"),
        ("Киев\t \n", 1, "must not be empty"),
        ("Kyiv\tKyiv\n", 1, "no Russian word"),
        ("Киев\tKyiv\tKiev\textra\n", 1, "at most 3"),
        ("Киев\tKyiv\tKyiv\n", 1, "both required and forbidden"),
    ],
)
def test_malformed_glossary_names_the_line(morph, text: str, line: int, problem: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as err:
        parse_glossary(text, "bad.tsv", morph)
    assert err.value.line == line and err.value.path == "bad.tsv" and problem in str(err.value)


def test_unreadable_glossary(morph, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="cannot read"):
        load_glossary(str(tmp_path / "missing.tsv"), morph)
    latin1 = tmp_path / "latin1.tsv"
    latin1.write_bytes("Kiev\tKyiv\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_glossary(str(latin1), morph)


@pytest.mark.parametrize(
    "src,terms",
    [
        ("Делегация прибыла в Киев.", ["Киев"]),
        ("Окраины Киева обстреляли.", ["Киева"]),
        ("Он живёт в Киеве и Харькове.", ["Киеве", "Харькове"]),
        ("Заявление Министерства обороны.", ["Министерства обороны"]),
        ("Заявление министерства обороны.", ["министерства обороны"]),
        ("Министерство здравоохранения и оборона.", []),
        ("Киевский торт.", []),
    ],
)
def test_terms_match_by_lemma(morph, src: str, terms: list[str]) -> None:  # type: ignore[no-untyped-def]
    glossary = parse_glossary(GLOSSARY, "g.tsv", morph)
    assert [src[o.start : o.end] for o in sorted(find_terms(src, glossary, morph), key=lambda o: o.start)] == terms


def _findings(segment: Segment, path: Path) -> list[tuple[str, Severity, str, str | None, str | None]]:
    selection = with_glossary(Selection.build(select=["MT8"]), str(path))
    run = Checker(selection=selection, models=False).run([segment])
    return [
        (f.code, f.severity, f.span.text_in(segment), f.related.text_in(segment) if f.related else None, f.suggestion)
        for f in run.results[0].findings
    ]


def test_missing_and_forbidden(glossary_file: Path) -> None:
    segment = Segment("1", mt="Shelling on the outskirts of Kiev.", src="Обстрел на окраинах Киева.")
    assert sorted(_findings(segment, glossary_file)) == [
        ("MT801", Severity.CRITICAL, "Shelling on the outskirts of Kiev.", "Киева", "Kyiv"),
        ("MT802", Severity.CRITICAL, "Kiev", "Киева", "Kyiv"),
    ]


def test_required_term_present(glossary_file: Path) -> None:
    segment = Segment("1", mt="Kyiv's suburbs and the Ministry of Defence.", src="Пригороды Киева и Министерство обороны.")
    assert _findings(segment, glossary_file) == []


def test_forbidden_without_source_is_major(glossary_file: Path) -> None:
    assert _findings(Segment("1", mt="He flew to Kharkov."), glossary_file) == [
        ("MT802", Severity.MAJOR, "Kharkov", None, "Kharkiv")
    ]


def test_reference_shows_required_term(glossary_file: Path) -> None:
    segment = Segment("1", mt="He flew to the capital.", ref="He flew to Kyiv.")
    assert _findings(segment, glossary_file) == [("MT801", Severity.MAJOR, "He flew to the capital.", "Kyiv", "Kyiv")]


def test_abbreviation_keeps_case(glossary_file: Path) -> None:
    segment = Segment("1", mt="The mod was installed by the Ministry of Defence.", src="Министерство обороны установило мод.")
    assert _findings(segment, glossary_file) == []


def test_no_glossary_no_findings() -> None:
    run = Checker(selection=Selection.build(select=["MT8"]), models=False).run([Segment("1", mt="Kiev.", src="Киев.")])
    assert run.results[0].findings == [] and run.results[0].skipped == []


def test_source_not_russian_cannot_run(glossary_file: Path) -> None:
    selection = with_glossary(Selection.build(select=["MT801"]), str(glossary_file))
    run = Checker(selection=selection, models=False).run([Segment("1", mt="Kiev.", src="Kiev is big.")])
    assert any("not Russian" in s.reason for s in run.results[0].skipped)


def test_cli_glossary(tmp_path: Path, glossary_file: Path) -> None:
    feed = tmp_path / "in.jsonl"
    feed.write_text(json.dumps({"id": "1", "src": "Делегация прибыла в Киев.", "mt": "The delegation arrived in Kiev."}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(feed), "--glossary", str(glossary_file), "--select", "MT8", "--format", "json"])
    assert result.exit_code == 1, result.output
    codes = sorted(f["code"] for f in json.loads(result.stdout)["segments"][0]["findings"])
    assert codes == ["MT801", "MT802"]


def test_cli_bad_glossary(tmp_path: Path) -> None:
    feed = tmp_path / "in.jsonl"
    feed.write_text(json.dumps({"id": "1", "src": "Киев.", "mt": "Kiev."}, ensure_ascii=False) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text("Киев\tKyiv\n\nХарьков\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(feed), "--glossary", str(bad), "--select", "MT8"])
    assert result.exit_code == 2
    assert "bad.tsv:3" in result.output and "Traceback" not in result.output
