"""The `mtcheck` command line: a thin layer over the Python API.

Library errors are typed (:mod:`mtcheck.errors`); this is the only place that turns
them into messages and exit codes: 0 no finding at or above --fail-on, 1 findings
at or above it, 2 usage, configuration or input error.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from typing import Any, Callable, List, Optional

import typer
from rich.console import Console
from rich.table import Table

from mtcheck import __version__
from mtcheck.api import run_check
from mtcheck.config import Overrides, settings_for
from mtcheck.gate import exit_code as gate_exit_code
from mtcheck.gate import run_gated
from mtcheck.engine import RunResult, load_builtin_checks
from mtcheck.errors import MtcheckError
from mtcheck.inputs import InputSpec
from mtcheck.records import Severity
from mtcheck.registry import REGISTRY
from mtcheck.report import WRITERS, Report, formats, load_writers
from mtcheck.report.output import atomic_output
from mtcheck.scoring import with_scoring_options
from mtcheck.selection import Selection
from mtcheck.settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="mtcheck",
    help="Quality checks for Russian-to-English machine translation.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Flag meaning-changing errors in machine-translated English (negation, numbers, names,
    untranslated text, page junk, repetition) and score it against a source, reference
    or back-translation."""


# Options shared by every command that reads input.
INPUT_ARG = typer.Argument(None, help="JSONL/TSV/CSV file (columns id, mt, src, ref, back), or a document with --doc.")
MT_OPT = typer.Option(None, "--mt", help="Plain-text MT file, one segment a line (or a document with --doc).")
SRC_OPT = typer.Option(None, "--src", help="Russian source: line-aligned with --mt, or a document with --doc.")
REF_OPT = typer.Option(None, "--ref", help="English reference: line-aligned with --mt, or a document with --doc.")
BACK_OPT = typer.Option(None, "--back", help="Russian back-translation of the MT.")
DOC_OPT = typer.Option(False, "--doc", help="Inputs are whole documents: split them into sentences.")
ENC_OPT = typer.Option(None, "--encoding", help="Force an input encoding (default: detect UTF-8/UTF-16 BOM/Windows-1251).")
FMT_IN_OPT = typer.Option(None, "--input-format", help="jsonl, tsv, csv, xliff, tmx, po or feed (default: from the file extension).")
# Check selection, as every command but `check` (whose help says more) words it.
SELECT_OPT = typer.Option(None, "--select", help="Run only checks whose code starts with these prefixes.")
IGNORE_OPT = typer.Option(None, "--ignore", help="Skip checks whose code starts with these prefixes.")
NO_MODELS_OPT = typer.Option(False, "--no-models", help="Load no model: rule-based checks only.")
NO_MODELS_METRICS_OPT = typer.Option(False, "--no-models", help="Load no model: rule-based checks and metrics only.")
# Options of the CI gate (mtcheck.config, mtcheck.gate), shared by check and baseline.
CONFIG_OPT = typer.Option(None, "--config", help="Config file (default: nearest mtcheck.toml, or pyproject.toml with [tool.mtcheck]).")
BASELINE_OPT = typer.Option(None, "--baseline", help="Accept the findings in this baseline file (from `mtcheck baseline`); report only new ones.")
THRESHOLD_OPT = typer.Option(None, "--threshold", help='A score threshold, e.g. "corpus chrf >= 45", "share critical <= 2%" (repeatable).')
GLOSSARY_OPT = typer.Option(None, "--glossary", help="Glossary file for the terminology checks.")
# Options of the scorers (mtcheck.scoring).
REFS_OPT = typer.Option(None, "--ref", help="English reference: line-aligned with --mt, or a document with --doc. Repeat for more references (line-aligned only).")
LM_OPT = typer.Option(None, "--lm", help="Language model for fluency: smollm2 (default, packaged), a checkpoint folder, a .gguf file or a model-hub id.")
METRIC_OPT = typer.Option(None, "--metric", help="sacrebleu metrics against the reference(s): bleu, chrf, chrf++, ter (comma-separated; default bleu,chrf,ter).")
BATCH_OPT = typer.Option(32, "--batch-size", help="Texts per model batch (batches are sorted by length; results keep input order).")
THREADS_OPT = typer.Option(None, "--threads", help="CPU threads for the models (default: torch's own choice).")
LM_DTYPE_OPT = typer.Option(None, "--lm-dtype", help="auto (default: bfloat16 where the CPU has AVX512-BF16/AMX, else float32), float32 or bfloat16; named in the signature.")


def _param(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=annotation)


# The input argument and options of every command that reads input, in the order its help shows them.
_INPUT_PARAMS = (
    _param("input", Optional[str], INPUT_ARG),
    _param("mt", Optional[str], MT_OPT),
    _param("src", Optional[str], SRC_OPT),
    _param("ref", Optional[str], REF_OPT),
    _param("back", Optional[str], BACK_OPT),
    _param("doc", bool, DOC_OPT),
    _param("encoding", Optional[str], ENC_OPT),
    _param("input_format", Optional[str], FMT_IN_OPT),
)
_REFS_PARAM = _param("ref", Optional[List[str]], REFS_OPT)


def takes_input(refs: bool = False) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command INPUT, --mt, --src, --ref, --back, --doc, --encoding and
    --input-format ahead of its own options, and hand what they say to it as one
    :class:`InputSpec`, its parameter ``spec``.

    ``refs``: --ref may be repeated; the first is the reference, the others extra
    references. Typer reads a command's parameters from its signature, so the
    wrapper shows typer the input parameters followed by the command's own.
    """
    params = [_REFS_PARAM if refs and p.name == "ref" else p for p in _INPUT_PARAMS]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = inspect.signature(command, eval_str=True)
        if "spec" not in own.parameters or any(p.name in own.parameters for p in params):
            raise TypeError(f"{command.__name__} must take `spec` and none of the input parameters")
        signature = own.replace(parameters=[*params, *(p for p in own.parameters.values() if p.name != "spec")])

        @functools.wraps(command)
        def run(**kwargs: Any) -> None:
            given = {p.name: kwargs.pop(p.name) for p in params}
            ref, extra_refs = given["ref"], ()
            if refs:
                ref, extra_refs = (ref[0], tuple(ref[1:])) if ref else (None, ())
            spec = InputSpec(
                path=given["input"], mt=given["mt"], src=given["src"], ref=ref, back=given["back"], doc=given["doc"],
                encoding=given["encoding"], format=given["input_format"], extra_refs=extra_refs,
            )
            command(spec=spec, **kwargs)

        run.__signature__ = signature  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
        return run

    return decorate


def _fail_on(value: str) -> Optional[Severity]:
    if value.lower() == "never":
        return None
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _split_codes(values: Optional[List[str]]) -> list[str]:
    return [c for v in values or [] for c in v.replace(";", ",").split(",") if c.strip()]


@app.command()
@takes_input(refs=True)
def check(
    spec: InputSpec,
    format: str = typer.Option("terminal", "--format", "-f", help="Report format: " + ", ".join(["terminal", "json", "jsonl", "sarif", "junit", "github", "markdown", "csv", "html"]) + "."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the report to FILE (atomically) instead of stdout."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 if any finding is at or above: critical, major, minor, info, or never (default: major, or the config's fail-on)."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Run only checks whose code starts with these prefixes (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip checks whose code starts with these prefixes (longest prefix wins)."),
    no_models: bool = NO_MODELS_METRICS_OPT,
    config: Optional[str] = CONFIG_OPT,
    baseline: Optional[str] = BASELINE_OPT,
    threshold: Optional[List[str]] = THRESHOLD_OPT,
    glossary: Optional[str] = GLOSSARY_OPT,
    lm: Optional[str] = LM_OPT,
    metric: Optional[List[str]] = METRIC_OPT,
    batch_size: int = BATCH_OPT,
    threads: Optional[int] = THREADS_OPT,
    lm_dtype: Optional[str] = LM_DTYPE_OPT,
) -> None:
    """Check machine-translated segments and report what is wrong with them."""
    load_writers()
    if format not in WRITERS:
        raise typer.BadParameter(f"unknown format {format!r} (choose from {', '.join(formats())})", param_hint="--format")
    try:
        settings = settings_for(config, overrides(select, ignore, fail_on, no_models, threshold, baseline, glossary))
        settings = with_scoring_options(
            settings, lm=lm, metrics=metric, batch_size=batch_size, threads=threads, progress=True, lm_dtype=lm_dtype
        )
        run, gate = run_gated(spec, settings)
        report = Report(
            run=run, inputs=spec.describe(), settings=settings.describe(),
            thresholds=gate.thresholds_list(), baseline=gate.baseline_dict(),
        )
        with atomic_output(output) as stream:
            WRITERS[format](report, stream)
    except MtcheckError as exc:
        _die(exc)
    for line in gate.messages():
        typer.echo(f"mtcheck: {line}", err=True)
    raise typer.Exit(gate_exit_code(run, settings, gate))


def overrides(
    select: Optional[List[str]], ignore: Optional[List[str]], fail_on: Optional[str], no_models: bool,
    threshold: Optional[List[str]], baseline: Optional[str], glossary: Optional[str],
) -> Overrides:
    """What the command line says, to lay over the config file."""
    return Overrides(
        select=_split_codes(select) or None, ignore=_split_codes(ignore) or None, fail_on=fail_on,
        no_models=no_models, thresholds=tuple(threshold or ()), baseline=baseline, glossary=glossary,
    )


def _exit_code(run: RunResult, threshold: Optional[Severity]) -> int:
    worst = run.worst()
    if threshold is None or worst is None:
        return EXIT_OK
    return EXIT_FINDINGS if worst >= threshold else EXIT_OK


@app.command()
def rules(code: Optional[str] = typer.Argument(None, help="A check code (MT401) or name to explain.")) -> None:
    """List every check, or explain one with a failing and a passing example."""
    load_builtin_checks()
    console = Console(highlight=False, soft_wrap=True)
    if code is None:
        table = Table(show_lines=False)
        for column in ("code", "name", "category", "severity", "needs", "what it flags"):
            table.add_column(column)
        for spec in REGISTRY:
            table.add_row(spec.code, spec.name, str(spec.category), str(spec.severity), spec.needs_text(), spec.summary)
        console.print(table)
        return
    spec = REGISTRY.get(code)
    if spec is None:
        _die(MtcheckError(f"no check with code or name {code!r} (see `mtcheck rules`)"))
    console.print(f"[bold]{spec.code}[/bold] {spec.name}  ({spec.category}, default severity {spec.severity}; needs {spec.needs_text()})")
    console.print()
    console.print(spec.doc, markup=False)
    for label, examples in (("Fails", spec.fails), ("Passes", spec.passes)):
        for ex in examples:
            console.print()
            console.print(f"[bold]{label}:[/bold]")
            for side in ("src", "ref", "back", "mt"):
                value = getattr(ex, side)
                if value is not None:
                    console.print(f"  {side:4} {value}", markup=False)
    if spec.options:
        console.print()
        console.print("[bold]Options[/bold] (defaults): " + ", ".join(f"{k}={v!r}" for k, v in spec.options.items()))


def _die(exc: Exception) -> None:
    typer.echo(f"mtcheck: error: {exc}", err=True)
    raise typer.Exit(EXIT_ERROR)


def main() -> None:
    """Entry point: never show a traceback unless MTCHECK_DEBUG is set."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("mtcheck: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line, keep the exit code contract
        if os.environ.get("MTCHECK_DEBUG"):
            raise
        typer.echo(f"mtcheck: internal error: {type(exc).__name__}: {exc} (set MTCHECK_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_ERROR)


# Commands of the CI gate register themselves on `app`.
import mtcheck.cli_ci  # noqa: E402,F401
# `mtcheck review`, `review export` and `review stats` register themselves on `app`.
import mtcheck.cli_review  # noqa: E402,F401
# `mtcheck align` (pair unaligned documents) registers itself on `app`.
import mtcheck.cli_align  # noqa: E402,F401

if __name__ == "__main__":
    main()
