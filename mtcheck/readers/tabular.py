"""JSONL, TSV and CSV files with one segment per record."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from mtcheck.errors import InputError
from mtcheck.readers.decode import read_text
from mtcheck.readers.fields import MAX_SEGMENT_CHARS, build_segment
from mtcheck.records import TEXT_FIELDS, Origin, Segment

FORMATS = ("jsonl", "tsv", "csv")


def guess_format(path: str) -> str | None:
    suffix = Path(path).suffix.lower()
    return {".jsonl": "jsonl", ".ndjson": "jsonl", ".tsv": "tsv", ".tab": "tsv", ".csv": "csv"}.get(suffix)


def read_table(
    path: str, fmt: str | None = None, encoding: str | None = None, max_chars: int = MAX_SEGMENT_CHARS
) -> list[Segment]:
    """Read every segment of a JSONL, TSV or CSV file (format from the extension)."""
    fmt = fmt or guess_format(path)
    if fmt not in FORMATS:
        raise InputError(path, "unknown input format: use a .jsonl, .tsv or .csv file, or --doc for plain text")
    text = read_text(path, encoding)
    if fmt == "jsonl":
        segments = _read_jsonl(text, path, max_chars)
    else:
        segments = _read_delimited(text, path, "\t" if fmt == "tsv" else ",", max_chars)
    if not segments:
        raise InputError(path, "no segments in the file (empty input)")
    _check_unique_ids(segments, path)
    return segments


def _read_jsonl(text: str, path: str, max_chars: int) -> list[Segment]:
    segments = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not valid JSON ({exc.msg} at column {exc.colno})", line=number) from None
        if not isinstance(record, dict):
            raise InputError(path, f"expected a JSON object, found {type(record).__name__}", line=number)
        origins = {
            name: Origin(path, number, 1, exact=False) for name in TEXT_FIELDS if isinstance(record.get(name), str)
        }
        segments.append(
            build_segment(record, path=path, line=number, default_id=str(number), origins=origins, max_chars=max_chars)
        )
    return segments


def _read_delimited(text: str, path: str, delimiter: str, max_chars: int) -> list[Segment]:
    lines = text.split("\n")
    if delimiter == "\t":
        # TSV: no quoting at all, so quotes inside MT text stay as they are and
        # character offsets map straight onto the file.
        rows = ((n, line.split("\t"), True) for n, line in enumerate(lines, 1) if line.strip())
    else:
        rows = _csv_rows(text, path)
    header: list[str] | None = None
    header_line = 0
    segments: list[Segment] = []
    for number, cells, exact in rows:
        if header is None:
            header = [c.strip().lstrip("\ufeff").lower() for c in cells]
            header_line = number
            if "mt" not in header:
                raise InputError(path, f"header has no 'mt' column (found: {', '.join(header)})", line=number)
            dupes = {c for c in header if header.count(c) > 1}
            if dupes:
                raise InputError(path, f"header repeats column(s) {', '.join(sorted(dupes))}", line=number)
            continue
        if len(cells) != len(header):
            raise InputError(
                path, f"row has {len(cells)} columns, the header has {len(header)}", line=number
            )
        values = dict(zip(header, cells))
        origins = {}
        column = 1
        for name, cell in zip(header, cells):
            if name in TEXT_FIELDS:
                origins[name] = Origin(path, number, column, exact=exact)
            column += len(cell) + 1
        segments.append(
            build_segment(
                values, path=path, line=number, default_id=str(number - header_line), origins=origins, max_chars=max_chars
            )
        )
    return segments


def _csv_rows(text: str, path: str):  # type: ignore[no-untyped-def]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        start_line = 1
        for cells in reader:
            if any(c.strip() for c in cells):
                # Quoted cells may hold newlines or escaped quotes: columns are then approximate.
                yield start_line, cells, False
            start_line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}", line=reader.line_num) from None


def _check_unique_ids(segments: list[Segment], path: str) -> None:
    seen: set[tuple[str | None, str]] = set()
    for seg in segments:
        key = (seg.doc, seg.id)
        if key in seen:
            line = next(iter(seg.origins.values())).line if seg.origins else None
            raise InputError(path, f"segment id {seg.id!r} appears twice", line=line)
        seen.add(key)
