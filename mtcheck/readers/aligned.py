"""Line-aligned plain-text files: line N of each file is one segment."""

from __future__ import annotations

from mtcheck.errors import InputError
from mtcheck.readers.decode import read_text
from mtcheck.readers.fields import MAX_SEGMENT_CHARS, build_segment
from mtcheck.records import Origin, Segment


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_aligned(
    files: dict[str, str],
    encoding: str | None = None,
    max_chars: int = MAX_SEGMENT_CHARS,
) -> list[Segment]:
    """``files`` maps a field name (``mt``, ``src``, ``ref``, ``back``) to a path."""
    if "mt" not in files:
        raise InputError(None, "line-aligned input needs --mt FILE")
    columns = {name: _lines(read_text(path, encoding)) for name, path in files.items()}
    mt_path = files["mt"]
    n = len(columns["mt"])
    for name, lines in columns.items():
        if len(lines) != n:
            raise InputError(
                files[name],
                f"has {len(lines)} lines but {mt_path} (--mt) has {n}; line-aligned files must match "
                "(use --doc for documents that are not aligned)",
                line=min(len(lines), n) + 1,
            )
    if n == 0 or not any(line.strip() for line in columns["mt"]):
        raise InputError(mt_path, "no segments in the file (empty input)")
    segments = []
    for i in range(n):
        values = {name: lines[i] for name, lines in columns.items()}
        origins = {name: Origin(files[name], i + 1, 1) for name in columns}
        segments.append(
            build_segment(values, path=mt_path, line=i + 1, default_id=str(i + 1), origins=origins, max_chars=max_chars)
        )
    return segments
