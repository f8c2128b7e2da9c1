"""What a review produces: the corrected input, in its own format, and a baseline of dismissed findings.

The corrected file is the original with only the MT of corrected segments
replaced: JSONL records keep their other keys, TSV/CSV rows their other
columns, line-aligned MT files their line count, and documents (``--doc``) their
text around the corrected sentences. The baseline is in the format of
:mod:`mtcheck.baseline`, so ``mtcheck check --baseline`` stops failing on
findings the editors dismissed.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from mtcheck.baseline import Baseline, BaselineEntry
from mtcheck.errors import InputError
from mtcheck.inputs import InputSpec
from mtcheck.readers.decode import read_text
from mtcheck.readers.tabular import guess_format
from mtcheck.records import Segment
from mtcheck.review.source import ReviewSource, read_segments, segment_key, segments_digest
from mtcheck.review.store import ReviewFile


@dataclass
class Export:
    corrected_text: str
    corrected: int  # segments whose MT was replaced
    segments: int
    baseline: Baseline
    original_path: str  # the MT file the corrected text stands in for
    converted_to: str | None = None  # set when the input's own format could not be written back

    def default_paths(self) -> tuple[str, str]:
        """``feed.jsonl`` -> ``feed.corrected.jsonl`` and ``feed.baseline.json``, beside the input."""
        p = Path(self.original_path)
        suffix = f".{self.converted_to}" if self.converted_to else p.suffix
        return str(p.with_name(f"{p.stem}.corrected{suffix}")), str(p.with_name(f"{p.stem}.baseline.json"))


def original_segments(source: ReviewSource, review: ReviewFile) -> tuple[InputSpec, list[Segment]]:
    """Read the reviewed input again and make sure it is still what was reviewed."""
    spec = source.original
    if spec is None or source.kind is None:
        raise InputError(source.label, "the report does not say which file its segments came from; export from the original input with --review-file")
    segments = read_segments(spec, review.models)
    if segments_digest(segments) != review.digest:
        raise InputError(
            spec.primary,
            f"differs from the input reviewed in {review.path} (its segments changed since); "
            "export needs the file exactly as it was reviewed",
        )
    return spec, segments


def build_export(source: ReviewSource, review: ReviewFile) -> Export:
    spec, segments = original_segments(source, review)
    corrections = {key: c.mt for key, c in review.corrections.items() if c.mt is not None}
    changed = [(seg, corrections[segment_key(seg)]) for seg in segments if segment_key(seg) in corrections]
    path = spec.path or spec.mt or ""
    baseline = dismissed_baseline(review, segments)
    fmt = spec.format or guess_format(path)
    if source.kind == "table" and fmt not in ("jsonl", "tsv", "csv"):
        # XLIFF, TMX, PO, feeds: no writer of those here; the corrections come out as JSONL.
        return Export(_as_jsonl(segments, corrections), len(changed), len(segments), baseline, path, "jsonl")
    text = read_text(path, spec.encoding)
    if source.kind == "document":
        out = _document(text, path, changed)
    elif source.kind == "lines":
        out = _lines(text, changed)
    elif fmt == "jsonl":
        out = _jsonl(text, changed)
    elif fmt == "tsv":
        out = _tsv(text, changed)
    else:
        out = _csv(text, segments, corrections)
    return Export(out, len(changed), len(segments), baseline, path)


def dismissed_baseline(review: ReviewFile, segments: list[Segment]) -> Baseline:
    by_key = {segment_key(s): (i, s) for i, s in enumerate(segments)}
    entries = []
    for fp, d in review.dismissed().items():
        index, seg = by_key.get(d.segment, (len(segments), None))
        reason = f"dismissed in review by {d.reviewer or 'an editor'} {d.time[:10]}".rstrip()
        if d.note:
            reason += f": {d.note}"
        entry = BaselineEntry(
            fingerprint=fp, code=d.code, id=seg.id if seg else d.segment, text=d.text, mt=seg.mt if seg else "", reason=reason
        )
        entries.append((index, d.code, fp, entry))
    return Baseline([e for *_, e in sorted(entries, key=lambda t: t[:3])])


# -- one function per input shape -------------------------------------------


def _mt_line(seg: Segment) -> int:
    origin = seg.origins.get("mt")
    if origin is None:
        raise InputError(None, f"segment {seg.id!r} has no position in its file")
    return origin.line


def _jsonl(text: str, changed: list[tuple[Segment, str]]) -> str:
    lines = text.split("\n")
    for seg, mt in changed:
        n = _mt_line(seg)
        record = json.loads(lines[n - 1])
        record["mt"] = mt
        lines[n - 1] = json.dumps(record, ensure_ascii=False)
    return "\n".join(lines)


def _tsv(text: str, changed: list[tuple[Segment, str]]) -> str:
    lines = text.split("\n")
    header_line = next(i for i, line in enumerate(lines) if line.strip())
    header = [c.strip().lstrip("\ufeff").lower() for c in lines[header_line].split("\t")]
    column = header.index("mt")
    for seg, mt in changed:
        n = _mt_line(seg)
        cells = lines[n - 1].split("\t")
        cells[column] = mt
        lines[n - 1] = "\t".join(cells)
    return "\n".join(lines)


def _csv(text: str, segments: list[Segment], corrections: dict[str, str]) -> str:
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    data = [i for i, row in enumerate(rows) if any(c.strip() for c in row)]
    header_row, records = data[0], data[1:]
    column = [c.strip().lstrip("\ufeff").lower() for c in rows[header_row]].index("mt")
    # The reader makes one segment of each non-blank row, in order.
    for row_index, seg in zip(records, segments):
        if (mt := corrections.get(segment_key(seg))) is not None:
            rows[row_index][column] = mt
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _as_jsonl(segments: list[Segment], corrections: dict[str, str]) -> str:
    rows = []
    for seg in segments:
        row: dict[str, str] = {"id": seg.id}
        if seg.doc is not None:
            row["doc"] = seg.doc
        row.update(seg.fields())
        row["mt"] = corrections.get(segment_key(seg), seg.mt)
        rows.append(json.dumps(row, ensure_ascii=False) + "\n")
    return "".join(rows)


def _lines(text: str, changed: list[tuple[Segment, str]]) -> str:
    lines = text.split("\n")
    for seg, mt in changed:
        lines[_mt_line(seg) - 1] = mt
    return "\n".join(lines)


def _document(text: str, path: str, changed: list[tuple[Segment, str]]) -> str:
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    edits = []
    for seg, mt in changed:
        origin = seg.origins.get("mt")
        if origin is None:
            raise InputError(path, f"sentence {seg.id!r} has no position in the document")
        offset = starts[origin.line - 1] + origin.column - 1
        if text[offset : offset + len(seg.mt)] != seg.mt:
            raise InputError(path, f"sentence {seg.id!r} is not where the review found it", line=origin.line)
        edits.append((offset, seg.mt, mt))
    # From the end backwards, so earlier offsets stay valid.
    for offset, old, new in sorted(edits, reverse=True):
        text = text[:offset] + new + text[offset + len(old) :]
    return text
