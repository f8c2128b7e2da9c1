"""Turning a row of named values into a Segment: the rules every tabular reader shares."""

from __future__ import annotations

import re
from typing import Any, Mapping

from mtcheck.errors import InputError
from mtcheck.records import TEXT_FIELDS, Origin, Segment

MAX_SEGMENT_CHARS = 100_000
EXTRA_REF_RE = re.compile(r"^ref(?:[_-]?\w+|\d+)$", re.IGNORECASE)


def extra_ref_columns(columns: list[str]) -> list[str]:
    return [c for c in columns if c != "ref" and EXTRA_REF_RE.match(c)]


def build_segment(
    values: Mapping[str, Any],
    *,
    path: str,
    line: int,
    default_id: str,
    origins: Mapping[str, Origin] | None = None,
    max_chars: int = MAX_SEGMENT_CHARS,
) -> Segment:
    """Validate one row and make a Segment of it."""
    if "mt" not in values or values["mt"] is None:
        raise InputError(path, "record has no 'mt' field", line=line)
    texts: dict[str, str | None] = {}
    for name in TEXT_FIELDS:
        value = values.get(name)
        if value is None:
            texts[name] = None
            continue
        if not isinstance(value, str):
            raise InputError(path, f"field {name!r} must be a string, not {type(value).__name__}", line=line)
        if len(value) > max_chars:
            raise InputError(
                path,
                f"field {name!r} is {len(value):,} characters, over the limit of {max_chars:,} per segment "
                "(split the text, or use --doc for whole documents)",
                line=line,
            )
        texts[name] = value
    extra = tuple(
        str(values[c]) for c in extra_ref_columns(list(values)) if values[c] not in (None, "")
    )
    raw_id = values.get("id")
    seg_id = default_id if raw_id in (None, "") else str(raw_id)
    ignore_raw = values.get("ignore") or ""
    if not isinstance(ignore_raw, (str, list)):
        raise InputError(path, "field 'ignore' must be a string of codes or a list", line=line)
    ignore = tuple(ignore_raw if isinstance(ignore_raw, list) else re.split(r"[\s,;]+", ignore_raw.strip()))
    doc = values.get("doc")
    return Segment(
        id=seg_id,
        mt=texts["mt"] or "",
        src=texts["src"],
        ref=texts["ref"],
        back=texts["back"],
        extra_refs=extra,
        ignore=tuple(i for i in ignore if i),
        doc=None if doc in (None, "") else str(doc),
        origins=dict(origins or {}),
    )
