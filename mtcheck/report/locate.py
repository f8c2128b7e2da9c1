"""Where a finding is in the original input file, for formats that point into files."""

from __future__ import annotations

from dataclasses import dataclass

from mtcheck.records import Finding, SegmentResult


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None  # the column just after the span
    # False when only the line is known (JSON-escaped or quoted CSV text).
    exact: bool = True


def locate(result: SegmentResult, finding: Finding) -> Location | None:
    """The span of ``finding`` in its input file; ``None`` when the segment has no origin."""
    seg = result.segment
    field = finding.span.field
    origin = seg.origins.get(field)
    if origin is None:
        # A span on a side read from no file (or a record without origins) is
        # pointed at through the MT's line, the best place a reader can go.
        origin = seg.origins.get("mt")
        if origin is None:
            return None
        return Location(origin.path, origin.line, origin.column, exact=False)
    text = seg.text(field) or ""
    if not origin.exact:
        return Location(origin.path, origin.line, origin.column, exact=False)
    line, column = origin.locate(text, finding.span.start)
    end_line, end_column = origin.locate(text, max(finding.span.end, finding.span.start))
    return Location(origin.path, line, column, end_line, end_column, exact=True)
