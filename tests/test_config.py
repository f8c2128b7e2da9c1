"""Configuration files: discovery, validation (unknown keys name key and file), CLI overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.config import Overrides, find_config, load_config, resolve_settings, settings_for
from mtcheck.errors import ConfigError
from mtcheck.records import Severity

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "samples" / "pairs.jsonl"
runner = CliRunner()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- discovery -----------------------------------------------------------------------


def test_nearest_mtcheck_toml_is_found_from_a_subfolder(tmp_path: Path) -> None:
    own = write(tmp_path / "mtcheck.toml", 'fail-on = "minor"\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(sub) == own.resolve()
    assert load_config(start=sub).fail_on == Severity.MINOR


def test_pyproject_without_tool_table_is_passed_over(tmp_path: Path) -> None:
    outer = write(tmp_path / "pyproject.toml", '[tool.mtcheck]\nfail-on = "critical"\n')
    write(tmp_path / "inner" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "inner") == outer.resolve()


def test_nearer_file_wins_over_a_parent(tmp_path: Path) -> None:
    write(tmp_path / "mtcheck.toml", 'fail-on = "critical"\n')
    near = write(tmp_path / "inner" / "pyproject.toml", '[tool.mtcheck]\nfail-on = "info"\n')
    assert find_config(tmp_path / "inner") == near.resolve()
    assert load_config(start=tmp_path / "inner").fail_on == Severity.INFO


def test_no_config_anywhere_gives_defaults(tmp_path: Path) -> None:
    settings = settings_for(None, start=tmp_path) if find_config(tmp_path) is None else None
    if settings is None:
        pytest.skip("a config file above the temp folder is in the way")
    assert settings.fail_on == Severity.MAJOR and settings.thresholds == () and settings.config is None


# -- a full, valid config ------------------------------------------------------------------


def test_every_key_is_read(tmp_path: Path) -> None:
    write(tmp_path / "glossary.tsv", "Киев\tKyiv\tKiev\n")
    cfg = write(
        tmp_path / "pyproject.toml",
        """
[project]
name = "feed"

[tool.mtcheck]
select = ["MT"]
ignore = "MT2, MT7"
fail_on = "minor"
thresholds = ["corpus chrf >= 45", "share critical <= 2%"]
baseline = "ci/baseline.json"
glossary = "glossary.tsv"

[tool.mtcheck.severity]
MT301 = "info"

[tool.mtcheck.options.MT302]
max_ngram = 4

[tool.mtcheck.models]
enabled = false
lm = "/models/lm"
""",
    )
    s = settings_for(str(cfg))
    assert s.selection.select == ("MT",) and s.selection.ignore == ("MT2", "MT7")
    assert s.fail_on == Severity.MINOR
    assert [str(t) for t in s.thresholds] == ["corpus chrf >= 45", "share critical <= 2%"]
    assert s.baseline == str(tmp_path / "ci" / "baseline.json")
    assert s.glossary == str(tmp_path / "glossary.tsv")
    assert s.selection.severity == {"MT301": Severity.INFO}
    assert s.selection.options == {"MT302": {"max_ngram": 4}}
    assert s.models is False and s.model_choices == {"lm": "/models/lm"}
    assert s.config == str(cfg)


def test_command_line_overrides_the_file(tmp_path: Path) -> None:
    cfg = write(
        tmp_path / "mtcheck.toml",
        'select = ["MT4"]\nfail-on = "never"\nthresholds = ["corpus chrf >= 45", "share major <= 10%"]\n',
    )
    s = resolve_settings(
        load_config(str(cfg)),
        Overrides(select=["MT3"], fail_on="critical", thresholds=["corpus chrf >= 30"], baseline="b.json"),
    )
    assert s.selection.select == ("MT3",)
    assert s.fail_on == Severity.CRITICAL
    # The command line's chrF threshold replaces the file's; the share one stays.
    assert sorted(str(t) for t in s.thresholds) == ["corpus chrf >= 30", "share major <= 10%"]
    assert s.baseline == "b.json"


# -- bad config: the message names the key and the file -----------------------------------

BAD = [
    ("[tool.mtcheck]\ncolour = 'red'\n", "tool.mtcheck.colour", "unknown key"),
    ("[tool.mtcheck]\nfail-on = 'sometimes'\n", "tool.mtcheck.fail-on", "unknown severity"),
    ("[tool.mtcheck]\nfail-on = 3\n", "tool.mtcheck.fail-on", "expected a string"),
    ("[tool.mtcheck]\nselect = 'XX9'\n", "select/ignore", "no check code starts with"),
    ("[tool.mtcheck]\nselect = [1, 2]\n", "tool.mtcheck.select", "code prefixes"),
    ("[tool.mtcheck.severity]\nMT999 = 'info'\n", "tool.mtcheck.severity", "unknown check"),
    ("[tool.mtcheck.severity]\nMT301 = 'loud'\n", "tool.mtcheck.severity.MT301", "unknown severity"),
    ("[tool.mtcheck.options.MT301]\nwidth = 3\n", "tool.mtcheck.options.MT301", "has no option 'width'"),
    ("[tool.mtcheck]\noptions = 3\n", "tool.mtcheck.options", "expected a table"),
    ("[tool.mtcheck]\nthresholds = ['chrf is good']\n", "tool.mtcheck.thresholds", "cannot read threshold"),
    ("[tool.mtcheck]\nthresholds = ['corpus chrf >= 45%']\n", "tool.mtcheck.thresholds", "only for share"),
    ("[tool.mtcheck]\nthresholds = ['share awful <= 2%']\n", "tool.mtcheck.thresholds", "names a severity"),
    ("[tool.mtcheck]\nthresholds = ['share critical <= 150%']\n", "tool.mtcheck.thresholds", "between 0 and 1"),
    ("[tool.mtcheck]\nthresholds = ['weekly chrf >= 3']\n", "tool.mtcheck.thresholds", "scope must be"),
    ("[tool.mtcheck]\nthresholds = 45\n", "tool.mtcheck.thresholds", "a list of strings"),
    ("[tool.mtcheck]\nbaseline = ''\n", "tool.mtcheck.baseline", "expected a file path"),
    ("[tool.mtcheck]\nglossary = 'missing.tsv'\n", "tool.mtcheck.glossary", "no such glossary file"),
    ("[tool.mtcheck.models]\nsize = 'xl'\n", "tool.mtcheck.models.size", "unknown key"),
    ("[tool.mtcheck.models]\nenabled = 'yes'\n", "tool.mtcheck.models.enabled", "true or false"),
    ("[tool.mtcheck]\nselect = ['MT4']\nselect_ = 1\n", "tool.mtcheck.select_", "unknown key"),
    ("[tool.mtcheck]\nfail-on = 'major'\nfail_on = 'minor'\n", "tool.mtcheck.fail_on", "given twice"),
]


@pytest.mark.parametrize("text,key,problem", BAD)
def test_bad_config_names_key_and_file(tmp_path: Path, text: str, key: str, problem: str) -> None:
    cfg = write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError) as info:
        settings_for(str(cfg))
    message = str(info.value)
    assert str(cfg) in message
    assert key in message
    assert problem in message


def test_invalid_toml_names_file_and_line(tmp_path: Path) -> None:
    cfg = write(tmp_path / "mtcheck.toml", 'select = ["MT4"]\nfail-on = major\n')
    with pytest.raises(ConfigError) as info:
        load_config(str(cfg))
    assert str(cfg) in str(info.value) and "line 2" in str(info.value)


def test_explicit_pyproject_without_table_is_an_error(tmp_path: Path) -> None:
    cfg = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match="no \\[tool.mtcheck\\] table"):
        load_config(str(cfg))


def test_mtcheck_toml_may_use_the_tool_table_too(tmp_path: Path) -> None:
    cfg = write(tmp_path / "mtcheck.toml", "[tool.mtcheck]\nfail-on = 'never'\n")
    assert load_config(str(cfg)).fail_on is None
    cfg.write_text("fail-on = 'never'\n[tool.mtcheck]\nselect = ['MT4']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="both at the top level"):
        load_config(str(cfg))


# -- through the CLI --------------------------------------------------------------------------


def test_cli_reads_the_config_of_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "mtcheck.toml", 'fail-on = "never"\n')
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["check", str(PAIRS), "--no-models"]).exit_code == 0
    # The command line wins over the file.
    assert runner.invoke(app, ["check", str(PAIRS), "--no-models", "--fail-on", "major"]).exit_code == 1


def test_cli_config_severity_override_shows_in_the_report(tmp_path: Path) -> None:
    cfg = write(tmp_path / "mtcheck.toml", '[severity]\nMT401 = "critical"\n')
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["check", str(PAIRS), "--no-models", "--config", str(cfg), "-f", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    polarity = [f for s in doc["segments"] for f in s["findings"] if f["code"] == "MT401"]
    assert polarity and all(f["severity"] == "critical" for f in polarity)
    assert doc["settings"]["config"] == str(cfg)


def test_cli_config_ignore_drops_the_checks(tmp_path: Path) -> None:
    cfg = write(tmp_path / "mtcheck.toml", 'ignore = ["MT1", "MT2", "MT4", "MT5"]\nfail-on = "major"\n')
    out = tmp_path / "r.json"
    runner.invoke(app, ["check", str(PAIRS), "--no-models", "--config", str(cfg), "-f", "json", "-o", str(out)])
    codes = {f["code"] for s in json.loads(out.read_text(encoding="utf-8"))["segments"] for f in s["findings"]}
    assert codes and not any(c.startswith(("MT1", "MT2", "MT4", "MT5")) for c in codes)


def test_cli_bad_config_exits_2_naming_key_and_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "mtcheck.toml", "colour = 'red'\n")
    result = runner.invoke(app, ["check", str(PAIRS), "--no-models", "--config", str(cfg)])
    assert result.exit_code == 2
    assert "colour" in result.output and str(cfg) in result.output and "Traceback" not in result.output


def test_cli_missing_config_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(PAIRS), "--config", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2 and "no such config file" in result.output


def test_cli_bad_fail_on_exits_2() -> None:
    result = runner.invoke(app, ["check", str(PAIRS), "--no-models", "--fail-on", "loud"])
    assert result.exit_code == 2 and "unknown severity" in result.output
