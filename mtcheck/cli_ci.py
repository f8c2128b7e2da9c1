"""CI commands: ``mtcheck baseline`` (accept today's findings) and ``mtcheck compare BASE NEW``.

They register on :data:`mtcheck.cli.app`; like the rest of the CLI they only
turn library results and errors into output and exit codes.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from mtcheck.api import check_segments
from mtcheck.baseline import Baseline
from mtcheck.cli import (
    CONFIG_OPT, ENC_OPT, FMT_IN_OPT, GLOSSARY_OPT, IGNORE_OPT, NO_MODELS_METRICS_OPT, NO_MODELS_OPT, SELECT_OPT,
    _die, _split_codes, app, overrides, takes_input,
)
from mtcheck.compare import DEFAULT_SAMPLES, compare_runs, worst_new
from mtcheck.config import settings_for
from mtcheck.errors import MtcheckError
from mtcheck.inputs import InputSpec, load_segments
from mtcheck.readers.tabular import guess_format as table_format
from mtcheck.readers.translation_formats import guess_format as translation_format
from mtcheck.report.compare_report import WRITERS as COMPARE_WRITERS
from mtcheck.report.output import atomic_output, write_text_atomic

EXIT_OK, EXIT_WORSE = 0, 1


@app.command()
@takes_input()
def baseline(
    spec: InputSpec,
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Baseline file to write (default: the config's baseline)."),
    select: Optional[List[str]] = SELECT_OPT,
    ignore: Optional[List[str]] = IGNORE_OPT,
    no_models: bool = NO_MODELS_OPT,
    config: Optional[str] = CONFIG_OPT,
    glossary: Optional[str] = GLOSSARY_OPT,
    reason: str = typer.Option("", "--reason", help="Why these findings are accepted (kept with each entry)."),
    merge: bool = typer.Option(False, "--merge", help="Keep the entries already in the file and add today's."),
) -> None:
    """Accept today's findings: write their fingerprints to a baseline file.

    `mtcheck check --baseline FILE` then reports only findings that are not in it.
    Fingerprints depend on content (check, MT text, flagged text), not on line
    numbers, so they survive lines moving.
    """
    try:
        settings = settings_for(config, overrides(select, ignore, None, no_models, None, None, glossary))
        target = output or settings.baseline
        if not target:
            raise MtcheckError("no baseline file to write: give -o PATH (or set baseline in the config)")
        run = check_segments(load_segments(spec, models=settings.models), settings)
        accepted = Baseline.from_results(run.results, reason)
        if merge and Path(target).exists():
            accepted = Baseline.load(target).merged(accepted)
        write_text_atomic(target, accepted.to_json())
    except MtcheckError as exc:
        _die(exc)
    typer.echo(f"mtcheck: wrote {len(accepted.entries)} baseline entr{'y' if len(accepted.entries) == 1 else 'ies'} to {target}", err=True)


@app.command("check-files")
def check_files(
    files: List[str] = typer.Argument(..., help="Files to check: JSONL/TSV/CSV, XLIFF, TMX, PO or RSS/Atom (by extension)."),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, github, markdown or json (one report per file)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 if any finding is at or above this (default: major, or the config's), or never."),
    select: Optional[List[str]] = SELECT_OPT,
    ignore: Optional[List[str]] = IGNORE_OPT,
    no_models: bool = NO_MODELS_OPT,
    config: Optional[str] = CONFIG_OPT,
    baseline_path: Optional[str] = typer.Option(None, "--baseline", help="Accept the findings in this baseline file."),
    glossary: Optional[str] = GLOSSARY_OPT,
) -> None:
    """Check several files in one go, as a pre-commit hook does; exit 1 if any of them fails.

    Thresholds from the config apply to each file on its own.
    """
    from mtcheck.gate import exit_code, run_gated
    from mtcheck.report import WRITERS, Report, load_writers

    load_writers()
    if format not in ("terminal", "github", "markdown", "json"):
        raise typer.BadParameter(f"unknown format {format!r} (choose from terminal, github, markdown, json)", param_hint="--format")
    worst = EXIT_OK
    try:
        settings = settings_for(config, overrides(select, ignore, fail_on, no_models, None, baseline_path, glossary))
        for path in files:
            run, gate = run_gated(InputSpec(path=path), settings)
            report = Report(run=run, inputs=[path], settings=settings.describe(),
                            thresholds=gate.thresholds_list(), baseline=gate.baseline_dict())
            if format == "terminal" and run.worst() is None:
                typer.echo(f"{path}: no findings")
            else:
                with atomic_output(None) as stream:
                    WRITERS[format](report, stream)
            for line in gate.messages():
                typer.echo(f"mtcheck: {path}: {line}", err=True)
            worst = max(worst, exit_code(run, settings, gate))
    except MtcheckError as exc:
        _die(exc)
    raise typer.Exit(worst)


def _compare_spec(path: str, src: Optional[str], ref: Optional[str], encoding: Optional[str], fmt: Optional[str]) -> InputSpec:
    """A table or translation file carries its own sides; anything else is plain text, a segment a line."""
    if fmt or table_format(path) or translation_format(path):
        return InputSpec(path=path, src=src, ref=ref, encoding=encoding, format=fmt)
    return InputSpec(mt=path, src=src, ref=ref, encoding=encoding)


@app.command()
def compare(
    base: str = typer.Argument(..., help="BASE: the earlier MT output (JSONL/TSV/CSV/XLIFF/TMX/PO, or plain text, a segment a line)."),
    new: str = typer.Argument(..., help="NEW: the MT output to judge, of the same source segments."),
    src: Optional[str] = typer.Option(None, "--src", help="Russian source, line-aligned with plain-text BASE and NEW."),
    ref: Optional[str] = typer.Option(None, "--ref", help="English reference, line-aligned with plain-text BASE and NEW."),
    encoding: Optional[str] = ENC_OPT,
    input_format: Optional[str] = FMT_IN_OPT,
    format: str = typer.Option("terminal", "--format", "-f", help="terminal, json or markdown."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the comparison to FILE (atomically)."),
    metric: Optional[List[str]] = typer.Option(None, "--metric", help="Metrics to test: bleu, chrf, ter (default: all, when there are references)."),
    samples: int = typer.Option(DEFAULT_SAMPLES, "--samples", help="Bootstrap resamples for the significance test."),
    alpha: float = typer.Option(0.05, "--alpha", help="A delta is significant when its p-value is below this."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 if NEW has a new finding at or above this (default: major, or the config's), or never."),
    select: Optional[List[str]] = SELECT_OPT,
    ignore: Optional[List[str]] = IGNORE_OPT,
    no_models: bool = NO_MODELS_METRICS_OPT,
    config: Optional[str] = CONFIG_OPT,
    glossary: Optional[str] = GLOSSARY_OPT,
) -> None:
    """Compare two MT outputs of the same source: metric deltas with significance, new and fixed findings.

    Exit 1 when NEW is significantly worse on a metric (paired bootstrap, p < --alpha)
    or has a new finding at or above --fail-on; 0 otherwise; 2 on errors.
    """
    if format not in COMPARE_WRITERS:
        raise typer.BadParameter(f"unknown format {format!r} (choose from {', '.join(COMPARE_WRITERS)})", param_hint="--format")
    if not 0 < alpha < 1:
        raise typer.BadParameter("must be between 0 and 1", param_hint="--alpha")
    try:
        settings = settings_for(config, overrides(select, ignore, fail_on, no_models, None, None, glossary))
        runs = []
        for path in (base, new):
            runs.append(
                check_segments(load_segments(_compare_spec(path, src, ref, encoding, input_format), models=settings.models), settings)
            )
        metrics = _split_codes(metric) or None
        result = compare_runs(
            runs[0], runs[1], base, new,
            metrics=[m.lower() for m in metrics] if metrics else None, n_samples=samples, alpha=alpha,
        )
        with atomic_output(output) as stream:
            COMPARE_WRITERS[format](result, stream)
    except MtcheckError as exc:
        _die(exc)
    worse = bool(result.significantly_worse())
    worst = worst_new(result)
    regressed = settings.fail_on is not None and worst is not None and worst >= settings.fail_on
    raise typer.Exit(EXIT_WORSE if worse or regressed else EXIT_OK)
