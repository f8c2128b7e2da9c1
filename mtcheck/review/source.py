"""What a review is about: the input's segments and findings, from a fresh check or a saved JSON report.

A review needs three things from its input: the checked segments (to show), a
digest of the segments (so that a review file is never applied to another input),
and how to read the original file again (so that corrections can be written back
in its own format). A saved report carries the segments and findings; the
original file is found again through the segments' origins.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, Sequence

from mtcheck.api import check_segments
from mtcheck.errors import InputError
from mtcheck.inputs import InputSpec, load_segments
from mtcheck.readers.tabular import guess_format
from mtcheck.records import TEXT_FIELDS, Category, Finding, Origin, Segment, SegmentResult, Severity, Span
from mtcheck.settings import Settings

Kind = Literal["table", "lines", "document"]
REVIEW_SUFFIX = ".mtcheck-review.json"


@dataclass
class ReviewSource:
    """The checked input of a review."""

    label: str  # the file the user named (input or report)
    results: list[SegmentResult]
    kind: Kind | None  # the original input's shape; None when a report does not say
    original: InputSpec | None  # how to read the original input again (for export)

    @property
    def segments(self) -> list[Segment]:
        return [r.segment for r in self.results]

    @property
    def digest(self) -> str:
        return segments_digest(self.segments)

    def default_review_path(self) -> str:
        return self.label + REVIEW_SUFFIX


def segment_key(segment: Segment) -> str:
    """A segment's identity within one input (ids are unique per document)."""
    return segment.id if segment.doc is None else f"{segment.doc}#{segment.id}"


def segments_digest(segments: Sequence[Segment]) -> str:
    """A digest of the texts a review is about; ids and sides included, file names not."""
    rows = [[s.doc, s.id, *(s.text(name) for name in TEXT_FIELDS)] for s in segments]
    payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def is_report_path(path: str | None) -> bool:
    return bool(path) and Path(path).suffix.lower() == ".json"  # type: ignore[arg-type]


def spec_kind(spec: InputSpec) -> Kind:
    if spec.doc:
        return "document"
    return "table" if spec.path else "lines"


def default_review_path(spec: InputSpec) -> str:
    """``INPUT.mtcheck-review.json`` beside the input (or the report) the user named."""
    return spec.primary + REVIEW_SUFFIX


def read_segments(spec: InputSpec, models: bool = True) -> list[Segment]:
    """The input's segments, read the way a check run reads them.

    ``models`` matters for documents paired with other sides (the pairing may use
    an embedding model), so a review and its export must read alike.
    """
    return load_segments(spec, models=models)


def open_source(spec: InputSpec, settings: Settings | None = None, check: bool = True) -> ReviewSource:
    """Read an input (checking it when ``check``) or a saved JSON report."""
    settings = settings or Settings()
    if is_report_path(spec.path):
        others = [p for p in (spec.mt, spec.src, spec.ref, spec.back) if p]
        if others or spec.doc:
            raise InputError(spec.path, "a saved JSON report carries its own inputs; give it alone, without --mt/--src/--ref/--back/--doc")
        return load_report(spec.path, encoding=spec.encoding)  # type: ignore[arg-type]
    segments = read_segments(spec, settings.models)
    if check:
        results = check_segments(segments, settings).results
    else:
        results = [SegmentResult(segment=s) for s in segments]
    return ReviewSource(label=spec.primary, results=results, kind=spec_kind(spec), original=spec)


# -- saved JSON reports --------------------------------------------------------


def load_report(path: str, encoding: str | None = None) -> ReviewSource:
    p = Path(path)
    if not p.is_file():
        raise InputError(path, "no such file")
    try:
        doc = json.loads(p.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(path, "a JSON report must be UTF-8") from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON ({exc.msg})", line=exc.lineno) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("tool"), dict) or doc["tool"].get("name") != "mtcheck":
        raise InputError(path, "not an mtcheck JSON report (made by `mtcheck check --format json`)")
    records = doc.get("segments")
    if not isinstance(records, list):
        raise InputError(path, "the report has no list of segments")
    results = [_result_from_record(rec, path, i + 1) for i, rec in enumerate(records)]
    if not results:
        raise InputError(path, "the report has no segments")
    kind, original = _original_input(results, encoding)
    return ReviewSource(label=path, results=results, kind=kind, original=original)


def _result_from_record(rec: Any, path: str, n: int) -> SegmentResult:
    def bad(problem: str) -> InputError:
        return InputError(path, f"segment {n}: {problem}")

    if not isinstance(rec, dict):
        raise bad("not a JSON object")
    if not isinstance(rec.get("id"), str) or not isinstance(rec.get("mt"), str):
        raise bad("needs string 'id' and 'mt'")
    texts: dict[str, str | None] = {}
    for name in TEXT_FIELDS:
        value = rec.get(name)
        if value is not None and not isinstance(value, str):
            raise bad(f"field {name!r} must be a string")
        texts[name] = value
    origins: dict[str, Origin] = {}
    raw_origins = rec.get("origin") or {}
    if not isinstance(raw_origins, dict):
        raise bad("'origin' must be an object")
    for name, o in raw_origins.items():
        if name in TEXT_FIELDS and isinstance(o, dict) and isinstance(o.get("path"), str):
            line, column = o.get("line", 1), o.get("column", 1)
            if not (isinstance(line, int) and isinstance(column, int) and line >= 1 and column >= 1):
                raise bad(f"origin of {name!r} has a bad line or column")
            origins[name] = Origin(o["path"], line, column, exact=False)
    doc = rec.get("doc")
    segment = Segment(
        id=rec["id"],
        mt=texts["mt"] or "",
        src=texts["src"],
        ref=texts["ref"],
        back=texts["back"],
        extra_refs=tuple(str(r) for r in rec.get("extra_refs") or ()),
        doc=doc if isinstance(doc, str) else None,
        origins=origins,
    )
    findings = rec.get("findings") or []
    if not isinstance(findings, list):
        raise bad("'findings' must be a list")
    result = SegmentResult(segment=segment)
    for raw in findings:
        try:
            result.findings.append(_finding_from_dict(raw, segment))
        except (KeyError, TypeError, ValueError) as exc:
            raise bad(f"a finding is malformed ({exc})") from None
    scores = rec.get("scores")
    if isinstance(scores, dict):
        result.scores = {k: v for k, v in scores.items() if isinstance(v, (int, float))}
    return result


def _span(raw: Any, segment: Segment) -> Span:
    span = Span(str(raw["field"]), int(raw["start"]), int(raw["end"]))
    if span.end > len(segment.text(span.field) or ""):
        raise ValueError(f"span {span.start}..{span.end} runs past the end of {span.field!r}")
    return span


def _finding_from_dict(raw: Any, segment: Segment) -> Finding:
    if not isinstance(raw, dict):
        raise TypeError("not an object")
    return Finding(
        code=str(raw["code"]),
        check=str(raw.get("check", "")),
        category=Category(raw["category"]),
        severity=Severity.parse(str(raw["severity"])),
        message=str(raw.get("message", "")),
        span=_span(raw["span"], segment),
        related=_span(raw["related"], segment) if raw.get("related") else None,
        suggestion=str(raw["suggestion"]) if raw.get("suggestion") is not None else None,
    )


def _original_input(results: list[SegmentResult], encoding: str | None) -> tuple[Kind | None, InputSpec | None]:
    """Where a report's segments came from, read off their origins."""
    first = results[0].segment
    mt_origin = first.origins.get("mt")
    if mt_origin is None:
        return None, None
    path = mt_origin.path
    if guess_format(path) is not None or _translation_file(path):
        return "table", InputSpec(path=path, encoding=encoding)
    sides = {name: o.path for name, o in first.origins.items() if name != "mt"}
    if first.doc is not None:
        return "document", InputSpec(path=path, doc=True, encoding=encoding, **sides)
    return "lines", InputSpec(mt=path, encoding=encoding, **sides)


def _translation_file(path: str) -> bool:
    """XLIFF, TMX, PO or a feed (when this mtcheck can read them)."""
    try:
        from mtcheck.readers.translation_formats import guess_format as guess_translation_format
    except ImportError:
        return False
    return Path(path).is_file() and guess_translation_format(path) is not None


def with_mt(segment: Segment, mt: str) -> Segment:
    return replace(segment, mt=mt)
