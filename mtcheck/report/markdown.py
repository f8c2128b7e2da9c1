"""A Markdown summary for a pull-request comment or a CI job summary.

All input text is escaped: HTML special characters become entities, Markdown
punctuation is backslash-escaped, and ``@`` gets a zero-width joiner so that MT
text can neither inject markup nor mention anyone. The list of flagged segments
is cut at :data:`MAX_SEGMENTS` (worst first) to stay within comment size limits.
"""

from __future__ import annotations

import html
import re
from typing import IO

from mtcheck.records import Finding, SegmentResult, Severity
from mtcheck.report import Report, writer
from mtcheck.report.locate import locate

MAX_SEGMENTS = 50
# Only what is special inside a line: the text never starts a line of the output.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
ICON = {Severity.CRITICAL: "🔴", Severity.MAJOR: "🟠", Severity.MINOR: "🟡", Severity.INFO: "🔵"}


def md_escape(text: str) -> str:
    """Plain text that renders as itself in GitHub Markdown, on one line."""
    text = re.sub(r"\s+", " ", text)
    # Markdown punctuation gets a backslash; <, > and & become entities (a
    # backslash before an entity would show it literally, so they are not in the set).
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = html.escape(text, quote=False)
    return text.replace("@", "@\u200d")


def highlighted(text: str, findings: list[Finding], field: str = "mt") -> str:
    """``text`` escaped, with the flagged spans in bold."""
    spans: list[list[int]] = []
    # Overlapping spans (two checks on one phrase) become one bold run.
    for start, end in sorted({(f.span.start, f.span.end) for f in findings if f.span.field == field and f.span.end > f.span.start}):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    out, pos = [], 0
    for start, end in spans:
        out.append(md_escape(text[pos:start]))
        out.append("**" + md_escape(text[start:end]).strip() + "**")
        pos = end
    out.append(md_escape(text[pos:]))
    return "".join(out)


def risk(result: SegmentResult) -> tuple[int, int]:
    return (int(result.worst) if result.worst is not None else -1, len(result.findings))


def _where(result: SegmentResult, finding: Finding) -> str:
    loc = locate(result, finding)
    return f" `{loc.path.replace('`', '')}:{loc.line}`" if loc else ""


@writer("markdown")
def write_markdown(report: Report, stream: IO[str]) -> None:
    run, summary = report.run, report.summary()
    w = stream.write
    worst = summary["worst_severity"]
    w(
        f"## mtcheck: {summary['segments']} segments, {summary['flagged_segments']} flagged, "
        f"{summary['findings']} findings" + (f" (worst: {worst})" if worst else "") + "\n\n"
    )
    w("| severity | findings |\n|---|---:|\n")
    for name, count in summary["by_severity"].items():
        w(f"| {ICON[Severity.parse(name)]} {name} | {count} |\n")
    w("\n")
    if report.thresholds:
        w("### Thresholds\n\n| threshold | measured | result |\n|---|---:|---|\n")
        for o in report.thresholds:
            measured = f"{o['value'] * 100:.2f}%" if o["scope"] == "share" else f"{o['value']:.2f}"
            verdict = "✅ passed" if o["passed"] else "❌ failed"
            if o.get("failing"):
                verdict += f" ({len(o['failing'])} segment(s))"
            w(f"| {md_escape(o['threshold'])} | {measured} | {verdict} |\n")
        w("\n")
    if report.baseline is not None:
        stale = report.baseline.get("stale", [])
        w(
            f"Baseline `{str(report.baseline.get('path', '')).replace('`', '')}`: "
            f"{report.baseline.get('suppressed', 0)} known finding(s) suppressed"
            + (f", {len(stale)} stale entr{'y' if len(stale) == 1 else 'ies'} (no longer found)" if stale else "")
            + ".\n\n"
        )
    if summary["by_code"]:
        names = {f.code: (f.check, str(f.category)) for _, f in run.findings()}
        w("### Findings by check\n\n| code | check | category | findings |\n|---|---|---|---:|\n")
        for code, count in summary["by_code"].items():
            check, category = names.get(code, ("", ""))
            w(f"| {md_escape(code)} | {md_escape(check)} | {md_escape(category)} | {count} |\n")
        w("\n")
    if run.corpus:
        numeric = {k: v for k, v in run.corpus.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        if numeric:
            w("### Corpus scores\n\n| score | value |\n|---|---:|\n")
            for name, value in sorted(numeric.items()):
                w(f"| {md_escape(name)} | {value:.2f} |\n")
            w("\n")
    flagged = sorted((r for r in run.results if r.findings), key=risk, reverse=True)
    if flagged:
        w(f"### Flagged segments{' (worst first)' if len(flagged) > 1 else ''}\n\n")
        for result in flagged[:MAX_SEGMENTS]:
            seg = result.segment
            label = f"{seg.doc} / {seg.id}" if seg.doc else seg.id
            w(f"- **{md_escape(label)}**: {highlighted(seg.mt, result.findings)}\n")
            for f in result.findings:
                w(f"  - {ICON[f.severity]} **{md_escape(f.code)}** {f.severity} {md_escape(str(f.category))}:"
                  f" {md_escape(f.message)}{_where(result, f)}\n")
        if len(flagged) > MAX_SEGMENTS:
            w(f"\n…and {len(flagged) - MAX_SEGMENTS} more flagged segment(s); see the full report.\n")
        w("\n")
    w(f"<sub>{md_escape(run.signature)}</sub>\n")
