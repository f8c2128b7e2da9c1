"""The human-readable terminal report (rich)."""

from __future__ import annotations

from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mtcheck.records import Finding, SegmentResult, Severity
from mtcheck.report import Report, writer

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.MAJOR: "bold red",
    Severity.MINOR: "yellow",
    Severity.INFO: "cyan",
}
HIGHLIGHT_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.MAJOR: "bold black on bright_red",
    Severity.MINOR: "black on yellow",
    Severity.INFO: "underline",
}
SIDE_LABEL = {"mt": "MT  ", "src": "SRC ", "ref": "REF ", "back": "BACK"}


def highlighted(text: str, field: str, findings: list[Finding]) -> Text:
    """``text`` with every span of ``findings`` in ``field`` highlighted, worst on top."""
    out = Text(text)
    spans = [(f.span, f.severity) for f in findings if f.span.field == field]
    spans += [(f.related, f.severity) for f in findings if f.related is not None and f.related.field == field]
    for span, severity in sorted(spans, key=lambda s: s[1]):
        out.stylize(HIGHLIGHT_STYLE[severity], span.start, max(span.end, span.start + 1))
    return out


def _location(result: SegmentResult) -> str:
    origin = result.segment.origins.get("mt")
    return f"{origin.path}:{origin.line}" if origin else ""


@writer("terminal")
def write_terminal(report: Report, stream: IO[str]) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    run = report.run
    for result in run.results:
        if not result.findings:
            continue
        seg = result.segment
        console.print(Text.assemble((f"[{seg.id}]", "bold"), " ", (_location(result), "dim")))
        sides = ["mt"] + sorted(
            {f.related.field for f in result.findings if f.related is not None and f.related.field != "mt"}
        )
        for side in sides:
            console.print(Text.assemble(("  " + SIDE_LABEL[side] + " ", "dim"), highlighted(seg.text(side) or "", side, result.findings)))
        for f in result.findings:
            line = Text("    ")
            line.append(f"{f.code} ", style="bold")
            line.append(f"{f.severity}", style=SEVERITY_STYLE[f.severity])
            line.append(f" {f.category}", style="dim")
            line.append(f" “{f.span.text_in(seg)}”", style="italic")
            line.append(f"  {f.message}")
            console.print(line)
        if scores := _scores_line(result):
            console.print(Text("    " + scores, style="dim"))
        console.print()
    _summary(console, report)


# Per-segment scores worth a glance beside the findings, in this order.
BRIEF_SCORES = ("quality", "qe", "fluency", "chrf", "chrf++", "bleu", "ter", "cos_src_mt", "roundtrip_chrf")


def _scores_line(result: SegmentResult) -> str:
    parts = []
    for name in BRIEF_SCORES:
        value = result.scores.get(name)
        if value is not None:
            parts.append(f"{name} {value:.2f}" if name.startswith("cos") else f"{name} {value:.1f}")
    return "scores: " + ", ".join(parts) if parts else ""


def _summary(console: Console, report: Report) -> None:
    summary = report.summary()
    table = Table(title="Findings by category and severity", title_justify="left")
    table.add_column("category")
    severities = [s for s in sorted(Severity, reverse=True)]
    for s in severities:
        table.add_column(str(s), justify="right", style=SEVERITY_STYLE[s])
    counts: dict[str, dict[Severity, int]] = {}
    for _, f in report.run.findings():
        counts.setdefault(str(f.category), {}).setdefault(f.severity, 0)
        counts[str(f.category)][f.severity] += 1
    for category in sorted(counts):
        table.add_row(category, *[str(counts[category].get(s, 0) or "") for s in severities])
    if counts:
        console.print(table)
    console.print(
        f"{summary['segments']} segments, {summary['flagged_segments']} flagged, {summary['findings']} findings"
        + (f" (worst: {summary['worst_severity']})" if summary["worst_severity"] else "")
    )
    described: list[tuple[str, Any]] = []
    for name, value in sorted(report.run.corpus.items()):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            described.append((name, value))
        elif isinstance(value, int):
            console.print(f"  {name}: {value}")
        else:
            console.print(f"  {name}: {value:.2f}")
    for name, value in described:
        if name == "metric_signatures" and isinstance(value, dict):
            for metric, sig in value.items():
                console.print(f"  {metric} signature: {sig}", style="dim")
        elif isinstance(value, dict) and {"name", "sha256"} <= set(value):
            console.print(f"  {name.replace('_', ' ')}: {value['name']} (sha256 {str(value['sha256'])[:12]})", style="dim")
        else:
            console.print(f"  {name}: {value}")
    for entry in summary["skipped"]:
        console.print(f"  note: {entry['code']} could not run on {entry['segments']} segment(s): {entry['reason']}", style="dim")
    console.print(f"signature: {report.run.signature}", style="dim")
