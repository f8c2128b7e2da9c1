"""One self-contained HTML file: summary, filters, and the segments side by side.

The page is a template with its CSS and JavaScript inlined (package files in
``mtcheck/data/report/``); the report's data goes in as JSON inside a
``<script type="application/json">`` element, with ``<``, ``>``, ``&`` and the
JavaScript line separators escaped so that no input text can close the element
or open a comment, and the script renders every piece of it with
``textContent``. The data goes in once; the script filters and sorts all of it in
memory but puts only one page of segments (200 by default) in the DOM, so a
report of 50,000 segments opens in about a second (bench/html_report.py).
A Content-Security-Policy allows only the page's own script and
style (by hash) and no network at all, so even a slip elsewhere cannot run
injected code or fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from itertools import groupby
from typing import IO, Any

from mtcheck import __version__
from mtcheck.records import TEXT_FIELDS, SegmentResult, Severity
from mtcheck.report import Report, writer
from mtcheck.report.locate import locate

_PLACEHOLDER = re.compile(r"\{\{(TITLE|VERSION|STYLE|SCRIPT|STYLE_HASH|SCRIPT_HASH|DATA)\}\}")


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str]:
    folder = resources.files("mtcheck") / "data" / "report"
    return tuple((folder / name).read_text(encoding="utf-8") for name in ("template.html", "report.css", "report.js"))  # type: ignore[return-value]


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _segment(result: SegmentResult) -> dict[str, Any]:
    seg = result.segment
    worst = result.worst
    where = ""
    if (origin := seg.origins.get("mt")) is not None:
        where = f"{origin.path}:{origin.line}"
    findings = []
    for f in result.findings:
        item = f.to_dict()
        loc = locate(result, f)
        if loc is not None:
            item["where"] = f"{loc.path}:{loc.line}:{loc.column}"
        findings.append(item)
    return {
        "id": seg.id,
        "doc": seg.doc,
        "fields": seg.fields(),
        "where": where,
        "findings": findings,
        "scores": dict(result.scores),
        "worst": str(worst) if worst is not None else None,
    }


def report_data(report: Report) -> dict[str, Any]:
    run = report.run
    segments = [_segment(r) for r in run.results]
    groups = []
    primary = report.inputs[0] if report.inputs else "input"
    index = 0
    for doc, group in groupby(run.results, key=lambda r: r.segment.doc):
        members = list(group)
        present = {name for r in members for name in r.segment.fields()}
        groups.append(
            {
                "name": doc if doc is not None else primary,
                # Source, reference, MT side by side (back-translation last), only the sides present.
                "sides": [s for s in ("src", "ref", "mt", "back") if s in present and s in TEXT_FIELDS],
                "segments": list(range(index, index + len(members))),
            }
        )
        index += len(members)
    checks = {
        spec.code: {"name": spec.name, "category": str(spec.category), "severity": str(spec.severity), "summary": spec.summary}
        for spec in run.checks
    }
    for _, f in run.findings():
        checks.setdefault(f.code, {"name": f.check, "category": str(f.category), "severity": str(f.severity), "summary": ""})
    return {
        **report.header(),
        "summary": report.summary(),
        "corpus": {k: v for k, v in run.corpus.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)},
        "thresholds": list(report.thresholds),
        "baseline": report.baseline,
        "checks": checks,
        "groups": groups,
        "segments": segments,
        "severities": [str(s) for s in sorted(Severity, reverse=True)],
    }


def render_html(report: Report, title: str | None = None) -> str:
    template, style, script = _assets()
    title = title or "mtcheck report: " + (", ".join(report.inputs) or "segments")
    values = {
        "TITLE": html.escape(title),
        "VERSION": html.escape(__version__),
        "STYLE": style,
        "SCRIPT": script,
        "STYLE_HASH": _csp_hash(style),
        "SCRIPT_HASH": _csp_hash(script),
        "DATA": script_json(report_data(report)),
    }
    # One pass, so that nothing substituted is ever searched for placeholders again.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


@writer("html")
def write_html(report: Report, stream: IO[str]) -> None:
    stream.write(render_html(report))
