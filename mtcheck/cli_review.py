"""`mtcheck review`: the review page, `review export` and `review stats` (a thin layer over mtcheck.review).

``mtcheck review INPUT`` is short for ``mtcheck review open INPUT``: the group runs
``open`` when its first word is not one of its commands.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any, List, Optional

import click
import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from mtcheck.cli import CONFIG_OPT, GLOSSARY_OPT, IGNORE_OPT, NO_MODELS_OPT, SELECT_OPT, _die, _split_codes, app, takes_input
from mtcheck.config import Overrides, settings_for
from mtcheck.errors import ConfigError, InputError, MtcheckError
from mtcheck.inputs import InputSpec
from mtcheck.report.output import write_text_atomic
from mtcheck.settings import Settings


class _DefaultOpen(TyperGroup):
    """A group whose first word, when it names no command, is an input for ``open``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["open", *args]
        return super().parse_args(ctx, args)


review_app = typer.Typer(
    cls=_DefaultOpen,
    no_args_is_help=True,
    add_completion=False,
    help="Review flagged segments on a local page (`mtcheck review INPUT`), then export the corrections "
    "and a baseline of dismissed findings (`review export`) or count verdicts per check (`review stats`).",
)
app.add_typer(review_app, name="review")

REVIEW_FILE_OPT = typer.Option(
    None, "--review-file", help="The review file (default: INPUT.mtcheck-review.json beside the input or report)."
)


def _reviewer(name: Optional[str]) -> str:
    if name and name.strip():
        return name.strip()
    if env := os.environ.get("MTCHECK_REVIEWER", "").strip():
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "editor"


def _writable_folder(path: str) -> None:
    folder = Path(path).parent
    if not folder.is_dir():
        raise ConfigError(f"folder {folder} of the review file does not exist", key="--review-file")
    if not os.access(folder, os.W_OK):
        raise ConfigError(f"cannot write the review file in {folder}; pass --review-file PATH", key="--review-file")


@review_app.command("open")
@takes_input()
def open_review(
    spec: InputSpec,
    review_file: Optional[str] = REVIEW_FILE_OPT,
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Name saved with each decision (default: $MTCHECK_REVIEWER or the login name)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. Anything but 127.0.0.1 lets other machines reach the page."),
    port: int = typer.Option(0, "--port", min=0, max=65535, help="Port to listen on (default: a free one)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Print the URL only; do not open a browser."),
    select: Optional[List[str]] = SELECT_OPT,
    ignore: Optional[List[str]] = IGNORE_OPT,
    no_models: bool = NO_MODELS_OPT,
    config: Optional[str] = CONFIG_OPT,
    glossary: Optional[str] = GLOSSARY_OPT,
) -> None:
    """Check INPUT (or load a saved JSON report) and review its flagged segments on a local page.

    Decisions are saved on every action to INPUT.mtcheck-review.json; opening the same
    input again resumes where you stopped. Stop the server with Ctrl-C.
    """
    from mtcheck.review.app import create_app, new_token
    from mtcheck.review.server import can_open_browser, listen, open_browser, serve
    from mtcheck.review.session import ReviewSession
    from mtcheck.review.source import open_source
    from mtcheck.review.store import ReviewFile

    try:
        # The same settings as `mtcheck check` (config file under the flags), so the page shows what CI flags.
        settings = settings_for(
            config, Overrides(select=_split_codes(select) or None, ignore=_split_codes(ignore) or None, no_models=no_models, glossary=glossary)
        )
        source = open_source(spec, settings)
        path = review_file or source.default_review_path()
        _writable_folder(path)
        review = ReviewFile.open(path, source.digest, source.label, len(source.results))
        session = ReviewSession(source, review, _reviewer(reviewer), settings)
        listener = listen(host, port)
    except MtcheckError as exc:
        _die(exc)
    progress = session.progress()
    typer.echo(
        f"mtcheck review: {progress['segments']} flagged segments ({progress['findings']} findings, "
        f"{progress['decided']} reviewed) of {source.label}; decisions go to {review.path}",
        err=True,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"mtcheck review: warning: listening on {host}: other machines can reach the page (plain HTTP; the token is the only guard)", err=True)
    token = new_token()
    url = listener.url(token)
    typer.echo(f"Review page: {url}")
    if not no_browser:
        if can_open_browser():
            open_browser(url)
        else:
            typer.echo("mtcheck review: no display to open a browser on; open the URL above", err=True)
    typer.echo("mtcheck review: press Ctrl-C to stop (every decision is already saved)", err=True)
    serve(create_app(session, token, host), listener)


@review_app.command("export")
@takes_input()
def export_review(
    spec: InputSpec,
    review_file: Optional[str] = REVIEW_FILE_OPT,
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Corrected file (default: INPUT.corrected.EXT beside the input)."),
    baseline: Optional[str] = typer.Option(None, "--baseline", help="Baseline of dismissed findings (default: INPUT.baseline.json beside the input)."),
) -> None:
    """Write the corrected translations in the input's own format, and a baseline of dismissed findings.

    Use the baseline in CI with `mtcheck check INPUT --baseline FILE`: findings the
    editors dismissed no longer fail the build.
    """
    from mtcheck.review.export import build_export
    from mtcheck.review.source import default_review_path, open_source
    from mtcheck.review.store import ReviewFile

    try:
        path = review_file or default_review_path(spec)
        if not Path(path).exists():
            raise InputError(path, f"no review file; review the input first (mtcheck review {spec.primary})")
        review = ReviewFile.load(path)
        source = open_source(spec, Settings(models=review.models), check=False)
        review.check_input(source.digest, source.label, len(source.results))
        result = build_export(source, review)
        corrected_path, baseline_path = result.default_paths()
        corrected_path, baseline_path = output or corrected_path, baseline or baseline_path
        if Path(corrected_path).resolve() == Path(result.original_path).resolve():
            raise ConfigError("the corrected file would overwrite the input; choose another --output", key="--output")
        write_text_atomic(corrected_path, result.corrected_text)
        write_text_atomic(baseline_path, result.baseline.to_json())
    except MtcheckError as exc:
        _die(exc)
    if result.converted_to:
        typer.echo(f"mtcheck: {result.original_path}: its format cannot be written back; corrections written as {result.converted_to}", err=True)
    typer.echo(f"wrote {corrected_path} ({result.corrected} of {result.segments} segments corrected)")
    typer.echo(f"wrote {baseline_path} ({len(result.baseline.entries)} dismissed findings)")


@review_app.command("stats")
def review_stats_cmd(
    paths: List[str] = typer.Argument(..., help="Review files, folders holding them, or inputs with a review file beside them."),
    format: str = typer.Option("terminal", "--format", "-f", help="terminal or json."),
) -> None:
    """Show per check code how often editors confirmed or dismissed its findings."""
    from mtcheck.review.source import REVIEW_SUFFIX
    from mtcheck.review.stats import review_stats
    from mtcheck.review.store import ReviewFile

    if format not in ("terminal", "json"):
        raise typer.BadParameter(f"unknown format {format!r} (choose from terminal, json)", param_hint="--format")
    try:
        files: list[str] = []
        for p in paths:
            if Path(p).is_dir():
                found = sorted(str(f) for f in Path(p).rglob("*" + REVIEW_SUFFIX))
                if not found:
                    raise InputError(p, f"no review files (*{REVIEW_SUFFIX}) in this folder")
                files.extend(found)
            elif not p.endswith(REVIEW_SUFFIX) and Path(p + REVIEW_SUFFIX).is_file():
                files.append(p + REVIEW_SUFFIX)
            else:
                files.append(p)
        rows = review_stats(ReviewFile.load(f) for f in files)
    except MtcheckError as exc:
        _die(exc)
    if format == "json":
        typer.echo(json.dumps({"reviews": len(files), "codes": [r.to_dict() for r in rows]}, ensure_ascii=False, indent=2))
        return
    _stats_table(rows, len(files))


def _stats_table(rows: list[Any], reviews: int) -> None:
    from mtcheck.registry import REGISTRY, load_builtin_checks

    load_builtin_checks()
    console = Console(highlight=False, soft_wrap=True)
    table = Table(title=f"Editor verdicts per check ({reviews} review file{'s' if reviews != 1 else ''})")
    for column, justify in (("code", "left"), ("check", "left"), ("findings", "right"), ("confirmed", "right"),
                            ("dismissed", "right"), ("undecided", "right"), ("dismissed %", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for r in rows:
        spec = REGISTRY.get(r.code)
        share = r.dismissed_share
        table.add_row(
            r.code, r.check or (spec.name if spec else ""), str(r.findings), str(r.confirmed), str(r.dismissed),
            str(r.undecided), f"{share:.0%}" if share is not None else "-",
        )
    console.print(table)
