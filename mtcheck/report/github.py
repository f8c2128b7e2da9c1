"""GitHub Actions workflow commands: findings as annotations on the input files.

Each finding is one ``::error``/``::warning``/``::notice`` line; every value is
escaped the way the Actions runner unescapes it (``%``, CR, LF, and in
properties ``:`` and ``,``), so text from the input can never end the line and
start a command of its own.
"""

from __future__ import annotations

from typing import IO

from mtcheck.records import Severity
from mtcheck.report import Report, writer
from mtcheck.report.locate import locate

COMMAND = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: object) -> str:
    parts = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{name}{' ' + parts if parts else ''}::{escape_data(message)}"


@writer("github")
def write_github(report: Report, stream: IO[str]) -> None:
    for result, finding in report.run.findings():
        seg = result.segment
        loc = locate(result, finding)
        props: dict[str, object] = {}
        if loc is not None:
            props["file"] = loc.path
            props["line"] = loc.line
            if loc.exact and loc.end_line is not None:
                props["endLine"] = loc.end_line
                # Columns are only shown by GitHub for a span on one line.
                if loc.end_line == loc.line:
                    props["col"] = loc.column
                    props["endColumn"] = loc.end_column
        props["title"] = f"{finding.code} {finding.check} ({finding.severity})"
        flagged = finding.span.text_in(seg)
        message = f"[{seg.id}] {finding.message}" + (f": “{flagged}”" if flagged else "")
        stream.write(command(COMMAND[finding.severity], message, **props) + "\n")
    for outcome in report.thresholds:
        if not outcome["passed"]:
            message = f"threshold {outcome['threshold']} failed: measured {outcome['value']:.4g}"
            if outcome.get("failing"):
                message += f" ({len(outcome['failing'])} segment(s) miss it)"
            stream.write(command("error", message, title="mtcheck threshold") + "\n")
    if report.baseline is not None:
        for entry in report.baseline.get("stale", []):
            message = f"stale baseline entry {entry['code']} [{entry.get('id', '')}] “{entry.get('text', '')}”: no longer found"
            stream.write(command("notice", message, file=report.baseline.get("path"), title="mtcheck baseline") + "\n")
