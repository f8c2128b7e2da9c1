"""JUnit XML: one test case per segment, the shape every CI test viewer reads.

A segment fails when it has a finding at or above ``--fail-on`` (so the test
viewer agrees with the exit code); lower findings are listed in its
``system-out``. Each document (or input) is a test suite; thresholds, when
configured, are a suite of their own with one case each.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import IO, Any

from mtcheck.records import SegmentResult, Severity
from mtcheck.report import Report, writer
from mtcheck.report.locate import locate

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _fail_on(report: Report) -> Severity | None:
    value = str(report.settings.get("fail_on", "major"))
    if value == "never":
        return None
    try:
        return Severity.parse(value)
    except ValueError:
        return Severity.MAJOR


def _finding_lines(result: SegmentResult) -> list[str]:
    seg = result.segment
    lines = []
    for f in result.findings:
        loc = locate(result, f)
        where = f"{loc.path}:{loc.line}:{loc.column} " if loc else ""
        lines.append(f"{where}{f.code} {f.severity} {f.category} “{f.span.text_in(seg)}”: {f.message}")
    return lines


def _testcase(parent: ET.Element, result: SegmentResult, suite: str, fail_on: Severity | None) -> bool:
    seg = result.segment
    case = ET.SubElement(parent, "testcase", classname=xml_text(suite), name=xml_text(seg.id), time="0")
    origin = seg.origins.get("mt")
    if origin is not None:
        case.set("file", xml_text(origin.path))
        case.set("line", str(origin.line))
    failing = [f for f in result.findings if fail_on is not None and f.severity >= fail_on]
    lines = _finding_lines(result)
    if failing:
        worst = max(failing, key=lambda f: f.severity)
        failure = ET.SubElement(
            case,
            "failure",
            type=worst.code,
            message=xml_text(f"{len(failing)} finding(s) at or above {fail_on}: {worst.code} {worst.message}"),
        )
        failure.text = xml_text("\n".join(["MT: " + seg.mt, *lines]))
    elif lines:
        out = ET.SubElement(case, "system-out")
        out.text = xml_text("\n".join(lines))
    return bool(failing)


def junit_tree(report: Report) -> ET.Element:
    fail_on = _fail_on(report)
    root = ET.Element("testsuites", name="mtcheck")
    total = failures = 0
    primary = report.inputs[0] if report.inputs else "input"
    for doc, group in groupby(report.run.results, key=lambda r: r.segment.doc):
        results = list(group)
        name = doc if doc is not None else primary
        suite = ET.SubElement(root, "testsuite", name=xml_text(name), errors="0", skipped="0", time="0")
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="signature", value=xml_text(report.run.signature))
        failed = sum(_testcase(suite, r, f"mtcheck.{name}", fail_on) for r in results)
        suite.set("tests", str(len(results)))
        suite.set("failures", str(failed))
        total += len(results)
        failures += failed
    if report.thresholds:
        suite = ET.SubElement(root, "testsuite", name="thresholds", errors="0", skipped="0", time="0")
        failed = 0
        for outcome in report.thresholds:
            case = ET.SubElement(suite, "testcase", classname="mtcheck.thresholds", name=xml_text(outcome["threshold"]), time="0")
            if not outcome["passed"]:
                failed += 1
                ET.SubElement(case, "failure", type="threshold", message=xml_text(_threshold_message(outcome)))
        suite.set("tests", str(len(report.thresholds)))
        suite.set("failures", str(failed))
        total += len(report.thresholds)
        failures += failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    return root


def _threshold_message(outcome: dict[str, Any]) -> str:
    text = f"{outcome['threshold']}: measured {outcome['value']:.4g}"
    if outcome.get("failing"):
        text += f"; failing segments: {', '.join(outcome['failing'][:50])}"
    return text


@writer("junit")
def write_junit(report: Report, stream: IO[str]) -> None:
    root = junit_tree(report)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
