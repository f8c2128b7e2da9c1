"""CSV: one row per finding, for spreadsheets and ad-hoc analysis.

Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or CR) get a leading apostrophe, the usual defence against CSV
formula injection; everything else is written as it is, quoted by the csv module.
"""

from __future__ import annotations

import csv
from typing import IO, Any

from mtcheck.baseline import fingerprint
from mtcheck.report import Report, writer
from mtcheck.report.locate import locate

COLUMNS = (
    "doc", "segment", "file", "line", "column", "code", "check", "category", "severity", "message",
    "field", "start", "end", "text", "suggestion", "mt", "src", "ref", "fingerprint",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@writer("csv")
def write_csv(report: Report, stream: IO[str]) -> None:
    out = csv.writer(stream, lineterminator="\n")
    out.writerow(COLUMNS)
    for result, f in report.run.findings():
        seg = result.segment
        loc = locate(result, f)
        row = {
            "doc": seg.doc or "",
            "segment": seg.id,
            "file": loc.path if loc else "",
            "line": loc.line if loc else "",
            "column": loc.column if loc and loc.exact else "",
            "code": f.code,
            "check": f.check,
            "category": str(f.category),
            "severity": str(f.severity),
            "message": f.message,
            "field": f.span.field,
            "start": f.span.start,
            "end": f.span.end,
            "text": f.span.text_in(seg),
            "suggestion": f.suggestion or "",
            "mt": seg.mt,
            "src": seg.src or "",
            "ref": seg.ref or "",
            "fingerprint": fingerprint(result, f),
        }
        out.writerow([safe_cell(row[c]) for c in COLUMNS])
