"""SARIF 2.1.0: the format code-scanning tools (GitHub, GitLab, IDEs) read.

Each check of the run is declared once as a rule, with its summary and help
text; each finding is a result located by file, line and column of its span in
the original input file (columns count Unicode code points, as the run says in
``columnKind``), with a content-based fingerprint so that viewers can track it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from mtcheck import __version__
from mtcheck.baseline import fingerprint
from mtcheck.records import Finding, SegmentResult, Severity, Span
from mtcheck.registry import CheckSpec
from mtcheck.report import Report, writer
from mtcheck.report.locate import Location, locate

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning", Severity.INFO: "note"}
# security-severity style ranks (0-100) so that viewers can sort.
RANK = {Severity.CRITICAL: 95.0, Severity.MAJOR: 70.0, Severity.MINOR: 40.0, Severity.INFO: 10.0}


def artifact_uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/")


def _rule(spec: CheckSpec) -> dict[str, Any]:
    help_text = spec.doc
    return {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": help_text},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVEL[spec.severity], "rank": RANK[spec.severity]},
        "properties": {
            "category": str(spec.category),
            "severity": str(spec.severity),
            "needs": spec.needs_text(),
            "tags": ["translation", str(spec.category)],
        },
    }


def _physical(loc: Location, snippet: str) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": loc.line, "startColumn": loc.column}
    if loc.exact and loc.end_line is not None and loc.end_column is not None:
        region["endLine"] = loc.end_line
        region["endColumn"] = loc.end_column
    if snippet:
        region["snippet"] = {"text": snippet}
    return {"artifactLocation": {"uri": artifact_uri(loc.path)}, "region": region}


def _logical(result: SegmentResult) -> dict[str, Any]:
    seg = result.segment
    name = f"{seg.doc}/{seg.id}" if seg.doc else seg.id
    return {"name": seg.id, "fullyQualifiedName": name, "kind": "segment"}


def _related(result: SegmentResult, finding: Finding, span: Span) -> dict[str, Any] | None:
    shadow = Finding(finding.code, finding.check, finding.category, finding.severity, finding.message, span)
    loc = locate(result, shadow)
    if loc is None:
        return None
    return {
        "id": 1,
        "physicalLocation": _physical(loc, span.text_in(result.segment)),
        "message": {"text": f"the matching text in {span.field}"},
    }


def _result(result: SegmentResult, finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    seg = result.segment
    flagged = finding.span.text_in(seg)
    out: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVEL[finding.severity],
        "message": {"text": f"{finding.message} (segment {seg.id}: “{flagged}”)" if flagged else finding.message},
        "partialFingerprints": {"mtcheckFinding/v1": fingerprint(result, finding)},
        "properties": {
            "severity": str(finding.severity),
            "category": str(finding.category),
            "check": finding.check,
            "segment": seg.id,
            "field": finding.span.field,
            "start": finding.span.start,
            "end": finding.span.end,
            "text": flagged,
        },
    }
    if finding.code in rule_index:
        out["ruleIndex"] = rule_index[finding.code]
    if seg.doc is not None:
        out["properties"]["doc"] = seg.doc
    if finding.suggestion is not None:
        out["properties"]["suggestion"] = finding.suggestion
    location: dict[str, Any] = {"logicalLocations": [_logical(result)]}
    loc = locate(result, finding)
    if loc is not None:
        location["physicalLocation"] = _physical(loc, flagged)
    out["locations"] = [location]
    if finding.related is not None and (related := _related(result, finding, finding.related)) is not None:
        out["relatedLocations"] = [related]
    return out


def sarif_log(report: Report) -> dict[str, Any]:
    run = report.run
    rules = [_rule(spec) for spec in run.checks]
    # Findings of a check not in run.checks (a scorer's) still get a rule of their own.
    known = {r["id"] for r in rules}
    for _, f in run.findings():
        if f.code not in known:
            known.add(f.code)
            rules.append({"id": f.code, "name": f.check, "shortDescription": {"text": f.check}})
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    notes = []
    summary = report.summary()
    for entry in summary["skipped"] + summary["not_run"]:
        note: dict[str, Any] = {
            "level": "note",
            "message": {"text": f"{entry['code']} could not run on {entry['segments']} segment(s): {entry['reason']}"},
        }
        if entry["code"] in rule_index:
            note["associatedRule"] = {"id": entry["code"], "index": rule_index[entry["code"]]}
        notes.append(note)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    properties: dict[str, Any] = {"signature": run.signature, "settings": report.settings, "summary": summary}
    if run.corpus:
        properties["corpus"] = run.corpus
    if report.thresholds:
        properties["thresholds"] = report.thresholds
    if report.baseline is not None:
        properties["baseline"] = report.baseline
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mtcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [_result(r, f, rule_index) for r, f in run.findings()],
                "properties": properties,
            }
        ],
    }


@writer("sarif")
def write_sarif(report: Report, stream: IO[str]) -> None:
    json.dump(sarif_log(report), stream, ensure_ascii=False, indent=2, default=str)
    stream.write("\n")
